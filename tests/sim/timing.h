// Server clock, timestamp formatting, and the delay distributions the controller draws from.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace perfscale::sim {

// Nanoseconds since the Unix epoch on the server's wall clock: the unit of ground truth.
int64_t wallNowNs();
// RFC 3339 in UTC; whole seconds (as a real API server writes) unless `fractional`.
std::string rfc3339(int64_t epochNs, bool fractional = false);

// Parses Go-style durations: "0", "250ms", "1.5s", "2m", "100us", "1h30m".
// Throws std::invalid_argument naming the text.
std::chrono::nanoseconds parseDuration(std::string_view text);

// A delay distribution: "const:D" (or just "D"), "uniform:A:B", "normal:MEAN:STDDEV",
// "exp:MEAN". Samples are never negative.
class DelayDistribution {
 public:
  static DelayDistribution parse(std::string_view text);
  static DelayDistribution constant(std::chrono::nanoseconds value);
  std::chrono::nanoseconds sample(std::mt19937_64& rng) const;
  const std::string& text() const { return text_; }

 private:
  enum class Shape { Constant, Uniform, Normal, Exponential };
  Shape shape_ = Shape::Constant;
  double a_ = 0;  // nanoseconds
  double b_ = 0;
  std::string text_ = "0";
};

}  // namespace perfscale::sim
