// Prometheus' figures of a run: the window they cover, their perfscale-audit names, their
// pairing with the trace's figures (and the difference), and what must not be missing.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/prometheus/audit_queries.h"
#include "core/stats/prometheus_figures.h"

using namespace std::chrono_literals;
using perfscale::stats::auditValue;
using perfscale::stats::auditValues;
using perfscale::stats::FigurePair;
using perfscale::stats::missingPrometheusData;
using perfscale::stats::pairFigures;
using perfscale::stats::PrometheusFigures;
using perfscale::stats::RunFigures;

namespace {

constexpr int64_t kSecond = 1'000'000'000;

perfscale::stats::Distribution seconds(double p50, double p95, double p99, size_t count) {
  perfscale::stats::Distribution d;
  d.count = count;
  d.p50 = static_cast<int64_t>(p50 * kSecond);
  d.p95 = static_cast<int64_t>(p95 * kSecond);
  d.p99 = static_cast<int64_t>(p99 * kSecond);
  d.max = d.p99;
  return d;
}

// 20 VMIs that ran and were deleted to Succeeded; 20 creates and a deletecollection.
RunFigures run() {
  RunFigures run;
  run.info.startedWallNs = 1'700'000'000 * kSecond + 250'000'000;
  run.duration = std::chrono::nanoseconds(41 * kSecond + 1);
  perfscale::stats::PhaseFigures running;
  running.phase = "Running";
  running.server = seconds(12, 20, 21, 20);
  running.client = seconds(12.4, 20.3, 21.2, 20);
  run.phases.push_back(running);
  perfscale::stats::DeletionFigures succeeded;
  succeeded.to = "Succeeded";
  succeeded.server = seconds(3, 5, 6, 20);
  run.deletion.push_back(succeeded);
  perfscale::stats::RequestFigures create;
  create.verb = "create";
  create.resource = "virtualmachineinstances";
  create.requests = 20;
  run.requests.push_back(create);
  run.phaseOrder = {"Pending", "Running"};
  perfscale::stats::SecondFigures last;
  last.second = 41;
  last.byPhase = {0, 2};
  run.seconds.push_back(last);
  return run;
}

PrometheusFigures prometheus() {
  PrometheusFigures p;
  p.url = "http://127.0.0.1:9090";
  p.creationToRunning = {true, 12.5, 19.75, 20.95};
  p.deletionToSucceeded = {true, 2.5, std::nullopt, 5.9};
  p.hasRequestSeries = true;
  p.requests = {{"CREATE", "pods", 20}, {"PATCH", "virtualmachineinstances", 61.5}};
  p.phaseCounts = {{"running", 2}};
  return p;
}

const FigurePair& find(const std::vector<FigurePair>& pairs, const std::string& name) {
  for (const auto& pair : pairs)
    if (pair.name == name) return pair;
  FAIL("no pair " << name);
  return pairs.front();
}

bool has(const std::vector<FigurePair>& pairs, const std::string& name) {
  for (const auto& pair : pairs)
    if (pair.name == name) return true;
  return false;
}

}  // namespace

