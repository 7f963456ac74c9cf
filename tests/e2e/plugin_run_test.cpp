// `kubectl perfscale run`, the real binary against perfscale-sim: what it creates, waits for
// and deletes, what the trace holds afterwards, and how it fails.
#include <sqlite3.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <map>
#include <thread>

#include "core/stats/percentiles.h"
#include "tests/e2e/plugin_run_support.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::kPlugin;
using perfscale::test::liveRunVmis;
using perfscale::test::runArgs;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;
using perfscale::test::TraceQuery;

TEST_CASE(
    "run: the original's defaults create 100 VMIs, see them Running, delete them and "
    "see them gone - the trace holds exactly that",
    "[real]") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  auto result = runCommand(runArgs(sim, trace, {"--wait-when-finished", "0s"}), {}, 120s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  CHECK_THAT(result.out, Catch::Contains("100 asked, 100 created, 0 failed"));

  TraceQuery q(trace);
  CHECK(q.text("SELECT outcome FROM runs") == "ok");
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE verb='create' AND "
                  "resource='virtualmachineinstances' AND try=1") == 100);
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE verb='create' AND "
                  "resource='virtualmachineinstances' AND status=201") == 100);
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE verb='deletecollection'") == 1);
  CHECK(q.integer(
            "SELECT count(*) FROM requests_v WHERE verb='create' AND resource='namespaces'") == 1);
  CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind='VirtualMachineInstance' AND "
                  "created_ns IS NOT NULL AND gone_ns IS NOT NULL") == 100);
  for (const char* phase : {"Pending", "Scheduling", "Scheduled", "Running", "Succeeded"}) {
    INFO(phase);
    CHECK(q.integer(std::string("SELECT count(DISTINCT name) FROM phases_v WHERE phase='") + phase +
                    "' AND server_ns IS NOT NULL") == 100);
  }
  CHECK(q.integer("SELECT count(*) FROM phases_v WHERE late != 0") == 0);
  CHECK(
      q.integer("SELECT count(*) FROM iterations WHERE iteration=1 AND all_running_ns IS NOT NULL "
                "AND all_gone_ns IS NOT NULL AND ended_ns IS NOT NULL") == 1);
  CHECK(liveRunVmis(sim) == 0);
  CHECK(sim.client().request("GET", "/api/v1/namespaces/kubevirt-test-default").status == 404);
}

TEST_CASE("run: a deletecollection of 9000 VMIs records the deletion request of each") {
  // The records go to the trace 4,096 at a time, each slice written before the next.
  SimCluster sim({"--profile", "instant", "--nodes", "100"});
  const auto trace = sim.dir().file("trace.db");
  auto result = runCommand(runArgs(sim, trace,
                                   {"--vmi-count", "9000", "--qps", "3000", "--burst", "100",
                                    "--wait-when-finished", "0s"}),
                           {}, 240s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  TraceQuery q(trace);
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE verb='deletecollection'") == 1);
  CHECK(q.integer("SELECT count(*) FROM objects_v WHERE "
                  "kind='VirtualMachineInstance' AND deletion_requested_ns IS NOT NULL AND "
                  "gone_ns IS NOT NULL") == 9000);
  CHECK(q.integer("SELECT count(DISTINCT deletion_requested_ns) FROM objects_v WHERE "
                  "kind='VirtualMachineInstance'") == 1);
  CHECK(liveRunVmis(sim) == 0);
}

TEST_CASE("run: namespaced iterations 3 x 50, given as the original's single-dash flags",
          "[real]") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  auto result = runCommand(runArgs(sim, trace,
                                   {"-namespaced-iterations", "-iteration-count=3", "-vmi-count=50",
                                    "-qps=200", "-burst=50", "-wait-when-finished=0s"}),
                           {}, 120s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  TraceQuery q(trace);
  for (int i = 1; i <= 3; ++i) {
    const std::string ns = "kubevirt-test-default-" + std::to_string(i);
    CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind='VirtualMachineInstance' AND "
                    "namespace='" +
                    ns + "' AND iteration=" + std::to_string(i) + " AND gone_ns IS NOT NULL") ==
          50);
    CHECK(q.integer("SELECT count(*) FROM requests_v WHERE verb='create' AND resource='namespaces' "
                    "AND name='" +
                    ns + "'") == 1);
  }
  CHECK(q.integer("SELECT count(DISTINCT name) FROM phases_v WHERE phase='Running'") == 150);
  CHECK(q.integer("SELECT count(*) FROM iterations WHERE ended_ns IS NOT NULL") == 3);
}

