// A real Prometheus (Debian's `prometheus`) scraping perfscale-sim's /metrics while the real
// kubectl-perfscale runs VMIs: the PromQL one would ask of a real cluster (perfscale-audit's
// among it) answers from the sim, and its counts agree with the run's trace.
#include <catch2/catch.hpp>

#include <cmath>

#include "tests/e2e/plugin_run_support.h"
#include "tests/support/prometheus_server.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::PrometheusServer;
using perfscale::test::runArgs;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;
using perfscale::test::TraceQuery;

namespace {

// The value of a query that answers with exactly one series.
double only(const Poco::JSON::Array::Ptr& result) {
  REQUIRE(result->size() == 1);
  return PrometheusServer::valueOf(result->getObject(0));
}

std::function<bool(const Poco::JSON::Array&)> valueIs(double expected) {
  return [expected](const Poco::JSON::Array& result) {
    return result.size() == 1 && PrometheusServer::valueOf(result.getObject(0)) == expected;
  };
}

}  // namespace

TEST_CASE(
    "prometheus: a real Prometheus scraping the sim during a 200-VMI run answers the phase "
    "quantile, the API request counts and perfscale-audit's rest client query",
    "[prometheus]") {
  SimCluster sim;  // the default profile: Running some 0.35 to 1 s after creation
  PrometheusServer prometheus(
      {{"sim", sim.url(), sim.token(), sim.caPem(), {{"pod", "virt-controller-sim"}}}});
  prometheus.waitForTargetsUp();
  const auto started = std::chrono::steady_clock::now();

  const auto trace = sim.dir().file("trace.db");
  auto result = runCommand(runArgs(sim, trace,
                                   {"--vmi-count", "200", "--qps", "100", "--burst", "100",
                                    "--wait-when-finished", "0s"}),
                           {}, 90s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);

  const std::string creationCount =
      "kubevirt_vmi_phase_transition_time_from_creation_seconds_count{phase=\"Running\"}";
  prometheus.waitForSeries(creationCount, 20s, valueIs(200));
  prometheus.waitForSeries(
      "kubevirt_vmi_phase_transition_time_from_deletion_seconds_count{phase=\"Succeeded\"}", 20s,
      valueIs(200));

  // A window over the whole run, as perfscale-audit sizes one.
  const auto window =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started) +
      10s;
  const std::string range = "[" + std::to_string(window.count()) + "s]";
  const double median = only(prometheus.series(
      "histogram_quantile(0.5, rate(kubevirt_vmi_phase_transition_time_from_creation_seconds_"
      "bucket{phase=\"Running\"}" +
      range + "))"));
  CHECK(std::isfinite(median));
  CHECK(median > 0);
  CHECK(median <= 2);  // a bucket bound above the default profile's delays

  TraceQuery q(trace);
  const auto creates = q.integer(
      "SELECT count(*) FROM requests_v WHERE verb='create' AND "
      "resource='virtualmachineinstances' AND status=201");
  CHECK(creates == 200);
  CHECK(only(prometheus.series("sum(apiserver_request_total{verb=\"POST\",group=\"kubevirt.io\","
                               "resource=\"virtualmachineinstances\",code=\"201\"})")) ==
        static_cast<double>(creates));
  CHECK(only(prometheus.series(
            "sum(rate(apiserver_request_total{resource=\"virtualmachineinstances\"}" + range +
            ")) > 0")) > 0);
  CHECK(only(prometheus.series("sum(apiserver_request_duration_seconds_count{verb=\"POST\","
                               "resource=\"virtualmachineinstances\"})")) == 200);

  // perfscale-audit's query; the pod label comes from the scrape configuration, as relabeling
  // adds it in a cluster.
  auto audit = prometheus.series(
      "increase(kubevirt_rest_client_requests_total{pod=~\"virt-controller.*|virt-handler.*|"
      "virt-operator.*|virt-api.*\"}" +
      range + ")");
  REQUIRE(audit->size() >= 1);
  CHECK(audit->getObject(0)->getObject("metric")->getValue<std::string>("pod") ==
        "virt-controller-sim");
  CHECK(only(prometheus.series(
            "sum(kubevirt_rest_client_requests_total{verb=\"UPDATE\",code=\"200\"})")) ==
        200 * 5);  // four phases and the finalizer's removal per VMI
}
