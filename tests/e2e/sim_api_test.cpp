// perfscale-sim's API as a client sees it over HTTPS: shapes of answers and errors,
// selectors, pagination, lifecycle, watches, capacity, faults and ground truth.
#include <sys/stat.h>

#include <Poco/Base64Decoder.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <csignal>
#include <sstream>
#include <thread>

#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::HttpAnswer;
using perfscale::test::HttpsClient;
using perfscale::test::SimCluster;
using perfscale::test::vmiJson;

namespace {

const std::string kVmis = "/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances";
const std::string kAllVmis = "/apis/kubevirt.io/v1/virtualmachineinstances";

std::string phaseOf(HttpsClient& client, const std::string& name,
                    const std::string& collection = kVmis) {
  auto answer = client.request("GET", collection + "/" + name);
  if (answer.status != 200) return "<" + std::to_string(answer.status) + ">";
  auto status = answer.json()->getObject("status");
  return status ? status->optValue<std::string>("phase", "") : "";
}

// Polls `condition` every 20 ms for at most `timeout`.
template <typename F>
bool eventually(F condition, std::chrono::milliseconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

std::string statusReason(const HttpAnswer& answer) {
  auto json = answer.json();
  CHECK(json->getValue<std::string>("kind") == "Status");
  CHECK(json->getValue<int>("code") == answer.status);
  return json->optValue<std::string>("reason", "");
}

size_t itemCount(const HttpAnswer& answer) {
  return answer.json()->getArray("items")->size();
}

std::vector<std::string> itemNames(const HttpAnswer& answer) {
  std::vector<std::string> names;
  auto items = answer.json()->getArray("items");
  for (size_t i = 0; i < items->size(); ++i) {
    names.push_back(items->getObject(i)->getObject("metadata")->getValue<std::string>("name"));
  }
  std::sort(names.begin(), names.end());
  return names;
}

struct Event {
  std::string type;
  Poco::JSON::Object::Ptr object;
  std::string name() const {
    auto metadata = object->getObject("metadata");
    return metadata ? metadata->optValue<std::string>("name", "") : "";
  }
  std::string phase() const {
    auto status = object->getObject("status");
    return status ? status->optValue<std::string>("phase", "") : "";
  }
};

std::optional<Event> nextEvent(perfscale::test::HttpStream& stream,
                               std::chrono::milliseconds timeout = 5s) {
  auto line = stream.readLine(timeout);
  if (!line || line->empty()) return std::nullopt;
  auto json = Poco::JSON::Parser().parse(*line).extract<Poco::JSON::Object::Ptr>();
  return Event{json->getValue<std::string>("type"), json->getObject("object")};
}

}  // namespace

TEST_CASE("sim: prints its https URL first and writes a kubeconfig readable by its owner only") {
  SimCluster sim({"--profile", "instant"});
  CHECK(sim.url().rfind("https://127.0.0.1:", 0) == 0);
  struct stat info {};
  REQUIRE(stat(sim.kubeconfig().c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("sim: refuses a listen address outside loopback") {
  perfscale::test::TempDir dir;
  auto result = perfscale::test::runCommand(
      {perfscale::test::simBinary(), "--listen", "0.0.0.0:0", "--kubeconfig-out", dir.file("k")});
  CHECK(result.exitCode == 2);
  CHECK_THAT(result.err, Catch::Contains("loopback"));
}

TEST_CASE("sim: exits cleanly on SIGTERM even with a watch open") {
  SimCluster sim({"--profile", "instant"});
  auto watch = sim.client().stream(kAllVmis + "?watch=1");
  REQUIRE(watch->status() == 200);
  CHECK(sim.process().stop(SIGTERM, 10s) == 0);
}

TEST_CASE("sim: discovery names VMIs with short names vmi and vmis, and namespaces") {
  SimCluster sim({"--profile", "instant"});
  auto client = sim.client();
  auto resources = client.request("GET", "/apis/kubevirt.io/v1").json()->getArray("resources");
  REQUIRE(resources->size() == 1);
  auto vmi = resources->getObject(0);
  CHECK(vmi->getValue<std::string>("name") == "virtualmachineinstances");
  CHECK(vmi->getValue<bool>("namespaced"));
  CHECK(vmi->getArray("shortNames")->getElement<std::string>(0) == "vmi");
  CHECK(vmi->getArray("shortNames")->getElement<std::string>(1) == "vmis");
  auto core = client.request("GET", "/api/v1").json()->getArray("resources");
  CHECK(core->getObject(0)->getValue<std::string>("name") == "namespaces");
  auto groups = client.request("GET", "/apis").json()->getArray("groups");
  CHECK(groups->getObject(0)->getValue<std::string>("name") == "kubevirt.io");
  CHECK(client.request("GET", "/api").json()->getValue<std::string>("kind") == "APIVersions");
  CHECK(client.request("GET", "/apis/nothing.io/v1").status == 404);
}

TEST_CASE("sim: /version and health endpoints answer without credentials") {
  SimCluster sim({"--profile", "instant"});
  auto anonymous = sim.clientWithAuthorization("");
  auto version = anonymous.request("GET", "/version");
  CHECK(version.status == 200);
  CHECK(version.json()->getValue<std::string>("major") == "1");
  for (const char* path : {"/healthz", "/readyz", "/livez"}) {
    auto health = anonymous.request("GET", path);
    CHECK(health.status == 200);
    CHECK(health.body == "ok");
  }
}

TEST_CASE("sim: requests without valid credentials get a 401 Unauthorized Status") {
  SimCluster sim({"--profile", "instant"});
  for (const std::string authorization : {"", "Bearer wrong-token", "Basic d3Jvbmc6d3Jvbmc="}) {
    auto answer = sim.clientWithAuthorization(authorization).request("GET", kVmis);
    CHECK(answer.status == 401);
    CHECK(statusReason(answer) == "Unauthorized");
  }
}

TEST_CASE("sim: a read-only token may list but gets 403 Forbidden on writes") {
  SimCluster sim({"--profile", "instant", "--read-only-token", "reader-token"});
  auto reader = sim.clientWithAuthorization("Bearer reader-token");
  CHECK(reader.request("GET", kVmis).status == 200);
  auto create = reader.request("POST", kVmis, vmiJson("denied"));
  CHECK(create.status == 403);
  CHECK(statusReason(create) == "Forbidden");
  CHECK_THAT(
      create.json()->getValue<std::string>("message"),
      Catch::Contains("User \"sim-reader\" cannot create resource \"virtualmachineinstances\""));
  CHECK(reader.request("DELETE", "/api/v1/namespaces/kube-public").status == 403);
}

TEST_CASE("sim: static basic-auth user and client-certificate user are authenticated") {
  SimCluster sim(
      {"--profile", "instant", "--basic-auth", "ann:secret", "--client-cert-user", "alice"});
  CHECK(sim.clientWithAuthorization("Basic YW5uOnNlY3JldA==").request("GET", kVmis).status == 200);
  CHECK(sim.clientWithAuthorization("Basic YW5uOndyb25n").request("GET", kVmis).status == 401);

  const auto config = YAML::LoadFile(sim.kubeconfig());
  std::string certPem, keyPem;
  for (const auto& user : config["users"]) {
    if (user["name"].as<std::string>() != "sim-cert") continue;
    auto decode = [](const std::string& text) {
      std::istringstream in(text);
      Poco::Base64Decoder decoder(in);
      return std::string(std::istreambuf_iterator<char>(decoder), {});
    };
    certPem = decode(user["user"]["client-certificate-data"].as<std::string>());
    keyPem = decode(user["user"]["client-key-data"].as<std::string>());
  }
  REQUIRE_FALSE(certPem.empty());
  HttpsClient withCert(sim.url(), sim.caPem(), "", certPem, keyPem);
  CHECK(withCert.request("GET", kVmis).status == 200);
}

TEST_CASE("sim: a created VMI is Pending at once, with finalizer, uid and resourceVersion") {
  SimCluster sim({"--stall-controller"});
  auto client = sim.client();
  auto created = client.request("POST", kVmis, vmiJson("vm-a", {{"app", "x"}}));
  REQUIRE(created.status == 201);
  auto vmi = created.json();
  auto metadata = vmi->getObject("metadata");
  CHECK(metadata->getValue<std::string>("namespace") == "default");
  CHECK(metadata->getValue<std::string>("uid").size() == 36);
  CHECK(std::stoull(metadata->getValue<std::string>("resourceVersion")) > 0);
  CHECK(metadata->getArray("finalizers")->getElement<std::string>(0) ==
        "kubevirt.io/foregroundDeleteVirtualMachine");
  CHECK(vmi->getObject("status")->getValue<std::string>("phase") == "Pending");
  auto got = client.request("GET", kVmis + "/vm-a");
  CHECK(got.status == 200);
  CHECK(got.json()->getObject("metadata")->getValue<std::string>("uid") ==
        metadata->getValue<std::string>("uid"));
}

TEST_CASE("sim: generateName gives a name with a five-character random suffix") {
  SimCluster sim({"--profile", "instant"});
  auto client = sim.client();
  std::string body = vmiJson("");
  body.replace(body.find("\"name\":\"\""), 9, "\"generateName\":\"gen-\"");
  auto created = client.request("POST", kVmis, body);
  REQUIRE(created.status == 201);
  const auto name = created.json()->getObject("metadata")->getValue<std::string>("name");
  CHECK(name.rfind("gen-", 0) == 0);
  CHECK(name.size() == 9);
}

TEST_CASE("sim: create errors are Status objects with the API server's codes and reasons") {
  SimCluster sim({"--profile", "instant"});
  auto client = sim.client();
  REQUIRE(client.request("POST", kVmis, vmiJson("dup")).status == 201);

  auto duplicate = client.request("POST", kVmis, vmiJson("dup"));
  CHECK(duplicate.status == 409);
  CHECK(statusReason(duplicate) == "AlreadyExists");
  CHECK(duplicate.json()->getObject("details")->getValue<std::string>("name") == "dup");

  auto missingNamespace = client.request(
      "POST", "/apis/kubevirt.io/v1/namespaces/nowhere/virtualmachineinstances", vmiJson("a"));
  CHECK(missingNamespace.status == 404);
  CHECK(statusReason(missingNamespace) == "NotFound");
  CHECK_THAT(missingNamespace.json()->getValue<std::string>("message"),
             Catch::Equals("namespaces \"nowhere\" not found"));

  auto malformed = client.request("POST", kVmis, "{\"metadata\": ");
  CHECK(malformed.status == 400);
  CHECK(statusReason(malformed) == "BadRequest");

  auto noDomain = client.request(
      "POST", kVmis,
      R"({"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"nd"},"spec":{}})");
  CHECK(noDomain.status == 422);
  CHECK(statusReason(noDomain) == "Invalid");
  auto cause = noDomain.json()->getObject("details")->getArray("causes")->getObject(0);
  CHECK(cause->getValue<std::string>("field") == "spec.domain");
  CHECK(cause->getValue<std::string>("reason") == "FieldValueRequired");

  std::string badQuantity = vmiJson("bq");
  badQuantity.replace(badQuantity.find("\"90Mi\""), 6, "\"90MB\"");
  auto quantity = client.request("POST", kVmis, badQuantity);
  CHECK(quantity.status == 422);
  CHECK_THAT(quantity.body, Catch::Contains("spec.domain.resources.requests.memory"));

  auto badName = client.request("POST", kVmis, vmiJson("Not_A_DNS_Name"));
  CHECK(badName.status == 422);
  CHECK_THAT(badName.body, Catch::Contains("RFC 1123"));

  auto yaml = client.request("POST", kVmis, "kind: VirtualMachineInstance", "text/plain");
  CHECK(yaml.status == 415);
  CHECK(statusReason(yaml) == "UnsupportedMediaType");

  auto wrongKind = client.request("POST", kVmis, R"({"apiVersion":"v1","kind":"Pod"})");
  CHECK(wrongKind.status == 400);
}

TEST_CASE("sim: a VMI goes Pending, Scheduling, Scheduled, Running with timestamps and a node") {
  SimCluster sim({"--delay-scheduling", "20ms", "--delay-scheduled", "20ms", "--delay-running",
                  "20ms", "--fractional-timestamps"});
  auto client = sim.client();
  REQUIRE(client.request("POST", kVmis, vmiJson("runner")).status == 201);
  REQUIRE(eventually([&] { return phaseOf(client, "runner") == "Running"; }));
  auto status = client.request("GET", kVmis + "/runner").json()->getObject("status");
  CHECK(status->getValue<std::string>("nodeName").rfind("sim-node-", 0) == 0);
  auto transitions = status->getArray("phaseTransitionTimestamps");
  REQUIRE(transitions->size() == 4);
  const char* expected[] = {"Pending", "Scheduling", "Scheduled", "Running"};
  std::string previous;
  for (size_t i = 0; i < 4; ++i) {
    auto entry = transitions->getObject(i);
    CHECK(entry->getValue<std::string>("phase") == expected[i]);
    const auto stamp = entry->getValue<std::string>("phaseTransitionTimestamp");
    CHECK(stamp.find('.') != std::string::npos);  // --fractional-timestamps
    CHECK(stamp >= previous);
    previous = stamp;
  }
  auto ready = status->getArray("conditions")->getObject(0);
  CHECK(ready->getValue<std::string>("type") == "Ready");
  CHECK(ready->getValue<std::string>("status") == "True");
}

TEST_CASE("sim: timestamps have one-second precision by default, like a real cluster") {
  SimCluster sim({"--profile", "instant"});
  auto client = sim.client();
  auto created = client.request("POST", kVmis, vmiJson("coarse")).json();
  const auto stamp = created->getObject("status")
                         ->getArray("phaseTransitionTimestamps")
                         ->getObject(0)
                         ->getValue<std::string>("phaseTransitionTimestamp");
  CHECK(stamp.size() == 20);  // 2026-01-02T03:04:05Z
  CHECK(stamp.back() == 'Z');
}

TEST_CASE("sim: label and field selectors filter lists as the API server does") {
  SimCluster sim({"--stall-controller"});
  auto client = sim.client();
  REQUIRE(client.request("POST", kVmis, vmiJson("one", {{"tier", "a"}, {"run", "r1"}})).status ==
          201);
  REQUIRE(client.request("POST", kVmis, vmiJson("two", {{"tier", "b"}, {"run", "r1"}})).status ==
          201);
  REQUIRE(client.request("POST", kVmis, vmiJson("three", {{"run", "r2"}})).status == 201);
  using Names = std::vector<std::string>;
  auto names = [&](const std::string& query) {
    auto answer = client.request("GET", kAllVmis + "?" + query);
    REQUIRE(answer.status == 200);
    return itemNames(answer);
  };
  CHECK(names("labelSelector=tier%3Da") == Names{"one"});
  CHECK(names("labelSelector=tier%3D%3Da") == Names{"one"});
  CHECK(names("labelSelector=tier!%3Da") == Names{"three", "two"});
  CHECK(names("labelSelector=tier%20in%20(a,b)") == Names{"one", "two"});
  CHECK(names("labelSelector=tier%20notin%20(a)") == Names{"three", "two"});
  CHECK(names("labelSelector=tier") == Names{"one", "two"});
  CHECK(names("labelSelector=!tier") == Names{"three"});
  CHECK(names("labelSelector=run%3Dr1,tier%3Db") == Names{"two"});
  CHECK(names("fieldSelector=metadata.name%3Dtwo") == Names{"two"});
  CHECK(names("fieldSelector=metadata.namespace%3Ddefault,metadata.name!%3Dtwo") ==
        Names{"one", "three"});
  auto bad = client.request("GET", kAllVmis + "?labelSelector=tier%20in%20(a");
  CHECK(bad.status == 400);
  auto unsupported = client.request("GET", kAllVmis + "?fieldSelector=spec.x%3Dy");
  CHECK(unsupported.status == 400);
  CHECK_THAT(unsupported.body, Catch::Contains("field label not supported: spec.x"));
}

TEST_CASE("sim: lists paginate with limit and continue, and an old token expires with 410") {
  SimCluster sim({"--stall-controller"});
  auto client = sim.client();
  for (int i = 0; i < 5; ++i) {
    REQUIRE(client.request("POST", kVmis, vmiJson("p" + std::to_string(i))).status == 201);
  }
  auto first = client.request("GET", kVmis + "?limit=2").json();
  CHECK(first->getArray("items")->size() == 2);
  auto metadata = first->getObject("metadata");
  CHECK(metadata->getValue<int>("remainingItemCount") == 3);
  std::string token = metadata->getValue<std::string>("continue");
  std::vector<std::string> all;
  for (int page = 0; page < 5 && !token.empty(); ++page) {
    auto next = client.request("GET", kVmis + "?limit=2&continue=" + token);
    REQUIRE(next.status == 200);
    for (const auto& name : itemNames(next))
      all.push_back(name);
    token = next.json()->getObject("metadata")->optValue<std::string>("continue", "");
  }
  CHECK(all == std::vector<std::string>{"p2", "p3", "p4"});

  // A write after the first page, then a compaction past it, makes that page's snapshot too old.
  const std::string stale = metadata->getValue<std::string>("continue");
  REQUIRE(client.request("POST", kVmis, vmiJson("p5")).status == 201);
  REQUIRE(sim.adminClient().request("POST", "/sim/compact").status == 200);
  auto expired = client.request("GET", kVmis + "?limit=2&continue=" + stale);
  CHECK(expired.status == 410);
  CHECK(statusReason(expired) == "Expired");
  CHECK(client.request("GET", kVmis + "?limit=2&continue=garbage!").status == 400);
}

TEST_CASE("sim: a deleted VMI keeps its finalizer until Succeeded, then is gone") {
  SimCluster sim({"--profile", "instant"});
  auto client = sim.client();
  REQUIRE(client.request("POST", kVmis, vmiJson("del", {}, 1)).status == 201);
  REQUIRE(eventually([&] { return phaseOf(client, "del") == "Running"; }));
  auto watch = client.stream(kVmis + "?watch=1&fieldSelector=metadata.name%3Ddel");
  REQUIRE(nextEvent(*watch)->type == "ADDED");

  auto deleted = client.request("DELETE", kVmis + "/del");
  REQUIRE(deleted.status == 200);
  CHECK(deleted.json()->getObject("metadata")->has("deletionTimestamp"));
  CHECK(phaseOf(client, "del") == "Running");  // the 1 s grace period holds it

  auto marked = nextEvent(*watch);
  REQUIRE(marked);
  CHECK(marked->type == "MODIFIED");
  auto succeeded = nextEvent(*watch);
  REQUIRE(succeeded);
  CHECK(succeeded->type == "MODIFIED");
  CHECK(succeeded->phase() == "Succeeded");
  auto gone = nextEvent(*watch);
  REQUIRE(gone);
  CHECK(gone->type == "DELETED");
  CHECK(gone->object->getObject("metadata")->getArray("finalizers")->size() == 0);
  auto after = client.request("GET", kVmis + "/del");
  CHECK(after.status == 404);
  CHECK(statusReason(after) == "NotFound");
  CHECK(client.request("DELETE", kVmis + "/del").status == 404);
}

TEST_CASE("sim: a VMI's grace period is its spec's, as for custom resources on a real server") {
  SimCluster sim({"--profile", "instant"});
  auto client = sim.client();
  REQUIRE(client.request("POST", kVmis, vmiJson("short", {}, 0)).status == 201);
  REQUIRE(client.request("POST", kVmis, vmiJson("long", {}, 600)).status == 201);
  REQUIRE(eventually([&] {
    return phaseOf(client, "short") == "Running" && phaseOf(client, "long") == "Running";
  }));
  // The request's grace period is ignored either way, and the object says 0.
  auto shortened = client.request("DELETE", kVmis + "/short?gracePeriodSeconds=600");
  REQUIRE(shortened.status == 200);
  CHECK(shortened.json()->getObject("metadata")->getValue<int64_t>("deletionGracePeriodSeconds") ==
        0);
  auto lengthened = client.request("DELETE", kVmis + "/long?gracePeriodSeconds=0");
  REQUIRE(lengthened.status == 200);
  CHECK(lengthened.json()->getObject("metadata")->getValue<int64_t>("deletionGracePeriodSeconds") ==
        0);
  CHECK(eventually([&] { return client.request("GET", kVmis + "/short").status == 404; }));
  std::this_thread::sleep_for(300ms);
  CHECK(phaseOf(client, "long") == "Running");  // held for its spec's 600 s
}

TEST_CASE(
    "sim: a full cluster holds VMIs Pending until capacity frees, and a never-started "
    "VMI that is deleted ends Failed") {
  SimCluster sim({"--profile", "instant", "--nodes", "1", "--vmis-per-node", "2"});
  auto client = sim.client();
  for (const char* name : {"c1", "c2", "c3"}) {
    REQUIRE(client.request("POST", kVmis, vmiJson(name)).status == 201);
  }
  REQUIRE(eventually(
      [&] { return phaseOf(client, "c1") == "Running" && phaseOf(client, "c2") == "Running"; }));
  std::this_thread::sleep_for(200ms);
  CHECK(phaseOf(client, "c3") == "Pending");

  REQUIRE(client.request("DELETE", kVmis + "/c1").status == 200);
  CHECK(eventually([&] { return phaseOf(client, "c3") == "Running"; }));

  REQUIRE(client.request("POST", kVmis, vmiJson("c4")).status == 201);
  auto watch = client.stream(kVmis + "?watch=1&fieldSelector=metadata.name%3Dc4");
  REQUIRE(nextEvent(*watch)->phase() == "Pending");
  REQUIRE(client.request("DELETE", kVmis + "/c4").status == 200);
  std::string finalPhase;
  for (int i = 0; i < 4; ++i) {
    auto event = nextEvent(*watch);
    if (!event) break;
    if (event->type == "DELETED") break;
    finalPhase = event->phase();
  }
  CHECK(finalPhase == "Failed");
}

TEST_CASE("sim: deletecollection by label deletes only the matching VMIs") {
  SimCluster sim({"--profile", "instant"});
  auto client = sim.client();
  REQUIRE(client.request("POST", kVmis, vmiJson("k1", {{"run", "x"}})).status == 201);
  REQUIRE(client.request("POST", kVmis, vmiJson("k2", {{"run", "x"}})).status == 201);
  REQUIRE(client.request("POST", kVmis, vmiJson("k3", {{"run", "y"}})).status == 201);
  auto deleted = client.request("DELETE", kVmis + "?labelSelector=run%3Dx");
  REQUIRE(deleted.status == 200);
  CHECK(itemNames(deleted) == std::vector<std::string>{"k1", "k2"});
  CHECK(eventually([&] { return itemCount(client.request("GET", kVmis)) == 1; }));
  CHECK(phaseOf(client, "k3") != "<404>");
  CHECK(client.request("DELETE", kAllVmis + "?labelSelector=run%3Dy").status == 405);
}

TEST_CASE(
    "sim: a deleted namespace is Terminating until its VMIs are gone, and refuses new "
    "VMIs meanwhile") {
  SimCluster sim({"--profile", "instant"});
  auto client = sim.client();
  const std::string ns = "/api/v1/namespaces";
  REQUIRE(
      client
          .request("POST", ns, R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"t1"}})")
          .status == 201);
  CHECK(client.request("POST", ns, R"({"metadata":{"name":"t1"}})").status == 409);
  const std::string vmis = "/apis/kubevirt.io/v1/namespaces/t1/virtualmachineinstances";
  REQUIRE(client.request("POST", vmis, vmiJson("held", {}, 2)).status == 201);

