// The load generator's third file format: one workload of type burst or steady-state
// around one template object. Read as the original wrote it: type defaults to burst,
// timeout to 5m, minChurnSleep to 20s; each wait is bounded by the timeout.
#include <algorithm>
#include <cctype>

#include <spdlog/spdlog.h>

#include "core/scenario/formats.h"
#include "core/scenario/names.h"

namespace perfscale::scenario {

Scenario readSingleWorkloadFormat(const YAML::Node& root, const ReadContext& context) {
  YamlFields fields(root, context.file,
                    "the scenario (load generator single workload format: name, type, count, "
                    "churn, minChurnSleep, timeout, object)");
  Scenario scenario;
  scenario.format = ScenarioFormat::OriginalSingleWorkload;
  scenario.file = context.file;
  Workload workload;
  workload.definedAt = fields.location();
  workload.waitWhenFinished = Duration(0);  // the third design ended at once

  if (auto name = fields.string("name")) {
    if (auto problem = labelValueProblem(*name); problem || name->empty())
      fields.fail("name", problem ? *problem : "it is empty");
    scenario.name = *name;
  }
  workload.name = scenario.name;

  std::string type = fields.string("type").value_or("burst");
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (type == "burst") {
    workload.kind = WorkloadKind::Burst;
  } else if (type == "steady-state") {
    workload.kind = WorkloadKind::SteadyState;
  } else {
    fields.fail("type", "expected burst or steady-state, found \"" + type + "\"");
  }
  if (auto v = fields.duration("timeout")) {
    if (v->count() == 0) fields.fail("timeout", "must be greater than zero (e.g. 5m)");
    workload.timeout = *v;
    // The original replaced a timeout of 30 s or less with its default, silently.
    if (*v <= std::chrono::seconds(30)) {
      workload.timeout = Workload{}.timeout;
      spdlog::info("{}: timeout {} is 30s or less; using {} instead, as the load generator did",
                   toString(fields.location("timeout")), formatGoDuration(*v),
                   formatGoDuration(workload.timeout));
    }
  }
  workload.maxWaitTimeout = workload.timeout;
  if (auto v = fields.integer("count", 1)) workload.count = *v;
  if (auto v = fields.integer("churn", 0)) {
    if (workload.kind != WorkloadKind::SteadyState)
      fields.fail("churn", "applies to type steady-state only");
    workload.churn = *v;
  }
  if (auto v = fields.duration("minChurnSleep")) {
    if (workload.kind != WorkloadKind::SteadyState)
      fields.fail("minChurnSleep", "applies to type steady-state only");
    workload.minChurnSleep = *v;
  }
  const auto objectNode = fields.node("object");
  fields.finish();
  if (!fields.has("count")) {
    throw ScenarioError(fields.location(), "field count is missing: how many objects to create");
  }
  if (!objectNode) {
    throw ScenarioError(fields.location(),
                        "field object is missing: {templateFile: ..., inputVars: {...}}");
  }

  YamlFields objectFields(*objectNode, context.file, "object");
  ObjectTemplate object;
  InputVars vars;
  if (auto inputVars = objectFields.node("inputVars"))
    vars = readInputVars(*inputVars, context, true);
  std::optional<std::string> namespaceSeen;
  takeNamespace(workload, namespaceSeen, vars);
  object.inputVars = vars.values;
  const auto path = objectFields.string("templateFile");
  objectFields.finish();
  if (!path) throw ScenarioError(objectFields.location(), "object has no templateFile");
  GoTemplate tmpl = loadTemplateFile(objectFields, *path, context);
  requireTemplateVariables(tmpl, object.inputVars);
  object.source = std::move(tmpl);
  workload.objects.push_back(std::move(object));
  scenario.workloads.push_back(std::move(workload));
  return scenario;
}

}  // namespace perfscale::scenario
