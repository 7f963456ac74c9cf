// Merging the traces of one run's shards into one run: one clock, requests renumbered in
// scheduled order with their retries linked, iterations combined, events marked with their
// shard, the shards' facts recorded; and every input that is not the shards of one run refused
// with the output left as it was. The inputs here are written by the store's own writer; the
// end-to-end tests merge traces that `run` wrote.
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "store/shard_merge.h"
#include "store/trace_error.h"
#include "store/trace_reader.h"
#include "store/trace_writer.h"
#include "tests/support/process.h"

using namespace std::chrono_literals;
using perfscale::EventRecord;
using perfscale::IterationRecord;
using perfscale::ObjectRecord;
using perfscale::PhaseRecord;
using perfscale::RequestRecord;
using perfscale::RunClock;
using perfscale::RunEnd;
using perfscale::RunInfo;
using perfscale::RunOutcome;
using perfscale::store::MergeOptions;
using perfscale::store::mergeShards;
using perfscale::store::TraceError;
using perfscale::store::TraceReader;
using perfscale::store::TraceWriter;
using perfscale::test::readFile;
using perfscale::test::TempDir;
using perfscale::test::writeFile;

namespace {

const std::string kUuid = "5a4d0000-1111-4222-8333-944455556666";
constexpr int64_t kZero = 1'700'000'000'000'000'000;

std::string query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  INFO(sql << ": " << sqlite3_errmsg(db));
  REQUIRE(rc == SQLITE_OK);
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

void runSql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(message == "");
  REQUIRE(rc == SQLITE_OK);
}

struct Shard {
  int index = 0;
  int count = 2;  // 0: the scenario names no shard
  RunClock startsAfter{0};
  std::string host = "node-a";
  RunOutcome outcome = RunOutcome::Ok;
  int exitCode = 0;
  bool allGone = true;
  std::string uuid = kUuid;
  bool ended = true;  // false: the shard's process died (no endRun)
};

RequestRecord request(uint64_t seq, const std::string& verb, const std::string& resource,
                      const std::string& ns, const std::string& name, RunClock scheduled,
                      int status) {
  RequestRecord r;
  r.seq = seq;
  r.iteration = 1;
  r.verb = verb;
  r.resource = resource;
  r.ns = ns;
  r.name = name;
  r.scheduled = scheduled;
  r.granted = scheduled + 1ms;
  r.sent = scheduled + 2ms;
  r.firstByte = scheduled + 12ms;
  r.done = scheduled + 13ms;
  r.status = status;
  if (verb == "create") r.payload = R"({"kind":"X","metadata":{"name":")" + name + R"("}})";
  return r;
}

