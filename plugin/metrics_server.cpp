// The /metrics listener (see metrics_server.h).
#include "plugin/metrics_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <stdexcept>

#include "core/metrics/exposition.h"

namespace perfscale::plugin {
namespace {

const char* const kExpected =
    ": expected HOST:PORT, e.g. 127.0.0.1:9090 or [::1]:9090 (port 0: a free port)";

class MetricsHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit MetricsHandler(const metrics::Registry& registry) : registry_(registry) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    using Poco::Net::HTTPResponse;
    const std::string path = request.getURI().substr(0, request.getURI().find('?'));
    std::string body;
    if (path != "/metrics") {
      response.setStatus(HTTPResponse::HTTP_NOT_FOUND);
      body = "not found: the metrics are at /metrics\n";
    } else if (request.getMethod() != "GET" && request.getMethod() != "HEAD") {
      response.setStatus(HTTPResponse::HTTP_METHOD_NOT_ALLOWED);
      response.set("Allow", "GET, HEAD");
      body = "method not allowed: GET /metrics\n";
    } else {
      body = metrics::exposition(registry_);
      response.setContentType(metrics::kTextContentType);
    }
    if (response.getContentType() == Poco::Net::HTTPMessage::UNKNOWN_CONTENT_TYPE)
      response.setContentType("text/plain; charset=utf-8");
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    auto& out = response.send();
    if (request.getMethod() != "HEAD") out << body;
  }

 private:
  const metrics::Registry& registry_;
};

class MetricsHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit MetricsHandlerFactory(const metrics::Registry& registry) : registry_(registry) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new MetricsHandler(registry_);  // Poco's contract: the server deletes it
  }

 private:
  const metrics::Registry& registry_;
};

}  // namespace

Poco::Net::SocketAddress metricsAddress(const std::string& text, bool allowRemote) {
  const std::string flag = "--metrics-addr " + text;
  std::string host;
  std::string port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':')
      throw std::invalid_argument(flag + kExpected);
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || text.find(':') != colon)
      throw std::invalid_argument(flag + kExpected);
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
    throw std::invalid_argument(flag + ": the port must be a number from 0 to 65535" + kExpected);
  }
  Poco::Net::SocketAddress address;
  try {
    address = Poco::Net::SocketAddress(host.empty() ? "0.0.0.0" : host,
                                       static_cast<Poco::UInt16>(std::stoi(port)));
  } catch (const Poco::Exception& e) {
    throw std::invalid_argument(flag + ": host " + (host.empty() ? "(none)" : host) +
                                " does not resolve (" + e.displayText() + ")" + kExpected);
  }
  if (!address.host().isLoopback() && !allowRemote) {
    throw std::invalid_argument(
        flag + ": " + address.host().toString() +
        " is not a loopback address, so anyone who reaches this host could read the run's "
        "metrics; add --metrics-allow-remote to serve them there, or use "
        "127.0.0.1:" +
        port);
  }
  return address;
}

struct MetricsServer::State {
  Poco::ThreadPool threads{1, 2};
  std::unique_ptr<Poco::Net::HTTPServer> server;
  std::string url;
};

MetricsServer::MetricsServer(const metrics::Registry& registry,
                             const Poco::Net::SocketAddress& address)
    : state_(std::make_unique<State>()) {
  Poco::Net::ServerSocket socket;
  try {
    // SO_REUSEADDR (a port in TIME_WAIT is free) but not SO_REUSEPORT: a port another process
    // listens on is in use.
    if (address.family() == Poco::Net::SocketAddress::IPv6) {
      socket.bind6(address, true, false, true);
    } else {
      socket.bind(address, true, false);
    }
    socket.listen(16);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("--metrics-addr " + address.toString() + ": cannot listen there (" +
                             e.displayText() + "); choose another port, or port 0 for a free one");
  }
  auto params = Poco::Net::HTTPServerParams::Ptr(new Poco::Net::HTTPServerParams);
  params->setMaxThreads(2);
  params->setMaxQueued(16);
  params->setTimeout(Poco::Timespan(10, 0));
  const auto bound = socket.address();
  state_->url = "http://" + bound.toString() + "/metrics";
  state_->server = std::make_unique<Poco::Net::HTTPServer>(
      Poco::Net::HTTPRequestHandlerFactory::Ptr(new MetricsHandlerFactory(registry)),
      state_->threads, socket, params);
  state_->server->start();
}

MetricsServer::~MetricsServer() {
  state_->server->stopAll(true);
}

std::string MetricsServer::url() const {
  return state_->url;
}

}  // namespace perfscale::plugin
