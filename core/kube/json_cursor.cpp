// The strict single-pass JSON reader (see json_cursor.h).
#include "core/kube/json_cursor.h"

#include <cstdint>
#include <cstring>

namespace perfscale::kube {

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void appendUtf8(std::string& out, unsigned codePoint) {
  if (codePoint < 0x80) {
    out += static_cast<char>(codePoint);
  } else if (codePoint < 0x800) {
    out += static_cast<char>(0xC0 | (codePoint >> 6));
    out += static_cast<char>(0x80 | (codePoint & 0x3F));
  } else if (codePoint < 0x10000) {
    out += static_cast<char>(0xE0 | (codePoint >> 12));
    out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (codePoint & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (codePoint >> 18));
    out += static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (codePoint & 0x3F));
  }
}

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

void JsonCursor::fail(const std::string& what) const {
  throw JsonSyntaxError(what + " at byte " + std::to_string(at_));
}

void JsonCursor::skipSpaceFrom() {
  while (at_ < text_.size()) {
    const char c = text_[at_];
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
    ++at_;
  }
}

char JsonCursor::peek() {
  skipSpace();
  if (at_ >= text_.size()) fail("unexpected end of the text");
  const char c = text_[at_];
  switch (c) {
    case '{':
    case '[':
    case '"':
    case 't':
    case 'f':
    case 'n':
      return c;
    default:
      if (c == '-' || isDigit(c)) return '0';
      fail(std::string("unexpected character '") + c + "'");
  }
}

void JsonCursor::enter(char open) {
  skipSpace();
  if (at_ >= text_.size() || text_[at_] != open) fail(std::string("expected '") + open + "'");
  ++at_;
  if (++depth_ > kMaxDepth) fail("nested deeper than " + std::to_string(kMaxDepth) + " levels");
}

bool JsonCursor::closes(char close) {
  skipSpace();
  if (at_ < text_.size() && text_[at_] == close) {
    ++at_;
    return true;
  }
  return false;
}

bool JsonCursor::next(char separator, char close) {
  skipSpace();
  if (at_ < text_.size()) {
    if (text_[at_] == separator) {
      ++at_;
      return true;
    }
    if (text_[at_] == close) {
      ++at_;
      return false;
    }
  }
  fail(std::string("expected '") + separator + "' or '" + close + "'");
}

void JsonCursor::failExpected(char c) const {
  fail(std::string("expected '") + c + "'");
}

std::string& JsonCursor::keyScratch() {
  while (keyScratch_.size() <= static_cast<size_t>(depth_))
    keyScratch_.emplace_back();
  return keyScratch_[static_cast<size_t>(depth_)];
}

std::string_view JsonCursor::stringView(std::string* into) {
  expectChar('"');
  const size_t start = at_;
  // Fast path: no escapes. Eight bytes at a time up to the first that may end the string or
  // need a look: a quote, a backslash or a control character.
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  while (text_.size() - at_ >= 8) {
    uint64_t bytes = 0;
    std::memcpy(&bytes, text_.data() + at_, 8);
    const uint64_t quote = bytes ^ (kOnes * '"');
    const uint64_t backslash = bytes ^ (kOnes * '\\');
    // (x - 1) & ~x has a byte's high bit set where x has a zero byte, or a byte below n for
    // (x - n): exact for "is there one", which is all this asks.
    const uint64_t stop = ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) |
                          ((bytes - kOnes * 0x20) & ~bytes);
    if ((stop & kHighs) != 0) break;
    at_ += 8;
  }
  while (at_ < text_.size()) {
    const char c = text_[at_];
    if (c == '"') return text_.substr(start, at_++ - start);
    if (c == '\\') break;
    if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
    ++at_;
  }
  std::string& scratch = into != nullptr ? *into : keyScratch();
  scratch.assign(text_.data() + start, at_ - start);
  while (at_ < text_.size()) {
    const char c = text_[at_++];
    if (c == '"') return scratch;
    if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
    if (c != '\\') {
      scratch += c;
      continue;
    }
    if (at_ >= text_.size()) break;
    const char escape = text_[at_++];
    switch (escape) {
      case '"':
      case '\\':
      case '/':
        scratch += escape;
        break;
      case 'b':
        scratch += '\b';
        break;
      case 'f':
        scratch += '\f';
        break;
      case 'n':
        scratch += '\n';
        break;
      case 'r':
        scratch += '\r';
        break;
      case 't':
        scratch += '\t';
        break;
      case 'u': {
        auto hex4 = [&]() -> unsigned {
          if (at_ + 4 > text_.size()) fail("short \\u escape");
          unsigned value = 0;
          for (int i = 0; i < 4; ++i) {
            const int digit = hexValue(text_[at_++]);
            if (digit < 0) fail("bad \\u escape");
            value = value * 16 + static_cast<unsigned>(digit);
          }
          return value;
        };
        unsigned codePoint = hex4();
        if (codePoint >= 0xD800 && codePoint <= 0xDBFF && at_ + 1 < text_.size() &&
            text_[at_] == '\\' && text_[at_ + 1] == 'u') {
          const size_t back = at_;
          at_ += 2;
          const unsigned low = hex4();
          if (low >= 0xDC00 && low <= 0xDFFF) {
            codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (low - 0xDC00);
          } else {
            at_ = back;  // not a pair: the second escape stands alone
          }
        }
        // A lone surrogate cannot be UTF-8: it becomes U+FFFD.
        if (codePoint >= 0xD800 && codePoint <= 0xDFFF) codePoint = 0xFFFD;
        appendUtf8(scratch, codePoint);
        break;
      }
      default:
        fail(std::string("bad escape '\\") + escape + "'");
    }
  }
  fail("unterminated string");
}

void JsonCursor::string(std::string& out) {
  const std::string_view view = stringView(&out);
  if (view.data() != out.data()) out.assign(view.data(), view.size());
}

void JsonCursor::stringOrAbsent(std::string& out) {
  if (peek() == '"') {
    string(out);
  } else {
    out.clear();
    skip();
  }
}

void JsonCursor::literal(std::string_view word) {
  if (text_.compare(at_, word.size(), word) != 0) fail("bad literal");
  at_ += word.size();
}

void JsonCursor::number() {
  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  auto digits = [&] {
    const size_t start = at_;
    while (at_ < text_.size() && isDigit(text_[at_]))
      ++at_;
    if (at_ == start) fail("bad number");
  };
  if (text_[at_] == '-') ++at_;
  if (at_ < text_.size() && text_[at_] == '0') {
    ++at_;
  } else {
    digits();
  }
  if (at_ < text_.size() && text_[at_] == '.') {
    ++at_;
    digits();
  }
  if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) {
    ++at_;
    if (at_ < text_.size() && (text_[at_] == '+' || text_[at_] == '-')) ++at_;
    digits();
  }
}

void JsonCursor::skip() {
  switch (peek()) {
    case '{':
      object([this](std::string_view) { skip(); });
      break;
    case '[':
      array([this] { skip(); });
      break;
    case '"':
      stringView(&skipScratch_);
      break;
    case 't':
      literal("true");
      break;
    case 'f':
      literal("false");
      break;
    case 'n':
      literal("null");
      break;
    default:
      number();
  }
}

std::string_view JsonCursor::raw() {
  skipSpace();
  const size_t start = at_;
  skip();
  return text_.substr(start, at_ - start);
}

void JsonCursor::finish() {
  skipSpace();
  if (at_ != text_.size()) fail("unexpected text after the value");
}

}  // namespace perfscale::kube
