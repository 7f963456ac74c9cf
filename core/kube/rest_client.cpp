// See rest_client.h.
#include "core/kube/rest_client.h"

#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "core/kube/session_pool.h"
#include "core/kube/tls_context.h"
#include "core/kube/try_deadline.h"
#include "core/kube/user_agent.h"

namespace perfscale::kube {

namespace {

using Clock = std::chrono::steady_clock;

// A uniform number in [0, 1) for backoff jitter; each thread has its own generator.
double jitter() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

constexpr const char* kQueryReserved = "!#$&'()*+,/:;=?@[]";

std::string encodeQuery(const QueryList& query) {
  std::string text;
  for (const auto& [name, value] : query) {
    text += text.empty() ? "?" : "&";
    Poco::URI::encode(name, kQueryReserved, text);
    text += '=';
    Poco::URI::encode(value, kQueryReserved, text);
  }
  return text;
}

RequestKind kindOf(const RestRequest& request) {
  // A DELETE is idempotent: sent again after a cut, it deletes nothing more (404, or an empty
  // list for a deletecollection), so it is resent like a read; a deletion given up on instead
  // would leave the run waiting for objects nobody deleted.
  if (request.method == "GET" || request.method == "HEAD" || request.method == "DELETE")
    return RequestKind::Read;
  if (request.method == "POST" && !request.createdName.empty()) return RequestKind::NamedCreate;
  return RequestKind::Write;
}

// A try that the request timeout cut off, whatever the shut socket made of it meanwhile. A
// read timeout that fired first says the same and is kept.
HttpOutcome timedOut(HttpOutcome outcome, const HttpCall& call, std::chrono::milliseconds limit) {
  if (outcome.error && outcome.error->kind() == ConnectionErrorKind::Timeout) return outcome;
  outcome.done = Clock::now();
  outcome.body.clear();
  outcome.error = ConnectionError(
      ConnectionErrorKind::Timeout, call.method, call.url, outcome.sent != Clock::time_point{},
      "timed out: no whole answer within the request timeout (--request-timeout " +
          std::to_string(limit.count()) + "ms); the server answers too slowly");
  return outcome;
}

long millisBetween(Clock::time_point from, Clock::time_point to) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count());
}

TryReport reportOf(const HttpCall& call, const HttpOutcome& outcome, int tryNumber,
                   std::chrono::milliseconds waitBefore, Clock::time_point granted) {
  TryReport report;
  report.tryNumber = tryNumber;
  report.method = call.method;
  report.url = call.url;
  report.waitBefore = waitBefore;
  report.granted = granted;
  report.sent = outcome.sent;
  report.firstByte = outcome.firstByte;
  report.done = outcome.done;
  report.status = outcome.status;
  report.bytesOut = outcome.bytesOut;
  report.bytesIn = outcome.bytesIn;
  report.priorityLevel =
      findHeader(outcome.headers, "X-Kubernetes-PF-PriorityLevel-UID").value_or("");
  report.flowSchema = findHeader(outcome.headers, "X-Kubernetes-PF-FlowSchema-UID").value_or("");
  if (outcome.error) report.error = outcome.error->detail();
  if (!outcome.error && (outcome.status < 200 || outcome.status > 299))
    report.reason = statusOfAnswer(outcome.status, outcome.body).reason;
  return report;
}

void logTry(const TryReport& report) {
  if (!spdlog::should_log(spdlog::level::debug)) return;
  const long took = millisBetween(report.granted, report.done);
  if (report.error.empty()) {
    spdlog::debug("{} {} {} in {} ms (try {})", report.method, report.url, report.status, took,
                  report.tryNumber);
  } else {
    spdlog::debug("{} {} failed after {} ms (try {}): {}", report.method, report.url, took,
                  report.tryNumber, report.error);
  }
}

}  // namespace

std::optional<std::string> RestResponse::header(const std::string& name) const {
  return findHeader(headers, name);
}

std::string RestResponse::describe() const {
  if (connectionError) return connectionError->what();
  if (ok()) return "";
  return kube::describe(apiStatus.value_or(statusOfAnswer(status, body)));
}

const std::string& RestResponse::bodyOrThrow(const std::string& methodOverride) const {
  if (connectionError) throw *connectionError;
  if (!ok()) {
    throw ApiError(methodOverride.empty() ? method : methodOverride, url,
                   apiStatus.value_or(statusOfAnswer(status, body)));
  }
  return body;
}

