// When a try is followed by another, as client-go's rest.Request decides it: 429 and 5xx
// answers that carry Retry-After, cut connections of reads; never a blind resend of a write
// that may have landed (a create with a known name is checked with a GET instead). A refused or
// unresolvable server fails at once, as with kubectl.
// Pure functions: no clock, no I/O.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/kube/connection_error.h"

namespace perfscale::kube {

struct RetryPolicy {
  int maxTries = 10;  // tries of one request, the first included (client-go: 10 retries)
  // A server's Retry-After is honoured up to this. client-go has no cap; a load test should not
  // sit out a misconfigured server's hour, and API servers send 1 s.
  std::chrono::seconds maxRetryAfter{10};
  // Wait before resending after a connection failure: doubles from the first value up to the
  // cap. client-go resends at once (the limiter paces it); a short backoff keeps a restarting
  // server from being hammered by ten tries in a millisecond.
  std::chrono::milliseconds connectionBackoff{50};
  std::chrono::milliseconds maxConnectionBackoff{1000};
  // Riding out an outage (RestRequest::rideOutUntil): a try that could not be sent at all is
  // tried again after min(cap, base * 2^n) times a random factor in [0.5, 1), n counting
  // such tries from 0, until the request's deadline; maxTries does not apply.
  std::chrono::milliseconds outageBackoff{100};
  std::chrono::milliseconds maxOutageBackoff{5000};
};

// The wait before the next try during an outage, after `unsentSoFar` tries that could not be
// sent; `jitter` in [0, 1) picks the point in [0.5, 1) of the capped exponential step.
std::chrono::milliseconds outageWait(const RetryPolicy& policy, int unsentSoFar, double jitter);

// What a request is, as far as resending it goes.
enum class RequestKind {
  Read,         // GET, HEAD, and DELETE (idempotent): safe to resend
  NamedCreate,  // POST of an object whose name is known: a cut-off try is checked with a GET
  Write         // anything else: never resent once it may have reached the server
};

struct RetryDecision {
  enum class Action {
    Stop,        // the last try's outcome is the request's
    Retry,       // send the same request again after `wait`
    CheckCreate  // the create may have landed: GET it by name before anything else
  };
  Action action = Action::Stop;
  std::chrono::milliseconds wait{0};
  std::string why;  // for logs and messages: "429 with Retry-After 1s", "connection reset"
};

// Retry-After as client-go reads it: a non-negative integer number of seconds (an HTTP date is
// not honoured), capped at `cap`. Nothing for a missing or malformed value.
std::optional<std::chrono::seconds> parseRetryAfter(std::string_view header,
                                                    std::chrono::seconds cap);

// After an HTTP answer. `triesSoFar` counts the try just made.
RetryDecision decideAfterAnswer(const RetryPolicy& policy, int triesSoFar, int status,
                                const std::optional<std::string>& retryAfterHeader);

// After a try that got no answer.
RetryDecision decideAfterConnectionError(const RetryPolicy& policy, int triesSoFar,
                                         RequestKind kind, const ConnectionError& error);

}  // namespace perfscale::kube