TEST_CASE("prometheus figures: the window is the run's, its range rounded up to a second",
          "[prometheus]") {
  const auto window = perfscale::stats::runWindow(run());
  CHECK(window.startWallNs == 1'700'000'000 * kSecond + 250'000'000);
  CHECK(window.endWallNs == window.startWallNs + 41 * kSecond + 1);
  CHECK(window.seconds == 42);
  RunFigures empty;
  CHECK(perfscale::stats::runWindow(empty).seconds == 1);
}

TEST_CASE("prometheus figures: the queries are perfscale-audit's, summed over every series",
          "[prometheus]") {
  using namespace perfscale::prometheus;
  CHECK(quantileQuery("kubevirt_vmi_phase_transition_time_from_creation_seconds", "Running", 95,
                      42) ==
        "histogram_quantile(0.95, sum by (le) (rate(kubevirt_vmi_phase_transition_time_from_"
        "creation_seconds_bucket{phase=\"Running\"}[42s])))");
  CHECK(requestCountQuery(42) ==
        "sum by (verb, resource) (increase(kubevirt_rest_client_requests_total{pod=~\"virt-("
        "controller|handler|operator|api).*\"}[42s]))");
  CHECK(phaseCountQuery() == "sum by (phase) (kubevirt_vmi_phase_count)");
}

TEST_CASE("prometheus figures: values under perfscale-audit's names", "[prometheus]") {
  const auto values = auditValues(prometheus());
  CHECK(values.at("vmiCreationToRunningSecondsP50") == 12.5);
  CHECK(values.at("vmiDeletionToSucceededSecondsP99") == 5.9);
  CHECK(values.count("vmiDeletionToSucceededSecondsP95") == 0);  // NaN: no value
  CHECK(values.at("PATCH-virtualmachineinstances-count") == 61.5);
  CHECK(values.at("CREATE-pods-count") == 20);
  CHECK(values.at("running-phase-count") == 2);
  // A count Prometheus left out is none counted; a quantile it had no value for is none.
  CHECK(auditValue(prometheus(), "DELETE-pods-count") == 0.0);
  CHECK_FALSE(auditValue(prometheus(), "vmiDeletionToFailedSecondsP50"));
}

TEST_CASE("prometheus figures: each is paired with the trace's and the difference is theirs",
          "[prometheus]") {
  const auto pairs = pairFigures(prometheus(), run());
  const auto& p50 = find(pairs, "vmiCreationToRunningSecondsP50");
  CHECK(p50.seconds);
  CHECK(p50.traceName == "Running.server.P50");  // the server's clock, as KubeVirt measures
  CHECK(p50.prometheus == 12.5);
  CHECK(p50.trace == 12.0);
  CHECK(*p50.difference == Approx(0.5));
  CHECK(*find(pairs, "vmiCreationToRunningSecondsP95").difference == Approx(-0.25));
  const auto& deletion = find(pairs, "vmiDeletionToSucceededSecondsP95");
  CHECK(deletion.trace == 5.0);
  CHECK_FALSE(deletion.prometheus);
  CHECK_FALSE(deletion.difference);
  // Neither side saw a VMI deleted to Failed: no rows for it.
  CHECK_FALSE(has(pairs, "vmiDeletionToFailedSecondsP50"));
  // Request counts: KubeVirt's components' against this tool's of the same verb and resource.
  const auto& pods = find(pairs, "CREATE-pods-count");
  CHECK(pods.prometheus == 20.0);
  CHECK_FALSE(pods.trace);  // this tool creates no pods
  const auto& patch = find(pairs, "PATCH-virtualmachineinstances-count");
  CHECK_FALSE(patch.trace);
  // Phases at the end: two VMIs Running by both.
  const auto& runningAtEnd = find(pairs, "running-phase-count");
  CHECK(runningAtEnd.prometheus == 2.0);
  CHECK(runningAtEnd.trace == 2.0);
  CHECK(runningAtEnd.difference == 0.0);
}

TEST_CASE("prometheus figures: a request count the trace also has is paired by verb",
          "[prometheus]") {
  auto p = prometheus();
  p.requests.push_back({"CREATE", "virtualmachineinstances", 18});
  const auto pairs = pairFigures(p, run());
  const auto& vmis = find(pairs, "CREATE-virtualmachineinstances-count");
  CHECK(vmis.traceName == "create.virtualmachineinstances.count");
  CHECK(vmis.trace == 20.0);
  CHECK(vmis.difference == -2.0);
}

TEST_CASE("prometheus figures: the creation histogram and the request counter must have data",
          "[prometheus]") {
  CHECK_FALSE(missingPrometheusData(prometheus(), run()));
  auto noHistogram = prometheus();
  noHistogram.creationToRunning = {};
  CHECK_THAT(
      *missingPrometheusData(noHistogram, run()),
      Catch::Matchers::Contains("kubevirt_vmi_phase_transition_time_from_creation_seconds_bucket"));
  // A run where no VMI ran cannot expect the histogram.
  RunFigures noneRan = run();
  noneRan.phases.clear();
  CHECK_FALSE(missingPrometheusData(noHistogram, noneRan));
  auto noRequests = prometheus();
  noRequests.hasRequestSeries = false;
  CHECK_THAT(*missingPrometheusData(noRequests, run()),
             Catch::Matchers::Contains("kubevirt_rest_client_requests_total"));
  // No deletion histogram and no phase count are not errors.
  auto sparse = prometheus();
  sparse.deletionToSucceeded = {};
  sparse.phaseCounts.clear();
  CHECK_FALSE(missingPrometheusData(sparse, run()));
}
