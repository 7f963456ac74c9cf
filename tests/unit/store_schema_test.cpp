// The trace as people query it with the sqlite3 shell: the README's example queries, the
// views, and the size of a request row.
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include "store/trace_writer.h"
#include "tests/support/process.h"

using namespace std::chrono_literals;
using perfscale::RunClock;
using perfscale::test::TempDir;

namespace {

std::string query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  INFO(sqlite3_errmsg(db));
  REQUIRE(rc == SQLITE_OK);
  std::string out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const auto* text = sqlite3_column_text(stmt, i);
      out += (i ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "");
    }
    out += '\n';
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

perfscale::RequestRecord request(uint64_t seq, const std::string& name, RunClock sent,
                                 RunClock latency, int status) {
  perfscale::RequestRecord r;
  r.seq = seq;
  r.iteration = 0;
  r.verb = "create";
  r.resource = "virtualmachineinstances";
  r.ns = "perf-0";
  r.name = name;
  r.scheduled = sent - 1ms;
  r.granted = sent - 500us;
  r.sent = sent;
  r.firstByte = sent + latency - 100us;
  r.done = sent + latency;
  r.status = status;
  if (status == 429) r.reason = "TooManyRequests";
  return r;
}

// A run of three VMIs: vmi-2 throttled twice (seconds 1 and 2), vmi-1 slowest to Running.
std::string writeDemoTrace(const TempDir& dir) {
  const auto path = dir.file("demo.db");
  perfscale::store::TraceWriter writer(path);
  perfscale::RunInfo run;
  run.uuid = "demo";
  run.startedWallNs = 1'700'000'000'000'000'000;
  writer.beginRun(run);
  writer.record(request(1, "vmi-0", 100ms, 20ms, 201));
  writer.record(request(2, "vmi-1", 200ms, 300ms, 201));
  writer.record(request(3, "vmi-2", 1100ms, 5ms, 429));
  writer.record(request(4, "vmi-2", 2100ms, 6ms, 429));
  writer.record(request(5, "vmi-2", 2200ms, 40ms, 201));
  const std::pair<const char*, RunClock> created[] = {
      {"vmi-0", 120ms}, {"vmi-1", 500ms}, {"vmi-2", 2240ms}};
  const RunClock running[] = {4s, 9s, 5s};
  for (int i = 0; i < 3; ++i) {
    perfscale::ObjectRecord object;
    object.ns = "perf-0";
    object.name = created[i].first;
    object.uid = std::string("uid-") + created[i].first;
    object.at = created[i].second;
    object.iteration = 0;
    writer.record(object);
    perfscale::PhaseRecord phase;
    phase.ns = object.ns;
    phase.name = object.name;
    phase.uid = object.uid;
    phase.phase = "Running";
    phase.observedAt = running[i];
    writer.record(phase);
  }
  writer.endRun({10s, perfscale::RunOutcome::Ok, 0});
  return path;
}

const std::string kLatestRun = "(SELECT id FROM runs ORDER BY started_wall_ns DESC LIMIT 1)";

}  // namespace

TEST_CASE("store: README query: the runs in a trace") {
  TempDir dir;
  const auto path = writeDemoTrace(dir);
  CHECK(query(path,
              "SELECT uuid, kind, outcome, requests, vmis, "
              "(coalesce(ended_wall_ns - started_wall_ns, last_ns)) / 1e9 AS seconds "
              "FROM runs ORDER BY started_wall_ns") == "demo|run|ok|5|3|10.0\n");
}

TEST_CASE("store: README query: the slowest requests") {
  TempDir dir;
  const auto path = writeDemoTrace(dir);
  CHECK(query(path,
              "SELECT seq, verb, resource, namespace, name, status, latency_ns / 1e6 AS ms "
              "FROM requests_v WHERE run_id = " +
                  kLatestRun + " ORDER BY latency_ns DESC LIMIT 2") ==
        "2|create|virtualmachineinstances|perf-0|vmi-1|201|300.0\n"
        "5|create|virtualmachineinstances|perf-0|vmi-2|201|40.0\n");
}

