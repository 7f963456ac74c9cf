// Thresholds: the expression syntax, the metric-name grammar, kube-burner's and
// perfscale-audit's threshold files, and how a run's figures pass or fail them.
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/stats/thresholds.h"
#include "tests/support/process.h"

using Catch::Matchers::Contains;
using perfscale::stats::evaluate;
using perfscale::stats::isMetricName;
using perfscale::stats::parseThreshold;
using perfscale::stats::readThresholdsFile;
using perfscale::stats::Threshold;
using perfscale::stats::ThresholdError;
using perfscale::stats::ThresholdResult;
using perfscale::test::TempDir;
using perfscale::test::writeFile;

namespace {

using Figures = std::map<std::string, double>;

perfscale::stats::MetricLookup lookupIn(const Figures& figures) {
  return [figures](const std::string& name) -> std::optional<double> {
    const auto found = figures.find(name);
    if (found == figures.end()) return std::nullopt;
    return found->second;
  };
}

// The one result of judging `expression` against `figures`.
ThresholdResult judge(const std::string& expression, const Figures& figures) {
  const std::vector<ThresholdResult> results =
      evaluate({parseThreshold(expression)}, lookupIn(figures));
  REQUIRE(results.size() == 1);
  return results.front();
}

bool passes(const std::string& expression, const Figures& figures) {
  return judge(expression, figures).passed;
}

std::string parseError(const std::string& expression) {
  try {
    parseThreshold(expression);
  } catch (const ThresholdError& e) {
    return e.what();
  }
  return "no error";
}

std::string fileError(const std::string& path) {
  try {
    readThresholdsFile(path);
  } catch (const ThresholdError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("thresholds: every operator compares the figure with the value", "[thresholds]") {
  const Figures five{{"create.count", 5}};
  CHECK(passes("create.count < 6", five));
  CHECK_FALSE(passes("create.count < 5", five));
  CHECK(passes("create.count <= 5", five));
  CHECK_FALSE(passes("create.count <= 4", five));
  CHECK(passes("create.count > 4", five));
  CHECK_FALSE(passes("create.count > 5", five));
  CHECK(passes("create.count >= 5", five));
  CHECK_FALSE(passes("create.count >= 6", five));
  CHECK(passes("create.count == 5", five));
  CHECK_FALSE(passes("create.count == 4", five));
  CHECK(passes("create.count != 4", five));
  CHECK_FALSE(passes("create.count != 5", five));

  CHECK(parseThreshold("create.count<6").op == Threshold::Op::Less);
  CHECK(parseThreshold("create.count<=6").op == Threshold::Op::LessEqual);
  CHECK(parseThreshold("create.count>6").op == Threshold::Op::Greater);
  CHECK(parseThreshold("create.count>=6").op == Threshold::Op::GreaterEqual);
  CHECK(parseThreshold("create.count==6").op == Threshold::Op::Equal);
  CHECK(parseThreshold("create.count!=6").op == Threshold::Op::NotEqual);
  CHECK(std::string(perfscale::stats::symbol(Threshold::Op::GreaterEqual)) == ">=");
}

TEST_CASE("thresholds: a latency limit in seconds passes just under it and fails just over it",
          "[thresholds]") {
  const Threshold threshold = parseThreshold("Running.P99<=60s");
  CHECK(threshold.metric == "Running.P99");
  CHECK(threshold.value == 60);
  CHECK(threshold.rightMetric.empty());
  CHECK(threshold.text == "Running.P99<=60s");

  const ThresholdResult under = judge("Running.P99<=60s", {{"Running.P99", 59.9}});
  CHECK(under.passed);
  CHECK(under.actual == 59.9);
  CHECK(under.limit == 60.0);
  CHECK(under.note.empty());
  CHECK(passes("Running.P99<=60s", {{"Running.P99", 60}}));
  CHECK_FALSE(passes("Running.P99<=60s", {{"Running.P99", 60.1}}));
}

TEST_CASE("thresholds: milliseconds, compound Go durations and bare numbers are seconds",
          "[thresholds]") {
  CHECK(parseThreshold("create.P99<=500ms").value == 0.5);
  CHECK(passes("create.P99<=500ms", {{"create.P99", 0.4}}));
  CHECK_FALSE(passes("create.P99<=500ms", {{"create.P99", 0.6}}));
  CHECK(parseThreshold("Running.P95 < 1m30s").value == 90);
  CHECK(parseThreshold("Running.P50 < 2h").value == 7200);
  CHECK(parseThreshold("Running.P50 < 250us").value == Approx(0.00025));
  CHECK(parseThreshold("Running.P50 < 250\xC2\xB5s").value == Approx(0.00025));
  CHECK(parseThreshold("Running.P50 < 45").value == 45);
  CHECK(parseThreshold("Running.P50 < 1.5").value == 1.5);
}

TEST_CASE("thresholds: a percentage is hundredths", "[thresholds]") {
  CHECK(parseThreshold("errors <= 5%").value == Approx(0.05));
  const Threshold ofTries = parseThreshold("create.errors <= 5% * create.tries");
  CHECK(ofTries.value == Approx(0.05));
  CHECK(ofTries.rightMetric == "create.tries");
  CHECK(passes("create.errors <= 5%*create.tries", {{"create.errors", 5}, {"create.tries", 100}}));
  CHECK_FALSE(
      passes("create.errors <= 5%*create.tries", {{"create.errors", 6}, {"create.tries", 100}}));
}

TEST_CASE("thresholds: the right side may be a factor times another figure", "[thresholds]") {
  const Threshold threshold = parseThreshold("rate.achieved>=0.99*rate.asked");
  CHECK(threshold.metric == "rate.achieved");
  CHECK(threshold.op == Threshold::Op::GreaterEqual);
  CHECK(threshold.value == 0.99);
  CHECK(threshold.rightMetric == "rate.asked");

  const ThresholdResult kept =
      judge("rate.achieved>=0.99*rate.asked", {{"rate.asked", 20}, {"rate.achieved", 19.9}});
  CHECK(kept.passed);
  CHECK(kept.limit == Approx(19.8));
  CHECK_FALSE(
      passes("rate.achieved>=0.99*rate.asked", {{"rate.asked", 20}, {"rate.achieved", 19.7}}));

  const Threshold bare = parseThreshold("vmis.created == vmis.asked");
  CHECK(bare.value == 1);
  CHECK(bare.rightMetric == "vmis.asked");
  CHECK(passes("vmis.created == vmis.asked", {{"vmis.created", 100}, {"vmis.asked", 100}}));
  CHECK_FALSE(passes("vmis.created == vmis.asked", {{"vmis.created", 99}, {"vmis.asked", 100}}));
}

TEST_CASE("thresholds: a count can be required to be exactly zero", "[thresholds]") {
  CHECK(passes("create.errors==0", {{"create.errors", 0}}));
  CHECK_FALSE(passes("create.errors==0", {{"create.errors", 1}}));
}

TEST_CASE("thresholds: spaces between tokens change nothing", "[thresholds]") {
  const Threshold tight = parseThreshold("rate.achieved>=0.99*rate.asked");
  const Threshold spaced = parseThreshold("  rate.achieved   >=\t0.99 *  rate.asked ");
  CHECK(spaced.metric == tight.metric);
  CHECK(spaced.op == tight.op);
  CHECK(spaced.value == tight.value);
  CHECK(spaced.rightMetric == tight.rightMetric);
  CHECK(spaced.text == "rate.achieved   >=\t0.99 *  rate.asked");
  CHECK(parseThreshold(" Running.P99 <= 60s ").value == 60);
}

TEST_CASE("thresholds: a malformed expression is an error that says what is wrong",
          "[thresholds]") {
  CHECK_THAT(parseError("Running.P99 60s"),
             Contains("threshold \"Running.P99 60s\"") &&
                 Contains("no comparison operator between \"Running.P99\" and \"60s\""));
  CHECK_THAT(parseError("Running.P99<="),
             Contains("threshold \"Running.P99<=\"") && Contains("nothing after \"<=\""));
  CHECK_THAT(parseError("<=60s"), Contains("no metric before \"<=\""));
  CHECK_THAT(parseError("Running.P99<=6x"),
             Contains("threshold \"Running.P99<=6x\"") && Contains("unknown unit \"x\""));
  CHECK_THAT(parseError(""), Contains("it is empty"));
  CHECK_THAT(parseError("Running.P99"), Contains("no comparison operator after \"Running.P99\""));
  CHECK_THAT(parseError("Running.P99 = 60s"), Contains("write == for equality"));
  CHECK_THAT(parseError("Running.P99 => 60s"), Contains("unknown operator \"=>\""));
  CHECK_THAT(parseError("Running.P99 <= 60s 5s"), Contains("unexpected \"5s\" after \"60s\""));
  CHECK_THAT(parseError("Running P99 <= 60s"), Contains("unexpected \"P99\" between \"Running\""));
  CHECK_THAT(parseError("Running.P99 <= 1s <= 2s"), Contains("more than one comparison"));
  CHECK_THAT(parseError("errors <= 5%%"), Contains("bad percentage \"5%%\""));
  CHECK_THAT(parseError("rate.achieved >= x*rate.asked"), Contains("bad factor \"x\""));
  CHECK_THAT(parseError("rate.achieved >= 0.99*"), Contains("no metric after \"*\""));
}

TEST_CASE("thresholds: an unknown metric is an error naming it, with the closest name",
          "[thresholds]") {
  CHECK_THAT(parseError("Runing.P99<=1s"), Contains("unknown metric \"Runing.P99\"") &&
                                               Contains("did you mean \"Running.P99\"?"));
  CHECK_THAT(parseError("running.p99<=1s"), Contains("did you mean \"Running.P99\"?"));
  CHECK_THAT(parseError("create.pods.erors == 0"),
             Contains("unknown metric \"create.pods.erors\"") &&
                 Contains("did you mean \"create.pods.errors\"?"));
  CHECK_THAT(parseError("rate.achieved >= 0.9*rate.askd"),
             Contains("unknown metric \"rate.askd\""));
  CHECK_THAT(parseError("vmis.created == vmis"), Contains("unknown metric \"vmis\""));
}

TEST_CASE("thresholds: whether a name is a metric is decided by the given names", "[thresholds]") {
  const perfscale::stats::MetricNames onlyOne = [](const std::string& name) {
    return name == "custom.figure";
  };
  CHECK(parseThreshold("custom.figure < 3", onlyOne).metric == "custom.figure");
  CHECK_THROWS_WITH(parseThreshold("Running.P99 < 3", onlyOne),
                    Contains("unknown metric \"Running.P99\""));
}

TEST_CASE("thresholds: a figure the run does not have fails the threshold with a note",
          "[thresholds]") {
  const ThresholdResult missing = judge("Running.P99<=60s", {});
  CHECK_FALSE(missing.passed);
  CHECK_FALSE(missing.actual);
  CHECK(missing.limit == 60.0);
  CHECK_THAT(missing.note, Contains("no such figure in this run") && Contains("Running.P99"));

  // Even a comparison a run without VMIs would trivially satisfy.
  CHECK_FALSE(passes("Running.count >= 0", {}));

  const ThresholdResult noRight = judge("rate.achieved>=0.99*rate.asked", {{"rate.achieved", 3}});
  CHECK_FALSE(noRight.passed);
  CHECK(noRight.actual == 3.0);
  CHECK_FALSE(noRight.limit);
  CHECK_THAT(noRight.note, Contains("no such figure in this run: rate.asked"));
}

TEST_CASE("thresholds: results come back in the order of the thresholds", "[thresholds]") {
  const std::vector<ThresholdResult> results =
      evaluate({parseThreshold("create.errors==0"), parseThreshold("Running.P99<=60s")},
               lookupIn({{"create.errors", 2}, {"Running.P99", 10}}));
  REQUIRE(results.size() == 2);
  CHECK(results[0].threshold.metric == "create.errors");
  CHECK_FALSE(results[0].passed);
  CHECK(results[1].threshold.metric == "Running.P99");
  CHECK(results[1].passed);
}

TEST_CASE("thresholds: metric names follow the documented grammar", "[thresholds]") {
  for (const char* name : {"Pending.P50",
                           "Scheduling.P90",
                           "Scheduled.P95",
                           "Running.P99",
                           "Running.min",
                           "Succeeded.max",
                           "Failed.mean",
                           "Running.server.P99",
                           "Pending.server.mean",
                           "Running.count",
                           "deleted.P99",
                           "deleted.Succeeded.P50",
                           "deleted.Succeeded.server.P95",
                           "deleted.Failed.max",
                           "deleted.Failed.server.P99",
                           "create.P99",
                           "get.mean",
                           "deletecollection.P50",
                           "create.errors",
                           "list.tries",
                           "watch.count",
                           "delete.retries",
                           "create.429s",
                           "create.virtualmachineinstances.P99",
                           "create.pods.errors",
                           "delete.virtualmachineinstances.429s",
                           "list.namespaces.count",
                           "429s",
                           "errors",
                           "rate.asked",
                           "rate.achieved",
                           "vmis.asked",
                           "vmis.created",
                           "vmis.failed",
                           "vmis.neverRan",
                           "duration"}) {
    INFO(name);
    CHECK(isMetricName(name));
  }
  for (const char* name : {"",
                           "running.P99",
                           "Running.p99",
                           "Running.P75",
                           "Running",
                           "Running.server",
                           "Running.server.count",
                           "Running.client.P99",
                           "Unknown.P99",
                           "deleted.Running.P99",
                           "deleted.count",
                           "deleted.server.P99",
                           "deleted.Succeeded.count",
                           "patch.P99",
                           "Create.P99",
                           "create",
                           "create.pods",
                           "create.Pods.P99",
                           "create.pods.P99.errors",
                           "create..P99",
                           "Running.P99.",
                           "rate",
                           "rate.Achieved",
                           "vmis.neverran",
                           "Errors",
                           "vmis.count",
                           "duration.P99",
                           "create.pods.server.P99"}) {
    INFO(name);
    CHECK_FALSE(isMetricName(name));
  }
}

TEST_CASE("thresholds: a perfscale-audit input gives absolute and ratio thresholds",
          "[thresholds]") {
  TempDir dir;
  const std::string path = dir.file("audit.json");
  writeFile(path, R"({
  "prometheusURL": "https://prometheus.example:9090",
  "duration": "10m",
  "thresholdExpectations": {
    "vmiCreationToRunningSecondsP50": {"value": 45},
    "vmiCreationToRunningSecondsP95": {"value": 60},
    "CREATE-virtualmachineinstances-count": {"metric": "Running-phase-count", "ratio": 1.5},
    "vmiDeletionToSucceededSecondsP99": {"value": 30}
  }
}
)");
  const std::vector<Threshold> thresholds = readThresholdsFile(path);
  REQUIRE(thresholds.size() == 4);
  CHECK(thresholds[0].metric == "Running.server.P50");
  CHECK(thresholds[0].op == Threshold::Op::LessEqual);
  CHECK(thresholds[0].value == 45);
  CHECK(thresholds[0].rightMetric.empty());
  CHECK_THAT(thresholds[0].text, Contains(path + ":5: Running.server.P50 <= 45") &&
                                     Contains("vmiCreationToRunningSecondsP50"));
  CHECK(thresholds[1].metric == "Running.server.P95");
  CHECK(thresholds[1].value == 60);
  CHECK(thresholds[2].metric == "create.virtualmachineinstances.count");
  CHECK(thresholds[2].value == 1.5);
  CHECK(thresholds[2].rightMetric == "Running.count");
  CHECK_THAT(thresholds[2].text, Contains(path + ":7: "));
  CHECK(thresholds[3].metric == "deleted.Succeeded.server.P99");

  // The ratio passes when the figure is at most ratio times the other (not inverted).
  const std::vector<ThresholdResult> results =
      evaluate(thresholds, lookupIn({{"Running.server.P50", 45},
                                     {"Running.server.P95", 61},
                                     {"create.virtualmachineinstances.count", 150},
                                     {"Running.count", 100},
                                     {"deleted.Succeeded.server.P99", 1}}));
  CHECK(results[0].passed);
  CHECK_FALSE(results[1].passed);
  CHECK(results[2].passed);
  CHECK(results[2].limit == 150.0);
  CHECK_FALSE(evaluate({thresholds[2]}, lookupIn({{"create.virtualmachineinstances.count", 151},
                                                  {"Running.count", 100}}))
                  .front()
                  .passed);
  CHECK(results[3].passed);
}

TEST_CASE("thresholds: a perfscale-audit input may be YAML", "[thresholds]") {
  TempDir dir;
  const std::string path = dir.file("audit.yaml");
  writeFile(path,
            "thresholdExpectations:\n"
            "  vmiCreationToRunningSecondsP99:\n"
            "    value: 90\n"
            "  GET-pods-count:\n"
            "    value: 0\n");
  const std::vector<Threshold> thresholds = readThresholdsFile(path);
  REQUIRE(thresholds.size() == 2);
  CHECK(thresholds[0].metric == "Running.server.P99");
  CHECK(thresholds[0].value == 90);
  CHECK_THAT(thresholds[0].text, Contains(path + ":2: "));
  CHECK(thresholds[1].metric == "get.pods.count");
}

TEST_CASE("thresholds: perfscale-audit names we have no figure for are errors naming them",
          "[thresholds]") {
  TempDir dir;
  const std::string unknown = dir.file("unknown.json");
  writeFile(unknown, R"({"thresholdExpectations": {
  "vmiCreationToRunningSecondsP50": {"value": 45},
  "vmiCreationToScheduledSecondsP50": {"value": 45}
}})");
  CHECK_THAT(fileError(unknown),
             Contains(unknown + ":3:") && Contains("unknown perfscale-audit result name "
                                                   "\"vmiCreationToScheduledSecondsP50\""));

