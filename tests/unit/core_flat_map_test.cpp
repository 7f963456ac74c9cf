// The one-array hash map of the trace writer's caches, against std::map.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>

#include "core/compact_string.h"
#include "core/flat_map.h"

using perfscale::FlatMap;

TEST_CASE("flat map: holds what a std::map holds, through every growth", "[flat-map]") {
  FlatMap<int64_t, int64_t> flat;
  std::map<int64_t, int64_t> reference;
  std::mt19937_64 random(7);
  // Sequential keys (row ids) and random ones (hashes), some of them again.
  for (int64_t i = 0; i < 20'000; ++i) {
    const int64_t key = i % 3 == 0 ? static_cast<int64_t>(random() % 5000) : i;
    const bool inserted = flat.emplace(key, i);
    CHECK(inserted == reference.emplace(key, i).second);
  }
  REQUIRE(flat.size() == reference.size());
  for (const auto& [key, value] : reference) {
    const int64_t* found = flat.find(key);
    REQUIRE(found != nullptr);
    CHECK(*found == value);  // the first value stays
  }
  CHECK(flat.find(-1) == nullptr);
  CHECK(flat.find(20'000) == nullptr);
}

TEST_CASE("flat map: [] inserts a value-initialized entry or finds it", "[flat-map]") {
  FlatMap<perfscale::ShortString, int> names;
  CHECK(names.empty());
  CHECK(names[perfscale::ShortString("vmi-0")] == 0);
  names[perfscale::ShortString("vmi-0")] = 3;
  names[perfscale::ShortString("a-name-longer-than-twenty-three-bytes-0")] = 4;
  CHECK(names.size() == 2);
  CHECK(*names.find(perfscale::ShortString("vmi-0")) == 3);
  CHECK(*names.find(perfscale::ShortString("a-name-longer-than-twenty-three-bytes-0")) == 4);
  CHECK(names.find(perfscale::ShortString("vmi-1")) == nullptr);
}

TEST_CASE("flat map: clear empties it, and it fills again", "[flat-map]") {
  FlatMap<perfscale::CompactUid, int64_t> uids;
  const auto uid = [](int i) {
    char text[37];
    std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", i);
    return perfscale::CompactUid(text);
  };
  for (int i = 0; i < 1000; ++i)
    uids.emplace(uid(i), i);
  CHECK(uids.size() == 1000);
  uids.clear();
  CHECK(uids.empty());
  CHECK(uids.find(uid(5)) == nullptr);
  uids.emplace(uid(5), 50);
  CHECK(*uids.find(uid(5)) == 50);
  CHECK(uids.size() == 1);
}
