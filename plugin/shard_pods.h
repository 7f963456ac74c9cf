// The pods of a sharded run as `job collect` reads them: found by the run's label, each with
// its completion index and, from its container's command line as the Job made it, where its
// trace is and what runs in it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/kube/rest_client.h"

namespace perfscale::plugin {

// The annotation (and since Kubernetes v1.28 label) of each pod of an Indexed Job.
inline constexpr const char* kCompletionIndex = "batch.kubernetes.io/job-completion-index";

// What a user needs in the Job's namespace: a WebSocket exec is a GET, authorized as get on
// pods/exec, and newer API servers check create as well.
inline constexpr const char* kCollectPermissions =
    "collecting needs list on pods, and get and create on pods/exec, in the Job's namespace";

struct ShardPod {
  std::string name;
  std::optional<int> index;   // the completion index
  std::optional<int> shards;  // N of its run --shard I/N
  std::string phase;
  std::string container;  // the one named perfscale, else the first
  std::string binary;     // its command[0], else kubectl-perfscale
  std::string trace;      // its run --trace with $(JOB_COMPLETION_INDEX) expanded, else the
                          // Job's /traces/<uuid>-<index>.db; empty without an index
};

// The pods labelled with the run's uuid in `ns`, by completion index (a running one first
// where several share one). Throws std::runtime_error naming the URL and the answer.
std::vector<ShardPod> listShardPods(kube::RestClient& client, const std::string& ns,
                                    const std::string& uuid);

}  // namespace perfscale::plugin