// A shard of two VMIs in namespace perf-<index>: its first create throttled (429) and retried.
// Times are on the shard's own clock.
std::string writeShard(const TempDir& dir, const std::string& file, const Shard& shard) {
  const auto path = dir.file(file);
  TraceWriter writer(path);
  RunInfo run;
  run.uuid = shard.uuid;
  run.name = "sharded";
  run.startedWallNs = kZero + shard.startsAfter.count();
  const std::string part = std::to_string(shard.index) + "/" + std::to_string(shard.count);
  run.arguments = {"--vmi-count", "2", "--shard", part, "--uuid", shard.uuid};
  run.scenarioGiven = "--vmi-count 2";
  run.scenarioResolved =
      R"({"name":"sharded","workloads":[{"kind":"iterations","qps":10,"burst":2}])";
  if (shard.count > 0) {
    run.scenarioResolved += R"(,"shard":{"index":)" + std::to_string(shard.index) + R"(,"count":)" +
                            std::to_string(shard.count) + "}";
  }
  run.scenarioResolved += "}";
  run.serverUrl = "https://127.0.0.1:6443";
  run.host = shard.host;
  run.toolVersion = "0.1.0";
  writer.beginRun(run);
  const std::string ns = "perf-" + std::to_string(shard.index);
  const std::string a = "vmi-" + std::to_string(shard.index) + "-a";
  const std::string b = "vmi-" + std::to_string(shard.index) + "-b";
  auto watch = request(1, "watch", "virtualmachineinstances", "", "", 0ms, 200);
  watch.iteration = -1;
  writer.record(watch);
  writer.record(request(2, "create", "namespaces", "", ns, 10ms, 201));
  auto throttled = request(3, "create", "virtualmachineinstances", ns, a, 20ms, 429);
  throttled.reason = "TooManyRequests";
  writer.record(throttled);
  writer.record(request(4, "create", "virtualmachineinstances", ns, b, 30ms, 201));
  auto retry = request(5, "create", "virtualmachineinstances", ns, a, 120ms, 201);
  retry.tryNumber = 2;
  retry.retryOf = 3;
  retry.payload = throttled.payload;
  writer.record(retry);

  writer.record(IterationRecord{1, IterationRecord::Stage::Started, 5ms, {ns}});
  writer.record(ObjectRecord{perfscale::kKindNamespace, "", ns, "uid-" + ns, 1,
                             ObjectRecord::Stage::Created, 23ms});
  for (const auto& [name, created] : {std::pair{a, 133ms}, std::pair{b, 43ms}}) {
    writer.record(ObjectRecord{perfscale::kKindVmi, ns, name, "uid-" + name, 1,
                               ObjectRecord::Stage::Created, created});
    PhaseRecord running;
    running.ns = ns;
    running.name = name;
    running.uid = "uid-" + name;
    running.phase = "Running";
    running.observedAt = created + 500ms;
    running.serverNs = kZero + 42;
    running.resourceVersion = "17";
    running.createdServerNs = kZero + 1;
    writer.record(running);
    writer.record(ObjectRecord{perfscale::kKindVmi, ns, name, "uid-" + name, 1,
                               ObjectRecord::Stage::DeletionRequested, 1000ms});
    if (shard.allGone) {
      writer.record(ObjectRecord{perfscale::kKindVmi, ns, name, "uid-" + name, 1,
                                 ObjectRecord::Stage::Gone, 1200ms});
    }
  }
  writer.record(IterationRecord{1, IterationRecord::Stage::Created, 133ms, {}});
  writer.record(IterationRecord{1, IterationRecord::Stage::AllRunning, 633ms, {}});
  writer.record(IterationRecord{1, IterationRecord::Stage::DeletionStarted, 1000ms, {}});
  if (shard.allGone) {
    writer.record(IterationRecord{1, IterationRecord::Stage::AllGone, 1200ms, {}});
  } else {
    writer.record(EventRecord{2000ms, 1, "timeout", "2 VMIs not gone after 1s"});
  }
  writer.record(IterationRecord{1, IterationRecord::Stage::Ended, 1300ms, {}});
  writer.record(EventRecord{100ms, 1, "wait-start", "waiting for VMIs to be Running"});
  if (shard.ended)
    writer.endRun(RunEnd{shard.allGone ? 1400ms : 2100ms, shard.outcome, shard.exitCode});
  return path;
}

std::string errorOf(const std::string& out, const std::vector<std::string>& inputs,
                    const MergeOptions& options = {}) {
  try {
    mergeShards(out, inputs, options);
  } catch (const TraceError& e) {
    return e.what();
  }
  return "";
}

std::set<std::string> filesIn(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    names.insert(entry.path().filename().string());
  return names;
}

const std::string kMerged = "(SELECT id FROM runs WHERE uuid = '" + kUuid + "')";

}  // namespace

