// A monotonic clock that can be replaced in tests, so pacing is tested without sleeping.
#pragma once

#include <chrono>

namespace perfscale::kube {

class Clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  virtual time_point now() const = 0;
  virtual void sleepUntil(time_point when) = 0;
};

class SteadyClock final : public Clock {
 public:
  time_point now() const override;
  void sleepUntil(time_point when) override;
};

}  // namespace perfscale::kube
