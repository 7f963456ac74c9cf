// `kubectl perfscale diff`, the real binary on traces written by `run` against perfscale-sim:
// identical settings do not regress, a slower Running or a 429 storm does (exit 4), runs of
// different sizes are said not to be comparable, the JSON and markdown shapes, and bad input.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <catch2/catch.hpp>

#include "tests/e2e/plugin_run_support.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::kPlugin;
using perfscale::test::parseJsonObject;
using perfscale::test::runArgs;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;

namespace {

void paced(const SimCluster& sim, const std::string& trace, const std::string& vmis = "30") {
  auto result = runCommand(
      runArgs(sim, trace,
              {"--vmi-count", vmis, "--qps", "50", "--burst", "10", "--wait-when-finished", "0s"}),
      {}, 120s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
}

// The row named `name` of a diff's JSON document.
Poco::JSON::Object::Ptr row(const Poco::JSON::Object::Ptr& document, const std::string& name) {
  const auto rows = document->getArray("rows");
  for (size_t i = 0; i < rows->size(); ++i)
    if (rows->getObject(i)->getValue<std::string>("name") == name) return rows->getObject(i);
  FAIL("no row " << name);
  return nullptr;
}

std::vector<std::string> regressions(const Poco::JSON::Object::Ptr& document) {
  std::vector<std::string> names;
  const auto list = document->getArray("regressions");
  for (size_t i = 0; i < list->size(); ++i)
    names.push_back(list->getElement<std::string>(i));
  return names;
}

// Delays from creation to Running of 70..140 ms, or with Running's own doubled.
std::vector<std::string> delays(const std::string& running) {
  return {"--profile",          "instant",           "--fractional-timestamps",
          "--delay-scheduling", "uniform:10ms:20ms", "--delay-scheduled",
          "uniform:10ms:20ms",  "--delay-running",   running};
}

}  // namespace

TEST_CASE("diff: identical settings do not regress, a doubled Running delay does") {
  SimCluster same(delays("uniform:50ms:100ms"));
  const auto a = same.dir().file("a.db");
  paced(same, a);
  paced(same, a);
  auto equal = runCommand({kPlugin, "diff", a + ":-2", a}, {}, 60s);
  INFO(equal.out << equal.err);
  CHECK(equal.exitCode == 0);
  CHECK_THAT(equal.out, Catch::Contains("no regressions") && Catch::Contains("Running.P99"));
  CHECK_THAT(equal.out, !Catch::Contains("not comparable"));

  SimCluster slower(delays("uniform:100ms:200ms"));
  const auto b = slower.dir().file("b.db");
  paced(slower, b);
  auto diff = runCommand({kPlugin, "diff", a + ":-2", b, "-o", "json"}, {}, 60s);
  INFO(diff.out << diff.err);
  CHECK(diff.exitCode == 4);
  const auto document = parseJsonObject(diff.out);
  CHECK(document->getValue<bool>("comparable"));
  CHECK(document->getValue<bool>("regressed"));
  for (const char* name : {"Running.P50", "Running.P90", "Running.server.P50"}) {
    INFO(name);
    CHECK(row(document, name)->getValue<bool>("regression"));
    CHECK(row(document, name)->getValue<bool>("significant"));
    CHECK(row(document, name)->getValue<double>("p") < 0.01);
  }
  // Nothing before Running changed, and no request got slower or failed.
  for (const auto& name : regressions(document)) {
    INFO(name);
    // Running, and what comes after it: Succeeded (from creation, after deletion) and time.
    const bool later = name.rfind("Running.", 0) == 0 || name.rfind("Succeeded.", 0) == 0;
    CHECK((later || name == "iterations.mean" || name == "duration"));
  }
  for (const char* name : {"Scheduled.P50", "create.virtualmachineinstances.P99", "errors"}) {
    INFO(name);
    CHECK_FALSE(row(document, name)->getValue<bool>("regression"));
  }
}

TEST_CASE("diff: a 429 storm is flagged for its 429s") {
  SimCluster calm({"--profile", "instant"});
  SimCluster storm({"--profile", "instant", "--fault-throttle-rate", "0.3",
                    "--fault-throttle-retry-after", "1", "--fault-verbs", "create"});
  const auto a = calm.dir().file("a.db");
  const auto b = storm.dir().file("b.db");
  paced(calm, a);
  paced(storm, b);
  auto diff = runCommand({kPlugin, "diff", a, b, "-o", "json"}, {}, 60s);
  INFO(diff.out << diff.err);
  CHECK(diff.exitCode == 4);
  const auto document = parseJsonObject(diff.out);
  CHECK(document->getValue<bool>("comparable"));
  CHECK(row(document, "429s")->getValue<double>("a") == 0);
  CHECK(row(document, "429s")->getValue<double>("b") > 0);
  CHECK(row(document, "429s")->getValue<bool>("regression"));
  CHECK(row(document, "create.virtualmachineinstances.429s")->getValue<bool>("regression"));
  // The text lists the regressions before the full table.
  auto text = runCommand({kPlugin, "diff", a, b}, {}, 60s);
  CHECK(text.exitCode == 4);
  const auto regressionsAt = text.out.find("\nregressions\n");
  REQUIRE(regressionsAt != std::string::npos);
  CHECK(regressionsAt < text.out.find("\nfigures"));
  CHECK(text.out.find("429s", regressionsAt) < text.out.find("\nfigures"));
}

TEST_CASE("diff: runs of different sizes are not comparable - the JSON and markdown shapes",
          "[real]") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  paced(sim, trace, "10");
  paced(sim, trace, "20");
  auto text = runCommand({kPlugin, "diff", trace + ":-2", trace}, {}, 60s);
  INFO(text.out << text.err);
  CHECK((text.exitCode == 0 || text.exitCode == 4));
  CHECK_THAT(text.out, Catch::Contains("warning: the runs are not comparable: VMIs asked differ "
                                       "(10 vs 20)"));

