// The Prometheus text exposition format, version 0.0.4: what GET /metrics answers.
#pragma once

#include <string>

#include "core/metrics/registry.h"

namespace perfscale::metrics {

// The Content-Type of the text format.
inline constexpr const char* kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

// Every family of `registry` (after its collect()) with HELP and TYPE lines; each series with the
// constant labels first. Histograms as _bucket (cumulative, le ending with +Inf), _sum, _count.
std::string exposition(const Registry& registry);

// A label value as the format quotes it: backslash, double quote and newline escaped.
std::string escapeLabelValue(const std::string& value);
// A HELP text: backslash and newline escaped.
std::string escapeHelp(const std::string& help);
// A sample value: the shortest text that reads back as `value`; +Inf, -Inf, NaN.
std::string formatValue(double value);

}  // namespace perfscale::metrics
