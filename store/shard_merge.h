// Merging the traces of one run's shards (processes that each ran a share of it, as
// `run --shard i/N --uuid U`) into one run of another trace, so that report, diff, replay and
// runs see the whole run. The merged run starts at the earliest shard's zero and every shard's
// times are shifted onto that clock; its requests are renumbered in the order of their
// scheduled times (then shard); objects, phases and events are carried over (each event with
// its shard); iterations of the same number are combined (see shard_merge.cpp); the table
// `shards` records each shard's facts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/record.h"
#include "store/trace_rows.h"

namespace perfscale::store {

struct MergeOptions {
  std::string uuid;         // the run to merge; empty: the one run every input holds
  std::string toolVersion;  // recorded in meta when the output is created or upgraded
};

struct MergedRun {
  std::string uuid;
  int64_t startedWallNs = 0;
  std::vector<StoredShard> shards;  // by shard
  std::vector<int> missingShards;   // shards of 0..N-1 that no input held
  int64_t requests = 0;
  int64_t vmis = 0;
  RunOutcome outcome = RunOutcome::Incomplete;
  std::vector<std::string> warnings;  // merged all the same (a missing shard, ...)
};

// Appends the merged run to the trace at `outPath`, created if missing, in one transaction: on
// failure the file is left as it was (or not created). The inputs are opened read-only and never
// changed. Throws TraceError, naming the file and what to do, when the inputs are not the shards
// of one run, when one is not a trace, or when `outPath` already holds the run.
MergedRun mergeShards(const std::string& outPath, const std::vector<std::string>& inputs,
                      const MergeOptions& options = {});

// The least finished of two outcomes: ok < timeout < error < interrupted < incomplete.
RunOutcome worseOutcome(RunOutcome a, RunOutcome b);

}  // namespace perfscale::store
