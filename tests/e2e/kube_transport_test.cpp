// The HTTPS transport and REST layer: what a request carries (HTTP/1.1, keep-alive, headers,
// Content-Length), keep-alive sessions shared by worker threads, error bodies that are not
// JSON, answers cut short, and streams (watches) with cancel, idle timeout and cuts.
#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>

#include <atomic>
#include <thread>

#include "core/kube/rest_client.h"
#include "core/kube/user_agent.h"
#include "tests/e2e/kube_test_support.h"

using namespace std::chrono_literals;
using perfscale::kube::ConnectionErrorKind;
using perfscale::kube::ResponseStream;
using perfscale::kube::RestClient;
using perfscale::kube::RestRequest;
using perfscale::kube::StreamRequest;
using perfscale::kube::TryReport;
using perfscale::test::readFile;
using perfscale::test::SimCluster;
using perfscale::test::TempDir;
using perfscale::test::vmiJson;
using namespace perfscale::test::kube;

namespace {

// An HTTPS server in this process with scripted answers by path:
//   /echo       200, a JSON object of what arrived (method, version, headers, body size)
//   /html       502 with an HTML body
//   /truncated  Content-Length 100, then 10 bytes and a reset
class ScriptedServer {
 public:
  explicit ScriptedServer(const TempDir& dir) {
    makeCa(dir, "ca", "/CN=scripted-ca");
    makeCsr(dir, "server", "/CN=scripted");
    signWithDates(dir, "ca", "server", opensslDate(-24h), opensslDate(24h),
                  "subjectAltName = IP:127.0.0.1");
    caPem_ = readFile(dir.file("ca.crt"));
    Poco::Net::Context::Params params;
    params.privateKeyFile = dir.file("server.key");
    params.certificateFile = dir.file("server.crt");
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    Poco::Net::SecureServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0), 64, context);
    port_ = socket.address().port();
    auto* serverParams = new Poco::Net::HTTPServerParams;
    serverParams->setKeepAlive(true);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory, socket, serverParams);
    server_->start();
  }
  ~ScriptedServer() { server_->stopAll(true); }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  const std::string& caPem() const { return caPem_; }

 private:
  struct Handler final : Poco::Net::HTTPRequestHandler {
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
      std::string body(std::istreambuf_iterator<char>(request.stream()), {});
      if (request.getURI().rfind("/echo", 0) == 0) {
        Poco::JSON::Object echo;
        echo.set("method", request.getMethod());
        echo.set("version", request.getVersion());
        echo.set("target", request.getURI());
        echo.set("bodySize", body.size());
        Poco::JSON::Object::Ptr headers = new Poco::JSON::Object;
        for (const auto& [name, value] : request) {
          const std::string previous = headers->optValue<std::string>(name, "");
          headers->set(name, previous.empty() ? value : previous + "," + value);
        }
        echo.set("headers", headers);
        std::ostringstream out;
        echo.stringify(out);
        response.setContentType("application/json");
        response.sendBuffer(out.str().data(), out.str().size());
      } else if (request.getURI() == "/html") {
        const std::string page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        response.setStatus(Poco::Net::HTTPResponse::HTTP_BAD_GATEWAY);
        response.setContentType("text/html");
        response.sendBuffer(page.data(), page.size());
      } else {
        response.setContentLength(100);
        response.setKeepAlive(false);
        response.send() << "0123456789" << std::flush;
        auto& socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket();
        socket.setLinger(true, 0);
        socket.close();
      }
    }
  };
  struct Factory final : Poco::Net::HTTPRequestHandlerFactory {
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
      return new Handler;
    }
  };

  std::string caPem_;
  uint16_t port_ = 0;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

Poco::JSON::Object::Ptr json(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

RestRequest get(const std::string& path) {
  RestRequest request;
  request.path = path;
  return request;
}

}  // namespace