  const std::string cpu = dir.file("cpu.json");
  writeFile(cpu, R"({"thresholdExpectations": {"avgVirtAPICPUUsage": {"value": 0.5}}})");
  CHECK_THAT(fileError(cpu), Contains("\"avgVirtAPICPUUsage\"") && Contains("needs Prometheus"));

  const std::string memory = dir.file("memory.json");
  writeFile(memory,
            R"({"thresholdExpectations": {"maxVirtHandlerMemoryUsageInMB": {"value": 300}}})");
  CHECK_THAT(fileError(memory),
             Contains("maxVirtHandlerMemoryUsageInMB") && Contains("needs Prometheus"));

  const std::string patch = dir.file("patch.json");
  writeFile(patch,
            R"({"thresholdExpectations": {"PATCH-virtualmachineinstances-count": {"value": 9}}})");
  CHECK_THAT(fileError(patch), Contains("\"PATCH-virtualmachineinstances-count\" reads as "
                                        "patch.virtualmachineinstances.count"));

  const std::string ratioOfCpu = dir.file("ratio.json");
  writeFile(ratioOfCpu, R"({"thresholdExpectations": {
  "CREATE-pods-count": {"metric": "avgVirtAPICPUUsage", "ratio": 2}}})");
  CHECK_THAT(fileError(ratioOfCpu), Contains("avgVirtAPICPUUsage") && Contains("Prometheus"));
}