  auto deleted = client.request("DELETE", ns + "/t1");
  REQUIRE(deleted.status == 200);
  CHECK(deleted.json()->getObject("status")->getValue<std::string>("phase") == "Terminating");
  auto refused = client.request("POST", vmis, vmiJson("late"));
  CHECK(refused.status == 403);
  CHECK(statusReason(refused) == "Forbidden");
  CHECK(
      refused.json()->getObject("details")->getArray("causes")->getObject(0)->getValue<std::string>(
          "reason") == "NamespaceTerminating");
  CHECK(client.request("GET", ns + "/t1").status == 200);
  CHECK(eventually([&] { return client.request("GET", ns + "/t1").status == 404; }, 10s));
  CHECK(client.request("GET", vmis + "/held").status == 404);

  auto protectedNs = client.request("DELETE", ns + "/default");
  CHECK(protectedNs.status == 403);
  CHECK_THAT(protectedNs.body, Catch::Contains("may not be deleted"));
  auto invalidName = client.request("POST", ns, R"({"metadata":{"name":"Bad.Name"}})");
  CHECK(invalidName.status == 422);
}

TEST_CASE("sim: a watch from a resourceVersion gets every later event, in order") {
  SimCluster sim({"--profile", "instant"});
  auto client = sim.client();
  auto first = client.request("POST", kVmis, vmiJson("w1", {{"run", "w"}})).json();
  const auto from = first->getObject("metadata")->getValue<std::string>("resourceVersion");
  REQUIRE(client.request("POST", kVmis, vmiJson("w2", {{"run", "w"}})).status == 201);
  auto watch = client.stream(kAllVmis + "?watch=1&labelSelector=run%3Dw&resourceVersion=" + from);
  REQUIRE(watch->status() == 200);
  std::map<std::string, std::vector<std::string>> phases;
  for (int i = 0; i < 40; ++i) {
    auto event = nextEvent(*watch, 3s);
    if (!event) break;
    phases[event->name()].push_back(event->phase());
    if (phases["w1"].size() == 3 && phases["w2"].size() == 4) break;
  }
  // w1's ADDED is at `from` itself, so the watch starts after it.
  CHECK(phases["w1"] == std::vector<std::string>{"Scheduling", "Scheduled", "Running"});
  CHECK(phases["w2"] == std::vector<std::string>{"Pending", "Scheduling", "Scheduled", "Running"});
}

