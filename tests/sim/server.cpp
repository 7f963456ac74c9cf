// perfscale-sim's HTTPS front (see server.h).
#include "tests/sim/server.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Crypto/EVPPKey.h>
#include <Poco/Crypto/X509Certificate.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

#include "tests/sim/pod_exec.h"

namespace perfscale::sim {

namespace {

// Stable UIDs, so clients can tell the two priority levels apart in their traces.
constexpr const char* kFlowSchemaMutating = "6d1b4a3e-5c1f-4a7e-9f0e-2b7c0d6a1e01";
constexpr const char* kFlowSchemaReadOnly = "6d1b4a3e-5c1f-4a7e-9f0e-2b7c0d6a1e02";
constexpr const char* kPriorityLevelMutating = "9a3e2f10-7b4c-4d2a-8e61-3f5a9c2b7d01";
constexpr const char* kPriorityLevelReadOnly = "9a3e2f10-7b4c-4d2a-8e61-3f5a9c2b7d02";

std::vector<std::string> splitPath(const std::string& path) {
  std::vector<std::string> segments;
  std::string current;
  for (char c : path) {
    if (c == '/') {
      if (!current.empty()) segments.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) segments.push_back(std::move(current));
  return segments;
}

std::string readBody(Poco::Net::HTTPServerRequest& request) {
  std::string body;
  const auto length = request.getContentLength();
  if (length > 0) body.reserve(static_cast<size_t>(length));
  std::istream& in = request.stream();
  char buffer[16384];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    body.append(buffer, static_cast<size_t>(in.gcount()));
  }
  return body;
}

bool constantTimeEqual(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i)
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

std::string decodeBase64(const std::string& text) {
  try {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    return std::string((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
  } catch (const Poco::Exception&) {
    return "";
  }
}

void send(Poco::Net::HTTPServerResponse& response, const ApiResponse& answer) {
  response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
  response.setContentType(answer.contentType);
  for (const auto& [name, value] : answer.headers)
    response.set(name, value);
  response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
  response.sendBuffer(answer.body.data(), answer.body.size());
}

// Just enough OpenAPI v3 for kubectl to learn that the server validates fields itself
// (a PATCH operation of the kind that takes fieldValidation), so it sends
// fieldValidation=Strict instead of asking for schemas.
std::string openApiDocument(const std::string& path, const std::string& group,
                            const std::string& kind) {
  return "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"perfscale-sim\",\"version\":\"v1\"},"
         "\"paths\":{\"" +
         path + "\":{\"patch\":{\"x-kubernetes-group-version-kind\":{\"group\":\"" + group +
         "\",\"version\":\"v1\",\"kind\":\"" + kind +
         "\"},\"parameters\":[{\"name\":\"fieldValidation\",\"in\":\"query\",\"schema\":"
         "{\"type\":\"string\"}}],\"responses\":{\"200\":{\"description\":\"OK\"}}}}},"
         "\"components\":{\"schemas\":{}}}";
}

struct RouteTarget {
  std::string verb;  // get, list, watch, create, delete, deletecollection, or "" when unknown
  Kind kind = Kind::Vmi;
  std::string ns;
  std::string name;
};

// Maps a path and method onto a resource verb, or nothing for a path we do not serve.
std::optional<RouteTarget> route(const std::vector<std::string>& s, const std::string& method,
                                 bool watch) {
  RouteTarget target;
  size_t rest = 0;
  if (s.size() >= 3 && s[0] == "api" && s[1] == "v1" && s[2] == "namespaces") {
    if (s.size() >= 5 && s[4] == "virtualmachineinstances") return std::nullopt;
    target.kind = Kind::Namespace;
    rest = 3;
    if (s.size() > 4) return std::nullopt;
  } else if (s.size() >= 4 && s[0] == "apis" && s[1] == "kubevirt.io" && s[2] == "v1") {
    target.kind = Kind::Vmi;
    if (s[3] == "virtualmachineinstances" && s.size() == 4) {
      rest = 4;
    } else if (s[3] == "namespaces" && s.size() >= 6 && s[5] == "virtualmachineinstances" &&
               s.size() <= 7) {
      target.ns = s[4];
      rest = 6;
    } else {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  const bool named = s.size() > rest;
  if (named) target.name = s[rest];
  if (target.kind == Kind::Namespace && named) target.ns = "";
  if (method == "GET") {
    target.verb = named ? "get" : (watch ? "watch" : "list");
  } else if (method == "POST" && !named) {
    target.verb = "create";
  } else if (method == "DELETE") {
    target.verb = named ? "delete" : "deletecollection";
  } else if (method == "PUT" || method == "PATCH") {
    target.verb = method == "PUT" ? "update" : "patch";
  }
  return target;
}

bool isMutating(const std::string& verb) {
  return verb == "create" || verb == "delete" || verb == "deletecollection" || verb == "update" ||
         verb == "patch";
}

class InflightSlot {
 public:
  InflightSlot(std::atomic<size_t>& counter, size_t limit) : counter_(counter) {
    admitted_ = counter_.fetch_add(1) < limit;
  }
  ~InflightSlot() { counter_.fetch_sub(1); }
  bool admitted() const { return admitted_; }

 private:
  std::atomic<size_t>& counter_;
  bool admitted_;
};

std::string millisecondsUntil(std::chrono::steady_clock::time_point at) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(at - std::chrono::steady_clock::now());
  return std::to_string(std::max<int64_t>(0, left.count()));
}

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(Server& server) : server_(server) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    server_.handle(request, response);
  }

 private:
  Server& server_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit HandlerFactory(Server& server) : server_(server) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(server_);  // Poco takes ownership
  }

 private:
  Server& server_;
};

}  // namespace

// A resource request as kube-apiserver's metrics count it: recorded when the handler returns,
// with the status sent, unless it was dropped without an answer.
struct Server::Served {
  Served(ApiserverMetrics& metrics, Poco::Net::HTTPServerResponse& response)
      : metrics(metrics), response(response) {}
  ~Served() {
    if (request)
      metrics.served(*request, static_cast<int>(response.getStatus()),
                     std::chrono::steady_clock::now() - started, timed);
  }
  Served(const Served&) = delete;
  Served& operator=(const Served&) = delete;

