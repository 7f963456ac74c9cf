// VMI phase tracking and the waits built on it (see phase_tracker.h).
#include "core/engine/phase_tracker.h"

#include <algorithm>
#include <tuple>

namespace perfscale::engine {

namespace {

// Distinct phase names kept apart; a server inventing more shares one id among the rest.
constexpr size_t kMaxPhaseNames = 4096;
const char* const kOtherPhases = "(other phases)";

}  // namespace

PhaseTracker::PhaseTracker(Recorder& recorder) : recorder_(recorder) {
  runningId_ = phaseId("Running");
  failedId_ = phaseId("Failed");
}

PhaseTracker::PhaseId PhaseTracker::phaseId(const std::string& phase) {
  if (phase.empty()) return 0;
  const auto it = phaseIds_.find(phase);
  if (it != phaseIds_.end()) return it->second;
  if (phases_.size() >= kMaxPhaseNames) return phaseId(kOtherPhases);
  const auto id = static_cast<PhaseId>(phases_.size());
  phases_.push_back(phase);
  phaseIds_.emplace(phase, id);
  return id;
}

uint32_t PhaseTracker::namespaceId(const std::string& ns) {
  const auto it = namespaceIds_.find(ns);
  if (it != namespaceIds_.end()) return it->second;
  const auto id = static_cast<uint32_t>(namespaces_.size());
  namespaces_.push_back(ns);
  namespaceIds_.emplace(ns, id);
  return id;
}

bool PhaseTracker::settledRunning(const Vmi& vmi) const {
  return vmi.everRunning || vmi.phase == failedId_ || vmi.gone;
}

void PhaseTracker::account(const Vmi& vmi, int sign) {
  Tally& tally = tallies_[vmi.iteration];
  auto add = [sign](size_t& counter, bool counts) {
    if (counts) counter = sign > 0 ? counter + 1 : counter - 1;
  };
  add(tally.expected, vmi.iteration >= 0);
  add(tally.running, vmi.everRunning && !vmi.gone && vmi.phase == runningId_);
  add(tally.failed, vmi.phase == failedId_ || (vmi.gone && !vmi.everRunning));
  add(tally.gone, vmi.gone);
  add(tally.unsettled, !settledRunning(vmi));
  if (!vmi.gone && vmi.phase != 0) {
    if (tally.byPhase.size() <= vmi.phase) tally.byPhase.resize(static_cast<size_t>(vmi.phase) + 1);
    add(tally.byPhase[vmi.phase], true);
  }
}

unsigned PhaseTracker::waitsThatMayEnd(int iteration) const {
  const Tally* counted = tally(iteration);
  if (!counted) return kAllSettled | kAllGone;
  return (counted->unsettled == 0 ? kAllSettled : 0U) |
         (counted->gone == counted->expected ? kAllGone : 0U);
}

const PhaseTracker::Tally* PhaseTracker::tally(int iteration) const {
  const auto it = tallies_.find(iteration);
  return it == tallies_.end() ? nullptr : &it->second;
}

void PhaseTracker::expect(const std::string& ns, const std::string& name, int iteration) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const unsigned before = waitsThatMayEnd(iteration);
    bool added = false;
    Vmi& vmi = find(namespaceId(ns), name, &added);
    if (!added) account(vmi, -1);
    vmi.iteration = iteration;
    account(vmi, +1);
    if ((waitsThatMayEnd(iteration) & ~before) == 0) return;
  }
  changed_.notify_all();
}

PhaseTracker::Vmi& PhaseTracker::find(uint32_t nsId, const std::string& name, bool* added) {
  return vmis_.findOrAdd({nsId, name}, [&] {
    if (added != nullptr) *added = true;
    Vmi vmi;
    vmi.ns = nsId;
    vmi.name = name;
    return vmi;
  });
}