TEST_CASE("sim: a watch without resourceVersion starts with the current objects as ADDED") {
  SimCluster sim({"--stall-controller"});
  auto client = sim.client();
  REQUIRE(client.request("POST", kVmis, vmiJson("s1")).status == 201);
  REQUIRE(client.request("POST", kVmis, vmiJson("s2")).status == 201);
  auto watch = client.stream(kVmis + "?watch=1");
  auto a = nextEvent(*watch);
  auto b = nextEvent(*watch);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->type == "ADDED");
  CHECK(b->type == "ADDED");
  CHECK(a->name() == "s1");
  CHECK(b->name() == "s2");
}

TEST_CASE("sim: watches send bookmarks when allowed and end at timeoutSeconds") {
  SimCluster sim({"--profile", "instant", "--bookmark-interval", "1s"});
  auto client = sim.client();
  auto watch = client.stream(kAllVmis +
                             "?watch=1&allowWatchBookmarks=true&timeoutSeconds=3&resourceVersion=" +
                             client.request("GET", kAllVmis)
                                 .json()
                                 ->getObject("metadata")
                                 ->getValue<std::string>("resourceVersion"));
  auto bookmark = nextEvent(*watch, 3s);
  REQUIRE(bookmark);
  CHECK(bookmark->type == "BOOKMARK");
  CHECK(bookmark->object->getObject("metadata")->has("resourceVersion"));
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 10 && nextEvent(*watch, 5s); ++i) {
  }
  CHECK(std::chrono::steady_clock::now() - started < 4s);
}