RestClient::RestClient(ClusterConfig cluster, std::shared_ptr<RateLimiter> limiter,
                       TransportOptions options)
    : cluster_(std::move(cluster)),
      limiter_(limiter ? std::move(limiter) : std::make_shared<UnlimitedRateLimiter>()),
      options_(std::move(options)),
      userAgent_(userAgent()) {
  std::tie(endpoint_, pathPrefix_) = parseServerUrl(cluster_.server);
  baseUrl_ = cluster_.server;
  while (!baseUrl_.empty() && baseUrl_.back() == '/')
    baseUrl_.pop_back();
  if (!cluster_.tls.serverName.empty()) {
    endpoint_.verifyName = cluster_.tls.serverName;
    endpoint_.sendServerName = true;
  }
  endpoint_.verifyPeer = !cluster_.tls.insecureSkipVerify;
  endpoint_.proxy = selectProxy(cluster_.proxyUrl, endpoint_.host, endpoint_.port, options_.getenv);
  endpoint_.connectTimeout = options_.connectTimeout;
  endpoint_.readTimeout = options_.readTimeout;
  if (cluster_.requestTimeout.count() > 0) {
    endpoint_.readTimeout = cluster_.requestTimeout;
    endpoint_.connectTimeout = std::min(options_.connectTimeout, cluster_.requestTimeout);
    deadlines_ = std::make_unique<TryDeadlines>();
  }
  baseContext_ = makeClientContext(cluster_.tls);
  authenticator_ = options_.authenticator ? options_.authenticator : makeAuthenticator(cluster_);
  const Endpoint endpoint = endpoint_;
  pool_ = std::make_unique<SessionPool>(
      [endpoint](Poco::Net::Context::Ptr context) {
        return std::make_unique<HttpsSession>(endpoint, std::move(context));
      },
      options_.maxIdleSessions);
}

RestClient::~RestClient() = default;

size_t RestClient::idleSessions() const {
  return pool_->idleCount();
}

size_t RestClient::warmUp(size_t connections) {
  connections = std::min(connections, options_.maxIdleSessions);
  const size_t idle = pool_->idleCount();
  if (idle >= connections) return idle;
  Poco::Net::Context::Ptr context;
  try {
    context = contextFor(authenticator_->current());
  } catch (const std::exception&) {
    return idle;  // the first request reports why there are no credentials
  }
  const size_t missing = connections - idle;
  const size_t threads = std::min<size_t>(missing, 16);
  std::atomic<size_t> next{0};
  std::mutex mutex;
  std::vector<SessionPool::Lease> opened;  // held until all are open, so each one is new
  std::vector<std::thread> workers;
  for (size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      while (next.fetch_add(1) < missing) {
        auto lease = pool_->lease(context);
        try {
          lease->open();
        } catch (const Poco::Exception& e) {
          spdlog::debug("opening a connection ahead failed: {}", e.displayText());
          lease.discard();
          return;
        }
        std::lock_guard<std::mutex> lock(mutex);
        opened.push_back(std::move(lease));
      }
    });
  }
  for (auto& worker : workers)
    worker.join();
  opened.clear();
  return pool_->idleCount();
}

std::string RestClient::url(const std::string& path, const QueryList& query) const {
  return baseUrl_ + path + encodeQuery(query);
}

HttpCall RestClient::makeCall(const std::string& method, const std::string& path,
                              const QueryList& query, const std::string& body,
                              const std::string& contentType) const {
  HttpCall call;
  call.method = method;
  call.target = pathPrefix_ + path + encodeQuery(query);
  call.url = url(path, query);
  call.body = body;
  call.contentType = contentType;
  call.sendsBody = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  return call;
}

void RestClient::authorize(HttpCall& call, const Credential& credential) const {
  call.headers.clear();
  call.headers.emplace_back("User-Agent", userAgent_);
  call.headers.emplace_back("Accept", "application/json");
  if (!credential.authorization.empty())
    call.headers.emplace_back("Authorization", credential.authorization);
  const Credentials& credentials = cluster_.credentials;
  if (!credentials.impersonateUser.empty())
    call.headers.emplace_back("Impersonate-User", credentials.impersonateUser);
  for (const auto& group : credentials.impersonateGroups)
    call.headers.emplace_back("Impersonate-Group", group);
}