TEST_CASE("merge: shards on their own clocks become one run on the earliest shard's clock") {
  TempDir dir;
  const auto a = writeShard(dir, "a.db", {0, 2, 0ms, "node-a"});
  const auto b = writeShard(dir, "b.db", {1, 2, 2500ms, "node-b"});
  const auto out = dir.file("merged.db");
  const auto merged = mergeShards(out, {b, a});  // any order: shards sort by index
  CHECK(merged.uuid == kUuid);
  CHECK(merged.startedWallNs == kZero);
  CHECK(merged.requests == 10);
  CHECK(merged.vmis == 4);
  CHECK(merged.outcome == RunOutcome::Ok);
  CHECK(merged.warnings.empty());
  REQUIRE(merged.shards.size() == 2);
  CHECK(merged.shards[1].shard == 1);
  CHECK(merged.shards[1].offset == 2500ms);

  CHECK(query(out,
              "SELECT started_wall_ns, ended_wall_ns - started_wall_ns, outcome, exit_code, "
              "requests, vmis, last_ns, host FROM runs") ==
        std::to_string(kZero) + "|3900000000|ok|0|10|4|3900000000|node-a, node-b");
  // Shard 1's times are 2.5 s later on the merged clock; server times (epoch) are as they were.
  CHECK(query(out,
              "SELECT namespace, name, scheduled_ns, done_ns FROM requests_v WHERE "
              "name = 'vmi-1-b'") == "perf-1|vmi-1-b|2530000000|2543000000");
  CHECK(query(out, "SELECT observed_ns, server_ns - " + std::to_string(kZero) +
                       ", since_created_ns FROM phases_v WHERE name = 'vmi-1-b'") ==
        "3043000000|42|500000000");
  CHECK(query(out, "SELECT created_ns, deletion_requested_ns, gone_ns, created_server_ns - " +
                       std::to_string(kZero) + " FROM objects_v WHERE name = 'vmi-1-a'") ==
        "2633000000|3500000000|3700000000|1");
}

TEST_CASE("merge: requests are renumbered in scheduled order and retries follow their first try") {
  TempDir dir;
  const auto a = writeShard(dir, "a.db", {0, 2, 0ms});
  // Shard 1 starts 15 ms later: its requests fall between shard 0's.
  const auto b = writeShard(dir, "b.db", {1, 2, 15ms});
  const auto out = dir.file("merged.db");
  mergeShards(out, {a, b});
  CHECK(query(out,
              "SELECT group_concat(seq || ':' || coalesce(namespace, name, '-') || ':' || "
              "(scheduled_ns / 1000000), ' ') FROM (SELECT * FROM requests_v ORDER BY seq)") ==
        "1:-:0 2:perf-0:10 3:-:15 4:perf-0:20 5:perf-1:25 6:perf-0:30 7:perf-1:35 8:perf-1:45 "
        "9:perf-0:120 10:perf-1:135");
  // Each retry names the new seq of its own shard's first try.
  CHECK(query(out,
              "SELECT r.seq, r.retry_of, f.name, f.try FROM requests_v r JOIN requests_v f "
              "ON f.seq = r.retry_of AND f.run_id = r.run_id ORDER BY r.seq") ==
        "9|4|vmi-0-a|1\n10|7|vmi-1-a|1");
  CHECK(query(out,
              "SELECT count(DISTINCT seq), min(requests.id) = first_request_id, max(requests.id) = "
              "last_request_id FROM requests JOIN runs ON runs.id = run_id") == "10|1|1");
  CHECK(query(out,
              "SELECT count(*) FROM requests a JOIN requests b ON b.id = a.id + 1 "
              "WHERE b.seq <> a.seq + 1") == "0");
  // Strings, operations and bodies are stored once across shards.
  CHECK(query(out, "SELECT count(*) FROM operations") == "3");
  CHECK(query(out, "SELECT count(*) FROM payloads") == "6");
  CHECK(query(out, "SELECT count(*) FROM strings WHERE text = 'Running'") == "1");

  // Reading it back as a replay does: every shard's requests, in seq order.
  TraceReader reader(out);
  const auto run = reader.findRun(kUuid);
  REQUIRE(run);
  std::vector<std::string> names;
  for (const auto& r : reader.requests(run->id, {perfscale::store::RequestQuery::Order::Seq, true}))
    if (r.verb == "create" && r.resource == "virtualmachineinstances" && !r.payload.empty())
      names.push_back(r.name + "#" + std::to_string(r.tryNumber));
  CHECK(names == std::vector<std::string>{"vmi-0-a#1", "vmi-0-b#1", "vmi-1-a#1", "vmi-1-b#1",
                                          "vmi-0-a#2", "vmi-1-a#2"});
}

