// Turns records into rows: one prepared statement per kind of row, interning of repeated
// strings, and the run's progress (counts, latest time) written once per batch. Used by the
// writer thread only, inside the transaction the writer opens.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/record.h"
#include "store/lookup_tables.h"
#include "store/object_table.h"
#include "store/sqlite_db.h"

namespace perfscale::store {

class RecordInserter {
 public:
  explicit RecordInserter(const Database& db);

  // Inserts the run's row with outcome 'incomplete'; arguments and URL are redacted here.
  void beginRun(const RunInfo& run);
  void endRun(const RunEnd& end);
  void add(const RequestRecord& request);
  void add(const ObjectRecord& object);
  void add(const PhaseRecord& phase);
  void add(const IterationRecord& iteration);
  void add(const EventRecord& event);
  // An event written by the trace writer itself (records dropped, failure), at the latest time.
  void addWriterEvent(const std::string& kind, const std::string& message);

  // Writes the run's progress; call once per batch, before the commit.
  void finishBatch();
  // Best effort, in a transaction of its own after a failed batch: marks the latest run
  // 'error' with `message` (if it is still incomplete) and adds a trace-error event.
  void recordFailure(const std::string& message);
  // After a rolled-back batch: forget ids and counts that name rolled-back rows.
  void forgetUncommitted();

  bool inRun() const { return runId_.has_value(); }
  std::optional<int64_t> runId() const { return runId_; }
  // Records that arrived outside beginRun/endRun and were not stored.
  uint64_t orphans() const { return orphans_; }

 private:
  bool accept();
  void advance(RunClock at);
  ObjectTable::Key objectKey(const std::string& kind, const std::string& ns,
                             const std::string& name);

  const Database& db_;
  StringTable strings_;
  PairTable operations_;
  PairTable flows_;
  PayloadTable payloads_;
  ObjectTable objects_;
  Statement insertRun_;
  Statement endRun_;
  Statement progress_;
  Statement insertRequest_;
  Statement insertPhase_;
  Statement serverTimes_;  // an object's creation and deletion timestamps
  Statement insertEvent_;
  std::vector<Statement> iterationStage_;  // by IterationRecord::Stage

  Statement markFailed_;
  Statement runExists_;

  StringTable::Memo objectKind_;
  StringTable::Memo requestNamespace_;
  StringTable::Memo requestName_;
  StringTable::Memo objectNamespace_;
  StringTable::Memo phase_;
  std::optional<int64_t> runId_;      // the run records go to, between beginRun and endRun
  std::optional<int64_t> lastRunId_;  // the latest run begun, for recordFailure
  // Progress of the current batch, written by finishBatch().
  int64_t batchRequests_ = 0;
  int64_t batchVmis_ = 0;
  int64_t lastNs_ = 0;
  std::optional<int64_t> batchFirstRequestId_;
  std::optional<int64_t> batchLastRequestId_;
  uint64_t orphans_ = 0;
};

}  // namespace perfscale::store
