// Parsing of --request-timeout (see request_timeout.h), after client-go's ParseTimeout and
// Go's time.ParseDuration.
#include "core/kube/request_timeout.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "core/kube/kubeconfig.h"

namespace perfscale::kube {

namespace {

using Nanoseconds = std::uint64_t;
constexpr Nanoseconds kMaxNanoseconds = std::numeric_limits<std::int64_t>::max();  // as Go's

std::optional<Nanoseconds> unitNanoseconds(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") return 1'000;  // us, µs, μs
  if (unit == "ms") return 1'000'000;
  if (unit == "s") return 1'000'000'000;
  if (unit == "m") return 60'000'000'000;
  if (unit == "h") return 3'600'000'000'000;
  return std::nullopt;
}

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

// Go's time.ParseDuration for non-negative values: one or more <number><unit>, e.g. 1h2m3.5s.
// Integer arithmetic, so 1.5s is exactly 1500ms.
std::optional<Nanoseconds> goDuration(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text == "0") return 0;
  if (text.empty()) return std::nullopt;
  Nanoseconds total = 0;
  while (!text.empty()) {
    std::size_t i = 0;
    Nanoseconds whole = 0;
    bool digits = false;
    for (; i < text.size() && isDigit(text[i]); ++i, digits = true) {
      if (whole > kMaxNanoseconds / 10) return std::nullopt;
      whole = whole * 10 + static_cast<Nanoseconds>(text[i] - '0');
    }
    Nanoseconds fraction = 0, scale = 1;
    if (i < text.size() && text[i] == '.') {
      for (++i; i < text.size() && isDigit(text[i]); ++i, digits = true) {
        if (scale > kMaxNanoseconds / 10) continue;  // beyond nanosecond precision anyway
        fraction = fraction * 10 + static_cast<Nanoseconds>(text[i] - '0');
        scale *= 10;
      }
    }
    if (!digits) return std::nullopt;
    const std::size_t unitStart = i;
    while (i < text.size() && !isDigit(text[i]) && text[i] != '.')
      ++i;
    const auto unit = unitNanoseconds(text.substr(unitStart, i - unitStart));
    if (!unit || whole > kMaxNanoseconds / *unit) return std::nullopt;
    const auto part = whole * *unit + static_cast<Nanoseconds>(static_cast<long double>(fraction) *
                                                               static_cast<long double>(*unit) /
                                                               static_cast<long double>(scale));
    if (part > kMaxNanoseconds - total) return std::nullopt;
    total += part;
    text.remove_prefix(i);
  }
  return total;
}

}  // namespace

std::chrono::milliseconds parseRequestTimeout(const std::string& text) {
  std::optional<Nanoseconds> nanoseconds;
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
    // A bare integer is seconds (client-go tries this before durations).
    if (text.size() <= 10) nanoseconds = std::stoull(text) * 1'000'000'000ULL;
  } else {
    nanoseconds = goDuration(text);
  }
  if (!nanoseconds || *nanoseconds > kMaxNanoseconds) {
    throw KubeconfigError(
        "--request-timeout \"" + text +
        "\" is not a timeout: give a whole number of seconds (30), a number with a unit "
        "(500ms, 5s, 2m, 1h30m; units ns, us, ms, s, m, h), or 0 for no timeout");
  }
  return std::chrono::milliseconds((*nanoseconds + 999'999) / 1'000'000);
}

}  // namespace perfscale::kube
