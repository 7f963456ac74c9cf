// Comparing two runs: the Mann-Whitney U test against values worked by hand, the regression
// rule (tolerance and floor, both, in the bad direction), and what makes runs not comparable.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/stats/compare.h"

using perfscale::stats::CompareOptions;
using perfscale::stats::compareRuns;
using perfscale::stats::ComparisonRow;
using perfscale::stats::FigureKind;
using perfscale::stats::isRegression;
using perfscale::stats::mannWhitneyU;
using perfscale::stats::RunComparison;
using perfscale::stats::RunFigures;

namespace {

const ComparisonRow& row(const RunComparison& comparison, const std::string& name) {
  for (const auto& r : comparison.rows)
    if (r.name == name) return r;
  FAIL("no row " << name);
  throw std::logic_error("unreachable");
}

// A run whose VMIs reached Running after `runningMs` plus 0..19 ms each.
RunFigures runWith(double runningMs, size_t asked = 20) {
  RunFigures run;
  run.info.scenarioResolved =
      R"({"uuid": "x", "parallelism": 0, "workloads": [{"count": )" + std::to_string(asked) + "}]}";
  run.asked = asked;
  run.askedRate = 40;
  run.achievedRate = 40;
  perfscale::stats::PhaseFigures running;
  running.phase = "Running";
  for (size_t i = 0; i < asked; ++i)
    running.clientSamples.push_back(static_cast<int64_t>((runningMs + double(i % 20)) * 1e6));
  std::vector<int64_t> samples = running.clientSamples;
  running.client = perfscale::stats::distribution(samples);
  run.phases.push_back(running);
  return run;
}

}  // namespace

TEST_CASE("compare: Mann-Whitney U of two samples that do not overlap", "[compare]") {
  // U = 0 (no a above any b); mean 4.5, variance 3*3/12*7 = 5.25,
  // z = (0 - 4.5 + 0.5) / sqrt(5.25) = -1.74574, p = 2 * (1 - Phi(1.74574)) = 0.08086.
  const auto test = mannWhitneyU({1, 2, 3}, {4, 5, 6});
  CHECK(test.u == 0);
  CHECK(test.z == Approx(-1.745743).epsilon(1e-6));
  CHECK(test.p == Approx(0.080856).epsilon(1e-4));
  // The other way round: U = 9, z mirrored, the same p.
  const auto mirrored = mannWhitneyU({4, 5, 6}, {1, 2, 3});
  CHECK(mirrored.u == 9);
  CHECK(mirrored.z == Approx(1.745743).epsilon(1e-6));
  CHECK(mirrored.p == Approx(test.p));
}

TEST_CASE("compare: Mann-Whitney U with ties counts them half and corrects the variance",
          "[compare]") {
  // a = {1,2,2,3}, b = {2,3,4,5}: U = 0 + 0.5 + 0.5 + (1 + 0.5) = 2.5. Ties: three 2s and two 3s,
  // sum(t^3 - t) = 24 + 6 = 30; variance = 16/12 * (9 - 30/56) = 11.2857;
  // z = (2.5 - 8 + 0.5) / 3.35942 = -1.48835; p = 0.13666.
  const auto test = mannWhitneyU({1, 2, 2, 3}, {2, 3, 4, 5});
  CHECK(test.u == 2.5);
  CHECK(test.z == Approx(-1.488351).epsilon(1e-6));
  CHECK(test.p == Approx(0.136658).epsilon(1e-4));
}

TEST_CASE("compare: Mann-Whitney p is 1 without samples or when every value ties", "[compare]") {
  CHECK(mannWhitneyU({}, {1, 2}).p == 1);
  CHECK(mannWhitneyU({1, 2}, {}).p == 1);
  CHECK(mannWhitneyU({7, 7, 7}, {7, 7}).p == 1);
  // Identical samples: U at its mean, z = 0.
  const auto same = mannWhitneyU({1, 2, 3, 4}, {1, 2, 3, 4});
  CHECK(same.z == 0);
  CHECK(same.p == 1);
}

TEST_CASE("compare: Mann-Whitney finds a shift of large samples significant", "[compare]") {
  std::vector<int64_t> a;
  std::vector<int64_t> b;
  for (int64_t i = 0; i < 100; ++i) {
    a.push_back(100 + (i % 50));
    b.push_back(130 + (i % 50));
  }
  const auto test = mannWhitneyU(a, b);
  CHECK(test.z < 0);
  CHECK(test.p < 1e-6);
}