TEST_CASE("thresholds: a perfscale-audit entry must be a value or a metric with a ratio",
          "[thresholds]") {
  TempDir dir;
  const std::string path = dir.file("audit.json");
  writeFile(path, R"({"thresholdExpectations": {"vmiCreationToRunningSecondsP50": {"valeu": 4}}})");
  CHECK_THAT(fileError(path), Contains(path + ":1:") && Contains("unknown field \"valeu\"") &&
                                  Contains("did you mean \"value\"?"));

  writeFile(path, R"({"thresholdExpectations": {
  "CREATE-pods-count": {"metric": "Running-phase-count"}}})");
  CHECK_THAT(fileError(path), Contains(path + ":2:") && Contains("needs a ratio"));

  writeFile(path, R"({"thresholdExpectations": {"CREATE-pods-count": {"value": "ten"}}})");
  CHECK_THAT(fileError(path), Contains("field value: expected a number"));

  writeFile(path,
            R"({"prometheusURL": "x", "tresholdExpectations": {}, "thresholdExpectations": {}})");
  CHECK_THAT(fileError(path), Contains("unknown field \"tresholdExpectations\""));

  writeFile(path, R"({"thresholdExpectations": {}})");
  CHECK_THAT(fileError(path), Contains("sets no thresholds"));
}