TEST_CASE("rest client: a GET answers 200 and its one try is reported with times and PF headers") {
  SimCluster sim({"--profile", "instant"});
  RestClient client(simConfig(sim), nullptr);
  std::vector<TryReport> tries;
  RestRequest request = get(kNamespaces);
  request.onTry = [&](const TryReport& report) { tries.push_back(report); };
  const auto response = client.send(request);
  CHECK(response.status == 200);
  CHECK(response.ok());
  CHECK_THAT(response.body, Catch::Contains("\"NamespaceList\""));
  REQUIRE(tries.size() == 1);
  CHECK(tries[0].status == 200);
  CHECK(tries[0].tryNumber == 1);
  CHECK(tries[0].url == sim.url() + kNamespaces);
  CHECK(tries[0].granted <= tries[0].sent);
  CHECK(tries[0].sent <= tries[0].firstByte);
  CHECK(tries[0].firstByte <= tries[0].done);
  CHECK(tries[0].bytesIn == static_cast<int64_t>(response.body.size()));
  CHECK_FALSE(tries[0].priorityLevel.empty());
  CHECK_FALSE(tries[0].flowSchema.empty());
  CHECK(tries[0].error.empty());
  CHECK(tries[0].nextStep.empty());
}

TEST_CASE("rest client: requests are HTTP/1.1 keep-alive with our User-Agent and impersonation") {
  TempDir dir;
  ScriptedServer server(dir);
  perfscale::kube::ClusterConfig config;
  config.server = server.url();
  config.tls.caPem = server.caPem();
  config.credentials.token = "t0k";
  config.credentials.impersonateUser = "jane";
  config.credentials.impersonateGroups = {"devs", "ops"};
  RestClient client(config, nullptr);
  auto echo = json(client.send(get("/echo")).body);
  CHECK(echo->getValue<std::string>("method") == "GET");
  CHECK(echo->getValue<std::string>("version") == "HTTP/1.1");
  const auto headers = echo->getObject("headers");
  CHECK(headers->getValue<std::string>("User-Agent") == perfscale::kube::userAgent());
  CHECK(headers->getValue<std::string>("Authorization") == "Bearer t0k");
  CHECK(headers->getValue<std::string>("Accept") == "application/json");
  CHECK(headers->getValue<std::string>("Connection") == "Keep-Alive");
  CHECK(headers->getValue<std::string>("Impersonate-User") == "jane");
  CHECK(headers->getValue<std::string>("Impersonate-Group") == "devs,ops");
  CHECK_FALSE(headers->has("Content-Length"));
}

TEST_CASE("rest client: a body always goes with Content-Length, an empty POST included") {
  TempDir dir;
  ScriptedServer server(dir);
  perfscale::kube::ClusterConfig config;
  config.server = server.url() + "/echo";  // a server URL with a path prefix
  config.tls.caPem = server.caPem();
  RestClient client(config, nullptr);
  RestRequest request;
  request.method = "POST";
  request.path = "/x";
  request.query = {{"labelSelector", "a=b,c in (d)"}, {"dryRun", "All"}};
  auto echo = json(client.send(request).body);
  CHECK(echo->getValue<std::string>("target") ==
        "/echo/x?labelSelector=a%3Db%2Cc%20in%20%28d%29&dryRun=All");
  CHECK(echo->getObject("headers")->getValue<std::string>("Content-Length") == "0");
  CHECK(echo->getObject("headers")->getValue<std::string>("Content-Type") == "application/json");
  request.method = "DELETE";
  request.body = R"({"kind":"DeleteOptions"})";
  echo = json(client.send(request).body);
  CHECK(echo->getValue<std::string>("method") == "DELETE");
  CHECK(echo->getObject("headers")->getValue<std::string>("Content-Length") == "24");
  CHECK(echo->getValue<int>("bodySize") == 24);
}

