// Every example scenario under tests/scenarios/ runs against perfscale-sim, so none goes
// stale: first as --dry-run, then for real, shrunk by flags (--vmi-count 6, no pauses);
// scenarios that last longer than the test allows are interrupted once their VMIs run.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <csignal>
#include <filesystem>
#include <thread>

#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;

namespace {

const std::string kPlugin = PERFSCALE_PLUGIN_BINARY;

std::vector<std::string> exampleScenarios() {
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(PERFSCALE_SOURCE_DIR "/tests/scenarios")) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

int64_t count(const std::string& trace, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(trace.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return -1;
  sqlite3_stmt* statement = nullptr;
  int64_t value = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    value = sqlite3_column_int64(statement, 0);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return value;
}

}  // namespace

TEST_CASE("scenarios: there are examples of each format to run") {
  CHECK(exampleScenarios().size() >= 4);
}

TEST_CASE("scenarios: every example passes --dry-run and runs against the sim", "[real]") {
  for (const auto& file : exampleScenarios()) {
    DYNAMIC_SECTION(std::filesystem::path(file).filename().string()) {
      // Templates without terminationGracePeriodSeconds would wait out KubeVirt's 30 s.
      SimCluster sim({"--profile", "instant", "--default-grace-period", "0"});
      const auto trace = sim.dir().file("trace.db");
      std::vector<std::string> args = {
          kPlugin,   "run", "-f",          file, "--kubeconfig",         sim.kubeconfig(),
          "--trace", trace, "--vmi-count", "6",  "--wait-when-finished", "0s",
          "--qps",   "50",  "--burst",     "10"};
      if (perfscale::test::readFile(file).find("iterationCount") != std::string::npos) {
        args.insert(args.end(), {"--iteration-interval", "0s"});
      }
      auto dry = args;
      dry.push_back("--dry-run");
      auto plan = runCommand(dry, {}, 30s);
      INFO(plan.out << plan.err);
      REQUIRE(plan.exitCode == 0);

      perfscale::test::ChildProcess run(args);
      int code = -1;
      for (int i = 0; i < 200; ++i) {  // 20 s
        std::this_thread::sleep_for(100ms);
        if (kill(run.pid(), 0) != 0) break;
        int status = 0;
        if (waitpid(run.pid(), &status, WNOHANG) == run.pid()) {
          code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
          break;
        }
      }
      if (code < 0) code = run.stop(SIGINT, 60s);  // long scenarios: interrupt, expect cleanup
      INFO(run.stderrText());
      CHECK((code == 0 || code == 130));
      CHECK(count(trace, "SELECT count(*) FROM requests_v WHERE verb='create' AND status=201") > 0);
      CHECK(count(trace, "SELECT count(*) FROM phases_v WHERE phase='Running'") > 0);
      CHECK(count(trace, "SELECT count(*) FROM runs WHERE outcome IN ('ok','interrupted')") == 1);
    }
  }
}

TEST_CASE("scenarios: a template variable without a value stops the run before any request",
          "[real]") {
  SimCluster sim({"--profile", "instant"});
  const std::string file = PERFSCALE_SOURCE_DIR "/tests/scenarios/invalid/missing-var.yaml";
  auto result = runCommand({kPlugin, "run", "--kubeconfig", sim.kubeconfig(), "--trace",
                            sim.dir().file("trace.db"), "-f", file},
                           {}, 60s);
  INFO(result.out << result.err);
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Catch::Contains("invalid/vmi-missing-var.yaml:8:49") &&
                             Catch::Contains("template variable \"containerTag\""));
  CHECK(sim.client()
            .request("GET", "/apis/kubevirt.io/v1/virtualmachineinstances")
            .json()
            ->getArray("items")
            ->size() == 0);
  CHECK(sim.client().request("GET", "/api/v1/namespaces/missing-var").status == 404);
}

TEST_CASE("scenarios: a misspelled field names the file, line and the likely spelling") {
  SimCluster sim({"--profile", "instant"});
  const std::string file = sim.dir().file("typo.yaml");
  perfscale::test::writeFile(file, "globalConfig:\n  qps: 5\n  brust: 2\nworkloads: []\n");
  auto result = runCommand({kPlugin, "run", "--kubeconfig", sim.kubeconfig(), "--trace",
                            sim.dir().file("trace.db"), "-f", file, "--dry-run"},
                           {}, 60s);
  INFO(result.out << result.err);
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Catch::Contains("typo.yaml:3:3") && Catch::Contains("\"brust\"") &&
                             Catch::Contains("did you mean \"burst\""));
}
