// The scenario as a document of our own format (see scenario_json.h).
#include "core/scenario/scenario_json.h"

namespace perfscale::scenario {
namespace {

JsonValue str(const std::string& text) {
  return JsonValue::string(text);
}
JsonValue duration(Duration value) {
  return JsonValue::string(formatGoDuration(value));
}

JsonValue objectJson(const ObjectTemplate& object, WorkloadKind kind) {
  JsonValue json = JsonValue::object();
  if (const auto* spec = std::get_if<DefaultVmiSpec>(&object.source)) {
    JsonValue& vmi = json.set("vmi", JsonValue::object());
    vmi.set("image", str(spec->image));
    vmi.set("imagePrefix", str(spec->imagePrefix));
    vmi.set("imageTag", str(spec->imageTag));
    vmi.set("cpu", str(spec->cpu));
    vmi.set("memory", str(spec->memory));
    vmi.set("disk", str(toString(spec->disk)));
    vmi.set("emptyDiskCapacity", str(spec->emptyDiskCapacity));
  } else {
    const auto& tmpl = std::get<GoTemplate>(object.source);
    json.set("templateName", str(tmpl.origin()));
    json.set("template", str(tmpl.text()));
    if (!object.inputVars.empty()) {
      JsonValue& vars = json.set("inputVars", JsonValue::object());
      for (const auto& entry : object.inputVars)
        vars.set(entry.first, str(entry.second));
    }
  }
  if (kind == WorkloadKind::Iterations) json.set("replicas", JsonValue::integer(object.replicas));
  return json;
}

JsonValue workloadJson(const Workload& workload) {
  JsonValue json = JsonValue::object();
  json.set("name", str(workload.name));
  json.set("kind", str(toString(workload.kind)));
  json.set("namespace", str(workload.ns));
  json.set("qps", JsonValue::number(workload.qps));
  json.set("burst", JsonValue::integer(workload.burst));
  json.set("maxWaitTimeout", duration(workload.maxWaitTimeout));
  json.set("waitWhenFinished", duration(workload.waitWhenFinished));
  if (workload.vmisPerNamespace > 0)
    json.set("vmisPerNamespace", JsonValue::integer(workload.vmisPerNamespace));
  switch (workload.kind) {
    case WorkloadKind::Iterations:
      json.set("iterationCount", JsonValue::integer(workload.iterationCount));
      json.set("iterationInterval", duration(workload.iterationInterval));
      json.set("iterationCreationWait", JsonValue::boolean(workload.iterationCreationWait));
      json.set("iterationCleanup", JsonValue::boolean(workload.iterationCleanup));
      json.set("iterationDeletionWait", JsonValue::boolean(workload.iterationDeletionWait));
      json.set("namespacedIterations", JsonValue::boolean(workload.namespacedIterations));
      break;
    case WorkloadKind::Burst:
      json.set("count", JsonValue::integer(workload.count));
      json.set("timeout", duration(workload.timeout));
      if (workload.deleteAfter) json.set("deleteAfter", duration(*workload.deleteAfter));
      break;
    case WorkloadKind::SteadyState:
      json.set("count", JsonValue::integer(workload.count));
      json.set("timeout", duration(workload.timeout));
      json.set("churn", JsonValue::integer(workload.churn));
      json.set("minChurnSleep", duration(workload.minChurnSleep));
      break;
  }
  JsonValue& objects = json.set("objects", JsonValue::array());
  for (const ObjectTemplate& object : workload.objects)
    objects.push(objectJson(object, workload.kind));
  return json;
}

}  // namespace

JsonValue toJsonValue(const Scenario& scenario) {
  JsonValue json = JsonValue::object();
  json.set("apiVersion", str("perfscale.kubevirt.io/v1alpha1"));
  json.set("kind", str("Scenario"));
  json.set("name", str(scenario.name));
  json.set("uuid", str(scenario.uuid));
  json.set("onTimeout", str(toString(scenario.onTimeout)));
  json.set("maxErrorRatio", JsonValue::number(scenario.maxErrorRatio));
  json.set("parallelism", JsonValue::integer(scenario.parallelism));
  json.set("keepOnInterrupt", JsonValue::boolean(scenario.keepOnInterrupt));
  if (!scenario.traceFile.empty()) json.set("traceFile", str(scenario.traceFile));
  JsonValue& client = json.set("client", JsonValue::object());
  client.set("qps", JsonValue::number(scenario.clientQps));
  client.set("burst", JsonValue::integer(scenario.clientBurst));
  if (scenario.shard) {
    JsonValue& shard = json.set("shard", JsonValue::object());
    shard.set("index", JsonValue::integer(scenario.shard->index));
    shard.set("count", JsonValue::integer(scenario.shard->count));
  }
  JsonValue& workloads = json.set("workloads", JsonValue::array());
  for (const Workload& workload : scenario.workloads)
    workloads.push(workloadJson(workload));
  return json;
}

std::string toJson(const Scenario& scenario, int indent) {
  return toJsonText(toJsonValue(scenario), indent);
}

}  // namespace perfscale::scenario
