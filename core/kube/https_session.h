// One keep-alive HTTPS connection to the API server on Poco, as the transport uses it: the
// name verified ourselves (tls-server-name, IP addresses, loopback included), clear handshake
// errors, and HTTP CONNECT through a proxy; plain HTTP for servers that speak nothing else
// (Endpoint::tls). Not thread-safe: one session per thread at a time.
#pragma once

#include <Poco/Net/HTTPSClientSession.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/kube/proxy.h"

namespace perfscale::kube {

// Where a session connects, and how it checks whom it reached.
struct Endpoint {
  std::string host;  // from the server URL; an IPv6 address without brackets
  uint16_t port = 443;
  std::string verifyName;      // tls-server-name, else host: the name the certificate must carry
  bool sendServerName = true;  // SNI: off for an IP address without tls-server-name, as Go does
  bool verifyPeer = true;      // off with insecure-skip-tls-verify
  bool tls = true;  // false: plain HTTP (an http:// URL such as Prometheus'), never with a proxy
  std::optional<ProxyEndpoint> proxy;
  std::chrono::milliseconds connectTimeout{10'000};  // TCP, proxy CONNECT and TLS handshake
  std::chrono::milliseconds readTimeout{75'000};     // each wait for bytes of an answer
};

// Splits an https:// server URL into an endpoint (tls settings and timeouts left at their
// defaults) and its path prefix; std::invalid_argument for anything but https://host[:port][/p].
std::pair<Endpoint, std::string> parseServerUrl(const std::string& server);

class HttpsSession final : public Poco::Net::HTTPSClientSession {
 public:
  HttpsSession(const Endpoint& endpoint, Poco::Net::Context::Ptr context);

  const Poco::Net::Context::Ptr& tlsContext() const { return context_; }
  // True when the last failure came while connecting (TCP, proxy, TLS): nothing was sent.
  bool failedWhileConnecting() const { return failedWhileConnecting_; }
  void setReadTimeout(std::chrono::milliseconds timeout);
  // Body bytes as they arrive after receiveResponse(), undecoded (chunk framing included):
  // for streams, which must tell a finished chunked body from a cut one, and Poco's chunked
  // stream cannot. 0 at the end of the connection; throws Poco exceptions (TimeoutException).
  int readRaw(char* buffer, int size) { return read(buffer, size); }
  // Connects now (TCP, proxy, TLS handshake) instead of at the first request.
  void open() { reconnect(); }
  // The connected socket's descriptor, -1 while connecting: for shutdown(2) from another
  // thread (try_deadline.h), which must not touch the session itself.
  int connectedSocket() const { return connectedSocket_; }

 protected:
  void connect(const Poco::Net::SocketAddress& address) override;
  // The proxy is a tunnel: requests keep origin-form targets and carry no proxy credentials.
  std::string proxyRequestPrefix() const override { return ""; }
  void proxyAuthenticate(Poco::Net::HTTPRequest&) override {}

 private:
  Poco::Net::StreamSocket openTunnel();
  void verifyPeerName();

  Endpoint endpoint_;
  Poco::Net::Context::Ptr context_;
  bool failedWhileConnecting_ = false;
  std::atomic<int> connectedSocket_{-1};
};

}  // namespace perfscale::kube
