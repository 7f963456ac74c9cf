// The objects of an Indexed Job running a sharded run, and their YAML (see job_manifest.h).
#include "plugin/job_manifest.h"

#include <cctype>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/json_quote.h"
#include "core/scenario/labels.h"
#include "core/scenario/render.h"
#include "core/scenario/scenario_json.h"
#include "core/scenario/shard.h"
#include "core/version.h"
#include "plugin/render/figure_tables.h"

namespace perfscale::plugin {
namespace {

using scenario::JsonValue;

constexpr int kMaxShards = 1000;
constexpr const char* kScenarioDir = "/etc/perfscale";
constexpr const char* kTraceDir = "/traces";

JsonValue str(const std::string& text) {
  return JsonValue::string(text);
}

// Every verb a run uses on what it creates, watches and deletes.
JsonValue verbs() {
  JsonValue list = JsonValue::array();
  for (const char* verb : {"create", "get", "list", "watch", "delete", "deletecollection"})
    list.push(str(verb));
  return list;
}

JsonValue object(const std::string& apiVersion, const std::string& kind, const std::string& name,
                 const std::optional<std::string>& ns, const std::string& uuid) {
  JsonValue o = JsonValue::object();
  o.set("apiVersion", str(apiVersion));
  o.set("kind", str(kind));
  JsonValue& metadata = o.set("metadata", JsonValue::object());
  metadata.set("name", str(name));
  if (ns) metadata.set("namespace", str(*ns));
  metadata.set("labels", JsonValue::object()).set(scenario::kRunLabel, str(uuid));
  return o;
}

std::string rfc3339(std::chrono::system_clock::time_point at) {
  // Whole seconds, rounded up: never earlier than asked.
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(at.time_since_epoch());
  return render::utcTime(std::chrono::duration_cast<std::chrono::nanoseconds>(seconds).count());
}

// The API group and resource of every kind the scenario creates (VMIs always: the run watches
// them), from its first object of each template.
std::map<std::string, std::set<std::string>> createdResources(const scenario::Scenario& s) {
  std::map<std::string, std::set<std::string>> byGroup = {
      {"kubevirt.io", {"virtualmachineinstances"}}};
  for (size_t w = 0; w < s.workloads.size(); ++w) {
    for (const auto& object : s.workloads[w].objects) {
      const auto rendered = scenario::render(object, scenario::renderContext(s, w, 1, 1));
      const auto slash = rendered.apiVersion.find('/');
      byGroup[slash == std::string::npos ? "" : rendered.apiVersion.substr(0, slash)].insert(
          rendered.resource);
    }
  }
  return byGroup;
}

JsonValue rules(const scenario::Scenario& s, bool namespaces) {
  auto byGroup = createdResources(s);
  if (namespaces) byGroup[""].insert("namespaces");
  JsonValue list = JsonValue::array();
  for (const auto& [group, resources] : byGroup) {
    JsonValue& rule = list.push(JsonValue::object());
    rule.set("apiGroups", JsonValue::array()).push(str(group));
    JsonValue& names = rule.set("resources", JsonValue::array());
    for (const auto& resource : resources)
      names.push(str(resource));
    rule.set("verbs", verbs());
  }
  return list;
}

JsonValue subjects(const std::string& name, const std::string& ns) {
  JsonValue list = JsonValue::array();
  JsonValue& subject = list.push(JsonValue::object());
  subject.set("kind", str("ServiceAccount"));
  subject.set("name", str(name));
  subject.set("namespace", str(ns));
  return list;
}

JsonValue roleRef(const std::string& kind, const std::string& name) {
  JsonValue ref = JsonValue::object();
  ref.set("apiGroup", str("rbac.authorization.k8s.io"));
  ref.set("kind", str(kind));
  ref.set("name", str(name));
  return ref;
}

JsonValue envFromField(const std::string& name, const std::string& fieldPath) {
  JsonValue env = JsonValue::object();
  env.set("name", str(name));
  env.set("valueFrom", JsonValue::object())
      .set("fieldRef", JsonValue::object())
      .set("fieldPath", str(fieldPath));
  return env;
}

JsonValue volumeMount(const std::string& name, const std::string& path, bool readOnly) {
  JsonValue mount = JsonValue::object();
  mount.set("name", str(name));
  mount.set("mountPath", str(path));
  if (readOnly) mount.set("readOnly", JsonValue::boolean(true));
  return mount;
}

JsonValue jobObject(const JobSpec& spec, const std::string& name) {
  const auto& uuid = spec.scenario.uuid;
  JsonValue job = object("batch/v1", "Job", name, spec.jobNamespace, uuid);
  JsonValue& jobSpec = job.set("spec", JsonValue::object());
  jobSpec.set("completionMode", str("Indexed"));
  jobSpec.set("completions", JsonValue::integer(spec.shards));
  jobSpec.set("parallelism", JsonValue::integer(spec.shards));
  // A shard that failed is not run again: it would create its slice a second time.
  jobSpec.set("backoffLimit", JsonValue::integer(0));
  JsonValue& pod = jobSpec.set("template", JsonValue::object());
  pod.set("metadata", JsonValue::object())
      .set("labels", JsonValue::object())
      .set(scenario::kRunLabel, str(uuid));
  JsonValue& podSpec = pod.set("spec", JsonValue::object());
  podSpec.set("serviceAccountName", str(name));
  podSpec.set("restartPolicy", str("Never"));
  JsonValue& container = podSpec.set("containers", JsonValue::array()).push(JsonValue::object());
  container.set("name", str("perfscale"));
  container.set("image", str(spec.image));
  container.set("command", JsonValue::array()).push(str("kubectl-perfscale"));
  JsonValue& args = container.set("args", JsonValue::array());
  const std::string index = "$(JOB_COMPLETION_INDEX)";
  for (const std::string& arg :
       {std::string("run"), std::string("-f"), std::string(kScenarioDir) + "/scenario.yaml",
        std::string("--shard"), index + "/" + std::to_string(spec.shards),
        std::string("--start-at"), rfc3339(spec.startAt), std::string("--trace"),
        std::string(kTraceDir) + "/" + uuid + "-" + index + ".db"})
    args.push(str(arg));
  if (spec.linger) {
    args.push(str("--linger"));
    args.push(str(*spec.linger));
  }
  // Set by the Job controller too; declared so that $(JOB_COMPLETION_INDEX) expands in args.
  JsonValue& env = container.set("env", JsonValue::array());
  env.push(envFromField("JOB_COMPLETION_INDEX",
                        "metadata.annotations['batch.kubernetes.io/job-completion-index']"));
  JsonValue& mounts = container.set("volumeMounts", JsonValue::array());
  mounts.push(volumeMount("scenario", kScenarioDir, true));
  mounts.push(volumeMount("traces", kTraceDir, false));
  JsonValue& volumes = podSpec.set("volumes", JsonValue::array());
  JsonValue& scenarioVolume = volumes.push(JsonValue::object());
  scenarioVolume.set("name", str("scenario"));
  scenarioVolume.set("configMap", JsonValue::object()).set("name", str(name));
  JsonValue& traces = volumes.push(JsonValue::object());
  traces.set("name", str("traces"));
  if (spec.tracePvc) {
    traces.set("persistentVolumeClaim", JsonValue::object()).set("claimName", str(*spec.tracePvc));
  } else {
    traces.set("emptyDir", JsonValue::object());
  }
  return job;
}

// A plain YAML scalar that reads back as the same string, or nothing.
bool plainSafe(const std::string& text) {
  if (text.empty()) return false;
  static const std::set<std::string> special = {"true", "false", "yes", "no",   "on",
                                                "off",  "y",     "n",   "null", "~"};
  std::string lower;
  for (const char c : text)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (special.count(lower)) return false;
  const auto first = static_cast<unsigned char>(text.front());
  if (!std::isalpha(first) && first != '/' && first != '_') return false;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && c != '-' && c != '_' && c != '.' && c != '/') return false;
  }
  return true;
}

