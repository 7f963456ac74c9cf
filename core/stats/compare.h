// Two runs compared: their configurations, every key figure side by side, and which changes
// are regressions (past a relative tolerance and an absolute noise floor, in the bad direction)
// or significant (Mann-Whitney U, p < 0.01). Pure: the figures in, the comparison out.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/stats/run_figures.h"

namespace perfscale::stats {

// The Mann-Whitney U test of two independent samples (is one stochastically larger?).
struct MannWhitney {
  double u = 0;  // U of the first sample: pairs (x from a, y from b) with x > y, ties count 1/2
  double z = 0;  // positive when the first sample tends to be larger
  double p = 1;  // two-sided
};

// The normal approximation with the tie correction of the variance and a continuity
// correction of 1/2 toward the mean; p = 1 when either sample is empty or every value ties.
MannWhitney mannWhitneyU(const std::vector<int64_t>& a, const std::vector<int64_t>& b);

// What a figure measures decides its noise floor and which way is worse.
enum class FigureKind {
  Latency,  // ms; worse up
  Count,    // errors, 429s, failed VMIs; worse up
  Rate,     // achieved creates/s; worse down
  Info,     // shown, never a regression (sample counts)
};

struct CompareOptions {
  double tolerance = 0.10;  // relative change, of the baseline's value
  std::chrono::nanoseconds latencyFloor = std::chrono::milliseconds(50);
  double rateFloor = 0.01;  // of the baseline's asked rate (of its achieved rate when unpaced)
  double countFloor = 0;    // any increase past the tolerance counts
  double significance = 0.01;
};

// The regression rule: the change from `a` to `b` is in the bad direction for `kind`, its
// size is past `floor` (absolute, in the figure's unit) and past tolerance * |a| (from a
// baseline of 0 any change past the floor is past the tolerance).
bool isRegression(FigureKind kind, double a, double b, double tolerance, double floor);

struct ConfigDifference {
  std::string name;  // "VMIs asked", "qps", "scenario workloads[0].count", "tool version"
  std::string a;
  std::string b;
};

struct ComparisonRow {
  std::string name;  // named as thresholds name figures: Running.P99, create.pods.P50, 429s
  std::string unit;  // "ms", "", "/s"
  FigureKind kind = FigureKind::Info;
  std::optional<double> a;  // absent when that run has no such figure
  std::optional<double> b;
  std::optional<double> change;          // b - a
  std::optional<double> relativeChange;  // (b - a) / a; absent when a is 0 or either is absent
  std::optional<double> p;               // Mann-Whitney, for figures of a distribution
  bool regression = false;
  bool significant = false;
};

struct RunComparison {
  // Settings of both runs, each marked when it differs.
  std::vector<ConfigDifference> config;       // every setting compared, equal ones too
  std::vector<ConfigDifference> differences;  // the ones that differ
  bool comparable = true;                     // same VMIs asked and same scenario
  std::string warning;                        // why not, when not
  std::vector<ComparisonRow> rows;
  bool regressed = false;  // any row is a regression
};

RunComparison compareRuns(const RunFigures& a, const RunFigures& b, const CompareOptions& options);

}  // namespace perfscale::stats
