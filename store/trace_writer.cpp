// The batched trace writer (see trace_writer.h).
#include "store/trace_writer.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <variant>
#include <vector>

#include "core/compact_string.h"
#include "store/chunk_queue.h"
#include "store/record_inserter.h"
#include "store/sqlite_db.h"
#include "store/trace_file.h"

namespace perfscale::store {

namespace {

// An object record as it waits in the queue: deleting an iteration queues one per VMI at once,
// 100,000 in a large run. Kind, namespace and name fit in 23 bytes each and a uid packs into
// 16, so it costs 112 bytes and no heap, where an ObjectRecord costs 152 and four heap blocks.
struct QueuedObject {
  explicit QueuedObject(const ObjectRecord& r)
      : kind(r.kind),
        ns(r.ns),
        name(r.name),
        uid(r.uid),
        iteration(r.iteration),
        stage(r.stage),
        at(r.at) {}
  ObjectRecord record() const {
    return ObjectRecord{kind.str(), ns.str(), name.str(), uid.str(), iteration, stage, at};
  }
  ShortString kind;
  ShortString ns;
  ShortString name;
  CompactUid uid;
  int iteration;
  ObjectRecord::Stage stage;
  RunClock at;
};

// A phase record as it waits in the queue: when a large iteration is deleted, the watch brings
// two events per VMI faster than the writer commits them, and tens of thousands wait. Namespace,
// name, phase and resourceVersion are kept inline up to 23 bytes each and a uid packs into 16,
// so it costs one 160-byte block, where a PhaseRecord costs 224 bytes and up to three more heap
// blocks.
struct QueuedPhase {
  explicit QueuedPhase(const PhaseRecord& r)
      : ns(r.ns),
        name(r.name),
        uid(r.uid),
        phase(r.phase),
        resourceVersion(r.resourceVersion),
        observedAt(r.observedAt),
        serverNs(r.serverNs.value_or(0)),
        createdServerNs(r.createdServerNs.value_or(0)),
        deletionServerNs(r.deletionServerNs.value_or(0)),
        hasServerNs(r.serverNs.has_value()),
        hasCreatedServerNs(r.createdServerNs.has_value()),
        hasDeletionServerNs(r.deletionServerNs.has_value()),
        late(r.late) {}
  PhaseRecord record() const {
    PhaseRecord r;
    r.ns = ns.str();
    r.name = name.str();
    r.uid = uid.str();
    r.phase = phase.str();
    r.observedAt = observedAt;
    if (hasServerNs) r.serverNs = serverNs;
    r.resourceVersion = resourceVersion.str();
    r.late = late;
    if (hasCreatedServerNs) r.createdServerNs = createdServerNs;
    if (hasDeletionServerNs) r.deletionServerNs = deletionServerNs;
    return r;
  }
  ShortString ns;
  ShortString name;
  CompactUid uid;
  ShortString phase;
  ShortString resourceVersion;
  RunClock observedAt;
  int64_t serverNs;
  int64_t createdServerNs;
  int64_t deletionServerNs;
  bool hasServerNs;
  bool hasCreatedServerNs;
  bool hasDeletionServerNs;
  bool late;
};
static_assert(sizeof(QueuedPhase) <= 160, "a queued phase record in one 160-byte block");

// A queued item is the size of its largest inline kind, 120 bytes: RunInfo, requests (384
// bytes) and phases (160) are boxed.
using Item = std::variant<std::unique_ptr<RunInfo>, RunEnd, std::unique_ptr<RequestRecord>,
                          QueuedObject, std::unique_ptr<QueuedPhase>, IterationRecord, EventRecord>;

struct Apply {
  RecordInserter& inserter;
  void operator()(const std::unique_ptr<RunInfo>& run) const { inserter.beginRun(*run); }
  template <class Record>
  void operator()(const std::unique_ptr<Record>& record) const {
    inserter.add(*record);
  }
  void operator()(const RunEnd& end) const { inserter.endRun(end); }
  void operator()(const QueuedObject& object) const { inserter.add(object.record()); }
  void operator()(const std::unique_ptr<QueuedPhase>& phase) const {
    inserter.add(phase->record());
  }
  template <class Record>
  void operator()(const Record& record) const {
    inserter.add(record);
  }
};

WriteOpenOptions openOptions(const TraceWriterOptions& options) {
  WriteOpenOptions result;
  result.toolVersion = options.toolVersion;
  result.minFreeBytes = options.minFreeBytes;
  result.maxBytes = options.maxBytes;
  return result;
}

}  // namespace

struct TraceWriter::State {
  State(const std::string& path, TraceWriterOptions writerOptions)
      : options(std::move(writerOptions)),
        db(openTraceForWriting(path, openOptions(options))),
        inserter(db) {}

  void enqueue(Item item, bool control);
  void writerLoop();
  void write(const ChunkQueue<Item>::Chunks& batch, bool sync);
  void fail(const std::string& message);

  const TraceWriterOptions options;
  Database db;
  RecordInserter inserter;  // writer thread only