TEST_CASE("rest client: an error body that is not JSON is kept as text") {
  TempDir dir;
  ScriptedServer server(dir);
  perfscale::kube::ClusterConfig config;
  config.server = server.url();
  config.tls.caPem = server.caPem();
  RestClient client(config, nullptr);
  const auto response = client.send(get("/html"));
  CHECK(response.status == 502);
  REQUIRE(response.apiStatus);
  CHECK_FALSE(response.apiStatus->decoded);
  CHECK(response.apiStatus->reason == "InternalError");
  CHECK_THAT(response.apiStatus->text, Catch::Contains("502 Bad Gateway"));
}

TEST_CASE("rest client: an answer cut short is a reset that may have reached the server") {
  TempDir dir;
  ScriptedServer server(dir);
  perfscale::kube::ClusterConfig config;
  config.server = server.url();
  config.tls.caPem = server.caPem();
  perfscale::kube::TransportOptions options;
  options.retry.maxTries = 2;
  options.retry.connectionBackoff = 1ms;
  RestClient client(config, nullptr, options);
  const auto response = client.send(get("/truncated"));
  REQUIRE(response.connectionError);
  CHECK(response.connectionError->kind() == ConnectionErrorKind::Reset);
  CHECK(response.connectionError->mayHaveReachedServer());
  CHECK(response.tries == 2);  // a read: resent
  RestRequest write = get("/truncated");
  write.method = "PUT";
  const auto put = client.send(write);
  REQUIRE(put.connectionError);
  CHECK(put.tries == 1);  // a write: never resent
}

TEST_CASE("rest client: one thread's requests reuse one keep-alive session") {
  SimCluster sim({"--profile", "instant"});
  ConnectProxy proxy;  // counts connections
  auto config = simConfig(sim);
  config.proxyUrl = proxy.url();
  RestClient client(config, nullptr);
  for (int i = 0; i < 10; ++i) {
    RestRequest request;
    request.method = "POST";
    request.path = kVmis;
    request.body = vmiJson("keep-" + std::to_string(i));
    request.createdName = "keep-" + std::to_string(i);
    CHECK(client.send(request).status == 201);
    CHECK(client.send(get(kVmis + "/keep-" + std::to_string(i))).status == 200);
  }
  CHECK(proxy.targets().size() == 1);
  CHECK(client.idleSessions() == 1);
}

TEST_CASE("rest client: worker threads each get a session of their own") {
  SimCluster sim({"--profile", "instant"});
  RestClient client(simConfig(sim), std::make_shared<perfscale::kube::UnlimitedRateLimiter>());
  constexpr int kWorkers = 6;
  constexpr int kEach = 10;
  std::atomic<int> created{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&, w] {
      for (int i = 0; i < kEach; ++i) {
        const std::string name = "w" + std::to_string(w) + "-" + std::to_string(i);
        RestRequest request;
        request.method = "POST";
        request.path = kVmis;
        request.body = vmiJson(name);
        request.createdName = name;
        if (client.send(request).status == 201) ++created;
      }
    });
  }
  for (auto& worker : workers)
    worker.join();
  CHECK(created == kWorkers * kEach);
  CHECK(client.idleSessions() >= 1);
  CHECK(client.idleSessions() <= kWorkers);
}

TEST_CASE("stream: a watch delivers events as lines with its first-byte time") {
  SimCluster sim({"--profile", "instant"});
  RestClient client(simConfig(sim), nullptr);
  StreamRequest request;
  request.path = kVmis;
  request.query = {{"watch", "1"}, {"resourceVersion", "0"}, {"timeoutSeconds", "30"}};
  std::vector<TryReport> tries;
  request.onTry = [&](const TryReport& report) { tries.push_back(report); };
  auto stream = client.openStream(request);
  REQUIRE(stream->status() == 200);
  CHECK(stream->firstByte() >= stream->sent());
  REQUIRE(tries.size() == 1);
  CHECK(tries[0].status == 200);
  RestRequest create;
  create.method = "POST";
  create.path = kVmis;
  create.body = vmiJson("watched");
  REQUIRE(client.send(create).status == 201);
  bool added = false;
  for (int i = 0; i < 20 && !added; ++i) {
    const auto line = stream->readLine();
    REQUIRE(line);
    const auto event = json(*line);
    added = event->getValue<std::string>("type") == "ADDED" &&
            event->getObject("object")->getObject("metadata")->getValue<std::string>("name") ==
                "watched";
  }
  CHECK(added);
  CHECK(stream->bytesIn() > 0);
  CHECK(stream->end() == ResponseStream::End::Open);
}