TEST_CASE("thresholds: kube-burner latency thresholds read as limits on client-side phases",
          "[thresholds]") {
  TempDir dir;
  const std::string path = dir.file("kube-burner.yml");
  writeFile(path,
            "measurements:\n"
            "- name: vmiLatency\n"
            "  thresholds:\n"
            "  - conditionType: VMIRunning\n"
            "    metric: P99\n"
            "    threshold: 2s\n"
            "  - conditionType: VMIScheduled\n"
            "    metric: Avg\n"
            "    threshold: 1500ms\n"
            "  - conditionType: VMIReady\n"
            "    metric: Max\n"
            "    threshold: 1m\n"
            "- name: pprof\n"
            "  pprofInterval: 30s\n");
  const std::vector<Threshold> thresholds = readThresholdsFile(path);
  REQUIRE(thresholds.size() == 3);
  CHECK(thresholds[0].metric == "Running.P99");
  CHECK(thresholds[0].op == Threshold::Op::LessEqual);
  CHECK(thresholds[0].value == 2);
  CHECK(thresholds[0].text == path + ":4: Running.P99 <= 2s (kube-burner VMIRunning P99)");
  CHECK(thresholds[1].metric == "Scheduled.mean");
  CHECK(thresholds[1].value == 1.5);
  CHECK(thresholds[2].metric == "Running.max");
  CHECK(thresholds[2].value == 60);

  // kube-burner fails a quantile only above its threshold.
  CHECK(evaluate({thresholds[0]}, lookupIn({{"Running.P99", 2.0}})).front().passed);
  CHECK_FALSE(evaluate({thresholds[0]}, lookupIn({{"Running.P99", 2.1}})).front().passed);
}

