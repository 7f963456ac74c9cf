// Ground truth of VMI transitions (see ground_truth.h).
#include "tests/sim/ground_truth.h"

#include "tests/sim/api_status.h"

namespace perfscale::sim {

void GroundTruth::created(const std::string& uid, const std::string& ns, const std::string& name,
                          int64_t atNs) {
  std::lock_guard<std::mutex> lock(mutex_);
  byUid_[uid] = records_.size();
  records_.push_back(Record{ns, name, atNs, {}, 0, 0});
}

void GroundTruth::phase(const std::string& uid, const std::string& phase, int64_t atNs) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = byUid_.find(uid);
  if (it == byUid_.end()) return;
  Record& record = records_[it->second];
  record.phases.emplace_back(phase, atNs);
  if (listener_) {
    listener_->entered(phase, atNs - record.createdNs,
                       record.deletionRequestedNs
                           ? std::optional<int64_t>(atNs - record.deletionRequestedNs)
                           : std::nullopt);
  }
}

void GroundTruth::deletionRequested(const std::string& uid, int64_t atNs) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = byUid_.find(uid);
  if (it != byUid_.end() && records_[it->second].deletionRequestedNs == 0)
    records_[it->second].deletionRequestedNs = atNs;
}

void GroundTruth::gone(const std::string& uid, int64_t atNs) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = byUid_.find(uid);
  if (it != byUid_.end()) records_[it->second].goneNs = atNs;
}

std::string GroundTruth::json() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<const std::string*> uids(records_.size());
  for (const auto& [uid, index] : byUid_)
    uids[index] = &uid;
  std::string out = "{\"vmis\":[";
  for (size_t i = 0; i < records_.size(); ++i) {
    const auto& r = records_[i];
    if (i) out += ',';
    out += "{\"uid\":" + jsonQuote(*uids[i]) + ",\"namespace\":" + jsonQuote(r.ns) +
           ",\"name\":" + jsonQuote(r.name) + ",\"createdNs\":" + std::to_string(r.createdNs) +
           ",\"phases\":[";
    for (size_t p = 0; p < r.phases.size(); ++p) {
      if (p) out += ',';
      out += "{\"phase\":" + jsonQuote(r.phases[p].first) +
             ",\"atNs\":" + std::to_string(r.phases[p].second) + "}";
    }
    out += "],\"deletionRequestedNs\":" + std::to_string(r.deletionRequestedNs) +
           ",\"goneNs\":" + std::to_string(r.goneNs) + "}";
  }
  return out + "]}";
}

}  // namespace perfscale::sim
