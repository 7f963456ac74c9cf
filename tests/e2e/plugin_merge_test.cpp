// `kubectl perfscale merge`: the real binary merges the traces that `run` recorded as shards of
// one run (each against perfscale-sim) into one run that report, replay and runs read as a
// whole; bad input is refused with one error and OUT left as it was.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <regex>
#include <thread>

#include "store/trace_writer.h"
#include "tests/e2e/plugin_run_support.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::CommandResult;
using perfscale::test::firstRun;
using perfscale::test::kPlugin;
using perfscale::test::readFile;
using perfscale::test::runArgs;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;
using perfscale::test::TempDir;
using perfscale::test::TraceQuery;
using perfscale::test::writeFile;

namespace {

const std::string kUuid = "5a4d0e2e-1111-4222-8333-944455556666";

// Each shard runs against a sim of its own (one sim's cluster-wide watch would show each shard
// the other's VMIs only without --shard; with it, two sims also make the shards' clocks and
// answers differ). The run asks for 20 VMIs per iteration: 10 for each shard. Without
// kRunTakesShardFlag a shard is recorded as a whole run of the shared uuid in a namespace of
// its own, and marked as shard i of N in its trace afterwards.
constexpr bool kRunTakesShardFlag = true;

std::vector<std::string> shardArgs(const SimCluster& sim, const std::string& trace, int index,
                                   int count) {
  if (!kRunTakesShardFlag) {
    return runArgs(
        sim, trace,
        {"--uuid", kUuid, "--namespace", "perf-shard-" + std::to_string(index), "--vmi-count", "10",
         "--qps", "40", "--burst", "5", "--iteration-count", "2", "--wait-when-finished", "0s"});
  }
  return runArgs(sim, trace,
                 {"--uuid", kUuid, "--namespace", "perf-shards", "--vmi-count", "20", "--qps", "80",
                  "--burst", "10", "--iteration-count", "2", "--wait-when-finished", "0s",
                  "--shard", std::to_string(index) + "/" + std::to_string(count)});
}

void markShard(const std::string& trace, int index, int count) {
  if (kRunTakesShardFlag) return;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(trace.c_str(), &db) == SQLITE_OK);
  const std::string sql =
      "UPDATE runs SET scenario_resolved = json_set(scenario_resolved, '$.shard', "
      "json_object('index', " +
      std::to_string(index) + ", 'count', " + std::to_string(count) + ")) WHERE uuid = '" + kUuid +
      "'";
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

// Shards 0 and 1 of 2, run at the same time against two sims, the second starting 300 ms after
// the first; shard 1's sim answers a quarter of the creates 503 (retried).
struct TwoShards {
  SimCluster first{{"--profile", "instant"}};
  SimCluster second{{"--profile", "instant", "--fault-error-rate", "0.25", "--fault-error-code",
                     "503", "--fault-error-retry-after", "1", "--fault-verbs", "create",
                     "--fault-resources", "virtualmachineinstances"}};
  TempDir dir;
  std::string shard0 = dir.file("shard-0.db");
  std::string shard1 = dir.file("shard-1.db");

