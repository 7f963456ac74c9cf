// What the trace fuzz targets share: the seed trace, written by the store's own writer (one run
// with a request of each outcome, an object through its stages, phases, an iteration and an
// event) and compacted to 512-byte pages without a write-ahead log so the file stays small;
// and reading a trace whole, the way `report` does.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>

#include "store/sqlite_db.h"
#include "store/trace_reader.h"
#include "store/trace_writer.h"

namespace perfscale::fuzz {

namespace seed_detail {

inline void recordRun(store::TraceWriter& writer) {
  RunInfo run;
  run.uuid = "0b5fa1c2-1111-4222-8333-444455556666";
  run.name = "density";
  run.startedWallNs = 1'700'000'000'000'000'000;
  run.arguments = {"--qps", "20", "--token", "<redacted>"};
  run.scenarioGiven = "apiVersion: perfscale.kubevirt.io/v1alpha1\nname: density\n";
  run.scenarioResolved = R"({"name":"density"})";
  run.serverUrl = "https://127.0.0.1:6443";
  run.contextName = "main";
  run.userName = "admin";
  run.clusterVersion = "v1.30.0";
  run.host = "fuzz";
  run.toolVersion = "0.1.0";
  writer.beginRun(run);

  IterationRecord started;
  started.index = 1;
  started.namespaces = {"perf-1"};
  writer.record(started);

  RequestRecord create;
  create.seq = 1;
  create.iteration = 1;
  create.verb = "create";
  create.resource = "virtualmachineinstances";
  create.ns = "perf-1";
  create.name = "vmi-1";
  create.sent = RunClock(1'000'000);
  create.firstByte = RunClock(2'000'000);
  create.done = RunClock(2'500'000);
  create.status = 201;
  create.bytesOut = 512;
  create.bytesIn = 900;
  create.payload = R"({"kind":"VirtualMachineInstance","metadata":{"name":"vmi-1"}})";
  writer.record(create);
  RequestRecord throttled = create;
  throttled.seq = 2;
  throttled.status = 429;
  throttled.reason = "TooManyRequests";
  throttled.tryNumber = 2;
  throttled.retryOf = 1;
  writer.record(throttled);
  RequestRecord cut = create;
  cut.seq = 3;
  cut.status = 0;
  cut.error = "connection reset by peer";
  writer.record(cut);

  ObjectRecord object;
  object.ns = "perf-1";
  object.name = "vmi-1";
  object.uid = "uid-1";
  object.iteration = 1;
  for (const auto stage : {ObjectRecord::Stage::Created, ObjectRecord::Stage::DeletionRequested,
                           ObjectRecord::Stage::Gone}) {
    object.stage = stage;
    object.at += RunClock(3'000'000);
    writer.record(object);
  }
  PhaseRecord phase;
  phase.ns = "perf-1";
  phase.name = "vmi-1";
  phase.uid = "uid-1";
  for (const char* name : {"Pending", "Scheduled", "Running"}) {
    phase.phase = name;
    phase.observedAt += RunClock(4'000'000);
    phase.serverNs = run.startedWallNs + phase.observedAt.count();
    phase.resourceVersion = std::to_string(phase.observedAt.count());
    writer.record(phase);
  }
  EventRecord event;
  event.at = RunClock(5'000'000);
  event.iteration = 1;
  event.kind = "wait-end";
  event.message = "1 of 1 VMIs Running";
  writer.record(event);
  writer.endRun({RunClock(9'000'000), RunOutcome::Ok, 0});
  writer.flush();
}

}  // namespace seed_detail

// Replaces `path` (creating its directory) with the seed trace. Throws TraceError.
inline void writeSeedTrace(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    std::remove((path + suffix).c_str());
  const auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir);
  {
    store::TraceWriterOptions options;
    options.minFreeBytes = 0;
    store::TraceWriter writer(path, options);
    seed_detail::recordRun(writer);
  }
  const store::Database db(path, SQLITE_OPEN_READWRITE);
  db.exec("PRAGMA journal_mode = DELETE");
  db.exec("PRAGMA page_size = 512");
  db.exec("VACUUM");
}

// Opens the trace read-only (an older one is upgraded first) and reads every run, and each
// run's requests with their payloads, objects, phases, iterations and events.
inline void readWholeTrace(const std::string& path) {
  const store::TraceReader reader(path);
  for (const store::StoredRun& run : reader.runs()) {
    (void)reader.findRun(run.info.uuid);
    (void)run.duration();
    RequestRecord request;
    for (auto c = reader.requests(run.id, {store::RequestQuery::Order::Seq, true});
         c.next(request);) {
    }
    store::StoredObject object;
    for (auto c = reader.objects(run.id); c.next(object);) {
    }
    store::StoredPhase phase;
    for (auto c = reader.phases(run.id); c.next(phase);) {
    }
    store::StoredIteration iteration;
    for (auto c = reader.iterations(run.id); c.next(iteration);) {
    }
    EventRecord event;
    for (auto c = reader.events(run.id); c.next(event);) {
    }
  }
}

}  // namespace perfscale::fuzz
