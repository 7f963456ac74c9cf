// Our own file format, apiVersion perfscale.kubevirt.io/v1alpha1, kind Scenario: the
// second design's workloads plus the third design's burst and steady-state kinds, the
// built-in VMI as an object, inline templates, and the run's own options. The format is
// documented in loader.h.
#include <algorithm>

#include "core/scenario/formats.h"
#include "core/scenario/names.h"

namespace perfscale::scenario {
namespace {

constexpr const char* kApiVersion = "perfscale.kubevirt.io/v1alpha1";

DefaultVmiSpec readVmi(const YAML::Node& node, const ReadContext& context) {
  YamlFields fields(node, context.file, "vmi");
  DefaultVmiSpec spec = defaultVmiFromFlags(context.flags);
  if (auto v = fields.string("image")) spec.image = *v;
  if (auto v = fields.string("imagePrefix")) spec.imagePrefix = *v;
  if (auto v = fields.string("imageTag")) spec.imageTag = *v;
  if (auto v = fields.string("cpu")) spec.cpu = *v;
  if (auto v = fields.string("memory")) spec.memory = *v;
  if (auto v = fields.string("disk")) {
    const auto disk = parseVmiDisk(*v);
    if (!disk) fields.fail("disk", "expected containerDisk or emptyDisk, found \"" + *v + "\"");
    spec.disk = *disk;
  }
  if (auto v = fields.string("emptyDiskCapacity")) spec.emptyDiskCapacity = *v;
  fields.finish();
  try {
    checkDefaultVmiSpec(spec, "vmi");
  } catch (const ScenarioError& e) {
    throw ScenarioError(fields.location(), e.what());
  }
  return spec;
}

ObjectTemplate readObject(const YAML::Node& node, const ReadContext& context,
                          const Workload& workload, std::size_t index) {
  const std::string what =
      "object " + std::to_string(index + 1) + " of workload \"" + workload.name + "\"";
  YamlFields fields(node, context.file, what);
  ObjectTemplate object;
  object.replicas = context.flags.vmiCount.value_or(object.replicas);
  if (auto replicas = fields.integer("replicas", 1)) {
    if (workload.kind != WorkloadKind::Iterations) {
      fields.fail("replicas", std::string("a ") + toString(workload.kind) +
                                  " workload creates `count` objects; remove replicas");
    }
    object.replicas = *replicas;
  }
  const auto vmi = fields.node("vmi");
  const auto path = fields.string("templateFile");
  const auto inlineText = fields.string("template");
  const auto templateName = fields.string("templateName");
  const auto inputVars = fields.node("inputVars");
  fields.finish();

  if ((vmi ? 1 : 0) + (path ? 1 : 0) + (inlineText ? 1 : 0) != 1) {
    throw ScenarioError(fields.location(),
                        what +
                            " needs exactly one of vmi (the built-in VMI), templateFile or "
                            "template");
  }
  if (templateName && !inlineText)
    fields.fail("templateName", "names an inline template; there is none");
  if (vmi) {
    if (inputVars) fields.fail("inputVars", "the built-in VMI takes no input variables");
    object.source = readVmi(*vmi, context);
    return object;
  }
  if (inputVars) object.inputVars = readInputVars(*inputVars, context, false).values;
  GoTemplate tmpl;
  if (path) {
    tmpl = loadTemplateFile(fields, *path, context);
  } else {
    const SourceLocation at = fields.location("template");
    const std::string origin =
        templateName ? *templateName
                     : "inline template at " + toString(SourceLocation{at.file, at.line, 0});
    tmpl = GoTemplate::parse(*inlineText, origin);
  }
  requireTemplateVariables(tmpl, object.inputVars);
  object.source = std::move(tmpl);
  return object;
}

WorkloadKind readKind(YamlFields& fields) {
  const std::string kind = fields.string("kind").value_or("iterations");
  if (kind == "iterations") return WorkloadKind::Iterations;
  if (kind == "burst") return WorkloadKind::Burst;
  if (kind == "steady-state") return WorkloadKind::SteadyState;
  fields.fail("kind", "expected iterations, burst or steady-state, found \"" + kind + "\"");
}

// Fields that mean something for one kind only are errors on another, not ignored.
void rejectFieldsOfOtherKinds(const YamlFields& fields, WorkloadKind kind) {
  struct Rule {
    const char* field;
    std::vector<WorkloadKind> kinds;
  };
  using K = WorkloadKind;
  static const std::vector<Rule> rules = {
      {"iterationCount", {K::Iterations}},
      {"iterationInterval", {K::Iterations}},
      {"iterationCreationWait", {K::Iterations}},
      {"iterationCleanup", {K::Iterations}},
      {"iterationDeletionWait", {K::Iterations}},
      {"namespacedIterations", {K::Iterations}},
      {"count", {K::Burst, K::SteadyState}},
      {"timeout", {K::Burst, K::SteadyState}},
      {"churn", {K::SteadyState}},
      {"minChurnSleep", {K::SteadyState}},
      {"deleteAfter", {K::Burst}},
      {"vmisPerNamespace", {K::Iterations, K::Burst}},
  };
  const std::vector<std::string> present = fields.keys();
  for (const Rule& rule : rules) {
    if (std::find(present.begin(), present.end(), rule.field) == present.end()) continue;
    if (std::find(rule.kinds.begin(), rule.kinds.end(), kind) != rule.kinds.end()) continue;
    std::string kinds;
    for (K k : rule.kinds)
      kinds += std::string(kinds.empty() ? "" : " and ") + toString(k);
    fields.fail(rule.field,
                std::string("applies to ") + kinds + " workloads, not to kind " + toString(kind));
  }
}

Workload readWorkload(const YAML::Node& node, const ReadContext& context, std::size_t index) {
  YamlFields fields(node, context.file, "workload " + std::to_string(index + 1));
  Workload workload;
  workload.definedAt = fields.location();
  workload.name = fields.string("name").value_or("workload-" + std::to_string(index + 1));
  workload.kind = readKind(fields);
  if (auto v = fields.string("namespace")) workload.ns = *v;
  if (auto v = fields.integer("iterationCount", 1)) workload.iterationCount = *v;
  if (auto v = fields.duration("iterationInterval")) workload.iterationInterval = *v;
  if (auto v = fields.boolean("iterationCreationWait")) workload.iterationCreationWait = *v;
  if (auto v = fields.boolean("iterationCleanup")) workload.iterationCleanup = *v;
  if (auto v = fields.boolean("iterationDeletionWait")) workload.iterationDeletionWait = *v;
  if (auto v = fields.boolean("namespacedIterations")) workload.namespacedIterations = *v;
  if (auto v = fields.duration("waitWhenFinished")) workload.waitWhenFinished = *v;
  if (auto v = fields.duration("maxWaitTimeout")) workload.maxWaitTimeout = *v;
  if (auto v = fields.number("qps", 0, 1e9)) workload.qps = *v;
  if (auto v = fields.integer("burst", 0)) workload.burst = *v;
  if (auto v = fields.integer("count", 1)) workload.count = *v;
  if (auto v = fields.integer("churn", 0)) workload.churn = *v;
  if (auto v = fields.duration("minChurnSleep")) workload.minChurnSleep = *v;
  if (auto v = fields.duration("timeout")) workload.timeout = *v;
  if (auto v = fields.duration("deleteAfter")) workload.deleteAfter = *v;
  if (auto v = fields.integer("vmisPerNamespace", 0)) workload.vmisPerNamespace = *v;
  const auto objects = fields.node("objects");
  fields.finish();
  rejectFieldsOfOtherKinds(fields, workload.kind);
  // As in the third format, a burst or steady state bounds its waits by its timeout.
  if (workload.kind != WorkloadKind::Iterations && !fields.has("maxWaitTimeout"))
    workload.maxWaitTimeout = workload.timeout;
  if (workload.kind != WorkloadKind::Iterations && !fields.has("count")) {
    throw ScenarioError(fields.location(), "workload \"" + workload.name +
                                               "\": field count is missing (how many objects a " +
                                               toString(workload.kind) + " workload keeps)");
  }
  if (!objects || !objects->IsSequence() || objects->size() == 0) {
    throw ScenarioError(
        objects ? fields.location("objects") : fields.location(),
        "workload \"" + workload.name + "\" needs a list of objects, e.g. objects: [{vmi: {}}]");
  }
  for (std::size_t i = 0; i < objects->size(); ++i)
    workload.objects.push_back(readObject((*objects)[i], context, workload, i));
  return workload;
}

}  // namespace

Scenario readPerfscaleFormat(const YAML::Node& root, const ReadContext& context) {
  YamlFields fields(root, context.file, "the scenario");
  Scenario scenario;
  scenario.format = ScenarioFormat::Perfscale;
  scenario.file = context.file;
  const std::string apiVersion = fields.string("apiVersion").value_or("");
  if (apiVersion != kApiVersion) {
    fields.fail("apiVersion",
                "expected " + std::string(kApiVersion) + ", found \"" + apiVersion + "\"");
  }
  if (auto kind = fields.string("kind"); kind && *kind != "Scenario")
    fields.fail("kind", "expected Scenario, found \"" + *kind + "\"");
  if (auto v = fields.string("name")) scenario.name = *v;
  if (auto v = fields.string("uuid")) scenario.uuid = *v;
  if (auto v = fields.string("onTimeout")) {
    if (*v == "stop")
      scenario.onTimeout = OnTimeout::Stop;
    else if (*v == "continue")
      scenario.onTimeout = OnTimeout::Continue;
    else
      fields.fail("onTimeout", "expected stop or continue, found \"" + *v + "\"");
  }
  if (auto v = fields.number("maxErrorRatio", 0, 1)) scenario.maxErrorRatio = *v;
  if (auto v = fields.integer("parallelism", 0)) scenario.parallelism = *v;
  if (auto v = fields.boolean("keepOnInterrupt")) scenario.keepOnInterrupt = *v;
  if (auto v = fields.string("traceFile")) {
    std::filesystem::path trace(*v);
    if (!v->empty() && trace.is_relative()) trace = (context.dir / trace).lexically_normal();
    scenario.traceFile = trace.string();
  }
  if (auto client = fields.node("client")) readClientLimits(*client, context, "client", scenario);
  if (auto shard = fields.node("shard")) {
    YamlFields part(*shard, context.file, "shard");
    const auto count = part.integer("count", 1);
    const auto index = part.integer("index", 0);
    if (!count || !index) part.fail(count ? "index" : "count", "required");
    if (*index >= *count)
      part.fail("index", "expected 0 to " + std::to_string(*count - 1) + " (count " +
                             std::to_string(*count) + ")");
    part.finish();
    scenario.shard = Shard{*index, *count};
  }
  const auto listed = fields.node("workloads");
  fields.finish();
  const YAML::Node workloads = requireWorkloads(listed, fields);
  for (std::size_t i = 0; i < workloads.size(); ++i)
    scenario.workloads.push_back(readWorkload(workloads[i], context, i));
  return scenario;
}

}  // namespace perfscale::scenario
