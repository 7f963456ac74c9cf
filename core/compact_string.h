// Strings a run keeps once per VMI, in 24 bytes each. A run tracks 100,000 VMIs in several
// tables (the watch's, the phase tracker's, the figures'); a std::string costs 32 bytes and,
// past 15 characters, a heap block of 32 more, and generated names (vmi-1a2b3c4d-1-12345) and
// uids are all past 15.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace perfscale {

// Any text: up to 23 bytes inline, longer on the heap.
class ShortString {
 public:
  static constexpr size_t kInline = 23;

  ShortString() { bytes_[kInline] = 0; }
  explicit ShortString(std::string_view text) { assign(text); }
  ShortString(const ShortString& other) : ShortString(other.view()) {}
  ShortString(ShortString&& other) noexcept {
    std::memcpy(bytes_, other.bytes_, sizeof bytes_);
    other.bytes_[kInline] = 0;
  }
  ShortString& operator=(const ShortString& other) {
    if (this != &other) {
      ShortString copy(other);
      swap(copy);
    }
    return *this;
  }
  ShortString& operator=(ShortString&& other) noexcept {
    ShortString moved(std::move(other));
    swap(moved);
    return *this;
  }
  ShortString& operator=(std::string_view text) {
    ShortString copy(text);
    swap(copy);
    return *this;
  }
  ~ShortString() { release(); }

  std::string_view view() const {
    if (!onHeap()) return {bytes_, size_t{static_cast<unsigned char>(bytes_[kInline])}};
    const char* data = nullptr;
    size_t size = 0;
    std::memcpy(&data, bytes_, sizeof data);
    std::memcpy(&size, bytes_ + sizeof data, sizeof size);
    return {data, size};
  }
  operator std::string_view() const { return view(); }  // NOLINT(google-explicit-constructor)
  std::string str() const { return std::string(view()); }
  bool empty() const { return view().empty(); }

  void swap(ShortString& other) noexcept {
    char held[sizeof bytes_];
    std::memcpy(held, bytes_, sizeof bytes_);
    std::memcpy(bytes_, other.bytes_, sizeof bytes_);
    std::memcpy(other.bytes_, held, sizeof bytes_);
  }

  friend bool operator==(const ShortString& a, const ShortString& b) {
    return a.view() == b.view();
  }
  friend bool operator!=(const ShortString& a, const ShortString& b) { return !(a == b); }
  friend bool operator<(const ShortString& a, const ShortString& b) { return a.view() < b.view(); }

 private:
  static constexpr char kHeap = static_cast<char>(0xff);
  bool onHeap() const { return bytes_[kInline] == kHeap; }
  void assign(std::string_view text);
  void release() noexcept;

  // Inline: the text, then its length in the last byte. Heap: a pointer and a size, then kHeap.
  char bytes_[kInline + 1];
};

// A Kubernetes uid: a canonical lowercase UUID (what every API server sends) in 16 bytes;
// any other text, which only a strange server sends, on the heap. 24 bytes.
class CompactUid {
 public:
  CompactUid() = default;
  explicit CompactUid(std::string_view text) { assign(text); }
  CompactUid(const CompactUid& other) { *this = other; }
  CompactUid(CompactUid&& other) noexcept = default;
  CompactUid& operator=(const CompactUid& other);
  CompactUid& operator=(CompactUid&& other) noexcept = default;
  CompactUid& operator=(std::string_view text) {
    assign(text);
    return *this;
  }
  ~CompactUid() = default;

  bool empty() const;
  std::string str() const;
  bool operator==(std::string_view text) const;
  bool operator!=(std::string_view text) const { return !(*this == text); }
  bool operator==(const CompactUid& other) const;
  bool operator!=(const CompactUid& other) const { return !(*this == other); }
  size_t hash() const;

 private:
  void assign(std::string_view text);
  // Fills `bytes` from a canonical lowercase UUID other than the nil one; false for any other
  // text. All-zero bytes mean "no uid".
  static bool pack(std::string_view text, unsigned char (&bytes)[16]);

  unsigned char bytes_[16] = {};
  std::unique_ptr<std::string> other_;  // the text when it is not packed
};

}  // namespace perfscale

template <>
struct std::hash<perfscale::ShortString> {
  size_t operator()(const perfscale::ShortString& text) const noexcept {
    return std::hash<std::string_view>()(text.view());
  }
};

template <>
struct std::hash<perfscale::CompactUid> {
  size_t operator()(const perfscale::CompactUid& uid) const noexcept { return uid.hash(); }
};