  ApiserverMetrics& metrics;
  Poco::Net::HTTPServerResponse& response;
  const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::optional<ApiserverMetrics::Request> request;  // set once it is one that counts
  bool timed = true;  // false for 429s of the inflight limit: counted, not timed
};

struct Server::Identity {
  std::string user;
  bool readOnly = false;
  const NamespaceUser* confined = nullptr;  // may only touch VMIs in one namespace
};

NamespaceUser NamespaceUser::parse(const std::string& text) {
  NamespaceUser user;
  const auto first = text.find(':');
  const auto second = first == std::string::npos ? first : text.find(':', first + 1);
  user.ns = text.substr(0, first);
  user.token = first == std::string::npos ? "" : text.substr(first + 1, second - first - 1);
  if (user.ns.empty() || user.token.empty())
    throw std::invalid_argument("--namespace-user " + text + ": expected NS:TOKEN[:VERB+VERB...]");
  std::string verbs = second == std::string::npos ? "create+get+list+watch+delete+deletecollection"
                                                  : text.substr(second + 1);
  for (size_t start = 0; start <= verbs.size();) {
    const auto plus = verbs.find('+', start);
    const auto verb = verbs.substr(start, plus - start);
    if (!verb.empty()) user.verbs.insert(verb);
    if (plus == std::string::npos) break;
    start = plus + 1;
  }
  return user;
}

Server::Server(ServerConfig config, const CertificateAuthority& ca, const PemPair& serving,
               ControllerConfig controller, FaultSettings faults)
    : config_(std::move(config)),
      ca_(ca),
      serving_(serving),
      store_(config_.watchHistory),
      faults_(std::move(faults)),
      controller_(store_, truth_, faults_, kubevirtMetrics_, std::move(controller)),
      resources_(store_, controller_, truth_, config_.fractionalTimestamps) {
  truth_.listen(&kubevirtMetrics_);
  kubevirtMetrics_.countPhasesWith([this] { return controller_.phaseCounts(); });
  resources_.bootstrap();
}

Server::~Server() {
  stop();
}

// Closes the connection without an answer, as a crashed or cut-off server would.
void Server::dropConnection(Poco::Net::HTTPServerRequest& request,
                            Poco::Net::HTTPServerResponse& response) {
  response.setKeepAlive(false);
  listener_->drop(static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket());
}

std::string Server::start() {
  Poco::Net::Context::Params params;
  params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;  // client certificates optional
  params.loadDefaultCAs = false;
  params.cipherList = "HIGH:!aNULL:!MD5";
  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::SERVER_USE, params);
  std::istringstream certificate(serving_.certificatePem), key(serving_.privateKeyPem),
      authority(ca_.certificatePem());
  context->useCertificate(Poco::Crypto::X509Certificate(certificate));
  context->usePrivateKey(Poco::Crypto::EVPPKey(nullptr, &key));
  context->addCertificateAuthority(Poco::Crypto::X509Certificate(authority));
  context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                            Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
  // A session id context is required once client certificates may be requested.
  context->enableSessionCache(true, "perfscale-sim");