TEST_CASE(
    "sim: after compaction a watch from an old version gets an ERROR event with 410 Expired") {
  SimCluster sim({"--profile", "instant"});
  auto client = sim.client();
  auto created = client.request("POST", kVmis, vmiJson("old")).json();
  const auto from = created->getObject("metadata")->getValue<std::string>("resourceVersion");
  REQUIRE(client.request("POST", kVmis, vmiJson("newer")).status == 201);
  REQUIRE(sim.adminClient().request("POST", "/sim/compact").status == 200);
  auto watch = client.stream(kAllVmis + "?watch=1&resourceVersion=" + from);
  auto error = nextEvent(*watch);
  REQUIRE(error);
  CHECK(error->type == "ERROR");
  CHECK(error->object->getValue<int>("code") == 410);
  CHECK(error->object->getValue<std::string>("reason") == "Expired");
  CHECK_FALSE(nextEvent(*watch, 2s));
}

TEST_CASE("sim: a cut watch resumed from its last resourceVersion loses no event") {
  SimCluster sim({"--profile", "instant", "--fault-watch-cut-events", "3"});
  auto client = sim.client();
  std::string version = client.request("GET", kAllVmis)
                            .json()
                            ->getObject("metadata")
                            ->getValue<std::string>("resourceVersion");
  for (int i = 0; i < 3; ++i) {
    REQUIRE(client.request("POST", kVmis, vmiJson("r" + std::to_string(i))).status == 201);
  }
  size_t events = 0, reconnects = 0;
  for (; reconnects < 10 && events < 12; ++reconnects) {
    auto watch = client.stream(kAllVmis + "?watch=1&resourceVersion=" + version);
    while (auto event = nextEvent(*watch, 2s)) {
      version = event->object->getObject("metadata")->getValue<std::string>("resourceVersion");
      ++events;
    }
  }
  CHECK(events == 12);  // 3 VMIs x 4 phases
  CHECK(reconnects >= 4);
}

