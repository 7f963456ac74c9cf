// The real monotonic clock (see clock.h).
#include "core/kube/clock.h"

#include <thread>

namespace perfscale::kube {

SteadyClock::time_point SteadyClock::now() const {
  return std::chrono::steady_clock::now();
}

void SteadyClock::sleepUntil(time_point when) {
  std::this_thread::sleep_until(when);
}

}  // namespace perfscale::kube
