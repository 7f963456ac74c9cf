// Thresholds for CI gates (`Running.P99 <= 60s`, `rate.achieved >= 0.99*rate.asked`), written
// on the command line or read from the threshold files kube-burner and perfscale-audit users
// already have, and judged against a run's figures through a lookup: nothing here knows how a
// figure is computed.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace perfscale::stats {

// A metric's value as the figures give it: seconds for latencies, plain numbers for counts and
// rates; nothing when the run has no such figure (e.g. no VMI reached Running).
using MetricLookup = std::function<std::optional<double>(const std::string& name)>;
// Whether a name is a metric at all: an unknown name is an error in the expression, not a
// failed threshold.
using MetricNames = std::function<bool(const std::string& name)>;

struct Threshold {
  enum class Op { Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual };

  std::string text;    // as the user wrote it, or "file:line: ..." when read from a file
  std::string metric;  // left side
  Op op = Op::LessEqual;
  double value = 0;         // right side constant (seconds for durations), or the factor
  std::string rightMetric;  // non-empty: the right side is value * rightMetric
};

// "<", "<=", ">", ">=", "==", "!=".
const char* symbol(Threshold::Op op);

struct ThresholdResult {
  Threshold threshold;
  std::optional<double> actual;  // the left side's figure; nothing when the run has none
  std::optional<double> limit;   // the right side, evaluated; nothing when its figure is missing
  bool passed = false;
  std::string note;  // why it failed without a comparison, e.g. "no such figure in this run"
};

// What is wrong with an expression or a thresholds file, where, and what to do about it.
class ThresholdError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Our figures' names, case-sensitive:
//   <Phase>.<Stat>, <Phase>.server.<Stat>, <Phase>.count
//       Phase: Pending Scheduling Scheduled Running Succeeded Failed
//       Stat:  P50 P90 P95 P99 min max mean (latency from creation, seconds; `server` by the
//              API server's timestamps, otherwise by the client's clock)
//   deleted.<Stat>, deleted.<End>.<Stat>, deleted.<End>.server.<Stat>    End: Succeeded Failed
//   <verb>.<Stat>, <verb>.<resource>.<Stat>, <verb>.<Count>, <verb>.<resource>.<Count>
//       verb: create get list watch delete deletecollection
//       Count: errors tries count retries 429s; resource: a lowercase plural such as pods
//   429s errors rate.asked rate.achieved vmis.asked vmis.created vmis.failed vmis.neverRan
//   duration
bool isMetricName(const std::string& name);

// Parses `METRIC OP VALUE`, OP one of < <= > >= == !=, VALUE one of
//   a number                    60, 0.5, 1e3 (seconds when METRIC is a latency)
//   a Go duration               500ms, 60s, 1m30s, 2h (ns us µs ms s m h)
//   a percentage                5% (= 0.05)
//   FACTOR*METRIC               0.99*rate.asked, 50%*create.tries
//   a metric                    rate.asked
// Spaces are allowed between tokens. A value that reads as a duration is one: `errors <= 429s`
// compares with 429 seconds; write `1*429s` for the metric. Throws ThresholdError quoting the
// expression and saying what is wrong (no operator, no value, unknown metric per `known`, a
// bad number or unit).
Threshold parseThreshold(const std::string& expression, const MetricNames& known = isMetricName);

// Reads a thresholds file in either format users already have, told apart by its content:
//  - kube-burner's latency thresholds: a list of {conditionType, metric, threshold}, or a
//    measurements list (top level or under `measurements:`) whose vmiLatency/podLatency
//    entries hold such a list under `thresholds`. Each reads as `<Phase>.<Stat> <= threshold`
//    on the client's clock, as kube-burner measures from its watch.
//  - perfscale-audit's input (JSON or YAML): `thresholdExpectations` mapping result names to
//    {value} or {metric, ratio}; each reads as `<figure> <= value` or `<= ratio * <figure>`
//    (perfscale-audit's ratio check is inverted; ours is not).
// Every threshold's text starts with "file:line: ". Throws ThresholdError naming file:line
// for an unreadable file, bad YAML or JSON, an unknown field, a name we have no figure for, or
// a file that sets no threshold at all.
std::vector<Threshold> readThresholdsFile(const std::string& path,
                                          const MetricNames& known = isMetricName);

// Judges each threshold against the run's figures, in order. A threshold whose figure (left or
// right) the run does not have fails, with note "no such figure in this run": a gate that
// cannot be checked does not pass.
std::vector<ThresholdResult> evaluate(const std::vector<Threshold>& thresholds,
                                      const MetricLookup& lookup);

}  // namespace perfscale::stats