TEST_CASE("merge: iterations combine: earliest start, latest stages reached by every shard") {
  TempDir dir;
  const auto a = writeShard(dir, "a.db", {0, 2, 0ms});
  Shard late{1, 2, 2500ms, "node-b", RunOutcome::Timeout, 2};
  late.allGone = false;
  const auto b = writeShard(dir, "b.db", late);
  const auto out = dir.file("merged.db");
  const auto merged = mergeShards(out, {a, b});
  // started and deletion_started: the first shard's; created, all Running, ended: the last
  // shard's; all gone: never, as shard 1's VMIs never were.
  CHECK(query(out,
              "SELECT iteration, namespaces, started_ns, created_ns, all_running_ns, "
              "deletion_started_ns, coalesce(all_gone_ns, 'none'), ended_ns "
              "FROM iterations") ==
        "1|[\"perf-0\",\"perf-1\"]|5000000|2633000000|3133000000|1000000000|none|3800000000");
  // The worst outcome, the highest exit code, the latest end; the message names the shard.
  CHECK(merged.outcome == RunOutcome::Timeout);
  CHECK(query(out, "SELECT outcome, exit_code, ended_wall_ns - started_wall_ns FROM runs") ==
        "timeout|2|4600000000");
  CHECK(query(out, "SELECT message FROM events WHERE kind = 'outcome'") ==
        "shard 1 of 2 (b.db) ended timeout: 2 VMIs not gone after 1s");
}

TEST_CASE("merge: a shard that never ended leaves the merged run incomplete, with no end") {
  TempDir dir;
  const auto a = writeShard(dir, "a.db", {0, 2, 0ms});
  Shard died{1, 2, 500ms};
  died.ended = false;
  const auto b = writeShard(dir, "b.db", died);
  const auto out = dir.file("merged.db");
  CHECK(mergeShards(out, {a, b}).outcome == RunOutcome::Incomplete);
  // Its last record: shard 1's iteration end, 1.3 s after its start 0.5 s in.
  CHECK(query(out,
              "SELECT outcome, coalesce(exit_code, '-'), coalesce(ended_wall_ns, '-'), "
              "last_ns FROM runs") == "incomplete|-|-|1800000000");
  CHECK(query(out, "SELECT message FROM events WHERE kind = 'outcome'") ==
        "shard 1 of 2 (b.db) has not ended");
  CHECK(query(out, "SELECT outcome, coalesce(ended_wall_ns, '-') FROM shards WHERE shard = 1") ==
        "incomplete|-");
}

TEST_CASE("merge: the merged outcome is the least finished of the shards'") {
  using perfscale::store::worseOutcome;
  const RunOutcome order[] = {RunOutcome::Ok, RunOutcome::Timeout, RunOutcome::Error,
                              RunOutcome::Interrupted, RunOutcome::Incomplete};
  for (size_t i = 0; i < std::size(order); ++i) {
    for (size_t j = 0; j < std::size(order); ++j) {
      INFO(i << " " << j);
      CHECK(worseOutcome(order[i], order[j]) == order[std::max(i, j)]);
    }
  }
}

