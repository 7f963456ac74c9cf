// The resolved scenario as JSON, recorded in the trace (runs.scenario_resolved). It is a
// document of our own format with every default written out and templates inline, so
// loadScenarioText() reads it back into the same Scenario (how a run is repeated).
#pragma once

#include <string>

#include "core/scenario/json_value.h"
#include "core/scenario/scenario.h"

namespace perfscale::scenario {

JsonValue toJsonValue(const Scenario& scenario);
// Indented by `indent` spaces per level; 0 for one line.
std::string toJson(const Scenario& scenario, int indent = 2);

}  // namespace perfscale::scenario
