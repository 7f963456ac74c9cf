// VMI phase tracking and the waits built on it (see phase_tracker.h).
#include "core/engine/phase_tracker.h"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace perfscale::engine {

namespace {

bool isTerminalFailure(const std::string& phase) {
  return phase == "Failed";
}

}  // namespace

std::optional<int64_t> parseRfc3339(const std::string& text) {
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
  if (text.size() < 20) return std::nullopt;
  auto digits = [&](size_t at, size_t count) -> std::optional<int> {
    int value = 0;
    for (size_t i = at; i < at + count; ++i) {
      if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i])))
        return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  auto year = digits(0, 4), month = digits(5, 2), day = digits(8, 2), hour = digits(11, 2),
       minute = digits(14, 2), second = digits(17, 2);
  if (!year || !month || !day || !hour || !minute || !second || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  size_t at = 19;
  int64_t fraction = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    int64_t scale = 100000000;
    const size_t start = at;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
      fraction += (text[at] - '0') * scale;
      scale /= 10;
      ++at;
    }
    if (at == start) return std::nullopt;
  }
  int64_t offsetSeconds = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at + 6 == text.size() && (text[at] == '+' || text[at] == '-') && text[at + 3] == ':') {
    auto oh = digits(at + 1, 2), om = digits(at + 4, 2);
    if (!oh || !om) return std::nullopt;
    offsetSeconds = (int64_t{*oh} * 3600 + int64_t{*om} * 60) * (text[at] == '+' ? 1 : -1);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = *year - 1900;
  tm.tm_mon = *month - 1;
  tm.tm_mday = *day;
  tm.tm_hour = *hour;
  tm.tm_min = *minute;
  tm.tm_sec = *second;
  const time_t seconds = timegm(&tm);
  return (static_cast<int64_t>(seconds) - offsetSeconds) * 1'000'000'000 + fraction;
}

void PhaseTracker::expect(const std::string& ns, const std::string& name, int iteration) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    vmis_[Key{ns, name}].iteration = iteration;
  }
  changed_.notify_all();
}

void PhaseTracker::recordPhase(const Key& key, Vmi& vmi, const std::string& phase,
                               std::optional<int64_t> serverNs, const VmiObservation& observation) {
  if (phase.empty()) return;
  if (std::find(vmi.recordedPhases.begin(), vmi.recordedPhases.end(), phase) !=
      vmi.recordedPhases.end()) {
    return;
  }
  vmi.recordedPhases.push_back(phase);
  if (phase == "Running") vmi.everRunning = true;
  PhaseRecord record;
  record.ns = key.first;
  record.name = key.second;
  record.uid = vmi.uid;
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
    const Key key{observation.ns, observation.name};
    Vmi& vmi = vmis_[key];
    if (!observation.uid.empty() && vmi.uid != observation.uid) {
      if (!vmi.uid.empty()) {
        // A new object under an old name: start its history afresh.
        const int iteration = vmi.iteration;
        vmi = Vmi{};
        vmi.iteration = iteration;
      }
      vmi.uid = observation.uid;
    }
    // Phases the server passed through before this event, in the server's order, then
    // the current one (which may have no timestamp yet).
    for (const auto& [phase, serverNs] : observation.transitions) {
      recordPhase(key, vmi, phase, serverNs, observation);
    }
    std::optional<int64_t> currentServerNs;
    for (const auto& [phase, serverNs] : observation.transitions) {
      if (phase == observation.phase) currentServerNs = serverNs;
    }
    recordPhase(key, vmi, observation.phase, currentServerNs, observation);
    if (!observation.phase.empty()) vmi.phase = observation.phase;
    if (observation.type == VmiObservation::Type::Deleted && !vmi.gone) {
      vmi.gone = true;
      ObjectRecord gone;
      gone.kind = kKindVmi;
      gone.ns = key.first;
      gone.name = key.second;
      gone.uid = vmi.uid;
      gone.iteration = vmi.iteration;
      gone.stage = ObjectRecord::Stage::Gone;
      gone.at = observation.receivedAt;
      recorder_.record(std::move(gone));
    }
  }
  changed_.notify_all();
}

void PhaseTracker::goneWhileAway(RunClock at, const std::vector<Key>& keys) {
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

std::vector<PhaseTracker::Key> PhaseTracker::present() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Key> keys;
  for (const auto& [key, vmi] : vmis_) {
    if (!vmi.gone && !vmi.uid.empty()) keys.push_back(key);
  }
  return keys;
}

bool PhaseTracker::settledRunning(const Vmi& vmi) const {
  return vmi.everRunning || isTerminalFailure(vmi.phase) || vmi.gone;
}

PhaseTracker::Counts PhaseTracker::counts(std::optional<int> iteration) const {
  std::lock_guard<std::mutex> lock(mutex_);
  Counts counts;
  for (const auto& [key, vmi] : vmis_) {
    if (iteration && vmi.iteration != *iteration) continue;
    if (vmi.iteration >= 0) ++counts.expected;
    if (vmi.everRunning && !vmi.gone && vmi.phase == "Running") ++counts.running;
    if (isTerminalFailure(vmi.phase) || (vmi.gone && !vmi.everRunning)) ++counts.failed;
    if (vmi.gone) {
      ++counts.gone;
    } else if (!vmi.phase.empty()) {
      ++counts.byPhase[vmi.phase];
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
    for (const auto& [key, vmi] : vmis_) {
      if (vmi.iteration == iteration && !settledRunning(vmi)) return false;
    }
    return true;
  });
}

PhaseTracker::WaitResult PhaseTracker::waitAllGone(int iteration, Deadline deadline,
                                                   const std::atomic<bool>& stop) {
  return waitUntil(deadline, stop, [&] {
    for (const auto& [key, vmi] : vmis_) {
      if (vmi.iteration == iteration && !vmi.gone) return false;
    }
    return true;
  });
}

std::vector<StuckVmi> PhaseTracker::notRunning(int iteration) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<StuckVmi> stuck;
  for (const auto& [key, vmi] : vmis_) {
    if (vmi.iteration == iteration && !settledRunning(vmi))
      stuck.push_back(StuckVmi{key.first, key.second, vmi.phase});
  }
  return stuck;
}

std::vector<StuckVmi> PhaseTracker::failedBeforeRunning(int iteration) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<StuckVmi> failed;
  for (const auto& [key, vmi] : vmis_) {
    if (vmi.iteration == iteration && !vmi.everRunning &&
        (isTerminalFailure(vmi.phase) || vmi.gone))
      failed.push_back(StuckVmi{key.first, key.second, vmi.gone ? "gone" : vmi.phase});
  }
  return failed;
}

std::vector<StuckVmi> PhaseTracker::notGone(int iteration) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<StuckVmi> stuck;
  for (const auto& [key, vmi] : vmis_) {
    if (vmi.iteration == iteration && !vmi.gone)
      stuck.push_back(StuckVmi{key.first, key.second, vmi.phase});
  }
  return stuck;
}

void PhaseTracker::wake() {
  changed_.notify_all();
}

}  // namespace perfscale::engine
