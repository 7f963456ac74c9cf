// Go's time.ParseDuration and Duration.String, for std::chrono::nanoseconds (see duration.h).
#include "core/scenario/duration.h"

#include <cstdint>
#include <limits>
#include <stdexcept>

namespace perfscale::scenario {
namespace {

constexpr uint64_t kMaxMagnitude = uint64_t{1} << 63;  // |math.MinInt64|

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

uint64_t unitNanoseconds(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") return 1000;  // us, µs, μs
  if (unit == "ms") return 1000ULL * 1000;
  if (unit == "s") return 1000ULL * 1000 * 1000;
  if (unit == "m") return 60ULL * 1000 * 1000 * 1000;
  if (unit == "h") return 3600ULL * 1000 * 1000 * 1000;
  return 0;
}

[[noreturn]] void invalid(std::string_view text, const std::string& why) {
  throw std::invalid_argument("invalid duration \"" + std::string(text) + "\": " + why +
                              " (write a number and a unit, e.g. 30s, 5m, 1h30m, 500ms)");
}

// Writes the fraction of v / 10^precision, without trailing zeros; returns v / 10^precision.
uint64_t formatFraction(std::string& reversed, uint64_t v, int precision) {
  bool print = false;
  for (int i = 0; i < precision; ++i) {
    const char digit = static_cast<char>('0' + v % 10);
    print = print || digit != '0';
    if (print) reversed.push_back(digit);
    v /= 10;
  }
  if (print) reversed.push_back('.');
  return v;
}

void formatInteger(std::string& reversed, uint64_t v) {
  do {
    reversed.push_back(static_cast<char>('0' + v % 10));
    v /= 10;
  } while (v > 0);
}

}  // namespace

Duration parseGoDuration(std::string_view text) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return Duration(0);
  if (s.empty()) invalid(text, "it is empty");

  uint64_t total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || isDigit(s[0])))
      invalid(text, "expected a number at \"" + std::string(s) + "\"");
    uint64_t whole = 0;
    std::size_t i = 0;
    for (; i < s.size() && isDigit(s[i]); ++i) {
      if (whole > (std::numeric_limits<uint64_t>::max() - 9) / 10) invalid(text, "it overflows");
      whole = whole * 10 + static_cast<uint64_t>(s[i] - '0');
    }
    const bool hasWhole = i > 0;
    s.remove_prefix(i);

    uint64_t fraction = 0;
    double scale = 1;
    bool hasFraction = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      std::size_t j = 0;
      bool overflow = false;
      for (; j < s.size() && isDigit(s[j]); ++j) {
        if (overflow) continue;
        if (fraction > (std::numeric_limits<int64_t>::max() - 9) / 10) {
          overflow = true;  // more digits than can matter, as Go's leadingFraction
          continue;
        }
        fraction = fraction * 10 + static_cast<uint64_t>(s[j] - '0');
        scale *= 10;
      }
      hasFraction = j > 0;
      s.remove_prefix(j);
    }
    if (!hasWhole && !hasFraction) invalid(text, "a '.' needs digits");

    std::size_t unitLength = 0;
    while (unitLength < s.size() && s[unitLength] != '.' && !isDigit(s[unitLength]))
      ++unitLength;
    if (unitLength == 0) {
      invalid(text, "missing unit after the number");
    }
    const std::string_view unitText = s.substr(0, unitLength);
    s.remove_prefix(unitLength);
    const uint64_t unit = unitNanoseconds(unitText);
    if (unit == 0) invalid(text, "unknown unit \"" + std::string(unitText) + "\"");

    if (whole > kMaxMagnitude / unit) invalid(text, "it overflows");
    uint64_t value = whole * unit;
    if (fraction > 0) {
      value += static_cast<uint64_t>(static_cast<double>(fraction) *
                                     (static_cast<double>(unit) / scale));
      if (value > kMaxMagnitude) invalid(text, "it overflows");
    }
    total += value;
    if (total > kMaxMagnitude) invalid(text, "it overflows");
  }
  if (negative) {
    return Duration(total == kMaxMagnitude ? std::numeric_limits<int64_t>::min()
                                           : -static_cast<int64_t>(total));
  }
  if (total > kMaxMagnitude - 1) invalid(text, "it overflows");
  return Duration(static_cast<int64_t>(total));
}

std::string formatGoDuration(Duration duration) {
  const int64_t count = duration.count();
  const bool negative = count < 0;
  uint64_t u = negative ? uint64_t{0} - static_cast<uint64_t>(count) : static_cast<uint64_t>(count);
  std::string reversed;
  constexpr uint64_t kSecond = 1000ULL * 1000 * 1000;
  if (u < kSecond) {
    if (u == 0) return "0s";
    reversed.push_back('s');
    int precision = 0;
    if (u < 1000) {
      reversed.push_back('n');
    } else if (u < 1000ULL * 1000) {
      precision = 3;
      reversed += "\xB5\xC2";  // "µ", reversed byte by byte
    } else {
      precision = 6;
      reversed.push_back('m');
    }
    u = formatFraction(reversed, u, precision);
    formatInteger(reversed, u);
  } else {
    reversed.push_back('s');
    u = formatFraction(reversed, u, 9);
    formatInteger(reversed, u % 60);
    u /= 60;
    if (u > 0) {
      reversed.push_back('m');
      formatInteger(reversed, u % 60);
      u /= 60;
      if (u > 0) {
        reversed.push_back('h');
        formatInteger(reversed, u);
      }
    }
  }
  if (negative) reversed.push_back('-');
  return std::string(reversed.rbegin(), reversed.rend());
}

}  // namespace perfscale::scenario