  auto* serverParams = new Poco::Net::HTTPServerParams;
  serverParams->setMaxThreads(config_.maxThreads);
  serverParams->setMaxQueued(4096);
  serverParams->setKeepAlive(true);
  serverParams->setMaxKeepAliveRequests(0);
  serverParams->setKeepAliveTimeout(Poco::Timespan(120, 0));
  serverParams->setTimeout(Poco::Timespan(60, 0));
  serverParams->setServerName("perfscale-sim");
  pool_ = std::make_unique<Poco::ThreadPool>(4, config_.maxThreads + 8, 60, 256 * 1024);
  listener_ = std::make_unique<Listener>(context, serverParams, new HandlerFactory(*this), *pool_);
  controller_.start();
  address_ = listener_->open(Poco::Net::SocketAddress(config_.listenHost, config_.listenPort));
  const std::string host = address_.family() == Poco::Net::AddressFamily::IPv6
                               ? "[" + address_.host().toString() + "]"
                               : address_.host().toString();
  url_ = "https://" + host + ":" + std::to_string(address_.port());
  port_ = address_.port();
  kubevirtMetrics_.controllerWritesTo(host + ":" + std::to_string(address_.port()));
  outageThread_ = std::thread([this] { runOutages(); });
  if (config_.outage) scheduleOutage(*config_.outage);
  return url_;
}

void Server::stop() {
  store_.stop();
  {
    std::lock_guard<std::mutex> lock(outageMutex_);
    stopping_ = true;
  }
  outageChanged_.notify_all();
  if (outageThread_.joinable()) outageThread_.join();
  if (listener_) {
    listener_->close();
    listener_->resetConnections();
  }
  if (pool_) {
    pool_->joinAll();
    pool_.reset();
  }
  controller_.stop();
}

