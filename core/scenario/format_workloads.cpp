// The load generator's second file format: globalConfig{qps, burst} and a list of
// workloads, each iterating over template objects. Read as the original wrote it; absent
// fields take the first design's flag defaults.
#include "core/scenario/formats.h"
#include "core/scenario/names.h"

namespace perfscale::scenario {
namespace {

ObjectTemplate readObject(const YAML::Node& node, const ReadContext& context, Workload& workload,
                          std::optional<std::string>& namespaceSeen, std::size_t index) {
  YamlFields fields(
      node, context.file,
      "object " + std::to_string(index + 1) + " of workload \"" + workload.name + "\"");
  ObjectTemplate object;
  object.replicas = context.flags.vmiCount.value_or(object.replicas);
  if (auto replicas = fields.integer("replicas", 1)) object.replicas = *replicas;
  InputVars vars;
  if (auto inputVars = fields.node("inputVars")) vars = readInputVars(*inputVars, context, true);
  takeNamespace(workload, namespaceSeen, vars);
  object.inputVars = vars.values;
  const auto path = fields.string("templateFile");
  fields.finish();
  if (!path) {
    throw ScenarioError(fields.location(), "object " + std::to_string(index + 1) +
                                               " of workload \"" + workload.name +
                                               "\" has no templateFile");
  }
  GoTemplate tmpl = loadTemplateFile(fields, *path, context);
  requireTemplateVariables(tmpl, object.inputVars);
  object.source = std::move(tmpl);
  return object;
}

Workload readWorkload(const YAML::Node& node, const ReadContext& context, std::size_t index,
                      std::optional<std::string>& uuid) {
  YamlFields fields(node, context.file, "workload " + std::to_string(index + 1));
  Workload workload;
  workload.kind = WorkloadKind::Iterations;
  workload.definedAt = fields.location();
  workload.name = fields.string("name").value_or("workload-" + std::to_string(index + 1));
  if (auto given = fields.string("uuid")) {
    if (uuid && *uuid != *given)
      fields.fail("uuid", "differs from the uuid of an earlier workload; a run has one uuid");
    uuid = *given;
  }
  if (auto v = fields.integer("iterationCount", 1)) workload.iterationCount = *v;
  if (auto v = fields.duration("iterationInterval")) workload.iterationInterval = *v;
  if (auto v = fields.boolean("iterationCreationWait")) workload.iterationCreationWait = *v;
  if (auto v = fields.boolean("iterationCleanup")) workload.iterationCleanup = *v;
  if (auto v = fields.boolean("iterationDeletionWait")) workload.iterationDeletionWait = *v;
  if (auto v = fields.boolean("namespacedIterations")) workload.namespacedIterations = *v;
  if (auto v = fields.duration("maxWaitTimeout")) workload.maxWaitTimeout = *v;
  if (auto v = fields.number("qps", 0, 1e9)) workload.qps = *v;
  if (auto v = fields.integer("burst", 0)) workload.burst = *v;
  if (auto v = fields.duration("waitWhenFinished")) workload.waitWhenFinished = *v;
  const auto objects = fields.node("objects");
  fields.finish();
  if (!objects || !objects->IsSequence() || objects->size() == 0) {
    throw ScenarioError(objects ? fields.location("objects") : fields.location(),
                        "workload \"" + workload.name +
                            "\" needs a list of objects (templateFile, replicas, inputVars)");
  }
  std::optional<std::string> namespaceSeen;
  for (std::size_t i = 0; i < objects->size(); ++i)
    workload.objects.push_back(readObject((*objects)[i], context, workload, namespaceSeen, i));
  return workload;
}

}  // namespace

Scenario readWorkloadsFormat(const YAML::Node& root, const ReadContext& context) {
  YamlFields fields(root, context.file, "the scenario (load generator workloads format)");
  Scenario scenario;
  scenario.format = ScenarioFormat::OriginalWorkloads;
  scenario.file = context.file;
  // The format has no scenario name: the file's name stands for it, when it can be a label.
  const std::string stem = std::filesystem::path(context.file).stem().string();
  if (!stem.empty() && !labelValueProblem(stem)) scenario.name = stem;

  if (auto global = fields.node("globalConfig"))
    readClientLimits(*global, context, "globalConfig", scenario);
  const auto listed = fields.node("workloads");
  fields.finish();
  const YAML::Node workloads = requireWorkloads(listed, fields);
  std::optional<std::string> uuid;
  for (std::size_t i = 0; i < workloads.size(); ++i)
    scenario.workloads.push_back(readWorkload(workloads[i], context, i, uuid));
  if (uuid) scenario.uuid = *uuid;
  return scenario;
}

}  // namespace perfscale::scenario
