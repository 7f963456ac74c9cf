// perfscale-sim's /metrics: KubeVirt's and kube-apiserver's families under their real names,
// types, labels and buckets, fed by the sim's exact ground truth, for full-access users only;
// and `perfscale-sim controller --metrics-addr`, which serves virt-controller's part.
#include <Poco/JSON/Array.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "tests/support/prometheus_text.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::ChildProcess;
using perfscale::test::HttpsClient;
using perfscale::test::MetricFamily;
using perfscale::test::parseExposition;
using perfscale::test::runCommand;
using perfscale::test::simBinary;
using perfscale::test::SimCluster;
using perfscale::test::vmiJson;

namespace {

const std::string kVmis = "/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances";
const std::string kCreation = "kubevirt_vmi_phase_transition_time_from_creation_seconds";
const std::string kDeletion = "kubevirt_vmi_phase_transition_time_from_deletion_seconds";

template <typename F>
bool eventually(F condition, std::chrono::milliseconds timeout = 20s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return condition();
}

std::map<std::string, MetricFamily> scrape(SimCluster& sim) {
  auto answer = sim.client().request("GET", "/metrics");
  REQUIRE(answer.status == 200);
  return parseExposition(answer.body);
}

std::string phaseOf(HttpsClient& api, const std::string& name) {
  auto answer = api.request("GET", kVmis + "/" + name);
  if (answer.status == 404) return "<gone>";
  auto status = answer.json()->getObject("status");
  return status ? status->optValue<std::string>("phase", "") : "";
}

std::vector<std::string> sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

// The le values of a histogram's buckets for one label set, in order.
std::vector<std::string> bucketBounds(const MetricFamily& family,
                                      const std::map<std::string, std::string>& labels) {
  std::vector<std::string> bounds;
  for (const auto& sample : family.samples) {
    bool matches = sample.name == family.name + "_bucket";
    for (const auto& [name, value] : labels)
      matches = matches && sample.labels.count(name) && sample.labels.at(name) == value;
    if (matches) bounds.push_back(sample.labels.at("le"));
  }
  return bounds;
}

}  // namespace

