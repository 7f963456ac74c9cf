// The reflector against perfscale-sim: cut streams, forced 410s, bookmarks and large
// objects, with every phase of every VMI seen.
#include <Poco/JSON/Object.h>
#include <catch2/catch.hpp>

#include <map>
#include <mutex>
#include <thread>

#include "core/kube/kubeconfig.h"
#include "core/kube/reflector.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::kube::Reflector;
using perfscale::kube::WatchEvent;
using perfscale::test::SimCluster;
using perfscale::test::vmiJson;

namespace {

const std::string kVmis = "/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances";

struct Seen {
  WatchEvent::Type type;
  std::string phase;
  bool late;
};

class RecordingHandler : public perfscale::kube::ReflectorHandler {
 public:
  void onObject(WatchEvent::Type type, const perfscale::kube::WatchedObject& object, TimePoint,
                bool late) override {
    std::lock_guard<std::mutex> lock(mutex);
    byName[object.meta.name].push_back(Seen{type, object.phase, late});
    if (late && type == WatchEvent::Type::Deleted) lateDeleted.push_back(object.meta.name);
  }
  void onNotice(const std::string& kind, const std::string&) override {
    std::lock_guard<std::mutex> lock(mutex);
    notices.push_back(kind);
  }
  void onTry(const perfscale::kube::TryReport&, const std::string& verb) override {
    std::lock_guard<std::mutex> lock(mutex);
    ++tries[verb];
  }
  std::vector<std::string> phasesOf(const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex);
    std::vector<std::string> phases;
    for (const auto& seen : byName[name]) {
      if (!seen.phase.empty() && (phases.empty() || phases.back() != seen.phase))
        phases.push_back(seen.phase);
    }
    return phases;
  }
  template <typename F>
  bool eventually(F condition, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (condition()) return true;
      std::this_thread::sleep_for(20ms);
    }
    return condition();
  }

  std::mutex mutex;
  std::map<std::string, std::vector<Seen>> byName;
  std::vector<std::string> notices;
  std::vector<std::string> lateDeleted;  // late Deleted objects, in the order reported
  std::map<std::string, int> tries;
};

perfscale::kube::RestClient clientFor(const SimCluster& sim) {
  perfscale::kube::KubeconfigOverrides overrides;
  overrides.kubeconfig = sim.kubeconfig();
  auto config =
      perfscale::kube::loadClusterConfig(overrides, perfscale::kube::Environment::process());
  return perfscale::kube::RestClient(config,
                                     std::make_shared<perfscale::kube::UnlimitedRateLimiter>());
}

perfscale::kube::ReflectorOptions vmiWatch() {
  perfscale::kube::ReflectorOptions options;
  options.path = "/apis/kubevirt.io/v1/virtualmachineinstances";
  options.labelSelector = "run=r";
  options.firstRetryDelay = 20ms;
  options.maxRetryDelay = 200ms;
  return options;
}

const std::vector<std::string> kLifecycle = {"Pending", "Scheduling", "Scheduled", "Running"};

}  // namespace

TEST_CASE("reflector: every phase of every VMI is seen in order through cut watch streams") {
  SimCluster sim({"--profile", "instant", "--fault-watch-cut-events", "5"});
  auto client = clientFor(sim);
  RecordingHandler handler;
  Reflector reflector(client, vmiWatch(), handler);
  reflector.start();
  auto direct = sim.client();
  for (int i = 0; i < 10; ++i) {
    REQUIRE(
        direct.request("POST", kVmis, vmiJson("v" + std::to_string(i), {{"run", "r"}})).status ==
        201);
  }
  REQUIRE(handler.eventually([&] {
    for (int i = 0; i < 10; ++i) {
      if (handler.phasesOf("v" + std::to_string(i)).size() < 4) return false;
    }
    return true;
  }));
  for (int i = 0; i < 10; ++i)
    CHECK(handler.phasesOf("v" + std::to_string(i)) == kLifecycle);
  CHECK(reflector.reconnects() >= 7);  // 40 events, cut every 5
  CHECK(reflector.relists() == 0);
  reflector.stop();
}