  mutable std::mutex mutex;
  std::condition_variable wake;       // the writer thread waits here
  std::condition_variable committed;  // flush() waits here
  ChunkQueue<Item> queue;
  uint64_t enqueuedCount = 0;
  uint64_t committedCount = 0;
  uint64_t flushTarget = 0;
  bool urgent = false;  // beginRun or endRun queued: commit without waiting
  bool stopping = false;
  std::string failureMessage;
  std::atomic<bool> failed{false};
  std::atomic<uint64_t> dropped{0};
  uint64_t droppedReported = 0;  // writer thread only
  std::thread thread;
};

void TraceWriter::State::enqueue(Item item, bool control) {
  if (failed.load(std::memory_order_relaxed)) {
    dropped.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  std::lock_guard<std::mutex> lock(mutex);
  if (!control && queue.size() >= options.maxQueued) {
    dropped.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  queue.push(std::move(item));
  ++enqueuedCount;
  if (control) {
    urgent = true;
    wake.notify_one();
  } else if (queue.size() == options.commitEvery) {
    wake.notify_one();
  }
}

void TraceWriter::State::writerLoop() {
  using Clock = std::chrono::steady_clock;
  ChunkQueue<Item>::Chunks batch;
  auto lastCommit = Clock::now();
  for (;;) {
    bool sync = false;
    uint64_t count = 0;
    {
      std::unique_lock<std::mutex> lock(mutex);
      wake.wait_until(lock, lastCommit + options.commitInterval, [&] {
        return stopping || urgent || flushTarget > committedCount ||
               queue.size() >= options.commitEvery;
      });
      if (queue.empty()) {
        if (stopping) return;
        lastCommit = Clock::now();
        continue;
      }
      count = queue.size();
      queue.takeAll(batch);
      urgent = false;
      sync = flushTarget > committedCount;
    }
    write(batch, sync);
    for (auto& chunk : batch)
      chunk.clear();  // frees the records' strings, outside the lock
    uint64_t total = 0;
    {
      std::lock_guard<std::mutex> lock(mutex);
      queue.recycle(batch);
      committedCount += count;
      total = committedCount;
    }
    committed.notify_all();
    if (options.onCommit && !failed) options.onCommit(total);
    lastCommit = Clock::now();
  }
}

void TraceWriter::State::write(const ChunkQueue<Item>::Chunks& batch, bool sync) {
  if (failed) return;  // discarded: nothing more can be written
  size_t left = 0;
  for (const auto& chunk : batch)
    left += chunk.size();
  try {
    auto chunk = batch.begin();
    size_t next = 0;  // in *chunk
    while (left > 0) {
      const size_t count = std::min(left, options.commitEvery);
      left -= count;
      // A flush wants its records on the disk, not only in the OS's cache.
      const bool syncThis = sync && left == 0;
      if (syncThis) db.exec("PRAGMA synchronous = FULL");
      Transaction transaction(db);
      const uint64_t droppedNow = dropped.load(std::memory_order_relaxed);
      if (droppedNow > droppedReported && inserter.inRun()) {
        inserter.addWriterEvent(
            "trace-dropped",
            std::to_string(droppedNow - droppedReported) +
                " records dropped: the trace writer fell behind (the disk was too slow)");
        droppedReported = droppedNow;
      }
      for (size_t i = 0; i < count; ++i) {
        while (next == chunk->size()) {
          ++chunk;
          next = 0;
        }
        std::visit(Apply{inserter}, (*chunk)[next++]);
      }
      inserter.finishBatch();
      transaction.commit();
      if (syncThis) db.exec("PRAGMA synchronous = NORMAL");
    }
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

void TraceWriter::State::fail(const std::string& message) {
  inserter.forgetUncommitted();
  inserter.recordFailure(message);
  // The owner hears of it before failure() and flush() report it.
  if (options.onFailure) options.onFailure(message);
  {
    std::lock_guard<std::mutex> lock(mutex);
    failureMessage = message;
    failed = true;
  }
  committed.notify_all();
}

TraceWriter::TraceWriter(const std::string& path, TraceWriterOptions options)
    : state_(std::make_unique<State>(path, std::move(options))) {
  state_->thread = std::thread([state = state_.get()] {
    pthread_setname_np(pthread_self(), "trace-writer");  // as top -H and perf show it
    state->writerLoop();
  });
}

TraceWriter::~TraceWriter() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
  }
  state_->wake.notify_one();
  state_->thread.join();
  // Leave a finished trace as one self-contained file: readers, which open it read-only, then
  // create no -wal and -shm files beside it. Best effort: another connection may hold it open.
  sqlite3_exec(state_->db.handle(), "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
}

void TraceWriter::beginRun(const RunInfo& run) {
  state_->enqueue(std::make_unique<RunInfo>(run), true);
}
void TraceWriter::record(RequestRecord request) {
  state_->enqueue(std::make_unique<RequestRecord>(std::move(request)), false);
}
void TraceWriter::record(ObjectRecord object) {
  state_->enqueue(QueuedObject(object), false);
}
void TraceWriter::record(PhaseRecord phase) {
  state_->enqueue(std::make_unique<QueuedPhase>(phase), false);
}
void TraceWriter::record(IterationRecord iteration) {
  state_->enqueue(std::move(iteration), false);
}
void TraceWriter::record(EventRecord event) {
  state_->enqueue(std::move(event), false);
}
void TraceWriter::endRun(const RunEnd& end) {
  state_->enqueue(end, true);
}

void TraceWriter::flush() {
  std::unique_lock<std::mutex> lock(state_->mutex);
  state_->flushTarget = std::max(state_->flushTarget, state_->enqueuedCount);
  state_->wake.notify_one();
  state_->committed.wait(
      lock, [this] { return state_->committedCount >= state_->flushTarget || state_->failed; });
  if (state_->failed) throw TraceError(state_->failureMessage);
}

std::optional<std::string> TraceWriter::failure() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (!state_->failed) return std::nullopt;
  return state_->failureMessage;
}

TraceWriter::Stats TraceWriter::stats() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return {state_->enqueuedCount, state_->committedCount,
          state_->dropped.load(std::memory_order_relaxed)};
}

}  // namespace perfscale::store
