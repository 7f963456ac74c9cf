// Least privilege: `run` and `cleanup` as a user whose Role allows VMIs in one namespace and
// nothing else (a ServiceAccount on a shared cluster). Against the sim's --namespace-user, and
// in the real-cluster tier against ServiceAccounts with exactly such Roles (tests/real/cluster.sh).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/e2e/plugin_run_support.h"
#include "tests/support/process.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::kPlugin;
using perfscale::test::liveRunVmis;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;
using perfscale::test::TraceQuery;

namespace {

// team-a may use every verb on VMIs in team-a; team-b every verb but deletecollection.
const std::vector<std::string> kConfinedUsers = {
    "--profile",        "instant",
    "--namespace-user", "team-a:team-a-token-0123456789",
    "--namespace-user", "team-b:team-b-token-0123456789:create+get+list+watch+delete"};

std::vector<std::string> confinedRun(const std::string& kubeconfig, const std::string& trace,
                                     std::vector<std::string> extra) {
  std::vector<std::string> args = {kPlugin, "run", "--kubeconfig", kubeconfig, "--trace", trace};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

int64_t requests(TraceQuery& q, const std::string& where) {
  return q.integer("SELECT count(*) FROM requests_v WHERE " + where);
}

int64_t events(TraceQuery& q, const std::string& like) {
  return q.integer("SELECT count(*) FROM events WHERE message LIKE '" + like + "'");
}

}  // namespace

TEST_CASE("least privilege: a user confined to VMIs in one namespace runs there", "[real]") {
  SimCluster sim(kConfinedUsers);
  const auto kubeconfig = sim.namespaceUserKubeconfig("team-a");
  const auto trace = sim.dir().file("trace.db");
  auto result = runCommand(confinedRun(kubeconfig, trace,
                                       {"--namespace", "team-a", "--vmi-count", "30", "--qps",
                                        "100", "--burst", "30", "--wait-when-finished", "0s"}),
                           {}, 120s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  CHECK_THAT(result.out, Catch::Contains("30 asked, 30 created, 0 failed"));

  TraceQuery q(trace);
  // Cluster-wide listing was refused, then the run watched its namespace.
  CHECK(requests(q,
                 "verb='list' AND resource='virtualmachineinstances' AND namespace IS NULL "
                 "AND status=403") == 1);
  CHECK(requests(q,
                 "verb='list' AND resource='virtualmachineinstances' AND namespace='team-a' "
                 "AND status=200") >= 1);
  CHECK(requests(q,
                 "verb='watch' AND resource='virtualmachineinstances' AND "
                 "namespace='team-a'") >= 1);
  CHECK(events(q, "%listing VMIs at the cluster scope is forbidden (403)%team-a%") == 1);
  CHECK(events(q, "%listing namespaces is forbidden (403)%") == 1);
  // The namespace could not be created and was used as it was, without reading it.
  CHECK(requests(q, "verb='create' AND resource='namespaces' AND status=403") == 1);
  CHECK(requests(q, "verb='get' AND resource='namespaces'") == 0);
  CHECK(events(q, "%namespace team-a: creating namespaces is forbidden (403); using it%") == 1);
  // Every phase seen, every VMI deleted with one deletecollection and seen gone.
  CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind='VirtualMachineInstance' AND "
                  "namespace='team-a' AND gone_ns IS NOT NULL") == 30);
  CHECK(q.integer("SELECT count(DISTINCT name) FROM phases_v WHERE phase='Running'") == 30);
  CHECK(requests(q, "verb='deletecollection' AND status=200") == 1);
  CHECK(q.integer("SELECT count(*) FROM iterations WHERE all_running_ns IS NOT NULL AND "
                  "all_gone_ns IS NOT NULL") == 1);
  CHECK(liveRunVmis(sim) == 0);
  // Not the run's to delete.
  CHECK(sim.client().request("GET", "/api/v1/namespaces/team-a").status == 200);
}