Poco::Net::Context::Ptr RestClient::contextFor(const Credential& credential) {
  if (!credential.clientCertificate) return baseContext_;
  std::lock_guard<std::mutex> lock(pluginContextMutex_);
  if (credential.clientCertificate != pluginCertificate_) {
    pluginContext_ = makeClientContext(cluster_.tls, *credential.clientCertificate);
    pluginCertificate_ = credential.clientCertificate;
  }
  return pluginContext_;
}

RestResponse RestClient::send(const RestRequest& request) {
  const RequestKind kind = kindOf(request);
  HttpCall call =
      makeCall(request.method, request.path, request.query, request.body, request.contentType);
  call.discardSuccessBody = request.discardSuccessBody;
  HttpCall check;
  if (kind == RequestKind::NamedCreate)
    check = makeCall("GET", request.path + "/" + request.createdName, {}, "", "");

  RetryPolicy policy = options_.retry;
  if (request.maxTries > 0) policy.maxTries = request.maxTries;
  RestResponse response;
  response.method = call.method;
  response.url = call.url;
  std::optional<ConnectionError> lostCreate;  // why the create's outcome became unknown
  bool checking = false;
  bool refreshedCredentials = false;
  int unsent = 0;  // tries that could not be sent, while riding out an outage
  std::chrono::milliseconds wait{0};

  for (int tryNumber = 1;; ++tryNumber) {
    if (wait.count() > 0) std::this_thread::sleep_for(wait);
    // A paced retry waits for its slot first, then for the client-wide token.
    const auto paced = tryNumber > 1 && request.retryPacer != nullptr
                           ? request.retryPacer->acquire()
                           : std::chrono::steady_clock::time_point{};
    const auto granted = std::max(paced, limiter_->acquire());
    const Credential credential = authenticator_->current();
    HttpCall& current = checking ? check : call;
    authorize(current, credential);
    HttpOutcome outcome;
    {
      auto lease = pool_->lease(contextFor(credential));
      std::optional<TryDeadlines::Armed> deadline;
      if (deadlines_)
        deadline.emplace(*deadlines_, *lease,
                         std::chrono::steady_clock::now() + cluster_.requestTimeout);
      outcome = exchange(*lease, current);
      if (deadline && deadline->disarm())
        outcome = timedOut(outcome, current, cluster_.requestTimeout);
      deadline.reset();
      if (outcome.error) lease.discard();
    }
    TryReport report = reportOf(current, outcome, tryNumber, wait, granted);
    report.createCheck = checking;
    response.tries = tryNumber;

    // What next: fills `next` and `wait` to go on, or returns the response.
    std::string next;
    wait = std::chrono::milliseconds(0);
    // Tries that could not be sent during an outage do not count against maxTries.
    const int counted = tryNumber - unsent;
    const bool triesLeft = counted < policy.maxTries;
    const bool abandoned = request.abandon != nullptr && request.abandon->load();
    if (outcome.error && request.rideOutUntil && !abandoned && outcome.error->transient() &&
        !outcome.error->mayHaveReachedServer() &&
        std::chrono::steady_clock::now() + (wait = outageWait(policy, unsent++, jitter())) <
            *request.rideOutUntil) {
      next = std::string("connection ") + toString(outcome.error->kind()) +
             " before the request was sent: riding out the outage, next try in " +
             std::to_string(wait.count()) + " ms";
    } else if (outcome.error) {
      wait = std::chrono::milliseconds(0);
      const RetryDecision decision = decideAfterConnectionError(
          policy, counted, checking ? RequestKind::Read : kind, *outcome.error);
      if (decision.action == RetryDecision::Action::CheckCreate) {
        lostCreate = outcome.error;
        checking = true;
      }
      if (decision.action != RetryDecision::Action::Stop) {
        next = decision.why;
        wait = decision.wait;
      }
    } else if (outcome.status == 401 && !refreshedCredentials && triesLeft &&
               authenticator_->refreshAfterUnauthorized(credential)) {
      refreshedCredentials = true;
      next = "401: trying again with refreshed credentials";
    } else if (checking && outcome.status == 200) {
      next = "";  // the create landed: done below
    } else if (checking && outcome.status == 404 && triesLeft) {
      checking = false;
      next = "404: the create did not land; sending it again";
    } else if (!checking && lostCreate && outcome.status == 409 && triesLeft) {
      checking = true;  // most likely our own earlier try; the GET tells
      next = "409 after a lost answer: checking whether an earlier try created it";
    } else {
      const RetryDecision decision = decideAfterAnswer(policy, counted, outcome.status,
                                                       findHeader(outcome.headers, "Retry-After"));
      if (decision.action == RetryDecision::Action::Retry) {
        next = decision.why;
        wait = decision.wait;
      }
    }
    if (abandoned) next.clear();
    report.nextStep = next;
    logTry(report);
    if (request.onTry) request.onTry(report);
    if (!next.empty()) continue;

    response.status = outcome.status;
    response.headers = std::move(outcome.headers);
    response.body = std::move(outcome.body);
    if (outcome.error) {
      response.connectionError =
          lostCreate && checking
              ? ConnectionError(lostCreate->kind(), call.method, call.url, true,
                                lostCreate->detail() +
                                    "; whether the create landed is unknown: the "
                                    "check failed too: " +
                                    outcome.error->detail())
              : *outcome.error;
      response.status = 0;
    } else if (checking && outcome.status == 200) {
      response.createdByEarlierTry = true;
    } else if (checking && outcome.status == 404) {
      response.connectionError =
          ConnectionError(lostCreate->kind(), call.method, call.url, true,
                          lostCreate->detail() + "; the create did not land (GET " + check.url +
                              " answered 404) and no tries are left to send it again");
      response.apiStatus = statusOfAnswer(outcome.status, response.body);
      response.status = 0;
    } else if (checking) {
      // The check answered neither 200 nor 404: the create's outcome stays unknown.
      response.connectionError = ConnectionError(
          lostCreate->kind(), call.method, call.url, true,
          lostCreate->detail() + "; whether the create landed is unknown: GET " + check.url +
              " answered " + describe(statusOfAnswer(outcome.status, response.body)));
      response.apiStatus = statusOfAnswer(outcome.status, response.body);
      response.status = 0;
    } else if (outcome.status < 200 || outcome.status > 299) {
      response.apiStatus = statusOfAnswer(outcome.status, response.body);
    }
    return response;
  }
}

