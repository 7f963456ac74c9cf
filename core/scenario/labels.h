// The labels on every object a run creates: the run label is how the engine watches, waits,
// deletes and how `cleanup --uuid` finds what a run left behind.
#pragma once

#include <string>

namespace perfscale::scenario {

inline constexpr const char* kRunLabel = "perfscale.kubevirt.io/run";              // uuid
inline constexpr const char* kScenarioLabel = "perfscale.kubevirt.io/scenario";    // name
inline constexpr const char* kWorkloadLabel = "perfscale.kubevirt.io/workload";    // name
inline constexpr const char* kIterationLabel = "perfscale.kubevirt.io/iteration";  // 1, 2, ...
// On what one shard of a sharded run creates: its index, 0, 1, ...
inline constexpr const char* kShardLabel = "perfscale.kubevirt.io/shard";

// A label selector for everything of one run: perfscale.kubevirt.io/run=<uuid>.
inline std::string runSelector(const std::string& uuid) {
  return std::string(kRunLabel) + "=" + uuid;
}

}  // namespace perfscale::scenario
