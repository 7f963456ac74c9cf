// perfscale-audit's queries over a run's window, and the figures their answers give. The
// histograms and counters are summed over every series (every virt-controller, every node):
// perfscale-audit takes the first series of a quantile's answer, which is one pod's among
// several.
#pragma once

#include <string>

#include "core/prometheus/prometheus_client.h"
#include "core/stats/prometheus_figures.h"

namespace perfscale::prometheus {

// histogram_quantile(0.P, sum by (le) (rate(<histogram>_bucket{phase="PHASE"}[Ws])))
std::string quantileQuery(const std::string& histogram, const std::string& phase, int percent,
                          int64_t windowSeconds);
// sum by (verb, resource) (increase(kubevirt_rest_client_requests_total{pod=~"virt-..."}[Ws]))
std::string requestCountQuery(int64_t windowSeconds);
// sum by (phase) (kubevirt_vmi_phase_count)
std::string phaseCountQuery();

// Asks `client` each query at the window's end. Throws PrometheusError as Client::query does.
stats::PrometheusFigures queryAuditFigures(Client& client, const stats::PrometheusWindow& window);

}  // namespace perfscale::prometheus
