// `kubectl perfscale report --prometheus`, the real binary on a trace written by `run` against
// perfscale-sim, asking a fake Prometheus on loopback (answers in Prometheus 2.42's JSON):
// the queries and window, the figures beside the trace's in every format, perfscale-audit's
// thresholds and results file, and one clear error for each way Prometheus can fail.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/ServerSocket.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "tests/e2e/fake_prometheus.h"
#include "tests/e2e/plugin_run_support.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using perfscale::test::CommandResult;
using perfscale::test::FakePrometheus;
using perfscale::test::kPlugin;
using perfscale::test::parseJsonObject;
using perfscale::test::PrometheusAnswer;
using perfscale::test::PrometheusRequest;
using perfscale::test::runArgs;
using perfscale::test::runCommand;
using perfscale::test::sample;
using perfscale::test::SimCluster;
using perfscale::test::TempDir;
using perfscale::test::vectorAnswer;
using perfscale::test::writeFile;

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// One finished run (20 VMIs, created, Running, deleted), written once for every test here.
const std::string& trace() {
  static TempDir dir;
  static const std::string path = [] {
    SimCluster sim({"--profile", "instant"});
    const std::string file = dir.file("trace.db");
    auto result = runCommand(
        runArgs(sim, file,
                {"--vmi-count", "20", "--qps", "40", "--burst", "5", "--wait-when-finished", "0s"}),
        {}, 120s);
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    return file;
  }();
  return path;
}

// A cluster KubeVirt reports on: VMIs ran in 1.5 s (P50), virt-controller PATCHed VMIs 61.5
// times and created 40 pods; nothing was deleted to Failed; no VMI is left.
PrometheusAnswer healthy(const PrometheusRequest& request) {
  const std::string& t = request.time;
  const std::string& q = request.query;
  auto quantile = [&](const char* p50, const char* p95, const char* p99) {
    const char* value = has(q, "(0.50,") ? p50 : has(q, "(0.95,") ? p95 : p99;
    return PrometheusAnswer{200, vectorAnswer({sample(t, "", value)})};
  };
  if (has(q, "from_creation_seconds_bucket{phase=\"Running\"}"))
    return quantile("1.5", "2.85", "2.97");
  if (has(q, "from_deletion_seconds_bucket{phase=\"Succeeded\"}"))
    return quantile("0.8", "NaN", "0.99");
  if (has(q, "kubevirt_rest_client_requests_total")) {
    return {200, vectorAnswer({
                     sample(t, R"("resource":"virtualmachineinstances","verb":"PATCH")", "61.5"),
                     sample(t, R"("resource":"pods","verb":"CREATE")", "40"),
                     sample(t, R"("resource":"nodes","verb":"GET")", "0.4"),
                 })};
  }
  return {200, vectorAnswer({})};
}

CommandResult report(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {kPlugin, "report", trace()};
  args.insert(args.end(), extra.begin(), extra.end());
  return runCommand(args, {}, 60s);
}

std::string auditFile(const TempDir& dir, const std::string& content) {
  const std::string path = dir.file("audit.json");
  writeFile(path, content);
  return path;
}

}  // namespace

TEST_CASE("report prometheus: asks perfscale-audit's queries at the run's end over its window") {
  FakePrometheus prometheus(healthy);
  const auto json = report({"-o", "json"});
  REQUIRE(json.exitCode == 0);
  const double duration =
      parseJsonObject(json.out)->getArray("runs")->getObject(0)->getValue<double>(
          "durationSeconds");
  const auto result = report({"--prometheus", prometheus.url()});
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  const auto requests = prometheus.requests();
  REQUIRE(requests.size() == 11);  // 3 x 3 quantiles, requests, phases
  const std::string window = "[" + std::to_string(static_cast<int64_t>(std::ceil(duration))) + "s]";
  std::set<std::string> times;
  for (const auto& r : requests) {
    INFO(r.query);
    CHECK(r.path == "/api/v1/query");
    CHECK(r.authorization.empty());
    if (!has(r.query, "kubevirt_vmi_phase_count")) CHECK(has(r.query, window));
    times.insert(r.time);
  }
  CHECK(times.size() == 1);  // one evaluation time: the run's end
  CHECK(requests[0].query ==
        "histogram_quantile(0.50, sum by (le) (rate(kubevirt_vmi_phase_transition_time_from_"
        "creation_seconds_bucket{phase=\"Running\"}" +
            window + ")))");
  CHECK(requests[9].query ==
        "sum by (verb, resource) (increase(kubevirt_rest_client_requests_total{pod=~\"virt-("
        "controller|handler|operator|api).*\"}" +
            window + "))");
  CHECK(requests[10].query == "sum by (phase) (kubevirt_vmi_phase_count)");
}

