// `kubectl perfscale replay`, the real binary against perfscale-sim (and, tagged [real], a
// real kube-apiserver): a recorded run re-issued at its offsets under a new uuid, never
// touching the source's objects; a run with 429s replayed try for try; scenario mode; the
// schedule printed by --dry-run; and bad input as one clear error.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/e2e/plugin_run_support.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::firstRun;
using perfscale::test::kPlugin;
using perfscale::test::liveRunVmis;
using perfscale::test::runArgs;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;
using perfscale::test::TraceQuery;

namespace {

const std::vector<std::string> kQuick = {"--profile", "instant", "--default-grace-period", "0"};

// Two iterations of 10 VMIs, one namespace each, deleted and waited for.
std::string recordTwoIterations(const SimCluster& sim, const std::string& trace,
                                std::vector<std::string> extra = {}) {
  std::vector<std::string> flags = {"--vmi-count",
                                    "10",
                                    "--qps",
                                    "20",
                                    "--burst",
                                    "5",
                                    "--iteration-count",
                                    "2",
                                    "--namespaced-iterations",
                                    "--wait-when-finished",
                                    "0s"};
  flags.insert(flags.end(), extra.begin(), extra.end());
  auto result = runCommand(runArgs(sim, trace, flags), {}, 180s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  return TraceQuery(trace).text("SELECT uuid FROM runs ORDER BY id DESC LIMIT 1");
}

std::vector<std::string> replayArgs(const SimCluster& sim, const std::string& source,
                                    std::vector<std::string> extra) {
  std::vector<std::string> args = {kPlugin, "replay", source, "--kubeconfig", sim.kubeconfig()};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// Requests of a run by verb and resource ("create virtualmachineinstances" -> tries).
int64_t count(TraceQuery& trace, const std::string& uuid, const std::string& verb,
              const std::string& resource, bool firstTriesOnly = true) {
  return trace.integer(
      "SELECT count(*) FROM requests_v WHERE run_id = (SELECT id FROM runs WHERE "
      "uuid = '" +
      uuid + "') AND verb = '" + verb + "' AND resource = '" + resource + "'" +
      (firstTriesOnly ? " AND try = 1" : ""));
}

std::string shortId(const std::string& uuid) {
  return uuid.substr(0, 8);
}

// A copy of `trace` changed by `sql`, for traces a run would not write.
std::string editedCopy(const std::string& trace, const std::string& copy, const std::string& sql) {
  std::filesystem::copy_file(trace, copy);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(copy.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO((error ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
  return copy;
}

}  // namespace

TEST_CASE("replay: a two-iteration run at speed 1 and 4 - same requests, a new uuid, nothing left",
          "[real]") {
  SimCluster sim(kQuick);
  const auto trace = sim.dir().file("t.db");
  const auto source = recordTwoIterations(sim, trace);
  for (const std::string speed : {"1", "4"}) {
    INFO("speed " << speed);
    auto replay = runCommand(
        replayArgs(sim, trace + ":" + source, {"--speed", speed, "-o", "json"}), {}, 180s);
    INFO(replay.out << replay.err);
    REQUIRE(replay.exitCode == 0);
    const auto run = firstRun(replay.out);
    const auto uuid = run->getValue<std::string>("uuid");
    CHECK(uuid != source);
    CHECK(run->getValue<std::string>("kind") == "replay");
    CHECK(run->getValue<std::string>("replayOf") == source);
    CHECK(run->getObject("vmis")->getValue<int>("created") == 20);
    // How faithfully it kept the schedule.
    const auto schedule = run->getObject("schedule");
    // 20 VMIs and 2 namespaces created, 2 deletecollections, 2 namespaces deleted.
    CHECK(schedule->getValue<int>("requests") == 26);
    CHECK(schedule->getObject("lateness")->getValue<double>("p99Ms") >= 0);
    CHECK(schedule->has("lateOver10ms"));

    TraceQuery query(trace);
    CHECK(query.text("SELECT kind || ' ' || replay_of FROM runs WHERE uuid = '" + uuid + "'") ==
          "replay " + source);
    for (const auto& [verb, resource] : std::vector<std::pair<std::string, std::string>>{
             {"create", "virtualmachineinstances"},
             {"create", "namespaces"},
             {"deletecollection", "virtualmachineinstances"},
             {"delete", "namespaces"}}) {
      INFO(verb << " " << resource);
      CHECK(count(query, uuid, verb, resource) == count(query, source, verb, resource));
    }
    // Every object the replay made carries its id, none the source's.
    const auto objects = query.strings(
        "SELECT coalesce(ns.text, ''), n.text FROM objects o JOIN strings n ON n.id = o.name_id "
        "LEFT JOIN strings ns ON ns.id = o.namespace_id WHERE o.run_id = (SELECT id FROM runs "
        "WHERE uuid = '" +
        uuid + "')");
    CHECK(objects.size() == 22);
    for (const auto& object : objects) {
      INFO(object[0] << "/" << object[1]);
      CHECK_THAT(object[0] + "/" + object[1], Catch::Contains(shortId(uuid)));
      CHECK_THAT(object[0] + "/" + object[1], !Catch::Contains(shortId(source)));
    }
    // Every phase recorded as a run records them; the iterations too. At four times the pace
    // the source's wait for Running is a quarter as long too: on a busy machine a VMI may be
    // deleted before the controller gives it any phase (against a real API server a new VMI has
    // none), so there every VMI is seen gone and no VMI has a phase twice.
    const std::string ofReplay =
        "o.run_id = (SELECT id FROM runs WHERE uuid = '" + uuid +
        "') AND o.kind_id = (SELECT id FROM strings WHERE text = 'VirtualMachineInstance')";
    const int64_t ranOrFailed = query.integer(
        "SELECT count(*) FROM phases p JOIN objects o ON o.id = p.object_id "
        "JOIN strings s ON s.id = p.phase_id WHERE s.text IN ('Running', 'Failed') AND " +
        ofReplay);
    if (speed == "1") {
      CHECK(ranOrFailed >= 20);
    } else {
      CHECK(query.integer("SELECT count(*) FROM objects o WHERE o.gone_ns IS NOT NULL AND " +
                          ofReplay) == 20);
      CHECK(query.integer("SELECT count(*) FROM (SELECT 1 FROM phases p JOIN objects o ON o.id = "
                          "p.object_id WHERE " +
                          ofReplay + " GROUP BY p.object_id, p.phase_id HAVING count(*) > 1)") ==
            0);
    }
    CHECK(query.integer("SELECT count(*) FROM iterations WHERE ended_ns IS NOT NULL AND run_id = "
                        "(SELECT id FROM runs WHERE uuid = '" +
                        uuid + "')") == 2);
    CHECK(liveRunVmis(sim) == 0);

    // The replay reads back like any run.
    auto report = runCommand({kPlugin, "report", trace + ":" + uuid, "-o", "json"}, {}, 60s);
    INFO(report.err);
    CHECK(report.exitCode == 0);
    CHECK(firstRun(report.out)->getObject("vmis")->getValue<int>("created") == 20);
  }
  // The replay at speed 4 took about a quarter of the schedule's time: its last request was sent
  // well before the source's.
  TraceQuery query(trace);
  const auto span = [&](const std::string& where) {
    return query.integer(
        "SELECT max(sent_ns) - min(sent_ns) FROM requests_v WHERE verb NOT IN "
        "('watch', 'list') AND try = 1 AND run_id = (SELECT id FROM runs WHERE " +
        where + ")");
  };
  CHECK(span("uuid = '" + source + "'") > 2 * span("id = (SELECT max(id) FROM runs)"));
}

TEST_CASE("replay: the source's objects are never touched - cleanup --uuid removes the replay's",
          "[real]") {
  SimCluster sim(kQuick);
  const auto trace = sim.dir().file("t.db");
  // A run that leaves its VMIs: the replay leaves its own, as recorded.
  const auto source = recordTwoIterations(sim, trace, {"--iteration-cleanup=false"});
  REQUIRE(liveRunVmis(sim) == 20);
  auto replay = runCommand(replayArgs(sim, trace, {"--speed", "2", "-o", "json"}), {}, 180s);
  INFO(replay.out << replay.err);
  REQUIRE(replay.exitCode == 0);
  const auto uuid = firstRun(replay.out)->getValue<std::string>("uuid");
  const auto live = [&](const std::string& run) {
    return sim.client()
        .request("GET",
                 "/apis/kubevirt.io/v1/virtualmachineinstances?labelSelector=perfscale."
                 "kubevirt.io%2Frun%3D" +
                     run)
        .json()
        ->getArray("items")
        ->size();
  };
  CHECK(live(source) == 20);
  CHECK(live(uuid) == 20);
  auto cleanup =
      runCommand({kPlugin, "cleanup", "--uuid", uuid, "--kubeconfig", sim.kubeconfig()}, {}, 120s);
  INFO(cleanup.out << cleanup.err);
  CHECK(cleanup.exitCode == 0);
  CHECK(live(uuid) == 0);
  CHECK(live(source) == 20);
  runCommand({kPlugin, "cleanup", "--uuid", source, "--kubeconfig", sim.kubeconfig()}, {}, 120s);
}

TEST_CASE("replay: a run with 429s and retries is replayed try for try, not more") {
  const auto dir = std::make_unique<SimCluster>(std::vector<std::string>{
      "--profile", "instant", "--default-grace-period", "0", "--fault-throttle-rate", "0.3",
      "--fault-throttle-retry-after", "1", "--fault-verbs", "create", "--fault-resources",
      "virtualmachineinstances"});
  const auto trace = dir->dir().file("t.db");
  const auto source = recordTwoIterations(*dir, trace);
  TraceQuery query(trace);
  const auto sourceTries = count(query, source, "create", "virtualmachineinstances", false);
  REQUIRE(sourceTries > 20);  // some creates were answered 429 and tried again

  SimCluster calm(kQuick);
  auto replay = runCommand(replayArgs(calm, trace, {"-o", "json"}), {}, 180s);
  INFO(replay.out << replay.err);
  REQUIRE(replay.exitCode == 0);
  const auto uuid = firstRun(replay.out)->getValue<std::string>("uuid");
  // Each recorded try is sent once, recorded as the same try of the same create, and the
  // replay adds none of its own.
  CHECK(count(query, uuid, "create", "virtualmachineinstances", false) == sourceTries);
  CHECK(count(query, uuid, "create", "virtualmachineinstances", true) == 20);
  CHECK(query.integer(
            "SELECT count(*) FROM requests_v WHERE try > 1 AND coalesce(retry_of, 0) = 0 AND "
            "run_id = (SELECT id FROM runs WHERE uuid = '" +
            uuid + "')") == 0);
  // The later tries find what the replay's first try made (409), which is no failure.
  CHECK(firstRun(replay.out)->getObject("vmis")->getValue<int>("failed") == 0);
  CHECK(firstRun(replay.out)->getObject("vmis")->getValue<int>("created") == 20);
  CHECK(liveRunVmis(calm) == 0);
}

TEST_CASE("replay: scenario mode runs the recorded scenario again under a new uuid") {
  SimCluster sim(kQuick);
  const auto trace = sim.dir().file("t.db");
  const auto source = recordTwoIterations(sim, trace);
  const auto other = sim.dir().file("other.db");
  auto replay = runCommand(
      replayArgs(sim, trace, {"--mode", "scenario", "--trace", other, "-o", "json"}), {}, 180s);
  INFO(replay.out << replay.err);
  REQUIRE(replay.exitCode == 0);
  const auto run = firstRun(replay.out);
  CHECK(run->getValue<std::string>("kind") == "replay");
  CHECK(run->getValue<std::string>("replayOf") == source);
  CHECK(run->getObject("vmis")->getValue<int>("created") == 20);
  CHECK(TraceQuery(other).integer("SELECT count(*) FROM runs WHERE kind = 'replay'") == 1);
  CHECK(TraceQuery(trace).integer("SELECT count(*) FROM runs") == 1);  // the source's untouched
  CHECK(liveRunVmis(sim) == 0);
}

TEST_CASE("replay: --dry-run prints the schedule and touches nothing", "[real]") {
  SimCluster sim(kQuick);
  const auto trace = sim.dir().file("t.db");
  recordTwoIterations(sim, trace);
  auto dry = runCommand(replayArgs(sim, trace, {"--dry-run", "--speed", "2"}), {}, 60s);
  INFO(dry.out << dry.err);
  CHECK(dry.exitCode == 0);
  CHECK_THAT(dry.out, Catch::Contains("26 requests of the") && Catch::Contains("at speed 2") &&
                          Catch::Contains("create virtualmachineinstances: 20") &&
                          Catch::Contains("deletecollection virtualmachineinstances: 2") &&
                          Catch::Contains("first: at ") && Catch::Contains("last:  at "));
  CHECK(TraceQuery(trace).integer("SELECT count(*) FROM runs") == 1);
  auto scenario = runCommand(replayArgs(sim, trace, {"--dry-run", "--mode", "scenario"}), {}, 60s);
  CHECK(scenario.exitCode == 0);
  CHECK_THAT(scenario.out, Catch::Contains("scenario mode"));
}

TEST_CASE("replay: bad input is one clear error, and nothing is sent") {
  SimCluster sim(kQuick);
  const auto trace = sim.dir().file("t.db");
  const auto source = recordTwoIterations(sim, trace);
  const auto requestsBefore = TraceQuery(trace).integer("SELECT count(*) FROM requests");
  const auto fails = [&](std::vector<std::string> args, const std::string& message) {
    auto result =
        runCommand(replayArgs(sim, args.front(), {args.begin() + 1, args.end()}), {}, 60s);
    INFO(result.out << result.err);
    CHECK(result.exitCode == 1);
    CHECK_THAT(result.err, Catch::Contains(message));
  };
  fails({trace, "--speed", "200"}, "--speed 200: expected 0.1 to 100");
  fails({trace, "--mode", "fast"}, "--mode fast: expected timing or scenario");
  fails({trace, "--uuid", source}, "is the source run's own id");
  fails({sim.dir().file("missing.db")}, "missing.db");
  fails({trace + ":ffffffff"}, "ffffffff");

  // A trace written without payloads cannot be re-sent in timing mode.
  fails({editedCopy(trace, sim.dir().file("bare.db"), "UPDATE requests SET payload_id = NULL")},
        "has no recorded body");

  // A resource the cluster does not serve: refused before anything is sent.
  const auto alien =
      editedCopy(trace, sim.dir().file("alien.db"),
                 "UPDATE payloads SET body = replace(body, 'kubevirt.io/v1', 'example.com/v1')");
  fails({alien}, "does not serve example.com/v1");
  CHECK(TraceQuery(alien).integer("SELECT count(*) FROM runs") == 1);

  // A run that recorded no requests.
  fails({editedCopy(trace, sim.dir().file("empty.db"), "DELETE FROM requests")},
        "recorded no requests: nothing to replay");

  // A trace of a newer schema than this build knows.
  fails({editedCopy(trace, sim.dir().file("newer.db"), "PRAGMA user_version = 99")}, "newer");
  CHECK(TraceQuery(trace).integer("SELECT count(*) FROM requests") == requestsBefore);
  CHECK(liveRunVmis(sim) == 0);
}

TEST_CASE("replay: a replay of a replay is allowed, and says so") {
  SimCluster sim(kQuick);
  const auto trace = sim.dir().file("t.db");
  recordTwoIterations(sim, trace);
  auto first = runCommand(replayArgs(sim, trace, {"--speed", "4", "-o", "json"}), {}, 180s);
  REQUIRE(first.exitCode == 0);
  const auto replayed = firstRun(first.out)->getValue<std::string>("uuid");
  auto second = runCommand(replayArgs(sim, trace, {"--speed", "4", "-o", "json"}), {}, 180s);
  INFO(second.out << second.err);
  REQUIRE(second.exitCode == 0);
  CHECK_THAT(second.err, Catch::Contains("is itself a replay of run"));
  CHECK(firstRun(second.out)->getValue<std::string>("replayOf") == replayed);
}
