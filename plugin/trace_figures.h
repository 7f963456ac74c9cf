// A recorded run's figures: its records read back from the trace and fed to the FigureBuilder
// that `run` feeds live, so a report of a trace and the summary of the run that wrote it are
// the same figures.
#pragma once

#include "core/stats/run_figures.h"
#include "store/trace_reader.h"

namespace perfscale::plugin {

stats::RunFigures figuresOf(const store::TraceReader& reader, const store::StoredRun& run);

}  // namespace perfscale::plugin
