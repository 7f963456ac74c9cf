// The three scenario file formats' readers and what they share (internal to the loader):
// each reads a parsed file into a Scenario with the defaults filled in; the loader then
// applies explicit flags, the uuid, and validates.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "core/scenario/flags.h"
#include "core/scenario/scenario.h"
#include "core/scenario/yaml_fields.h"

namespace perfscale::scenario {

struct ReadContext {
  std::string file;           // the scenario file as named to the user
  std::filesystem::path dir;  // where relative template paths start
  const LoadGeneratorFlags& flags;
};

Scenario readPerfscaleFormat(const YAML::Node& root, const ReadContext& context);
Scenario readWorkloadsFormat(const YAML::Node& root, const ReadContext& context);
Scenario readSingleWorkloadFormat(const YAML::Node& root, const ReadContext& context);

// The built-in VMI as the flags (given or default) describe it.
DefaultVmiSpec defaultVmiFromFlags(const LoadGeneratorFlags& flags);

// inputVars of an object: scalars, as text. Reserved names are errors; `namespace` is
// returned separately when `namespaceAllowed` (the originals' namespace base), else an
// error; empty containerPrefix and containerTag take --img-prefix and --img-tag, as the
// original did with its own flags.
struct InputVars {
  std::map<std::string, std::string> values;
  std::optional<std::string> ns;
  SourceLocation nsAt;
};
InputVars readInputVars(const YAML::Node& node, const ReadContext& context, bool namespaceAllowed);

// Reads `templateFile` relative to the scenario file and parses it; the error points at
// `fields`' templateFile field.
GoTemplate loadTemplateFile(YamlFields& fields, const std::string& path,
                            const ReadContext& context);

// Checks that a template's variables are defined for an object with these inputVars.
void requireTemplateVariables(const GoTemplate& tmpl,
                              const std::map<std::string, std::string>& inputVars);

// Sets the workload's namespace from an object's namespace input variable; every object
// that gives one must give the same (`seen` carries the first).
// The client's qps and burst from `node` (our `client`, the original's `globalConfig`).
void readClientLimits(const YAML::Node& node, const ReadContext& context, const std::string& field,
                      Scenario& scenario);

// The `workloads` list, which must hold at least one; `fields` must be finished after it.
YAML::Node requireWorkloads(const std::optional<YAML::Node>& workloads, YamlFields& fields);

void takeNamespace(Workload& workload, std::optional<std::string>& seen, const InputVars& vars);

}  // namespace perfscale::scenario
