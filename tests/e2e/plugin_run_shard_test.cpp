// Sharded runs: several `run --shard` processes share one run (one uuid), as the pods of an
// Indexed Job do. Together they create exactly the asked VMIs, each once, at the asked rate
// from one wall-clock instant; each watches, waits for and deletes only its own.
#include <catch2/catch.hpp>

#include <ctime>
#include <filesystem>
#include <future>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/e2e/plugin_run_support.h"
#include "tests/support/process.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::CommandResult;
using perfscale::test::kPlugin;
using perfscale::test::liveRunVmis;
using perfscale::test::runArgs;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;
using perfscale::test::TempDir;
using perfscale::test::TraceQuery;
using perfscale::test::writeFile;

namespace {

const std::string kUuid = "7d1e5c3a-2222-4333-8444-555566667777";

// RFC 3339 of the whole second at least `ahead` from now, and that instant in ns since the epoch.
std::pair<std::string, int64_t> startTime(std::chrono::seconds ahead) {
  const auto now = std::chrono::system_clock::now();
  const std::time_t at = std::chrono::system_clock::to_time_t(now + ahead) + 1;
  std::tm utc{};
  gmtime_r(&at, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return {text, static_cast<int64_t>(at) * 1'000'000'000};
}

// Runs `count` shards of one run at once, shard i with JOB_COMPLETION_INDEX=i and trace
// shard-<i>.db; returns their results in shard order.
std::vector<CommandResult> runShards(const SimCluster& sim, int count,
                                     const std::vector<std::string>& flags) {
  std::vector<std::future<CommandResult>> running;
  for (int i = 0; i < count; ++i) {
    auto args = runArgs(sim, sim.dir().file("shard-" + std::to_string(i) + ".db"),
                        {"--shard", std::to_string(count), "--uuid", kUuid});
    args.insert(args.end(), flags.begin(), flags.end());
    running.push_back(std::async(std::launch::async, [args, i] {
      return runCommand(args, {{"JOB_COMPLETION_INDEX", std::to_string(i)}}, 110s);
    }));
  }
  std::vector<CommandResult> results;
  for (auto& result : running)
    results.push_back(result.get());
  return results;
}

std::string shardTrace(const SimCluster& sim, int i) {
  return sim.dir().file("shard-" + std::to_string(i) + ".db");
}

std::vector<std::string> column(TraceQuery& q, const std::string& sql) {
  std::vector<std::string> values;
  for (const auto& row : q.strings(sql))
    values.push_back(row.at(0));
  return values;
}

}  // namespace

TEST_CASE(
    "run --shard: three shards create exactly the asked VMIs, each once, at the asked "
    "aggregate rate from --start-at",
    "[shard][real]") {
  SimCluster sim({"--profile", "instant"});
  const auto [startAt, startNs] = startTime(2s);
  const int kVmis = 150;
  const double kQps = 50;
  const int kBurst = 6;
  const auto results =
      runShards(sim, 3,
                {"--vmi-count", std::to_string(kVmis), "--qps", "50", "--burst",
                 std::to_string(kBurst), "--wait-when-finished", "0s", "--start-at", startAt});
  for (const auto& result : results) {
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(result.out, Catch::Contains("50 asked, 50 created, 0 failed"));
  }

  std::multiset<std::string> names;
  int64_t firstSent = INT64_MAX, lastSent = 0;
  for (int i = 0; i < 3; ++i) {
    INFO("shard " << i);
    TraceQuery q(shardTrace(sim, i));
    CHECK(q.text("SELECT uuid FROM runs") == kUuid);
    CHECK_THAT(q.text("SELECT scenario_resolved FROM runs"),
               Catch::Contains("\"shard\": {") &&
                   Catch::Contains("\"index\": " + std::to_string(i)) &&
                   Catch::Contains("\"count\": 3"));
    for (const auto& name : column(q,
                                   "SELECT name FROM objects_v WHERE kind = "
                                   "'VirtualMachineInstance' AND created_ns IS NOT NULL"))
      names.insert(name);
    // Every creation carries the shard's label.
    CHECK(q.integer("SELECT count(*) FROM requests r JOIN payloads p ON p.id = r.payload_id "
                    "JOIN operations o ON o.id = r.operation_id WHERE o.verb = 'create' AND "
                    "o.resource = 'virtualmachineinstances' AND r.try = 1 AND p.body LIKE "
                    "'%\"perfscale.kubevirt.io/shard\":\"" +
                    std::to_string(i) + "\"%'") == 50);
    // Its watch selects its own VMIs only.
    CHECK(q.integer("SELECT count(*) FROM events WHERE message LIKE 'opening watches on "
                    "perfscale.kubevirt.io/run=" +
                    kUuid + ",perfscale.kubevirt.io/shard=" + std::to_string(i) + "'") == 1);
    CHECK(q.integer("SELECT count(*) FROM events WHERE kind = 'start-at' AND message LIKE "
                    "'pacing the first creations from the start time%'") == 1);
    const int64_t zero = q.integer("SELECT started_wall_ns FROM runs");
    firstSent =
        std::min(firstSent, zero + q.integer("SELECT min(sent_ns) FROM requests_v WHERE verb = "
                                             "'create' AND resource = 'virtualmachineinstances'"));
    lastSent = std::max(lastSent, zero + q.integer("SELECT max(sent_ns) FROM requests_v WHERE "
                                                   "verb = 'create' AND resource = "
                                                   "'virtualmachineinstances' AND try = 1"));
  }
  CHECK(names.size() == static_cast<size_t>(kVmis));
  CHECK(std::set<std::string>(names.begin(), names.end()).size() == static_cast<size_t>(kVmis));

  // Nobody started before the start time; after each shard's burst (6 / 3 = 2 each), the
  // 144 remaining creations took 144 / 50 qps seconds: the asked rate, within 2%.
  CHECK(firstSent >= startNs);
  const double seconds = static_cast<double>(lastSent - startNs) / 1e9;
  const double achieved = (kVmis - kBurst) / seconds;
  WARN("3 shards: achieved " << achieved << " creations/s after the bursts, asked " << kQps);
  CHECK(achieved == Approx(kQps).epsilon(0.02));
  CHECK(liveRunVmis(sim) == 0);
}

TEST_CASE("run --shard: namespaced iterations give each shard namespaces of its own, deleted",
          "[shard][real]") {
  SimCluster sim({"--profile", "instant"});
  const auto results =
      runShards(sim, 2,
                {"--vmi-count", "10", "--qps", "100", "--burst", "10", "--iteration-count", "2",
                 "--namespaced-iterations", "-n", "sh", "--wait-when-finished", "0s"});
  for (int i = 0; i < 2; ++i) {
    INFO(results[i].out << results[i].err);
    REQUIRE(results[i].exitCode == 0);
    TraceQuery q(shardTrace(sim, i));
    const std::string suffix = "-" + std::to_string(i + 1);
    CHECK(column(q,
                 "SELECT name FROM requests_v WHERE verb = 'create' AND resource = "
                 "'namespaces' ORDER BY seq") ==
          std::vector<std::string>{"sh-1" + suffix, "sh-2" + suffix});
    CHECK(column(q,
                 "SELECT name FROM requests_v WHERE verb = 'delete' AND resource = "
                 "'namespaces' ORDER BY seq") ==
          std::vector<std::string>{"sh-1" + suffix, "sh-2" + suffix});
    CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind = 'VirtualMachineInstance' AND "
                    "namespace LIKE 'sh-_" +
                    suffix + "'") == 10);
  }
  auto namespaces = sim.client().request(
      "GET", "/api/v1/namespaces?labelSelector=perfscale.kubevirt.io/run%3D" + kUuid);
  CHECK(namespaces.json()->getArray("items")->size() == 0);
}

