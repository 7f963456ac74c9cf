// Threshold flags and their check against figures (see report_thresholds.h).
#include "plugin/report_thresholds.h"

#include "core/stats/figure_metrics.h"

namespace perfscale::plugin {

void addThresholdFlags(cxxopts::OptionAdder& add) {
  add("threshold", "METRIC OP VALUE, e.g. 'Running.P99<=60s' (repeatable); exit 4 if one fails",
      cxxopts::value<std::vector<std::string>>(), "EXPR");
  add("thresholds", "Thresholds file: kube-burner's or perfscale-audit's format",
      cxxopts::value<std::string>(), "FILE");
}

std::vector<stats::Threshold> thresholdsFromFlags(const cxxopts::ParseResult& parsed,
                                                  bool withFile) {
  std::vector<stats::Threshold> thresholds;
  if (parsed.count("threshold")) {
    for (const auto& expression : parsed["threshold"].as<std::vector<std::string>>())
      thresholds.push_back(stats::parseThreshold(expression));
  }
  if (withFile && parsed.count("thresholds")) {
    for (auto& threshold : stats::readThresholdsFile(parsed["thresholds"].as<std::string>()))
      thresholds.push_back(std::move(threshold));
  }
  return thresholds;
}

std::vector<render::CheckedThreshold> checkThresholds(
    const std::vector<stats::Threshold>& thresholds, const stats::RunFigures& run) {
  std::vector<render::CheckedThreshold> checked;
  for (const auto& result : stats::evaluate(
           thresholds, [&](const std::string& name) { return stats::metricValue(run, name); })) {
    checked.push_back(render::CheckedThreshold{result.threshold.text, result.actual, result.limit,
                                               result.passed, result.note});
  }
  return checked;
}

}  // namespace perfscale::plugin