  TwoShards() {
    CommandResult results[2];
    std::thread later([&] {
      std::this_thread::sleep_for(300ms);
      results[1] = runCommand(shardArgs(second, shard1, 1, 2), {}, 120s);
    });
    results[0] = runCommand(shardArgs(first, shard0, 0, 2), {}, 120s);
    later.join();
    for (const auto& result : results) {
      INFO(result.out << result.err);
      REQUIRE(result.exitCode == 0);
    }
    markShard(shard0, 0, 2);
    markShard(shard1, 1, 2);
  }
};

Poco::JSON::Object::Ptr reportOf(const std::string& trace) {
  auto result = runCommand({kPlugin, "report", trace, "-o", "json"}, {}, 60s);
  INFO(result.err);
  REQUIRE(result.exitCode == 0);
  return firstRun(result.out);
}

// The counts of a report (not its percentiles, which legitimately differ).
std::map<std::string, int64_t> countsOf(const Poco::JSON::Object::Ptr& run) {
  std::map<std::string, int64_t> counts;
  counts["vmis.asked"] = run->getObject("vmis")->getValue<int64_t>("asked");
  counts["vmis.created"] = run->getObject("vmis")->getValue<int64_t>("created");
  counts["vmis.failed"] = run->getObject("vmis")->getValue<int64_t>("failed");
  const auto requests = run->getArray("requests");
  for (size_t i = 0; i < requests->size(); ++i) {
    const auto r = requests->getObject(i);
    const std::string key =
        r->getValue<std::string>("verb") + " " + r->getValue<std::string>("resource") + ".";
    for (const char* field : {"requests", "tries", "retries", "throttled", "errors"})
      counts[key + field] = r->getValue<int64_t>(field);
  }
  const auto watches = run->getArray("watches");
  for (size_t i = 0; i < watches->size(); ++i) {
    const auto w = watches->getObject(i);
    const std::string key = "watch " + w->getValue<std::string>("resource") + ".";
    for (const char* field : {"streams", "events", "relists"})
      counts[key + field] = w->getValue<int64_t>(field);
  }
  const auto phases = run->getArray("phases");
  for (size_t i = 0; i < phases->size(); ++i) {
    const auto p = phases->getObject(i);
    const std::string key = "phase " + p->getValue<std::string>("phase") + ".";
    counts[key + "server"] = p->getObject("server")->getValue<int64_t>("count");
    counts[key + "client"] = p->getObject("client")->getValue<int64_t>("count");
  }
  return counts;
}

// "Replay of run U as run V: 46 requests of the 113 recorded, ..." -> {46, 113}
std::pair<int, int> dryRunCounts(const std::string& trace) {
  auto result = runCommand({kPlugin, "replay", trace, "--dry-run"}, {}, 60s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  std::smatch match;
  REQUIRE(
      std::regex_search(result.out, match, std::regex(R"((\d+) requests of the (\d+) recorded)")));
  return {std::stoi(match[1]), std::stoi(match[2])};
}

// A shard trace written by the store itself: fast, for the tests of bad input.
std::string writeShard(const TempDir& dir, const std::string& file, const std::string& uuid,
                       int index, int count) {
  const auto path = dir.file(file);
  perfscale::store::TraceWriter writer(path);
  perfscale::RunInfo run;
  run.uuid = uuid;
  run.name = "sharded";
  run.startedWallNs = 1'700'000'000'000'000'000 + index * 1'000'000'000LL;
  run.scenarioResolved = R"({"shard":{"index":)" + std::to_string(index) + R"(,"count":)" +
                         std::to_string(count) + "}}";
  writer.beginRun(run);
  perfscale::RequestRecord request;
  request.seq = 1;
  request.verb = "create";
  request.resource = "virtualmachineinstances";
  request.ns = "perf-shard-" + std::to_string(index);
  request.name = "vmi-" + std::to_string(index);
  request.status = 201;
  writer.record(request);
  writer.endRun({1s, perfscale::RunOutcome::Ok, 0});
  return path;
}

}  // namespace

TEST_CASE("merge: report of the merged run counts every shard's VMIs and requests") {
  TwoShards shards;
  const auto bytes0 = readFile(shards.shard0);
  const auto bytes1 = readFile(shards.shard1);
  const auto out = shards.dir.file("run.db");
  auto merged = runCommand({kPlugin, "merge", out, shards.shard0, shards.shard1}, {}, 60s);
  INFO(merged.out << merged.err);
  REQUIRE(merged.exitCode == 0);
  // Nothing but warnings: here each shard ran against a sim of its own.
  CHECK_THAT(merged.err, Catch::Contains("warning: " + shards.shard1 + " ran against https://"));
  CHECK(std::regex_replace(merged.err, std::regex("warning: [^\n]*\n"), "").empty());
  CHECK_THAT(merged.out, Catch::StartsWith("merged run " + kUuid + " from 2 shards of 2 into " +
                                           out + ": 40 VMIs"));
  CHECK(readFile(shards.shard0) == bytes0);
  CHECK(readFile(shards.shard1) == bytes1);

  // Every count of the merged report is the sum of the shards' reports.
  const auto report0 = reportOf(shards.shard0);
  const auto report1 = reportOf(shards.shard1);
  auto expected = countsOf(report0);
  for (const auto& [key, count] : countsOf(report1))
    expected[key] += count;
  const auto wholeReport = reportOf(out);
  const auto whole = countsOf(wholeReport);
  CHECK(whole == expected);
  // Each shard's watch is one more stream of the merged run: one more reconnect than theirs.
  auto reconnects = [](const Poco::JSON::Object::Ptr& run) {
    std::map<std::string, int64_t> byResource;
    const auto watches = run->getArray("watches");
    for (size_t i = 0; i < watches->size(); ++i)
      byResource[watches->getObject(i)->getValue<std::string>("resource")] =
          watches->getObject(i)->getValue<int64_t>("reconnects");
    return byResource;
  };
  for (const auto& [resource, count] : reconnects(wholeReport)) {
    INFO(resource);
    CHECK(count == reconnects(report0)[resource] + reconnects(report1)[resource] + 1);
  }
  CHECK(whole.at("vmis.created") == 40);
  CHECK(whole.at("phase Running.client") == 40);
  CHECK(whole.at("create virtualmachineinstances.retries") > 0);  // shard 1's 503s

  TraceQuery q(out);
  CHECK(q.integer("SELECT count(*) FROM runs") == 1);
  CHECK(q.integer("SELECT vmis FROM runs") == 40);
  CHECK(q.integer("SELECT requests FROM runs") ==
        TraceQuery(shards.shard0).integer("SELECT requests FROM runs") +
            TraceQuery(shards.shard1).integer("SELECT requests FROM runs"));
  CHECK(q.integer("SELECT started_wall_ns FROM runs") ==
        std::min(TraceQuery(shards.shard0).integer("SELECT started_wall_ns FROM runs"),
                 TraceQuery(shards.shard1).integer("SELECT started_wall_ns FROM runs")));
  // One sequence in scheduled order, every retry pointing at a first try of the same VMI.
  CHECK(q.integer("SELECT count(DISTINCT seq) = count(*) AND min(seq) = 1 AND max(seq) = "
                  "count(*) FROM requests") == 1);
  CHECK(q.integer("SELECT count(*) FROM requests a JOIN requests b ON b.seq = a.seq + 1 "
                  "WHERE b.scheduled_ns < a.scheduled_ns") == 0);
  CHECK(q.integer("SELECT count(*) FROM requests_v r JOIN requests_v f ON f.seq = r.retry_of "
                  "WHERE r.try > 1 AND f.try = 1 AND f.name = r.name") ==
        q.integer("SELECT count(*) FROM requests WHERE try > 1"));
  CHECK(q.integer("SELECT count(*) FROM shards") == 2);
  CHECK(q.text("SELECT group_concat(source, ' ') FROM shards") == "shard-0.db shard-1.db");
  CHECK(q.integer("SELECT count(DISTINCT shard) FROM events WHERE shard IS NOT NULL") == 2);

  // replay --dry-run lists every shard's requests.
  const auto [items0, recorded0] = dryRunCounts(shards.shard0);
  const auto [items1, recorded1] = dryRunCounts(shards.shard1);
  const auto [items, recorded] = dryRunCounts(out);
  CHECK(items == items0 + items1);
  CHECK(recorded == recorded0 + recorded1);

  // diff sees the whole run against one shard.
  auto diff = runCommand({kPlugin, "diff", shards.shard0, out}, {}, 60s);
  INFO(diff.err);
  CHECK(diff.exitCode != 1);
  CHECK_THAT(diff.out, Catch::Contains("VMIs asked differ (20 vs 40)"));

  // runs says what the run was merged from.
  auto runs = runCommand({kPlugin, "runs", out}, {}, 30s);
  REQUIRE(runs.exitCode == 0);
  CHECK_THAT(runs.out, Catch::Contains(kUuid + ": merged from 2 of 2 shards (0, 1)"));
  auto json = runCommand({kPlugin, "runs", out, "-o", "json"}, {}, 30s);
  REQUIRE(json.exitCode == 0);
  CHECK_THAT(json.out, Catch::Contains("\"source\": \"shard-1.db\""));
}

TEST_CASE("merge: a missing shard is merged with a warning, and runs names it") {
  TempDir dir;
  const auto a = writeShard(dir, "s0.db", kUuid, 0, 3);
  const auto c = writeShard(dir, "s2.db", kUuid, 2, 3);
  const auto out = dir.file("run.db");
  auto merged = runCommand({kPlugin, "merge", out, a, c}, {}, 30s);
  INFO(merged.out << merged.err);
  REQUIRE(merged.exitCode == 0);
  CHECK(merged.err ==
        "warning: shard 1 of 3 missing: the merged run holds 2 of its 3 shards, and "
        "records which\n");
  CHECK_THAT(merged.out, Catch::Contains("from 2 shards of 3") &&
                             Catch::Contains("shard 2  s2.db  host ") &&
                             Catch::Contains("started +2.000s  0 VMIs  1 requests  ok"));
  auto runs = runCommand({kPlugin, "runs", out}, {}, 30s);
  CHECK_THAT(runs.out, Catch::Contains(kUuid + ": merged from 2 of 3 shards (0, 2; missing: 1)"));
}

TEST_CASE("merge: bad input is one error naming the file, and OUT is left as it was") {
  TempDir dir;
  const auto a = writeShard(dir, "s0.db", kUuid, 0, 2);
  const auto b = writeShard(dir, "s1.db", kUuid, 1, 2);
  const auto out = dir.file("run.db");
  auto expectError = [&](const std::vector<std::string>& args, const std::string& text) {
    std::vector<std::string> argv = {kPlugin, "merge"};
    argv.insert(argv.end(), args.begin(), args.end());
    const bool existed = std::filesystem::exists(out);
    const auto before = existed ? readFile(out) : "";
    auto result = runCommand(argv, {}, 30s);
    INFO(result.out << result.err);
    CHECK(result.exitCode == 1);
    CHECK(result.out.empty());
    CHECK_THAT(result.err, Catch::StartsWith("error: ") && Catch::Contains(text));
    CHECK(std::filesystem::exists(out) == existed);
    if (existed) CHECK(readFile(out) == before);
  };
  const auto notes = dir.file("notes.txt");
  writeFile(notes, "not a trace\n");
  expectError({out, a, notes}, notes + ": not a kubectl-perfscale trace");
  const auto corrupt = dir.file("corrupt.db");
  {
    auto bytes = readFile(b);
    for (size_t i = 100; i < bytes.size(); i += 7)
      bytes[i] = static_cast<char>(0xA5);
    writeFile(corrupt, bytes);
  }
  expectError({out, a, corrupt}, corrupt + ": damaged");
  const auto other = writeShard(dir, "other.db", "0ther000-0000-4000-8000-000000000000", 1, 2);
  expectError({out, a, other}, "the traces are not of one run");
  const auto again = writeShard(dir, "again.db", kUuid, 0, 2);
  expectError({out, a, again}, a + " and " + again + " are both shard 0 of 2");
  expectError({out}, "expected the trace to write and at least one shard trace");
  expectError({}, "kubectl perfscale merge OUT.db IN.db...");

  auto first = runCommand({kPlugin, "merge", out, a, b}, {}, 30s);
  REQUIRE(first.exitCode == 0);
  expectError({out, a, b}, "trace " + out + ": already holds run " + kUuid);
  expectError({out, a, b, "--uuid", "nope"}, "cannot merge run nope");
}

TEST_CASE("merge: --help shows the usage, and the command is listed") {
  auto help = runCommand({kPlugin, "merge", "--help"});
  REQUIRE(help.exitCode == 0);
  CHECK_THAT(help.out,
             Catch::StartsWith("Usage: kubectl perfscale merge OUT.db IN.db... [flags]\n") &&
                 Catch::Contains("kubectl perfscale merge run.db shard-0.db") &&
                 Catch::Contains("--uuid"));
  auto all = runCommand({kPlugin, "--help"});
  CHECK_THAT(all.out,
             Catch::Contains("  merge       Merge the shard traces of one run into one\n"));
}
