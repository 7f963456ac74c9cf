// The load generator's v1.x command line through the real binary against perfscale-sim: Go flag
// spellings, -workload/-run/-delete, the binary under the name perfscale-load-generator, and
// --vmis-per-namespace.
#include <unistd.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <string>

#include "tests/e2e/plugin_run_support.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::kPlugin;
using perfscale::test::liveRunVmis;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;
using perfscale::test::TraceQuery;

namespace {

const std::string kScenarios = std::string(PERFSCALE_SOURCE_DIR) + "/tests/scenarios";

// The plugin under the load generator's name, as a symlink in the sim's directory.
std::string loadGeneratorLink(const SimCluster& sim) {
  const std::string link = sim.dir().file("perfscale-load-generator");
  if (!std::filesystem::exists(link)) std::filesystem::create_symlink(kPlugin, link);
  return link;
}

size_t namespacesNamed(SimCluster& sim, const std::string& prefix) {
  auto list = sim.client().request("GET", "/api/v1/namespaces").json()->getArray("items");
  size_t count = 0;
  for (size_t i = 0; i < list->size(); ++i) {
    const auto name = list->getObject(i)->getObject("metadata")->getValue<std::string>("name");
    if (name.rfind(prefix, 0) == 0) ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("load generator: every Go flag spelling is accepted, for our flags and kubectl's",
          "[real]") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  // -flag value, -flag=value, --flag value, --flag=value, bare booleans, -flag=false, -v=N,
  // -verbose N, and kubectl's connection flags with one dash.
  auto result = runCommand({kPlugin,
                            "run",
                            "-kubeconfig",
                            sim.kubeconfig(),
                            "-trace=" + trace,
                            "-verbose",
                            "2",
                            "-v=2",
                            "-request-timeout=5s",
                            "--vmi-count",
                            "3",
                            "-qps=50",
                            "-burst",
                            "5",
                            "--wait-when-finished=0s",
                            "-iteration-count",
                            "2",
                            "-namespaced-iterations",
                            "-iteration-wait-for-deletion=true",
                            "-keep-on-interrupt=false",
                            "-o=json"},
                           {}, 120s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  const auto vmis = perfscale::test::firstRun(result.out)->getObject("vmis");
  CHECK(vmis->getValue<int>("asked") == 6);
  CHECK(vmis->getValue<int>("created") == 6);
  TraceQuery q(trace);
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE verb='create' AND resource='namespaces' "
                  "AND name='kubevirt-test-default-2'") == 1);
  // Every subcommand reads one-dash long flags: cleanup, runs and version.
  auto cleanup = runCommand({kPlugin, "cleanup", "-kubeconfig", sim.kubeconfig(),
                             "-uuid=nothing-here", "-wait=1", "-request-timeout=5s"},
                            {}, 60s);
  INFO(cleanup.out << cleanup.err);
  CHECK(cleanup.exitCode == 0);
  CHECK_THAT(cleanup.out, Catch::Contains("deleted 0 VMIs"));
  auto runs = runCommand({kPlugin, "runs", trace, "-output=json"}, {}, 30s);
  CHECK(runs.exitCode == 0);
  CHECK(runCommand({kPlugin, "version", "-output", "json"}, {}, 30s).exitCode == 0);
}

TEST_CASE("load generator: -workload F -run -delete creates the burst, waits, deletes it",
          "[real]") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  auto result =
      runCommand({kPlugin, "run", "-kubeconfig", sim.kubeconfig(), "-workload",
                  kScenarios + "/kubevirt-burst.yaml", "-run", "-delete", "-trace", trace},
                 {}, 120s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  CHECK_THAT(result.out, Catch::Contains("5 asked, 5 created, 0 failed"));
  // All five fit in the burst of 20: no paced rate to speak of, and no "0.0/s".
  CHECK_THAT(result.out, Catch::Contains("achieved: not defined"));
  CHECK_THAT(result.out, !Catch::Contains("achieved 0.0/s"));
  TraceQuery q(trace);
  CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind='VirtualMachineInstance' AND "
                  "gone_ns IS NOT NULL") == 5);
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE verb='deletecollection'") == 1);
  CHECK(liveRunVmis(sim) == 0);
}