TEST_CASE("merge: events keep their shard, and the shards' facts are recorded") {
  TempDir dir;
  const auto a = writeShard(dir, "a.db", {0, 2, 0ms, "node-a"});
  const auto b = writeShard(dir, "b.db", {1, 2, 2500ms, "node-b"});
  const auto out = dir.file("merged.db");
  mergeShards(out, {a, b});
  CHECK(query(out, "SELECT coalesce(shard, '-'), at_ns, kind FROM events ORDER BY at_ns, id") ==
        "-|0|merge\n0|100000000|wait-start\n1|2600000000|wait-start");
  CHECK(query(out, "SELECT message FROM events WHERE kind = 'merge'") ==
        "merged from shards 0, 1 of 2: a.db, b.db");
  CHECK(query(out, "SELECT shard, shard_count, source, host, started_wall_ns - " +
                       std::to_string(kZero) +
                       ", offset_ns, ended_wall_ns - started_wall_ns, outcome, exit_code, "
                       "requests, vmis FROM shards ORDER BY shard") ==
        "0|2|a.db|node-a|0|0|1400000000|ok|0|5|2\n"
        "1|2|b.db|node-b|2500000000|2500000000|1400000000|ok|0|5|2");
  // The merged run is the whole run: no --shard among its arguments, no shard in its scenario.
  CHECK(query(out,
              "SELECT arguments, json_type(scenario_resolved, '$.shard') IS NULL, "
              "json_extract(scenario_resolved, '$.workloads[0].qps') FROM runs") ==
        "[\"--vmi-count\",\"2\",\"--uuid\",\"" + kUuid + "\"]|1|10");
  CHECK(query(out, "SELECT arguments FROM shards WHERE shard = 1") ==
        "[\"--vmi-count\",\"2\",\"--shard\",\"1/2\",\"--uuid\",\"" + kUuid + "\"]");

  TraceReader reader(out);
  const auto run = reader.findRun(kUuid);
  REQUIRE(run);
  const auto shards = reader.shards(run->id);
  REQUIRE(shards.size() == 2);
  CHECK(shards[1].source == "b.db");
  CHECK(shards[1].count == 2);
  CHECK(shards[1].offset == 2500ms);
  CHECK(shards[1].vmis == 2);
  CHECK(shards[1].arguments.size() == 6);
}

TEST_CASE("merge: the inputs are only read, and the merged run is appended to an existing trace") {
  TempDir dir;
  const auto a = writeShard(dir, "a.db", {0, 2});
  const auto b = writeShard(dir, "b.db", {1, 2, 40ms});
  const auto out = writeShard(
      dir, "out.db",
      {0, 0, 0ms, "elsewhere", RunOutcome::Ok, 0, true, "0ther000-0000-4000-8000-000000000000"});
  const auto bytesA = readFile(a);
  const auto bytesB = readFile(b);
  mergeShards(out, {a, b});
  CHECK(readFile(a) == bytesA);
  CHECK(readFile(b) == bytesB);
  CHECK(filesIn(dir.path()) == std::set<std::string>{"a.db", "b.db", "out.db"});
  TraceReader reader(out);
  REQUIRE(reader.runs().size() == 2);
  const auto other = reader.findRun("0ther000-0000-4000-8000-000000000000");
  REQUIRE(other);
  CHECK(other->requests == 5);
  CHECK(reader.shards(other->id).empty());
  CHECK(reader.findRun(kUuid)->requests == 10);
  CHECK(query(out, "PRAGMA integrity_check") == "ok");
}

TEST_CASE("merge: a missing shard is merged without, and the run records which it holds") {
  TempDir dir;
  const auto first = writeShard(dir, "s0.db", {0, 3});
  const auto last = writeShard(dir, "s2.db", {2, 3, 1s});
  const auto out = dir.file("merged.db");
  const auto merged = mergeShards(out, {first, last});
  CHECK(merged.missingShards == std::vector<int>{1});
  REQUIRE(merged.warnings.size() == 1);
  CHECK(merged.warnings[0] ==
        "shard 1 of 3 missing: the merged run holds 2 of its 3 shards, and "
        "records which");
  CHECK(query(out, "SELECT group_concat(shard, ',') FROM shards") == "0,2");
  CHECK(query(out, "SELECT message FROM events WHERE kind = 'merge'") ==
        "merged from shards 0, 2 of 3: s0.db, s2.db; missing: 1");
}

TEST_CASE("merge: traces whose scenario names no shard are pieces of the run, in the order given") {
  TempDir dir;
  const auto later = writeShard(dir, "later.db", {0, 0, 1s});
  const auto earlier = writeShard(dir, "earlier.db", {1, 0, 0ms});
  const auto out = dir.file("merged.db");
  const auto merged = mergeShards(out, {later, earlier});
  CHECK(merged.warnings.empty());
  CHECK(query(out, "SELECT shard, coalesce(shard_count, '-'), source, offset_ns FROM shards") ==
        "0|-|later.db|1000000000\n1|-|earlier.db|0");
  CHECK(query(out, "SELECT started_wall_ns FROM runs") == std::to_string(kZero));
  CHECK(query(out, "SELECT message FROM events WHERE kind = 'merge'") ==
        "merged from 2 traces of the run: later.db, earlier.db");
}

