// Rendering of object templates and the built-in VMI into labelled objects (see render.h).
#include "core/scenario/render.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/scenario/labels.h"
#include "core/scenario/names.h"
#include "core/scenario/scenario_error.h"
#include "core/scenario/yaml_json.h"
#include "core/yaml_documents.h"

namespace perfscale::scenario {
namespace {

std::string typeName(const JsonValue& value) {
  switch (value.type()) {
    case JsonValue::Type::Null:
      return "null";
    case JsonValue::Type::Bool:
      return "a boolean";
    case JsonValue::Type::Number:
      return "a number";
    case JsonValue::Type::String:
      return "a string";
    case JsonValue::Type::Array:
      return "a list";
    case JsonValue::Type::Object:
      return "a mapping";
  }
  return "?";
}

const std::string& requireString(const JsonValue& parent, const char* key, const char* path,
                                 const std::string& origin) {
  const JsonValue* value = parent.find(key);
  if (value == nullptr || !value->isString() || value->text().empty()) {
    throw ScenarioError(origin + ": " + path + " must be a non-empty string, found " +
                        (value == nullptr ? "nothing" : typeName(*value)));
  }
  return value->text();
}

// Label and annotation values are strings in the API; a plain 1 or yes would be rejected.
void requireStringValues(const JsonValue& metadata, const char* key, const std::string& origin) {
  const JsonValue* map = metadata.find(key);
  if (map == nullptr || map->isNull()) return;
  if (!map->isObject())
    throw ScenarioError(origin + ": metadata." + key + " must be a mapping, found " +
                        typeName(*map));
  for (const JsonValue::Member& member : map->members()) {
    if (!member.second.isString()) {
      throw ScenarioError(origin + ": metadata." + key + "." + member.first +
                          " must be a string, found " + typeName(member.second) + " " +
                          toJsonText(member.second) + " (quote it in the template)");
    }
  }
}

// Checks the rendered object's identity, sets its namespace, adds the run's labels.
RenderedObject finish(JsonValue object, const RenderContext& context, const std::string& origin) {
  if (!object.isObject())
    throw ScenarioError(origin + ": an object must be a mapping, found " + typeName(object));
  RenderedObject rendered;
  rendered.apiVersion = requireString(object, "apiVersion", "apiVersion", origin);
  rendered.kind = requireString(object, "kind", "kind", origin);
  rendered.resource = resourceForKind(rendered.kind);
  JsonValue* metadata = object.find("metadata");
  if (metadata == nullptr || !metadata->isObject()) {
    throw ScenarioError(origin + ": metadata must be a mapping with a name, found " +
                        (metadata == nullptr ? "nothing" : typeName(*metadata)));
  }
  const JsonValue* name = metadata->find("name");
  if (name == nullptr || !name->isString() || name->text().empty()) {
    const bool generated = metadata->find("generateName") != nullptr;
    throw ScenarioError(origin + ": metadata.name renders " +
                        (name == nullptr    ? std::string("to nothing")
                         : name->isString() ? "empty"
                                            : "to " + typeName(*name)) +
                        (generated ? "; generateName is not supported, the run needs known names"
                                   : "; set it, e.g. name: vmi-{{.iteration}}-{{.replica}}"));
  }
  rendered.name = name->text();
  const auto nameProblem = rendered.kind == "Namespace" ? dns1123LabelProblem(rendered.name)
                                                        : dns1123SubdomainProblem(rendered.name);
  if (nameProblem)
    throw ScenarioError(origin + ": metadata.name is not a valid name: " + *nameProblem);

  if (rendered.kind != "Namespace") {
    const JsonValue* ns = metadata->find("namespace");
    if (ns != nullptr && !ns->isNull() && (!ns->isString() || ns->text() != context.ns)) {
      throw ScenarioError(origin + ": metadata.namespace renders to " + toJsonText(*ns) +
                          " but workload \"" + context.workload + "\" creates iteration " +
                          std::to_string(context.iteration) + "'s objects in \"" + context.ns +
                          "\"; write namespace: {{.namespace}} or leave it out");
    }
    metadata->set("namespace", JsonValue::string(context.ns));
    rendered.ns = context.ns;
  }
  requireStringValues(*metadata, "labels", origin);
  requireStringValues(*metadata, "annotations", origin);
  JsonValue* labels = metadata->find("labels");
  if (labels == nullptr || labels->isNull()) labels = &metadata->set("labels", JsonValue::object());
  labels->set(kRunLabel, JsonValue::string(context.uuid));
  labels->set(kScenarioLabel, JsonValue::string(context.scenario));
  labels->set(kWorkloadLabel, JsonValue::string(context.workload));
  labels->set(kIterationLabel, JsonValue::string(std::to_string(context.iteration)));
  if (context.shard) labels->set(kShardLabel, JsonValue::string(std::to_string(*context.shard)));
  rendered.object = std::move(object);
  return rendered;
}

// Line numbers of the rendered text are the template's: values are single-line scalars.
JsonValue parseRendered(const std::string& text, const std::string& file,
                        const RenderContext& context) {
  std::vector<YAML::Node> documents;
  try {
    documents = loadYamlDocuments(text);
  } catch (const YAML::DeepRecursion& e) {
    throw ScenarioError(SourceLocation{file, e.mark.line + 1, e.mark.column + 1},
                        "the template rendered for iteration " + std::to_string(context.iteration) +
                            ", replica " + std::to_string(context.replica) +
                            " is not valid YAML: " + nestingProblem(e.depth()));
  } catch (const YAML::Exception& e) {
    throw ScenarioError(SourceLocation{file, e.mark.line + 1, e.mark.column + 1},
                        "the template rendered for iteration " + std::to_string(context.iteration) +
                            ", replica " + std::to_string(context.replica) +
                            " is not valid YAML: " + e.msg);
  }
  if (documents.size() != 1) {
    throw ScenarioError(file + ": a template must hold exactly one object, found " +
                        std::to_string(documents.size()) + " YAML documents");
  }
  return yamlToJson(documents.front(), file);
}

}  // namespace

RenderContext renderContext(const Scenario& scenario, std::size_t workloadIndex, int iteration,
                            int replica, std::size_t slot) {
  const Workload& workload = scenario.workloads.at(workloadIndex);
  RenderContext context;
  context.scenario = scenario.name;
  context.uuid = scenario.uuid;
  context.workload = workload.name;
  context.workloadIndex = workloadIndex;
  context.iteration = iteration;
  context.replica = replica;
  context.ns = objectNamespace(workload, iteration, slot);
  if (scenario.shard) context.shard = scenario.shard->index;
  return context;
}

const std::set<std::string>& contextVariableNames() {
  static const std::set<std::string> names = {"iteration", "namespace", "replica",
                                              "scenario",  "uuid",      "workload"};
  return names;
}

std::map<std::string, std::string> templateVariables(const ObjectTemplate& object,
                                                     const RenderContext& context) {
  std::map<std::string, std::string> values = object.inputVars;
  values["iteration"] = std::to_string(context.iteration);
  values["replica"] = std::to_string(context.replica);
  values["namespace"] = context.ns;
  values["uuid"] = context.uuid;
  values["scenario"] = context.scenario;
  values["workload"] = context.workload;
  return values;
}

RenderedObject render(const ObjectTemplate& object, const RenderContext& context) {
  if (const auto* spec = std::get_if<DefaultVmiSpec>(&object.source)) {
    const std::string name =
        defaultVmiName(context.uuid, context.workloadIndex, context.iteration, context.replica);
    return finish(defaultVmi(*spec, name, context.ns), context, "the built-in VMI");
  }
  const auto& tmpl = std::get<GoTemplate>(object.source);
  const std::string text = tmpl.render(templateVariables(object, context));
  const std::string origin = tmpl.origin() + " (iteration " + std::to_string(context.iteration) +
                             ", replica " + std::to_string(context.replica) + ")";
  return finish(parseRendered(text, tmpl.origin(), context), context, origin);
}

namespace {

bool sameBut(const RenderContext& a, const RenderContext& b) {  // but the replica
  return a.iteration == b.iteration && a.workloadIndex == b.workloadIndex && a.ns == b.ns &&
         a.shard == b.shard && a.uuid == b.uuid && a.scenario == b.scenario &&
         a.workload == b.workload;
}

RenderedText asText(const RenderedObject& rendered) {
  return RenderedText{rendered.json(),   rendered.apiVersion, rendered.kind,
                      rendered.resource, rendered.ns,         rendered.name};
}

}  // namespace

RenderedText BatchRenderer::render(const ObjectTemplate& object, const RenderContext& context) {
  if (!std::holds_alternative<DefaultVmiSpec>(object.source))
    return asText(scenario::render(object, context));
  const std::string name =
      defaultVmiName(context.uuid, context.workloadIndex, context.iteration, context.replica);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (last_ && last_->object == &object && sameBut(last_->context, context)) {
      const Cached& cached = *last_;
      RenderedText text{std::string(),        cached.text.apiVersion, cached.text.kind,
                        cached.text.resource, cached.text.ns,         name};
      const std::string& json = cached.text.json;
      const size_t rest = cached.nameAt + cached.text.name.size();
      text.json.reserve(json.size() - cached.text.name.size() + name.size());
      const std::string_view whole(json);
      text.json.append(whole.substr(0, cached.nameAt)).append(name).append(whole.substr(rest));
      return text;
    }
  }
  RenderedText text = asText(scenario::render(object, context));
  // The name is a DNS name, written as is: it is in the text once, quoted, unless a field of
  // the spec happens to hold it too; then this replica's text is not reused.
  const std::string quoted = "\"" + text.name + "\"";
  const size_t at = text.json.find(quoted);
  if (at != std::string::npos && text.json.find(quoted, at + 1) == std::string::npos) {
    std::lock_guard<std::mutex> lock(mutex_);
    last_ = Cached{&object, context, text, at + 1};
  }
  return text;
}

RenderedObject renderNamespace(const RenderContext& context) {
  JsonValue ns = JsonValue::object();
  ns.set("apiVersion", JsonValue::string("v1"));
  ns.set("kind", JsonValue::string("Namespace"));
  ns.set("metadata", JsonValue::object()).set("name", JsonValue::string(context.ns));
  return finish(std::move(ns), context, "namespace of workload \"" + context.workload + "\"");
}

std::string resourceForKind(std::string_view kind) {
  std::string resource(kind);
  std::transform(resource.begin(), resource.end(), resource.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (resource.empty()) return resource;
  if (resource.back() == 's') return resource + "es";
  if (resource.back() == 'y') return resource.substr(0, resource.size() - 1) + "ies";
  return resource + "s";
}

}  // namespace perfscale::scenario