TEST_CASE("load generator: -run=false -delete in a second process deletes what the first left",
          "[real]") {
  SimCluster sim({"--profile", "instant"});
  const std::string workload = kScenarios + "/kubevirt-burst.yaml";
  auto first = runCommand({kPlugin, "run", "-kubeconfig", sim.kubeconfig(), "-workload", workload,
                           "-trace", sim.dir().file("first.db")},
                          {}, 120s);
  INFO(first.out << first.err);
  REQUIRE(first.exitCode == 0);
  REQUIRE(liveRunVmis(sim) == 5);  // the original's burst keeps its VMIs without -delete

  auto nothing = runCommand(
      {kPlugin, "run", "-kubeconfig", sim.kubeconfig(), "-workload", workload, "-run=false"}, {},
      60s);
  CHECK(nothing.exitCode == 0);
  CHECK_THAT(nothing.out, Catch::Contains("nothing to do"));
  CHECK(liveRunVmis(sim) == 5);

  auto second = runCommand({kPlugin, "run", "-kubeconfig", sim.kubeconfig(), "-workload", workload,
                            "-run=false", "-delete"},
                           {}, 120s);
  INFO(second.out << second.err);
  CHECK(second.exitCode == 0);
  CHECK_THAT(second.out, Catch::Contains("deleted 5 VMIs") &&
                             Catch::Contains("kubevirt-burst-test") &&
                             Catch::Contains("0 still present"));
  CHECK(liveRunVmis(sim) == 0);
}

TEST_CASE("load generator: the binary named perfscale-load-generator is run with v1.x defaults",
          "[real]") {
  SimCluster sim({"--profile", "instant"});
  const auto link = loadGeneratorLink(sim);
  const auto trace = sim.dir().file("trace.db");
  auto result = runCommand({link, "-kubeconfig", sim.kubeconfig(), "-workload",
                            kScenarios + "/kubevirt-burst.yaml", "-delete", "-trace", trace},
                           {}, 120s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  CHECK_THAT(result.out, Catch::Contains("5 asked, 5 created"));
  CHECK(liveRunVmis(sim) == 0);
  TraceQuery q(trace);
  CHECK(q.integer("SELECT count(*) FROM runs") == 1);

  auto help = runCommand({link, "-help"}, {}, 30s);
  CHECK(help.exitCode == 0);
  CHECK_THAT(help.out, Catch::Contains("perfscale-load-generator") && Catch::Contains("-workload"));
}

TEST_CASE("load generator: without -workload and without the default file, one clear error") {
  SimCluster sim({"--profile", "instant"});
  const auto link = loadGeneratorLink(sim);
  // The default workload is relative to the working directory: an empty one has none.
  const std::string empty = sim.dir().file("empty");
  std::filesystem::create_directory(empty);
  auto result = runCommand(
      {"sh", "-c", "cd \"$0\" && exec \"$1\" -kubeconfig \"$2\"", empty, link, sim.kubeconfig()},
      {}, 30s);
  INFO(result.out << result.err);
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Catch::Contains("kubevirt-density/kubevirt-density.yaml does not exist") &&
                             Catch::Contains("-workload PATH"));
  CHECK(liveRunVmis(sim) == 0);
  // `kubectl perfscale run` keeps the first design's flag defaults instead.
  auto dryRun =
      runCommand({"sh", "-c", "cd \"$0\" && exec \"$1\" run --dry-run", empty, kPlugin}, {}, 30s);
  CHECK(dryRun.exitCode == 0);
  CHECK_THAT(dryRun.out, Catch::Contains("100"));
}