TEST_CASE("run: a stalled controller makes the wait time out: exit 2, stuck VMIs named", "[real]") {
  SimCluster sim({"--profile", "instant", "--stall-controller"});
  const auto trace = sim.dir().file("trace.db");
  auto result = runCommand(runArgs(sim, trace,
                                   {"--vmi-count", "5", "--max-wait-timeout", "2s",
                                    "--wait-when-finished", "0s", "--iteration-cleanup=false"}),
                           {}, 60s);
  INFO(result.out << result.err);
  CHECK(result.exitCode == 2);
  CHECK_THAT(result.out, Catch::Contains("timeout") && Catch::Contains("stuck VMIs (5)") &&
                             Catch::Contains("Pending"));
  TraceQuery q(trace);
  CHECK(q.text("SELECT outcome FROM runs") == "timeout");
  CHECK(q.integer(
            "SELECT count(*) FROM events WHERE kind='timeout' AND message LIKE '%5 Pending%'") ==
        1);
}

TEST_CASE("run: 429 storms and 503s are retried: every VMI is created once, retries traced") {
  SimCluster sim({"--profile", "instant", "--fault-throttle-rate", "0.3",
                  "--fault-throttle-retry-after", "1", "--fault-verbs", "create"});
  const auto trace = sim.dir().file("trace.db");
  auto result = runCommand(
      runArgs(sim, trace,
              {"--vmi-count", "40", "--qps", "100", "--burst", "10", "--wait-when-finished", "0s"}),
      {}, 120s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  TraceQuery q(trace);
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE verb='create' AND "
                  "resource='virtualmachineinstances' AND status=201") == 40);
  const auto throttled = q.integer("SELECT count(*) FROM requests_v WHERE status=429");
  CHECK(throttled > 0);
  CHECK(q.integer(
            "SELECT count(*) FROM requests_v WHERE status=429 AND try > 1 AND retry_of = 0") == 0);
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE try > 1") >= throttled - 5);
  CHECK(
      q.integer("SELECT count(DISTINCT name) FROM objects_v WHERE kind='VirtualMachineInstance'") ==
      40);
}

TEST_CASE("run: --dry-run prints the plan and creates nothing", "[real]") {
  SimCluster sim({"--profile", "instant"});
  auto result = runCommand(runArgs(sim, sim.dir().file("t.db"),
                                   {"--dry-run", "--vmi-count", "7", "--iteration-count", "2"}),
                           {}, 30s);
  INFO(result.err);
  REQUIRE(result.exitCode == 0);
  CHECK_THAT(result.out, Catch::Contains("7"));
  CHECK_FALSE(std::filesystem::exists(sim.dir().file("t.db")));
  CHECK(sim.client().request("GET", "/api/v1/namespaces/kubevirt-test-default").status == 404);
}

TEST_CASE("run: SIGINT mid-creation stops, cleans up, exits 130, trace marked interrupted",
          "[real]") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  perfscale::test::ChildProcess run(
      runArgs(sim, trace, {"--vmi-count", "200", "--qps", "20", "--wait-when-finished", "0s"}));
  std::this_thread::sleep_for(2500ms);
  REQUIRE(liveRunVmis(sim) > 0);
  const int code = run.stop(SIGINT, 60s);
  INFO(run.stderrText());
  CHECK(code == 130);
  CHECK(liveRunVmis(sim) == 0);
  TraceQuery q(trace);
  CHECK(q.text("SELECT outcome FROM runs") == "interrupted");
  CHECK(q.integer("SELECT exit_code FROM runs") == 130);
  CHECK(q.integer("SELECT count(*) FROM events WHERE kind='cleanup'") >= 1);
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE verb='create' AND "
                  "resource='virtualmachineinstances'") < 200);
  // The cleanup's requests are traced as what they are, outside iterations; none is a retry
  // of itself.
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE verb='deletecollection' AND "
                  "resource='virtualmachineinstances' AND iteration IS NULL") >= 1);
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE verb='delete' AND "
                  "resource='namespaces' AND name='kubevirt-test-default' AND "
                  "iteration IS NULL") == 1);
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE retry_of = seq") == 0);
}

