// When the trace cannot keep up or cannot be written: the writer drops and counts, or stops,
// records why where it still can, and tells its owner; what was committed stays readable.
#include <catch2/catch.hpp>

#include <mutex>

#include "store/trace_error.h"
#include "store/trace_reader.h"
#include "store/trace_writer.h"
#include "tests/support/process.h"

using namespace std::chrono_literals;
using perfscale::RequestRecord;
using perfscale::RunClock;
using perfscale::RunInfo;
using perfscale::RunOutcome;
using perfscale::store::TraceError;
using perfscale::store::TraceReader;
using perfscale::store::TraceWriter;
using perfscale::store::TraceWriterOptions;
using perfscale::test::TempDir;

namespace {

RunInfo sampleRun(const std::string& uuid) {
  RunInfo run;
  run.uuid = uuid;
  run.name = "failure-test";
  return run;
}

RequestRecord bigRequest(uint64_t seq) {
  RequestRecord r;
  r.seq = seq;
  r.verb = "create";
  r.resource = "virtualmachineinstances";
  r.ns = "perf-0";
  r.name = "vmi-" + std::to_string(seq);
  r.done = RunClock(seq * 1000);
  r.status = 201;
  // Distinct bodies: each takes its own room in the file.
  r.payload = std::string(2000, 'x') + std::to_string(seq);
  return r;
}

}  // namespace

TEST_CASE("store: a full disk mid-run stops the writer - the run is marked 'error' and readable") {
  TempDir dir;
  const auto path = dir.file("t.db");
  TraceWriterOptions options;
  options.maxBytes = 512 * 1024;  // the file cannot grow past this: a full disk, for SQLite
  options.commitEvery = 20;
  std::mutex mutex;
  std::string reported;
  int reports = 0;
  options.onFailure = [&](const std::string& error) {
    std::lock_guard<std::mutex> lock(mutex);
    reported = error;
    ++reports;
  };
  TraceWriter writer(path, options);
  writer.beginRun(sampleRun("u-1"));
  writer.flush();
  uint64_t seq = 0;
  for (; seq < 2000 && !writer.failure(); ++seq) {
    writer.record(bigRequest(seq + 1));
    if (seq % 20 == 19) {
      try {
        writer.flush();
      } catch (const TraceError&) {
      }
    }
  }
  REQUIRE(writer.failure());
  CHECK_THAT(*writer.failure(), Catch::Contains(path) && Catch::Contains("full"));
  CHECK_THROWS_AS(writer.flush(), TraceError);
  {
    std::lock_guard<std::mutex> lock(mutex);
    CHECK(reports == 1);
    CHECK(reported == *writer.failure());
  }
  // Records after the failure are refused, and counted.
  const auto droppedBefore = writer.stats().dropped;
  writer.record(bigRequest(99999));
  CHECK(writer.stats().dropped == droppedBefore + 1);

  TraceReader reader(path);
  const auto run = reader.findRun("u-1");
  REQUIRE(run);
  CHECK(run->outcome == RunOutcome::Error);
  CHECK_THAT(run->error, Catch::Contains("full"));
  CHECK(run->requests > 0);
  int64_t read = 0;
  for (const auto& r : reader.requests(run->id)) {
    (void)r;
    ++read;
  }
  CHECK(read == run->requests);
}

TEST_CASE("store: when the queue is full, records are dropped, counted and reported") {
  TempDir dir;
  const auto path = dir.file("t.db");
  TraceWriterOptions options;
  options.maxQueued = 5;
  options.commitEvery = 1000000;
  options.commitInterval = 60s;  // the writer thread sleeps: the queue fills
  {
    TraceWriter writer(path, options);
    writer.beginRun(sampleRun("u-1"));
    writer.flush();
    for (uint64_t seq = 1; seq <= 20; ++seq)
      writer.record(bigRequest(seq));
    CHECK(writer.stats().dropped == 15);
    writer.endRun({});  // endRun is never dropped
  }
  TraceReader reader(path);
  const auto run = reader.findRun("u-1");
  REQUIRE(run);
  CHECK(run->requests == 5);
  CHECK(run->outcome == RunOutcome::Ok);
  bool reported = false;
  for (const auto& event : reader.events(run->id)) {
    if (event.kind == "trace-dropped") {
      reported = true;
      CHECK_THAT(event.message, Catch::StartsWith("15 records dropped"));
    }
  }
  CHECK(reported);
}

TEST_CASE("store: a second run with the same uuid is refused and the first is kept intact") {
  TempDir dir;
  const auto path = dir.file("t.db");
  {
    TraceWriter writer(path);
    writer.beginRun(sampleRun("same"));
    writer.record(bigRequest(1));
    writer.endRun({});
  }
  TraceWriter writer(path);
  writer.beginRun(sampleRun("same"));
  writer.record(bigRequest(2));
  CHECK_THROWS_WITH(writer.flush(), Catch::Contains("already holds a run with uuid same"));
  REQUIRE(writer.failure());
  const auto run = TraceReader(path).findRun("same");
  REQUIRE(run);
  CHECK(run->outcome == RunOutcome::Ok);
  CHECK(run->requests == 1);
}