TEST_CASE("store: README query: VMIs by time to Running") {
  TempDir dir;
  const auto path = writeDemoTrace(dir);
  CHECK(query(path,
              "SELECT namespace, name, round(min(since_created_ns) / 1e9, 3) AS "
              "seconds_to_running FROM phases_v WHERE run_id = " +
                  kLatestRun +
                  " AND kind = 'VirtualMachineInstance' AND phase = 'Running' "
                  "GROUP BY object_id ORDER BY seconds_to_running DESC") ==
        "perf-0|vmi-1|8.5\nperf-0|vmi-0|3.88\nperf-0|vmi-2|2.76\n");
}

TEST_CASE("store: README query: 429s per second") {
  TempDir dir;
  const auto path = writeDemoTrace(dir);
  CHECK(query(path,
              "SELECT done_ns / 1000000000 AS second, count(*) AS throttled FROM requests "
              "WHERE run_id = " +
                  kLatestRun + " AND status = 429 GROUP BY second ORDER BY second") ==
        "1|1\n2|1\n");
}

TEST_CASE("store: requests keep every time, relative and absolute, exactly") {
  TempDir dir;
  const auto path = writeDemoTrace(dir);
  CHECK(query(path,
              "SELECT scheduled_ns, granted_ns, sent_ns, first_byte_ns, done_ns, latency_ns, "
              "datetime((r.started_wall_ns + done_ns) / 1000000000, 'unixepoch') "
              "FROM requests JOIN runs r ON r.id = run_id WHERE seq = 1") ==
        "99000000|99500000|100000000|119900000|120000000|20000000|2023-11-14 22:13:20\n");
}

TEST_CASE("store: the timeline view merges events and iteration stages in time order") {
  TempDir dir;
  const auto path = dir.file("t.db");
  {
    perfscale::store::TraceWriter writer(path);
    perfscale::RunInfo run;
    run.uuid = "u";
    writer.beginRun(run);
    perfscale::IterationRecord started;
    started.index = 0;
    started.at = 1ms;
    started.namespaces = {"perf-0"};
    writer.record(started);
    writer.record(perfscale::EventRecord{2ms, 0, "wait-start", "waiting for 3 VMIs"});
    perfscale::IterationRecord ended = started;
    ended.stage = perfscale::IterationRecord::Stage::Ended;
    ended.at = 3ms;
    writer.record(ended);
    writer.endRun({});
  }
  CHECK(query(path, "SELECT at_ns, kind, message FROM timeline ORDER BY at_ns") ==
        "1000000|iteration-started|[\"perf-0\"]\n"
        "2000000|wait-start|waiting for 3 VMIs\n"
        "3000000|iteration-ended|\n");
}

TEST_CASE("store: a request row takes at most 64 bytes on disk, bodies aside") {
  TempDir dir;
  const auto path = dir.file("t.db");
  constexpr uint64_t kRequests = 30000;
  {
    perfscale::store::TraceWriter writer(path);
    perfscale::RunInfo run;
    run.uuid = "size";
    writer.beginRun(run);
    for (uint64_t seq = 1; seq <= kRequests; ++seq) {
      // Realistic values: ten minutes into a run, milliseconds of latency, PF headers set.
      auto r = request(seq, "perfscale-5b0c4a1e-" + std::to_string(seq), 600s + seq * 1ms,
                       RunClock(2'000'000 + (seq * 7919) % 40'000'000), 201);
      r.ns = "kubevirt-test-default-" + std::to_string(seq / 1000);
      r.bytesOut = 900;
      r.bytesIn = 2100;
      r.priorityLevel = "7c1b8f3e-5a2d-4c9e-9b61-0d2f4e6a8c10";
      r.flowSchema = "0a9e3c55-7d1f-4b2a-8e64-3f5c7b9d1e20";
      r.payload = "{\"metadata\":{\"name\":\"" + r.name + "\"}}";
      writer.record(r);
    }
    writer.endRun({});
  }
  const std::string bytes = query(path, "SELECT sum(pgsize) FROM dbstat WHERE name = 'requests'");
  if (bytes.empty() || bytes == "\n") {
    WARN("this SQLite has no dbstat table: row size not measured");
    return;
  }
  const double perRow = std::stod(bytes) / kRequests;
  INFO("bytes per request row: " << perRow);
  CHECK(perRow <= 64);
}
