// Entries kept in a deque, in the order added, and found by a key each of them carries through
// one array of 32-bit slots (open addressing, linear probing) and a byte of the key's hash per
// slot. For the state a run keeps of every VMI (100,000 of them in one iteration): a std::map
// spends a 32-byte node header and malloc's overhead per entry, and a FlatMap from the key to
// a position a copy of the key per slot; here an entry costs itself and ~5 bytes per slot.
// Entries never move, so pointers to them stay valid. Inserts and lookups only, no erase.
//
// KeyOf gives an entry's key as a light view and hashes it:
//   struct KeyOf {
//     static View key(const Entry& entry);
//     static size_t hash(const View& key);
//   };
// where View compares with ==.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

namespace perfscale {

template <typename Entry, typename KeyOf>
class IndexedDeque {
 public:
  using View = decltype(KeyOf::key(std::declval<const Entry&>()));

  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

  // The entry of `key`, or nullptr.
  const Entry* find(const View& key) const {
    if (entries_.empty()) return nullptr;
    const uint64_t mixed = mix(key);
    const uint8_t tag = tagOf(mixed);
    for (size_t at = slotOf(mixed); slots_[at] != 0; at = (at + 1) & mask()) {
      if (tags_[at] != tag) continue;
      const Entry& entry = entries_[slots_[at] - 1];
      if (KeyOf::key(entry) == key) return &entry;
    }
    return nullptr;
  }
  Entry* find(const View& key) {
    return const_cast<Entry*>(static_cast<const IndexedDeque*>(this)->find(key));
  }

  // The entry of `key`; when there is none, adds the one make() returns, which must carry
  // `key`. Throws std::length_error past 2^32 - 1 entries.
  template <typename Make>
  Entry& findOrAdd(const View& key, const Make& make) {
    if ((entries_.size() + 1) * 8 > slots_.size() * 7) grow();
    const uint64_t mixed = mix(key);
    const uint8_t tag = tagOf(mixed);
    size_t at = slotOf(mixed);
    for (; slots_[at] != 0; at = (at + 1) & mask()) {
      if (tags_[at] != tag) continue;
      Entry& entry = entries_[slots_[at] - 1];
      if (KeyOf::key(entry) == key) return entry;
    }
    if (entries_.size() >= UINT32_MAX) throw std::length_error("more than 2^32 - 1 entries");
    entries_.push_back(make());
    slots_[at] = static_cast<uint32_t>(entries_.size());
    tags_[at] = tag;
    return entries_.back();
  }

  // The entries, in the order added. What they hold besides their keys may change; their keys
  // must not.
  const std::deque<Entry>& entries() const { return entries_; }
  std::deque<Entry>& entries() { return entries_; }

 private:
  static constexpr size_t kFirstCapacity = 16;

  size_t mask() const { return slots_.size() - 1; }
  // Fibonacci hashing: the top bits of the mixed hash pick the slot, the byte below them is
  // the slot's tag, so that most probes that miss never read an entry.
  static uint64_t mix(const View& key) {
    return static_cast<uint64_t>(KeyOf::hash(key)) * 0x9E3779B97F4A7C15ULL;
  }
  size_t slotOf(uint64_t mixed) const { return static_cast<size_t>(mixed >> shift_) & mask(); }
  uint8_t tagOf(uint64_t mixed) const { return static_cast<uint8_t>(mixed >> (shift_ - 8)); }

  void grow() {
    const size_t capacity = slots_.empty() ? kFirstCapacity : slots_.size() * 2;
    std::vector<uint32_t>(capacity, 0).swap(slots_);
    std::vector<uint8_t>(capacity, 0).swap(tags_);
    shift_ = 64;
    for (size_t c = capacity; c > 1; c /= 2)
      --shift_;
    for (size_t i = 0; i < entries_.size(); ++i) {
      const uint64_t mixed = mix(KeyOf::key(entries_[i]));
      size_t at = slotOf(mixed);
      while (slots_[at] != 0)
        at = (at + 1) & mask();
      slots_[at] = static_cast<uint32_t>(i + 1);
      tags_[at] = tagOf(mixed);
    }
  }

  std::deque<Entry> entries_;
  std::vector<uint32_t> slots_;  // a power of two of them; 0: free, else the entry's index + 1
  std::vector<uint8_t> tags_;    // per slot, a byte of its key's mixed hash
  int shift_ = 64;               // 64 - log2(capacity)
};

// The key of entries that carry a namespace id `ns` and a `name` with view(), as the run's
// per-VMI state does: found by an event's (namespace id, name view) without copying the name.
template <typename Entry>
struct NamespacedNameKey {
  using View = std::pair<uint32_t, std::string_view>;
  static View key(const Entry& entry) { return {entry.ns, entry.name.view()}; }
  static size_t hash(const View& key) {
    return std::hash<std::string_view>()(key.second) ^ (size_t{key.first} * 0x9E3779B97F4A7C15ULL);
  }
};

}  // namespace perfscale
