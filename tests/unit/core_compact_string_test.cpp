// ShortString and CompactUid: what goes in comes back out, whatever its length or form.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/compact_string.h"

using perfscale::CompactUid;
using perfscale::ShortString;

TEST_CASE("short string: 24 bytes, any length round-trips, copies and moves keep the text") {
  STATIC_REQUIRE(sizeof(ShortString) == 24);
  for (const size_t length : {0, 1, 15, 16, 22, 23, 24, 63, 253}) {
    std::string text;
    for (size_t i = 0; i < length; ++i)
      text.push_back(static_cast<char>('a' + i % 26));
    ShortString s(text);
    CHECK(s.view() == text);
    CHECK(s.empty() == text.empty());
    ShortString copy(s);
    CHECK(copy.str() == text);
    ShortString moved(std::move(copy));
    CHECK(moved.view() == text);
    CHECK(copy.empty());  // NOLINT(bugprone-use-after-move): a moved-from string is empty
    ShortString assigned("x");
    assigned = moved;
    CHECK(assigned.view() == text);
    assigned = std::string_view("vmi-1a2b3c4d-1-12345");
    CHECK(assigned.view() == "vmi-1a2b3c4d-1-12345");
    assigned = ShortString(std::string(40, 'z'));
    CHECK(assigned.view() == std::string(40, 'z'));
  }
  // Embedded NULs are text like any other.
  const std::string withNul("a\0b", 3);
  CHECK(ShortString(withNul).view() == withNul);
}

TEST_CASE("short string: orders and hashes as its text does") {
  std::map<ShortString, int> ordered;
  ordered[ShortString("vmi-10")] = 10;
  ordered[ShortString("vmi-2")] = 2;
  ordered[ShortString(std::string(30, 'a'))] = 30;
  REQUIRE(ordered.size() == 3);
  CHECK(ordered.begin()->first.view() == std::string(30, 'a'));
  CHECK(std::next(ordered.begin())->second == 10);
  std::unordered_set<ShortString> set{ShortString("a"), ShortString("a"),
                                      ShortString(std::string(30, 'b'))};
  CHECK(set.size() == 2);
  CHECK(set.count(ShortString(std::string(30, 'b'))) == 1);
}

TEST_CASE("compact uid: a canonical uuid packs into 16 bytes and prints back the same") {
  STATIC_REQUIRE(sizeof(CompactUid) == 24);
  const std::string uuid = "0f8e4c2a-9b1d-4e6f-a3c5-7d9e1b2f4a60";
  CompactUid uid(uuid);
  CHECK_FALSE(uid.empty());
  CHECK(uid.str() == uuid);
  CHECK(uid == uuid);
  CHECK(uid != "0f8e4c2a-9b1d-4e6f-a3c5-7d9e1b2f4a61");
  CHECK(uid == CompactUid(uuid));
  CompactUid copy = uid;
  CHECK(copy.str() == uuid);
}

TEST_CASE("compact uid: empty, uppercase, nil and free-form uids keep their exact text") {
  CompactUid none;
  CHECK(none.empty());
  CHECK(none.str().empty());
  CHECK(none == "");
  CHECK(none != "0f8e4c2a-9b1d-4e6f-a3c5-7d9e1b2f4a60");
  for (const std::string& text : std::vector<std::string>{
           "0F8E4C2A-9B1D-4E6F-A3C5-7D9E1B2F4A60", "00000000-0000-0000-0000-000000000000", "uid-1",
           "0f8e4c2a_9b1d-4e6f-a3c5-7d9e1b2f4a60", "0f8e4c2a-9b1d-4e6f-a3c5-7d9e1b2f4a6g",
           std::string(300, 'u')}) {
    CompactUid uid(text);
    CHECK_FALSE(uid.empty());
    CHECK(uid.str() == text);
    CHECK(uid == text);
    CHECK(uid != "0f8e4c2a-9b1d-4e6f-a3c5-7d9e1b2f4a60");
    CHECK(uid == CompactUid(text));
    CHECK(uid != CompactUid("0f8e4c2a-9b1d-4e6f-a3c5-7d9e1b2f4a60"));
    CompactUid copy;
    copy = uid;
    CHECK(copy.str() == text);
  }
  CompactUid reused("uid-1");
  reused = "0f8e4c2a-9b1d-4e6f-a3c5-7d9e1b2f4a60";
  CHECK(reused.str() == "0f8e4c2a-9b1d-4e6f-a3c5-7d9e1b2f4a60");
  reused = "";
  CHECK(reused.empty());
}
