// Told of each phase a VMI enters, at its ground-truth time: how the truth recorders
// (ground_truth.h, remote_truth.h) feed the phase transition histograms (cluster_metrics.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace perfscale::sim {

class PhaseListener {
 public:
  virtual ~PhaseListener() = default;
  // `sinceDeletionNs` is set when the VMI's deletion was requested before it entered `phase`.
  virtual void entered(const std::string& phase, int64_t sinceCreationNs,
                       std::optional<int64_t> sinceDeletionNs) = 0;
};

}  // namespace perfscale::sim
