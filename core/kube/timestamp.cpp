// RFC 3339 parsing (see timestamp.h).
#include "core/kube/timestamp.h"

#include <ctime>
#include <limits>

namespace perfscale::kube {

namespace {

struct Parsed {
  int64_t seconds = 0;   // since the epoch, UTC
  int64_t fraction = 0;  // ns
};

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

// YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
std::optional<Parsed> parse(std::string_view text) {
  if (text.size() < 20) return std::nullopt;
  auto digits = [&](size_t at, size_t count) -> std::optional<int> {
    int value = 0;
    for (size_t i = at; i < at + count; ++i) {
      if (i >= text.size() || !isDigit(text[i])) return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const auto year = digits(0, 4), month = digits(5, 2), day = digits(8, 2), hour = digits(11, 2),
             minute = digits(14, 2), second = digits(17, 2);
  if (!year || !month || !day || !hour || !minute || !second || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      *second > 60)
    return std::nullopt;
  size_t at = 19;
  Parsed parsed;
  if (at < text.size() && text[at] == '.') {
    ++at;
    int64_t scale = 100000000;
    const size_t start = at;
    while (at < text.size() && isDigit(text[at])) {
      parsed.fraction += (text[at] - '0') * scale;
      scale /= 10;
      ++at;
    }
    if (at == start) return std::nullopt;
  }
  int64_t offsetSeconds = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at + 6 == text.size() && (text[at] == '+' || text[at] == '-') && text[at + 3] == ':') {
    const auto oh = digits(at + 1, 2), om = digits(at + 4, 2);
    if (!oh || !om) return std::nullopt;
    offsetSeconds = (int64_t{*oh} * 3600 + int64_t{*om} * 60) * (text[at] == '+' ? 1 : -1);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = *year - 1900;
  tm.tm_mon = *month - 1;
  tm.tm_mday = *day;
  tm.tm_hour = *hour;
  tm.tm_min = *minute;
  tm.tm_sec = *second;
  parsed.seconds = static_cast<int64_t>(timegm(&tm)) - offsetSeconds;
  return parsed;
}

constexpr int64_t kNsPerSecond = 1'000'000'000;

}  // namespace

std::optional<int64_t> parseRfc3339Ns(std::string_view text) {
  const auto parsed = parse(text);
  if (!parsed) return std::nullopt;
  constexpr int64_t kLatest = std::numeric_limits<int64_t>::max() / kNsPerSecond - 1;
  if (parsed->seconds > kLatest || parsed->seconds < -kLatest) return std::nullopt;
  return parsed->seconds * kNsPerSecond + parsed->fraction;
}

std::optional<std::chrono::system_clock::time_point> parseRfc3339(std::string_view text) {
  const auto parsed = parse(text);
  if (!parsed) return std::nullopt;
  using std::chrono::system_clock;
  const auto latest = std::chrono::duration_cast<std::chrono::seconds>(
                          system_clock::time_point::max().time_since_epoch())
                          .count() -
                      1;
  if (parsed->seconds >= latest) return system_clock::time_point::max();
  return system_clock::time_point(std::chrono::duration_cast<system_clock::duration>(
      std::chrono::seconds(parsed->seconds) + std::chrono::nanoseconds(parsed->fraction)));
}

}  // namespace perfscale::kube
