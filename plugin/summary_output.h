// What `run` prints: the live progress line and the closing summary (text or JSON).
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "core/engine/run_engine.h"
#include "core/scenario/scenario.h"
#include "core/stats/run_summary.h"

namespace perfscale::plugin {

// `live`: one line rewritten in place on a terminal; else a log line every ten seconds.
std::function<void(const engine::Progress&)> progressPrinter(bool live);

void printSummary(std::ostream& out, const std::string& format, const scenario::Scenario& scenario,
                  const engine::RunReport& report, const stats::RunSummary& summary,
                  const std::string& tracePath, RunClock elapsed);

}  // namespace perfscale::plugin
