// How a shard in a pod hands its trace to `kubectl perfscale job collect` when no volume
// outlives the pod: after the run, `run --linger` closes the trace, marks it closed
// (<trace>.closed) and waits; the collector runs `job send-trace <trace>` in the container
// through pods/exec (the file on stdout), checks the copy, then `job mark-collected <trace>`
// (<trace>.collected), and the shard exits. Marking is a second command so that a copy that
// broke on the way leaves the shard waiting for another try.
#pragma once

#include <string>

#include "core/scenario/duration.h"

namespace perfscale::plugin {

// send-trace's exit code when the trace's run has not ended yet (no <trace>.closed): the
// collector says so and skips the pod instead of failing.
inline constexpr int kTraceNotClosedExit = 3;

std::string closedMarker(const std::string& trace);     // <trace>.closed
std::string collectedMarker(const std::string& trace);  // <trace>.collected

// Before a run with --linger: markers left by an earlier run of the same trace file go.
void removeHandoffMarkers(const std::string& trace);

// After a run with --linger (its trace closed): marks the trace closed, then waits until it is
// collected, `limit` has passed, or SIGINT or SIGTERM arrives (at once), whichever comes first;
// removes both markers. The process's handlers for those signals are restored afterwards.
void lingerForCollection(const std::string& trace, scenario::Duration limit,
                         const std::string& uuid);

// `kubectl-perfscale job send-trace PATH` (in the container, for the collector): the closed
// trace on stdout. Exit 0; kTraceNotClosedExit while its run goes on; 1 for errors (stderr).
int sendTraceMain(int argc, char** argv);
// `kubectl-perfscale job mark-collected PATH`: tells the lingering run it may exit.
int markCollectedMain(int argc, char** argv);

}  // namespace perfscale::plugin
