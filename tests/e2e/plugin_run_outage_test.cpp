// `run` against an API server that goes away and comes back (perfscale-sim's outage faults):
// 600 VMIs at qps 50 with a 4 s outage of each kind from second 5 all get created exactly
// once and run, nothing is left, and the trace holds every failed try and its retry; an
// outage longer than the waits ends the run with an error naming it, and cleanup works once
// the server is back.
#include <Poco/JSON/Object.h>
#include <catch2/catch.hpp>

#include <thread>

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

const std::string kVmiCreates = "verb = 'create' AND resource = 'virtualmachineinstances'";

Poco::JSON::Object::Ptr simStats(const SimCluster& sim) {
  return sim.adminClient().request("GET", "/sim/stats").json();
}

}  // namespace

TEST_CASE("run: 600 VMIs at qps 50 ride out a 4 s outage of each kind - each created once") {
  for (const std::string kind : {"refuse", "freeze", "restart"}) {
    INFO("outage " << kind);
    SimCluster sim(
        {"--profile", "instant", "--default-grace-period", "0", "--fault-outage", kind + ":4s@5s"});
    const auto trace = sim.dir().file("t.db");
    auto result = runCommand(runArgs(sim, trace,
                                     {"--vmi-count", "600", "--qps", "50", "--burst", "10",
                                      "--wait-when-finished", "0s", "-o", "json"}),
                             {}, 240s);
    INFO(result.err.substr(result.err.size() > 4000 ? result.err.size() - 4000 : 0));
    REQUIRE(result.exitCode == 0);
    const auto run = firstRun(result.out);
    CHECK(run->getObject("vmis")->getValue<int>("created") == 600);
    CHECK(run->getObject("vmis")->getArray("neverRan")->size() == 0);
    const auto stats = simStats(sim);
    CHECK(stats->getValue<int>("outagesEnded") == 1);
    // None created twice, and nothing left.
    CHECK(stats->getObject("createdMoreThanOnce")->size() == 0);
    CHECK(liveRunVmis(sim) == 0);

    TraceQuery q(trace);
    // Every VMI reached Running, by the trace.
    CHECK(q.integer("SELECT count(DISTINCT o.id) FROM phases p JOIN objects o ON o.id = "
                    "p.object_id JOIN strings s ON s.id = p.phase_id WHERE s.text = 'Running'") ==
          600);
    // Each of the 600 creates ends in a 201 (a later try's, or the GET that found it).
    CHECK(q.integer("SELECT count(DISTINCT name) FROM requests_v WHERE " + kVmiCreates +
                    " AND status = 201") +
              q.integer("SELECT count(DISTINCT name) FROM requests_v WHERE verb = 'get' AND "
                        "resource = 'virtualmachineinstances' AND try > 1 AND status = 200") >=
          600);
    if (kind != "freeze") {
      // The outage is in the trace: tries that got no answer, each followed by another try of
      // the same create.
      const auto unanswered =
          q.integer("SELECT count(*) FROM requests_v WHERE " + kVmiCreates + " AND status = 0");
      CHECK(unanswered > 0);
      CHECK(q.integer("SELECT count(*) FROM requests_v r WHERE " + kVmiCreates +
                      " AND r.status = 0 AND NOT EXISTS (SELECT 1 FROM requests_v n WHERE "
                      "n.run_id = r.run_id AND n.name = r.name AND n.try > r.try)") == 0);
    }
  }
}

TEST_CASE("run: an outage longer than the waits ends the run with an error naming it") {
  SimCluster sim(
      {"--profile", "instant", "--default-grace-period", "0", "--fault-outage", "refuse:60s@3s"});
  const auto trace = sim.dir().file("t.db");
  const auto started = std::chrono::steady_clock::now();
  auto result = runCommand(runArgs(sim, trace,
                                   {"--vmi-count", "600", "--qps", "50", "--burst", "10",
                                    "--max-wait-timeout", "30s", "--wait-when-finished", "0s"}),
                           {}, 240s);
  INFO(result.out << result.err.substr(result.err.size() > 4000 ? result.err.size() - 4000 : 0));
  CHECK((result.exitCode == 1 || result.exitCode == 2));
  // The summary's first line says why, and that the server was away.
  const auto firstLine = result.out.substr(0, result.out.find('\n'));
  // (ended during the outage: how long the server has been away; after it: the creates that
  // got no connection)
  CHECK_THAT(firstLine, Catch::Contains("the API server has answered nothing since") ||
                            Catch::Contains(" with connection: "));
  CHECK_THAT(result.out, Catch::Contains("connection") && Catch::Contains("refused"));
  CHECK(std::chrono::steady_clock::now() - started < 200s);

  // The trace is whole: it opens, reports the outcome, and holds every VMI the sim has.
  auto report = runCommand({kPlugin, "report", trace, "-o", "json"}, {}, 60s);
  REQUIRE(report.exitCode == 0);
  const auto run = firstRun(report.out);
  CHECK(run->getValue<std::string>("outcome") != "ok");
  const auto uuid = run->getValue<std::string>("uuid");

  // Once the server is back, cleanup --uuid deletes whatever the run left.
  for (int i = 0; i < 600; ++i) {
    if (sim.client().request("GET", "/version").status == 200) break;
    std::this_thread::sleep_for(100ms);
  }
  REQUIRE(sim.client().request("GET", "/version").status == 200);
  const auto left = liveRunVmis(sim);
  TraceQuery q(trace);
  CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind = 'VirtualMachineInstance' AND "
                  "created_ns IS NOT NULL") >= static_cast<int64_t>(left));
  auto cleanup =
      runCommand({kPlugin, "cleanup", "--uuid", uuid, "--kubeconfig", sim.kubeconfig()}, {}, 120s);
  INFO(cleanup.out << cleanup.err);
  CHECK(cleanup.exitCode == 0);
  CHECK(liveRunVmis(sim) == 0);
  CHECK(simStats(sim)->getObject("createdMoreThanOnce")->size() == 0);
}
