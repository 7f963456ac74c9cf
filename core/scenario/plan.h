// --dry-run: what a scenario would do, as text, without a cluster: workloads, iterations,
// namespaces, counts, pacing, waits, and the first object each workload would create.
#pragma once

#include <string>

#include "core/scenario/scenario.h"

namespace perfscale::scenario {

// Pure: the same scenario gives the same text. Throws ScenarioError only when a template
// fails to render, which a validated scenario's do not.
std::string describePlan(const Scenario& scenario);

// How long `count` creations take through a token bucket of `qps` and `burst` that starts
// full: (count - burst) / qps, or zero when qps is 0 (unlimited) or count <= burst.
Duration creationTime(int count, double qps, int burst);

}  // namespace perfscale::scenario
