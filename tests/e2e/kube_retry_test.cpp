// Retries against perfscale-sim's injected faults: 429 storms, 503 with and without Retry-After,
// connections cut on reads and on creates (no duplicate, nothing lost), timeouts, refused
// connections; a limiter token before every try.
#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <atomic>
#include <set>

#include "core/kube/rate_limiter.h"
#include "core/kube/rest_client.h"
#include "tests/e2e/kube_test_support.h"

using namespace std::chrono_literals;
using perfscale::kube::ConnectionErrorKind;
using perfscale::kube::RateLimiter;
using perfscale::kube::RestClient;
using perfscale::kube::RestRequest;
using perfscale::kube::RestResponse;
using perfscale::kube::TransportOptions;
using perfscale::kube::TryReport;
using perfscale::test::SimCluster;
using perfscale::test::vmiJson;
using namespace perfscale::test::kube;

namespace {

// Counts tokens; `beforeGrant(n)` runs before the n-th is granted (n from 1).
class CountingLimiter final : public RateLimiter {
 public:
  std::function<void(int)> beforeGrant;
  std::chrono::steady_clock::time_point acquire() override {
    const int n = ++count;
    if (beforeGrant) beforeGrant(n);
    return std::chrono::steady_clock::now();
  }
  std::atomic<int> count{0};
};

// Retry-After capped at 0 s: the retry logic runs in full without the sim's 1 s waits.
TransportOptions fastRetries() {
  TransportOptions options;
  options.retry.maxRetryAfter = 0s;
  options.retry.connectionBackoff = 1ms;
  options.retry.maxConnectionBackoff = 5ms;
  return options;
}

struct Sent {
  RestResponse response;
  std::vector<TryReport> tries;
};

Sent send(RestClient& client, RestRequest request) {
  Sent sent;
  request.onTry = [&](const TryReport& report) { sent.tries.push_back(report); };
  sent.response = client.send(request);
  return sent;
}

RestRequest get(const std::string& path) {
  RestRequest request;
  request.path = path;
  return request;
}

RestRequest createVmi(const std::string& name, bool named = true) {
  RestRequest request;
  request.method = "POST";
  request.path = kVmis;
  request.body = vmiJson(name, {{"test", "retry"}});
  if (named) request.createdName = name;
  return request;
}

std::vector<std::string> vmiNames(RestClient& client) {
  const auto response = client.send(get(kVmis));
  REQUIRE(response.status == 200);
  const auto items = Poco::JSON::Parser()
                         .parse(response.body)
                         .extract<Poco::JSON::Object::Ptr>()
                         ->getArray("items");
  std::vector<std::string> names;
  for (size_t i = 0; i < items->size(); ++i)
    names.push_back(items->getObject(static_cast<unsigned>(i))
                        ->getObject("metadata")
                        ->getValue<std::string>("name"));
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("retry: a 429 storm on lists is ridden out, each try taking a limiter token") {
  SimCluster sim({"--profile", "instant"});
  auto limiter = std::make_shared<CountingLimiter>();
  RestClient client(simConfig(sim), limiter, fastRetries());
  FaultScope faults(sim, R"({"throttleRate":0.5,"throttleRetryAfterSeconds":1,"verbs":["list"]})");
  int tries = 0;
  int throttled = 0;
  for (int i = 0; i < 20; ++i) {
    const auto sent = send(client, get(kNamespaces));
    tries += static_cast<int>(sent.tries.size());
    CHECK(sent.response.tries == static_cast<int>(sent.tries.size()));
    // Ten 429s in a row (p = 0.1%) would end it with the last 429.
    CHECK(
        (sent.response.status == 200 || (sent.response.status == 429 && sent.tries.size() == 10)));
    for (size_t t = 0; t < sent.tries.size(); ++t) {
      CAPTURE(t);
      CHECK(sent.tries[t].tryNumber == static_cast<int>(t) + 1);
      if (sent.tries[t].status == 429) {
        ++throttled;
        CHECK(sent.tries[t].reason == "TooManyRequests");
        CHECK_FALSE(sent.tries[t].priorityLevel.empty());
      }
      CHECK(sent.tries[t].nextStep.empty() == (t + 1 == sent.tries.size()));
    }
  }
  CHECK(throttled > 0);
  CHECK(limiter->count == tries);
}

TEST_CASE("retry: a 429 storm that does not end gives up after 10 tries with the 429") {
  SimCluster sim({"--profile", "instant"});
  auto limiter = std::make_shared<CountingLimiter>();
  RestClient client(simConfig(sim), limiter, fastRetries());
  FaultScope faults(sim, R"({"throttleRate":1,"throttleRetryAfterSeconds":1})");
  const auto sent = send(client, get(kNamespaces));
  CHECK(sent.response.status == 429);
  CHECK(sent.response.tries == 10);
  REQUIRE(sent.response.apiStatus);
  CHECK(sent.response.apiStatus->reason == "TooManyRequests");
  REQUIRE(sent.response.apiStatus->details);
  CHECK(sent.response.apiStatus->details->retryAfterSeconds == 1);
  CHECK(limiter->count == 10);
}

TEST_CASE("retry: the server's Retry-After is waited before the next try") {
  SimCluster sim({"--profile", "instant"});
  TransportOptions options;
  options.retry.maxTries = 2;
  RestClient client(simConfig(sim), nullptr, options);
  FaultScope faults(sim, R"({"throttleRate":1,"throttleRetryAfterSeconds":1})");
  const auto sent = send(client, get(kNamespaces));
  REQUIRE(sent.tries.size() == 2);
  CHECK(sent.tries[0].waitBefore == 0ms);
  CHECK(sent.tries[1].waitBefore == 1000ms);
  CHECK(sent.tries[1].granted - sent.tries[0].done >= 1s);
  CHECK_THAT(sent.tries[0].nextStep, Catch::Contains("Retry-After 1s"));
}

TEST_CASE("retry: 503 with Retry-After is retried until it passes") {
  SimCluster sim({"--profile", "instant"});
  RestClient client(simConfig(sim), nullptr, fastRetries());
  FaultScope faults(sim, R"({"errorRate":0.5,"errorCode":503,"errorRetryAfterSeconds":1})");
  int retried = 0;
  for (int i = 0; i < 20; ++i) {
    const auto sent = send(client, get(kNamespaces + "/default"));
    CHECK((sent.response.status == 200 || sent.response.tries == 10));
    retried += sent.response.tries - 1;
  }
  CHECK(retried > 0);
}

TEST_CASE("retry: 503 without Retry-After is returned at once, its Status decoded") {
  SimCluster sim({"--profile", "instant"});
  auto limiter = std::make_shared<CountingLimiter>();
  RestClient client(simConfig(sim), limiter, fastRetries());
  FaultScope faults(sim, R"({"errorRate":1,"errorCode":503,"errorRetryAfterSeconds":0})");
  const auto sent = send(client, get(kNamespaces));
  CHECK(sent.response.status == 503);
  CHECK(sent.response.tries == 1);
  CHECK(limiter->count == 1);
  REQUIRE(sent.response.apiStatus);
  CHECK(sent.response.apiStatus->reason == "ServiceUnavailable");
  CHECK_THAT(sent.response.apiStatus->message, Catch::Contains("injected fault"));
  CHECK_FALSE(sent.response.ok());
  CHECK_THROWS_AS(sent.response.bodyOrThrow(), perfscale::kube::ApiError);
  CHECK_THROWS_WITH(sent.response.bodyOrThrow(),
                    "GET " + sim.url() + kNamespaces +
                        ": 503 ServiceUnavailable: the server is "
                        "currently unable to handle the request (injected fault)");
}

TEST_CASE("retry: cut connections on GET and list are resent until answered") {
  SimCluster sim({"--profile", "instant"});
  RestClient client(simConfig(sim), nullptr, fastRetries());
  FaultScope faults(sim, R"({"dropRate":0.5,"verbs":["get","list"]})");
  int cut = 0;
  for (int i = 0; i < 20; ++i) {
    const auto sent = send(client, get(i % 2 ? kNamespaces : kNamespaces + "/default"));
    CHECK((sent.response.status == 200 || sent.response.tries == 10));
    for (size_t t = 0; t < sent.tries.size(); ++t) {
      const auto& report = sent.tries[t];
      if (report.error.empty()) continue;
      ++cut;
      CHECK(report.status == 0);
      CHECK(report.sent.time_since_epoch().count() > 0);  // it was sent, then cut
      CHECK(report.firstByte.time_since_epoch().count() == 0);
      // Every cut try says what comes next, except the last of all (1 in 1024 requests).
      if (t + 1 < sent.tries.size()) CHECK_FALSE(report.nextStep.empty());
    }
  }
  CHECK(cut > 0);
}

TEST_CASE(
    "retry: creates cut after sending are checked by name and resent: none lost, none "
    "doubled") {
  SimCluster sim({"--profile", "instant"});
  RestClient client(simConfig(sim), nullptr, fastRetries());
  std::vector<std::string> expected;
  int checks = 0;
  {
    FaultScope faults(sim, R"({"dropRate":0.2,"verbs":["create"]})");
    for (int i = 0; i < 20; ++i) {
      const std::string name = "cut-" + std::to_string(i);
      expected.push_back(name);
      const auto sent = send(client, createVmi(name));
      INFO(name << ": " << sent.response.body);
      CHECK(sent.response.ok());
      // The sim drops before creating, so the GET never finds the object.
      CHECK_FALSE(sent.response.createdByEarlierTry);
      for (size_t t = 0; t + 1 < sent.tries.size(); ++t) {
        if (sent.tries[t].method != "POST" || sent.tries[t].error.empty()) continue;
        ++checks;
        const auto& check = sent.tries[t + 1];
        CHECK(check.method == "GET");
        CHECK(check.createCheck);
        CHECK(check.status == 404);
        CHECK(check.url == sim.url() + kVmis + "/" + name);
      }
    }
  }
  CHECK(checks > 0);
  std::sort(expected.begin(), expected.end());
  CHECK(vmiNames(client) == expected);
}

TEST_CASE("retry: a create that landed before its answer was lost counts as done") {
  SimCluster sim({"--profile", "instant"});
  RestClient client(simConfig(sim), nullptr, fastRetries());
  REQUIRE(client.send(createVmi("landed")).status == 201);  // as if the lost try had created it
  FaultScope faults(sim, R"({"dropRate":1,"verbs":["create"]})");
  const auto sent = send(client, createVmi("landed"));
  CHECK(sent.response.ok());
  CHECK(sent.response.status == 200);
  CHECK(sent.response.createdByEarlierTry);
  CHECK_THAT(sent.response.body, Catch::Contains("\"landed\""));
  REQUIRE(sent.tries.size() == 2);
  CHECK(sent.tries[0].method == "POST");
  CHECK(sent.tries[1].method == "GET");
  CHECK(sent.tries[1].status == 200);
}

TEST_CASE("retry: AlreadyExists on a resend after a lost answer is checked, not reported") {
  SimCluster sim({"--profile", "instant"});
  auto limiter = std::make_shared<CountingLimiter>();
  RestClient client(simConfig(sim), limiter, fastRetries());
  auto direct = sim.client();
  auto faults = std::make_unique<FaultScope>(sim, R"({"dropRate":1,"verbs":["create"]})");
  // The cut POST lands late on the server: after our GET saw nothing, before the resend.
  limiter->beforeGrant = [&](int n) {
    if (n != 3) return;
    faults.reset();
    direct.request("POST", kVmis, vmiJson("late"));
  };
  const auto sent = send(client, createVmi("late"));
  REQUIRE(sent.tries.size() == 4);
  CHECK(sent.tries[0].error.size() > 0);  // POST cut
  CHECK(sent.tries[1].status == 404);     // GET: not there (yet)
  CHECK(sent.tries[2].status == 409);     // POST again: AlreadyExists
  CHECK(sent.tries[3].status == 200);     // GET: ours
  CHECK(sent.response.ok());
  CHECK(sent.response.createdByEarlierTry);
}

TEST_CASE("retry: a create without a known name is never resent after a cut") {
  SimCluster sim({"--profile", "instant"});
  auto limiter = std::make_shared<CountingLimiter>();
  RestClient client(simConfig(sim), limiter, fastRetries());
  FaultScope faults(sim, R"({"dropRate":1,"verbs":["create"]})");
  const auto sent = send(client, createVmi("anonymous", false));
  REQUIRE(sent.response.connectionError);
  CHECK(sent.response.connectionError->kind() == ConnectionErrorKind::Reset);
  CHECK(sent.response.connectionError->mayHaveReachedServer());
  CHECK(sent.response.tries == 1);
  CHECK(limiter->count == 1);
  CHECK_THAT(sent.tries.at(0).error, Catch::Contains("closed"));
}

TEST_CASE("retry: a slow answer past the request timeout is a timeout, not resent") {
  SimCluster sim({"--profile", "instant"});
  auto config = simConfig(sim);
  config.requestTimeout = 300ms;
  RestClient client(config, nullptr, fastRetries());
  FaultScope faults(sim, R"({"latency":"1500ms","verbs":["list"]})");
  const auto started = std::chrono::steady_clock::now();
  const auto sent = send(client, get(kNamespaces));
  const auto took = std::chrono::steady_clock::now() - started;
  REQUIRE(sent.response.connectionError);
  CHECK(sent.response.connectionError->kind() == ConnectionErrorKind::Timeout);
  CHECK(sent.response.tries == 1);
  CHECK(took < 1200ms);
  CHECK_THAT(sent.response.connectionError->what(), Catch::Contains("timed out"));
}

TEST_CASE("retry: a refused connection fails at once, reported as not sent") {
  perfscale::kube::ClusterConfig config;
  {
    // A port that was just free: nothing listens on it now.
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    config.server = "https://127.0.0.1:" + std::to_string(probe.address().port());
  }
  RestClient client(config, nullptr, fastRetries());
  const auto sent = send(client, createVmi("never"));
  REQUIRE(sent.response.connectionError);
  CHECK(sent.response.connectionError->kind() == ConnectionErrorKind::Connect);
  CHECK_FALSE(sent.response.connectionError->mayHaveReachedServer());
  CHECK(sent.response.tries == 1);
  CHECK(sent.tries.at(0).sent.time_since_epoch().count() == 0);
  CHECK_THAT(sent.response.connectionError->what(),
             Catch::Contains(config.server) && Catch::Contains("not sent"));
}

TEST_CASE("retry: with a deadline, a refused connection is ridden out until it, then reported") {
  perfscale::kube::ClusterConfig config;
  {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    config.server = "https://127.0.0.1:" + std::to_string(probe.address().port());
  }
  auto options = fastRetries();
  options.retry.outageBackoff = 20ms;
  options.retry.maxOutageBackoff = 80ms;
  RestClient client(config, nullptr, options);
  auto request = createVmi("later");
  request.rideOutUntil = std::chrono::steady_clock::now() + 600ms;
  const auto started = std::chrono::steady_clock::now();
  const auto sent = send(client, request);
  const auto took = std::chrono::steady_clock::now() - started;
  REQUIRE(sent.response.connectionError);
  CHECK(sent.response.connectionError->kind() == ConnectionErrorKind::Connect);
  // Waits of 10-20, 20-40, 40-80 ms, then 40-80 ms each: at least 8 tries in 600 ms.
  CHECK(sent.response.tries >= 8);
  CHECK(sent.tries.size() == static_cast<size_t>(sent.response.tries));
  CHECK_THAT(sent.tries.front().nextStep, Catch::Contains("riding out the outage"));
  CHECK(sent.tries.back().nextStep.empty());
  CHECK(took >= 450ms);
  CHECK(took < 1500ms);

  // Abandoned (the run was interrupted): no further try.
  std::atomic<bool> abandon{true};
  request.abandon = &abandon;
  request.rideOutUntil = std::chrono::steady_clock::now() + 10s;
  const auto stopped = send(client, request);
  CHECK(stopped.response.tries == 1);
  CHECK(stopped.response.connectionError);
}
