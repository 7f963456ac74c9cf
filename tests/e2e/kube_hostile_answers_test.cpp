// Hostile answers from a server on loopback: bodies and watch lines of 100 MB, answers
// trickled a byte a second. The client stops at its caps and at the request timeout, with an
// error naming the URL, in bounded memory; nothing hangs.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "core/kube/rest_client.h"
#include "tests/e2e/hostile_server.h"
#include "tests/support/peak_memory.h"

using namespace std::chrono_literals;
using perfscale::kube::ConnectionErrorKind;
using perfscale::kube::ResponseStream;
using perfscale::kube::RestClient;
using perfscale::kube::RestRequest;
using perfscale::kube::StreamRequest;
using perfscale::test::kMiB;
using perfscale::test::peakMemoryBytes;
using perfscale::test::resetPeakMemory;
using perfscale::test::TempDir;
using perfscale::test::kube::HostileRequest;
using perfscale::test::kube::HostileServer;
using perfscale::test::kube::httpHead;

namespace {

constexpr size_t kHundredMB = 100 * 1000 * 1000;

perfscale::kube::ClusterConfig configFor(const HostileServer& server) {
  perfscale::kube::ClusterConfig config;
  config.server = server.url();
  config.tls.caPem = server.caPem();
  config.credentials.token = "t";
  return config;
}

perfscale::kube::TransportOptions oneTry() {
  perfscale::kube::TransportOptions options;
  options.retry.maxTries = 1;
  return options;
}

// Sends `size` bytes of `fill` (then `tail`), 64 KiB at a time, chunked when `chunked`.
bool sendLarge(HostileServer& server, Poco::Net::StreamSocket& socket, size_t size, char fill,
               bool chunked, const std::string& tail = "") {
  const std::string piece(64 * 1024, fill);
  char sizeLine[32];
  std::snprintf(sizeLine, sizeof sizeLine, "%zx\r\n", piece.size());
  for (size_t sent = 0; sent < size; sent += piece.size()) {
    if (!server.send(socket, chunked ? sizeLine + piece + "\r\n" : piece)) return false;
  }
  return server.send(socket, tail);
}

}  // namespace

TEST_CASE("hostile answers: a 100 MB body with its Content-Length is refused before it is read") {
  TempDir dir;
  HostileServer server(
      dir, [](HostileServer& s, Poco::Net::StreamSocket& socket, const HostileRequest&) {
        s.send(socket, httpHead(200, "Content-Type: application/json\r\nContent-Length: " +
                                         std::to_string(kHundredMB) + "\r\n"));
        sendLarge(s, socket, kHundredMB, ' ', false);
        return false;
      });
  RestClient client(configFor(server), nullptr, oneTry());
  RestRequest request;
  request.path = "/api/v1/namespaces";
  resetPeakMemory();
  const auto started = std::chrono::steady_clock::now();
  const auto response = client.send(request);
  REQUIRE(response.connectionError);
  CHECK(response.connectionError->kind() == ConnectionErrorKind::Protocol);
  CHECK_THAT(std::string(response.connectionError->what()),
             Catch::Contains(server.url() + "/api/v1/namespaces") &&
                 Catch::Contains("larger than 64 MiB"));
  CHECK(std::chrono::steady_clock::now() - started < 20s);
  CHECK(peakMemoryBytes() < 512 * kMiB);
}

TEST_CASE("hostile answers: a 100 MB chunked body stops at the 64 MiB cap") {
  TempDir dir;
  HostileServer server(
      dir, [](HostileServer& s, Poco::Net::StreamSocket& socket, const HostileRequest&) {
        s.send(socket,
               httpHead(200, "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"));
        sendLarge(s, socket, kHundredMB, ' ', true, "0\r\n\r\n");
        return false;
      });
  RestClient client(configFor(server), nullptr, oneTry());
  RestRequest request;
  request.path = "/api/v1/namespaces";
  resetPeakMemory();
  const auto started = std::chrono::steady_clock::now();
  const auto response = client.send(request);
  REQUIRE(response.connectionError);
  CHECK_THAT(std::string(response.connectionError->what()),
             Catch::Contains(server.url() + "/api/v1/namespaces") &&
                 Catch::Contains("larger than 64 MiB"));
  CHECK(response.body.empty());
  CHECK(std::chrono::steady_clock::now() - started < 30s);
  CHECK(peakMemoryBytes() < 512 * kMiB);
}

TEST_CASE("hostile answers: a 100 MB watch line ends the stream as too long") {
  TempDir dir;
  HostileServer server(
      dir, [](HostileServer& s, Poco::Net::StreamSocket& socket, const HostileRequest&) {
        s.send(socket,
               httpHead(200, "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"));
        sendLarge(s, socket, kHundredMB, 'x', true, "1\r\n\n\r\n0\r\n\r\n");
        return false;
      });
  RestClient client(configFor(server), nullptr, oneTry());
  StreamRequest request;
  request.path = "/api/v1/namespaces";
  request.query = {{"watch", "1"}};
  request.idleTimeout = 10s;
  resetPeakMemory();
  auto stream = client.openStream(request);
  REQUIRE(stream->status() == 200);
  CHECK_FALSE(stream->readLine());
  CHECK(stream->end() == ResponseStream::End::LineTooLong);
  CHECK_THAT(stream->endDetail(), Catch::Contains("longer than"));
  CHECK(peakMemoryBytes() < 1024 * kMiB);
}

TEST_CASE("hostile answers: headers trickled a byte a second end at the request timeout") {
  TempDir dir;
  HostileServer server(
      dir, [](HostileServer& s, Poco::Net::StreamSocket& socket, const HostileRequest&) {
        s.trickle(socket, "HTTP/1.1 200 OK\r\nX-Slow: " + std::string(60, 'z'), 1s);
        return false;
      });
  auto config = configFor(server);
  config.requestTimeout = 2s;
  RestClient client(config, nullptr, oneTry());
  RestRequest request;
  request.path = "/api/v1/namespaces";
  const auto started = std::chrono::steady_clock::now();
  const auto response = client.send(request);
  const auto took = std::chrono::steady_clock::now() - started;
  REQUIRE(response.connectionError);
  CHECK(response.connectionError->kind() == ConnectionErrorKind::Timeout);
  CHECK_THAT(
      std::string(response.connectionError->what()),
      Catch::Contains(server.url() + "/api/v1/namespaces") && Catch::Contains("--request-timeout"));
  CHECK(took >= 2s);
  CHECK(took < 6s);
}

TEST_CASE("hostile answers: a body trickled a byte a second ends at the request timeout") {
  TempDir dir;
  HostileServer server(
      dir, [](HostileServer& s, Poco::Net::StreamSocket& socket, const HostileRequest&) {
        s.send(socket, httpHead(200, "Content-Type: application/json\r\nContent-Length: 100\r\n"));
        s.trickle(socket, std::string(100, ' '), 1s);
        return false;
      });
  auto config = configFor(server);
  config.requestTimeout = 2s;
  RestClient client(config, nullptr, oneTry());
  RestRequest request;
  request.path = "/api/v1/namespaces";
  const auto started = std::chrono::steady_clock::now();
  const auto response = client.send(request);
  const auto took = std::chrono::steady_clock::now() - started;
  REQUIRE(response.connectionError);
  CHECK(response.connectionError->kind() == ConnectionErrorKind::Timeout);
  CHECK_THAT(
      std::string(response.connectionError->what()),
      Catch::Contains(server.url() + "/api/v1/namespaces") && Catch::Contains("--request-timeout"));
  CHECK(took < 6s);
}
