// The checks a Scenario passes before anything is sent to a cluster: ranges, names,
// namespaces, and a trial render of every object so template mistakes (a missing variable,
// an empty or invalid name, replicas or iterations whose names collide) show before a run.
#pragma once

#include "core/scenario/scenario.h"

namespace perfscale::scenario {

// Throws ScenarioError naming the workload (and its file:line) and what to change.
void validate(const Scenario& scenario);

}  // namespace perfscale::scenario
