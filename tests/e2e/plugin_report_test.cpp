// `kubectl perfscale report`, the real binary on traces written by `run` against perfscale-sim:
// the same figures as the run's own summary, every format, runs side by side, thresholds, and
// traces that are read-only, still being written or of an interrupted run.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <thread>

#include "tests/e2e/plugin_run_support.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::kPlugin;
using perfscale::test::parseJsonObject;
using perfscale::test::runArgs;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;

namespace {

// A short finished run (2 iterations of 20 VMIs, paced) in `trace`.
void smallRun(const SimCluster& sim, const std::string& trace,
              const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {
      "--vmi-count",          "20", "--qps", "40", "--burst", "5", "--iteration-count", "2",
      "--wait-when-finished", "0s"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto result = runCommand(runArgs(sim, trace, args), {}, 120s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
}

}  // namespace

TEST_CASE("report: the figures of a finished run are the figures of report on its trace",
          "[real]") {
  SimCluster sim({"--profile", "default", "--fractional-timestamps"});
  const auto trace = sim.dir().file("trace.db");
  auto run = runCommand(runArgs(sim, trace,
                                {"--vmi-count", "30", "--qps", "30", "--burst", "5",
                                 "--wait-when-finished", "0s", "-o", "json"}),
                        {}, 120s);
  INFO(run.err);
  REQUIRE(run.exitCode == 0);
  auto report = runCommand({kPlugin, "report", trace, "-o", "json"}, {}, 60s);
  INFO(report.err);
  REQUIRE(report.exitCode == 0);
  CHECK(run.out == report.out);  // byte for byte: one model, one renderer
  // And the text summary is the text report, but for the trace line run adds.
  auto text = runCommand({kPlugin, "report", trace}, {}, 60s);
  CHECK_THAT(text.out, Catch::Contains("30 asked, 30 created, 0 failed"));
}

TEST_CASE("report: the JSON document's field names are pinned", "[real]") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  smallRun(sim, trace);
  auto result = runCommand({kPlugin, "report", trace, "-o", "json"}, {}, 60s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  const auto document = parseJsonObject(result.out);
  CHECK(document->getValue<int>("schemaVersion") == 1);
  REQUIRE(document->getArray("runs")->size() == 1);
  CHECK(document->getArray("thresholds")->size() == 0);
  const auto run = document->getArray("runs")->getObject(0);
  for (const char* key :
       {"uuid",       "name",           "kind",      "replayOf",        "outcome",
        "exitCode",   "message",        "started",   "durationSeconds", "config",
        "vmis",       "rate",           "phases",    "deletion",        "requests",
        "watches",    "errorsByReason", "throttled", "errors",          "timeline",
        "iterations", "source"}) {
    INFO(key);
    CHECK(run->has(key));
  }
  for (const char* key : {"server", "context", "user", "clusterVersion", "toolVersion", "host",
                          "arguments", "workloadKinds", "scenario", "scenarioGiven"})
    CHECK(run->getObject("config")->has(key));
  for (const char* key : {"asked", "created", "failed", "neverRan", "stuck", "reusedNamespaces"})
    CHECK(run->getObject("vmis")->has(key));
  for (const char* key : {"asked", "burst", "achieved"})
    CHECK(run->getObject("rate")->has(key));
  const auto phase = run->getArray("phases")->getObject(0);
  CHECK(phase->getValue<std::string>("phase") == "Pending");
  for (const char* key :
       {"count", "minMs", "p50Ms", "p90Ms", "p95Ms", "p99Ms", "maxMs", "meanMs", "exact"})
    CHECK(phase->getObject("server")->has(key));
  const auto request = run->getArray("requests")->getObject(0);
  for (const char* key : {"verb", "resource", "requests", "tries", "retries", "throttled", "errors",
                          "latency", "limiterWait", "byStatus", "bytesOut", "bytesIn"})
    CHECK(request->has(key));
  for (const char* key : {"resource", "streams", "openFor", "events", "reconnects", "relists"})
    CHECK(run->getArray("watches")->getObject(0)->has(key));
  const auto timeline = run->getObject("timeline");
  CHECK(timeline->getArray("phaseOrder")->size() >= 4);
  const auto second = timeline->getArray("seconds")->getObject(0);
  for (const char* key :
       {"second", "asked", "sent", "created", "throttled", "errors", "latencyP99Ms", "byPhase"})
    CHECK(second->has(key));
  const auto iteration = run->getArray("iterations")->getObject(1);
  CHECK(iteration->getValue<int>("index") == 2);
  CHECK(iteration->getValue<int>("vmis") == 20);
  for (const char* key :
       {"cycle", "namespaces", "startedSeconds", "createdSeconds", "allRunningSeconds",
        "deletionStartedSeconds", "allGoneSeconds", "endedSeconds"})
    CHECK(iteration->has(key));
  // Every request created a VMI: 40 VMI creates asked, all answered 201.
  CHECK(run->getObject("vmis")->getValue<int>("asked") == 40);
}

TEST_CASE("report: markdown is pipe tables, text is aligned, several runs go side by side",
          "[real]") {
  SimCluster sim({"--profile", "instant"});
  const auto a = sim.dir().file("a.db");
  const auto b = sim.dir().file("b.db");
  smallRun(sim, a);
  smallRun(sim, b);
  smallRun(sim, b, {"--qps", "80"});
  auto markdown = runCommand({kPlugin, "report", a, "-o", "markdown"}, {}, 60s);
  REQUIRE(markdown.exitCode == 0);
  CHECK_THAT(markdown.out, Catch::Contains("### phase latency from creation (ms)") &&
                               Catch::Contains("| phase | clock | P50 |") &&
                               Catch::Contains("| virtualmachineinstances |"));
  auto side = runCommand({kPlugin, "report", a, b + ":-2", b}, {}, 60s);
  INFO(side.out << side.err);
  REQUIRE(side.exitCode == 0);
  CHECK_THAT(side.out,
             Catch::Contains("runs side by side") && Catch::Contains("Running client P99"));
  // Three columns, each named by its trace and run.
  const auto header = side.out.substr(side.out.find("figure"), 400);
  CHECK(std::count(header.begin(), header.begin() + static_cast<long>(header.find('\n')), ':') ==
        3);
  auto json = parseJsonObject(runCommand({kPlugin, "report", a, b, "-o", "json"}, {}, 60s).out);
  CHECK(json->getArray("runs")->size() == 2);
}

TEST_CASE("report: thresholds pass, fail with exit 4, and bad ones are clear errors", "[real]") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  smallRun(sim, trace);
  auto pass =
      runCommand({kPlugin, "report", trace, "--threshold", "Running.P99<=60s", "--threshold",
                  "create.errors==0", "--threshold", "rate.achieved >= 0.5*rate.asked"},
                 {}, 60s);
  INFO(pass.out << pass.err);
  CHECK(pass.exitCode == 0);
  CHECK_THAT(pass.out, Catch::Contains("thresholds") && Catch::Contains("Running.P99<=60s") &&
                           Catch::Contains("pass"));
  auto fail = runCommand({kPlugin, "report", trace, "--threshold", "Running.P99<=1us",
                          "--threshold", "create.errors==0"},
                         {}, 60s);
  INFO(fail.out << fail.err);
  CHECK(fail.exitCode == 4);
  CHECK_THAT(fail.out, Catch::Contains("FAIL"));

  // perfscale-audit's file: absolute values and ratios.
  const auto audit = sim.dir().file("audit.json");
  perfscale::test::writeFile(audit, R"({"thresholdExpectations": {
      "vmiCreationToRunningSecondsP95": {"value": 60},
      "CREATE-virtualmachineinstances-count": {"value": 100}}})");
  CHECK(runCommand({kPlugin, "report", trace, "--thresholds", audit}, {}, 60s).exitCode == 0);
  perfscale::test::writeFile(audit, R"({"thresholdExpectations": {
      "CREATE-virtualmachineinstances-count": {"value": 10}}})");
  CHECK(runCommand({kPlugin, "report", trace, "--thresholds", audit}, {}, 60s).exitCode == 4);

  auto unknown = runCommand({kPlugin, "report", trace, "--threshold", "Runing.P99<=1s"}, {}, 60s);
  CHECK(unknown.exitCode == 1);
  CHECK_THAT(unknown.err, Catch::Contains("Runing.P99"));
  auto malformed =
      runCommand({kPlugin, "report", trace, "--threshold", "Running.P99 60s"}, {}, 60s);
  CHECK(malformed.exitCode == 1);
  CHECK_THAT(malformed.err, Catch::Contains("Running.P99 60s"));

  // run checks them at its end, with the same exit code.
  auto run = runCommand(runArgs(sim, sim.dir().file("t2.db"),
                                {"--vmi-count", "5", "--wait-when-finished", "0s", "--threshold",
                                 "Running.P99<=1us"}),
                        {}, 60s);
  INFO(run.out << run.err);
  CHECK(run.exitCode == 4);
  CHECK_THAT(run.out, Catch::Contains("FAIL"));
}

