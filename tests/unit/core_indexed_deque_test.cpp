// The deque of entries found by the key they carry (the phase tracker's VMIs), against std::map.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/compact_string.h"
#include "core/indexed_deque.h"

namespace {

struct Named {
  uint32_t ns = 0;
  perfscale::ShortString name;
  int value = 0;
};

// Every key hashes alike: each lookup walks the whole run of slots, and the tags never tell
// keys apart.
struct CollidingKey {
  using View = std::pair<uint32_t, std::string_view>;
  static View key(const Named& entry) { return {entry.ns, entry.name.view()}; }
  static size_t hash(const View&) { return 42; }
};

template <typename KeyOf>
Named& add(perfscale::IndexedDeque<Named, KeyOf>& entries, uint32_t ns, const std::string& name,
           int value, bool* added = nullptr) {
  return entries.findOrAdd({ns, name}, [&] {
    if (added != nullptr) *added = true;
    return Named{ns, perfscale::ShortString(name), value};
  });
}

}  // namespace

TEST_CASE("indexed deque: finds what a std::map finds, through every growth", "[indexed-deque]") {
  perfscale::IndexedDeque<Named, perfscale::NamespacedNameKey<Named>> entries;
  std::map<std::pair<uint32_t, std::string>, int> reference;
  std::mt19937 random(11);
  std::vector<const Named*> firstSeen;
  for (int i = 0; i < 30'000; ++i) {
    // Names seen again one time in three; two namespaces share each name; some names are
    // longer than the 23 bytes kept inline.
    const int n = i % 3 == 0 ? static_cast<int>(random() % 5000) : i;
    const uint32_t ns = static_cast<uint32_t>(n % 2);
    const std::string name =
        (n % 7 == 0 ? "a-name-longer-than-twenty-three-bytes-" : "vmi-") + std::to_string(n);
    bool added = false;
    Named& entry = add(entries, ns, name, i, &added);
    const bool inserted = reference.emplace(std::make_pair(ns, name), i).second;
    REQUIRE(added == inserted);
    if (added) firstSeen.push_back(&entry);
    CHECK(entry.value == reference[{ns, name}]);  // the first value stays
  }
  REQUIRE(entries.size() == reference.size());
  for (const auto& [key, value] : reference) {
    const Named* found = entries.find({key.first, key.second});
    REQUIRE(found != nullptr);
    CHECK(found->value == value);
  }
  CHECK(entries.find({0, "vmi-30000"}) == nullptr);
  CHECK(entries.find({7, "vmi-1"}) == nullptr);
  // In the order added, and where they were when added: growth never moves an entry.
  REQUIRE(firstSeen.size() == entries.entries().size());
  for (size_t i = 0; i < firstSeen.size(); ++i)
    CHECK(firstSeen[i] == &entries.entries()[i]);
}

TEST_CASE("indexed deque: keys whose hashes all collide are still told apart", "[indexed-deque]") {
  perfscale::IndexedDeque<Named, CollidingKey> entries;
  CHECK(entries.empty());
  CHECK(entries.find({0, "vmi-0"}) == nullptr);
  for (int i = 0; i < 300; ++i)
    add(entries, 0, "vmi-" + std::to_string(i), i);
  add(entries, 1, "vmi-0", 1000);
  CHECK(entries.size() == 301);
  for (int i = 0; i < 300; ++i) {
    const Named* found = entries.find({0, "vmi-" + std::to_string(i)});
    REQUIRE(found != nullptr);
    CHECK(found->value == i);
  }
  CHECK(entries.find({1, "vmi-0"})->value == 1000);
  CHECK(entries.find({1, "vmi-1"}) == nullptr);
}