TEST_CASE("report prometheus: the figures stand beside the trace's with their difference") {
  FakePrometheus prometheus(healthy);
  const auto json = report({"--prometheus", prometheus.url(), "-o", "json"});
  INFO(json.out << json.err);
  REQUIRE(json.exitCode == 0);
  const auto document = parseJsonObject(json.out);
  const auto run = document->getArray("runs")->getObject(0);
  const auto comparison = document->getObject("prometheus");
  REQUIRE(comparison);
  CHECK(comparison->getValue<std::string>("url") == prometheus.url());
  CHECK(comparison->getValue<std::string>("windowStart") == run->getValue<std::string>("started"));
  const auto figures = comparison->getArray("figures");
  std::map<std::string, Poco::JSON::Object::Ptr> byName;
  for (size_t i = 0; i < figures->size(); ++i) {
    const auto figure = figures->getObject(static_cast<unsigned>(i));
    byName[figure->getValue<std::string>("name")] = figure;
  }
  // creation -> Running P50: Prometheus' 1.5 s beside the trace's server-clock P50.
  const auto p50 = byName.at("vmiCreationToRunningSecondsP50");
  CHECK(p50->getValue<std::string>("traceFigure") == "Running.server.P50");
  CHECK(p50->getValue<double>("prometheus") == 1.5);
  double traceP50 = -1;
  const auto phases = run->getArray("phases");
  for (size_t i = 0; i < phases->size(); ++i) {
    const auto phase = phases->getObject(static_cast<unsigned>(i));
    if (phase->getValue<std::string>("phase") == "Running")
      traceP50 = phase->getObject("server")->getValue<double>("p50Ms") / 1000;
  }
  CHECK(p50->getValue<double>("trace") == Approx(traceP50));
  CHECK(p50->getValue<double>("difference") == Approx(1.5 - traceP50));
  // NaN from Prometheus (nothing observed) is no value, and no difference.
  CHECK(byName.at("vmiDeletionToSucceededSecondsP95")->isNull("prometheus"));
  CHECK(byName.at("vmiDeletionToSucceededSecondsP95")->isNull("difference"));
  // KubeVirt's requests, by verb and resource; below one request is none.
  CHECK(byName.at("PATCH-virtualmachineinstances-count")->getValue<double>("prometheus") == 61.5);
  CHECK(byName.at("CREATE-pods-count")->isNull("trace"));
  CHECK(byName.count("GET-nodes-count") == 0);

  const auto text = report({"--prometheus", prometheus.url()});
  REQUIRE(text.exitCode == 0);
  CHECK_THAT(text.out, Contains("Prometheus " + prometheus.url()) &&
                           Contains("creation -> Running P50 (s)") &&
                           Contains("vmiCreationToRunningSecondsP50") &&
                           Contains("PATCH-virtualmachineinstances-count"));
  const auto markdown = report({"--prometheus", prometheus.url(), "-o", "markdown"});
  REQUIRE(markdown.exitCode == 0);
  CHECK_THAT(markdown.out, Contains("| creation -> Running P50 (s) | "
                                    "vmiCreationToRunningSecondsP50 | 1.5 |"));
  TempDir dir;
  const auto html =
      report({"--prometheus", prometheus.url(), "-o", "html", "--out", dir.file("r.html")});
  REQUIRE(html.exitCode == 0);
  const std::string page = perfscale::test::readFile(dir.file("r.html"));
  CHECK_THAT(page, Contains("<h2 id=\"prometheus\">Prometheus</h2>") &&
                       Contains("vmiCreationToRunningSecondsP50") &&
                       Contains("<a href=\"#prometheus\">"));
  // Without --prometheus the document is the one it always was.
  CHECK_FALSE(parseJsonObject(report({"-o", "json"}).out)->has("prometheus"));
}