TEST_CASE("report: a trace the user cannot write is read as it is", "[real]") {
  SimCluster sim({"--profile", "instant"});
  const std::string dir = sim.dir().file("shared");
  std::filesystem::create_directory(dir);
  const auto trace = dir + "/trace.db";
  smallRun(sim, trace);
  namespace fs = std::filesystem;
  fs::permissions(sim.dir().path(),
                  fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                           fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(trace, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                             fs::perms::others_read);
  const auto before = fs::last_write_time(trace);
  // As an unprivileged user: it may read the file and the directory, and write neither.
  auto result = runCommand(
      {"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", kPlugin, "report", trace},
      {}, 60s);
  INFO(result.out << result.err);
  CHECK(result.exitCode == 0);
  CHECK_THAT(result.out, Catch::Contains("40 asked, 40 created"));
  CHECK(fs::last_write_time(trace) == before);
}

TEST_CASE("report: a run still being written, or interrupted, says so at the top", "[real]") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  perfscale::test::ChildProcess run(
      runArgs(sim, trace,
              {"--vmi-count", "400", "--qps", "50", "--burst", "1", "--wait-when-finished", "0s"}));
  // Bounded wait until the run has written something.
  for (int i = 0; i < 100 && !std::filesystem::exists(trace); ++i)
    std::this_thread::sleep_for(100ms);
  std::this_thread::sleep_for(1500ms);
  auto live = runCommand({kPlugin, "report", trace}, {}, 60s);
  INFO(live.out << live.err);
  CHECK(live.exitCode == 0);
  CHECK_THAT(live.out, Catch::Contains("incomplete"));
  CHECK(run.stop(SIGINT, 60s) == 130);
  auto interrupted = runCommand({kPlugin, "report", trace}, {}, 60s);
  INFO(interrupted.out << interrupted.err);
  CHECK(interrupted.exitCode == 0);
  CHECK_THAT(interrupted.out, Catch::StartsWith("run ") && Catch::Contains("interrupted"));
}

