// Requests to the Kubernetes API over HTTPS, as client-go's rest.Request makes them: a limiter
// token before every try, retries of 429/5xx with Retry-After and of cut reads, a cut-off create
// resolved by a GET of its name, credentials refreshed after a 401, every try reported.
// Thread-safe: worker threads share one RestClient; each try leases a keep-alive session that
// no other thread touches meanwhile (session_pool.h).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/kube/api_status.h"
#include "core/kube/authenticator.h"
#include "core/kube/cluster_config.h"
#include "core/kube/connection_error.h"
#include "core/kube/http_exchange.h"
#include "core/kube/proxy.h"
#include "core/kube/rate_limiter.h"
#include "core/kube/response_stream.h"
#include "core/kube/retry_policy.h"
#include "core/kube/try_report.h"

namespace perfscale::kube {

using QueryList = std::vector<std::pair<std::string, std::string>>;

// Time limits for normal requests when the cluster sets no requestTimeout. The read timeout
// bounds each wait for bytes of an answer (Poco's default would be 60 s). It is longer than the
// API server's own 60 s request deadline, so a slow request ends with the server's 504 Status
// rather than with a cut connection whose outcome is unknown.
inline constexpr std::chrono::milliseconds kDefaultConnectTimeout{10'000};  // incl. TLS
inline constexpr std::chrono::milliseconds kDefaultReadTimeout{75'000};

struct TransportOptions {
  std::chrono::milliseconds connectTimeout = kDefaultConnectTimeout;
  // Replaced by the cluster's requestTimeout when that is set (kubectl --request-timeout),
  // which then also bounds each whole try of send(), however slowly the answer trickles in.
  std::chrono::milliseconds readTimeout = kDefaultReadTimeout;
  size_t maxIdleSessions = 512;  // more idle sessions than this are closed
  RetryPolicy retry;
  EnvironmentLookup getenv;  // HTTPS_PROXY, NO_PROXY; the process environment when empty
  // Replaces the authenticator made from cluster.credentials (tests, custom credentials).
  std::shared_ptr<Authenticator> authenticator;
};

struct RestRequest {
  std::string method = "GET";
  std::string path;  // /api/v1/namespaces/x, /apis/kubevirt.io/v1/...; the server's prefix is added
  QueryList query;   // unencoded; encoded here
  std::string body;  // sent with Content-Length; POST, PUT and PATCH always send one, maybe empty
  std::string contentType = "application/json";
  // For a POST that creates an object: its metadata.name. If a try is cut off after sending,
  // the client GETs path/createdName: found means created (createdByEarlierTry), 404 means
  // resend. Empty (generateName, or not a create): such a failure is returned, never resent.
  std::string createdName;
  TryObserver onTry;  // called after each try; may be empty
  // A 2xx answer's body is read and counted but not kept (response.body stays empty): for
  // answers only the status of which matters, like a deletecollection of 10,000 objects.
  bool discardSuccessBody = false;
  // Paces this request's tries after the first, on top of the client's limiter: a paced
  // create's retries take the next slots of its schedule. Null: the client's limiter only.
  RateLimiter* retryPacer = nullptr;
  // At most this many tries; 0: the client's RetryPolicy. A replay sends each recorded try once.
  int maxTries = 0;
  // Ride out an API server outage: a try that could not be sent at all (connection refused,
  // reset or timed out before the request was written) is tried again on the policy's outage
  // backoff until this time, instead of failing at once as kubectl does. Unset: kubectl's rule.
  std::optional<std::chrono::steady_clock::time_point> rideOutUntil;
  // Set: no further try is made (the run was interrupted); the last outcome is returned.
  const std::atomic<bool>* abandon = nullptr;
};

struct RestResponse {
  std::string method;  // of the request
  std::string url;     // of the request, as reported
  int status = 0;      // of the last answer; 0 when the last try got none (see connectionError)
  HeaderList headers;
  std::string body;
  std::optional<ApiStatus> apiStatus;  // for answers other than 2xx: the Status, or the text
  std::optional<ConnectionError> connectionError;  // when no usable answer arrived
  int tries = 0;
  // A create whose answer was lost, found by GET: status is the GET's 200 and body the object.
  bool createdByEarlierTry = false;

  bool ok() const { return !connectionError && status >= 200 && status < 300; }
  // What went wrong, for messages: the connection error, else the Status ("409 AlreadyExists:
  // ..."), else the HTTP status and its text. Empty when ok().
  std::string describe() const;
  std::optional<std::string> header(const std::string& name) const;
  // Throws ConnectionError or ApiError unless ok(); returns the body when ok().
  // `method` overrides the request's in the message (kept for callers that pass it).
  const std::string& bodyOrThrow(const std::string& method = "") const;
};

// A long-lived GET (a watch). It takes no limiter token, as in client-go.
struct StreamRequest {
  std::string path;
  QueryList query;
  // Longest silence between bytes before the stream ends with End::IdleTimeout. A watch with
  // timeoutSeconds=N and bookmarks hears from the server well within N seconds.
  std::chrono::milliseconds idleTimeout = kDefaultStreamIdleTimeout;
  TryObserver onTry;
};

class SessionPool;
class TryDeadlines;

class RestClient {
 public:
  // Throws TlsConfigError, ProxyConfigError or std::invalid_argument (bad server URL) for
  // settings that cannot work, CredentialError for an exec plugin that cannot be used.
  // A null limiter means no limit.
  RestClient(ClusterConfig cluster, std::shared_ptr<RateLimiter> limiter,
             TransportOptions options = {});
  ~RestClient();
  RestClient(const RestClient&) = delete;
  RestClient& operator=(const RestClient&) = delete;

  // Sends with retries; an answer of any status or a connection failure is a RestResponse.
  // Throws CredentialError when no credential can be had (token file, exec plugin).
  RestResponse send(const RestRequest& request);

  // Opens a stream on a session of its own. A non-2xx answer still gives a stream, with its
  // Status read (errorStatus()). Throws ConnectionError when no answer arrives (one retry after
  // a 401 with refreshed credentials), CredentialError as send() does.
  std::unique_ptr<ResponseStream> openStream(const StreamRequest& request);

  // A connection of its own for a request that upgrades it (pods/exec over WebSocket, see
  // pod_exec.h): a new session with this client's TLS settings, proxy and timeouts, not yet
  // connected, and the GET with the credentials and user agent every request carries. Throws
  // CredentialError as send() does.
  struct Upgrade {
    std::unique_ptr<HttpsSession> session;
    HttpCall call;
    Credential credential;  // the one the call carries
  };
  Upgrade prepareUpgrade(const std::string& path, const QueryList& query);
  // The server answered 401 to a call that carried `rejected`: true when refreshed credentials
  // make another try worthwhile (token file re-read, exec plugin run again).
  bool refreshAfterUnauthorized(const Credential& rejected);

  // https://server[/prefix]/path?query, as requests are reported.
  std::string url(const std::string& path, const QueryList& query = {}) const;
  const ClusterConfig& cluster() const { return cluster_; }
  size_t idleSessions() const;
  // Opens connections (TCP and TLS handshakes, no request) until `connections` are idle, a few
  // at a time in parallel, so that a burst of requests does not start with handshakes: paced
  // creation starts its clock after this. Failures are left for the requests to report.
  // Returns the number of idle connections afterwards.
  size_t warmUp(size_t connections);

 private:
  HttpCall makeCall(const std::string& method, const std::string& path, const QueryList& query,
                    const std::string& body, const std::string& contentType) const;
  void authorize(HttpCall& call, const Credential& credential) const;
  Poco::Net::Context::Ptr contextFor(const Credential& credential);

  ClusterConfig cluster_;
  std::shared_ptr<RateLimiter> limiter_;
  TransportOptions options_;
  Endpoint endpoint_;
  std::string pathPrefix_;
  std::string baseUrl_;
  std::string userAgent_;
  std::shared_ptr<Authenticator> authenticator_;
  Poco::Net::Context::Ptr baseContext_;
  std::mutex pluginContextMutex_;
  std::shared_ptr<const ClientCertificate> pluginCertificate_;
  Poco::Net::Context::Ptr pluginContext_;
  std::unique_ptr<SessionPool> pool_;
  std::unique_ptr<TryDeadlines> deadlines_;  // with a request timeout: it bounds whole tries
};

}  // namespace perfscale::kube
