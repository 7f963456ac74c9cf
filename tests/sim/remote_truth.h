// The ground truth of `perfscale-sim controller`: the same record and JSON as GroundTruth
// (ground_truth.h), plus, for each phase, when the API server confirmed it. On a real API
// server a transition is not atomic with its visibility: the controller decides it (atNs, the
// time it writes into phaseTransitionTimestamps), PUTs the VMI, and watchers can see it from
// the commit on, somewhere before the PUT's answer arrives (committedNs).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "tests/sim/phase_listener.h"

namespace perfscale::sim {

class RemoteTruth {
 public:
  // Told of every phase from now on (at its atNs); set before the controller starts.
  void listen(PhaseListener* listener) { listener_ = listener; }
  void created(const std::string& uid, const std::string& ns, const std::string& name,
               int64_t atNs);
  void phase(const std::string& uid, const std::string& phase, int64_t atNs, int64_t committedNs);
  // The first call counts.
  void deletionRequested(const std::string& uid, int64_t atNs);
  void gone(const std::string& uid, int64_t atNs);
  // {"vmis":[{"uid","namespace","name","createdNs","phases":[{"phase","atNs","committedNs"}],
  //   "deletionRequestedNs","goneNs"}]}, oldest first.
  std::string json() const;

 private:
  struct Phase {
    std::string phase;
    int64_t atNs;
    int64_t committedNs;
  };
  struct Record {
    std::string uid;
    std::string ns;
    std::string name;
    int64_t createdNs = 0;
    std::vector<Phase> phases;
    int64_t deletionRequestedNs = 0;
    int64_t goneNs = 0;
  };
  PhaseListener* listener_ = nullptr;
  mutable std::mutex mutex_;
  std::vector<Record> records_;
  std::map<std::string, size_t> byUid_;
};

}  // namespace perfscale::sim