TEST_CASE("run: client-observed phase times agree with the sim's ground truth (p99 < 50 ms)",
          "[real]") {
  SimCluster sim({"--fractional-timestamps", "--delay-scheduling", "uniform:20ms:80ms",
                  "--delay-scheduled", "uniform:20ms:80ms", "--delay-running",
                  "uniform:20ms:80ms"});
  const auto trace = sim.dir().file("trace.db");
  auto result = runCommand(
      runArgs(sim, trace, {"--vmi-count", "60", "--qps", "50", "--wait-when-finished", "0s"}), {},
      120s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  // The sim's truth: exact server times, ns since the epoch. On a real API server the
  // controller's write commits somewhere between sending it (atNs) and its answer
  // (committedNs): a watcher may see it before the answer, never before the write was sent.
  std::map<std::pair<std::string, std::string>, std::pair<int64_t, int64_t>> truth;
  auto vmis = sim.adminClient().request("GET", "/sim/truth").json()->getArray("vmis");
  for (size_t i = 0; i < vmis->size(); ++i) {
    auto vmi = vmis->getObject(i);
    auto phases = vmi->getArray("phases");
    for (size_t p = 0; p < phases->size(); ++p) {
      const auto phase = phases->getObject(p);
      const auto at = phase->getValue<int64_t>("atNs");
      truth[{vmi->getValue<std::string>("name"), phase->getValue<std::string>("phase")}] = {
          at, phase->optValue<int64_t>("committedNs", at)};
    }
  }
  TraceQuery q(trace);
  const int64_t origin = q.integer("SELECT started_wall_ns FROM runs");
  std::vector<int64_t> lags;        // observed - committed
  std::vector<int64_t> sinceWrite;  // observed - write sent
  for (const auto& row : q.strings("SELECT name, phase, observed_ns FROM phases_v")) {
    auto it = truth.find({row[0], row[1]});
    REQUIRE(it != truth.end());
    lags.push_back(origin + std::stoll(row[2]) - it->second.second);
    sinceWrite.push_back(origin + std::stoll(row[2]) - it->second.first);
  }
  REQUIRE(lags.size() == truth.size());
  auto d = perfscale::stats::distribution(lags);
  auto early = perfscale::stats::distribution(sinceWrite);
  INFO("observation lag p50 " << d.p50 << " ns, p99 " << d.p99 << " ns; earliest " << early.min
                              << " ns after the write was sent");
  CHECK(d.p99 < 50'000'000);
  CHECK(early.min > -5'000'000);  // never seen before it happened (allowing clock granularity)
}

TEST_CASE("run: an unreachable server fails at once with the URL and what to check") {
  perfscale::test::TempDir dir;
  auto result = runCommand({kPlugin, "run", "--server", "https://127.0.0.1:1", "--trace",
                            dir.file("t.db"), "--insecure-skip-tls-verify"},
                           {{"KUBECONFIG", dir.file("none")}, {"HOME", dir.path()}}, 60s);
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Catch::Contains("https://127.0.0.1:1") && Catch::Contains("cannot reach"));
}

TEST_CASE("run: a bad flag value names the flag") {
  SimCluster sim({"--profile", "instant"});
  auto result = runCommand(runArgs(sim, sim.dir().file("t.db"), {"--qps", "fast"}), {}, 30s);
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Catch::Contains("--qps"));
}

TEST_CASE("run: a cluster without KubeVirt is told before anything is created") {
  SimCluster sim({"--profile", "instant", "--without-kubevirt"});
  const auto trace = sim.dir().file("t.db");
  auto result =
      runCommand(runArgs(sim, trace, {"--vmi-count", "5", "--namespaced-iterations"}), {}, 60s);
  INFO(result.out << result.err);
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Catch::Contains("does not serve kubevirt.io/v1") &&
                             Catch::Contains("GET /apis/kubevirt.io/v1: 404") &&
                             Catch::Contains("install KubeVirt") &&
                             Catch::Contains("kubectl api-resources --api-group=kubevirt.io"));
  // Nothing was created: no namespace of the run, no run in the trace.
  const auto namespaces =
      sim.client().request("GET", "/api/v1/namespaces").json()->getArray("items");
  for (size_t i = 0; i < namespaces->size(); ++i) {
    CHECK_THAT(namespaces->getObject(i)->getObject("metadata")->getValue<std::string>("name"),
               !Catch::Contains("kubevirt-test-default"));
  }
  CHECK(TraceQuery(trace).integer("SELECT count(*) FROM runs") == 0);
}

TEST_CASE("run: works through kubectl plugin discovery", "[real]") {
  if (runCommand({"kubectl", "version", "--client"}, {}, 20s).exitCode != 0) {
    WARN("kubectl is not on PATH: SKIPPING");
    return;
  }
  SimCluster sim({"--profile", "instant"});
  const std::string dir = std::filesystem::path(kPlugin).parent_path();
  auto env = sim.kubeconfigEnvironment();
  env["PATH"] = dir + ":" + std::string(getenv("PATH") ? getenv("PATH") : "");
  auto result = runCommand({"kubectl", "perfscale", "run", "--vmi-count", "10", "--qps", "100",
                            "--wait-when-finished", "0s", "--trace", sim.dir().file("t.db")},
                           env, 60s);
  INFO(result.err);
  REQUIRE(result.exitCode == 0);
  CHECK_THAT(result.out, Catch::Contains("10 asked, 10 created, 0 failed"));
}

