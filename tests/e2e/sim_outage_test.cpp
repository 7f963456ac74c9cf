// perfscale-sim's outage faults as a client sees them: a refused listener that comes back
// on the same port, a frozen server that answers late, a restart that forgets the watch
// history but not the objects; and the create counters of /sim/stats.
#include <Poco/Crypto/X509Certificate.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/URI.h>
#include <catch2/catch.hpp>

#include <future>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::HttpsClient;
using perfscale::test::SimCluster;
using perfscale::test::vmiJson;

namespace {

using Clock = std::chrono::steady_clock;

const std::string kVmis = "/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances";
const std::string kAllVmis = "/apis/kubevirt.io/v1/virtualmachineinstances";

// Polls `condition` every 50 ms for at most `timeout`.
template <typename F>
bool eventually(F condition, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return condition();
}

uint16_t portOf(const SimCluster& sim) {
  return Poco::URI(sim.url()).getPort();
}

// True when a plain TCP connect to the sim's port is refused (nothing listens).
bool connectRefused(const SimCluster& sim) {
  try {
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", portOf(sim)), Poco::Timespan(1, 0));
    return false;
  } catch (const Poco::Net::ConnectionRefusedException&) {
    return true;
  } catch (const Poco::Exception&) {
    return false;
  }
}

// The status of a GET, or nothing when it failed (refused, reset, timed out).
std::optional<int> tryGet(const SimCluster& sim, const std::string& path) {
  try {
    return sim.client().request("GET", path).status;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

// A GET on a new connection that gives up after `timeout`: its status, or nothing.
std::optional<int> getWithin(const SimCluster& sim, const std::string& path,
                             std::chrono::milliseconds timeout) {
  Poco::Net::Context::Params params;
  params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
  params.loadDefaultCAs = false;
  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::CLIENT_USE, params);
  std::istringstream ca(sim.caPem());
  context->addCertificateAuthority(Poco::Crypto::X509Certificate(ca));
  const Poco::URI uri(sim.url());
  Poco::Net::HTTPSClientSession session(uri.getHost(), uri.getPort(), context);
  session.setTimeout(Poco::Timespan(static_cast<long>(timeout.count()) * 1000));
  Poco::Net::HTTPRequest request("GET", path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.set("Authorization", "Bearer " + sim.token());
  try {
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    std::string body(std::istreambuf_iterator<char>(in), {});
    return static_cast<int>(response.getStatus());
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

Poco::JSON::Object::Ptr parse(const std::string& line) {
  return Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>();
}

std::string resourceVersionOf(const Poco::JSON::Object::Ptr& object) {
  return object->getObject("metadata")->getValue<std::string>("resourceVersion");
}

Poco::JSON::Object::Ptr stats(const SimCluster& sim) {
  return sim.adminClient().request("GET", "/sim/stats").json();
}

std::string putOutage(const SimCluster& sim, const std::string& kind, const std::string& duration) {
  auto answer = sim.adminClient().request(
      "PUT", "/sim/faults",
      R"({"outage":{"kind":")" + kind + R"(","after":"0s","for":")" + duration + R"("}})");
  REQUIRE(answer.status == 200);
  auto outage = answer.json()->getObject("outage");
  REQUIRE(outage);
  CHECK(outage->getValue<std::string>("kind") == kind);
  CHECK(outage->getValue<std::string>("state") == "scheduled");
  return answer.body;
}

}  // namespace

TEST_CASE("sim outage: refuse closes the listener and resets connections, then reopens the port") {
  SimCluster sim({"--profile", "instant"});
  auto client = sim.client();
  REQUIRE(client.request("POST", kVmis, vmiJson("before")).status == 201);
  auto watch = client.stream(kAllVmis + "?watch=1");
  REQUIRE(watch->status() == 200);
  REQUIRE(watch->readLine(5s));  // the ADDED of "before": the stream is live

  const auto started = Clock::now();
  putOutage(sim, "refuse", "3s");
  // The open watch is reset (it ends well before its read timeout), new connects are refused.
  CHECK_FALSE(watch->readLine(4s));
  CHECK(Clock::now() - started < 2500ms);
  REQUIRE(eventually([&] { return connectRefused(sim); }, 2s));
  CHECK_FALSE(tryGet(sim, kVmis));

  // Back on the same URL after the outage, with the objects of before.
  REQUIRE(eventually([&] { return tryGet(sim, kVmis) == 200; }, 8s));
  CHECK(Clock::now() - started >= 2500ms);
  CHECK_FALSE(connectRefused(sim));
  CHECK(sim.client().request("GET", kVmis + "/before").status == 200);
  auto counters = stats(sim);
  CHECK(counters->getValue<int>("outagesStarted") == 1);
  CHECK(counters->getValue<int>("outagesEnded") == 1);
  CHECK(sim.adminClient().request("GET", "/sim/faults").json()->isNull("outage"));
}

TEST_CASE("sim outage: --fault-outage refuse:2s@1s refuses from one second after start for two") {
  SimCluster sim({"--profile", "instant", "--fault-outage", "refuse:2s@1s"});
  const auto started = Clock::now();
  CHECK(tryGet(sim, kVmis) == 200);
  REQUIRE(eventually([&] { return connectRefused(sim); }, 3s));
  CHECK(Clock::now() - started >= 500ms);
  REQUIRE(eventually([&] { return tryGet(sim, kVmis) == 200; }, 6s));
  CHECK(Clock::now() - started >= 1500ms);
  CHECK(sim.client().request("POST", kVmis, vmiJson("after")).status == 201);
}

TEST_CASE("sim outage: a bad outage is a 400, and outage null cancels a scheduled one") {
  SimCluster sim({"--profile", "instant"});
  auto admin = sim.adminClient();
  CHECK(admin.request("PUT", "/sim/faults", R"({"outage":{"kind":"nap","for":"1s"}})").status ==
        400);
  CHECK(admin.request("PUT", "/sim/faults", R"({"outage":{"kind":"refuse"}})").status == 400);
  CHECK(admin.request("PUT", "/sim/faults", R"({"outage":{"kind":"refuse","for":"x"}})").status ==
        400);
  CHECK(admin.request("PUT", "/sim/faults", R"({"outage":{"kind":"freeze","for":"1s","at":"1s"}})")
            .status == 400);
  REQUIRE(
      admin.request("PUT", "/sim/faults", R"({"outage":{"kind":"refuse","after":"1h","for":"1s"}})")
          .status == 200);
  auto scheduled = admin.request("GET", "/sim/faults").json()->getObject("outage");
  REQUIRE(scheduled);
  CHECK(scheduled->getValue<std::string>("state") == "scheduled");
  CHECK(scheduled->getValue<std::string>("for") == "1000000000ns");
  CHECK(scheduled->getValue<int64_t>("startsInMs") > 3500 * 1000);
  REQUIRE(admin.request("PUT", "/sim/faults", R"({"outage":null})").status == 200);
  CHECK(admin.request("GET", "/sim/faults").json()->isNull("outage"));
  CHECK(stats(sim)->getValue<int>("outagesStarted") == 0);
}

TEST_CASE("sim outage: freeze holds requests and silences watches, then answers them late") {
  // The VMI goes Scheduling 1 s after its creation, in the middle of the freeze.
  SimCluster sim({"--profile", "instant", "--delay-scheduling", "1s"});
  auto client = sim.client();
  auto created = client.request("POST", kVmis, vmiJson("held")).json();
  auto watch = client.stream(kAllVmis + "?watch=1&resourceVersion=" + resourceVersionOf(created));
  REQUIRE(watch->status() == 200);

  const auto started = Clock::now();
  putOutage(sim, "freeze", "3s");
  // Accepted but not answered: a request started now completes only after the freeze.
  auto held = std::async(std::launch::async, [&] {
    const auto t0 = Clock::now();
    const auto status = tryGet(sim, kVmis + "/held");
    return std::make_pair(status, Clock::now() - t0);
  });
  CHECK_FALSE(connectRefused(sim));
  const auto beforeTimeout = Clock::now();
  CHECK_FALSE(getWithin(sim, kVmis, 500ms));
  CHECK(Clock::now() - beforeTimeout >= 400ms);
  // The admin API is not frozen.
  auto outage = sim.adminClient().request("GET", "/sim/faults").json()->getObject("outage");
  REQUIRE(outage);
  CHECK(outage->getValue<std::string>("state") == "active");

  // The watch stays silent through the freeze; the event of the transition during it comes
  // after.
  auto line = watch->readLine(6s);
  CHECK(Clock::now() - started >= 2500ms);
  REQUIRE(line);
  auto event = parse(*line);
  CHECK(event->getValue<std::string>("type") == "MODIFIED");
  CHECK(event->getObject("object")->getObject("status")->getValue<std::string>("phase") ==
        "Scheduling");

  REQUIRE(held.wait_for(5s) == std::future_status::ready);
  const auto [status, took] = held.get();
  CHECK(status == 200);
  CHECK(took >= 2s);
  CHECK(getWithin(sim, kVmis, 2s) == 200);
  CHECK(stats(sim)->getValue<int>("outagesEnded") == 1);
}

TEST_CASE("sim outage: DELETE /sim/faults ends a freeze early") {
  SimCluster sim({"--profile", "instant"});
  putOutage(sim, "freeze", "60s");
  REQUIRE(eventually([&] { return !getWithin(sim, kVmis, 300ms); }, 2s));
  REQUIRE(sim.adminClient().request("DELETE", "/sim/faults").status == 200);
  CHECK(getWithin(sim, kVmis, 2s) == 200);
}

TEST_CASE(
    "sim outage: restart cuts every connection, keeps objects and the controller, and "
    "expires older resourceVersions with 410") {
  // "moving" goes Scheduling 1 s after its creation: while the server is down.
  SimCluster sim({"--profile", "instant", "--delay-scheduling", "1s"});
  auto client = sim.client();
  auto first = client.request("POST", kVmis, vmiJson("first")).json();
  const std::string old = resourceVersionOf(first);
  REQUIRE(client.request("POST", kVmis, vmiJson("second")).status == 201);
  REQUIRE(client.request("POST", kVmis, vmiJson("moving")).status == 201);
  auto watch = client.stream(kAllVmis + "?watch=1&resourceVersion=" + old);
  REQUIRE(watch->status() == 200);
  REQUIRE(watch->readLine(5s));  // the ADDED of "second"

  const auto started = Clock::now();
  putOutage(sim, "restart", "2s");
  REQUIRE(eventually([&] { return connectRefused(sim); }, 2s));
  // The watch is cut, whatever it was doing.
  for (int i = 0; i < 10 && watch->readLine(3s); ++i) {
  }
  CHECK(Clock::now() - started < 5s);

  REQUIRE(eventually([&] { return tryGet(sim, kVmis) == 200; }, 8s));
  CHECK(Clock::now() - started >= 1500ms);
  // Every object is still there, and the controller moved "moving" on while the server was
  // down.
  auto list = client.request("GET", kVmis);
  REQUIRE(list.status == 200);
  auto items = list.json()->getArray("items");
  std::set<std::string> names;
  for (size_t i = 0; i < items->size(); ++i)
    names.insert(items->getObject(i)->getObject("metadata")->getValue<std::string>("name"));
  CHECK(names == std::set<std::string>{"first", "second", "moving"});
  CHECK(eventually(
      [&] {
        auto vmi = client.request("GET", kVmis + "/moving").json();
        return vmi->getObject("status")->getValue<std::string>("phase") == "Running";
      },
      5s));

  // A watch from before the restart gets 410 Expired, as after a compaction.
  auto resumed = client.stream(kAllVmis + "?watch=1&resourceVersion=" + old);
  REQUIRE(resumed->status() == 200);
  auto line = resumed->readLine(5s);
  REQUIRE(line);
  auto error = parse(*line);
  CHECK(error->getValue<std::string>("type") == "ERROR");
  CHECK(error->getObject("object")->getValue<int>("code") == 410);
  CHECK(error->getObject("object")->getValue<std::string>("reason") == "Expired");

  // A watch from the version of a fresh list works.
  auto fresh =
      client.stream(kAllVmis + "?watch=1&resourceVersion=" + resourceVersionOf(list.json()));
  REQUIRE(fresh->status() == 200);
  REQUIRE(client.request("POST", kVmis, vmiJson("third")).status == 201);
  bool sawThird = false;
  for (int i = 0; i < 10 && !sawThird; ++i) {
    auto next = fresh->readLine(5s);
    if (!next) break;
    auto event = parse(*next);
    sawThird =
        event->getValue<std::string>("type") == "ADDED" &&
        event->getObject("object")->getObject("metadata")->getValue<std::string>("name") == "third";
  }
  CHECK(sawThird);
  CHECK(stats(sim)->getValue<int>("outagesEnded") == 1);
}

TEST_CASE("sim outage: /sim/stats counts creates that found their name taken, and recreations") {
  SimCluster sim({"--profile", "instant"});
  auto client = sim.client();
  REQUIRE(client.request("POST", kVmis, vmiJson("twice")).status == 201);
  CHECK(client.request("POST", kVmis, vmiJson("twice")).status == 409);
  CHECK(client.request("POST", kVmis, vmiJson("twice")).status == 409);
  CHECK(client.request("POST", "/api/v1/namespaces", R"({"metadata":{"name":"default"}})").status ==
        409);
  auto counters = stats(sim);
  CHECK(counters->getValue<int>("createConflicts") == 3);
  auto byName = counters->getObject("createConflictsByName");
  CHECK(byName->getValue<int>("virtualmachineinstances/default/twice") == 2);
  CHECK(byName->getValue<int>("namespaces/default") == 1);
  CHECK(counters->getObject("createdMoreThanOnce")->size() == 0);

  REQUIRE(client.request("DELETE", kVmis + "/twice").status == 200);
  REQUIRE(eventually([&] { return client.request("GET", kVmis + "/twice").status == 404; }, 5s));
  REQUIRE(client.request("POST", kVmis, vmiJson("twice")).status == 201);
  counters = stats(sim);
  CHECK(counters->getValue<int>("createConflicts") == 3);
  CHECK(counters->getObject("createdMoreThanOnce")
            ->getValue<int>("virtualmachineinstances/default/twice") == 2);
}
