// Names of the scenario model's enums and the per-iteration namespace (see scenario.h).
#include "core/scenario/scenario.h"

namespace perfscale::scenario {

std::string ObjectTemplate::describe() const {
  if (const auto* tmpl = std::get_if<GoTemplate>(&source)) return tmpl->origin();
  return "the built-in VMI";
}

const char* toString(WorkloadKind kind) {
  switch (kind) {
    case WorkloadKind::Iterations:
      return "iterations";
    case WorkloadKind::Burst:
      return "burst";
    case WorkloadKind::SteadyState:
      return "steady-state";
  }
  return "?";
}

const char* toString(OnTimeout onTimeout) {
  return onTimeout == OnTimeout::Stop ? "stop" : "continue";
}

const char* toString(ScenarioFormat format) {
  switch (format) {
    case ScenarioFormat::Flags:
      return "flags (the load generator's first design)";
    case ScenarioFormat::Perfscale:
      return "perfscale.kubevirt.io/v1alpha1 Scenario";
    case ScenarioFormat::OriginalWorkloads:
      return "load generator workloads file (second design: globalConfig + workloads)";
    case ScenarioFormat::OriginalSingleWorkload:
      return "load generator single workload file (third design: burst or steady-state)";
  }
  return "?";
}

std::string iterationNamespace(const Workload& workload, int iteration) {
  if (workload.kind == WorkloadKind::Iterations && workload.namespacedIterations)
    return workload.ns + "-" + std::to_string(iteration);
  return workload.ns;
}

}  // namespace perfscale::scenario