RestClient::Upgrade RestClient::prepareUpgrade(const std::string& path, const QueryList& query) {
  Upgrade upgrade;
  upgrade.call = makeCall("GET", path, query, "", "");
  upgrade.credential = authenticator_->current();
  authorize(upgrade.call, upgrade.credential);
  upgrade.session = std::make_unique<HttpsSession>(endpoint_, contextFor(upgrade.credential));
  return upgrade;
}

bool RestClient::refreshAfterUnauthorized(const Credential& rejected) {
  return authenticator_->refreshAfterUnauthorized(rejected);
}

std::unique_ptr<ResponseStream> RestClient::openStream(const StreamRequest& request) {
  HttpCall call = makeCall("GET", request.path, request.query, "", "");
  bool refreshedCredentials = false;
  for (int tryNumber = 1;; ++tryNumber) {
    const auto started = Clock::now();
    const Credential credential = authenticator_->current();
    authorize(call, credential);
    auto session = std::make_unique<HttpsSession>(endpoint_, contextFor(credential));
    session->setReadTimeout(request.idleTimeout);
    Poco::Net::HTTPResponse response;
    std::istream* body = nullptr;
    HttpOutcome head = startExchange(*session, call, response, &body);
    TryReport report = reportOf(call, head, tryNumber, std::chrono::milliseconds(0), started);
    if (head.error) {
      if (!head.done.time_since_epoch().count()) report.done = Clock::now();
      logTry(report);
      if (request.onTry) request.onTry(report);
      throw *head.error;
    }
    if (head.status == 401 && !refreshedCredentials &&
        authenticator_->refreshAfterUnauthorized(credential)) {
      refreshedCredentials = true;
      report.done = Clock::now();
      report.reason = "Unauthorized";
      report.nextStep = "401: trying again with refreshed credentials";
      logTry(report);
      if (request.onTry) request.onTry(report);
      continue;
    }
    auto stream = std::make_unique<ResponseStream>(std::move(session), head, call);
    report.done = Clock::now();
    report.bytesIn = stream->bytesIn();
    if (stream->errorStatus()) report.reason = stream->errorStatus()->reason;
    logTry(report);
    if (request.onTry) request.onTry(report);
    return stream;
  }
}

}  // namespace perfscale::kube