TEST_CASE("least privilege: without deletecollection the VMIs are deleted one by one", "[real]") {
  SimCluster sim(kConfinedUsers);
  const auto kubeconfig = sim.namespaceUserKubeconfig("team-b");
  const auto trace = sim.dir().file("trace.db");
  auto result =
      runCommand(confinedRun(kubeconfig, trace,
                             {"--namespace", "team-b", "--iteration-count", "2", "--vmi-count",
                              "15", "--qps", "100", "--burst", "15", "--wait-when-finished", "0s"}),
                 {}, 120s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  TraceQuery q(trace);
  // Asked once; the second iteration goes straight to deletes by name.
  CHECK(requests(q, "verb='deletecollection' AND status=403") == 1);
  CHECK(requests(q, "verb='deletecollection' AND status!=403") == 0);
  CHECK(requests(q, "verb='delete' AND resource='virtualmachineinstances' AND status=200") == 30);
  CHECK(events(q, "%deletecollection of VMIs in team-b is forbidden (403)%") == 1);
  CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind='VirtualMachineInstance' AND "
                  "deletion_requested_ns IS NOT NULL AND gone_ns IS NOT NULL") == 30);
  CHECK(q.integer("SELECT count(*) FROM iterations WHERE all_gone_ns IS NOT NULL") == 2);
  CHECK(liveRunVmis(sim) == 0);
}

TEST_CASE("least privilege: cleanup --uuid as a confined user looks in its namespace", "[real]") {
  SimCluster sim(kConfinedUsers);
  const auto kubeconfig = sim.namespaceUserKubeconfig("team-b");
  const auto trace = sim.dir().file("trace.db");
  const std::string uuid = "33333333-3333-4333-8333-333333333333";
  auto kept =
      runCommand(confinedRun(kubeconfig, trace,
                             {"--uuid", uuid, "--namespace", "team-b", "--vmi-count", "5", "--qps",
                              "50", "--iteration-cleanup=false", "--wait-when-finished", "0s"}),
                 {}, 90s);
  INFO(kept.out << kept.err);
  REQUIRE(kept.exitCode == 0);
  REQUIRE(liveRunVmis(sim) == 5);

  // No --namespace: the kubeconfig context's namespace is where the VMIs are looked for.
  auto cleanup = runCommand(
      {kPlugin, "cleanup", "--kubeconfig", kubeconfig, "--uuid", uuid, "--wait", "60"}, {}, 90s);
  INFO(cleanup.out << cleanup.err);
  CHECK(cleanup.exitCode == 0);
  CHECK_THAT(cleanup.out, Catch::Contains("deleted 5 VMIs and 0 namespaces") &&
                              Catch::Contains("0 still present"));
  CHECK(liveRunVmis(sim) == 0);
}

TEST_CASE(
    "least privilege: namespaced iterations without cluster-wide rights name the permission "
    "and the flag that avoids it",
    "[real]") {
  SimCluster sim(kConfinedUsers);
  const auto kubeconfig = sim.namespaceUserKubeconfig("team-a");
  const auto trace = sim.dir().file("trace.db");
  auto result =
      runCommand(confinedRun(kubeconfig, trace,
                             {"--namespace", "team-a", "--namespaced-iterations", "--vmi-count",
                              "5", "--max-wait-timeout", "20s", "--wait-when-finished", "0s"}),
                 {}, 60s);
  INFO(result.out << result.err);
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.out, Catch::Contains("cannot list resource \"virtualmachineinstances\"") &&
                             Catch::Contains("at the cluster scope") &&
                             Catch::Contains("grant list and watch") &&
                             Catch::Contains("without --namespaced-iterations"));
  TraceQuery q(trace);
  CHECK(requests(q, "verb='create'") == 0);
  CHECK(liveRunVmis(sim) == 0);
}

TEST_CASE("least privilege: a confined user replays a run of theirs in their namespace", "[real]") {
  SimCluster sim(kConfinedUsers);
  const auto kubeconfig = sim.namespaceUserKubeconfig("team-a");
  const auto source = sim.dir().file("source.db");
  auto recorded = runCommand(confinedRun(kubeconfig, source,
                                         {"--namespace", "team-a", "--vmi-count", "10", "--qps",
                                          "50", "--burst", "10", "--wait-when-finished", "0s"}),
                             {}, 90s);
  INFO(recorded.out << recorded.err);
  REQUIRE(recorded.exitCode == 0);

  const auto trace = sim.dir().file("replay.db");
  auto replayed = runCommand(
      {kPlugin, "replay", source, "--kubeconfig", kubeconfig, "--trace", trace}, {}, 90s);
  INFO(replayed.out << replayed.err);
  REQUIRE(replayed.exitCode == 0);
  TraceQuery q(trace);
  CHECK(requests(q,
                 "verb='watch' AND resource='virtualmachineinstances' AND "
                 "namespace='team-a'") >= 1);
  CHECK(requests(q, "verb='create' AND resource='virtualmachineinstances' AND status=201") == 10);
  CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind='VirtualMachineInstance' AND "
                  "gone_ns IS NOT NULL") == 10);
  CHECK(liveRunVmis(sim) == 0);
}
