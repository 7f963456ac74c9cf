// The token bucket's schedule and its blocking limiter (see token_bucket.h).
#include "core/kube/token_bucket.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace perfscale::kube {

TokenBucketSchedule::TokenBucketSchedule(double qps, int burst, time_point start) : origin_(start) {
  if (!(qps > 0) || !std::isfinite(qps))
    throw std::invalid_argument("qps must be a positive number, got " + std::to_string(qps));
  if (burst < 1)
    throw std::invalid_argument("burst must be at least 1, got " + std::to_string(burst));
  interval_ = 1e9L / static_cast<long double>(qps);
  tolerance_ = interval_ * static_cast<long double>(burst - 1);
}

TokenBucketSchedule::time_point TokenBucketSchedule::reserve(time_point arrival) {
  const long double at = static_cast<long double>((arrival - origin_).count());
  // A token is free when the theoretical arrival time is within the burst tolerance;
  // after an idle spell the bucket is full again (the max() below), never fuller.
  const long double grant = std::max(at, theoreticalArrival_ - tolerance_);
  theoreticalArrival_ = std::max(theoreticalArrival_, grant) + interval_;
  return origin_ + std::chrono::nanoseconds(static_cast<int64_t>(std::ceil(grant)));
}

TokenBucket::TokenBucket(double qps, int burst, std::shared_ptr<Clock> clock)
    : clock_(std::move(clock)), schedule_(qps, burst, clock_->now()) {}

std::chrono::steady_clock::time_point TokenBucket::acquire() {
  std::chrono::steady_clock::time_point grant;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    grant = schedule_.reserve(clock_->now());
  }
  if (grant > clock_->now()) clock_->sleepUntil(grant);
  return grant;
}

std::unique_ptr<RateLimiter> makeRateLimiter(double qps, int burst, std::shared_ptr<Clock> clock) {
  if (qps == 0) return std::make_unique<UnlimitedRateLimiter>();
  return std::make_unique<TokenBucket>(qps, burst, std::move(clock));
}

}  // namespace perfscale::kube
