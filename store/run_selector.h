// Names a run on the command line: FILE (its latest run), FILE:UUID, FILE:UUID-PREFIX,
// FILE:-1 (the latest), FILE:-2 (the one before), ...
#pragma once

#include <string>

#include "store/trace_reader.h"
#include "store/trace_rows.h"

namespace perfscale::store {

struct RunSelector {
  std::string path;
  std::string run;  // empty for the latest; "-N" for the N-th latest; else a uuid or its prefix
};

// Splits at the last ':' unless the whole text names an existing file (paths may hold ':').
RunSelector parseRunSelector(const std::string& text);

// The run `selector` names among `reader`'s runs; a TraceError that lists the candidates
// when it names none or several.
StoredRun selectRun(const TraceReader& reader, const RunSelector& selector);

}  // namespace perfscale::store