void PhaseTracker::recordPhase(Vmi& vmi, const std::string& phase, std::optional<int64_t> serverNs,
                               const VmiObservation& observation) {
  if (phase.empty()) return;
  const PhaseId id = phaseId(phase);
  if (id < 64) {
    const uint64_t bit = uint64_t{1} << id;
    if (vmi.recorded & bit) return;
    vmi.recorded |= bit;
  } else if (!rareRecorded_.emplace(&vmi, id).second) {
    return;
  }
  if (id == runningId_) vmi.everRunning = true;
  PhaseRecord record;
  record.ns = namespaces_[vmi.ns];
  record.name = vmi.name;
  record.uid = vmi.uid.str();
  record.phase = phase;
  record.observedAt = observation.receivedAt;
  record.serverNs = serverNs;
  record.resourceVersion = observation.resourceVersion;
  record.late = observation.late;
  if (observation.createdServerNs && !vmi.createdServerRecorded) {
    record.createdServerNs = observation.createdServerNs;
    vmi.createdServerRecorded = true;
  }
  if (observation.deletionServerNs && !vmi.deletionServerRecorded) {
    record.deletionServerNs = observation.deletionServerNs;
    vmi.deletionServerRecorded = true;
  }
  recorder_.record(std::move(record));
}

void PhaseTracker::observe(const VmiObservation& observation) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Vmi& vmi = find(namespaceId(observation.ns), observation.name, nullptr);
    const unsigned before = waitsThatMayEnd(vmi.iteration);
    account(vmi, -1);
    if (!observation.uid.empty() && vmi.uid != observation.uid) {
      if (!vmi.uid.empty()) {
        // A new object under an old name: start its history afresh.
        for (auto rare = rareRecorded_.lower_bound({&vmi, 0});
             rare != rareRecorded_.end() && rare->first == &vmi;)
          rare = rareRecorded_.erase(rare);
        Vmi fresh;
        fresh.iteration = vmi.iteration;
        fresh.ns = vmi.ns;
        fresh.name = std::move(vmi.name);
        vmi = std::move(fresh);
      }
      vmi.uid = observation.uid;
    }
    // Phases the server passed through before this event, in the server's order, then
    // the current one (which may have no timestamp yet).
    for (const auto& [phase, serverNs] : observation.transitions) {
      recordPhase(vmi, phase, serverNs, observation);
    }
    std::optional<int64_t> currentServerNs;
    for (const auto& [phase, serverNs] : observation.transitions) {
      if (phase == observation.phase) currentServerNs = serverNs;
    }
    recordPhase(vmi, observation.phase, currentServerNs, observation);
    if (!observation.phase.empty()) vmi.phase = phaseId(observation.phase);
    if (observation.type == VmiObservation::Type::Deleted && !vmi.gone) {
      vmi.gone = true;
      ObjectRecord gone;
      gone.kind = kKindVmi;
      gone.ns = observation.ns;
      gone.name = observation.name;
      gone.uid = vmi.uid.str();
      gone.iteration = vmi.iteration;
      gone.stage = ObjectRecord::Stage::Gone;
      gone.at = observation.receivedAt;
      recorder_.record(std::move(gone));
    }
    account(vmi, +1);
    if ((waitsThatMayEnd(vmi.iteration) & ~before) == 0) return;
  }
  changed_.notify_all();
}

void PhaseTracker::goneWhileAway(RunClock at,
                                 const std::vector<std::pair<std::string, std::string>>& keys) {
  for (const auto& [ns, name] : keys) {
    VmiObservation observation;
    observation.type = VmiObservation::Type::Deleted;
    observation.ns = ns;
    observation.name = name;
    observation.receivedAt = at;
    observation.late = true;
    observe(observation);
  }
}