void Server::handle(Poco::Net::HTTPServerRequest& request,
                    Poco::Net::HTTPServerResponse& response) {
  Served served(apiserverMetrics_, response);
  const Poco::URI uri(request.getURI());
  const std::string path = uri.getPath();
  const std::string& method = request.getMethod();
  Query query;
  for (const auto& [name, value] : uri.getQueryParameters())
    query[name] = value;

  // A freeze holds everything but the admin API: answered late, or dropped if cut meanwhile.
  const uint64_t epoch = cutEpoch();
  const bool adminPath = path.rfind("/sim/", 0) == 0;
  if (!adminPath && !holdWhileFrozen(epoch)) {
    dropConnection(request, response);
    return;
  }

  if (path == "/healthz" || path == "/readyz" || path == "/livez") {
    send(response, ApiResponse{200, "ok", "text/plain; charset=utf-8", {}});
    return;
  }
  const std::string body = readBody(request);

  if (adminPath) {
    const std::string authorization = request.get("Authorization", "");
    if (config_.adminToken.empty() ||
        !constantTimeEqual(authorization, "Bearer " + config_.adminToken)) {
      send(response, failure(401, "Unauthorized", "Unauthorized: /sim/ needs the admin token"));
      return;
    }
    std::optional<OutageSpec> outage;
    send(response, admin(method, path, body, outage));
    // Only now: an outage that starts at once must not cut its own answer off.
    if (outage) scheduleOutage(*outage);
    return;
  }

  // Authentication: bearer token, basic, or a client certificate the handshake verified.
  Identity identity;
  const std::string authorization = request.get("Authorization", "");
  if (authorization.rfind("Bearer ", 0) == 0) {
    const std::string token = authorization.substr(7);
    if (!config_.token.empty() && constantTimeEqual(token, config_.token)) {
      identity.user = "sim-admin";
    } else if (!config_.readOnlyToken.empty() && constantTimeEqual(token, config_.readOnlyToken)) {
      identity.user = "sim-reader";
      identity.readOnly = true;
    } else {
      for (const auto& user : config_.namespaceUsers) {
        if (!constantTimeEqual(token, user.token)) continue;
        identity.user = user.name();
        identity.confined = &user;
      }
    }
  } else if (authorization.rfind("Basic ", 0) == 0) {
    if (!config_.basicUser.empty() &&
        constantTimeEqual(decodeBase64(authorization.substr(6)), config_.basicUser)) {
      identity.user = config_.basicUser.substr(0, config_.basicUser.find(':'));
    }
  } else if (authorization.empty()) {
    try {
      Poco::Net::SecureStreamSocket secure(
          static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket());
      if (secure.havePeerCertificate()) identity.user = secure.peerCertificate().commonName();
    } catch (const Poco::Exception&) {
    }
  }
  if (identity.user.empty() && path != "/version") {
    send(response, failure(401, "Unauthorized", "Unauthorized"));
    return;
  }

  if (path == "/metrics") {
    send(response, metricsAnswer(method, identity));
    return;
  }

  const auto segments = splitPath(path);
  if (handlePods(segments, identity, body, query, served, request, response)) return;
  const bool watch = queryFlag(query, "watch");
  const bool absentGroup = config_.withoutKubevirt && segments.size() >= 2 &&
                           segments[0] == "apis" && segments[1] == "kubevirt.io";
  auto target = absentGroup ? std::nullopt : route(segments, method, watch);
  if (!target) {
    auto answer = discovery(path);
    if (answer.status == 404 && method != "GET")
      answer = failure(405, "MethodNotAllowed",
                       "the server does not allow this method on the requested resource");
    send(response, answer);
    return;
  }
  const bool mutating = isMutating(target->verb);
  response.set("X-Kubernetes-PF-FlowSchema-UID",
               mutating ? kFlowSchemaMutating : kFlowSchemaReadOnly);
  response.set("X-Kubernetes-PF-PriorityLevel-UID",
               mutating ? kPriorityLevelMutating : kPriorityLevelReadOnly);
  const std::string resource = target->kind == Kind::Vmi ? "virtualmachineinstances" : "namespaces";
  const std::string group = target->kind == Kind::Vmi ? "kubevirt.io" : "";

  const bool outsideRole = identity.confined != nullptr &&
                           (target->kind != Kind::Vmi || target->ns != identity.confined->ns ||
                            identity.confined->verbs.count(target->verb) == 0);
  if ((identity.readOnly && mutating) || outsideRole) {
    std::string message =
        qualifiedResource(target->kind) +
        (target->name.empty() ? "" : " \"" + target->name + "\"") + " is forbidden: User \"" +
        identity.user + "\" cannot " + target->verb + " resource \"" + resource +
        "\" in API group \"" + group + "\"" +
        (target->ns.empty() ? " at the cluster scope" : " in the namespace \"" + target->ns + "\"");
    send(response,
         failure(403, "Forbidden", message, StatusDetails{target->name, group, resource, {}, 0}));
    return;
  }
  if (target->verb.empty() || target->verb == "update" || target->verb == "patch" ||
      (target->verb == "deletecollection" && (target->kind != Kind::Vmi || target->ns.empty()))) {
    send(response, failure(405, "MethodNotAllowed",
                           "the server does not allow this method on the requested resource"));
    return;
  }

  served.request =
      ApiserverMetrics::label(target->verb, group, resource, "", target->ns, target->name);
  const FaultDecision fault = faults_.decide(target->verb, resource);
  if (fault.delay.count() > 0 && target->verb != "watch") std::this_thread::sleep_for(fault.delay);
  if (fault.drop) {
    served.request.reset();
    dropConnection(request, response);
    return;
  }
  if (fault.status != 0) {
    auto answer =
        fault.status == 429
            ? failure(429, "TooManyRequests", "Too many requests, please try again later.",
                      StatusDetails{"", "", "", {}, fault.retryAfterSeconds})
            : failure(fault.status, fault.status == 503 ? "ServiceUnavailable" : "InternalError",
                      fault.status == 503
                          ? "the server is currently unable to handle the request (injected fault)"
                          : "Internal error occurred: injected fault");
    if (fault.retryAfterSeconds > 0)
      answer.headers.emplace_back("Retry-After", std::to_string(fault.retryAfterSeconds));
    send(response, answer);
    return;
  }

  // Long-running requests (watches) are exempt from the inflight limits, as in the API server.
  if (target->verb == "watch") {
    auto plan = resources_.watch(target->kind, target->ns, query);
    if (auto* failed = std::get_if<ApiResponse>(&plan)) {
      send(response, *failed);
    } else {
      streamWatch(std::get<WatchPlan>(plan), epoch, request, response);
    }
    return;
  }
  InflightSlot slot(mutating ? mutatingInflight_ : readOnlyInflight_,
                    mutating ? config_.maxMutatingInflight : config_.maxReadOnlyInflight);
  if (!slot.admitted()) {
    served.timed = false;
    auto answer = failure(429, "TooManyRequests", "Too many requests, please try again later.",
                          StatusDetails{"", "", "", {}, config_.overloadRetryAfterSeconds});
    answer.headers.emplace_back("Retry-After", std::to_string(config_.overloadRetryAfterSeconds));
    send(response, answer);
    return;
  }

  ApiResponse answer;
  if (target->verb == "create") {
    const std::string contentType = request.getContentType();
    const std::string mediaType = contentType.substr(0, contentType.find(';'));
    if (mediaType != "application/json") {
      answer = failure(415, "UnsupportedMediaType",
                       "the body of the request was in an unknown format - accepted media types "
                       "include: application/json");
    } else {
      answer = resources_.create(target->kind, target->ns, body, query);
    }
  } else if (target->verb == "get") {
    answer = resources_.get(target->kind, target->ns, target->name);
  } else if (target->verb == "list") {
    answer = resources_.list(target->kind, target->ns, query);
  } else if (target->verb == "delete") {
    answer = resources_.remove(target->kind, target->ns, target->name, body, query);
  } else {
    answer = resources_.removeCollection(target->ns, query);
  }
  send(response, answer);
}