std::string scalar(const std::string& text) {
  return plainSafe(text) ? text : quoteJson(text);
}

void writeYaml(std::ostream& out, const JsonValue& value, int indent, bool inList);

// A value after "key:" or "- ": inline for scalars and empty collections, else on the next lines.
void writeValue(std::ostream& out, const JsonValue& value, int indent) {
  switch (value.type()) {
    case JsonValue::Type::Null:
      out << " null\n";
      return;
    case JsonValue::Type::Bool:
      out << (value.asBool() ? " true\n" : " false\n");
      return;
    case JsonValue::Type::Number:
      out << " " << value.text() << "\n";
      return;
    case JsonValue::Type::String:
      if (value.text().find('\n') != std::string::npos) {
        const bool endsWithNewline = value.text().back() == '\n';
        out << (endsWithNewline ? " |\n" : " |-\n");
        std::istringstream lines(value.text());
        std::string line;
        while (std::getline(lines, line))
          out << std::string(static_cast<size_t>(indent), ' ') << line << "\n";
      } else {
        out << " " << scalar(value.text()) << "\n";
      }
      return;
    case JsonValue::Type::Array:
      if (value.items().empty()) {
        out << " []\n";
        return;
      }
      out << "\n";
      writeYaml(out, value, indent - 2, false);
      return;
    case JsonValue::Type::Object:
      if (value.members().empty()) {
        out << " {}\n";
        return;
      }
      out << "\n";
      writeYaml(out, value, indent, false);
      return;
  }
}

