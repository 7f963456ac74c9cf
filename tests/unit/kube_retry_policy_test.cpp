// When a try is followed by another: Retry-After, 429/5xx, connection failures by request kind.
#include <catch2/catch.hpp>

#include "core/kube/retry_policy.h"

using namespace std::chrono_literals;
using perfscale::kube::ConnectionError;
using perfscale::kube::ConnectionErrorKind;
using perfscale::kube::decideAfterAnswer;
using perfscale::kube::decideAfterConnectionError;
using perfscale::kube::parseRetryAfter;
using perfscale::kube::RequestKind;
using perfscale::kube::RetryDecision;
using perfscale::kube::RetryPolicy;
using Action = RetryDecision::Action;

namespace {

ConnectionError error(ConnectionErrorKind kind, bool reached) {
  return ConnectionError(kind, "GET", "https://h:1/x", reached, "detail");
}

}  // namespace

TEST_CASE("retry-after: integer seconds are read, capped, and anything else is refused") {
  CHECK(parseRetryAfter("1", 10s) == 1s);
  CHECK(parseRetryAfter(" 3 ", 10s) == 3s);
  CHECK(parseRetryAfter("0", 10s) == 0s);
  CHECK(parseRetryAfter("120", 10s) == 10s);
  CHECK(parseRetryAfter("99999999999999999999999", 10s) == 10s);
  CHECK_FALSE(parseRetryAfter("", 10s));
  CHECK_FALSE(parseRetryAfter("-1", 10s));
  CHECK_FALSE(parseRetryAfter("1.5", 10s));
  CHECK_FALSE(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", 10s));
}

TEST_CASE("retry: 429 and 5xx with Retry-After are retried after that wait") {
  const RetryPolicy policy;
  auto decision = decideAfterAnswer(policy, 1, 429, std::string("2"));
  CHECK(decision.action == Action::Retry);
  CHECK(decision.wait == 2s);
  decision = decideAfterAnswer(policy, 1, 503, std::string("1"));
  CHECK(decision.action == Action::Retry);
  CHECK(decision.wait == 1s);
  CHECK(decideAfterAnswer(policy, 1, 500, std::string("0")).action == Action::Retry);
}

TEST_CASE("retry: 429 and 5xx without a usable Retry-After are final, as in client-go") {
  const RetryPolicy policy;
  CHECK(decideAfterAnswer(policy, 1, 503, std::nullopt).action == Action::Stop);
  CHECK(decideAfterAnswer(policy, 1, 429, std::nullopt).action == Action::Stop);
  CHECK(decideAfterAnswer(policy, 1, 503, std::string("soon")).action == Action::Stop);
}

TEST_CASE("retry: other answers are final") {
  const RetryPolicy policy;
  for (int status : {200, 201, 400, 401, 403, 404, 409, 410, 422}) {
    CAPTURE(status);
    CHECK(decideAfterAnswer(policy, 1, status, std::string("1")).action == Action::Stop);
  }
}

TEST_CASE("retry: the tenth try is the last") {
  const RetryPolicy policy;
  CHECK(decideAfterAnswer(policy, 9, 429, std::string("1")).action == Action::Retry);
  const auto last = decideAfterAnswer(policy, 10, 429, std::string("1"));
  CHECK(last.action == Action::Stop);
  CHECK(last.why.find("10 tries") != std::string::npos);
  CHECK(decideAfterConnectionError(policy, 10, RequestKind::Read,
                                   error(ConnectionErrorKind::Reset, true))
            .action == Action::Stop);
}

TEST_CASE("retry: a cut read is resent with a growing, capped backoff") {
  const RetryPolicy policy;
  const auto reset = error(ConnectionErrorKind::Reset, true);
  CHECK(decideAfterConnectionError(policy, 1, RequestKind::Read, reset).action == Action::Retry);
  CHECK(decideAfterConnectionError(policy, 1, RequestKind::Read, reset).wait == 50ms);
  CHECK(decideAfterConnectionError(policy, 2, RequestKind::Read, reset).wait == 100ms);
  CHECK(decideAfterConnectionError(policy, 3, RequestKind::Read, reset).wait == 200ms);
  CHECK(decideAfterConnectionError(policy, 9, RequestKind::Read, reset).wait == 1000ms);
}

TEST_CASE("retry: a write that may have landed is never resent blindly") {
  const RetryPolicy policy;
  const auto reset = error(ConnectionErrorKind::Reset, true);
  CHECK(decideAfterConnectionError(policy, 1, RequestKind::Write, reset).action == Action::Stop);
  const auto create = decideAfterConnectionError(policy, 1, RequestKind::NamedCreate, reset);
  CHECK(create.action == Action::CheckCreate);
  CHECK(create.wait == 0ms);
  CHECK(decideAfterConnectionError(policy, 1, RequestKind::NamedCreate,
                                   error(ConnectionErrorKind::Timeout, true))
            .action == Action::CheckCreate);
}

TEST_CASE("retry: a connection dropped before sending is retried for any request") {
  const RetryPolicy policy;
  const auto dropped = error(ConnectionErrorKind::Reset, false);
  CHECK(decideAfterConnectionError(policy, 1, RequestKind::Write, dropped).action == Action::Retry);
  CHECK(decideAfterConnectionError(policy, 1, RequestKind::NamedCreate, dropped).action ==
        Action::Retry);
}

TEST_CASE("retry: a refused or unresolvable server fails at once, as with kubectl") {
  const RetryPolicy policy;
  CHECK(decideAfterConnectionError(policy, 1, RequestKind::Read,
                                   error(ConnectionErrorKind::Connect, false))
            .action == Action::Stop);
  CHECK(decideAfterConnectionError(policy, 1, RequestKind::Read,
                                   error(ConnectionErrorKind::Timeout, false))
            .action == Action::Stop);
}

TEST_CASE("retry: TLS failures and timeouts of reads are final") {
  const RetryPolicy policy;
  CHECK(decideAfterConnectionError(policy, 1, RequestKind::Read,
                                   error(ConnectionErrorKind::Tls, false))
            .action == Action::Stop);
  CHECK(decideAfterConnectionError(policy, 1, RequestKind::Read,
                                   error(ConnectionErrorKind::Timeout, true))
            .action == Action::Stop);
}

TEST_CASE("retry: an outage is ridden out on a capped exponential backoff with jitter") {
  const RetryPolicy policy;  // 100 ms doubling to 5 s, times [0.5, 1)
  using perfscale::kube::outageWait;
  CHECK(outageWait(policy, 0, 0.0) == 50ms);
  CHECK(outageWait(policy, 0, 0.5) == 75ms);
  CHECK(outageWait(policy, 1, 0.0) == 100ms);
  CHECK(outageWait(policy, 3, 0.0) == 400ms);
  CHECK(outageWait(policy, 3, 0.999) == 799ms);
  CHECK(outageWait(policy, 6, 0.0) == 2500ms);   // 6.4 s capped at 5 s
  CHECK(outageWait(policy, 60, 0.0) == 2500ms);  // no overflow however long it lasts
  CHECK(outageWait(policy, 60, 1.0) < 5000ms);   // the jitter's top end is excluded
}
