// The Kubernetes objects of `kubectl perfscale job` (see job_command.cpp), built as data so
// that tests can check them without a cluster, and their YAML.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/scenario/json_value.h"
#include "core/scenario/scenario.h"

namespace perfscale::plugin {

struct JobSpec {
  scenario::Scenario scenario;  // resolved; its uuid is the run's
  int shards = 1;
  std::string image;
  std::optional<std::string> tracePvc;  // else an emptyDir, which goes with the pod
  // `run --linger` of every pod (a Go duration): the trace waits in the pod for `job collect`.
  std::optional<std::string> linger;
  std::string jobNamespace = "default";
  scenario::Duration startDelay{std::chrono::seconds(60)};
  std::chrono::system_clock::time_point startAt;  // --start-at of every shard
};

struct JobObject {
  std::string kind;
  std::string name;
  std::string path;  // of the object in the API, for a server-side apply
  scenario::JsonValue object;

  std::string json() const { return scenario::toJsonText(object); }
};

// "perfscale-<first 8 of the uuid>": the name of every object of the run's Job.
std::string jobName(const scenario::Scenario& scenario);

// The objects, in the order they are to be made: ServiceAccount, the namespaces the run uses
// but does not create (fixed namespaces), the RBAC (Role + RoleBinding in each fixed
// namespace, else a ClusterRole + ClusterRoleBinding): create, get, list, watch, delete and
// deletecollection on what the scenario creates, VMIs and, when the run makes namespaces, on
// namespaces; the ConfigMap with the scenario; the Job. Throws std::invalid_argument for
// shard counts out of range and what cannot be sharded.
std::vector<JobObject> jobObjects(const JobSpec& spec);

// The objects as one YAML stream ("---" between them), strings quoted where YAML would read
// them as something else, the scenario as a block.
std::string jobYaml(const std::vector<JobObject>& objects);

}  // namespace perfscale::plugin
