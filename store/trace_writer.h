// The Recorder that writes a trace. Records go to a queue and the call returns at once; one
// thread commits them in batches (every `commitEvery` records or every `commitInterval`), so
// the engine never waits on the disk. If writing fails (disk full, I/O error) the writer stops,
// marks the run 'error' where it still can, and says so through onFailure, failure() and flush().
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/record.h"

namespace perfscale::store {

struct TraceWriterOptions {
  std::string toolVersion;  // recorded in meta when the file is created or upgraded
  // A second: at 5 creates a second, commits every 100 ms were a quarter of the client's CPU.
  std::chrono::milliseconds commitInterval{1000};
  // Records per transaction, at most; the writer wakes when this many are queued, so a fast run
  // queues ~2 MB, not a second of records.
  size_t commitEvery = 4096;
  // Past this many queued records (about 300 bytes each: the disk has stalled), new ones are
  // dropped and counted; a 'trace-dropped' event tells how many.
  size_t maxQueued = 262144;
  uint64_t minFreeBytes = 64 << 20;  // refuse to start with less free space than this
  // Caps the file's size (0: no cap); past it, writing fails as on a full disk.
  int64_t maxBytes = 0;
  // Called once, from the writer thread, when writing fails (before failure() reports it):
  // the place to stop the run. Callbacks must not call flush() or the destructor.
  std::function<void(const std::string& error)> onFailure;
  // Called from the writer thread after each commit with the number of records committed.
  std::function<void(uint64_t committed)> onCommit;
};

class TraceWriter final : public Recorder {
 public:
  // Opens or creates the trace (see trace_file.h). Throws TraceError when it cannot be written.
  explicit TraceWriter(const std::string& path, TraceWriterOptions options = {});
  // Commits everything queued and leaves the trace as a single file (no -wal, no -shm).
  // A run without endRun stays 'incomplete'.
  ~TraceWriter() override;
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  void beginRun(const RunInfo& run) override;
  void record(RequestRecord request) override;
  void record(ObjectRecord object) override;
  void record(PhaseRecord phase) override;
  void record(IterationRecord iteration) override;
  void record(EventRecord event) override;
  void endRun(const RunEnd& end) override;
  // Blocks until every record so far is committed and synced to disk; throws TraceError if the
  // writer has failed.
  void flush() override;

  // Why writing failed, once it has.
  std::optional<std::string> failure() const;

  struct Stats {
    uint64_t queued = 0;     // accepted by record() and friends
    uint64_t committed = 0;  // of those, committed (or discarded after a failure)
    uint64_t dropped = 0;    // refused: queue full or writer failed
  };
  Stats stats() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace perfscale::store
