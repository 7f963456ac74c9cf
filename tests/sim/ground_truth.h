// The exact server-side time of every VMI transition, kept after the VMI is gone,
// so tests can measure how well a client observed what happened.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "tests/sim/phase_listener.h"

namespace perfscale::sim {

class GroundTruth {
 public:
  // Told of every phase from now on; set before the first VMI.
  void listen(PhaseListener* listener) { listener_ = listener; }
  void created(const std::string& uid, const std::string& ns, const std::string& name,
               int64_t atNs);
  void phase(const std::string& uid, const std::string& phase, int64_t atNs);
  void deletionRequested(const std::string& uid, int64_t atNs);
  void gone(const std::string& uid, int64_t atNs);
  // {"vmis":[{"uid","namespace","name","createdNs","phases":[{"phase","atNs"}],
  //   "deletionRequestedNs","goneNs"}]}, oldest first.
  std::string json() const;

 private:
  struct Record {
    std::string ns;
    std::string name;
    int64_t createdNs = 0;
    std::vector<std::pair<std::string, int64_t>> phases;
    int64_t deletionRequestedNs = 0;
    int64_t goneNs = 0;
  };
  PhaseListener* listener_ = nullptr;
  mutable std::mutex mutex_;
  std::vector<Record> records_;
  std::map<std::string, size_t> byUid_;
};

}  // namespace perfscale::sim
