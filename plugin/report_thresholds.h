// Thresholds as `report` and `run` take them (--threshold EXPR, --thresholds FILE) and as they
// are checked against a run's figures. A failed threshold makes either command exit 4.
#pragma once

#include <cxxopts.hpp>
#include <vector>

#include "core/stats/run_figures.h"
#include "core/stats/thresholds.h"
#include "plugin/render/renderer.h"

namespace perfscale::plugin {

inline constexpr int kThresholdFailedExit = 4;

void addThresholdFlags(cxxopts::OptionAdder& add);
// Throws stats::ThresholdError naming the expression or file:line for what cannot be read.
// `withFile` false leaves --thresholds FILE to the caller (a perfscale-audit input judged
// against Prometheus' figures).
std::vector<stats::Threshold> thresholdsFromFlags(const cxxopts::ParseResult& parsed,
                                                  bool withFile = true);
std::vector<render::CheckedThreshold> checkThresholds(
    const std::vector<stats::Threshold>& thresholds, const stats::RunFigures& run);

}  // namespace perfscale::plugin
