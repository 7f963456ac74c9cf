// See compact_string.h.
#include "core/compact_string.h"

#include <algorithm>

namespace perfscale {

void ShortString::assign(std::string_view text) {
  if (text.size() <= kInline) {
    std::memcpy(bytes_, text.data(), text.size());
    bytes_[kInline] = static_cast<char>(text.size());
    return;
  }
  char* data = new char[text.size()];
  std::memcpy(data, text.data(), text.size());
  const size_t size = text.size();
  std::memcpy(bytes_, &data, sizeof data);
  std::memcpy(bytes_ + sizeof data, &size, sizeof size);
  bytes_[kInline] = kHeap;
}

void ShortString::release() noexcept {
  if (!onHeap()) return;
  char* data = nullptr;
  std::memcpy(&data, bytes_, sizeof data);
  delete[] data;
  bytes_[kInline] = 0;
}

namespace {

constexpr size_t kUuidLength = 36;

bool isDash(size_t at) {
  return at == 8 || at == 13 || at == 18 || at == 23;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // uppercase too: it would not print back the same
}

}  // namespace

bool CompactUid::pack(std::string_view text, unsigned char (&bytes)[16]) {
  if (text.size() != kUuidLength) return false;
  size_t out = 0;
  for (size_t at = 0; at < kUuidLength; ++at) {
    if (isDash(at)) {
      if (text[at] != '-') return false;
      continue;
    }
    const int high = hexValue(text[at]);
    const int low = hexValue(text[++at]);
    if (high < 0 || low < 0) return false;
    bytes[out++] = static_cast<unsigned char>(high * 16 + low);
  }
  return std::any_of(std::begin(bytes), std::end(bytes), [](unsigned char b) { return b != 0; });
}

void CompactUid::assign(std::string_view text) {
  other_.reset();
  if (!pack(text, bytes_)) {
    std::fill(std::begin(bytes_), std::end(bytes_), 0);
    if (!text.empty()) other_ = std::make_unique<std::string>(text);
  }
}

CompactUid& CompactUid::operator=(const CompactUid& other) {
  if (this == &other) return *this;
  std::copy(std::begin(other.bytes_), std::end(other.bytes_), std::begin(bytes_));
  other_ = other.other_ ? std::make_unique<std::string>(*other.other_) : nullptr;
  return *this;
}

bool CompactUid::empty() const {
  return !other_ &&
         std::all_of(std::begin(bytes_), std::end(bytes_), [](unsigned char b) { return b == 0; });
}

std::string CompactUid::str() const {
  if (other_) return *other_;
  if (empty()) return {};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text(kUuidLength, '-');
  size_t in = 0;
  for (size_t at = 0; at < kUuidLength; ++at) {
    if (isDash(at)) continue;
    text[at] = kDigits[bytes_[in] >> 4];
    text[++at] = kDigits[bytes_[in] & 0xf];
    ++in;
  }
  return text;
}

bool CompactUid::operator==(std::string_view text) const {
  if (other_) return *other_ == text;
  unsigned char packed[16] = {};
  if (!pack(text, packed)) return text.empty() && empty();
  return std::equal(std::begin(packed), std::end(packed), std::begin(bytes_));
}

bool CompactUid::operator==(const CompactUid& other) const {
  if (other_ || other.other_) return other_ && other.other_ && *other_ == *other.other_;
  return std::equal(std::begin(bytes_), std::end(bytes_), std::begin(other.bytes_));
}

size_t CompactUid::hash() const {
  if (other_) return std::hash<std::string>()(*other_);
  uint64_t high = 0;
  uint64_t low = 0;
  std::memcpy(&high, bytes_, sizeof high);
  std::memcpy(&low, bytes_ + sizeof high, sizeof low);
  return static_cast<size_t>(high ^ (low * 0x9e3779b97f4a7c15ULL));
}

}  // namespace perfscale
