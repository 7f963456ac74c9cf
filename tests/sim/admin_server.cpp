// The admin endpoint of `perfscale-sim controller` (see admin_server.h).
#include "tests/sim/admin_server.h"

#include <Poco/Crypto/EVPPKey.h>
#include <Poco/Crypto/X509Certificate.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <sstream>

namespace perfscale::sim {

namespace {

bool constantTimeEqual(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i)
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(const AdminServer& server) : server_(server) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    std::string body;
    Poco::StreamCopier::copyToString(request.stream(), body);
    const ApiResponse answer =
        server_.handle(request.getMethod(), Poco::URI(request.getURI()).getPath(),
                       request.get("Authorization", ""), body);
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    response.setContentType(answer.contentType);
    for (const auto& [name, value] : answer.headers)
      response.set(name, value);
    response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
    response.sendBuffer(answer.body.data(), answer.body.size());
  }

 private:
  const AdminServer& server_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit HandlerFactory(const AdminServer& server) : server_(server) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(server_);  // Poco takes ownership
  }

 private:
  const AdminServer& server_;
};

}  // namespace

AdminServer::AdminServer(std::string listenHost, uint16_t listenPort, std::string adminToken,
                         const PemPair& serving, Handler handler)
    : listenHost_(std::move(listenHost)),
      listenPort_(listenPort),
      adminToken_(std::move(adminToken)),
      serving_(serving),
      handler_(std::move(handler)) {}

AdminServer::~AdminServer() {
  stop();
}

ApiResponse AdminServer::handle(const std::string& method, const std::string& path,
                                const std::string& authorization, const std::string& body) const {
  if (path == "/healthz" || path == "/readyz" || path == "/livez")
    return ApiResponse{200, "ok", "text/plain; charset=utf-8", {}};
  if (path.rfind("/sim/", 0) != 0)
    return failure(404, "NotFound", "the controller serves only /sim/ (and /healthz)");
  if (adminToken_.empty() || !constantTimeEqual(authorization, "Bearer " + adminToken_))
    return failure(401, "Unauthorized", "Unauthorized: /sim/ needs the admin token");
  return handler_(method, path, body);
}

std::string AdminServer::start() {
  Poco::Net::Context::Params params;
  params.verificationMode = Poco::Net::Context::VERIFY_NONE;
  params.loadDefaultCAs = false;
  params.cipherList = "HIGH:!aNULL:!MD5";
  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::SERVER_USE, params);
  std::istringstream certificate(serving_.certificatePem), key(serving_.privateKeyPem);
  context->useCertificate(Poco::Crypto::X509Certificate(certificate));
  context->usePrivateKey(Poco::Crypto::EVPPKey(nullptr, &key));
  context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                            Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);

  Poco::Net::SecureServerSocket socket(Poco::Net::SocketAddress(listenHost_, listenPort_), 64,
                                       context);
  auto* serverParams = new Poco::Net::HTTPServerParams;
  serverParams->setMaxThreads(16);
  serverParams->setKeepAlive(true);
  serverParams->setServerName("perfscale-sim-controller");
  pool_ = std::make_unique<Poco::ThreadPool>(2, 16, 60);
  http_ = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(*this), *pool_, socket,
                                                  serverParams);
  http_->start();
  const auto address = socket.address();
  const std::string host = address.family() == Poco::Net::AddressFamily::IPv6
                               ? "[" + address.host().toString() + "]"
                               : address.host().toString();
  return "https://" + host + ":" + std::to_string(address.port());
}

void AdminServer::stop() {
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
