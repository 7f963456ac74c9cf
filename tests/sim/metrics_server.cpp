// The metrics endpoint of `perfscale-sim controller` (see metrics_server.h).
#include "tests/sim/metrics_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include "tests/sim/metrics.h"

namespace perfscale::sim {

namespace {

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(const std::function<std::string()>& exposition) : exposition_(exposition) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    std::string body;
    const std::string path = Poco::URI(request.getURI()).getPath();
    if (path != "/metrics") {
      response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
      response.setContentType("text/plain; charset=utf-8");
      body = "404 page not found: the controller serves GET /metrics\n";
    } else if (request.getMethod() != "GET") {
      response.setStatus(Poco::Net::HTTPResponse::HTTP_METHOD_NOT_ALLOWED);
      response.setContentType("text/plain; charset=utf-8");
      body = "405 method not allowed: GET /metrics\n";
    } else {
      response.setContentType(metrics::kContentType);
      body = exposition_();
    }
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.sendBuffer(body.data(), body.size());
  }

 private:
  const std::function<std::string()>& exposition_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit HandlerFactory(const std::function<std::string()>& exposition)
      : exposition_(exposition) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(exposition_);  // Poco takes ownership
  }

 private:
  const std::function<std::string()>& exposition_;
};

}  // namespace

MetricsServer::MetricsServer(std::string listenHost, uint16_t listenPort,
                             std::function<std::string()> exposition)
    : listenHost_(std::move(listenHost)),
      listenPort_(listenPort),
      exposition_(std::move(exposition)) {}

MetricsServer::~MetricsServer() {
  stop();
}

std::string MetricsServer::start() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(listenHost_, listenPort_), 64);
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(4);
  params->setKeepAlive(true);
  params->setServerName("perfscale-sim-controller");
  pool_ = std::make_unique<Poco::ThreadPool>(1, 4, 60);
  http_ = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(exposition_), *pool_, socket,
                                                  params);
  http_->start();
  const auto address = socket.address();
  const std::string host = address.family() == Poco::Net::AddressFamily::IPv6
                               ? "[" + address.host().toString() + "]"
                               : address.host().toString();
  return "http://" + host + ":" + std::to_string(address.port()) + "/metrics";
}

void MetricsServer::stop() {
  if (http_) {
    http_->stopAll(true);
    http_.reset();
  }
  if (pool_) {
    pool_->joinAll();
    pool_.reset();
  }
}

}  // namespace perfscale::sim
