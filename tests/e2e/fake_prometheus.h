// A fake of Prometheus' HTTP query API on 127.0.0.1 (plain HTTP, or HTTPS with a test CA) for
// end-to-end tests of `report --prometheus`: each GET /api/v1/query is answered by a script
// from its query and time parameters, in the JSON Prometheus 2.42 writes; every request is kept
// so tests can assert what was asked and with which credentials.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tests/e2e/kube_test_support.h"

namespace perfscale::test {

struct PrometheusAnswer {
  int status = 200;
  std::string body;
  std::string contentType = "application/json";
};

struct PrometheusRequest {
  std::string path;
  std::string query;  // the query parameter, decoded
  std::string time;   // the time parameter
  std::string authorization;
};

// `{"status":"success","data":{"resultType":"vector","result":[...]}}` with `samples`, each
// `{"metric":{...},"value":[TIME,"V"]}` as Prometheus writes them.
inline std::string vectorAnswer(const std::vector<std::string>& samples) {
  std::string result;
  for (const auto& sample : samples)
    result += (result.empty() ? "" : ",") + sample;
  return R"({"status":"success","data":{"resultType":"vector","result":[)" + result + "]}}";
}

// One sample: labels as JSON members ("\"verb\":\"PATCH\""), the value as Prometheus writes it.
inline std::string sample(const std::string& time, const std::string& labels,
                          const std::string& value) {
  return R"({"metric":{)" + labels + R"(},"value":[)" + time + R"(,")" + value + R"("]})";
}

class FakePrometheus {
 public:
  using Script = std::function<PrometheusAnswer(const PrometheusRequest&)>;

  // Plain HTTP.
  explicit FakePrometheus(Script script) : script_(std::move(script)) {
    start(std::make_unique<Poco::Net::ServerSocket>(Poco::Net::SocketAddress("127.0.0.1", 0)));
    url_ = "http://127.0.0.1:" + std::to_string(port_);
  }
  // HTTPS with a certificate for 127.0.0.1 signed by a CA written to dir/prom-ca.crt.
  FakePrometheus(const TempDir& dir, Script script) : script_(std::move(script)) {
    using namespace perfscale::test::kube;
    makeCa(dir, "prom-ca", "/CN=prom-ca");
    makeCsr(dir, "prom", "/CN=prom");
    signWithDates(dir, "prom-ca", "prom", opensslDate(std::chrono::hours(-24)),
                  opensslDate(std::chrono::hours(24)), "subjectAltName = IP:127.0.0.1");
    caFile_ = dir.file("prom-ca.crt");
    Poco::Net::Context::Params params;
    params.privateKeyFile = dir.file("prom.key");
    params.certificateFile = dir.file("prom.crt");
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    start(std::make_unique<Poco::Net::SecureServerSocket>(Poco::Net::SocketAddress("127.0.0.1", 0),
                                                          64, context));
    url_ = "https://127.0.0.1:" + std::to_string(port_);
  }
  ~FakePrometheus() { server_->stopAll(true); }
  FakePrometheus(const FakePrometheus&) = delete;
  FakePrometheus& operator=(const FakePrometheus&) = delete;

  const std::string& url() const { return url_; }
  const std::string& caFile() const { return caFile_; }
  std::vector<PrometheusRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  class Handler final : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(FakePrometheus& owner) : owner_(owner) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
      const Poco::URI uri(request.getURI());
      PrometheusRequest seen;
      seen.path = uri.getPath();
      for (const auto& [name, value] : uri.getQueryParameters()) {
        if (name == "query") seen.query = value;
        if (name == "time") seen.time = value;
      }
      seen.authorization = request.get("Authorization", "");
      {
        std::lock_guard<std::mutex> lock(owner_.mutex_);
        owner_.requests_.push_back(seen);
      }
      const PrometheusAnswer answer = owner_.script_(seen);
      response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
      response.setContentType(answer.contentType);
      response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
      response.send() << answer.body;
    }

   private:
    FakePrometheus& owner_;
  };

  class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(FakePrometheus& owner) : owner_(owner) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
      return new Handler(owner_);  // NOLINT(cppcoreguidelines-owning-memory): Poco takes it
    }

   private:
    FakePrometheus& owner_;
  };

  void start(std::unique_ptr<Poco::Net::ServerSocket> socket) {
    port_ = socket->address().port();
    auto* params = new Poco::Net::HTTPServerParams;  // NOLINT: reference-counted by Poco
    params->setMaxThreads(4);
    params->setKeepAlive(true);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), *socket, params);
    socket_ = std::move(socket);
    server_->start();
  }

  Script script_;
  std::unique_ptr<Poco::Net::ServerSocket> socket_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  uint16_t port_ = 0;
  std::string url_;
  std::string caFile_;
  mutable std::mutex mutex_;
  std::vector<PrometheusRequest> requests_;
};

}  // namespace perfscale::test
