// What KubeVirt's own metrics say about a run, as perfscale-audit asks Prometheus for them over
// the run's window, and those figures paired with the trace's figures of the same run. Pure:
// the queries live in core/prometheus, the rendering in plugin/render.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/stats/run_figures.h"

namespace perfscale::stats {

// The window a run's Prometheus figures cover: [end - seconds, end], evaluated at `end`.
struct PrometheusWindow {
  int64_t startWallNs = 0;  // the run's start
  int64_t endWallNs = 0;    // the run's end: the queries' evaluation time
  int64_t seconds = 1;      // the range of rate() and increase(): the run's length, rounded up
};

// The run's window: from its start to its end, at least one second.
PrometheusWindow runWindow(const RunFigures& run);

// histogram_quantile over one of KubeVirt's phase-transition histograms.
struct PrometheusQuantiles {
  bool hasSeries = false;  // Prometheus had the histogram in the window (the answer was not empty)
  // Seconds; none when nothing was observed in the window (Prometheus answers NaN).
  std::optional<double> p50;
  std::optional<double> p95;
  std::optional<double> p99;
};

struct PrometheusRequestCount {
  std::string verb;      // as KubeVirt labels it: PATCH, UPDATE, CREATE, ...
  std::string resource;  // virtualmachineinstances, pods, ...
  double count = 0;      // increase() over the window: extrapolated, not always whole
};

struct PrometheusFigures {
  std::string url;
  PrometheusWindow window;
  // kubevirt_vmi_phase_transition_time_from_creation_seconds{phase="Running"}
  PrometheusQuantiles creationToRunning;
  // kubevirt_vmi_phase_transition_time_from_deletion_seconds{phase="Succeeded"|"Failed"}
  PrometheusQuantiles deletionToSucceeded;
  PrometheusQuantiles deletionToFailed;
  // kubevirt_rest_client_requests_total of virt-controller/handler/operator/api, by verb and
  // resource; as perfscale-audit, counts below 1 are left out. Requests of KubeVirt's
  // components, not of this tool.
  bool hasRequestSeries = false;
  std::vector<PrometheusRequestCount> requests;
  // kubevirt_vmi_phase_count at the window's end, by phase as labelled (KubeVirt: lowercase);
  // counts below 1 left out.
  std::map<std::string, double> phaseCounts;
};

// perfscale-audit's result names with their values: vmiCreationToRunningSecondsP50|P95|P99,
// vmiDeletionToSucceededSecondsP50..., vmiDeletionToFailedSecondsP50..., <VERB>-<resource>-count,
// <phase>-phase-count. A quantile Prometheus had no value for is left out.
std::map<std::string, double> auditValues(const PrometheusFigures& figures);

// The value of a perfscale-audit result name: counts Prometheus left out are 0 (nothing
// counted); a quantile it had no value for is none.
std::optional<double> auditValue(const PrometheusFigures& figures, const std::string& name);

// One figure by Prometheus beside the trace's figure for the same thing.
struct FigurePair {
  std::string name;      // perfscale-audit's result name
  std::string what;      // "creation -> Running P50", "PATCH virtualmachineinstances"
  bool seconds = false;  // a latency (seconds), else a count
  // The trace's side: our metric name (Running.server.P50), or what it reads for phase counts;
  // "" when the trace has none.
  std::string traceName;
  std::optional<double> prometheus;
  std::optional<double> trace;
  std::optional<double> difference;  // prometheus - trace, when both are known
};

// Pairs Prometheus' figures with the trace's: the quantiles with the trace's server-clock
// percentiles (creation -> Running, deletion -> Succeeded/Failed), request counts with this
// tool's requests of the same verb and resource where it made any, phase counts with the VMIs
// in that phase at the run's last second. Rows in perfscale-audit's order: latencies, requests,
// phases.
std::vector<FigurePair> pairFigures(const PrometheusFigures& prometheus, const RunFigures& run);

// The metric Prometheus has no data for although the run says it must have, with why; none
// when nothing needed is missing. Needed: the creation histogram when VMIs reached Running, and
// the request counter. (Deletion histograms and phase counts may be absent: KubeVirt releases
// before 1.0 lack the former, and the latter vanish with the VMIs.)
std::optional<std::string> missingPrometheusData(const PrometheusFigures& prometheus,
                                                 const RunFigures& run);

}  // namespace perfscale::stats