TEST_CASE("stream: cancel from another thread ends a blocked read at once") {
  SimCluster sim({"--profile", "instant"});
  RestClient client(simConfig(sim), nullptr);
  StreamRequest request;
  request.path = kVmis;
  request.query = {{"watch", "1"}, {"timeoutSeconds", "60"}};
  auto stream = client.openStream(request);
  REQUIRE(stream->status() == 200);
  std::thread canceller([&] {
    std::this_thread::sleep_for(200ms);
    stream->cancel();
  });
  const auto started = std::chrono::steady_clock::now();
  CHECK_FALSE(stream->readLine());
  canceller.join();
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  CHECK(stream->end() == ResponseStream::End::Cancelled);
}

TEST_CASE("stream: silence longer than the idle timeout ends it, and a server end is closed") {
  SimCluster sim({"--profile", "instant"});
  RestClient client(simConfig(sim), nullptr);
  StreamRequest request;
  request.path = kVmis;
  request.query = {{"watch", "1"}, {"timeoutSeconds", "60"}};
  request.idleTimeout = 300ms;
  auto quiet = client.openStream(request);
  const auto started = std::chrono::steady_clock::now();
  CHECK_FALSE(quiet->readLine());
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  CHECK(quiet->end() == ResponseStream::End::IdleTimeout);

  request.idleTimeout = 10s;
  request.query = {{"watch", "1"}, {"timeoutSeconds", "1"}};
  auto ending = client.openStream(request);
  CHECK_FALSE(ending->readLine());
  CHECK(ending->end() == ResponseStream::End::Closed);
}

TEST_CASE("stream: a watch the server cuts ends as cut") {
  SimCluster sim({"--profile", "instant"});
  RestClient client(simConfig(sim), nullptr);
  FaultScope faults(sim, R"({"watchCutAfter":"300ms"})");
  StreamRequest request;
  request.path = kVmis;
  request.query = {{"watch", "1"}, {"timeoutSeconds", "30"}};
  auto stream = client.openStream(request);
  REQUIRE(stream->status() == 200);
  int lines = 0;
  while (stream->readLine() && lines < 1000)
    ++lines;
  CHECK(stream->end() == ResponseStream::End::Cut);
  CHECK_FALSE(stream->endDetail().empty());
}

TEST_CASE("stream: an error answer comes with its Status and an ended stream") {
  SimCluster sim({"--profile", "instant"});
  RestClient client(simConfig(sim), nullptr);
  StreamRequest request;
  request.path = "/apis/kubevirt.io/v1/namespaces/default/nonsense";
  request.query = {{"watch", "1"}};
  auto stream = client.openStream(request);
  CHECK(stream->status() == 404);
  REQUIRE(stream->errorStatus());
  CHECK(stream->errorStatus()->reason == "NotFound");
  CHECK_FALSE(stream->readLine());
}

TEST_CASE("stream: no answer at all is a ConnectionError") {
  SimCluster sim({"--profile", "instant"});
  auto config = simConfig(sim);
  config.tls.serverName = "wrong.example";
  RestClient client(config, nullptr);
  StreamRequest request;
  request.path = kVmis;
  CHECK_THROWS_AS(client.openStream(request), perfscale::kube::ConnectionError);
}
