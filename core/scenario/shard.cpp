// Sharded runs: the shard flag, the scenario of one shard and its slice (see shard.h).
#include "core/scenario/shard.h"

#include <algorithm>
#include <cctype>

#include "core/scenario/labels.h"
#include "core/scenario/scenario_error.h"

namespace perfscale::scenario {
namespace {

constexpr int kMaxShards = 10000;

// A whole number in [0, limit], or nothing.
std::optional<int> wholeNumber(const std::string& text, int limit) {
  if (text.empty() || text.size() > 6 ||
      !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  const int value = std::stoi(text);
  if (value > limit) return std::nullopt;
  return value;
}

}  // namespace

Shard parseShard(const std::string& text, const std::optional<std::string>& jobCompletionIndex) {
  const auto slash = text.find('/');
  const std::string countText = slash == std::string::npos ? text : text.substr(slash + 1);
  const auto count = wholeNumber(countText, kMaxShards);
  if (!count || *count < 1) {
    throw ScenarioError("--shard " + text + ": expected INDEX/COUNT (0 <= INDEX < COUNT <= " +
                        std::to_string(kMaxShards) +
                        "), e.g. --shard 0/4, or COUNT alone with JOB_COMPLETION_INDEX set");
  }
  std::optional<int> index;
  if (slash != std::string::npos) {
    index = wholeNumber(text.substr(0, slash), kMaxShards);
    if (!index || *index >= *count) {
      throw ScenarioError("--shard " + text + ": the index must be a whole number from 0 to " +
                          std::to_string(*count - 1) + " (shards are numbered from 0)");
    }
  } else {
    if (!jobCompletionIndex) {
      throw ScenarioError("--shard " + text +
                          ": without an index (INDEX/COUNT) the index comes from "
                          "JOB_COMPLETION_INDEX, which is not set; write --shard INDEX/" +
                          countText);
    }
    index = wholeNumber(*jobCompletionIndex, kMaxShards);
    if (!index || *index >= *count) {
      throw ScenarioError("--shard " + text + ": JOB_COMPLETION_INDEX=" + *jobCompletionIndex +
                          " is not a shard index from 0 to " + std::to_string(*count - 1));
    }
  }
  return Shard{*index, *count};
}

void applyShard(Scenario& scenario, Shard shard) {
  scenario.shard = shard;
  const double n = shard.count;
  auto share = [&](int burst) { return std::max(1, burst / shard.count); };
  if (scenario.clientQps > 0) {
    scenario.clientQps /= n;
    scenario.clientBurst = share(scenario.clientBurst);
  }
  for (auto& workload : scenario.workloads) {
    if (workload.kind == WorkloadKind::SteadyState) {
      throw ScenarioError(workload.definedAt,
                          "workload \"" + workload.name +
                              "\": a steady-state workload cannot be sharded (its churn "
                              "replaces the oldest objects of the whole run); shard iterations or "
                              "burst workloads, or run it in one process");
    }
    if (workload.qps > 0) {
      workload.qps /= n;
      workload.burst = share(workload.burst);
    }
    // One namespace per iteration becomes one per shard and iteration: a namespace belongs to
    // the shard that creates it and deletes it after the iteration.
    if (workload.kind == WorkloadKind::Iterations && workload.namespacedIterations &&
        workload.vmisPerNamespace <= 0 && shard.count > 1) {
      const size_t objects = objectsPerIteration(workload);
      const auto count = static_cast<size_t>(shard.count);
      workload.vmisPerNamespace =
          static_cast<int>(std::max<size_t>(1, (objects + count - 1) / count));
    }
  }
}

bool ownsSlot(const Scenario& scenario, const Workload& workload, size_t slot) {
  if (!scenario.shard || scenario.shard->count <= 1) return true;
  const auto count = static_cast<size_t>(scenario.shard->count);
  const auto index = static_cast<size_t>(scenario.shard->index);
  const size_t unit =
      workload.vmisPerNamespace > 0 ? slot / static_cast<size_t>(workload.vmisPerNamespace) : slot;
  return unit % count == index;
}

size_t ownObjectsPerIteration(const Scenario& scenario, const Workload& workload) {
  const size_t all = objectsPerIteration(workload);
  if (!scenario.shard || scenario.shard->count <= 1) return all;
  size_t own = 0;
  for (size_t slot = 0; slot < all; ++slot)
    if (ownsSlot(scenario, workload, slot)) ++own;
  return own;
}

std::vector<std::string> ownNamespaces(const Scenario& scenario, const Workload& workload,
                                       int iteration) {
  auto all = iterationNamespaces(workload, iteration);
  if (!scenario.shard || scenario.shard->count <= 1 || workload.vmisPerNamespace <= 0) return all;
  std::vector<std::string> own;
  const auto count = static_cast<size_t>(scenario.shard->count);
  for (auto k = static_cast<size_t>(scenario.shard->index); k < all.size(); k += count)
    own.push_back(all[k]);
  return own;
}

bool sharedNamespaces(const Scenario& scenario, const Workload& workload) {
  return scenario.shard && scenario.shard->count > 1 && workload.vmisPerNamespace <= 0;
}

std::string ownSelector(const Scenario& scenario) {
  std::string selector = runSelector(scenario.uuid);
  if (scenario.shard)
    selector += std::string(",") + kShardLabel + "=" + std::to_string(scenario.shard->index);
  return selector;
}

}  // namespace perfscale::scenario
