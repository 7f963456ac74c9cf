// See retry_policy.h.
#include "core/kube/retry_policy.h"

#include <algorithm>

namespace perfscale::kube {

namespace {

RetryDecision stop(std::string why) {
  return {RetryDecision::Action::Stop, std::chrono::milliseconds(0), std::move(why)};
}

std::chrono::milliseconds backoff(const RetryPolicy& policy, int triesSoFar) {
  auto wait = policy.connectionBackoff;
  for (int i = 1; i < triesSoFar && wait < policy.maxConnectionBackoff; ++i)
    wait *= 2;
  return std::min(wait, policy.maxConnectionBackoff);
}

}  // namespace

std::chrono::milliseconds outageWait(const RetryPolicy& policy, int unsentSoFar, double jitter) {
  auto step = policy.outageBackoff;
  for (int i = 0; i < unsentSoFar && step < policy.maxOutageBackoff; ++i)
    step *= 2;
  step = std::min(step, policy.maxOutageBackoff);
  const double factor = 0.5 + 0.5 * std::clamp(jitter, 0.0, 0.999999);
  return std::chrono::milliseconds(
      static_cast<int64_t>(static_cast<double>(step.count()) * factor));
}

std::optional<std::chrono::seconds> parseRetryAfter(std::string_view header,
                                                    std::chrono::seconds cap) {
  const auto first = header.find_first_not_of(" \t");
  if (first == std::string_view::npos) return std::nullopt;
  const auto last = header.find_last_not_of(" \t");
  const auto digits = header.substr(first, last - first + 1);
  long long seconds = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    seconds = std::min<long long>(seconds * 10 + (c - '0'), cap.count());
  }
  return std::chrono::seconds(std::min<long long>(seconds, cap.count()));
}

RetryDecision decideAfterAnswer(const RetryPolicy& policy, int triesSoFar, int status,
                                const std::optional<std::string>& retryAfterHeader) {
  if (status != 429 && status < 500) return stop("");
  const auto label = std::to_string(status);
  if (!retryAfterHeader) return stop(label + " without Retry-After is not retried");
  const auto retryAfter = parseRetryAfter(*retryAfterHeader, policy.maxRetryAfter);
  if (!retryAfter)
    return stop(label + " with an unusable Retry-After \"" + *retryAfterHeader + "\"");
  if (triesSoFar >= policy.maxTries)
    return stop(label + " after " + std::to_string(triesSoFar) + " tries, the most allowed");
  return {RetryDecision::Action::Retry, *retryAfter,
          label + " with Retry-After " + std::to_string(retryAfter->count()) + "s"};
}

RetryDecision decideAfterConnectionError(const RetryPolicy& policy, int triesSoFar,
                                         RequestKind kind, const ConnectionError& error) {
  const std::string what = std::string("connection ") + toString(error.kind());
  if (!error.transient()) return stop(what + " is not retried");
  if (triesSoFar >= policy.maxTries)
    return stop(what + " after " + std::to_string(triesSoFar) + " tries, the most allowed");
  if (!error.mayHaveReachedServer()) {
    // Refused, unresolvable or unreachable: fail at once, as kubectl does; a server that
    // accepted and then dropped the connection before the request left may be overloaded.
    if (error.kind() != ConnectionErrorKind::Reset) return stop(what + " is not retried");
    return {RetryDecision::Action::Retry, backoff(policy, triesSoFar),
            what + " before the request was sent"};
  }
  switch (kind) {
    case RequestKind::Read:
      // A server that is slow to answer does not get the same read again on top of it.
      if (error.kind() == ConnectionErrorKind::Timeout) return stop(what + " on a read");
      return {RetryDecision::Action::Retry, backoff(policy, triesSoFar), what + " on a read"};
    case RequestKind::NamedCreate:
      return {RetryDecision::Action::CheckCreate, std::chrono::milliseconds(0),
              what + " after the create was sent: checking whether it landed"};
    case RequestKind::Write:
      break;
  }
  return stop(what + " after a write was sent; it may have landed and is not resent");
}

}  // namespace perfscale::kube
