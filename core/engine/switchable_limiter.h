// The run's rate limiter, as the REST client sees it: the creation pace of the workload that
// runs (each has its qps/burst, so it changes per workload) and, when the scenario sets
// `client: {qps, burst}`, a client-wide limit that every request passes as well.
#pragma once

#include <algorithm>
#include <memory>
#include <mutex>

#include "core/kube/rate_limiter.h"

namespace perfscale::engine {

class SwitchableLimiter final : public kube::RateLimiter {
 public:
  // A null clientWide means no client-wide limit.
  explicit SwitchableLimiter(std::shared_ptr<kube::RateLimiter> initial,
                             std::shared_ptr<kube::RateLimiter> clientWide = nullptr)
      : current_(std::move(initial)), clientWide_(std::move(clientWide)) {}
  void use(std::shared_ptr<kube::RateLimiter> next) {
    std::lock_guard<std::mutex> lock(mutex_);
    current_ = std::move(next);
  }
  // The workload's token first, then the client-wide one: a request is sent when it has both,
  // and the grant reported is the later of the two.
  std::chrono::steady_clock::time_point acquire() override {
    std::shared_ptr<kube::RateLimiter> limiter;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      limiter = current_;
    }
    const auto paced = limiter->acquire();
    return clientWide_ ? std::max(paced, clientWide_->acquire()) : paced;
  }

 private:
  std::mutex mutex_;
  std::shared_ptr<kube::RateLimiter> current_;
  const std::shared_ptr<kube::RateLimiter> clientWide_;
};

}  // namespace perfscale::engine