TEST_CASE("sim: injected errors, throttling and dropped connections, and their verbs filter") {
  SimCluster sim({"--profile", "instant"});
  auto client = sim.client();
  auto admin = sim.adminClient();
  CHECK(sim.client().request("GET", "/sim/faults").status == 401);

  REQUIRE(admin
              .request("PUT", "/sim/faults",
                       R"({"errorRate":1,"errorCode":503,"errorRetryAfterSeconds":2})")
              .status == 200);
  auto unavailable = client.request("GET", kVmis);
  CHECK(unavailable.status == 503);
  CHECK(unavailable.headers["Retry-After"] == "2");
  CHECK(statusReason(unavailable) == "ServiceUnavailable");

  REQUIRE(admin
              .request("PUT", "/sim/faults",
                       R"({"errorRate":0,"throttleRate":1,"throttleRetryAfterSeconds":3})")
              .status == 200);
  auto throttled = client.request("POST", kVmis, vmiJson("t"));
  CHECK(throttled.status == 429);
  CHECK(throttled.headers["Retry-After"] == "3");
  CHECK(statusReason(throttled) == "TooManyRequests");

  REQUIRE(admin.request("PUT", "/sim/faults", R"({"throttleRate":1,"verbs":["create"]})").status ==
          200);
  CHECK(client.request("GET", kVmis).status == 200);
  CHECK(client.request("POST", kVmis, vmiJson("t")).status == 429);

  REQUIRE(admin.request("DELETE", "/sim/faults").status == 200);
  REQUIRE(admin.request("PUT", "/sim/faults", R"({"dropRate":1})").status == 200);
  CHECK_THROWS(client.request("GET", kVmis));
  REQUIRE(admin.request("DELETE", "/sim/faults").status == 200);
  CHECK(client.request("GET", kVmis).status == 200);

  auto bad = admin.request("PUT", "/sim/faults", R"({"errorRate":2})");
  CHECK(bad.status == 400);
  CHECK_THAT(bad.body, Catch::Contains("errorRate"));
  CHECK(admin.request("PUT", "/sim/faults", R"({"noSuchFault":1})").status == 400);
}

