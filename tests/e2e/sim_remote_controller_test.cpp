// `perfscale-sim controller` on a real kube-apiserver (the [real] tier: tests/real/run.sh sets
// PERFSCALE_REAL_CLUSTER): it takes new VMIs over, moves them through their phases with the
// status shape of the built-in server, honours capacity, faults and grace periods, finalizes
// deletions with PUTs, and its ground truth orders every transition. Against perfscale-sim
// alone (no real API server) these tests have nothing to drive and say so.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <catch2/catch.hpp>

#include <thread>

#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::HttpsClient;
using perfscale::test::SimCluster;
using perfscale::test::vmiJson;

namespace {

const std::string kVmis = "/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances";

template <typename F>
bool eventually(F condition, std::chrono::milliseconds timeout = 20s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return condition();
}

Poco::JSON::Object::Ptr getVmi(HttpsClient& api, const std::string& name) {
  auto answer = api.request("GET", kVmis + "/" + name);
  return answer.status == 200 ? answer.json() : nullptr;
}

std::string phaseOf(HttpsClient& api, const std::string& name) {
  auto vmi = getVmi(api, name);
  if (!vmi) return "<gone>";
  auto status = vmi->getObject("status");
  return status ? status->optValue<std::string>("phase", "") : "";
}

void create(HttpsClient& api, const std::string& name, int gracePeriodSeconds = 0) {
  const auto answer = api.request("POST", kVmis, vmiJson(name, {}, gracePeriodSeconds));
  REQUIRE(answer.status == 201);
}

void remove(HttpsClient& api, const std::string& name) {
  const auto status = api.request("DELETE", kVmis + "/" + name).status;
  REQUIRE((status == 200 || status == 202));
}

// The ground-truth record of `name` (the newest, should a name be reused).
Poco::JSON::Object::Ptr truthOf(SimCluster& cluster, const std::string& name) {
  auto admin = cluster.adminClient();
  auto answer = admin.request("GET", "/sim/truth");
  REQUIRE(answer.status == 200);
  auto vmis = answer.json()->getArray("vmis");
  Poco::JSON::Object::Ptr found;
  for (size_t i = 0; i < vmis->size(); ++i) {
    if (vmis->getObject(i)->getValue<std::string>("name") == name) found = vmis->getObject(i);
  }
  return found;
}

// (phase, atNs); each phase's commit (the PUT's answer) comes after its decision.
std::vector<std::pair<std::string, int64_t>> phasesOf(const Poco::JSON::Object::Ptr& record) {
  std::vector<std::pair<std::string, int64_t>> out;
  auto phases = record->getArray("phases");
  for (size_t i = 0; i < phases->size(); ++i) {
    const auto at = phases->getObject(i)->getValue<int64_t>("atNs");
    CHECK(phases->getObject(i)->getValue<int64_t>("committedNs") >= at);
    out.emplace_back(phases->getObject(i)->getValue<std::string>("phase"), at);
  }
  return out;
}

Poco::JSON::Object::Ptr stats(SimCluster& cluster) {
  auto admin = cluster.adminClient();
  auto answer = admin.request("GET", "/sim/stats");
  REQUIRE(answer.status == 200);
  return answer.json();
}

#define REAL_CLUSTER_ONLY()                                                                   \
  if (!SimCluster::real()) {                                                                  \
    WARN("needs a real API server (tests/real/run.sh sets PERFSCALE_REAL_CLUSTER): skipped"); \
    return;                                                                                   \
  }

}  // namespace

TEST_CASE("sim controller: new VMIs are taken over and run, with the built-in status shape",
          "[real]") {
  REAL_CLUSTER_ONLY();
  SimCluster cluster({"--profile", "instant"});
  auto api = cluster.client();
  for (const char* name : {"take-1", "take-2", "take-3"})
    create(api, name);
  REQUIRE(eventually([&] {
    return phaseOf(api, "take-1") == "Running" && phaseOf(api, "take-2") == "Running" &&
           phaseOf(api, "take-3") == "Running";
  }));

  auto vmi = getVmi(api, "take-2");
  auto metadata = vmi->getObject("metadata");
  auto finalizers = metadata->getArray("finalizers");
  REQUIRE(finalizers);
  CHECK(finalizers->getElement<std::string>(0) == "kubevirt.io/foregroundDeleteVirtualMachine");
  auto status = vmi->getObject("status");
  const std::string node = status->getValue<std::string>("nodeName");
  CHECK(node.rfind("sim-node-", 0) == 0);
  CHECK(metadata->getObject("labels")->getValue<std::string>("kubevirt.io/nodeName") == node);
  auto transitions = status->getArray("phaseTransitionTimestamps");
  REQUIRE(transitions->size() == 4);
  const char* expected[] = {"Pending", "Scheduling", "Scheduled", "Running"};
  for (size_t i = 0; i < 4; ++i)
    CHECK(transitions->getObject(i)->getValue<std::string>("phase") == expected[i]);
  auto ready = status->getArray("conditions")->getObject(0);
  CHECK(ready->getValue<std::string>("type") == "Ready");
  CHECK(ready->getValue<std::string>("status") == "True");

  // Ground truth: created, then each phase in order.
  auto record = truthOf(cluster, "take-2");
  REQUIRE(record);
  CHECK(record->getValue<std::string>("uid") == metadata->getValue<std::string>("uid"));
  const auto phases = phasesOf(record);
  REQUIRE(phases.size() == 4);
  int64_t last = record->getValue<int64_t>("createdNs");
  for (size_t i = 0; i < 4; ++i) {
    CHECK(phases[i].first == expected[i]);
    CHECK(phases[i].second >= last);
    last = phases[i].second;
  }

  auto counts = stats(cluster);
  CHECK(counts->getValue<bool>("synced"));
  CHECK(counts->getValue<int>("liveVmis") == 3);
  CHECK(counts->getValue<int>("occupied") == 3);
  CHECK(counts->getValue<int>("statusWrites") >= 12);  // Pending + 3 transitions each
}