TEST_CASE("thresholds: kube-burner thresholds may be a list of their own", "[thresholds]") {
  TempDir dir;
  const std::string path = dir.file("list.yaml");
  writeFile(path,
            "- conditionType: VMIPending\n"
            "  metric: P50\n"
            "  threshold: 500ms\n"
            "- conditionType: Ready\n"
            "  metric: P95\n"
            "  threshold: 45s\n");
  const std::vector<Threshold> thresholds = readThresholdsFile(path);
  REQUIRE(thresholds.size() == 2);
  CHECK(thresholds[0].metric == "Pending.P50");
  CHECK(thresholds[0].value == 0.5);
  CHECK(thresholds[1].metric == "Running.P95");
  CHECK(thresholds[1].value == 45);
}

TEST_CASE("thresholds: kube-burner entries we cannot judge are errors at their line",
          "[thresholds]") {
  TempDir dir;
  const std::string path = dir.file("kube-burner.yml");
  writeFile(path,
            "- conditionType: VMIRunning\n"
            "  metric: P99\n"
            "  threshold: 2s\n"
            "- conditionType: PodReady\n"
            "  metric: P99\n"
            "  threshold: 2s\n");
  CHECK_THAT(fileError(path), Contains(path + ":4:") && Contains("conditionType PodReady") &&
                                  Contains("VMIScheduled"));

  writeFile(path,
            "- conditionType: VMIRunning\n"
            "  metric: P90\n"
            "  threshold: 2s\n");
  CHECK_THAT(fileError(path), Contains(path + ":2:") && Contains("P50, P95, P99, Avg and Max"));

  writeFile(path,
            "- conditionType: VMIRunning\n"
            "  metric: P99\n"
            "  threshold: 2000\n");
  CHECK_THAT(fileError(path), Contains(path + ":3:") && Contains("add a unit"));

  writeFile(path,
            "- conditionType: VMIRunning\n"
            "  metric: P99\n"
            "  treshold: 2s\n");
  CHECK_THAT(fileError(path),
             Contains("unknown field \"treshold\"") && Contains("did you mean \"threshold\"?"));

  writeFile(path,
            "- conditionType: VMIRunning\n"
            "  metric: P99\n");
  CHECK_THAT(fileError(path), Contains("threshold is missing"));

  writeFile(path,
            "measurements:\n"
            "- name: serviceLatency\n"
            "  thresholds:\n"
            "  - conditionType: Ready\n"
            "    metric: P99\n"
            "    threshold: 2s\n");
  CHECK_THAT(fileError(path), Contains(path + ":4:") && Contains("serviceLatency"));
}