TEST_CASE("sim: added latency delays every answer") {
  SimCluster sim({"--profile", "instant", "--fault-latency", "300ms"});
  auto client = sim.client();
  const auto started = std::chrono::steady_clock::now();
  CHECK(client.request("GET", kVmis).status == 200);
  CHECK(std::chrono::steady_clock::now() - started >= 300ms);
}

TEST_CASE("sim: a stalled controller holds VMIs Pending until it is released") {
  SimCluster sim({"--profile", "instant", "--stall-controller"});
  auto client = sim.client();
  REQUIRE(client.request("POST", kVmis, vmiJson("stalled")).status == 201);
  std::this_thread::sleep_for(300ms);
  CHECK(phaseOf(client, "stalled") == "Pending");
  REQUIRE(sim.adminClient().request("PUT", "/sim/faults", R"({"stallController":false})").status ==
          200);
  CHECK(eventually([&] { return phaseOf(client, "stalled") == "Running"; }));
}

TEST_CASE(
    "sim: over the inflight limit, requests get 429 with Retry-After, and PF headers always") {
  SimCluster sim({"--profile", "instant", "--max-mutating-inflight", "0", "--retry-after", "2"});
  auto client = sim.client();
  auto refused = client.request("POST", kVmis, vmiJson("x"));
  CHECK(refused.status == 429);
  CHECK(refused.headers["Retry-After"] == "2");
  CHECK_FALSE(refused.headers["X-Kubernetes-PF-FlowSchema-UID"].empty());
  CHECK_FALSE(refused.headers["X-Kubernetes-PF-PriorityLevel-UID"].empty());
  auto read = client.request("GET", kVmis);
  CHECK(read.status == 200);
  CHECK_FALSE(read.headers["X-Kubernetes-PF-PriorityLevel-UID"].empty());
  CHECK(read.headers["X-Kubernetes-PF-PriorityLevel-UID"] !=
        refused.headers["X-Kubernetes-PF-PriorityLevel-UID"]);
}