bool Server::handlePods(const std::vector<std::string>& s, const Identity& identity,
                        const std::string& body, const Query& query, Served& served,
                        Poco::Net::HTTPServerRequest& request,
                        Poco::Net::HTTPServerResponse& response) {
  // /api/v1/pods, /api/v1/namespaces/NS/pods[/NAME[/exec]]
  const bool all = s.size() == 3 && s[0] == "api" && s[1] == "v1" && s[2] == "pods";
  const bool namespaced = s.size() >= 5 && s.size() <= 7 && s[0] == "api" && s[1] == "v1" &&
                          s[2] == "namespaces" && s[4] == "pods";
  if (!all && !namespaced) return false;
  const std::string ns = namespaced ? s[3] : "";
  const std::string name = s.size() >= 6 ? s[5] : "";
  const bool exec = s.size() == 7 && s[6] == "exec";
  if ((s.size() == 7 && !exec) || (exec && config_.withoutExec)) {
    send(response, failure(404, "NotFound", "the server could not find the requested resource"));
    return true;
  }
  const std::string& method = request.getMethod();
  std::string verb;
  if (exec) {
    if (method == "GET" || method == "POST") verb = "exec";
  } else if (method == "GET") {
    verb = name.empty() ? "list" : "get";
  } else if (method == "POST" && name.empty() && namespaced) {
    verb = "create";
  }
  if (verb.empty()) {
    send(response, failure(405, "MethodNotAllowed",
                           "the server does not allow this method on the requested resource"));
    return true;
  }
  const bool writes = verb == "create" || verb == "exec";
  if ((identity.readOnly && writes) || identity.confined != nullptr) {
    const std::string resource = exec ? "pods/exec" : "pods";
    send(response,
         failure(403, "Forbidden",
                 "pods" + (name.empty() ? std::string() : " \"" + name + "\"") +
                     " is forbidden: User \"" + identity.user + "\" cannot " +
                     (exec || verb == "create" ? "create" : verb) + " resource \"" + resource +
                     "\" in API group \"\"" +
                     (ns.empty() ? " at the cluster scope" : " in the namespace \"" + ns + "\""),
                 StatusDetails{name, "", "pods", {}, 0}));
    return true;
  }
  served.request = ApiserverMetrics::label(verb, "", "pods", exec ? "exec" : "", ns, name);
  if (verb == "list") {
    send(response, pods_.list(ns, query));
  } else if (verb == "get") {
    send(response, pods_.get(ns, name));
  } else if (verb == "create") {
    send(response, pods_.create(ns, body));
  } else {
    const auto pod = pods_.find(ns, name);
    if (!pod) {
      send(response, podNotFound(name));
      return true;
    }
    auto plan = planExec(request, *pod);
    if (auto* refused = std::get_if<ApiResponse>(&plan)) {
      send(response, *refused);
      return true;
    }
    serveExec(std::get<ExecPlan>(plan), request, response);
  }
  return true;
}

