// The run's clocks: one monotonic origin for every client-side time (RunClock) and the
// wall-clock time at that origin, so traces can be placed in real time.
#pragma once

#include <chrono>
#include <cstdint>

#include "core/record.h"

namespace perfscale::engine {

class RunTimeline {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  RunTimeline();
  TimePoint origin() const { return origin_; }
  int64_t wallOriginNs() const { return wallOriginNs_; }
  RunClock now() const { return since(std::chrono::steady_clock::now()); }
  // A steady time point as run time; a default (never reached) point stays 0.
  RunClock since(TimePoint at) const;

 private:
  TimePoint origin_;
  int64_t wallOriginNs_;
};

}  // namespace perfscale::engine
