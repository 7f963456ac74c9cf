// What a request must pass before each try: client-go's flowcontrol.RateLimiter.
// The transport knows this interface only; the token bucket behind it knows no HTTP.
#pragma once

#include <chrono>

namespace perfscale::kube {

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Blocks until the caller may send; returns when the token was granted.
  virtual std::chrono::steady_clock::time_point acquire() = 0;
};

// Grants at once: for watches, and for `--qps 0`, which asks for no limit.
class UnlimitedRateLimiter final : public RateLimiter {
 public:
  std::chrono::steady_clock::time_point acquire() override {
    return std::chrono::steady_clock::now();
  }
};

}  // namespace perfscale::kube
