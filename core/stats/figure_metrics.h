// Figures by name, for thresholds: `Running.P99`, `Running.server.P95`, `deleted.P99`,
// `create.P99`, `create.errors`, `429s`, `rate.achieved`, ... (the README lists every name).
// Latencies are in seconds, counts and rates as they are.
#pragma once

#include <optional>
#include <string>

#include "core/stats/run_figures.h"

namespace perfscale::stats {

// The value of metric `name` in `run`; nothing when the name is not a metric or the run has
// no such figure (no VMI reached the phase, no such request).
std::optional<double> metricValue(const RunFigures& run, const std::string& name);

}  // namespace perfscale::stats