TEST_CASE("sim: ground truth has every transition in order and the time each VMI was gone") {
  SimCluster sim({"--profile", "instant"});
  auto client = sim.client();
  REQUIRE(client.request("POST", kVmis, vmiJson("truth")).status == 201);
  REQUIRE(eventually([&] { return phaseOf(client, "truth") == "Running"; }));
  REQUIRE(client.request("DELETE", kVmis + "/truth").status == 200);
  REQUIRE(eventually([&] { return phaseOf(client, "truth") == "<404>"; }));
  CHECK(client.request("GET", "/sim/truth").status == 401);
  auto truth = sim.adminClient().request("GET", "/sim/truth").json()->getArray("vmis");
  REQUIRE(truth->size() == 1);
  auto vmi = truth->getObject(0);
  CHECK(vmi->getValue<std::string>("name") == "truth");
  auto phases = vmi->getArray("phases");
  const std::vector<std::string> expected = {"Pending", "Scheduling", "Scheduled", "Running",
                                             "Succeeded"};
  REQUIRE(phases->size() == expected.size());
  int64_t previous = vmi->getValue<int64_t>("createdNs");
  for (size_t i = 0; i < expected.size(); ++i) {
    CHECK(phases->getObject(i)->getValue<std::string>("phase") == expected[i]);
    const auto at = phases->getObject(i)->getValue<int64_t>("atNs");
    CHECK(at >= previous);
    previous = at;
  }
  CHECK(vmi->getValue<int64_t>("deletionRequestedNs") > 0);
  CHECK(vmi->getValue<int64_t>("goneNs") >= previous);
}
