// Reads a trace: the runs it holds, and each run's rows as streams (see cursor.h). Opens the
// file read-only; an older trace is upgraded first, anything else that is not a current trace
// is refused (see trace_file.h). A reader and its cursors belong to one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "store/cursor.h"
#include "store/trace_file.h"
#include "store/trace_rows.h"

namespace perfscale::store {

struct RequestQuery {
  enum class Order { Committed, Seq };
  Order order = Order::Committed;  // Seq sorts (SQLite spills to disk, not memory, if large)
  bool withPayloads = false;       // fill RequestRecord::payload with the body sent
};

class TraceReader {
 public:
  explicit TraceReader(const std::string& path, OlderTrace older = OlderTrace::Upgrade);
  const std::string& path() const { return db_->path(); }

  // Every run in the file, oldest first (by start time).
  std::vector<StoredRun> runs() const;
  std::optional<StoredRun> findRun(std::string_view uuid) const;

  Cursor<RequestRecord> requests(int64_t runId, RequestQuery query = {}) const;
  Cursor<StoredObject> objects(int64_t runId) const;        // in order of creation
  Cursor<StoredPhase> phases(int64_t runId) const;          // by object, then time
  Cursor<StoredIteration> iterations(int64_t runId) const;  // by index
  Cursor<EventRecord> events(int64_t runId) const;          // by time
  // The shards a merged run was put together from, by shard; none for any other run.
  std::vector<StoredShard> shards(int64_t runId) const;

 private:
  std::shared_ptr<const Database> db_;
};

}  // namespace perfscale::store
