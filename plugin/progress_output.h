// What `run` prints while it runs: the live progress line (the summary at the end is the
// report of the run, plugin/render/).
#pragma once

#include <functional>

#include "core/engine/run_engine.h"

namespace perfscale::plugin {

// `live`: one line rewritten in place on a terminal; else a log line every ten seconds.
std::function<void(const engine::Progress&)> progressPrinter(bool live);

}  // namespace perfscale::plugin
