// Instant queries to Prometheus' HTTP API (/api/v1/query) over core/kube's transport (HTTPS as
// for the API server, or plain HTTP), with a bearer token or basic auth. Every failure is one
// PrometheusError naming the URL, what happened and what to do.
#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/kube/cluster_config.h"
#include "core/prometheus/query_answer.h"

namespace perfscale::prometheus {

class PrometheusError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Connection {
  std::string url;  // http(s)://host[:port][/prefix], the address Prometheus' UI is at
  std::string bearerToken;
  std::string username;  // basic auth, when there is no token
  std::string password;
  kube::TlsConfig tls;  // CA, insecure-skip-tls-verify, client certificate (https only)
  std::chrono::milliseconds timeout{30'000};
  // How the user named the settings in messages: "--prometheus-token", or the audit file's
  // field.
  std::string tokenHint = "--prometheus-token or --prometheus-token-file";
  std::string caHint = "--prometheus-certificate-authority FILE";
  std::string insecureHint = "--prometheus-insecure-skip-tls-verify";
};

class Client {
 public:
  // Throws PrometheusError for a URL that is not http(s)://host[...] and for unusable TLS
  // settings (a CA file without a certificate, a key that does not match).
  explicit Client(Connection connection);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // GET /api/v1/query?query=Q&time=T (T in seconds since the epoch). Throws PrometheusError when
  // Prometheus cannot be reached, refuses the credentials (401/403), answers something that is
  // not the API's JSON, or rejects the query (its errorType and error text).
  std::vector<Sample> query(const std::string& promql, double evaluationTime);

  const std::string& url() const { return connection_.url; }

 private:
  struct Transport;
  Connection connection_;
  std::unique_ptr<Transport> transport_;
};

}  // namespace perfscale::prometheus
