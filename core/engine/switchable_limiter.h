// The run's one rate limiter, whose pace changes per workload (each has its qps/burst)
// while the REST client that calls it stays the same.
#pragma once

#include <memory>
#include <mutex>

#include "core/kube/rate_limiter.h"

namespace perfscale::engine {

class SwitchableLimiter final : public kube::RateLimiter {
 public:
  explicit SwitchableLimiter(std::shared_ptr<kube::RateLimiter> initial)
      : current_(std::move(initial)) {}
  void use(std::shared_ptr<kube::RateLimiter> next) {
    std::lock_guard<std::mutex> lock(mutex_);
    current_ = std::move(next);
  }
  std::chrono::steady_clock::time_point acquire() override {
    std::shared_ptr<kube::RateLimiter> limiter;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      limiter = current_;
    }
    return limiter->acquire();
  }

 private:
  std::mutex mutex_;
  std::shared_ptr<kube::RateLimiter> current_;
};

}  // namespace perfscale::engine
