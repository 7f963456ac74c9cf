// A run against a server that is not a sane API server: it passes the version probe and
// discovery, then answers invalid JSON, an array for a List, or a byte a second. The run ends
// on its own with exit 1 and its summary names the URL and what was wrong; it does not hang.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "tests/e2e/hostile_server.h"
#include "tests/e2e/plugin_run_support.h"

using namespace std::chrono_literals;
using perfscale::test::kPlugin;
using perfscale::test::runCommand;
using perfscale::test::TempDir;
using perfscale::test::writeFile;
using perfscale::test::kube::hostileKubeconfig;
using perfscale::test::kube::HostileRequest;
using perfscale::test::kube::HostileServer;
using perfscale::test::kube::httpHead;

namespace {

bool sendJson(HostileServer& server, Poco::Net::StreamSocket& socket, const std::string& json) {
  return server.send(socket, httpHead(200, "Content-Type: application/json\r\nContent-Length: " +
                                               std::to_string(json.size()) + "\r\n") +
                                 json);
}

// The version probe and discovery as a cluster with KubeVirt answers them; true when answered.
bool answerDiscovery(HostileServer& server, Poco::Net::StreamSocket& socket,
                     const HostileRequest& request) {
  if (request.target == "/version") {
    sendJson(server, socket, R"({"major":"1","minor":"30","gitVersion":"v1.30.0"})");
  } else if (request.target == "/api/v1") {
    sendJson(
        server, socket,
        R"({"kind":"APIResourceList","groupVersion":"v1","resources":[{"name":"namespaces","namespaced":false,"kind":"Namespace"}]})");
  } else if (request.target == "/apis/kubevirt.io/v1") {
    sendJson(
        server, socket,
        R"({"kind":"APIResourceList","groupVersion":"kubevirt.io/v1","resources":[{"name":"virtualmachineinstances","namespaced":true,"kind":"VirtualMachineInstance"}]})");
  } else {
    return false;
  }
  return true;
}

}  // namespace

TEST_CASE(
    "hostile server: a run whose lists are not JSON objects ends with an error naming the "
    "URL") {
  // Invalid JSON, and a list (an array) where the List object was expected.
  for (const std::string body : {R"({"kind": "VirtualMachineInstanceList", "items": [)",
                                 R"([{"kind": "VirtualMachineInstanceList"}])"}) {
    TempDir dir;
    HostileServer server(dir, [body](HostileServer& s, Poco::Net::StreamSocket& socket,
                                     const HostileRequest& request) {
      if (answerDiscovery(s, socket, request)) return true;
      return sendJson(s, socket, body);
    });
    const auto started = std::chrono::steady_clock::now();
    const auto result =
        runCommand({kPlugin, "run", "--kubeconfig", hostileKubeconfig(dir, server), "--trace",
                    dir.file("t.db"), "--vmi-count", "1", "--max-wait-timeout", "20s"},
                   {}, 90s);
    const auto took = std::chrono::steady_clock::now() - started;
    INFO(result.out);
    CHECK(result.exitCode == 1);
    CHECK_THAT(
        result.out,
        Catch::Contains("GET " + server.url() + "/apis/kubevirt.io/v1/virtualmachineinstances") &&
            Catch::Contains("the list answer is") && Catch::Contains("Kubernetes API server"));
    CHECK(took < 60s);
  }
}

TEST_CASE("hostile server: a run whose answers trickle in ends at the request timeout") {
  TempDir dir;
  HostileServer server(
      dir, [](HostileServer& s, Poco::Net::StreamSocket& socket, const HostileRequest& request) {
        if (answerDiscovery(s, socket, request)) return true;
        s.trickle(socket, "HTTP/1.1 201 Created\r\nX-Slow: " + std::string(600, 'z'), 1s);
        return false;
      });
  const auto started = std::chrono::steady_clock::now();
  const auto result = runCommand(
      {kPlugin, "run", "--kubeconfig", hostileKubeconfig(dir, server), "--trace", dir.file("t.db"),
       "--vmi-count", "1", "--request-timeout", "2s", "--max-wait-timeout", "20s"},
      {}, 90s);
  const auto took = std::chrono::steady_clock::now() - started;
  INFO(result.out);
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.out, Catch::Contains("GET " + server.url()) &&
                             Catch::Contains("no whole answer within the request timeout"));
  CHECK(took < 60s);
}
