// A run shared by several processes (`run --shard i/N`, the pods of an Indexed Job): every
// shard runs the same scenario under the same uuid and creates its own slice of each
// iteration, labelled perfscale.kubevirt.io/shard=<i>, at 1/N of the asked rates, so that
// together they create exactly the asked objects at the asked rate. Each shard watches,
// waits for and deletes only what it created.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/scenario/scenario.h"

namespace perfscale::scenario {

// "i/N" (0 <= i < N) as `run --shard` takes it; "N" alone takes i from JOB_COMPLETION_INDEX
// (`jobCompletionIndex`, the variable's value; nothing when it is unset). Throws ScenarioError
// naming the flag and what to write.
Shard parseShard(const std::string& text, const std::optional<std::string>& jobCompletionIndex);

// Makes `scenario` the part of shard `shard`: each workload's qps and the client limit divided
// by the shard count (bursts too, at least 1), and a workload with namespaced iterations
// spread over one namespace per shard (<namespace>-<iteration>-<shard + 1>). Throws
// ScenarioError for what cannot be sharded (steady-state workloads).
void applyShard(Scenario& scenario, Shard shard);

// Whether the object at `slot` of an iteration of `workload` is this process's to create:
// always without a shard; with one, whole namespaces are dealt out in turn when the workload
// has per-iteration namespaces (namespace k to shard (k - 1) mod N), else the objects
// themselves (slot mod N).
bool ownsSlot(const Scenario& scenario, const Workload& workload, size_t slot);

// How many objects of each iteration of `workload` are this process's (objectsPerIteration()
// without a shard).
size_t ownObjectsPerIteration(const Scenario& scenario, const Workload& workload);

// The namespaces of `iteration` that this process's objects go into: iterationNamespaces()
// without a shard; with one, those of its slots. A namespace every shard shares (the workload's
// one namespace) is listed too, but no shard deletes it (sharedNamespaces()).
std::vector<std::string> ownNamespaces(const Scenario& scenario, const Workload& workload,
                                       int iteration);

// Whether the namespaces of `workload` are shared by the shards of the run (a shard, and one
// namespace for every iteration): any shard may create them, none deletes them.
bool sharedNamespaces(const Scenario& scenario, const Workload& workload);

// The label selector of what this process creates: perfscale.kubevirt.io/run=<uuid>, and
// perfscale.kubevirt.io/shard=<i> in a shard.
std::string ownSelector(const Scenario& scenario);

}  // namespace perfscale::scenario