TEST_CASE("compare: a regression is past both the tolerance and the floor, the bad way",
          "[compare]") {
  // 100 ms -> 140 ms: +40%, but under a 50 ms floor.
  CHECK_FALSE(isRegression(FigureKind::Latency, 100, 140, 0.10, 50));
  // 1000 ms -> 1060 ms: past the floor, but +6% is under a 10% tolerance.
  CHECK_FALSE(isRegression(FigureKind::Latency, 1000, 1060, 0.10, 50));
  // 1000 ms -> 1200 ms: both.
  CHECK(isRegression(FigureKind::Latency, 1000, 1200, 0.10, 50));
  // Faster is never a regression.
  CHECK_FALSE(isRegression(FigureKind::Latency, 1200, 100, 0.10, 50));
  // A rate regresses down, not up.
  CHECK(isRegression(FigureKind::Rate, 100, 80, 0.10, 1));
  CHECK_FALSE(isRegression(FigureKind::Rate, 80, 100, 0.10, 1));
  CHECK_FALSE(isRegression(FigureKind::Rate, 100, 99.5, 0.0, 1));
  // Errors from none: any increase; past the tolerance of many.
  CHECK(isRegression(FigureKind::Count, 0, 1, 0.10, 0));
  CHECK_FALSE(isRegression(FigureKind::Count, 100, 105, 0.10, 0));
  CHECK_FALSE(isRegression(FigureKind::Count, 3, 3, 0.10, 0));
  // Information only.
  CHECK_FALSE(isRegression(FigureKind::Info, 10, 1000, 0.10, 0));
}

TEST_CASE("compare: a slower Running is flagged, a faster one is not", "[compare]") {
  const auto base = runWith(100);
  const CompareOptions options;
  const auto slower = compareRuns(base, runWith(300), options);
  CHECK(slower.comparable);
  CHECK(slower.regressed);
  const auto& p50 = row(slower, "Running.P50");
  CHECK(p50.unit == "ms");
  REQUIRE(p50.a);
  REQUIRE(p50.b);
  CHECK(*p50.b - *p50.a == Approx(200));
  REQUIRE(p50.relativeChange);
  CHECK(p50.regression);
  CHECK(p50.significant);
  REQUIRE(p50.p);
  CHECK(*p50.p < 0.01);
  CHECK_FALSE(row(slower, "Running.count").regression);

  // 30 ms slower: +30%, significant, but under the 50 ms floor.
  const auto noise = compareRuns(base, runWith(130), options);
  CHECK_FALSE(noise.regressed);
  CHECK(row(noise, "Running.P50").significant);
  // The floor and tolerance are the caller's.
  CompareOptions strict;
  strict.latencyFloor = std::chrono::milliseconds(10);
  CHECK(compareRuns(base, runWith(130), strict).regressed);

  const auto faster = compareRuns(runWith(300), base, options);
  CHECK_FALSE(faster.regressed);
  CHECK(row(faster, "Running.P50").significant);
}

TEST_CASE("compare: errors and 429s regress from none, the achieved rate down", "[compare]") {
  const auto base = runWith(100);
  auto worse = runWith(100);
  worse.errors = 2;
  worse.throttled = 12;
  worse.achievedRate = 30;
  const auto comparison = compareRuns(base, worse, CompareOptions());
  CHECK(row(comparison, "errors").regression);
  CHECK(row(comparison, "429s").regression);
  CHECK(row(comparison, "rate.achieved").regression);
  CHECK(row(comparison, "rate.achieved").unit == "/s");
  CHECK_FALSE(row(comparison, "Running.P99").regression);
  CHECK_FALSE(row(comparison, "Running.P99").significant);
}

TEST_CASE("compare: runs of different sizes or scenarios are not comparable", "[compare]") {
  const auto sized = compareRuns(runWith(100, 20), runWith(100, 40), CompareOptions());
  CHECK_FALSE(sized.comparable);
  CHECK_THAT(sized.warning, Catch::Contains("VMIs asked differ (20 vs 40)") &&
                                Catch::Contains("workloads[0].count"));
  // The uuid differs for every run and is not a difference.
  auto a = runWith(100);
  auto b = runWith(100);
  b.info.scenarioResolved = R"({"uuid": "y", "parallelism": 0, "workloads": [{"count": 20}]})";
  b.info.toolVersion = "v2";
  const auto same = compareRuns(a, b, CompareOptions());
  CHECK(same.comparable);
  CHECK(same.warning.empty());
  REQUIRE(same.differences.size() == 1);
  CHECK(same.differences[0].name == "tool version");
  b.info.scenarioResolved = R"({"uuid": "y", "parallelism": 8, "workloads": [{"count": 20}]})";
  const auto parallel = compareRuns(a, b, CompareOptions());
  CHECK_FALSE(parallel.comparable);
  CHECK_THAT(parallel.warning, Catch::Contains("parallelism"));
}
