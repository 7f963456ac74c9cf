// Prometheus' figures of a run and their pairing with the trace's (see prometheus_figures.h).
#include "core/stats/prometheus_figures.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "core/stats/figure_metrics.h"

namespace perfscale::stats {
namespace {

struct QuantileName {
  const char* suffix;  // P50
  std::optional<double> PrometheusQuantiles::*value;
};
constexpr std::array<QuantileName, 3> kQuantiles = {{{"P50", &PrometheusQuantiles::p50},
                                                     {"P95", &PrometheusQuantiles::p95},
                                                     {"P99", &PrometheusQuantiles::p99}}};

// The three histograms, with perfscale-audit's name prefix and our figure for the trace's side.
struct Histogram {
  const char* prefix;  // vmiCreationToRunningSeconds
  const char* what;    // creation -> Running
  const char* figure;  // Running.server.
  PrometheusQuantiles PrometheusFigures::*quantiles;
};
constexpr std::array<Histogram, 3> kHistograms = {{
    {"vmiCreationToRunningSeconds", "creation -> Running", "Running.server.",
     &PrometheusFigures::creationToRunning},
    {"vmiDeletionToSucceededSeconds", "deletion -> Succeeded", "deleted.Succeeded.server.",
     &PrometheusFigures::deletionToSucceeded},
    {"vmiDeletionToFailedSeconds", "deletion -> Failed", "deleted.Failed.server.",
     &PrometheusFigures::deletionToFailed},
}};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// VMIs in `phase` (any case) at the run's last recorded second; none without a timeline.
std::optional<double> vmisAtEnd(const RunFigures& run, const std::string& phase) {
  if (run.seconds.empty()) return std::nullopt;
  const auto& last = run.seconds.back();
  for (size_t i = 0; i < run.phaseOrder.size() && i < last.byPhase.size(); ++i)
    if (lower(run.phaseOrder[i]) == lower(phase)) return static_cast<double>(last.byPhase[i]);
  return 0.0;
}

std::optional<double> difference(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b) return std::nullopt;
  return *a - *b;
}

}  // namespace

PrometheusWindow runWindow(const RunFigures& run) {
  PrometheusWindow window;
  window.startWallNs = run.info.startedWallNs;
  const int64_t ns = std::max<int64_t>(0, run.duration.count());
  window.endWallNs = window.startWallNs + ns;
  window.seconds = std::max<int64_t>(1, (ns + 999'999'999) / 1'000'000'000);
  return window;
}

std::map<std::string, double> auditValues(const PrometheusFigures& figures) {
  std::map<std::string, double> values;
  for (const Histogram& histogram : kHistograms) {
    const PrometheusQuantiles& q = figures.*histogram.quantiles;
    for (const QuantileName& quantile : kQuantiles)
      if (const auto& value = q.*quantile.value)
        values[std::string(histogram.prefix) + quantile.suffix] = *value;
  }
  for (const auto& r : figures.requests)
    values[r.verb + "-" + r.resource + "-count"] += r.count;
  for (const auto& [phase, count] : figures.phaseCounts)
    values[phase + "-phase-count"] += count;
  return values;
}

std::optional<double> auditValue(const PrometheusFigures& figures, const std::string& name) {
  const auto values = auditValues(figures);
  if (const auto it = values.find(name); it != values.end()) return it->second;
  if (endsWith(name, "-count")) return 0.0;
  return std::nullopt;
}

std::vector<FigurePair> pairFigures(const PrometheusFigures& prometheus, const RunFigures& run) {
  std::vector<FigurePair> pairs;
  for (const Histogram& histogram : kHistograms) {
    const PrometheusQuantiles& q = prometheus.*histogram.quantiles;
    for (const QuantileName& quantile : kQuantiles) {
      FigurePair pair;
      pair.name = std::string(histogram.prefix) + quantile.suffix;
      pair.what = std::string(histogram.what) + " " + quantile.suffix;
      pair.seconds = true;
      pair.traceName = std::string(histogram.figure) + quantile.suffix;
      pair.prometheus = q.*quantile.value;
      pair.trace = metricValue(run, pair.traceName);
      // A deletion end neither side saw is not a figure of this run.
      if (!q.hasSeries && !pair.trace && histogram.quantiles != kHistograms[0].quantiles) continue;
      pair.difference = difference(pair.prometheus, pair.trace);
      pairs.push_back(std::move(pair));
    }
  }
  for (const auto& r : prometheus.requests) {
    FigurePair pair;
    pair.name = r.verb + "-" + r.resource + "-count";
    pair.what = r.verb + " " + r.resource;
    pair.prometheus = r.count;
    for (const auto& ours : run.requests) {
      if (ours.verb != lower(r.verb) || ours.resource != r.resource) continue;
      pair.traceName = ours.verb + "." + ours.resource + ".count";
      pair.trace = static_cast<double>(ours.requests);
    }
    pair.difference = difference(pair.prometheus, pair.trace);
    pairs.push_back(std::move(pair));
  }
  std::vector<std::string> phases;
  for (const auto& [phase, count] : prometheus.phaseCounts)
    phases.push_back(phase);
  // Phases the trace ends with that Prometheus does not count.
  if (!run.seconds.empty()) {
    const auto& last = run.seconds.back();
    for (size_t i = 0; i < run.phaseOrder.size() && i < last.byPhase.size(); ++i) {
      const bool counted = std::any_of(phases.begin(), phases.end(), [&](const std::string& p) {
        return lower(p) == lower(run.phaseOrder[i]);
      });
      if (last.byPhase[i] > 0 && !counted) phases.push_back(lower(run.phaseOrder[i]));
    }
  }
  for (const auto& phase : phases) {
    FigurePair pair;
    pair.name = phase + "-phase-count";
    pair.what = "VMIs " + phase + " at the end";
    const auto it = prometheus.phaseCounts.find(phase);
    pair.prometheus = it == prometheus.phaseCounts.end() ? 0.0 : it->second;
    pair.trace = vmisAtEnd(run, phase);
    if (pair.trace) pair.traceName = "VMIs in the phase at the run's last second";
    pair.difference = difference(pair.prometheus, pair.trace);
    pairs.push_back(std::move(pair));
  }
  return pairs;
}

std::optional<std::string> missingPrometheusData(const PrometheusFigures& prometheus,
                                                 const RunFigures& run) {
  const auto running = metricValue(run, "Running.count");
  if (!prometheus.creationToRunning.hasSeries && running && *running > 0) {
    return "kubevirt_vmi_phase_transition_time_from_creation_seconds_bucket{phase=\"Running\"}";
  }
  if (!prometheus.hasRequestSeries) {
    return "kubevirt_rest_client_requests_total{pod=~\"virt-(controller|handler|operator|api).*\"}";
  }
  return std::nullopt;
}

}  // namespace perfscale::stats