TEST_CASE("sim controller: a deleted VMI is held for its grace period, then Succeeded and gone",
          "[real]") {
  REAL_CLUSTER_ONLY();
  SimCluster cluster({"--profile", "instant"});
  auto api = cluster.client();
  create(api, "grace-2", 2);
  create(api, "grace-0", 0);
  REQUIRE(eventually([&] {
    return phaseOf(api, "grace-2") == "Running" && phaseOf(api, "grace-0") == "Running";
  }));
  remove(api, "grace-2");
  remove(api, "grace-0");
  REQUIRE(eventually([&] { return phaseOf(api, "grace-0") == "<gone>"; }, 10s));
  // A real API server keeps no grace period for custom resources: the spec's counts.
  auto held = getVmi(api, "grace-2");
  REQUIRE(held);
  CHECK(held->getObject("metadata")->has("deletionTimestamp"));
  CHECK(held->getObject("metadata")->optValue<int>("deletionGracePeriodSeconds", -1) == 0);
  CHECK(held->getObject("status")->getValue<std::string>("phase") == "Running");
  REQUIRE(eventually([&] { return phaseOf(api, "grace-2") == "<gone>"; }, 15s));

  for (const char* name : {"grace-0", "grace-2"}) {
    INFO(name);
    auto record = truthOf(cluster, name);
    REQUIRE(record);
    const auto phases = phasesOf(record);
    REQUIRE(phases.size() == 5);
    CHECK(phases[4].first == "Succeeded");
    const int64_t requested = record->getValue<int64_t>("deletionRequestedNs");
    const int64_t gone = record->getValue<int64_t>("goneNs");
    CHECK(requested >= phases[3].second);
    CHECK(phases[4].second >= requested);
    CHECK(gone >= phases[4].second);
    if (std::string(name) == "grace-2") CHECK(phases[4].second - requested >= 1'900'000'000);
  }
  CHECK(stats(cluster)->getValue<int>("liveVmis") == 0);
}

TEST_CASE("sim controller: capacity holds VMIs Pending until a slot frees", "[real]") {
  REAL_CLUSTER_ONLY();
  SimCluster cluster({"--profile", "instant", "--nodes", "1", "--vmis-per-node", "1"});
  auto api = cluster.client();
  create(api, "cap-1");
  REQUIRE(eventually([&] { return phaseOf(api, "cap-1") == "Running"; }));
  create(api, "cap-2");
  REQUIRE(eventually([&] { return stats(cluster)->getValue<int>("waitingForCapacity") == 1; }));
  CHECK(phaseOf(api, "cap-2") == "Pending");
  remove(api, "cap-1");
  REQUIRE(eventually([&] { return phaseOf(api, "cap-2") == "Running"; }));
  CHECK(getVmi(api, "cap-2")->getObject("status")->getValue<std::string>("nodeName") ==
        "sim-node-000");
}

TEST_CASE("sim controller: a stalled controller leaves VMIs Pending - failed launches go Failed",
          "[real]") {
  REAL_CLUSTER_ONLY();
  SimCluster cluster({"--profile", "instant"});
  auto api = cluster.client();
  auto admin = cluster.adminClient();
  REQUIRE(admin.request("PUT", "/sim/faults", R"({"stallController":true})").status == 200);
  create(api, "stalled");
  // Taken over (admission's part in the built-in server), then left Pending.
  REQUIRE(eventually([&] { return phaseOf(api, "stalled") == "Pending"; }));
  CHECK(getVmi(api, "stalled")->getObject("metadata")->has("finalizers"));
  std::this_thread::sleep_for(700ms);
  CHECK(phaseOf(api, "stalled") == "Pending");
  REQUIRE(
      admin.request("PUT", "/sim/faults", R"({"stallController":false,"vmiFailRate":1})").status ==
      200);
  REQUIRE(eventually([&] { return phaseOf(api, "stalled") == "Failed"; }));
  CHECK(stats(cluster)->getValue<int>("occupied") == 0);  // a failed launch frees its slot
  remove(api, "stalled");
  REQUIRE(eventually([&] { return phaseOf(api, "stalled") == "<gone>"; }));
  const auto phases = phasesOf(truthOf(cluster, "stalled"));
  REQUIRE(phases.size() == 4);
  CHECK(phases.back().first == "Failed");  // and not Succeeded after it
  CHECK(admin.request("GET", "/sim/faults").json()->getValue<double>("vmiFailRate") == 1);
}
