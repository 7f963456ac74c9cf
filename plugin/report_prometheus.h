// `report --prometheus URL`: where Prometheus is and how to reach it (flags, else the
// perfscale-audit input given to --thresholds), and the run's figures asked of it, paired with
// the trace's and judged against the input's expectations.
#pragma once

#include <cxxopts.hpp>
#include <optional>
#include <string>

#include "core/prometheus/prometheus_client.h"
#include "core/stats/audit_input.h"
#include "plugin/render/renderer.h"

namespace perfscale::plugin {

void addPrometheusFlags(cxxopts::OptionAdder& add);

struct PrometheusSetup {
  std::optional<prometheus::Connection> connection;  // none: no Prometheus to ask
  std::optional<stats::AuditInput> audit;            // --thresholds FILE, when it is one
};

// Reads the flags and, when --thresholds names a perfscale-audit input, that file (its
// prometheus* fields fill in what the flags leave out, for the same URL). Throws
// std::runtime_error naming the flag, file or field for what cannot be used.
PrometheusSetup prometheusSetup(const cxxopts::ParseResult& parsed);

// Asks Prometheus for the run's figures over its window, pairs them with the trace's and
// judges the audit input's expectations (when given). Throws prometheus::PrometheusError for
// an unreachable Prometheus, refused credentials, an answer that is not the API's, a rejected
// query, or no data for a metric the run needs.
render::PrometheusComparison comparePrometheus(const PrometheusSetup& setup,
                                               const stats::RunFigures& run);

// The expectations as thresholds of the report (exit 4 when one is exceeded).
std::vector<render::CheckedThreshold> checkedAudit(const render::PrometheusComparison& comparison);

}  // namespace perfscale::plugin