TEST_CASE("run --shard: the shared namespace is created once and deleted by none",
          "[shard][real]") {
  SimCluster sim({"--profile", "instant"});
  const auto results = runShards(sim, 2,
                                 {"--vmi-count", "8", "--qps", "100", "--burst", "10", "-n",
                                  "shared", "--wait-when-finished", "0s"});
  int created = 0;
  for (int i = 0; i < 2; ++i) {
    INFO(results[i].out << results[i].err);
    REQUIRE(results[i].exitCode == 0);
    TraceQuery q(shardTrace(sim, i));
    created +=
        static_cast<int>(q.integer("SELECT count(*) FROM requests_v WHERE verb = 'create' "
                                   "AND resource = 'namespaces' AND status = 201"));
    CHECK(q.integer("SELECT count(*) FROM requests_v WHERE verb = 'delete' AND resource = "
                    "'namespaces'") == 0);
  }
  CHECK(created == 1);
  CHECK(sim.client().request("GET", "/api/v1/namespaces/shared").status == 200);
  CHECK(liveRunVmis(sim) == 0);
}

TEST_CASE("run --shard: bad shard flags are one clear error and nothing is created",
          "[shard][real]") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("bad.db");
  struct Case {
    std::vector<std::string> flags;
    std::map<std::string, std::string> env;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--shard", "3/3", "--uuid", kUuid}, {}, "--shard 3/3: the index must be"},
      {{"--shard", "x", "--uuid", kUuid}, {}, "--shard x: expected INDEX/COUNT"},
      {{"--shard", "2", "--uuid", kUuid}, {}, "JOB_COMPLETION_INDEX, which is not set"},
      {{"--shard", "2", "--uuid", kUuid},
       {{"JOB_COMPLETION_INDEX", "5"}},
       "JOB_COMPLETION_INDEX=5 is not a shard index from 0 to 1"},
      {{"--shard", "0/2"}, {}, "--shard 0/2: every shard of a run needs the same run id"},
      {{"--start-at", "tomorrow"}, {}, "--start-at tomorrow: expected an RFC 3339 time"},
  };
  for (const auto& c : cases) {
    INFO(c.message);
    auto args = runArgs(sim, trace, {"--vmi-count", "2"});
    args.insert(args.end(), c.flags.begin(), c.flags.end());
    const auto result = runCommand(args, c.env, 30s);
    CHECK(result.exitCode == 1);
    CHECK_THAT(result.err, Catch::Contains(c.message));
  }
  CHECK_FALSE(std::filesystem::exists(trace));
  CHECK(liveRunVmis(sim) == 0);

  // A steady-state workload cannot be sharded.
  const auto file = sim.dir().file("steady.yaml");
  writeFile(file,
            "apiVersion: perfscale.kubevirt.io/v1alpha1\nkind: Scenario\nworkloads:\n"
            "- name: churn\n  kind: steady-state\n  count: 4\n  churn: 1\n  objects:\n"
            "  - vmi: {}\n");
  const auto steady =
      runCommand(runArgs(sim, trace, {"-f", file, "--shard", "0/2", "--uuid", kUuid}), {}, 30s);
  CHECK(steady.exitCode == 1);
  CHECK_THAT(steady.err, Catch::Contains("steady.yaml") &&
                             Catch::Contains("steady-state workload cannot be sharded"));
}

