// What the three scenario file readers share: inputVars, template files, flag defaults.
#include "core/scenario/formats.h"
#include "core/scenario/render.h"
#include "core/text_file.h"

namespace perfscale::scenario {

DefaultVmiSpec defaultVmiFromFlags(const LoadGeneratorFlags& flags) {
  DefaultVmiSpec spec;
  if (flags.imgPrefix) spec.imagePrefix = *flags.imgPrefix;
  if (flags.imgTag) spec.imageTag = *flags.imgTag;
  if (flags.vmiImg) spec.image = *flags.vmiImg;
  if (flags.vmiCpuLimit) spec.cpu = *flags.vmiCpuLimit;
  if (flags.vmiMemLimit) spec.memory = *flags.vmiMemLimit;
  if (flags.vmiDisk) spec.disk = *flags.vmiDisk;
  return spec;
}

InputVars readInputVars(const YAML::Node& node, const ReadContext& context, bool namespaceAllowed) {
  InputVars vars;
  YamlFields fields(node, context.file, "inputVars");
  const DefaultVmiSpec defaults = defaultVmiFromFlags(context.flags);
  for (const std::string& key : fields.keys()) {
    const YAML::Node value = *fields.node(key);
    if (!value.IsScalar()) {
      fields.fail(key, "an input variable must be a single value (text or number), found " +
                           describeYaml(value) + (value.IsNull() ? "; write \"\" for empty" : ""));
    }
    std::string text = value.Scalar();
    if (text.find('\n') != std::string::npos)
      fields.fail(key, "an input variable must fit on one line");
    if (key == "namespace") {
      if (!namespaceAllowed) {
        fields.fail(key, "the namespace is the workload's namespace field, not an input variable");
      }
      vars.ns = text;
      vars.nsAt = fields.location(key);
      continue;
    }
    if (contextVariableNames().count(key) != 0) {
      fields.fail(key, "\"" + key +
                           "\" is set by the run for every object; choose another name for the "
                           "input variable");
    }
    if (key == "containerPrefix" && text.empty()) text = defaults.imagePrefix;
    if (key == "containerTag" && text.empty()) text = defaults.imageTag;
    vars.values[key] = text;
  }
  return vars;
}

GoTemplate loadTemplateFile(YamlFields& fields, const std::string& path,
                            const ReadContext& context) {
  if (path.empty()) fields.fail("templateFile", "it is empty; name a YAML object template");
  std::filesystem::path resolved(path);
  if (resolved.is_relative()) resolved = context.dir / resolved;
  resolved = resolved.lexically_normal();
  const TextFile text = readTextFile(resolved.string());
  if (text.tooLarge) {
    fields.fail("templateFile", "\"" + resolved.string() + "\" " + text.problem() +
                                    "; a template holds one Kubernetes object");
  }
  if (!text.text) {
    fields.fail("templateFile", "cannot read \"" + resolved.string() +
                                    "\" (template paths are relative to the scenario file)");
  }
  return GoTemplate::parse(*text.text, resolved.string());
}

void requireTemplateVariables(const GoTemplate& tmpl,
                              const std::map<std::string, std::string>& inputVars) {
  std::set<std::string> defined = contextVariableNames();
  for (const auto& entry : inputVars)
    defined.insert(entry.first);
  tmpl.requireDefined(defined);
}

void takeNamespace(Workload& workload, std::optional<std::string>& seen, const InputVars& vars) {
  if (!vars.ns) return;
  if (seen && *seen != *vars.ns) {
    throw ScenarioError(vars.nsAt, "field namespace: \"" + *vars.ns + "\" differs from \"" + *seen +
                                       "\" given for an earlier object; the objects of a "
                                       "workload share its namespace");
  }
  seen = vars.ns;
  workload.ns = *vars.ns;
}

void readClientLimits(const YAML::Node& node, const ReadContext& context, const std::string& field,
                      Scenario& scenario) {
  YamlFields limits(node, context.file, field);
  if (auto v = limits.number("qps", 0, 1e9)) scenario.clientQps = *v;
  if (auto v = limits.integer("burst", 0)) scenario.clientBurst = *v;
  limits.finish();
}

YAML::Node requireWorkloads(const std::optional<YAML::Node>& workloads, YamlFields& fields) {
  if (!workloads || !workloads->IsSequence() || workloads->size() == 0) {
    throw ScenarioError(workloads ? fields.location("workloads") : fields.location(),
                        "field workloads: expected a list of workloads");
  }
  return *workloads;
}

}  // namespace perfscale::scenario
