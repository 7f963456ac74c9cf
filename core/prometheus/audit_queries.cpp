// perfscale-audit's queries and their figures (see audit_queries.h).
#include "core/prometheus/audit_queries.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace perfscale::prometheus {
namespace {

constexpr const char* kCreation = "kubevirt_vmi_phase_transition_time_from_creation_seconds";
constexpr const char* kDeletion = "kubevirt_vmi_phase_transition_time_from_deletion_seconds";

stats::PrometheusQuantiles quantiles(Client& client, const std::string& histogram,
                                     const std::string& phase, const stats::PrometheusWindow& w,
                                     double at) {
  stats::PrometheusQuantiles q;
  for (const auto& [percent, value] :
       {std::pair<int, std::optional<double>*>{50, &q.p50}, {95, &q.p95}, {99, &q.p99}}) {
    const auto samples = client.query(quantileQuery(histogram, phase, percent, w.seconds), at);
    if (samples.empty()) continue;
    q.hasSeries = true;
    // NaN: no observation in the window; +Inf: past the last finite bucket, no figure either.
    if (std::isfinite(samples.front().value)) *value = samples.front().value;
  }
  return q;
}

std::string label(const Sample& sample, const std::string& name) {
  const auto it = sample.labels.find(name);
  return it == sample.labels.end() ? "" : it->second;
}

}  // namespace

std::string quantileQuery(const std::string& histogram, const std::string& phase, int percent,
                          int64_t windowSeconds) {
  return "histogram_quantile(0." + std::to_string(percent) + ", sum by (le) (rate(" + histogram +
         "_bucket{phase=\"" + phase + "\"}[" + std::to_string(windowSeconds) + "s])))";
}

std::string requestCountQuery(int64_t windowSeconds) {
  return "sum by (verb, resource) (increase(kubevirt_rest_client_requests_total{pod=~\"virt-("
         "controller|handler|operator|api).*\"}[" +
         std::to_string(windowSeconds) + "s]))";
}

std::string phaseCountQuery() {
  return "sum by (phase) (kubevirt_vmi_phase_count)";
}

stats::PrometheusFigures queryAuditFigures(Client& client, const stats::PrometheusWindow& window) {
  stats::PrometheusFigures figures;
  figures.url = client.url();
  figures.window = window;
  const double at = static_cast<double>(window.endWallNs) / 1e9;
  figures.creationToRunning = quantiles(client, kCreation, "Running", window, at);
  figures.deletionToSucceeded = quantiles(client, kDeletion, "Succeeded", window, at);
  figures.deletionToFailed = quantiles(client, kDeletion, "Failed", window, at);

  const auto requests = client.query(requestCountQuery(window.seconds), at);
  figures.hasRequestSeries = !requests.empty();
  for (const auto& sample : requests) {
    const std::string verb = label(sample, "verb");
    const std::string resource = label(sample, "resource");
    // As perfscale-audit: fewer than one request is none, and a series without the labels
    // names nothing.
    if (verb.empty() || resource.empty() || !(sample.value >= 1)) continue;
    figures.requests.push_back({verb, resource, sample.value});
  }
  std::sort(figures.requests.begin(), figures.requests.end(), [](const auto& a, const auto& b) {
    return std::tie(a.verb, a.resource) < std::tie(b.verb, b.resource);
  });

  for (const auto& sample : client.query(phaseCountQuery(), at)) {
    const std::string phase = label(sample, "phase");
    if (phase.empty() || !(sample.value >= 1)) continue;
    figures.phaseCounts[phase] += sample.value;
  }
  return figures;
}

}  // namespace perfscale::prometheus
