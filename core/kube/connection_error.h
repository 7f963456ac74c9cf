// A try that got no HTTP answer: what broke, where (URL), and whether the request may have
// reached the server, which decides whether resending it is safe.
#pragma once

#include <exception>
#include <stdexcept>
#include <string>

namespace perfscale::kube {

enum class ConnectionErrorKind {
  Tls,       // handshake or certificate verification failed: a configuration problem
  Connect,   // TCP connect, name resolution or the proxy failed: nothing was sent
  Reset,     // the peer closed or reset the connection (incl. OpenSSL 3's "unexpected eof")
  Timeout,   // no answer within the read (or connect) timeout
  Protocol,  // the answer was not HTTP we understand, or was cut short
  Cancelled  // the caller cancelled (streams)
};

const char* toString(ConnectionErrorKind kind);

// Where the try was when it failed.
enum class TryPhase {
  Connecting,  // TCP, proxy CONNECT, TLS handshake: the request cannot have reached the server
  Sending,     // writing the request: part of it may have left
  Receiving    // the request was written; the server may have acted on it
};

class ConnectionError : public std::runtime_error {
 public:
  ConnectionError(ConnectionErrorKind kind, std::string method, std::string url,
                  bool mayHaveReachedServer, std::string detail);
  ConnectionErrorKind kind() const { return kind_; }
  const std::string& method() const { return method_; }
  const std::string& url() const { return url_; }
  // False only when the failure came before any byte of the request left.
  bool mayHaveReachedServer() const { return mayHaveReachedServer_; }
  // The underlying cause, without the method and URL.
  const std::string& detail() const { return detail_; }
  // Worth another try: the cause may be gone next time (not TLS, not cancelled).
  bool transient() const;

 private:
  ConnectionErrorKind kind_;
  std::string method_;
  std::string url_;
  bool mayHaveReachedServer_;
  std::string detail_;
};

// Turns an exception thrown by Poco or OpenSSL during `phase` into a ConnectionError.
ConnectionError classifyConnectionFailure(const std::exception& failure, TryPhase phase,
                                          const std::string& method, const std::string& url);

}  // namespace perfscale::kube
