// The compact state of every VMI a run created, fed by watch observations: it records
// each phase the first time it is seen, answers "are they all Running / all gone?",
// and names the VMIs a timed-out wait was still waiting for.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/compact_string.h"
#include "core/indexed_deque.h"
#include "core/record.h"

namespace perfscale::engine {

// What one watch event (or a relist after 410 Gone) says about one VMI.
struct VmiObservation {
  enum class Type { Added, Modified, Deleted };
  Type type = Type::Modified;
  std::string ns;
  std::string name;
  std::string uid;
  std::string phase;
  std::string resourceVersion;
  // status.phaseTransitionTimestamps, as ns since the epoch, in the server's order.
  std::vector<std::pair<std::string, int64_t>> transitions;
  bool deleting = false;  // metadata.deletionTimestamp is set
  // metadata.creationTimestamp and deletionTimestamp, ns since the epoch, when present.
  std::optional<int64_t> createdServerNs;
  std::optional<int64_t> deletionServerNs;
  RunClock receivedAt{0};
  bool late = false;  // from a relist: the change happened while the watch was away
};

struct StuckVmi {
  std::string ns;
  std::string name;
  std::string phase;  // "" when the VMI was never observed
};

class PhaseTracker {
 public:
  explicit PhaseTracker(Recorder& recorder);

  // A VMI the run created (its create succeeded) belongs to `iteration`'s waits.
  void expect(const std::string& ns, const std::string& name, int iteration);
  // Records every phase the observation shows for the first time, and a Gone object
  // record when the VMI is deleted.
  void observe(const VmiObservation& observation);
  // The relist after a 410 returned no VMI of these: they went away unobserved.
  void goneWhileAway(RunClock at, const std::vector<std::pair<std::string, std::string>>& keys);
  // Every VMI currently known to be present (for a relist to compare with).
  std::vector<std::pair<std::string, std::string>> present() const;

  struct Counts {
    size_t expected = 0;
    size_t running = 0;
    size_t failed = 0;
    size_t gone = 0;
    std::map<std::string, size_t> byPhase;  // current phase of each present VMI
  };
  Counts counts(std::optional<int> iteration = std::nullopt) const;

  enum class WaitResult { Done, Timeout, Interrupted };
  using Deadline = std::chrono::steady_clock::time_point;
  // Until every expected VMI of the iteration is Running or has failed (Failed, or gone
  // before running). The deadline is absolute: events do not extend it.
  WaitResult waitAllRunning(int iteration, Deadline deadline, const std::atomic<bool>& stop);
  // Until every expected VMI of the iteration is gone.
  WaitResult waitAllGone(int iteration, Deadline deadline, const std::atomic<bool>& stop);
  std::vector<StuckVmi> notRunning(int iteration) const;
  std::vector<StuckVmi> notGone(int iteration) const;
  // Calls each(namespace, name) for up to `limit` VMIs of the iteration in `ns` not gone yet,
  // in name order, from the first named after `after` (from the first of all when it is empty),
  // without a copy of the list; returns how many it called it for. A deletion of 100,000 VMIs
  // walks them a slice at a time.
  size_t forEachNotGone(
      int iteration, const std::string& ns, const std::string& after, size_t limit,
      const std::function<void(const std::string& ns, const std::string& name)>& each) const;
  // VMIs of the iteration that never ran: Failed, or gone before Running.
  std::vector<StuckVmi> failedBeforeRunning(int iteration) const;
  // Wakes waiters so they re-check `stop`.
  void wake();

 private:
  // A phase name, interned: 0 is "none yet".
  using PhaseId = uint16_t;
  // One VMI, compact: its namespace and phases are ids, the phases it has recorded a bit set
  // (ids of 64 and up, which only a strange server sends, are kept in rareRecorded_).
  struct Vmi {
    CompactUid uid;
    uint64_t recorded = 0;
    int32_t iteration = -1;  // -1 until expect() names it
    uint32_t ns = 0;         // namespace id
    PhaseId phase = 0;
    bool everRunning = false;
    bool gone = false;
    bool createdServerRecorded = false;   // a phase record carried creationTimestamp
    bool deletionServerRecorded = false;  // ... and deletionTimestamp
    ShortString name;
  };
  // What the VMIs of one iteration add up to, kept as they change so that waits and counts
  // cost nothing per VMI.
  struct Tally {
    size_t expected = 0;
    size_t running = 0;
    size_t failed = 0;
    size_t gone = 0;
    size_t unsettled = 0;         // neither Running once, nor Failed, nor gone
    std::vector<size_t> byPhase;  // present VMIs by current phase id
  };
  template <typename Predicate>
  WaitResult waitUntil(Deadline deadline, const std::atomic<bool>& stop, Predicate done);
  // The VMI of (namespace id, name), added when new (and *added set).
  Vmi& find(uint32_t nsId, const std::string& name, bool* added);
  void recordPhase(Vmi& vmi, const std::string& phase, std::optional<int64_t> serverNs,
                   const VmiObservation& observation);
  bool settledRunning(const Vmi& vmi) const;
  PhaseId phaseId(const std::string& phase);
  uint32_t namespaceId(const std::string& ns);
  // Adds (+1) or removes (-1) what one VMI contributes to its iteration's tally.
  void account(const Vmi& vmi, int sign);
  const Tally* tally(int iteration) const;
  // Which waits on the iteration may be over (kAllSettled, kAllGone). Waiters are woken only
  // when one of them becomes true (and by wake()), not for each of the ~7 events of every VMI:
  // while the VMIs are deleted, all of them stay settled, and woke the waiter on every event.
  static constexpr unsigned kAllSettled = 1;
  static constexpr unsigned kAllGone = 2;
  unsigned waitsThatMayEnd(int iteration) const;
  std::vector<StuckVmi> select(int iteration, bool (*pick)(const PhaseTracker&, const Vmi&),
                               bool goneAsPhase) const;

  Recorder& recorder_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  // Every VMI seen or expected, in that order: ~80 bytes each, where a std::map node took ~120.
  IndexedDeque<Vmi, NamespacedNameKey<Vmi>> vmis_;
  std::vector<std::string> namespaces_;
  std::map<std::string, uint32_t, std::less<>> namespaceIds_;
  std::vector<std::string> phases_{""};
  std::map<std::string, PhaseId, std::less<>> phaseIds_;
  PhaseId failedId_ = 0;
  PhaseId runningId_ = 0;
  std::set<std::pair<const Vmi*, PhaseId>> rareRecorded_;
  std::map<int, Tally> tallies_;
};

}  // namespace perfscale::engine
