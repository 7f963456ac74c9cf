// The tables a report shows, built once from the figures and laid out by the text and markdown
// renderers alike (aligned columns or pipe tables), so the two show the same cells.
#pragma once

#include <string>
#include <vector>

#include "core/stats/run_figures.h"
#include "plugin/render/renderer.h"

namespace perfscale::plugin::render {

struct Table {
  std::string title;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::string note;  // a line under the table (definitions, units)
  // Columns from this one on are numbers (right-aligned in text).
  size_t firstNumberColumn = 1;
};

// Milliseconds with a precision that suits the value: 0.42, 12.3, 1534.
std::string formatMs(int64_t ns);
// Seconds to one decimal: "12.3 s".
std::string formatSeconds(RunClock duration);
// A threshold's value: seconds for latency metrics, else as a number.
std::string formatMetric(double value);
// RFC 3339 in UTC to the second.
std::string utcTime(int64_t wallNs);

// The headline: "run U (name): ok in 12.3 s - message", the VMI counts and rates.
std::vector<std::string> headline(const stats::RunFigures& run);
// Every table of one run, in reading order (tables without rows are left out).
std::vector<Table> runTables(const stats::RunFigures& run);
// Several runs side by side: the key figures, one column per run.
Table comparisonTable(const Report& report);
Table thresholdTable(const std::vector<CheckedThreshold>& thresholds);

}  // namespace perfscale::plugin::render