std::vector<std::pair<std::string, std::string>> PhaseTracker::present() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::pair<std::string, std::string>> keys;
  for (const Vmi& vmi : vmis_.entries()) {
    if (!vmi.gone && !vmi.uid.empty()) keys.emplace_back(namespaces_[vmi.ns], vmi.name);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

PhaseTracker::Counts PhaseTracker::counts(std::optional<int> iteration) const {
  std::lock_guard<std::mutex> lock(mutex_);
  Counts counts;
  for (const auto& [index, tally] : tallies_) {
    if (iteration && index != *iteration) continue;
    counts.expected += tally.expected;
    counts.running += tally.running;
    counts.failed += tally.failed;
    counts.gone += tally.gone;
    for (size_t id = 1; id < tally.byPhase.size(); ++id) {
      if (tally.byPhase[id] > 0) counts.byPhase[phases_[id]] += tally.byPhase[id];
    }
  }
  return counts;
}

template <typename Predicate>
PhaseTracker::WaitResult PhaseTracker::waitUntil(Deadline deadline, const std::atomic<bool>& stop,
                                                 Predicate done) {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (done()) return WaitResult::Done;
    if (stop.load()) return WaitResult::Interrupted;
    if (std::chrono::steady_clock::now() >= deadline) return WaitResult::Timeout;
    // Bounded so that a missed wake-up costs at most this long.
    changed_.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() +
                                                     std::chrono::milliseconds(200)));
  }
}

PhaseTracker::WaitResult PhaseTracker::waitAllRunning(int iteration, Deadline deadline,
                                                      const std::atomic<bool>& stop) {
  return waitUntil(deadline, stop, [&] {
    const Tally* counted = tally(iteration);
    return !counted || counted->unsettled == 0;
  });
}

PhaseTracker::WaitResult PhaseTracker::waitAllGone(int iteration, Deadline deadline,
                                                   const std::atomic<bool>& stop) {
  return waitUntil(deadline, stop, [&] {
    const Tally* counted = tally(iteration);
    return !counted || counted->gone == counted->expected;
  });
}

std::vector<StuckVmi> PhaseTracker::select(int iteration,
                                           bool (*pick)(const PhaseTracker&, const Vmi&),
                                           bool goneAsPhase) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<StuckVmi> picked;
  for (const Vmi& vmi : vmis_.entries()) {
    if (vmi.iteration != iteration || !pick(*this, vmi)) continue;
    picked.push_back(StuckVmi{namespaces_[vmi.ns], vmi.name.str(),
                              goneAsPhase && vmi.gone ? "gone" : phases_[vmi.phase]});
  }
  std::sort(picked.begin(), picked.end(), [](const StuckVmi& a, const StuckVmi& b) {
    return std::tie(a.ns, a.name) < std::tie(b.ns, b.name);
  });
  return picked;
}

std::vector<StuckVmi> PhaseTracker::notRunning(int iteration) const {
  return select(
      iteration, [](const PhaseTracker& self, const Vmi& vmi) { return !self.settledRunning(vmi); },
      false);
}

std::vector<StuckVmi> PhaseTracker::failedBeforeRunning(int iteration) const {
  return select(
      iteration,
      [](const PhaseTracker& self, const Vmi& vmi) {
        return !vmi.everRunning && (vmi.phase == self.failedId_ || vmi.gone);
      },
      true);
}

std::vector<StuckVmi> PhaseTracker::notGone(int iteration) const {
  return select(
      iteration, [](const PhaseTracker&, const Vmi& vmi) { return !vmi.gone; }, false);
}

size_t PhaseTracker::forEachNotGone(
    int iteration, const std::string& ns, const std::string& after, size_t limit,
    const std::function<void(const std::string& ns, const std::string& name)>& each) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto id = namespaceIds_.find(ns);
  if (id == namespaceIds_.end()) return 0;
  // The next `limit` in name order, found in one pass: the VMIs are kept in the order seen.
  std::vector<const Vmi*> next;
  for (const Vmi& vmi : vmis_.entries()) {
    if (vmi.ns == id->second && vmi.iteration == iteration && !vmi.gone &&
        (after.empty() || vmi.name.view() > after))
      next.push_back(&vmi);
  }
  const auto byName = [](const Vmi* a, const Vmi* b) { return a->name.view() < b->name.view(); };
  if (next.size() > limit) {
    std::nth_element(next.begin(), next.begin() + static_cast<std::ptrdiff_t>(limit), next.end(),
                     byName);
    next.resize(limit);
  }
  std::sort(next.begin(), next.end(), byName);
  for (const Vmi* vmi : next)
    each(ns, vmi->name.str());
  return next.size();
}

void PhaseTracker::wake() {
  changed_.notify_all();
}

}  // namespace perfscale::engine