TEST_CASE(
    "sim metrics: /metrics serves KubeVirt's and kube-apiserver's families under their names, "
    "types, labels and buckets, counting one VMI's life") {
  SimCluster sim({"--profile", "instant"});
  auto api = sim.client();
  REQUIRE(api.request("POST", kVmis, vmiJson("life-1")).status == 201);
  REQUIRE(eventually([&] { return phaseOf(api, "life-1") == "Running"; }));
  auto running = scrape(sim);
  REQUIRE(api.request("GET", kVmis).status == 200);
  auto watch = api.stream(kVmis + "?watch=true&timeoutSeconds=1");
  REQUIRE(watch->status() == 200);
  REQUIRE(api.request("DELETE", kVmis + "/life-1").status == 200);
  REQUIRE(eventually([&] { return phaseOf(api, "life-1") == "<gone>"; }));

  auto answer = sim.client().request("GET", "/metrics");
  REQUIRE(answer.status == 200);
  CHECK(answer.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8");
  auto families = parseExposition(answer.body);

  const std::vector<std::string> requestLabels = {"code",        "component", "dry_run",
                                                  "group",       "resource",  "scope",
                                                  "subresource", "verb",      "version"};
  const std::map<std::string, std::pair<std::string, std::vector<std::string>>> expected = {
      {kCreation, {"histogram", {"phase"}}},
      {kDeletion, {"histogram", {"phase"}}},
      {"kubevirt_vmi_phase_count",
       {"gauge",
        {"flavor", "guest_os_kernel_release", "guest_os_machine", "guest_os_name",
         "guest_os_version_id", "instance_type", "node", "os", "phase", "preference", "workload"}}},
      {"kubevirt_rest_client_requests_total",
       {"counter", {"code", "host", "method", "resource", "verb"}}},
      {"apiserver_request_total", {"counter", requestLabels}},
      {"apiserver_request_duration_seconds",
       {"histogram",
        {"component", "dry_run", "group", "resource", "scope", "subresource", "verb", "version"}}},
  };
  for (const auto& [name, shape] : expected) {
    INFO(name);
    REQUIRE(families.count(name));
    CHECK(families[name].type == shape.first);
    CHECK_FALSE(families[name].help.empty());
    // The gauge has samples only while the VMI lives.
    auto& sampled = name == "kubevirt_vmi_phase_count" ? running : families;
    CHECK(sorted(sampled[name].labelNames()) == shape.second);
  }
  // kube-apiserver's gauge of this VMI while it ran: on a node, all <none> but node and phase.
  const auto& count = running["kubevirt_vmi_phase_count"];
  REQUIRE(count.samples.size() == 1);
  CHECK(count.samples[0].labels.at("phase") == "Running");
  CHECK(count.samples[0].labels.at("node").rfind("sim-node-", 0) == 0);
  CHECK(count.samples[0].labels.at("os") == "<none>");
  CHECK(count.samples[0].value == 1);
  CHECK(families["kubevirt_vmi_phase_count"].samples.empty());  // gone

  const std::vector<std::string> phaseBuckets = {"0.5", "1",    "2",    "5",    "10",  "20",  "30",
                                                 "40",  "50",   "60",   "90",   "120", "180", "300",
                                                 "600", "1200", "1800", "3600", "+Inf"};
  CHECK(bucketBounds(families[kCreation], {{"phase", "Running"}}) == phaseBuckets);
  CHECK(bucketBounds(families[kDeletion], {{"phase", "Succeeded"}}) == phaseBuckets);
  CHECK(bucketBounds(families["apiserver_request_duration_seconds"],
                     {{"verb", "POST"}, {"resource", "virtualmachineinstances"}}) ==
        std::vector<std::string>{"0.005", "0.025", "0.05", "0.1", "0.2", "0.4", "0.6", "0.8",
                                 "1",     "1.25",  "1.5",  "2",   "3",   "4",   "5",   "6",
                                 "8",     "10",    "15",   "20",  "30",  "45",  "60",  "+Inf"});

  for (const char* phase : {"Pending", "Scheduling", "Scheduled", "Running", "Succeeded"}) {
    INFO(phase);
    CHECK(families[kCreation].value(kCreation + "_count", {{"phase", phase}}) == 1);
  }
  CHECK(families[kCreation].value(kCreation + "_count", {{"phase", "Failed"}}) == 0);
  CHECK(families[kDeletion].value(kDeletion + "_count", {{"phase", "Succeeded"}}) == 1);
  CHECK(families[kDeletion].value(kDeletion + "_count", {{"phase", "Failed"}}) == 0);
  // Its four phases and the finalizer's removal, each a PUT of the VMI.
  const auto host =
      Poco::URI(sim.url()).getHost() + ":" + std::to_string(Poco::URI(sim.url()).getPort());
  CHECK(families["kubevirt_rest_client_requests_total"].value(
            "kubevirt_rest_client_requests_total", {{"code", "200"},
                                                    {"method", "PUT"},
                                                    {"host", host},
                                                    {"resource", "virtualmachineinstances"},
                                                    {"verb", "UPDATE"}}) == 5);

  const auto& requests = families["apiserver_request_total"];
  auto served = [&](std::map<std::string, std::string> labels) {
    labels.emplace("dry_run", "");
    labels.emplace("component", "apiserver");
    labels.emplace("version", "v1");
    labels.emplace("subresource", "");
    return requests.value("apiserver_request_total", labels);
  };
  CHECK(served({{"verb", "POST"},
                {"group", "kubevirt.io"},
                {"resource", "virtualmachineinstances"},
                {"scope", "resource"},
                {"code", "201"}}) == 1);
  CHECK(served({{"verb", "GET"},
                {"group", "kubevirt.io"},
                {"resource", "virtualmachineinstances"},
                {"scope", "resource"},
                {"code", "200"}}) >= 1);
  CHECK(served({{"verb", "GET"},
                {"group", "kubevirt.io"},
                {"resource", "virtualmachineinstances"},
                {"scope", "resource"},
                {"code", "404"}}) >= 1);
  CHECK(served({{"verb", "LIST"},
                {"group", "kubevirt.io"},
                {"resource", "virtualmachineinstances"},
                {"scope", "namespace"},
                {"code", "200"}}) == 1);
  CHECK(served({{"verb", "DELETE"},
                {"group", "kubevirt.io"},
                {"resource", "virtualmachineinstances"},
                {"scope", "resource"},
                {"code", "200"}}) == 1);
  // A watch counts when it ends, with its whole duration.
  watch.reset();
  CHECK(eventually([&] {
    auto after = scrape(sim);
    return after["apiserver_request_total"].value("apiserver_request_total",
                                                  {{"verb", "WATCH"},
                                                   {"resource", "virtualmachineinstances"},
                                                   {"scope", "namespace"}}) == 1;
  }));
}

TEST_CASE(
    "sim metrics: only full-access users read /metrics - 401 without credentials, kube-apiserver's "
    "403 Status for a read-only or namespaced user") {
  SimCluster sim({"--read-only-token", "reader-token", "--namespace-user", "team-a:team-token"});
  auto anonymous = sim.clientWithAuthorization("");
  CHECK(anonymous.request("GET", "/metrics").status == 401);

  auto reader = sim.clientWithAuthorization("Bearer reader-token");
  auto refused = reader.request("GET", "/metrics");
  CHECK(refused.status == 403);
  CHECK(refused.json()->getValue<std::string>("reason") == "Forbidden");
  CHECK(refused.json()->getValue<std::string>("message") ==
        "forbidden: User \"sim-reader\" cannot get path \"/metrics\"");

  auto team = sim.clientWithAuthorization("Bearer team-token");
  auto teamRefused = team.request("GET", "/metrics");
  CHECK(teamRefused.status == 403);
  CHECK(teamRefused.json()->getValue<std::string>("message") ==
        "forbidden: User \"system:serviceaccount:team-a:runner\" cannot get path \"/metrics\"");

  CHECK(sim.client().request("POST", "/metrics", "{}").status == 405);
  CHECK(sim.client().request("GET", "/metrics").status == 200);
}

TEST_CASE(
    "sim metrics: the phase histograms observe the ground truth exactly - the Running sum and "
    "buckets match /sim/truth") {
  SimCluster sim;  // the default profile: Running some 0.35 to 1 s after creation
  auto api = sim.client();
  const int vmis = 12;
  for (int i = 0; i < vmis; ++i)
    REQUIRE(api.request("POST", kVmis, vmiJson("truth-" + std::to_string(i))).status == 201);
  REQUIRE(eventually([&] {
    auto families = scrape(sim);
    return families[kCreation].value(kCreation + "_count", {{"phase", "Running"}}) == vmis;
  }));
  auto families = scrape(sim);
  auto truth = sim.adminClient().request("GET", "/sim/truth").json()->getArray("vmis");
  double sum = 0;
  int withinHalfSecond = 0, withinOneSecond = 0;
  for (size_t i = 0; i < truth->size(); ++i) {
    auto record = truth->getObject(i);
    auto phases = record->getArray("phases");
    for (size_t p = 0; p < phases->size(); ++p) {
      if (phases->getObject(p)->getValue<std::string>("phase") != "Running") continue;
      const double seconds = (phases->getObject(p)->getValue<int64_t>("atNs") -
                              record->getValue<int64_t>("createdNs")) /
                             1e9;
      sum += seconds;
      withinHalfSecond += seconds <= 0.5;
      withinOneSecond += seconds <= 1;
    }
  }
  const auto& creation = families[kCreation];
  CHECK(creation.value(kCreation + "_sum", {{"phase", "Running"}}).value() ==
        Approx(sum).margin(1e-6));
  CHECK(creation.value(kCreation + "_bucket", {{"phase", "Running"}, {"le", "0.5"}}) ==
        withinHalfSecond);
  CHECK(creation.value(kCreation + "_bucket", {{"phase", "Running"}, {"le", "1"}}) ==
        withinOneSecond);
  CHECK(creation.value(kCreation + "_bucket", {{"phase", "Running"}, {"le", "+Inf"}}) == vmis);
}

TEST_CASE(
    "sim metrics: kubevirt_vmi_phase_count follows the VMIs - Pending without a node while the "
    "controller stalls, Running on sim nodes after") {
  SimCluster sim({"--profile", "instant", "--stall-controller"});
  auto api = sim.client();
  for (int i = 0; i < 3; ++i)
    REQUIRE(api.request("POST", kVmis, vmiJson("count-" + std::to_string(i))).status == 201);
  auto stalled = scrape(sim)["kubevirt_vmi_phase_count"];
  CHECK(stalled.value("kubevirt_vmi_phase_count", {{"phase", "Pending"}, {"node", ""}}) == 3);

  REQUIRE(sim.adminClient().request("PUT", "/sim/faults", "{\"stallController\":false}").status ==
          200);
  REQUIRE(eventually([&] {
    return scrape(sim)["kubevirt_vmi_phase_count"].sum("kubevirt_vmi_phase_count",
                                                       {{"phase", "Running"}}) == 3;
  }));
  auto running = scrape(sim);  // kept: the loop walks samples inside it
  for (const auto& sample : running["kubevirt_vmi_phase_count"].samples) {
    CHECK(sample.labels.at("phase") == "Running");
    CHECK(sample.labels.at("node").rfind("sim-node-", 0) == 0);
  }
}

TEST_CASE(
    "sim controller: --metrics-addr serves virt-controller's families on loopback HTTP, its list "
    "and watch counted by host, and refuses another address unless allowed") {
  SimCluster sim({"--profile", "instant"});
  ChildProcess controller({simBinary(), "controller", "--kubeconfig", sim.kubeconfig(),
                           "--metrics-addr", "127.0.0.1:0"});
  REQUIRE(controller.readLine(10s));  // the admin URL
  const auto metricsUrl = controller.readLine(10s);
  REQUIRE(metricsUrl);
  const Poco::URI uri(*metricsUrl);
  CHECK(uri.getScheme() == "http");
  CHECK(uri.getHost() == "127.0.0.1");
  CHECK(uri.getPath() == "/metrics");

  auto get = [&](const std::string& path, std::string& body) {
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    Poco::Net::HTTPRequest request("GET", path, Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return static_cast<int>(response.getStatus());
  };
  const auto host =
      Poco::URI(sim.url()).getHost() + ":" + std::to_string(Poco::URI(sim.url()).getPort());
  std::map<std::string, MetricFamily> families;
  REQUIRE(eventually([&] {
    std::string body;
    if (get("/metrics", body) != 200) return false;
    families = parseExposition(body);
    const auto& requests = families["kubevirt_rest_client_requests_total"];
    return requests.value("kubevirt_rest_client_requests_total",
                          {{"verb", "LIST"}, {"code", "200"}, {"host", host}}) >= 1 &&
           requests.value("kubevirt_rest_client_requests_total",
                          {{"verb", "WATCH"}, {"code", "200"}, {"host", host}}) >= 1;
  }));
  for (const auto& name : {kCreation, kDeletion, std::string("kubevirt_vmi_phase_count")})
    CHECK(families.count(name));
  CHECK_FALSE(families.count("apiserver_request_total"));  // the API server's, not its own
  std::string body;
  CHECK(get("/other", body) == 404);

  auto refused = runCommand({simBinary(), "controller", "--kubeconfig", sim.kubeconfig(),
                             "--metrics-addr", "10.1.2.3:9090"},
                            {}, 20s);
  CHECK(refused.exitCode == 2);
  CHECK_THAT(refused.err, Catch::Contains("--metrics-addr 10.1.2.3:9090") &&
                              Catch::Contains("--metrics-any-address"));
}
