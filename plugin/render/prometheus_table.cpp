// The Prometheus comparison table (see prometheus_table.h).
#include "plugin/render/prometheus_table.h"

namespace perfscale::plugin::render {
namespace {

std::string cell(const std::optional<double>& value) {
  return value ? formatMetric(*value) : "-";
}

std::string signedCell(const std::optional<double>& value) {
  if (!value) return "-";
  return (*value > 0 ? "+" : "") + formatMetric(*value);
}

}  // namespace

Table prometheusTable(const PrometheusComparison& comparison) {
  const auto& figures = comparison.figures;
  Table t;
  t.title = "Prometheus " + figures.url + ", " + utcTime(figures.window.startWallNs) + " to " +
            utcTime(figures.window.endWallNs) + " (" + std::to_string(figures.window.seconds) +
            " s)";
  t.header = {"figure", "perfscale-audit name", "Prometheus", "trace", "difference"};
  t.firstNumberColumn = 2;
  for (const auto& pair : comparison.pairs) {
    t.rows.push_back({pair.what + (pair.seconds ? " (s)" : ""), pair.name, cell(pair.prometheus),
                      cell(pair.trace), signedCell(pair.difference)});
  }
  t.note =
      "difference: Prometheus - trace; latencies: histogram_quantile over KubeVirt's buckets "
      "(interpolated) vs nearest-rank of the server's timestamps; requests: KubeVirt's "
      "components' (Prometheus) vs this tool's of the same verb and resource (trace); phases: "
      "VMIs in the phase at the end; -: no value";
  return t;
}

}  // namespace perfscale::plugin::render
