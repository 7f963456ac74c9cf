// `kubectl perfscale job collect RUN_UUID`: the traces of a sharded run's pods, copied out
// through pods/exec (see trace_handoff.h), and the merge command to run next.
#pragma once

namespace perfscale::plugin {

int jobCollectMain(int argc, char** argv);

}  // namespace perfscale::plugin
