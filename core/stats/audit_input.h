// KubeVirt perfscale-audit's input file (JSON, or YAML), and its threshold expectations judged
// against figures named as perfscale-audit names them. thresholds.cpp turns the same
// expectations into thresholds on the trace's figures when there is no Prometheus to ask.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/scenario/scenario_error.h"

namespace perfscale::stats {

// One entry of thresholdExpectations: {value} or {metric, ratio}, never both.
struct AuditExpectation {
  std::string name;  // a perfscale-audit result name: vmiCreationToRunningSecondsP95, ...
  std::optional<double> value;
  std::string metric;  // the other result of a ratio
  std::optional<double> ratio;
  scenario::SourceLocation where;        // of the name
  scenario::SourceLocation metricWhere;  // of the metric's value
};

struct AuditInput {
  std::string file;
  // Where Prometheus is: used when report's --prometheus flags are absent. The time fields
  // (startTime, endTime, duration, prometheusScrapeInterval) are accepted and not used: the
  // window is the run's own.
  std::string prometheusURL;
  std::string prometheusUserName;
  std::string prometheusPassword;
  std::string prometheusBearerToken;
  // Read as named: false turns verification off. perfscale-audit reads it inverted.
  std::optional<bool> prometheusVerifyTLS;
  std::vector<AuditExpectation> expectations;  // in file order
};

// Reads the perfscale-audit input `root` of `file`. Throws scenario::ScenarioError naming
// file:line:col and the field for a field of the wrong type, an unknown field, an entry with
// both value and metric, a metric without ratio or a ratio without metric.
AuditInput parseAuditInput(const YAML::Node& root, const std::string& file);

// The perfscale-audit input in `path`; none when the file is something else (no
// thresholdExpectations at its top). Throws ThresholdError for an unreadable file, bad JSON or
// YAML, and what parseAuditInput refuses.
std::optional<AuditInput> readAuditInput(const std::string& path);

// Whether `name` is a result this tool asks Prometheus for: the creation and deletion
// quantiles, <VERB>-<resource>-count, <phase>-phase-count. Throws ThresholdError naming
// file:line and what to do for any other name (CPU and memory results, typos).
void requirePrometheusResult(const std::string& name, const scenario::SourceLocation& where);

// An expectation judged as perfscale-audit writes it in its results file.
struct AuditJudgement {
  AuditExpectation expectation;
  std::optional<double> value;           // the result; none when there is no such figure
  std::optional<double> thresholdValue;  // the value, or ratio * the other result
  std::optional<double> thresholdRatio;  // of a ratio: result / other, as perfscale-audit writes
  bool exceeded = true;                  // a threshold that cannot be judged does not pass
  std::string note;                      // why it could not be judged
};

using AuditLookup = std::function<std::optional<double>(const std::string& name)>;

// Judges each expectation: {value} is exceeded when result > value; {metric, ratio} when
// result > ratio * other (perfscale-audit flags result * ratio < other instead, the inverse
// of what a ratio limit says). A missing result or other fails, with a note.
std::vector<AuditJudgement> judgeAudit(const std::vector<AuditExpectation>& expectations,
                                       const AuditLookup& lookup);

}  // namespace perfscale::stats
