// See https_session.h.
#include "core/kube/https_session.h"

#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/URI.h>
#include <arpa/inet.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <stdexcept>

#include "core/kube/tls_verify.h"

namespace perfscale::kube {

namespace {

Poco::Timespan timespan(std::chrono::milliseconds duration) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(duration.count()) * 1000);
}

bool isIpAddress(const std::string& host) {
  in6_addr scratch{};
  return inet_pton(AF_INET, host.c_str(), &scratch) == 1 ||
         inet_pton(AF_INET6, host.c_str(), &scratch) == 1;
}

std::string authority(const std::string& host, uint16_t port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace

std::pair<Endpoint, std::string> parseServerUrl(const std::string& server) {
  Poco::URI uri;
  try {
    uri = Poco::URI(server);
  } catch (const Poco::Exception& e) {
    throw std::invalid_argument("server \"" + server + "\" is not a URL: " + e.message());
  }
  if (uri.getScheme() != "https")
    throw std::invalid_argument("server \"" + server + "\": only https:// servers are supported");
  if (uri.getHost().empty()) throw std::invalid_argument("server \"" + server + "\" has no host");
  Endpoint endpoint;
  endpoint.host = uri.getHost();
  endpoint.port = uri.getPort() == 0 ? 443 : uri.getPort();
  endpoint.verifyName = endpoint.host;
  endpoint.sendServerName = !isIpAddress(endpoint.host);
  std::string prefix = uri.getPath();
  while (!prefix.empty() && prefix.back() == '/')
    prefix.pop_back();
  return {endpoint, prefix};
}

HttpsSession::HttpsSession(const Endpoint& endpoint, Poco::Net::Context::Ptr context)
    : Poco::Net::HTTPSClientSession(endpoint.host, endpoint.port, context),
      endpoint_(endpoint),
      context_(std::move(context)) {
  setKeepAlive(true);
  setTimeout(timespan(endpoint.connectTimeout), timespan(endpoint.readTimeout),
             timespan(endpoint.readTimeout));
  ProxyConfig proxy;  // never the process-wide Poco default
  if (endpoint.proxy) {
    // Poco then resolves and connects to the proxy; connect() below tunnels through it.
    proxy.host = endpoint.proxy->host;
    proxy.port = endpoint.proxy->port;
  }
  setProxyConfig(proxy);
}

void HttpsSession::setReadTimeout(std::chrono::milliseconds timeout) {
  setTimeout(timespan(endpoint_.connectTimeout), timespan(timeout), timespan(timeout));
  if (connected()) {
    socket().setReceiveTimeout(timespan(timeout));
    socket().setSendTimeout(timespan(timeout));
  }
}

Poco::Net::StreamSocket HttpsSession::openTunnel() {
  const auto& proxy = *endpoint_.proxy;
  const std::string target = authority(endpoint_.host, endpoint_.port);
  Poco::Net::HTTPClientSession tunnel(proxy.host, proxy.port);
  tunnel.setProxyConfig(ProxyConfig());
  tunnel.setTimeout(timespan(endpoint_.connectTimeout));
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_CONNECT, target,
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.set("Host", target);
  if (!proxy.username.empty())
    Poco::Net::HTTPBasicCredentials(proxy.username, proxy.password).proxyAuthenticate(request);
  tunnel.sendRequest(request);
  Poco::Net::HTTPResponse response;
  tunnel.receiveResponse(response);
  if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
    throw Poco::Net::HTTPException("proxy " + proxy.display + " answered " +
                                   std::to_string(response.getStatus()) + " " +
                                   response.getReason() + " to CONNECT " + target);
  }
  return tunnel.detachSocket();
}