void Server::streamWatch(const WatchPlan& plan, uint64_t epoch,
                         Poco::Net::HTTPServerRequest& request,
                         Poco::Net::HTTPServerResponse& response) {
  const FaultSettings faults = faults_.settings();
  const auto started = std::chrono::steady_clock::now();
  const auto end = started + plan.timeout;
  const auto cutAt = faults.watchCutAfter.count() > 0
                         ? started + faults.watchCutAfter
                         : std::chrono::steady_clock::time_point::max();
  const std::string kind = plan.kind == Kind::Vmi ? "VirtualMachineInstance" : "Namespace";
  const std::string apiVersion = plan.kind == Kind::Vmi ? "kubevirt.io/v1" : "v1";

  response.setChunkedTransferEncoding(true);
  response.setContentType("application/json");
  response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
  std::ostream& out = response.send();
  long sent = 0;
  auto cut = [&] {
    return (faults.watchCutAfterEvents > 0 && sent >= faults.watchCutAfterEvents) ||
           std::chrono::steady_clock::now() >= cutAt;
  };
  std::string batch;
  auto write = [&](const WatchEvent& event) {
    batch += "{\"type\":\"" + event.type + "\",\"object\":" + event.object.json() + "}\n";
    ++sent;
  };
  for (const auto& event : plan.initial) {
    write(event);
    if (cut()) break;
  }
  if (!batch.empty()) out << batch << std::flush;
  batch.clear();

  uint64_t after = plan.after;
  auto nextBookmark = std::chrono::steady_clock::now() + config_.bookmarkInterval;
  std::vector<WatchEvent> events;
  while (out.good()) {
    // A freeze silences the stream (events wait in the history); an outage cuts it.
    if (cut() || !holdWhileFrozen(epoch)) {
      dropConnection(request, response);
      return;
    }
    // Wakes at least every 200 ms to notice a freeze or a cut.
    const auto wakeAt =
        std::min({end, cutAt, plan.bookmarks ? nextBookmark : end,
                  std::chrono::steady_clock::now() + std::chrono::milliseconds(200)});
    events.clear();
    const auto result = store_.waitForEvents(after, wakeAt, events);
    if (result == ObjectStore::WaitResult::Stopped) break;
    if (!holdWhileFrozen(epoch)) {
      dropConnection(request, response);
      return;
    }
    if (result == ObjectStore::WaitResult::Expired) {
      out << "{\"type\":\"ERROR\",\"object\":"
          << failure(410, "Expired",
                     "too old resource version: " + std::to_string(after) + " (" +
                         std::to_string(store_.oldestWatchableVersion()) + ")")
                 .body
          << "}\n"
          << std::flush;
      break;
    }
    for (const auto& event : events) {
      if (!plan.accept(event.object)) continue;
      write(event);
      if (cut()) break;
    }
    const auto now = std::chrono::steady_clock::now();
    if (plan.bookmarks && now >= nextBookmark) {
      batch += "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"" + kind + "\",\"apiVersion\":\"" +
               apiVersion + "\",\"metadata\":{\"resourceVersion\":\"" + std::to_string(after) +
               "\"}}}\n";
      nextBookmark = now + config_.bookmarkInterval;
    }
    if (!batch.empty()) {
      out << batch << std::flush;
      batch.clear();
    }
    if (now >= end) break;
  }
}

