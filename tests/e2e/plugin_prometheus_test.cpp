// One real Prometheus (Debian's `prometheus`) scraping both perfscale-sim's /metrics (KubeVirt's
// histograms and counters) and the real kubectl-perfscale's --metrics-addr during a 200-VMI run;
// then `report --prometheus` on the run's trace asks that Prometheus what perfscale-audit asks
// and its quantiles are checked against the trace's own, and perfscale-audit's thresholds gate.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <map>
#include <thread>

#include "tests/e2e/plugin_run_support.h"
#include "tests/support/prometheus_server.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::ChildProcess;
using perfscale::test::firstRun;
using perfscale::test::kPlugin;
using perfscale::test::metricsUrl;
using perfscale::test::parseJsonObject;
using perfscale::test::PrometheusServer;
using perfscale::test::runArgs;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;
using perfscale::test::TraceQuery;
using perfscale::test::waitForSummary;
using perfscale::test::writeFile;

namespace {

// KubeVirt's buckets of kubevirt_vmi_phase_transition_time_from_*_seconds, the first few.
const std::vector<double> kBuckets = {0.5, 1, 2, 5, 10, 20, 30, 40, 50, 60};

// The bucket (lower, upper] holding `seconds`; histogram_quantile answers within it when its
// rank falls there, interpolating linearly.
std::pair<double, double> bucketOf(double seconds) {
  double lower = 0;
  for (double upper : kBuckets) {
    if (seconds <= upper) return {lower, upper};
    lower = upper;
  }
  return {lower, INFINITY};
}

std::function<bool(const Poco::JSON::Array&)> valueIs(double expected) {
  return [expected](const Poco::JSON::Array& result) {
    return result.size() == 1 && PrometheusServer::valueOf(result.getObject(0)) == expected;
  };
}

double only(const Poco::JSON::Array::Ptr& result) {
  REQUIRE(result->size() == 1);
  return PrometheusServer::valueOf(result->getObject(0));
}

}  // namespace