void HttpsSession::connect(const Poco::Net::SocketAddress& address) {
  failedWhileConnecting_ = true;
  connectedSocket_ = -1;
  if (!endpoint_.tls) {
    if (endpoint_.proxy)
      throw Poco::Net::NetException("plain HTTP through a proxy is not supported");
    Poco::Net::StreamSocket plain;
    plain.connect(address, timespan(endpoint_.connectTimeout));
    plain.setReceiveTimeout(timespan(endpoint_.readTimeout));
    plain.setSendTimeout(timespan(endpoint_.readTimeout));
    plain.setNoDelay(true);
    attachSocket(plain);
    failedWhileConnecting_ = false;
    connectedSocket_ = static_cast<int>(socket().impl()->sockfd());
    spdlog::debug("connected to {} (plain HTTP)", authority(endpoint_.host, endpoint_.port));
    return;
  }
  clearVerifyFailure();
  const std::string where = authority(endpoint_.host, endpoint_.port) +
                            (endpoint_.proxy ? " through proxy " + endpoint_.proxy->display : "");
  try {
    if (endpoint_.proxy) {
      Poco::Net::StreamSocket tunnel = openTunnel();
      tunnel.setReceiveTimeout(timespan(endpoint_.connectTimeout));
      tunnel.setSendTimeout(timespan(endpoint_.connectTimeout));
      auto secure =
          endpoint_.sendServerName
              ? Poco::Net::SecureStreamSocket::attach(tunnel, endpoint_.verifyName, context_)
              : Poco::Net::SecureStreamSocket::attach(tunnel, context_);
      secure.setReceiveTimeout(timespan(endpoint_.readTimeout));
      secure.setSendTimeout(timespan(endpoint_.readTimeout));
      secure.setNoDelay(true);
      attachSocket(secure);
    } else {
      Poco::Net::SecureStreamSocket secure(socket());
      if (endpoint_.sendServerName) secure.setPeerHostName(endpoint_.verifyName);
      // This override replaces HTTPSClientSession::connect (its proxy tunnel and server name
      // are ours, above), so it calls the plain connect beneath it on purpose.
      Poco::Net::HTTPSession::connect(address);  // NOLINT(bugprone-parent-virtual-call)
    }
  } catch (const Poco::Exception& e) {
    if (auto failure = takeVerifyFailure()) {
      close();
      throw Poco::Net::CertificateValidationException("TLS handshake with " + where +
                                                      " failed: " + *failure);
    }
    // A server that rejects our client certificate (TLS 1.3 judges it after the handshake)
    // often just resets the connection; say what may be the cause.
    const bool afterConnect = dynamic_cast<const Poco::Net::SSLException*>(&e) ||
                              dynamic_cast<const Poco::Net::ConnectionResetException*>(&e) ||
                              e.code() == ENOTCONN;
    if (afterConnect && SSL_CTX_get0_certificate(context_->sslContext())) {
      const std::string hint =
          " (the server ended the connection during the TLS handshake; if it rejected our "
          "client certificate: check client-certificate(-data) and client-key(-data), and that "
          "the certificate is followed by its intermediate CAs)";
      if (dynamic_cast<const Poco::Net::ConnectionResetException*>(&e))
        throw Poco::Net::ConnectionResetException(e.message() + hint);
      throw Poco::Net::NetException((e.message().empty() ? e.displayText() : e.message()) + hint);
    }
    throw;
  }
  if (endpoint_.verifyPeer) verifyPeerName();
  failedWhileConnecting_ = false;
  connectedSocket_ = static_cast<int>(socket().impl()->sockfd());
  spdlog::debug("connected to {}", where);
}

void HttpsSession::verifyPeerName() {
  Poco::Net::SecureStreamSocket secure(socket());
  const auto certificate = secure.peerCertificate();
  if (auto mismatch =
          peerNameMismatch(const_cast<X509*>(certificate.certificate()), endpoint_.verifyName)) {
    close();
    throw Poco::Net::CertificateValidationException("TLS handshake with " +
                                                    authority(endpoint_.host, endpoint_.port) +
                                                    " failed: " + *mismatch);
  }
}

}  // namespace perfscale::kube