TEST_CASE("report prometheus: a perfscale-audit input gates on Prometheus' figures, exit 4") {
  FakePrometheus prometheus(healthy);
  TempDir dir;
  // 61.5 PATCHes for 40 pods: at most 2 per pod passes.
  const auto passing = auditFile(dir, R"({
  "prometheusURL": ")" + prometheus.url() +
                                          R"(",
  "thresholdExpectations": {
    "vmiCreationToRunningSecondsP95": {"value": 60},
    "PATCH-virtualmachineinstances-count": {"metric": "CREATE-pods-count", "ratio": 2}
  }
})");
  auto result = report({"--thresholds", passing});
  INFO(result.out << result.err);
  CHECK(result.exitCode == 0);
  CHECK_THAT(result.out,
             Contains("vmiCreationToRunningSecondsP95 <= 60 (Prometheus)") &&
                 Contains("PATCH-virtualmachineinstances-count <= 2*CREATE-pods-count"));
  // At most 1.5 per pod (60) fails: ours flags 61.5 > 1.5 * 40, which perfscale-audit's
  // inverted check (61.5 * 1.5 < 40) would not.
  auditFile(dir, R"({"prometheusURL": ")" + prometheus.url() + R"(", "thresholdExpectations": {
  "PATCH-virtualmachineinstances-count": {"metric": "CREATE-pods-count", "ratio": 1.5}}})");
  result = report({"--thresholds", passing});
  CHECK(result.exitCode == 4);
  CHECK_THAT(result.out, Contains("FAIL"));
  // A figure Prometheus has no value for fails, saying so.
  auditFile(dir, R"({"prometheusURL": ")" + prometheus.url() + R"(", "thresholdExpectations": {
  "vmiDeletionToSucceededSecondsP95": {"value": 60}}})");
  result = report({"--thresholds", passing});
  CHECK(result.exitCode == 4);
  CHECK_THAT(result.out, Contains("Prometheus has no value for vmiDeletionToSucceededSecondsP95"));
  // --prometheus wins over the file's URL; the file's latency limit of 1 s fails.
  auditFile(dir, R"({"prometheusURL": "http://127.0.0.1:1", "thresholdExpectations": {
  "vmiCreationToRunningSecondsP50": {"value": 1}}})");
  result = report({"--thresholds", passing, "--prometheus", prometheus.url()});
  CHECK(result.exitCode == 4);
}