TEST_CASE("merge: an older trace is merged from a copy in memory, the file left as it was") {
  TempDir dir;
  const auto v3 = dir.file("v3.db");
  runSql(v3, readFile(std::string(PERFSCALE_SOURCE_DIR) + "/tests/data/trace_schema_v3.sql"));
  const auto before = readFile(v3);
  const auto out = dir.file("merged.db");
  const auto merged = mergeShards(out, {v3});
  CHECK(readFile(v3) == before);
  CHECK(merged.uuid == "0c3d5e7f-0000-4000-8000-000000000003");
  CHECK(merged.vmis == 3);
  CHECK(query(out, "SELECT requests, vmis FROM runs") == "10|3");
}

TEST_CASE("merge: traces of different runs are refused, naming the files and their runs") {
  TempDir dir;
  const auto a = writeShard(dir, "a.db", {0, 2});
  Shard other{1, 2};
  other.uuid = "b0000000-0000-4000-8000-000000000000";
  const auto b = writeShard(dir, "b.db", other);
  const auto out = dir.file("merged.db");
  const auto error = errorOf(out, {a, b});
  CHECK_THAT(error,
             Catch::Contains("not of one run") && Catch::Contains(a + " holds run " + kUuid) &&
                 Catch::Contains(b + " holds run " + other.uuid) && Catch::Contains("same --uuid"));
  CHECK_FALSE(std::filesystem::exists(out));
  // --uuid names a run one of them lacks.
  CHECK_THAT(errorOf(out, {a, b}, MergeOptions{kUuid, ""}),
             Catch::Contains("cannot merge run " + kUuid + ": " + b + " does not hold it"));
  // Two runs in common: which one is for --uuid to say.
  const auto both = dir.file("both.db");
  {
    TraceWriter writer(both);
    for (const auto& uuid : {kUuid, other.uuid}) {
      RunInfo run;
      run.uuid = uuid;
      writer.beginRun(run);
      writer.endRun({});
    }
  }
  const auto copy = dir.file("both-copy.db");
  writeFile(copy, readFile(both));
  CHECK_THAT(errorOf(out, {both, copy}),
             Catch::Contains("2 runs in common") && Catch::Contains("choose one with --uuid"));
  CHECK(errorOf(out, {both, copy}, MergeOptions{other.uuid, ""}) == "");
}

