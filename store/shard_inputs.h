// The traces `merge` reads (see shard_merge.h): each opened without being changed, the run they
// share found in each, and each one's place in that run (the "shard" member of its resolved
// scenario, {"index": i, "count": N}) read and checked against the others'.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/record.h"
#include "store/sqlite_db.h"

namespace perfscale::store {

// One input trace and the shared run's row as that shard recorded it.
struct ShardInput {
  ShardInput(std::string inputPath, Database database)
      : path(std::move(inputPath)), db(std::move(database)) {}

  std::string path;
  Database db;
  int shard = 0;             // i of --shard i/N; for traces that name no shard, their order given
  std::optional<int> count;  // N

  int64_t runId = 0;
  std::string name;
  std::string kind;
  std::string replayOf;
  int64_t startedWallNs = 0;  // the shard's run-clock zero
  std::optional<int64_t> endedWallNs;
  RunOutcome outcome = RunOutcome::Incomplete;
  std::optional<int> exitCode;
  std::string error;
  std::string arguments;  // JSON array
  std::string scenarioGiven;
  std::string scenarioResolved;
  std::string wholeScenario;  // scenarioResolved without its "shard" member (minified JSON)
  std::string serverUrl;
  std::string contextName;
  std::string userName;
  std::string clusterVersion;
  std::string host;
  std::string toolVersion;
  int64_t lastNs = 0;
  int64_t firstRequestId = 1;  // the run's requests.id range (empty when first > last)
  int64_t lastRequestId = 0;
};

struct ShardSelection {
  std::string uuid;
  std::vector<ShardInput> shards;  // by shard
  std::optional<int> count;        // N, when the traces name their shards
  std::vector<int> missing;        // shards of 0..N-1 that no input holds
  std::vector<std::string> warnings;
};

// Opens `paths` read-only and finds the run they are the shards of: `uuid`, or (when empty) the
// one run every input holds. Throws TraceError, naming the files and what to do, when they are
// not the shards of one run.
ShardSelection selectShards(const std::vector<std::string>& paths, const std::string& uuid);

// The file name of `path` without its directories, as the merged trace records its sources.
std::string sourceName(const std::string& path);

}  // namespace perfscale::store