TEST_CASE("report prometheus: -o audit-json writes perfscale-audit's results file") {
  FakePrometheus prometheus(healthy);
  TempDir dir;
  const auto audit = auditFile(dir, R"({
  "prometheusURL": ")" + prometheus.url() +
                                        R"(",
  "thresholdExpectations": {
    "vmiCreationToRunningSecondsP95": {"value": 60},
    "PATCH-virtualmachineinstances-count": {"metric": "CREATE-pods-count", "ratio": 2},
    "vmiDeletionToFailedSecondsP99": {"value": 30}
  }
})");
  const auto result = report({"--thresholds", audit, "-o", "audit-json"});
  INFO(result.err);
  CHECK(result.exitCode == 4);  // nothing was deleted to Failed: that gate cannot pass
  CHECK(result.out == R"({
  "Values": {
    "CREATE-pods-count": {
      "value": 40
    },
    "PATCH-virtualmachineinstances-count": {
      "value": 61.5,
      "thresholdResult": {
        "thresholdValue": 80,
        "thresholdMetric": "CREATE-pods-count",
        "thresholdRatio": 1.5375,
        "thresholdExceeded": false
      }
    },
    "vmiCreationToRunningSecondsP50": {
      "value": 1.5
    },
    "vmiCreationToRunningSecondsP95": {
      "value": 2.85,
      "thresholdResult": {
        "thresholdValue": 60,
        "thresholdExceeded": false
      }
    },
    "vmiCreationToRunningSecondsP99": {
      "value": 2.97
    },
    "vmiDeletionToFailedSecondsP99": {
      "value": null,
      "thresholdResult": {
        "thresholdValue": 30,
        "thresholdExceeded": true
      }
    },
    "vmiDeletionToSucceededSecondsP50": {
      "value": 0.8
    },
    "vmiDeletionToSucceededSecondsP99": {
      "value": 0.99
    }
  }
}
)");
  // Without Prometheus there is nothing to write.
  const auto without = report({"-o", "audit-json"});
  CHECK(without.exitCode == 1);
  CHECK_THAT(without.err, Contains("-o audit-json") && Contains("--prometheus URL"));
}

TEST_CASE("report prometheus: a bearer token is sent, and a 401 or 403 says what to give") {
  TempDir dir;
  FakePrometheus prometheus([](const PrometheusRequest& request) {
    if (request.authorization.empty()) return PrometheusAnswer{401, "Unauthorized\n", "text/plain"};
    if (request.authorization != "Bearer s3cret-token")
      return PrometheusAnswer{403, "Forbidden\n", "text/plain"};
    return healthy(request);
  });
  auto result = report({"--prometheus", prometheus.url()});
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Contains("Prometheus at " + prometheus.url() + " answered 401") &&
                             Contains("--prometheus-token"));
  result = report({"--prometheus", prometheus.url(), "--prometheus-token", "wrong"});
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Contains("answered 403 Forbidden"));
  CHECK_FALSE(has(result.err, "wrong"));
  writeFile(dir.file("token"), "s3cret-token\n");
  result = report({"--prometheus", prometheus.url(), "--prometheus-token-file", dir.file("token")});
  INFO(result.err);
  CHECK(result.exitCode == 0);
  CHECK_FALSE(has(result.out + result.err, "s3cret"));
  // The audit file's token goes to the audit file's URL.
  const auto audit = auditFile(dir, R"({"prometheusURL": ")" + prometheus.url() +
                                        R"(", "prometheusBearerToken": "s3cret-token",
  "thresholdExpectations": {"vmiCreationToRunningSecondsP95": {"value": 60}}})");
  CHECK(report({"--thresholds", audit}).exitCode == 0);
}

TEST_CASE("report prometheus: an unreachable Prometheus is one error naming its URL") {
  uint16_t port = 0;
  {
    Poco::Net::ServerSocket closed(Poco::Net::SocketAddress("127.0.0.1", 0));
    port = closed.address().port();
  }
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  const auto result = report({"--prometheus", url});
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err,
             Contains("error: cannot reach Prometheus at " + url) && Contains("check the URL"));
  const auto bad = report({"--prometheus", "prometheus:9090"});
  CHECK(bad.exitCode == 1);
  CHECK_THAT(bad.err, Contains("\"prometheus:9090\"") && Contains("http://"));
}

TEST_CASE("report prometheus: an answer that is not Prometheus' JSON says so") {
  FakePrometheus grafana([](const PrometheusRequest&) {
    return PrometheusAnswer{200, "<!doctype html><html><title>Grafana</title></html>",
                            "text/html; charset=utf-8"};
  });
  const auto result = report({"--prometheus", grafana.url()});
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Contains("Prometheus at " + grafana.url() + " answered HTTP 200") &&
                             Contains("text/html") && Contains("not JSON") &&
                             Contains("the address of Prometheus itself"));
  FakePrometheus notFound([](const PrometheusRequest&) {
    return PrometheusAnswer{404, "404 page not found\n", "text/plain; charset=utf-8"};
  });
  const auto missing = report({"--prometheus", notFound.url() + "/prometheus"});
  CHECK(missing.exitCode == 1);
  CHECK_THAT(missing.err, Contains("answered HTTP 404"));
  CHECK(notFound.requests().at(0).path == "/prometheus/api/v1/query");
}

