// The run's clocks (see run_timeline.h).
#include "core/engine/run_timeline.h"

namespace perfscale::engine {

RunTimeline::RunTimeline()
    : origin_(std::chrono::steady_clock::now()),
      wallOriginNs_(std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count()) {}

RunClock RunTimeline::since(TimePoint at) const {
  if (at == TimePoint{}) return RunClock{0};
  return std::chrono::duration_cast<RunClock>(at - origin_);
}

}  // namespace perfscale::engine
