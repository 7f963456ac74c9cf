// client-go's token bucket (flowcontrol.NewTokenBucketRateLimiter): it starts full with
// `burst` tokens, refills at `qps` per second and holds at most `burst`. Grants follow an
// absolute schedule (the generic cell rate algorithm), so rounding never accumulates:
// under constant demand the n-th token after the burst is granted at exactly
// start + (n - burst + 1) / qps, whatever the sleeps overshoot.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "core/kube/clock.h"
#include "core/kube/rate_limiter.h"

namespace perfscale::kube {

// The schedule alone: when a request arriving at `arrival` gets its token. Not thread-safe.
class TokenBucketSchedule {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  // qps > 0 and burst >= 1, else std::invalid_argument.
  TokenBucketSchedule(double qps, int burst, time_point start);
  // Reserves the next token for a request arriving at `arrival`; returns its grant time.
  time_point reserve(time_point arrival);

 private:
  // Emission interval and burst tolerance in nanoseconds, kept as long double so that
  // thousands of intervals add up without rounding drift.
  long double interval_;
  long double tolerance_;
  time_point origin_;
  long double theoreticalArrival_ = 0;  // ns after origin_
};

class TokenBucket final : public RateLimiter {
 public:
  TokenBucket(double qps, int burst,
              std::shared_ptr<Clock> clock = std::make_shared<SteadyClock>());
  // Thread-safe: concurrent callers get consecutive tokens, each sleeps until its own.
  std::chrono::steady_clock::time_point acquire() override;

 private:
  std::shared_ptr<Clock> clock_;
  std::mutex mutex_;
  TokenBucketSchedule schedule_;
};

// `--qps 0` asks for no limit (client-go treats qps <= 0 as unset; the load generator's
// users ask for unlimited explicitly); negative qps or burst < 1 is an error.
std::unique_ptr<RateLimiter> makeRateLimiter(
    double qps, int burst, std::shared_ptr<Clock> clock = std::make_shared<SteadyClock>());

}  // namespace perfscale::kube