TEST_CASE("reflector: after a 410 it lists again and reports what changed meanwhile as late") {
  SimCluster sim({"--profile", "instant", "--fault-watch-cut-after", "300ms"});
  auto client = clientFor(sim);
  RecordingHandler handler;
  Reflector reflector(client, vmiWatch(), handler);
  reflector.start();
  auto direct = sim.client();
  auto admin = sim.adminClient();
  REQUIRE(direct.request("POST", kVmis, vmiJson("a", {{"run", "r"}})).status == 201);
  // Created out of name order, and deleted below out of it too.
  REQUIRE(direct.request("POST", kVmis, vmiJson("d", {{"run", "r"}})).status == 201);
  REQUIRE(direct.request("POST", kVmis, vmiJson("b", {{"run", "r"}})).status == 201);
  REQUIRE(handler.eventually([&] { return handler.phasesOf("b").size() == 4; }));
  REQUIRE(handler.eventually([&] { return handler.phasesOf("d").size() == 4; }));

  // Keep the reflector away: its stream is cut within 300 ms and reconnects are dropped.
  REQUIRE(admin.request("PUT", "/sim/faults", R"({"dropRate":1,"verbs":["watch"]})").status == 200);
  std::this_thread::sleep_for(600ms);
  REQUIRE(direct.request("DELETE", kVmis + "/d").status == 200);
  REQUIRE(direct.request("DELETE", kVmis + "/b").status == 200);
  REQUIRE(direct.request("POST", kVmis, vmiJson("c", {{"run", "r"}})).status == 201);
  REQUIRE(handler.eventually([&] { return direct.request("GET", kVmis + "/b").status == 404; }));
  REQUIRE(handler.eventually([&] { return direct.request("GET", kVmis + "/d").status == 404; }));
  std::this_thread::sleep_for(200ms);
  REQUIRE(admin.request("POST", "/sim/compact").status == 200);
  REQUIRE(admin.request("PUT", "/sim/faults", R"({"dropRate":0})").status == 200);

  REQUIRE(handler.eventually([&] { return reflector.relists() >= 1; }));
  REQUIRE(handler.eventually([&] {
    std::lock_guard<std::mutex> lock(handler.mutex);
    return !handler.byName["c"].empty() && !handler.byName["b"].empty() &&
           handler.byName["b"].back().type == WatchEvent::Type::Deleted;
  }));
  // Stopped first: the reflector's thread takes handler.mutex for every try it reports, so
  // stop() must not be called while holding it.
  reflector.stop();
  std::lock_guard<std::mutex> lock(handler.mutex);
  CHECK(handler.byName["c"].front().late);
  CHECK(handler.byName["c"].front().type == WatchEvent::Type::Added);
  CHECK(handler.byName["b"].back().late);
  // What went away meanwhile is reported once each, in name order, whatever the order it went.
  CHECK(handler.lateDeleted == std::vector<std::string>{"b", "d"});
  CHECK(handler.byName["a"].back().type != WatchEvent::Type::Deleted);
  CHECK(std::count(handler.notices.begin(), handler.notices.end(), "watch-expired") >= 1);
}

TEST_CASE("reflector: bookmarks keep a quiet watch alive past its idle timeout") {
  SimCluster sim({"--profile", "instant", "--bookmark-interval", "1s"});
  auto client = clientFor(sim);
  RecordingHandler handler;
  auto options = vmiWatch();
  options.idleTimeout = 2500ms;
  Reflector reflector(client, options, handler);
  reflector.start();
  std::this_thread::sleep_for(4s);
  CHECK(reflector.reconnects() == 0);
  reflector.stop();
}

TEST_CASE("reflector: a 1 MB object arrives whole") {
  SimCluster sim({"--profile", "instant"});
  auto client = clientFor(sim);
  RecordingHandler handler;
  Reflector reflector(client, vmiWatch(), handler);
  reflector.start();
  std::string body = vmiJson("big", {{"run", "r"}});
  const std::string padding(1 << 20, 'x');
  body.replace(body.find("\"labels\""), 0, "\"annotations\":{\"pad\":\"" + padding + "\"},");
  REQUIRE(sim.client().request("POST", kVmis, body).status == 201);
  CHECK(handler.eventually([&] { return handler.phasesOf("big") == kLifecycle; }));
  reflector.stop();
}

TEST_CASE("reflector: a list the server refuses fails start() with the Status") {
  SimCluster sim({"--profile", "instant"});
  auto client = clientFor(sim);
  RecordingHandler handler;
  auto options = vmiWatch();
  options.labelSelector = "run in (";
  Reflector reflector(client, options, handler);
  CHECK_THROWS_WITH(reflector.start(), Catch::Contains("400"));
}
