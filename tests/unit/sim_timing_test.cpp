// Durations and delay distributions of perfscale-sim's controller.
#include <catch2/catch.hpp>

#include "tests/sim/timing.h"

using namespace std::chrono_literals;
using perfscale::sim::DelayDistribution;
using perfscale::sim::parseDuration;

TEST_CASE("sim durations: Go-style units and compound values parse exactly") {
  CHECK(parseDuration("0") == 0ns);
  CHECK(parseDuration("250ms") == 250ms);
  CHECK(parseDuration("1.5s") == 1500ms);
  CHECK(parseDuration("2m") == 120s);
  CHECK(parseDuration("100us") == 100us);
  CHECK(parseDuration("1h30m") == 5400s);
}

TEST_CASE("sim durations: a missing or unknown unit is rejected with the text") {
  CHECK_THROWS_WITH(parseDuration("5"), Catch::Contains("\"5\""));
  CHECK_THROWS_WITH(parseDuration("5d"), Catch::Contains("unit must be"));
  CHECK_THROWS(parseDuration(""));
  CHECK_THROWS(parseDuration("ms"));
}

TEST_CASE("sim delays: a constant distribution always gives its value") {
  std::mt19937_64 rng(1);
  const auto d = DelayDistribution::parse("150ms");
  for (int i = 0; i < 10; ++i)
    CHECK(d.sample(rng) == 150ms);
  CHECK(DelayDistribution::parse("const:2s").sample(rng) == 2s);
}

TEST_CASE("sim delays: uniform samples stay within their bounds and cover them") {
  std::mt19937_64 rng(7);
  const auto d = DelayDistribution::parse("uniform:100ms:200ms");
  std::chrono::nanoseconds low = 1s, high = 0s;
  for (int i = 0; i < 2000; ++i) {
    const auto s = d.sample(rng);
    REQUIRE(s >= 100ms);
    REQUIRE(s <= 200ms);
    low = std::min(low, s);
    high = std::max(high, s);
  }
  CHECK(low < 105ms);
  CHECK(high > 195ms);
}

TEST_CASE("sim delays: exponential and normal means are near their parameter, never negative") {
  std::mt19937_64 rng(11);
  for (const char* text : {"exp:100ms", "normal:100ms:50ms"}) {
    const auto d = DelayDistribution::parse(text);
    double total = 0;
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
      const auto s = d.sample(rng);
      REQUIRE(s >= 0ns);
      total += static_cast<double>(s.count());
    }
    // The normal one is clamped at zero, which lifts its mean a little.
    CHECK(total / n == Approx(100e6).epsilon(0.05));
  }
}

TEST_CASE("sim delays: malformed distributions name the text and the accepted forms") {
  CHECK_THROWS_WITH(DelayDistribution::parse("uniform:1s"), Catch::Contains("uniform:MIN:MAX"));
  CHECK_THROWS_WITH(DelayDistribution::parse("uniform:2s:1s"), Catch::Contains("MAX < MIN"));
  CHECK_THROWS_WITH(DelayDistribution::parse("gamma:1s"), Catch::Contains("gamma:1s"));
}
