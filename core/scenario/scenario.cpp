// Names of the scenario model's enums and the per-iteration namespace (see scenario.h).
#include "core/scenario/scenario.h"

#include <algorithm>

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

std::string objectNamespace(const Workload& workload, int iteration, size_t slot) {
  if (workload.vmisPerNamespace > 0) {
    return workload.ns + "-" + std::to_string(iteration) + "-" +
           std::to_string(slot / static_cast<size_t>(workload.vmisPerNamespace) + 1);
  }
  if (workload.kind == WorkloadKind::Iterations && workload.namespacedIterations)
    return workload.ns + "-" + std::to_string(iteration);
  return workload.ns;
}

size_t objectsPerIteration(const Workload& workload) {
  if (workload.kind != WorkloadKind::Iterations)
    return static_cast<size_t>(std::max(0, workload.count));
  size_t total = 0;
  for (const auto& object : workload.objects)
    total += static_cast<size_t>(std::max(0, object.replicas));
  return total;
}

std::vector<std::string> iterationNamespaces(const Workload& workload, int iteration) {
  if (workload.vmisPerNamespace <= 0) return {objectNamespace(workload, iteration, 0)};
  const auto per = static_cast<size_t>(workload.vmisPerNamespace);
  const size_t count = std::max<size_t>(1, (objectsPerIteration(workload) + per - 1) / per);
  std::vector<std::string> namespaces;
  namespaces.reserve(count);
  for (size_t k = 0; k < count; ++k)
    namespaces.push_back(objectNamespace(workload, iteration, k * per));
  return namespaces;
}

bool perIterationNamespaces(const Workload& workload) {
  return workload.vmisPerNamespace > 0 ||
         (workload.kind == WorkloadKind::Iterations && workload.namespacedIterations);
}

std::optional<std::set<std::string>> fixedNamespaces(const Scenario& scenario) {
  std::set<std::string> namespaces;
  for (const auto& workload : scenario.workloads) {
    if (perIterationNamespaces(workload)) return std::nullopt;
    namespaces.insert(workload.ns);
  }
  return namespaces;
}

}  // namespace perfscale::scenario