  auto json = runCommand({kPlugin, "diff", trace + ":-2", trace, "-o", "json"}, {}, 60s);
  INFO(json.out << json.err);
  const auto document = parseJsonObject(json.out);
  for (const char* key : {"schemaVersion", "baseline", "candidate", "rule", "comparable", "warning",
                          "config", "regressed", "regressions", "rows", "thresholds"}) {
    INFO(key);
    CHECK(document->has(key));
  }
  CHECK_FALSE(document->getValue<bool>("comparable"));
  for (const char* key : {"source", "uuid", "name"})
    CHECK(document->getObject("candidate")->has(key));
  for (const char* key : {"tolerance", "latencyFloorMs", "rateFloor", "countFloor", "significance"})
    CHECK(document->getObject("rule")->has(key));
  CHECK(document->getObject("rule")->getValue<double>("latencyFloorMs") == 50);
  const auto config = document->getArray("config")->getObject(0);
  CHECK(config->getValue<std::string>("name") == "VMIs asked");
  CHECK(config->getValue<bool>("differs"));
  const auto running = row(document, "Running.P99");
  for (const char* key :
       {"name", "unit", "a", "b", "change", "relativeChange", "p", "regression", "significant"}) {
    INFO(key);
    CHECK(running->has(key));
  }
  CHECK(running->getValue<std::string>("unit") == "ms");

  auto markdown = runCommand(
      {kPlugin, "diff", trace + ":-2", trace, "-o", "markdown", "--threshold", "Running.P99<=60s"},
      {}, 60s);
  INFO(markdown.out << markdown.err);
  CHECK_THAT(markdown.out, Catch::StartsWith("## diff: A ") &&
                               Catch::Contains("### figures (A baseline, B candidate)") &&
                               Catch::Contains("| figure | unit | A | B | change | change % |") &&
                               Catch::Contains("### configuration") &&
                               Catch::Contains("### thresholds"));
  // A threshold B fails is exit 4 on its own.
  auto failed =
      runCommand({kPlugin, "diff", trace, trace, "--threshold", "Running.P99<=1us"}, {}, 60s);
  CHECK(failed.exitCode == 4);
  CHECK_THAT(failed.out, Catch::Contains("no regressions") && Catch::Contains("FAIL"));
}

TEST_CASE("diff: bad selectors, arguments and flags are one clear error, exit 1", "[real]") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  paced(sim, trace, "5");
  auto noRun = runCommand({kPlugin, "diff", trace, trace + ":ffffffff"}, {}, 60s);
  CHECK(noRun.exitCode == 1);
  CHECK_THAT(noRun.err, Catch::StartsWith("error: ") && Catch::Contains("ffffffff"));
  auto noFile = runCommand({kPlugin, "diff", trace, sim.dir().file("missing.db")}, {}, 60s);
  CHECK(noFile.exitCode == 1);
  CHECK_THAT(noFile.err, Catch::Contains("missing.db"));
  auto one = runCommand({kPlugin, "diff", trace}, {}, 60s);
  CHECK(one.exitCode == 1);
  CHECK_THAT(one.err, Catch::Contains("expected two runs"));
  auto tolerance = runCommand({kPlugin, "diff", trace, trace, "--tolerance", "ten"}, {}, 60s);
  CHECK(tolerance.exitCode == 1);
  CHECK_THAT(tolerance.err, Catch::Contains("--tolerance ten"));
  auto floor = runCommand({kPlugin, "diff", trace, trace, "--floor", "latency=fast"}, {}, 60s);
  CHECK(floor.exitCode == 1);
  CHECK_THAT(floor.err, Catch::Contains("latency=fast"));
  auto format = runCommand({kPlugin, "diff", trace, trace, "-o", "html"}, {}, 60s);
  CHECK(format.exitCode == 1);
  // A run against itself: nothing changed.
  auto self = runCommand(
      {kPlugin, "diff", trace, trace, "--tolerance", "0", "--floor", "latency=0s,rate=0%"}, {},
      60s);
  INFO(self.out << self.err);
  CHECK(self.exitCode == 0);
}
