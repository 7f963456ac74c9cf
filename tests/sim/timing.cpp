// Clock, timestamps and delay distributions of the simulator (see timing.h).
#include "tests/sim/timing.h"

#include <cmath>
#include <ctime>
#include <stdexcept>
#include <vector>

namespace perfscale::sim {

int64_t wallNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string rfc3339(int64_t epochNs, bool fractional) {
  const time_t seconds = static_cast<time_t>(epochNs / 1'000'000'000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[48];
  size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  std::string out(buffer, length);
  if (fractional) {
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, ".%06lld",
                  static_cast<long long>((epochNs % 1'000'000'000) / 1000));
    out += fraction;
  }
  return out + "Z";
}

std::chrono::nanoseconds parseDuration(std::string_view text) {
  const std::string original(text);
  if (text == "0") return std::chrono::nanoseconds(0);
  if (text.empty()) throw std::invalid_argument("empty duration");
  double total = 0;
  while (!text.empty()) {
    size_t i = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
      ++i;
    if (i == 0) throw std::invalid_argument("invalid duration \"" + original + "\"");
    const double number = std::stod(std::string(text.substr(0, i)));
    text.remove_prefix(i);
    size_t j = 0;
    while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j])))
      ++j;
    const std::string unit(text.substr(0, j));
    text.remove_prefix(j);
    double scale = 0;
    if (unit == "ns")
      scale = 1;
    else if (unit == "us" || unit == "µs")
      scale = 1e3;
    else if (unit == "ms")
      scale = 1e6;
    else if (unit == "s")
      scale = 1e9;
    else if (unit == "m")
      scale = 60e9;
    else if (unit == "h")
      scale = 3600e9;
    else
      throw std::invalid_argument("invalid duration \"" + original +
                                  "\": unit must be ns, us, ms, s, m or h");
    total += number * scale;
  }
  return std::chrono::nanoseconds(static_cast<int64_t>(std::llround(total)));
}

namespace {

std::vector<std::string_view> splitColon(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    size_t colon = text.find(':', start);
    parts.push_back(text.substr(start, colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  return parts;
}

}  // namespace

DelayDistribution DelayDistribution::constant(std::chrono::nanoseconds value) {
  DelayDistribution d;
  d.a_ = static_cast<double>(value.count());
  d.text_ = "const:" + std::to_string(value.count()) + "ns";
  return d;
}

DelayDistribution DelayDistribution::parse(std::string_view text) {
  DelayDistribution d;
  d.text_ = std::string(text);
  const auto parts = splitColon(text);
  auto ns = [&](std::string_view part) { return static_cast<double>(parseDuration(part).count()); };
  auto expect = [&](size_t count) {
    if (parts.size() != count)
      throw std::invalid_argument("invalid delay distribution \"" + d.text_ +
                                  "\": expected D, const:D, uniform:MIN:MAX, normal:MEAN:STDDEV "
                                  "or exp:MEAN");
  };
  if (parts.size() == 1) {
    d.a_ = ns(parts[0]);
  } else if (parts[0] == "const") {
    expect(2);
    d.a_ = ns(parts[1]);
  } else if (parts[0] == "uniform") {
    expect(3);
    d.shape_ = Shape::Uniform;
    d.a_ = ns(parts[1]);
    d.b_ = ns(parts[2]);
    if (d.b_ < d.a_) throw std::invalid_argument("uniform delay \"" + d.text_ + "\": MAX < MIN");
  } else if (parts[0] == "normal") {
    expect(3);
    d.shape_ = Shape::Normal;
    d.a_ = ns(parts[1]);
    d.b_ = ns(parts[2]);
  } else if (parts[0] == "exp") {
    expect(2);
    d.shape_ = Shape::Exponential;
    d.a_ = ns(parts[1]);
  } else {
    expect(0);
  }
  return d;
}

std::chrono::nanoseconds DelayDistribution::sample(std::mt19937_64& rng) const {
  double value = a_;
  switch (shape_) {
    case Shape::Constant:
      break;
    case Shape::Uniform:
      value = std::uniform_real_distribution<double>(a_, b_)(rng);
      break;
    case Shape::Normal:
      value = std::normal_distribution<double>(a_, b_)(rng);
      break;
    case Shape::Exponential:
      value = a_ > 0 ? std::exponential_distribution<double>(1.0 / a_)(rng) : 0;
      break;
  }
  return std::chrono::nanoseconds(static_cast<int64_t>(std::max(0.0, value)));
}

}  // namespace perfscale::sim