// A collection at `indent`; with inList its first line follows a "- " already written.
void writeYaml(std::ostream& out, const JsonValue& value, int indent, bool inList) {
  const std::string pad(static_cast<size_t>(indent), ' ');
  bool first = true;
  if (value.isObject()) {
    for (const auto& [key, member] : value.members()) {
      out << (inList && first ? "" : pad) << scalar(key) << ":";
      writeValue(out, member, indent + 2);
      first = false;
    }
  } else {
    for (const auto& item : value.items()) {
      out << pad << "-";
      if (item.isObject() && !item.members().empty()) {
        out << " ";
        writeYaml(out, item, indent + 2, true);
      } else {
        writeValue(out, item, indent + 4);
      }
    }
  }
}

}  // namespace

std::string jobName(const scenario::Scenario& s) {
  return "perfscale-" + s.uuid.substr(0, 8);
}

std::vector<JobObject> jobObjects(const JobSpec& spec) {
  if (spec.shards < 1 || spec.shards > kMaxShards) {
    throw std::invalid_argument("--shards " + std::to_string(spec.shards) + ": expected 1 to " +
                                std::to_string(kMaxShards));
  }
  // What each pod will run: the scenario as shard 0 resolves it, to refuse early what cannot
  // be sharded. The pods get the whole scenario and divide it themselves.
  auto shard0 = spec.scenario;
  scenario::applyShard(shard0, scenario::Shard{0, spec.shards});

  const std::string name = jobName(spec.scenario);
  const std::string& uuid = spec.scenario.uuid;
  const std::string& ns = spec.jobNamespace;
  std::vector<JobObject> objects;
  auto add = [&](JsonValue o, const std::string& path) {
    const auto kind = o.find("kind")->text();
    const auto objectName = o.find("metadata")->find("name")->text();
    objects.push_back(JobObject{kind, objectName, path + "/" + objectName, std::move(o)});
  };
  add(object("v1", "ServiceAccount", name, ns, uuid),
      "/api/v1/namespaces/" + ns + "/serviceaccounts");

  const auto fixed = scenario::fixedNamespaces(spec.scenario);
  if (fixed) {
    // The run stays in these namespaces: Roles there suffice, and the namespaces are made here
    // (a shard that may not create them uses them as they are).
    for (const auto& runNamespace : *fixed) {
      add(object("v1", "Namespace", runNamespace, std::nullopt, uuid), "/api/v1/namespaces");
      JsonValue role = object("rbac.authorization.k8s.io/v1", "Role", name, runNamespace, uuid);
      role.set("rules", rules(spec.scenario, false));
      add(std::move(role),
          "/apis/rbac.authorization.k8s.io/v1/namespaces/" + runNamespace + "/roles");
      JsonValue binding =
          object("rbac.authorization.k8s.io/v1", "RoleBinding", name, runNamespace, uuid);
      binding.set("roleRef", roleRef("Role", name));
      binding.set("subjects", subjects(name, ns));
      add(std::move(binding),
          "/apis/rbac.authorization.k8s.io/v1/namespaces/" + runNamespace + "/rolebindings");
    }
  } else {
    JsonValue role =
        object("rbac.authorization.k8s.io/v1", "ClusterRole", name, std::nullopt, uuid);
    role.set("rules", rules(spec.scenario, true));
    add(std::move(role), "/apis/rbac.authorization.k8s.io/v1/clusterroles");
    JsonValue binding =
        object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", name, std::nullopt, uuid);
    binding.set("roleRef", roleRef("ClusterRole", name));
    binding.set("subjects", subjects(name, ns));
    add(std::move(binding), "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings");
  }

  auto whole = spec.scenario;
  whole.traceFile.clear();  // each pod writes its own, named by --trace
  JsonValue configMap = object("v1", "ConfigMap", name, ns, uuid);
  configMap.set("data", JsonValue::object())
      .set("scenario.yaml", str(scenario::toJson(whole) + "\n"));
  add(std::move(configMap), "/api/v1/namespaces/" + ns + "/configmaps");
  add(jobObject(spec, name), "/apis/batch/v1/namespaces/" + ns + "/jobs");
  return objects;
}

std::string jobYaml(const std::vector<JobObject>& objects) {
  std::ostringstream out;
  for (size_t i = 0; i < objects.size(); ++i) {
    if (i > 0) out << "---\n";
    writeYaml(out, objects[i].object, 0, false);
  }
  return out.str();
}

}  // namespace perfscale::plugin