TEST_CASE("run: --vmis-per-namespace 1 puts 20 VMIs in 20 namespaces, all gone afterwards",
          "[real]") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  auto result =
      runCommand(perfscale::test::runArgs(
                     sim, trace,
                     {"--vmi-count", "20", "--vmis-per-namespace", "1", "--namespace", "spread",
                      "--qps", "100", "--burst", "10", "--wait-when-finished", "0s"}),
                 {}, 120s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  TraceQuery q(trace);
  CHECK(q.integer("SELECT count(DISTINCT namespace) FROM objects_v WHERE "
                  "kind='VirtualMachineInstance'") == 20);
  CHECK(q.integer("SELECT max(n) FROM (SELECT count(*) AS n FROM objects_v WHERE "
                  "kind='VirtualMachineInstance' GROUP BY namespace)") == 1);
  CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind='Namespace' AND name LIKE "
                  "'spread-1-%' AND created_ns IS NOT NULL AND gone_ns IS NOT NULL") == 20);
  // Each namespace was created before its VMI.
  CHECK(q.integer("SELECT count(*) FROM objects_v v JOIN objects_v n ON n.kind='Namespace' AND "
                  "n.name=v.namespace WHERE v.kind='VirtualMachineInstance' AND "
                  "n.created_ns < v.created_ns") == 20);
  // The iteration's row lists its namespaces.
  const auto namespaces = q.text("SELECT namespaces FROM iterations WHERE iteration=1");
  auto list = Poco::JSON::Parser().parse(namespaces).extract<Poco::JSON::Array::Ptr>();
  REQUIRE(list->size() == 20);
  CHECK(list->getElement<std::string>(0) == "spread-1-1");
  CHECK(list->getElement<std::string>(19) == "spread-1-20");
  CHECK(liveRunVmis(sim) == 0);
  CHECK(namespacesNamed(sim, "spread-") == 0);
}

TEST_CASE("run: a scenario's client qps limits every request, apart from the creation pace") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  const auto scenario = sim.dir().file("limited.yaml");
  perfscale::test::writeFile(scenario,
                             "apiVersion: perfscale.kubevirt.io/v1alpha1\n"
                             "client: {qps: 10, burst: 2}\n"
                             "workloads:\n"
                             "- name: fast\n"
                             "  qps: 1000\n"
                             "  burst: 100\n"
                             "  waitWhenFinished: 0s\n"
                             "  objects: [{vmi: {disk: emptyDisk}, replicas: 20}]\n");
  auto result = runCommand(perfscale::test::runArgs(sim, trace, {"-f", scenario}), {}, 120s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  TraceQuery q(trace);
  // 20 creates at the workload's 1000/s would be granted within a few ms; the client's 10/s
  // (burst 2) spreads them, and the namespace create before them, over about two seconds.
  const auto span = q.integer(
      "SELECT max(granted_ns) - min(granted_ns) FROM requests_v WHERE verb='create' AND "
      "resource='virtualmachineinstances'");
  CHECK(span >= 1'500'000'000);
  // In no one-second window are there more grants than burst + qps.
  CHECK(q.integer("SELECT max(n) FROM (SELECT (SELECT count(*) FROM requests_v b WHERE "
                  "b.verb != 'watch' AND b.granted_ns BETWEEN a.granted_ns AND a.granted_ns + "
                  "999999999) AS n FROM requests_v a WHERE a.verb != 'watch')") <= 12);
}

// perfscale-sim serves VMIs and namespaces only: this one runs in the real-cluster tier alone.
TEST_CASE("run: a template's object of another kind is recorded with its own kind", "[.][real]") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  const auto scenario = sim.dir().file("kinds.yaml");
  perfscale::test::writeFile(scenario,
                             "apiVersion: perfscale.kubevirt.io/v1alpha1\n"
                             "workloads:\n"
                             "- name: kinds\n"
                             "  namespace: kinds\n"
                             "  waitWhenFinished: 0s\n"
                             "  objects:\n"
                             "  - vmi: {disk: emptyDisk}\n"
                             "    replicas: 2\n"
                             "  - replicas: 2\n"
                             "    template: |\n"
                             "      apiVersion: v1\n"
                             "      kind: ConfigMap\n"
                             "      metadata:\n"
                             "        name: settings-{{.replica}}\n"
                             "        namespace: {{.namespace}}\n"
                             "      data: {tier: gold}\n");
  auto result = runCommand(perfscale::test::runArgs(sim, trace, {"-f", scenario}), {}, 180s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  TraceQuery q(trace);
  CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind='ConfigMap'") == 2);
  CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind='VirtualMachineInstance'") == 2);
  CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind='Namespace'") == 1);
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE verb='deletecollection' AND "
                  "resource='configmaps'") == 1);
}