TEST_CASE("run: the token, given in the kubeconfig or on the command line, never reaches the trace",
          "[real]") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  auto result = runCommand(runArgs(sim, trace,
                                   {"--token", sim.token(), "--vmi-count", "5", "--qps", "100",
                                    "--wait-when-finished", "0s"}),
                           {}, 60s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  const std::string bytes = perfscale::test::readFile(trace);
  CHECK(bytes.find(sim.token()) == std::string::npos);
  CHECK(bytes.find("REDACTED") != std::string::npos);  // --token's value in the arguments
  CHECK(result.out.find(sim.token()) == std::string::npos);
  CHECK(result.err.find(sim.token()) == std::string::npos);
}

TEST_CASE("run: the token never reaches the logs at -v 4, nor --dry-run's plan") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  auto debug = runCommand(runArgs(sim, trace,
                                  {"--token", sim.token(), "--vmi-count", "3", "--qps", "100",
                                   "--wait-when-finished", "0s", "-v", "4"}),
                          {}, 60s);
  INFO(debug.err.substr(0, 2000));
  REQUIRE(debug.exitCode == 0);
  CHECK(debug.err.find("POST") != std::string::npos);  // -v 4 logs every request
  CHECK(debug.err.find(sim.token()) == std::string::npos);
  CHECK(debug.out.find(sim.token()) == std::string::npos);
  auto plan = runCommand(runArgs(sim, trace, {"--token", sim.token(), "--dry-run"}), {}, 60s);
  REQUIRE(plan.exitCode == 0);
  CHECK(plan.out.find(sim.token()) == std::string::npos);
  CHECK(plan.err.find(sim.token()) == std::string::npos);
}

TEST_CASE("cleanup: --uuid deletes what a run left behind, and only that run's", "[real]") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  auto kept = [&](const std::string& uuid, const std::string& ns) {
    return runCommand(runArgs(sim, trace,
                              {"--uuid", uuid, "--namespace", ns, "--vmi-count", "6", "--qps", "50",
                               "--iteration-cleanup=false", "--wait-when-finished", "0s"}),
                      {}, 90s);
  };
  auto first = kept("11111111-1111-4111-8111-111111111111", "left-one");
  INFO(first.out << first.err);
  REQUIRE(first.exitCode == 0);
  auto second = kept("22222222-2222-4222-8222-222222222222", "left-two");
  INFO(second.out << second.err);
  REQUIRE(second.exitCode == 0);
  REQUIRE(liveRunVmis(sim) == 12);

  auto cleanup = runCommand({kPlugin, "cleanup", "--kubeconfig", sim.kubeconfig(), "--uuid",
                             "11111111-1111-4111-8111-111111111111", "--wait", "60"},
                            {}, 90s);
  INFO(cleanup.out << cleanup.err);
  CHECK(cleanup.exitCode == 0);
  CHECK_THAT(cleanup.out, Catch::Contains("deleted 6 VMIs and 1 namespaces") &&
                              Catch::Contains("0 still present"));
  CHECK(liveRunVmis(sim) == 6);
  CHECK(sim.client().request("GET", "/api/v1/namespaces/left-one").status == 404);
  CHECK(sim.client().request("GET", "/api/v1/namespaces/left-two").status == 200);

  auto missing = runCommand({kPlugin, "cleanup", "--kubeconfig", sim.kubeconfig()}, {}, 30s);
  CHECK(missing.exitCode == 1);
  CHECK_THAT(missing.err, Catch::Contains("--uuid is required"));
}

TEST_CASE("run: token, client-certificate and exec-plugin credentials each drive a run", "[real]") {
  SimCluster sim({"--profile", "instant", "--client-cert-user", "perfscale-cert"});
  using Credential = SimCluster::Credential;
  for (auto credential : {Credential::Token, Credential::ClientCertificate, Credential::Exec}) {
    const auto [kubeconfig, context] = sim.kubeconfigFor(credential);
    INFO("context " << context);
    const auto trace = sim.dir().file("trace-" + context + ".db");
    auto result =
        runCommand({kPlugin, "run", "--kubeconfig", kubeconfig, "--context", context, "--trace",
                    trace, "--vmi-count", "5", "--qps", "50", "--wait-when-finished", "0s"},
                   {{"HOME", sim.dir().path()}}, 90s);
    INFO(result.out << result.err);
    CHECK(result.exitCode == 0);
    CHECK_THAT(result.out, Catch::Contains("5 asked, 5 created, 0 failed"));
    TraceQuery q(trace);
    CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind='VirtualMachineInstance' AND "
                    "gone_ns IS NOT NULL") == 5);
    CHECK(q.integer("SELECT count(*) FROM requests_v WHERE status=401 OR status=403") == 0);
  }
}
