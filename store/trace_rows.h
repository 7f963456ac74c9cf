// What a reader gets back from a trace: the records a run emitted, plus what the store knows
// about them (ids, the run's outcome and counts), with each object and each iteration folded
// into one row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/record.h"

namespace perfscale::store {

struct StoredRun {
  int64_t id = 0;  // runs.id, what the other tables call run_id
  RunInfo info;    // arguments and server URL as stored, that is redacted
  RunOutcome outcome = RunOutcome::Incomplete;
  std::optional<int64_t> endedWallNs;
  std::optional<int> exitCode;
  std::string error;         // why the trace writer failed, when it did
  int64_t requests = 0;      // request records committed
  int64_t vmis = 0;          // VMIs the run created (or saw)
  RunClock lastRecordAt{0};  // the latest time among the run's committed records

  // From start to end; for a run that never ended, to its last record.
  RunClock duration() const {
    return endedWallNs ? RunClock(*endedWallNs - info.startedWallNs) : lastRecordAt;
  }
};

struct StoredObject {
  int64_t id = 0;
  std::string kind = kKindVmi;
  std::string ns;
  std::string name;
  std::string uid;
  int iteration = -1;
  std::optional<RunClock> created;
  std::optional<RunClock> deletionRequested;
  std::optional<RunClock> gone;
  std::optional<int64_t> createdServerNs;   // metadata.creationTimestamp, ns since the epoch
  std::optional<int64_t> deletionServerNs;  // metadata.deletionTimestamp
};

struct StoredPhase {
  int64_t objectId = 0;  // StoredObject::id
  PhaseRecord phase;
};

struct StoredIteration {
  int index = 0;
  std::vector<std::string> namespaces;
  std::optional<RunClock> started;
  std::optional<RunClock> created;
  std::optional<RunClock> allRunning;
  std::optional<RunClock> deletionStarted;
  std::optional<RunClock> allGone;
  std::optional<RunClock> ended;
};

// One of the shards a merged run was put together from (`kubectl perfscale merge`).
struct StoredShard {
  int shard = 0;             // i of --shard i/N; for traces that named no shard, their order
  std::optional<int> count;  // N; none when the traces named no shard
  std::string source;        // the shard trace's file name
  std::string host;
  int64_t startedWallNs = 0;  // the shard's own run-clock zero
  RunClock offset{0};         // added to the shard's times: startedWallNs - the run's start
  std::optional<int64_t> endedWallNs;
  RunOutcome outcome = RunOutcome::Incomplete;
  std::optional<int> exitCode;
  int64_t requests = 0;
  int64_t vmis = 0;
  std::vector<std::string> arguments;  // as the shard recorded them (redacted)
};

// The inverse of toString(RunOutcome); nothing for an unknown name.
std::optional<RunOutcome> parseRunOutcome(std::string_view name);

}  // namespace perfscale::store
