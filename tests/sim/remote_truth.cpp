// Ground truth of `perfscale-sim controller` (see remote_truth.h).
#include "tests/sim/remote_truth.h"

#include "tests/sim/api_status.h"

namespace perfscale::sim {

void RemoteTruth::created(const std::string& uid, const std::string& ns, const std::string& name,
                          int64_t atNs) {
  std::lock_guard<std::mutex> lock(mutex_);
  byUid_[uid] = records_.size();
  records_.push_back(Record{uid, ns, name, atNs, {}, 0, 0});
}

void RemoteTruth::phase(const std::string& uid, const std::string& phase, int64_t atNs,
                        int64_t committedNs) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = byUid_.find(uid);
  if (it == byUid_.end()) return;
  Record& record = records_[it->second];
  record.phases.push_back(Phase{phase, atNs, committedNs});
  if (listener_) {
    listener_->entered(phase, atNs - record.createdNs,
                       record.deletionRequestedNs
                           ? std::optional<int64_t>(atNs - record.deletionRequestedNs)
                           : std::nullopt);
  }
}

void RemoteTruth::deletionRequested(const std::string& uid, int64_t atNs) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = byUid_.find(uid);
  if (it != byUid_.end() && records_[it->second].deletionRequestedNs == 0)
    records_[it->second].deletionRequestedNs = atNs;
}

void RemoteTruth::gone(const std::string& uid, int64_t atNs) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = byUid_.find(uid);
  if (it != byUid_.end()) records_[it->second].goneNs = atNs;
}

std::string RemoteTruth::json() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out = "{\"vmis\":[";
  for (size_t i = 0; i < records_.size(); ++i) {
    const auto& r = records_[i];
    if (i) out += ',';
    out += "{\"uid\":" + jsonQuote(r.uid) + ",\"namespace\":" + jsonQuote(r.ns) +
           ",\"name\":" + jsonQuote(r.name) + ",\"createdNs\":" + std::to_string(r.createdNs) +
           ",\"phases\":[";
    for (size_t p = 0; p < r.phases.size(); ++p) {
      if (p) out += ',';
      out += "{\"phase\":" + jsonQuote(r.phases[p].phase) +
             ",\"atNs\":" + std::to_string(r.phases[p].atNs) +
             ",\"committedNs\":" + std::to_string(r.phases[p].committedNs) + "}";
    }
    out += "],\"deletionRequestedNs\":" + std::to_string(r.deletionRequestedNs) +
           ",\"goneNs\":" + std::to_string(r.goneNs) + "}";
  }
  return out + "]}";
}

}  // namespace perfscale::sim