TEST_CASE("report prometheus: a query Prometheus rejects shows its error text") {
  FakePrometheus prometheus([](const PrometheusRequest&) {
    return PrometheusAnswer{
        422, R"({"status":"error","errorType":"execution","error":"query processing would )"
             R"(load too many samples into memory in query execution"})"};
  });
  const auto result = report({"--prometheus", prometheus.url()});
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Contains("Prometheus at " + prometheus.url() + " rejected the query") &&
                             Contains("HTTP 422, execution") &&
                             Contains("query processing would load too many samples into memory"));
}

TEST_CASE("report prometheus: no data in the run's window names the metric") {
  FakePrometheus empty([](const PrometheusRequest&) {
    return PrometheusAnswer{200, vectorAnswer({})};
  });
  const auto result = report({"--prometheus", empty.url()});
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err,
             Contains("has no data for "
                      "kubevirt_vmi_phase_transition_time_from_creation_seconds_bucket{phase="
                      "\"Running\"} in the run's window") &&
                 Contains("did it scrape"));
  // The histogram is there, the request counter is not.
  FakePrometheus noRequests([](const PrometheusRequest& request) {
    if (has(request.query, "kubevirt_rest_client_requests_total"))
      return PrometheusAnswer{200, vectorAnswer({})};
    return healthy(request);
  });
  const auto requests = report({"--prometheus", noRequests.url()});
  CHECK(requests.exitCode == 1);
  CHECK_THAT(requests.err, Contains("has no data for kubevirt_rest_client_requests_total"));
}

TEST_CASE("report prometheus: TLS is verified unless told otherwise") {
  TempDir dir;
  FakePrometheus prometheus(dir, healthy);
  auto result = report({"--prometheus", prometheus.url()});
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Contains("cannot reach Prometheus at " + prometheus.url()) &&
                             Contains("--prometheus-certificate-authority"));
  result = report({"--prometheus", prometheus.url(), "--prometheus-certificate-authority",
                   prometheus.caFile()});
  INFO(result.err);
  CHECK(result.exitCode == 0);
  CHECK(report({"--prometheus", prometheus.url(), "--prometheus-insecure-skip-tls-verify"})
            .exitCode == 0);
  result = report({"--prometheus", prometheus.url(), "--prometheus-insecure-skip-tls-verify",
                   "--prometheus-certificate-authority", prometheus.caFile()});
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Contains("contradict"));
  // The audit file's prometheusVerifyTLS: false turns verification off, as its name says.
  const auto audit = auditFile(dir, R"({"prometheusURL": ")" + prometheus.url() +
                                        R"(", "prometheusVerifyTLS": false,
  "thresholdExpectations": {"vmiCreationToRunningSecondsP95": {"value": 60}}})");
  result = report({"--thresholds", audit});
  CHECK(result.exitCode == 0);
  CHECK_THAT(result.err, Contains("prometheusVerifyTLS is false"));
}

TEST_CASE("report prometheus: a malformed audit file names the field") {
  TempDir dir;
  auto audit = auditFile(dir, R"({"prometheusURL": "http://127.0.0.1:1",
  "prometheusVerifyTLS": "no",
  "thresholdExpectations": {"vmiCreationToRunningSecondsP95": {"value": 60}}})");
  auto result = report({"--thresholds", audit});
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Contains(audit + ":2:") && Contains("prometheusVerifyTLS"));
  audit = auditFile(dir, R"({"prometheusURL": "http://127.0.0.1:1",
  "thresholdExpectations": {"avgVirtAPICPUUsage": {"value": 0.5}}})");
  result = report({"--thresholds", audit});
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Contains(audit + ":2:") && Contains("avgVirtAPICPUUsage") &&
                             Contains("CPU or memory"));
}