TEST_CASE("thresholds: a file's figures are checked against the given names", "[thresholds]") {
  TempDir dir;
  const std::string path = dir.file("list.yaml");
  writeFile(path, "- {conditionType: VMIRunning, metric: P99, threshold: 2s}\n");
  const perfscale::stats::MetricNames serverOnly = [](const std::string& name) {
    return name.find(".server.") != std::string::npos;
  };
  CHECK_THROWS_WITH(readThresholdsFile(path, serverOnly),
                    Contains(path + ":1:") && Contains("Running.P99"));
}

TEST_CASE("thresholds: a file that cannot be read or parsed is an error naming it",
          "[thresholds]") {
  TempDir dir;
  const std::string missing = dir.file("no-such-thresholds.json");
  CHECK_THAT(fileError(missing), Contains(missing) && Contains("cannot read"));
  CHECK_THAT(fileError(dir.path()), Contains(dir.path()) && Contains("is a directory"));

  const std::string broken = dir.file("broken.json");
  writeFile(broken, "{\"thresholdExpectations\": {\n  \"vmiCreationToRunningSecondsP50\": [\n}\n");
  CHECK_THAT(fileError(broken), Contains(broken + ":") && Contains("not valid YAML or JSON"));

  const std::string empty = dir.file("empty.yaml");
  writeFile(empty, "");
  CHECK_THAT(fileError(empty), Contains(empty) && Contains("empty"));

  const std::string neither = dir.file("neither.yaml");
  writeFile(neither, "name: something\n");
  CHECK_THAT(fileError(neither),
             Contains(neither + ":1:") && Contains("neither kube-burner thresholds nor a "
                                                   "perfscale-audit input"));
}
