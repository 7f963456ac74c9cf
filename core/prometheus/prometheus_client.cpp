// Prometheus' query API over core/kube's transport (see prometheus_client.h).
#include "core/prometheus/prometheus_client.h"

#include <Poco/Base64Encoder.h>
#include <Poco/URI.h>
#include <arpa/inet.h>

#include <cstdio>
#include <sstream>

#include "core/kube/http_exchange.h"
#include "core/kube/https_session.h"
#include "core/kube/tls_context.h"
#include "core/kube/user_agent.h"

namespace perfscale::prometheus {
namespace {

bool isIpAddress(const std::string& host) {
  in6_addr scratch{};
  return inet_pton(AF_INET, host.c_str(), &scratch) == 1 ||
         inet_pton(AF_INET6, host.c_str(), &scratch) == 1;
}

std::string base64(const std::string& text) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << text;
  encoder.close();
  return out.str();
}

std::string encode(const std::string& text) {
  std::string encoded;
  Poco::URI::encode(text, "!#$&'()*+,/:;=?@[]%\"{}|^`<>\\ ~", encoded);
  return encoded;
}

std::string timeParameter(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", seconds);
  return text;
}

}  // namespace

struct Client::Transport {
  kube::Endpoint endpoint;
  std::string pathPrefix;
  Poco::Net::Context::Ptr context;
  std::unique_ptr<kube::HttpsSession> session;
};

Client::Client(Connection connection)
    : connection_(std::move(connection)), transport_(std::make_unique<Transport>()) {
  const std::string& url = connection_.url;
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception& e) {
    throw PrometheusError("Prometheus URL \"" + url + "\" is not a URL (" + e.message() +
                          "); write it as http://HOST:PORT or https://HOST:PORT");
  }
  const std::string scheme = uri.getScheme();
  if ((scheme != "http" && scheme != "https") || uri.getHost().empty()) {
    throw PrometheusError("Prometheus URL \"" + url +
                          "\": expected http://HOST[:PORT][/PATH] or https://HOST[:PORT][/PATH], "
                          "the address Prometheus' web UI is at");
  }
  if (!uri.getUserInfo().empty()) {
    throw PrometheusError("Prometheus URL \"" + url + "\" carries credentials; give them with " +
                          connection_.tokenHint + " instead, so they never appear in messages");
  }
  if (!uri.getQuery().empty() || !uri.getFragment().empty()) {
    throw PrometheusError("Prometheus URL \"" + url +
                          "\" has a query or fragment; give the base address, e.g. "
                          "http://prometheus.monitoring:9090");
  }
  kube::Endpoint& endpoint = transport_->endpoint;
  endpoint.host = uri.getHost();
  endpoint.port = uri.getPort() != 0 ? uri.getPort() : (scheme == "https" ? 443 : 80);
  endpoint.tls = scheme == "https";
  endpoint.verifyName =
      connection_.tls.serverName.empty() ? endpoint.host : connection_.tls.serverName;
  endpoint.sendServerName = !connection_.tls.serverName.empty() || !isIpAddress(endpoint.host);
  endpoint.verifyPeer = !connection_.tls.insecureSkipVerify;
  endpoint.readTimeout = connection_.timeout;
  endpoint.connectTimeout = std::min(connection_.timeout, std::chrono::milliseconds(10'000));
  std::string prefix = uri.getPath();
  while (!prefix.empty() && prefix.back() == '/')
    prefix.pop_back();
  transport_->pathPrefix = prefix;
  try {
    transport_->context = kube::makeClientContext(connection_.tls);
  } catch (const std::exception& e) {
    throw PrometheusError("TLS settings for Prometheus at " + url + ": " + e.what());
  }
  transport_->session = std::make_unique<kube::HttpsSession>(endpoint, transport_->context);
}

Client::~Client() = default;

std::vector<Sample> Client::query(const std::string& promql, double evaluationTime) {
  const std::string& url = connection_.url;
  kube::HttpCall call;
  call.method = "GET";
  call.target = transport_->pathPrefix + "/api/v1/query?query=" + encode(promql) +
                "&time=" + timeParameter(evaluationTime);
  call.url = url;
  call.headers.emplace_back("Accept", "application/json");
  call.headers.emplace_back("User-Agent", kube::userAgent());
  if (!connection_.bearerToken.empty()) {
    call.headers.emplace_back("Authorization", "Bearer " + connection_.bearerToken);
  } else if (!connection_.username.empty()) {
    call.headers.emplace_back("Authorization",
                              "Basic " + base64(connection_.username + ":" + connection_.password));
  }
  const kube::HttpOutcome outcome = kube::exchange(*transport_->session, call);
  if (outcome.error) {
    if (outcome.error->kind() == kube::ConnectionErrorKind::Tls) {
      throw PrometheusError("cannot reach Prometheus at " + url + ": " + outcome.error->detail() +
                            "; give the CA that signed its certificate with " + connection_.caHint +
                            ", or skip verification with " + connection_.insecureHint);
    }
    throw PrometheusError("cannot reach Prometheus at " + url + ": " + outcome.error->detail() +
                          "; check the URL and that Prometheus is running and reachable from "
                          "here (e.g. kubectl port-forward -n monitoring svc/prometheus 9090)");
  }
  const std::string status = std::to_string(outcome.status);
  if (outcome.status == 401) {
    throw PrometheusError("Prometheus at " + url +
                          " answered 401 Unauthorized: it wants credentials; give a bearer token "
                          "with " +
                          connection_.tokenHint +
                          (connection_.bearerToken.empty() ? "" : " (the one given was refused)"));
  }
  if (outcome.status == 403) {
    throw PrometheusError("Prometheus at " + url +
                          " answered 403 Forbidden: the credentials given may not query it; "
                          "give a token that may (" +
                          connection_.tokenHint + ")");
  }
  const QueryAnswer answer = parseQueryAnswer(outcome.body);
  if (const auto* error = std::get_if<QueryError>(&answer)) {
    throw PrometheusError("Prometheus at " + url + " rejected the query " + promql + " (HTTP " +
                          status + (error->errorType.empty() ? "" : ", " + error->errorType) +
                          "): " + error->error);
  }
  if (const auto* other = std::get_if<NotAnAnswer>(&answer)) {
    const auto type = kube::findHeader(outcome.headers, "Content-Type");
    throw PrometheusError("Prometheus at " + url + " answered HTTP " + status +
                          (type ? " (" + *type + ")" : "") + " with " + other->why +
                          ", not the answer of its query API; is " + url +
                          " the address of Prometheus itself (as its web UI is at, without "
                          "/api/v1)?");
  }
  if (outcome.status < 200 || outcome.status >= 300) {
    throw PrometheusError("Prometheus at " + url + " answered HTTP " + status +
                          " to a query; check the URL and Prometheus' log");
  }
  return std::get<std::vector<Sample>>(answer);
}

}  // namespace perfscale::prometheus