TEST_CASE("merge: the same shard twice, or shard counts that disagree, are refused") {
  TempDir dir;
  const auto a = writeShard(dir, "a.db", {0, 2});
  const auto again = writeShard(dir, "again.db", {0, 2, 1s});
  const auto three = writeShard(dir, "three.db", {1, 3});
  const auto plain = writeShard(dir, "plain.db", {1, 0});
  const auto out = dir.file("merged.db");
  CHECK(errorOf(out, {a, again}) == "cannot merge: " + a + " and " + again +
                                        " are both shard 0 of 2 of run " + kUuid +
                                        ": give each shard's trace once");
  CHECK_THAT(errorOf(out, {a, three}), Catch::Contains("shard counts disagree") &&
                                           Catch::Contains(a + " is shard 0 of 2") &&
                                           Catch::Contains(three + " is shard 1 of 3"));
  CHECK_THAT(errorOf(out, {a, plain}), Catch::Contains(a + " is shard 0 of 2") &&
                                           Catch::Contains(plain) &&
                                           Catch::Contains("names no shard"));
  CHECK_THAT(errorOf(out, {a, a}), Catch::Contains(a + " is given twice"));
  runSql(again,
         "UPDATE runs SET scenario_resolved = json_set(scenario_resolved, '$.shard', "
         "json('{\"index\": 2, \"count\": 2}')); PRAGMA journal_mode = DELETE;");
  CHECK_THAT(errorOf(out, {a, again}), Catch::Contains(again) &&
                                           Catch::Contains("{\"index\":2,\"count\":2}") &&
                                           Catch::Contains("0 <= i < N"));
  CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("merge: an input that is not a trace, damaged or newer is refused, OUT not created") {
  TempDir dir;
  const auto a = writeShard(dir, "a.db", {0, 2});
  const auto out = dir.file("merged.db");
  const auto notes = dir.file("notes.txt");
  writeFile(notes, "not a trace\n");
  CHECK_THAT(errorOf(out, {a, notes}),
             Catch::Contains(notes) && Catch::Contains("not an SQLite database"));
  CHECK(readFile(notes) == "not a trace\n");

  const auto truncated = dir.file("truncated.db");
  {
    const auto bytes = readFile(writeShard(dir, "b.db", {1, 2}));
    REQUIRE(bytes.size() > 16384);
    writeFile(truncated, bytes.substr(0, bytes.size() / 2));
  }
  const auto truncatedBytes = readFile(truncated);
  CHECK_THAT(errorOf(out, {a, truncated}),
             Catch::Contains(truncated) && Catch::Contains("damaged"));
  CHECK(readFile(truncated) == truncatedBytes);

  const auto newer = writeShard(dir, "newer.db", {1, 2});
  runSql(newer, "PRAGMA user_version = 99; PRAGMA journal_mode = DELETE;");
  CHECK_THAT(errorOf(out, {a, newer}),
             Catch::Contains(newer) && Catch::Contains("newer kubectl-perfscale"));
  CHECK_THAT(errorOf(out, {a, dir.file("missing.db")}), Catch::Contains("no such file"));
  CHECK_THAT(errorOf(out, {}), Catch::Contains("no shard traces given"));
  CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("merge: an OUT that holds the run, is an input or is not a trace is left as it was") {
  TempDir dir;
  const auto a = writeShard(dir, "a.db", {0, 2});
  const auto b = writeShard(dir, "b.db", {1, 2, 1s});
  const auto out = dir.file("merged.db");
  mergeShards(out, {a, b});
  const auto before = readFile(out);
  CHECK_THAT(errorOf(out, {a, b}),
             Catch::Contains("trace " + out + ": already holds run " + kUuid) &&
                 Catch::Contains("Merge into another file"));
  CHECK(readFile(out) == before);
  CHECK_THAT(errorOf(a, {a, b}), Catch::Contains("cannot merge into " + a) &&
                                     Catch::Contains("one of the shard traces"));
  const auto notes = dir.file("notes.txt");
  writeFile(notes, "not a trace\n");
  CHECK_THAT(errorOf(notes, {a, b}), Catch::Contains(notes) && Catch::Contains("not an SQLite"));
  CHECK(readFile(notes) == "not a trace\n");
}

TEST_CASE("merge: a failure halfway leaves OUT as it was, or not there at all") {
  TempDir dir;
  const auto a = writeShard(dir, "a.db", {0, 2});
  const auto b = writeShard(dir, "b.db", {1, 2, 1s});
  // Shard 1 names a string its trace lost: found only once its rows are being copied.
  runSql(b, "DELETE FROM strings WHERE text = 'vmi-1-b'; PRAGMA journal_mode = DELETE;");
  const auto fresh = dir.file("fresh.db");
  CHECK_THAT(errorOf(fresh, {a, b}), Catch::Contains(b) && Catch::Contains("is missing"));
  CHECK_FALSE(std::filesystem::exists(fresh));
  const auto existing =
      writeShard(dir, "existing.db",
                 {0, 0, 0ms, "x", RunOutcome::Ok, 0, true, "0ther000-0000-4000-8000-000000000000"});
  const auto before = readFile(existing);
  CHECK_THAT(errorOf(existing, {a, b}), Catch::Contains("is missing"));
  CHECK(readFile(existing) == before);
  CHECK(filesIn(dir.path()) == std::set<std::string>{"a.db", "b.db", "existing.db"});
}