TEST_CASE("run --shard in a pod: the in-cluster config from a mounted service-account directory",
          "[shard][real]") {
  SimCluster sim({"--profile", "instant"});
  TempDir account;
  writeFile(account.file("token"), sim.token());
  writeFile(account.file("ca.crt"), sim.caPem());
  writeFile(account.file("namespace"), "perfscale-pod\n");
  TempDir home;
  const auto trace = sim.dir().file("pod.db");
  const std::string port = sim.url().substr(sim.url().rfind(':') + 1);
  // A private mount namespace, as a pod has: the token directory mounted where every pod finds
  // it, no kubeconfig anywhere.
  const std::string script =
      "mount -t tmpfs tmpfs /run && mkdir -p /run/secrets/kubernetes.io/serviceaccount && "
      "mount --bind \"$ACCOUNT\" /run/secrets/kubernetes.io/serviceaccount && exec \"$@\"";
  const auto result = runCommand({"unshare",
                                  "--mount",
                                  "sh",
                                  "-c",
                                  script,
                                  "sh",
                                  kPlugin,
                                  "run",
                                  "--shard",
                                  "2",
                                  "--uuid",
                                  kUuid,
                                  "--vmi-count",
                                  "6",
                                  "--qps",
                                  "100",
                                  "--burst",
                                  "10",
                                  "--wait-when-finished",
                                  "0s",
                                  "--trace",
                                  trace},
                                 {{"ACCOUNT", account.path()},
                                  {"HOME", home.path()},
                                  {"KUBECONFIG", ""},
                                  {"KUBERNETES_SERVICE_HOST", "127.0.0.1"},
                                  {"KUBERNETES_SERVICE_PORT", port},
                                  {"JOB_COMPLETION_INDEX", "1"}},
                                 60s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  CHECK_THAT(result.out, Catch::Contains("3 asked, 3 created, 0 failed"));
  TraceQuery q(trace);
  CHECK(q.text("SELECT server_url FROM runs") == "https://127.0.0.1:" + port);
  CHECK(column(q,
               "SELECT DISTINCT name FROM objects_v WHERE kind = 'VirtualMachineInstance' "
               "ORDER BY name")
            .size() == 3);
}
