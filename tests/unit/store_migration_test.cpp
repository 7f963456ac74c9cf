// Opening a trace of an older schema upgrades it in place, losing nothing
// (tests/data/trace_schema_v1.sql is a version 1 trace).
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <filesystem>

#include "store/schema.h"
#include "store/trace_error.h"
#include "store/trace_reader.h"
#include "store/trace_writer.h"
#include "tests/support/process.h"

using namespace std::chrono_literals;
using perfscale::RequestRecord;
using perfscale::RunClock;
using perfscale::RunOutcome;
using perfscale::store::RequestQuery;
using perfscale::store::StoredIteration;
using perfscale::store::StoredObject;
using perfscale::store::StoredPhase;
using perfscale::store::TraceReader;
using perfscale::store::TraceWriter;
using perfscale::test::readFile;
using perfscale::test::TempDir;

namespace {

std::string fixture(const std::string& name) {
  return (std::filesystem::path(__FILE__).parent_path().parent_path() / "data" / name).string();
}

void loadFixture(const std::string& path, const std::string& sql = fixture("trace_schema_v1.sql")) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, readFile(sql).c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(message == "");
  REQUIRE(rc == SQLITE_OK);
}

std::string queryText(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::string out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    if (!out.empty()) out += '\n';
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const auto* text = sqlite3_column_text(stmt, i);
      out += (i ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "");
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_CASE("store: the version 1 fixture is what the migration test thinks it is") {
  TempDir dir;
  const auto path = dir.file("v1.db");
  loadFixture(path);
  CHECK(queryText(path, "PRAGMA user_version") == "1");
  CHECK(queryText(path, "SELECT count(*) FROM requests") == "8");
}

TEST_CASE("store: a version 1 trace is upgraded on open, its runs intact") {
  TempDir dir;
  const auto path = dir.file("v1.db");
  loadFixture(path);
  TraceReader reader(path);
  CHECK(queryText(path, "PRAGMA user_version") == std::to_string(perfscale::store::kSchemaVersion));
  CHECK(queryText(path,
                  "SELECT value FROM meta WHERE key IN ('schema_version', 'upgraded_from', "
                  "'created_by') ORDER BY key") ==
        "0.1.0-draft\n" + std::to_string(perfscale::store::kSchemaVersion) + "\n1");
  CHECK(queryText(path, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'v1_%'") == "0");
  CHECK(queryText(path, "PRAGMA integrity_check") == "ok");

  const auto runs = reader.runs();
  REQUIRE(runs.size() == 2);
  const auto& run = runs[0];
  CHECK(run.info.uuid == "3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01");
  CHECK(run.info.kind == "run");
  CHECK(run.info.replayOf.empty());
  CHECK(run.info.arguments == std::vector<std::string>{"--vmi-count", "2", "--iteration-count", "2",
                                                       "--token", "REDACTED"});
  CHECK(run.outcome == RunOutcome::Ok);
  CHECK(run.exitCode == 0);
  CHECK(run.duration() == 12'500ms);
  CHECK(run.requests == 7);
  CHECK(run.vmis == 2);
  CHECK(run.lastRecordAt == RunClock(12'450'000'000));
  const auto& replay = runs[1];
  CHECK(replay.info.kind == "replay");
  CHECK(replay.info.replayOf == run.info.uuid);
  CHECK(replay.outcome == RunOutcome::Incomplete);
  CHECK_FALSE(replay.endedWallNs);
  CHECK(replay.requests == 1);
  CHECK(replay.vmis == 1);
}

TEST_CASE("store: an upgraded version 1 trace gives back its requests exactly") {
  TempDir dir;
  const auto path = dir.file("v1.db");
  loadFixture(path);
  TraceReader reader(path);
  const auto run = reader.runs()[0];
  std::vector<RequestRecord> requests;
  for (const auto& r : reader.requests(run.id, {RequestQuery::Order::Seq, true}))
    requests.push_back(r);
  REQUIRE(requests.size() == 7);
  const auto& watch = requests[0];
  CHECK(watch.iteration == -1);
  CHECK(watch.verb == "watch");
  CHECK(watch.ns.empty());
  CHECK(watch.name.empty());
  CHECK(watch.priorityLevel.empty());
  CHECK(watch.payload.empty());
  const auto& vmi = requests[2];
  CHECK(vmi.seq == 3);
  CHECK(vmi.ns == "perf-0");
  CHECK(vmi.name == "vmi-0");
  CHECK(vmi.scheduled == RunClock(4000000));
  CHECK(vmi.granted == RunClock(4000000));
  CHECK(vmi.sent == RunClock(4000300));
  CHECK(vmi.firstByte == RunClock(20000000));
  CHECK(vmi.done == RunClock(20000900));
  CHECK(vmi.bytesOut == 61);
  CHECK(vmi.bytesIn == 1500);
  CHECK(vmi.priorityLevel == "pl-uid-1");
  CHECK(vmi.flowSchema == "fs-uid-1");
  CHECK(vmi.payload == R"({"kind":"VirtualMachineInstance","metadata":{"name":"vmi-0"}})");
  const auto& throttled = requests[3];
  CHECK(throttled.status == 429);
  CHECK(throttled.reason == "TooManyRequests");
  CHECK(throttled.flowSchema == "fs-uid-2");
  const auto& retry = requests[4];
  CHECK(retry.tryNumber == 2);
  CHECK(retry.retryOf == 4);
  CHECK(retry.payload == vmi.payload);
  const auto& reset = requests[5];
  CHECK(reset.status == 0);
  CHECK(reset.firstByte == RunClock(0));
  CHECK(reset.done == RunClock(5130000000));
  CHECK(reset.error == "connection reset by peer");
  CHECK(reset.reason.empty());
  CHECK(requests[6].reason == "AlreadyExists");
  // Bodies are deduplicated under their new hash.
  CHECK(queryText(path, "SELECT count(*) FROM payloads") == "2");
}

TEST_CASE("store: an upgraded version 1 trace gives back objects, phases, iterations, events") {
  TempDir dir;
  const auto path = dir.file("v1.db");
  loadFixture(path);
  TraceReader reader(path);
  const auto runs = reader.runs();
  std::vector<StoredObject> objects;
  for (const auto& o : reader.objects(runs[0].id))
    objects.push_back(o);
  REQUIRE(objects.size() == 3);
  CHECK(objects[0].kind == perfscale::kKindNamespace);
  CHECK(objects[0].ns.empty());
  CHECK(objects[1].uid == "uid-vmi-0");
  CHECK(objects[1].created == RunClock(20000900));
  CHECK(objects[2].gone == std::nullopt);
  std::vector<StoredObject> replayObjects;
  for (const auto& o : reader.objects(runs[1].id))
    replayObjects.push_back(o);
  REQUIRE(replayObjects.size() == 1);
  CHECK(replayObjects[0].uid.empty());
  CHECK(replayObjects[0].iteration == -1);

  std::vector<StoredPhase> phases;
  for (const auto& p : reader.phases(runs[0].id))
    phases.push_back(p);
  REQUIRE(phases.size() == 5);
  CHECK(phases[0].phase.phase == "Pending");
  CHECK(phases[0].phase.serverNs == 1700000000025000000);
  CHECK(phases[0].phase.resourceVersion == "1001");
  CHECK(phases[2].phase.phase == "Running");
  CHECK(phases[2].phase.late);
  CHECK_FALSE(phases[2].phase.serverNs);
  CHECK(phases[3].phase.resourceVersion == "0042");
  CHECK(phases[4].phase.resourceVersion == "abc-7");

  std::vector<StoredIteration> iterations;
  for (const auto& i : reader.iterations(runs[0].id))
    iterations.push_back(i);
  REQUIRE(iterations.size() == 2);
  CHECK(iterations[0].namespaces == std::vector<std::string>{"perf-0"});
  CHECK(iterations[1].namespaces == std::vector<std::string>{"perf-1", "perf-1b"});
  CHECK(iterations[0].allRunning == RunClock(5000000000));
  CHECK_FALSE(iterations[1].allRunning);

  std::vector<perfscale::EventRecord> events;
  for (const auto& e : reader.events(runs[0].id))
    events.push_back(e);
  REQUIRE(events.size() == 3);
  CHECK(events[0].kind == "wait-start");
  CHECK(events[2].iteration == -1);
}

TEST_CASE("store: a writer upgrades a version 1 trace and adds its run beside the old ones") {
  TempDir dir;
  const auto path = dir.file("v1.db");
  loadFixture(path);
  {
    TraceWriter writer(path);
    perfscale::RunInfo run;
    run.uuid = "new-run";
    writer.beginRun(run);
    RequestRecord request;
    request.seq = 1;
    request.verb = "create";
    request.resource = "virtualmachineinstances";
    request.ns = "perf-0";  // a string the upgrade already interned
    request.name = "vmi-0";
    request.payload = R"({"kind":"VirtualMachineInstance","metadata":{"name":"vmi-0"}})";
    writer.record(request);
    writer.endRun({});
  }
  TraceReader reader(path);
  CHECK(reader.runs().size() == 3);
  const auto run = reader.findRun("new-run");
  REQUIRE(run);
  CHECK(run->requests == 1);
  // The body the old trace already held is reused, not stored again.
  CHECK(queryText(path, "SELECT count(*) FROM payloads") == "2");
}

TEST_CASE("store: a version 2 trace is upgraded, its rows intact and server times empty") {
  TempDir dir;
  const auto path = dir.file("v2.db");
  loadFixture(path, fixture("trace_schema_v2.sql"));
  REQUIRE(queryText(path, "PRAGMA user_version") == "2");
  const auto before = queryText(path, "SELECT count(*) FROM objects") + " " +
                      queryText(path, "SELECT count(*) FROM phases") + " " +
                      queryText(path, "SELECT count(*) FROM requests");
  TraceReader reader(path);
  CHECK(queryText(path, "PRAGMA user_version") == std::to_string(perfscale::store::kSchemaVersion));
  CHECK(queryText(path, "SELECT count(*) FROM objects") + " " +
            queryText(path, "SELECT count(*) FROM phases") + " " +
            queryText(path, "SELECT count(*) FROM requests") ==
        before);
  CHECK(queryText(path, "SELECT value FROM meta WHERE key = 'upgraded_from'") == "2");
  // The new columns exist, in the view too, and are empty for the old run.
  CHECK(queryText(path, "SELECT count(*) FROM objects_v WHERE created_server_ns IS NULL") ==
        queryText(path, "SELECT count(*) FROM objects"));
  CHECK(queryText(path, "SELECT count(*) FROM phases_v") ==
        queryText(path, "SELECT count(*) FROM phases"));
  const auto run = reader.findRun("0b5f1c2a-0000-4000-8000-000000000002");
  REQUIRE(run);
  size_t objects = 0;
  for (const auto& o : reader.objects(run->id)) {
    CHECK_FALSE(o.createdServerNs);
    ++objects;
  }
  CHECK(objects == 4);
}

TEST_CASE("store: a reader told to refuse older traces leaves a version 1 trace byte for byte") {
  TempDir dir;
  const auto path = dir.file("v1.db");
  loadFixture(path);
  const std::string before = readFile(path);
  try {
    TraceReader reader(path, perfscale::store::OlderTrace::Refuse);
    FAIL("an older trace was opened without its upgrade");
  } catch (const perfscale::store::TraceError& e) {
    CHECK_THAT(e.what(), Catch::Contains(path) && Catch::Contains("older trace format") &&
                             Catch::Contains("kubectl perfscale runs"));
  }
  CHECK(readFile(path) == before);
  CHECK(queryText(path, "PRAGMA user_version") == "1");
}

TEST_CASE("store: a version 3 trace is upgraded, its rows intact and no shards recorded") {
  TempDir dir;
  const auto path = dir.file("v3.db");
  loadFixture(path, fixture("trace_schema_v3.sql"));
  REQUIRE(queryText(path, "PRAGMA user_version") == "3");
  const std::string counts =
      "SELECT (SELECT count(*) FROM requests) || ' ' || (SELECT count(*) FROM objects) || ' ' || "
      "(SELECT count(*) FROM phases) || ' ' || (SELECT count(*) FROM events)";
  const auto before = queryText(path, counts);
  TraceReader reader(path);
  CHECK(queryText(path, "PRAGMA user_version") == std::to_string(perfscale::store::kSchemaVersion));
  CHECK(queryText(path, counts) == before);
  CHECK(queryText(path, "SELECT value FROM meta WHERE key = 'upgraded_from'") == "3");
  CHECK(queryText(path, "PRAGMA integrity_check") == "ok");
  // The new table and column exist, empty for the old run, and readers see no shards.
  CHECK(queryText(path, "SELECT count(*) FROM shards") == "0");
  CHECK(queryText(path, "SELECT count(*) FROM events WHERE shard IS NULL") ==
        queryText(path, "SELECT count(*) FROM events"));
  const auto run = reader.findRun("0c3d5e7f-0000-4000-8000-000000000003");
  REQUIRE(run);
  CHECK(run->vmis == 3);
  CHECK(reader.shards(run->id).empty());
  size_t events = 0;
  for (const auto& e : reader.events(run->id)) {
    CHECK_FALSE(e.kind.empty());
    ++events;
  }
  CHECK(std::to_string(events) == queryText(path, "SELECT count(*) FROM events"));
}

TEST_CASE("store: the schema an upgrade reaches is the schema a new trace gets") {
  TempDir dir;
  const auto fresh = dir.file("fresh.db");
  { TraceWriter writer(fresh); }
  for (const char* name : {"trace_schema_v1.sql", "trace_schema_v2.sql", "trace_schema_v3.sql"}) {
    INFO(name);
    const auto path = dir.file(std::string(name) + ".db");
    loadFixture(path, fixture(name));
    TraceReader reader(path);
    // ALTER TABLE leaves another CREATE text in sqlite_schema: compare the columns themselves.
    for (const char* table : {"runs", "iterations", "requests", "objects", "phases", "events",
                              "shards", "payloads", "strings", "operations", "flows", "meta"}) {
      INFO(table);
      const std::string columns = std::string("SELECT group_concat(name || ':' || type, ',') ") +
                                  "FROM pragma_table_info('" + table + "')";
      CHECK(queryText(path, columns) == queryText(fresh, columns));
    }
    CHECK(queryText(path,
                    "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema "
                    "WHERE type IN ('view', 'index') ORDER BY name)") ==
          queryText(fresh,
                    "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema "
                    "WHERE type IN ('view', 'index') ORDER BY name)"));
  }
}
