// perfscale-sim's metric primitives and exposition writer, and how it labels requests as
// kube-apiserver and KubeVirt's client do.
#include <catch2/catch.hpp>

#include <cmath>

#include "tests/sim/cluster_metrics.h"
#include "tests/sim/metrics.h"

using namespace perfscale::sim;

TEST_CASE("sim metrics: numbers are written as Prometheus writes them") {
  CHECK(metrics::formatNumber(0.5) == "0.5");
  CHECK(metrics::formatNumber(3600) == "3600");
  CHECK(metrics::formatNumber(10) == "10");
  CHECK(metrics::formatNumber(1e6) == "1e+06");
  CHECK(metrics::formatNumber(0.0001) == "0.0001");
  CHECK(metrics::formatNumber(0.00001) == "1e-05");
  CHECK(metrics::formatNumber(-2.5) == "-2.5");
  CHECK(metrics::formatNumber(0.005) == "0.005");
  CHECK(metrics::formatNumber(0.1 + 0.2) == "0.30000000000000004");
  CHECK(metrics::formatNumber(HUGE_VAL) == "+Inf");
  CHECK(metrics::formatNumber(-HUGE_VAL) == "-Inf");
  CHECK(metrics::formatNumber(std::nan("")) == "NaN");
}

TEST_CASE("sim metrics: label values escape backslash, double quote and newline") {
  CHECK(metrics::escapeLabelValue("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
  metrics::CounterFamily family("requests_total", "Help with a\nnewline.", {"path"});
  family.with({"/x\"y"}).add(2);
  std::string out;
  family.write(out);
  CHECK(out ==
        "# HELP requests_total Help with a\\nnewline.\n# TYPE requests_total counter\n"
        "requests_total{path=\"/x\\\"y\"} 2\n");
}

TEST_CASE("sim metrics: a histogram writes cumulative buckets, +Inf, sum and count") {
  metrics::HistogramFamily family("took_seconds", "Took.", {"phase"}, {0.5, 1, 2});
  auto& running = family.with({"Running"});
  for (double value : {0.1, 0.5, 0.7, 1.5, 9.0})
    running.observe(value);
  CHECK(&family.with({"Running"}) == &running);  // the same child, resolved once
  std::string out;
  family.write(out);
  CHECK(out ==
        "# HELP took_seconds Took.\n# TYPE took_seconds histogram\n"
        "took_seconds_bucket{phase=\"Running\",le=\"0.5\"} 2\n"
        "took_seconds_bucket{phase=\"Running\",le=\"1\"} 3\n"
        "took_seconds_bucket{phase=\"Running\",le=\"2\"} 4\n"
        "took_seconds_bucket{phase=\"Running\",le=\"+Inf\"} 5\n"
        "took_seconds_sum{phase=\"Running\"} 11.8\n"
        "took_seconds_count{phase=\"Running\"} 5\n");
}

TEST_CASE("sim metrics: a wrong number of label values is refused, naming the family") {
  metrics::CounterFamily family("requests_total", "Requests.", {"code", "verb"});
  CHECK_THROWS_WITH(family.with({"200"}),
                    Catch::Contains("requests_total") && Catch::Contains("2 label values"));
}

TEST_CASE("sim metrics: requests are labelled with kube-apiserver's verb and scope") {
  auto label = [](const char* verb, const char* ns, const char* name) {
    const auto r =
        ApiserverMetrics::label(verb, "kubevirt.io", "virtualmachineinstances", "", ns, name);
    return r.verb + " " + r.scope;
  };
  CHECK(label("get", "ns", "a") == "GET resource");
  CHECK(label("list", "ns", "") == "LIST namespace");
  CHECK(label("list", "", "") == "LIST cluster");
  CHECK(label("watch", "ns", "") == "WATCH namespace");
  CHECK(label("watch", "", "") == "WATCH cluster");
  CHECK(label("create", "ns", "") == "POST resource");
  CHECK(label("delete", "ns", "a") == "DELETE resource");
  CHECK(label("deletecollection", "ns", "") == "DELETE namespace");
  const auto exec = ApiserverMetrics::label("exec", "", "pods", "exec", "ns", "p");
  CHECK(exec.verb == "CONNECT");
  CHECK(exec.subresource == "exec");
  CHECK(exec.version == "v1");
}

TEST_CASE("sim metrics: the controller's requests are labelled with KubeVirt's resource and verb") {
  using Pair = std::pair<std::string, std::string>;
  const std::string vmis = "/apis/kubevirt.io/v1/virtualmachineinstances";
  CHECK(restResourceAndVerb("GET", vmis + "?limit=500") == Pair{"virtualmachineinstances", "LIST"});
  CHECK(restResourceAndVerb("GET", vmis + "?watch=1&resourceVersion=5") ==
        Pair{"virtualmachineinstances", "WATCH"});
  CHECK(restResourceAndVerb("GET", "/apis/kubevirt.io/v1/namespaces/a/virtualmachineinstances/b") ==
        Pair{"virtualmachineinstances", "GET"});
  CHECK(restResourceAndVerb("PUT", "/apis/kubevirt.io/v1/namespaces/a/virtualmachineinstances/b") ==
        Pair{"virtualmachineinstances", "UPDATE"});
  CHECK(restResourceAndVerb("POST", "/api/v1/namespaces") == Pair{"namespaces", "CREATE"});
  CHECK(restResourceAndVerb("GET", "/api/v1/namespaces/a") == Pair{"namespaces", "GET"});
  CHECK(restResourceAndVerb("GET", "/version") == Pair{"none", "none"});
}

TEST_CASE("sim metrics: phase histograms count from creation always, from deletion for the end") {
  KubevirtMetrics kubevirt;
  kubevirt.entered("Running", 700'000'000, std::nullopt);
  kubevirt.entered("Succeeded", 5'000'000'000, 200'000'000);
  kubevirt.entered("Scheduled", -5, 100);  // clock skew counts as 0; not a final phase
  const std::string out = kubevirt.exposition();
  CHECK_THAT(out, Catch::Contains("kubevirt_vmi_phase_transition_time_from_creation_seconds_"
                                  "bucket{phase=\"Running\",le=\"1\"} 1\n"));
  CHECK_THAT(out, Catch::Contains("kubevirt_vmi_phase_transition_time_from_creation_seconds_"
                                  "bucket{phase=\"Scheduled\",le=\"0.5\"} 1\n"));
  CHECK_THAT(out, Catch::Contains("kubevirt_vmi_phase_transition_time_from_deletion_seconds_"
                                  "sum{phase=\"Succeeded\"} 0.2\n"));
  CHECK_THAT(out, Catch::Contains("kubevirt_vmi_phase_transition_time_from_deletion_seconds_"
                                  "count{phase=\"Failed\"} 0\n"));
  CHECK_THAT(out, !Catch::Contains("from_deletion_seconds_count{phase=\"Scheduled\"}"));
}
