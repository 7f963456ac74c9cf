// A hash map kept in one array (open addressing, linear probing), for the caches that hold an
// entry for every object of a run. std::unordered_map spends a heap block per entry (the entry,
// a next pointer, often the hash, malloc's header) and a bucket pointer: ~40 bytes beyond the
// entry. Here an entry costs its own size over the load factor (at most 7/8 full) and a bit.
// Inserts and lookups only, no erase: the caches are dropped whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace perfscale {

template <typename Key, typename Value, typename Hash = std::hash<Key>>
class FlatMap {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The value of `key`, or nullptr.
  const Value* find(const Key& key) const {
    if (size_ == 0) return nullptr;
    for (size_t at = slotOf(key);; at = (at + 1) & mask()) {
      if (!used(at)) return nullptr;
      if (slots_[at].first == key) return &slots_[at].second;
    }
  }
  Value* find(const Key& key) {
    return const_cast<Value*>(static_cast<const FlatMap*>(this)->find(key));
  }

  // Inserts `key` with `value` unless present; true when inserted (a present value is kept).
  bool emplace(Key key, Value value) {
    bool inserted = false;
    Value& slot = place(std::move(key), &inserted);
    if (inserted) slot = std::move(value);
    return inserted;
  }
  // The value of `key`, value-initialized when new.
  Value& operator[](Key key) { return place(std::move(key), nullptr); }

  // Calls each(key, value) for every entry, in the order of the slots.
  template <typename Each>
  void forEach(const Each& each) const {
    for (size_t at = 0; at < slots_.size(); ++at)
      if (used(at)) each(slots_[at].first, slots_[at].second);
  }

  // Empties the map and frees its memory.
  void clear() {
    std::vector<std::pair<Key, Value>>().swap(slots_);
    std::vector<uint64_t>().swap(used_);
    size_ = 0;
  }

 private:
  static constexpr size_t kFirstCapacity = 16;

  size_t mask() const { return slots_.size() - 1; }
  bool used(size_t at) const { return (used_[at / 64] >> (at % 64)) & 1U; }
  // Fibonacci hashing: the hash's bits are mixed, so that hashes that are merely sequential
  // (row ids) do not pile up in one run of slots.
  size_t slotOf(const Key& key) const {
    return static_cast<size_t>((static_cast<uint64_t>(Hash()(key)) * 0x9E3779B97F4A7C15ULL) >>
                               shift_) &
           mask();
  }

  Value& place(Key key, bool* inserted) {
    // Grown before it is more than 7/8 full.
    if ((size_ + 1) * 8 > slots_.size() * 7) grow();
    size_t at = slotOf(key);
    for (; used(at); at = (at + 1) & mask())
      if (slots_[at].first == key) return slots_[at].second;
    used_[at / 64] |= uint64_t{1} << (at % 64);
    slots_[at].first = std::move(key);
    slots_[at].second = Value();
    ++size_;
    if (inserted != nullptr) *inserted = true;
    return slots_[at].second;
  }

  void grow() {
    const size_t capacity = slots_.empty() ? kFirstCapacity : slots_.size() * 2;
    std::vector<std::pair<Key, Value>> old(capacity);
    old.swap(slots_);
    std::vector<uint64_t> oldUsed((capacity + 63) / 64, 0);
    oldUsed.swap(used_);
    shift_ = 64;
    for (size_t c = capacity; c > 1; c /= 2)
      --shift_;
    size_ = 0;
    for (size_t at = 0; at < old.size(); ++at) {
      if ((oldUsed[at / 64] >> (at % 64)) & 1U)
        place(std::move(old[at].first), nullptr) = std::move(old[at].second);
    }
  }

  std::vector<std::pair<Key, Value>> slots_;  // a power of two of them
  std::vector<uint64_t> used_;                // a bit per slot
  size_t size_ = 0;
  int shift_ = 64;  // 64 - log2(capacity): the top bits of the mixed hash pick the slot
};

}  // namespace perfscale