ApiResponse Server::metricsAnswer(const std::string& method, const Identity& identity) const {
  // A non-resource URL: kube-apiserver's RBAC grants it to cluster admins, who are the sim's
  // full-access users (token, basic or client certificate).
  if (identity.readOnly || identity.confined != nullptr) {
    std::string verb = method;
    std::transform(verb.begin(), verb.end(), verb.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return failure(
        403, "Forbidden",
        "forbidden: User \"" + identity.user + "\" cannot " + verb + " path \"/metrics\"");
  }
  if (method != "GET")
    return failure(405, "MethodNotAllowed",
                   "the server does not allow this method on the requested resource");
  return ApiResponse{200,
                     apiserverMetrics_.exposition() + kubevirtMetrics_.exposition(),
                     metrics::kContentType,
                     {}};
}

ApiResponse Server::discovery(const std::string& path) const {
  static const std::string group =
      "{\"name\":\"kubevirt.io\",\"versions\":[{\"groupVersion\":\"kubevirt.io/v1\",\"version\":"
      "\"v1\"}],\"preferredVersion\":{\"groupVersion\":\"kubevirt.io/v1\",\"version\":\"v1\"}}";
  ApiResponse answer;
  if (config_.withoutKubevirt && path.rfind("/apis/kubevirt.io", 0) == 0) {
    return failure(404, "NotFound", "the server could not find the requested resource");
  }
  if (path == "/version") {
    answer.body =
        "{\"major\":\"1\",\"minor\":\"30\",\"gitVersion\":\"v1.30.0-perfscale-sim\","
        "\"gitCommit\":\"none\",\"gitTreeState\":\"clean\",\"buildDate\":\"1970-01-01T00:00:00Z\","
        "\"goVersion\":\"none\",\"compiler\":\"none\",\"platform\":\"linux/amd64\"}";
  } else if (path == "/api") {
    // Not url_: a client may connect (a stray one, to a port it knew from before) while
    // start() is still writing it.
    const auto port = std::to_string(port_.load());
    answer.body =
        "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
        "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1:" +
        port + "\"}]}";
  } else if (path == "/api/v1") {
    answer.body =
        "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":"
        "\"namespaces\",\"singularName\":\"namespace\",\"namespaced\":false,\"kind\":\"Namespace\","
        "\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"watch\"],\"shortNames\":[\"ns\"]},"
        "{\"name\":\"pods\",\"singularName\":\"pod\",\"namespaced\":true,\"kind\":\"Pod\","
        "\"verbs\":[\"create\",\"get\",\"list\"],\"shortNames\":[\"po\"]}" +
        std::string(config_.withoutExec
                        ? ""
                        : ",{\"name\":\"pods/exec\",\"singularName\":\"\",\"namespaced\":true,"
                          "\"kind\":\"PodExecOptions\",\"verbs\":[\"create\",\"get\"]}") +
        "]}";
  } else if (path == "/apis") {
    answer.body = "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[" +
                  (config_.withoutKubevirt ? std::string() : group) + "]}";
  } else if (path == "/apis/kubevirt.io") {
    answer.body = "{\"kind\":\"APIGroup\",\"apiVersion\":\"v1\"," + group.substr(1);
  } else if (path == "/apis/kubevirt.io/v1") {
    answer.body =
        "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"kubevirt.io/v1\","
        "\"resources\":[{\"name\":\"virtualmachineinstances\",\"singularName\":"
        "\"virtualmachineinstance\",\"namespaced\":true,\"kind\":\"VirtualMachineInstance\","
        "\"verbs\":[\"create\",\"delete\",\"deletecollection\",\"get\",\"list\",\"watch\"],"
        "\"shortNames\":[\"vmi\",\"vmis\"],\"categories\":[\"all\"]}]}";
  } else if (path == "/openapi/v3") {
    answer.body =
        "{\"paths\":{\"api/v1\":{\"serverRelativeURL\":\"/openapi/v3/api/v1?hash=1\"},"
        "\"apis/kubevirt.io/v1\":{\"serverRelativeURL\":\"/openapi/v3/apis/kubevirt.io/"
        "v1?hash=1\"}}}";
  } else if (path == "/openapi/v3/api/v1") {
    answer.body = openApiDocument("/api/v1/namespaces/{name}", "", "Namespace");
  } else if (path == "/openapi/v3/apis/kubevirt.io/v1") {
    answer.body = openApiDocument(
        "/apis/kubevirt.io/v1/namespaces/{namespace}/virtualmachineinstances/{name}", "kubevirt.io",
        "VirtualMachineInstance");
  } else {
    answer = failure(404, "NotFound", "the server could not find the requested resource");
  }
  return answer;
}

ApiResponse Server::admin(const std::string& method, const std::string& path,
                          const std::string& body, std::optional<OutageSpec>& toSchedule) {
  ApiResponse answer;
  // The settings with the outage under way or scheduled spliced in.
  auto faultsJson = [this](const FaultSettings& settings, const std::string& outage) {
    std::string json = settings.json();
    json.pop_back();
    return json + ",\"outage\":" + outage + "}";
  };
  if (path == "/sim/truth" && method == "GET") {
    answer.body = truth_.json();
  } else if (path == "/sim/faults" && method == "GET") {
    answer.body = faultsJson(faults_.settings(), outageJson());
  } else if (path == "/sim/faults" && (method == "PUT" || method == "POST" || method == "PATCH")) {
    FaultSettings settings = faults_.settings();
    std::optional<std::optional<OutageSpec>> outage;
    try {
      outage = outageField(body);
      settings.merge(body);
    } catch (const std::invalid_argument& e) {
      return failure(400, "BadRequest", e.what());
    }
    faults_.set(settings);
    std::string outageText;
    if (outage && *outage) {
      toSchedule = **outage;
      outageText = (*outage)->json();
      outageText.insert(outageText.size() - 1, ",\"state\":\"scheduled\"");
    } else {
      if (outage) cancelOutages();  // "outage":null
      outageText = outageJson();
    }
    answer.body = faultsJson(settings, outageText);
  } else if (path == "/sim/faults" && method == "DELETE") {
    faults_.set(FaultSettings{});
    cancelOutages();
    answer.body = faultsJson(FaultSettings{}, "null");
  } else if (path == "/sim/compact" && method == "POST") {
    store_.compact();
    answer.body = "{\"compactedTo\":" + std::to_string(store_.resourceVersion()) + "}";
  } else if (path == "/sim/stats" && method == "GET") {
    const auto counts = controller_.counts();
    answer.body = "{\"resourceVersion\":" + std::to_string(store_.resourceVersion()) +
                  ",\"liveVmis\":" + std::to_string(counts.live) +
                  ",\"waitingForCapacity\":" + std::to_string(counts.waitingForCapacity) +
                  ",\"capacity\":" + std::to_string(counts.capacity) +
                  ",\"occupied\":" + std::to_string(counts.occupied) +
                  ",\"mutatingInflight\":" + std::to_string(mutatingInflight_.load()) +
                  ",\"readOnlyInflight\":" + std::to_string(readOnlyInflight_.load()) + "," +
                  resources_.createStatsJson();
    {
      std::lock_guard<std::mutex> lock(outageMutex_);
      answer.body += ",\"outagesStarted\":" + std::to_string(outagesStarted_) +
                     ",\"outagesEnded\":" + std::to_string(outagesEnded_) + "}";
    }
  } else {
    answer = failure(404, "NotFound",
                     "no admin endpoint " + method + " " + path +
                         " (GET /sim/truth, GET|PUT|DELETE /sim/faults, POST "
                         "/sim/compact, GET /sim/stats)");
  }
  return answer;
}

uint64_t Server::cutEpoch() const {
  return cutEpoch_.load();
}

bool Server::holdWhileFrozen(uint64_t epoch) {
  if (!frozen_.load() && cutEpoch_.load() == epoch) return true;  // no outage: no lock
  std::unique_lock<std::mutex> lock(outageMutex_);
  outageChanged_.wait(lock, [&] { return !frozen_ || stopping_ || cutEpoch_ != epoch; });
  return !stopping_ && cutEpoch_ == epoch;
}

void Server::scheduleOutage(const OutageSpec& spec) {
  {
    std::lock_guard<std::mutex> lock(outageMutex_);
    nextOutage_ = PlannedOutage{spec, std::chrono::steady_clock::now() + spec.after, {}};
  }
  outageChanged_.notify_all();
}

void Server::cancelOutages() {
  {
    std::lock_guard<std::mutex> lock(outageMutex_);
    nextOutage_.reset();
    if (activeOutage_) endOutageEarly_ = true;
  }
  outageChanged_.notify_all();
}

std::string Server::outageJson() const {
  std::lock_guard<std::mutex> lock(outageMutex_);
  const PlannedOutage* outage = activeOutage_ ? &*activeOutage_
                                : nextOutage_ ? &*nextOutage_
                                              : nullptr;
  if (!outage) return "null";
  std::string json = outage->spec.json();
  json.pop_back();
  if (activeOutage_) {
    json += ",\"state\":\"active\",\"endsInMs\":" + millisecondsUntil(outage->endAt) + "}";
  } else {
    json += ",\"state\":\"scheduled\",\"startsInMs\":" + millisecondsUntil(outage->startAt) + "}";
  }
  return json;
}

void Server::runOutages() {
  std::unique_lock<std::mutex> lock(outageMutex_);
  while (!stopping_) {
    if (!nextOutage_) {
      outageChanged_.wait(lock);
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now < nextOutage_->startAt) {
      outageChanged_.wait_until(lock, nextOutage_->startAt);
      continue;
    }
    PlannedOutage outage = *nextOutage_;
    nextOutage_.reset();
    outage.startAt = now;
    outage.endAt = now + outage.spec.duration;
    activeOutage_ = outage;
    endOutageEarly_ = false;
    ++outagesStarted_;
    const OutageKind kind = outage.spec.kind;
    if (kind == OutageKind::Freeze) {
      frozen_ = true;
    } else {
      ++cutEpoch_;  // held requests and watch streams of before are dropped
    }
    lock.unlock();
    outageChanged_.notify_all();
    std::cerr << "perfscale-sim: outage " << outageKindName(kind) << " for "
              << std::chrono::duration_cast<std::chrono::milliseconds>(outage.spec.duration).count()
              << " ms" << std::endl;
    if (kind != OutageKind::Freeze) {
      listener_->close();
      listener_->resetConnections();
    }
    lock.lock();
    outageChanged_.wait_until(lock, outage.endAt, [&] { return stopping_ || endOutageEarly_; });
    frozen_ = false;
    const bool stopping = stopping_;
    lock.unlock();
    outageChanged_.notify_all();
    if (kind != OutageKind::Freeze && !stopping) {
      // A restarted API server has an empty watch cache: older versions are 410 Gone.
      if (kind == OutageKind::Restart) store_.compact();
      reopenListener();
    }
    if (!stopping)
      std::cerr << "perfscale-sim: outage " << outageKindName(kind) << " over" << std::endl;
    lock.lock();
    activeOutage_.reset();
    ++outagesEnded_;
  }
}

void Server::reopenListener() {
  // The port was ours a moment ago, but another process may have taken it: retry, bounded.
  for (int attempt = 0; attempt < 300; ++attempt) {
    {
      std::lock_guard<std::mutex> lock(outageMutex_);
      if (stopping_) return;
    }
    try {
      listener_->open(address_);
      return;
    } catch (const Poco::Exception& e) {
      if (attempt == 0)
        std::cerr << "perfscale-sim: reopening " << address_.toString() << ": " << e.displayText()
                  << "; retrying for 30 s" << std::endl;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::cerr << "perfscale-sim: could not reopen " << address_.toString() << std::endl;
}

}  // namespace perfscale::sim