TEST_CASE(
    "prometheus: one Prometheus scrapes the sim and the plugin's live metrics, and report "
    "--prometheus agrees with the trace within KubeVirt's buckets and gates perfscale-audit's "
    "thresholds",
    "[prometheus]") {
  const auto began = std::chrono::steady_clock::now();
  // Running 0.5 to 1.3 s after creation (uniform): the median falls in KubeVirt's (0.5, 1]
  // bucket, P95 and P99 in (1, 2]. Timestamps with microseconds, so that the trace's
  // server-clock figures are the very durations the sim's histograms observe.
  SimCluster sim({"--fractional-timestamps", "--delay-scheduling", "100ms", "--delay-scheduled",
                  "200ms", "--delay-running", "uniform:200ms:1s"});
  // The plugin's port is known once it runs: its job starts empty (port 0) and is given the
  // address then.
  PrometheusServer prometheus(
      {{"sim", sim.url(), sim.token(), sim.caPem(), {{"pod", "virt-controller-sim"}}},
       {"perfscale", "http://127.0.0.1:0", "", "", {}}});
  prometheus.waitForTargetsUp(30s);  // the sim's: scraped from before the run starts

  const std::string uuid = "5f0c2a9e-7d41-4b6a-9c3e-2b8d1e6f4a70";
  const std::string trace = sim.dir().file("trace.db");
  // Lingering up to 40 s keeps /metrics up until Prometheus has scraped the run's end; SIGINT
  // ends the linger as soon as it has.
  ChildProcess plugin(runArgs(
      sim, trace,
      {"--uuid", uuid, "--vmi-count", "200", "--qps", "100", "--burst", "100",
       "--wait-when-finished", "0s", "--metrics-addr", "127.0.0.1:0", "--metrics-linger", "40s"}));
  prometheus.setTargetUrl("perfscale", metricsUrl(plugin));
  REQUIRE(waitForSummary(plugin, 45s));
  INFO(plugin.stderrText());

  // 1. The run's end, scraped off both: the sim's KubeVirt histograms and the plugin's counters
  // for this run's uuid, equal to the trace's.
  TraceQuery q(trace);
  const auto requests = q.integer("SELECT count(*) FROM requests_v");
  const auto creates = q.integer(
      "SELECT count(*) FROM requests_v WHERE verb='create' AND "
      "resource='virtualmachineinstances' AND status=201");
  REQUIRE(creates == 200);
  prometheus.waitForSeries(
      "kubevirt_vmi_phase_transition_time_from_creation_seconds_count{phase=\"Running\"}", 20s,
      valueIs(200));
  prometheus.waitForSeries(
      "kubevirt_vmi_phase_transition_time_from_deletion_seconds_count{phase=\"Succeeded\"}", 20s,
      valueIs(200));
  const std::string run = "uuid=\"" + uuid + "\"";
  prometheus.waitForTargetsUp(30s);  // the plugin's, once discovered
  prometheus.waitForSeries("sum(perfscale_requests_total{" + run + "})", 20s,
                           valueIs(static_cast<double>(requests)));
  CHECK(only(prometheus.series("sum(perfscale_requests_total{" + run +
                               ",verb=\"create\",resource=\"virtualmachineinstances\","
                               "code=\"201\"})")) == 200);
  CHECK(only(prometheus.series("perfscale_vmi_phase_transition_time_from_creation_seconds_count{" +
                               run + ",phase=\"Running\"}")) == 200);
  CHECK(only(prometheus.series(
            "sum(kubevirt_vmi_phase_transition_time_from_creation_seconds_bucket{phase="
            "\"Running\",le=\"+Inf\",pod=\"virt-controller-sim\"})")) == 200);
  CHECK(plugin.stop(SIGINT, 15s) == 0);  // ends the linger; the run's own exit code

  // 2. report --prometheus: Prometheus' quantiles of the sim's histogram beside the trace's
  // server-clock percentiles of the same VMIs. Prometheus interpolates linearly within the
  // bucket its rank falls in; the trace's figure is nearest-rank of the exact durations. Both
  // rank the same 200 observations, so Prometheus' answer lies in the KubeVirt bucket
  // (lower, upper] that holds the trace's figure (bounds included).
  const auto json = runCommand(
      {kPlugin, "report", trace, "--prometheus", prometheus.url(), "-o", "json"}, {}, 30s);
  INFO(json.out << json.err);
  REQUIRE(json.exitCode == 0);
  const auto document = parseJsonObject(json.out);
  const auto figures = document->getObject("prometheus")->getArray("figures");
  std::map<std::string, Poco::JSON::Object::Ptr> byName;
  for (size_t i = 0; i < figures->size(); ++i) {
    const auto figure = figures->getObject(static_cast<unsigned>(i));
    byName[figure->getValue<std::string>("name")] = figure;
  }
  Poco::JSON::Object::Ptr server;
  const auto phases = firstRun(json.out)->getArray("phases");
  for (size_t i = 0; i < phases->size(); ++i)
    if (phases->getObject(static_cast<unsigned>(i))->getValue<std::string>("phase") == "Running")
      server = phases->getObject(static_cast<unsigned>(i))->getObject("server");
  REQUIRE(server);
  std::map<std::string, double> fromPrometheus;
  std::string measured;
  for (const char* p : {"P50", "P95", "P99"}) {
    const std::string name = std::string("vmiCreationToRunningSeconds") + p;
    REQUIRE(byName.count(name));
    const auto figure = byName.at(name);
    REQUIRE_FALSE(figure->isNull("prometheus"));
    REQUIRE_FALSE(figure->isNull("trace"));
    const double ours = figure->getValue<double>("trace");
    const double theirs = figure->getValue<double>("prometheus");
    fromPrometheus[p] = theirs;
    CHECK(figure->getValue<std::string>("traceFigure") == std::string("Running.server.") + p);
    std::string key = std::string(p) + "Ms";
    key[0] = 'p';
    CHECK(ours == Approx(server->getValue<double>(key) / 1000));
    const auto [lower, upper] = bucketOf(ours);
    INFO(p << ": trace " << ours << " s, Prometheus " << theirs << " s, bucket (" << lower << ", "
           << upper << "]");
    CHECK(theirs >= lower);
    CHECK(theirs <= upper);
    measured += std::string(measured.empty() ? "" : "; ") + p + " trace " + std::to_string(ours) +
                " s, Prometheus " + std::to_string(theirs) + " s";
  }
  // The spread the delays were chosen for: the median and the tail in different buckets.
  CHECK(fromPrometheus["P50"] <= 1);
  CHECK(fromPrometheus["P95"] > 1);
  WARN("creation -> Running, " << measured);

  // 3. perfscale-audit's input: a generous limit passes, a tight one fails with exit 4, and
  // -o audit-json writes its results file with Prometheus' values.
  const std::string passing = sim.dir().file("audit-pass.json");
  writeFile(passing,
            R"({"thresholdExpectations": {"vmiCreationToRunningSecondsP95": {"value": 60}}})");
  const std::string failing = sim.dir().file("audit-fail.json");
  writeFile(failing,
            R"({"thresholdExpectations": {"vmiCreationToRunningSecondsP95": {"value": 0.001}}})");
  auto gate = [&](const std::string& file, const std::string& format) {
    return runCommand({kPlugin, "report", trace, "--prometheus", prometheus.url(), "--thresholds",
                       file, "-o", format},
                      {}, 30s);
  };
  const auto passed = gate(passing, "text");
  INFO(passed.out << passed.err);
  CHECK(passed.exitCode == 0);
  const auto failed = gate(failing, "text");
  INFO(failed.out << failed.err);
  CHECK(failed.exitCode == 4);

  for (const auto& [file, limit, exceeded, code] :
       {std::tuple{passing, 60.0, false, 0}, std::tuple{failing, 0.001, true, 4}}) {
    const auto audit = gate(file, "audit-json");
    INFO(audit.out << audit.err);
    CHECK(audit.exitCode == code);
    const auto values = parseJsonObject(audit.out)->getObject("Values");
    REQUIRE(values);
    for (const auto& [p, value] : fromPrometheus)
      CHECK(values->getObject("vmiCreationToRunningSeconds" + p)->getValue<double>("value") ==
            Approx(value));
    const auto result =
        values->getObject("vmiCreationToRunningSecondsP95")->getObject("thresholdResult");
    REQUIRE(result);
    CHECK(result->getValue<double>("thresholdValue") == limit);
    CHECK(result->getValue<bool>("thresholdExceeded") == exceeded);
    CHECK_FALSE(values->getObject("vmiCreationToRunningSecondsP50")->has("thresholdResult"));
    // KubeVirt's client counts: the sim's virt-controller updated each VMI five times.
    CHECK(values->has("UPDATE-virtualmachineinstances-count"));
  }

  const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - began);
  WARN("the whole test took " << took.count() << " s");
}