TEST_CASE(
    "report: a namespace that existed is reused, not an error - a steady state shows "
    "cycles",
    "[real]") {
  SimCluster sim({"--profile", "instant"});
  REQUIRE(sim.client()
              .request("POST", "/api/v1/namespaces",
                       R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"reused",)"
                       R"("labels":{"perfscale.kubevirt.io/run":"made-by-the-test"}}})")
              .status == 201);
  const auto scenario = sim.dir().file("steady.yaml");
  perfscale::test::writeFile(scenario,
                             "apiVersion: perfscale.kubevirt.io/v1alpha1\n"
                             "workloads:\n"
                             "- name: steady\n"
                             "  kind: steady-state\n"
                             "  namespace: reused\n"
                             "  count: 6\n"
                             "  churn: 2\n"
                             "  minChurnSleep: 1s\n"
                             "  timeout: 4s\n"
                             "  qps: 100\n"
                             "  burst: 10\n"
                             "  waitWhenFinished: 0s\n"
                             "  objects: [{vmi: {disk: emptyDisk}}]\n");
  const auto trace = sim.dir().file("trace.db");
  auto run = runCommand(runArgs(sim, trace, {"-f", scenario}), {}, 120s);
  INFO(run.out << run.err);
  REQUIRE(run.exitCode == 0);
  auto json = parseJsonObject(runCommand({kPlugin, "report", trace, "-o", "json"}, {}, 60s).out);
  const auto figures = json->getArray("runs")->getObject(0);
  CHECK(figures->getValue<int>("errors") == 0);
  CHECK(figures->getObject("errorsByReason")->size() == 0);
  CHECK(figures->getObject("vmis")->getArray("reusedNamespaces")->size() == 1);
  const auto iterations = figures->getArray("iterations");
  REQUIRE(iterations->size() >= 2);
  // Cycle 1 is the ramp-up to count, each later one replaces churn VMIs.
  CHECK(iterations->getObject(0)->getValue<bool>("cycle"));
  CHECK(iterations->getObject(0)->getValue<int>("vmis") == 6);
  CHECK(iterations->getObject(1)->getValue<bool>("cycle"));
  CHECK(iterations->getObject(1)->getValue<int>("vmis") == 2);
  auto text = runCommand({kPlugin, "report", trace}, {}, 60s);
  CHECK_THAT(text.out,
             Catch::Contains("cycles (s)") && Catch::Contains("namespaces that existed already"));
}

TEST_CASE("report: a file that is not a trace, or a run it does not hold, is one clear error") {
  perfscale::test::TempDir dir;
  perfscale::test::writeFile(dir.file("notes.db"), "not a database at all, just text\n");
  auto garbage = runCommand({kPlugin, "report", dir.file("notes.db")}, {}, 30s);
  CHECK(garbage.exitCode == 1);
  CHECK_THAT(garbage.err, Catch::Contains("notes.db"));
  auto missing = runCommand({kPlugin, "report", dir.file("none.db")}, {}, 30s);
  CHECK(missing.exitCode == 1);
  CHECK_THAT(missing.err, Catch::Contains("none.db"));
  auto format = runCommand({kPlugin, "report", dir.file("none.db"), "-o", "yaml"}, {}, 30s);
  CHECK(format.exitCode == 1);
  CHECK_THAT(format.err, Catch::Contains("text, json, markdown, html"));
}
