// What the built-in controller (controller.h) and the remote one (remote_controller.h) share:
// the VMI status shape each phase change writes, the finalizer, the node capacity model and
// the timer queue whose workers carry out transitions (with their work cost and the
// stallController fault). Neither part knows where VMIs are stored: callers guard them.
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "tests/sim/faults.h"
#include "tests/sim/object_store.h"

namespace perfscale::sim {

inline constexpr const char* kForegroundDeleteFinalizer =
    "kubevirt.io/foregroundDeleteVirtualMachine";

// "sim-node-007".
std::string simNodeName(int node);

// The status a phase change writes: status.phase, a phaseTransitionTimestamps entry, on
// Scheduled the node (status.nodeName and label kubevirt.io/nodeName), and the Ready
// condition. `vmi` must be a private copy; nested parts are replaced, never edited in place.
void applyPhase(Poco::JSON::Object& vmi, const std::string& phase, const std::string& stamp,
                const std::string& node);
// What the controller adds when it takes a VMI over (admission does this in the built-in
// server): our finalizer, and status phase Pending with its transition timestamp.
void applyPending(Poco::JSON::Object& vmi, const std::string& stamp);
bool hasFinalizer(const Poco::JSON::Object& vmi);
// Removes our finalizer (others stay); returns whether it was there.
bool removeFinalizer(Poco::JSON::Object& vmi);
// The phase a VMI is left in when its deletion is finalized: Succeeded if it ran, Failed if
// its domain never did, nothing when it already Failed.
std::optional<std::string> finalPhase(const std::string& phase);

// Nodes x VMIs per node; a VMI takes a slot on the least loaded node when it is scheduled
// and frees it when it fails or is finalized. Not thread-safe: its owner guards it.
class NodeCapacity {
 public:
  NodeCapacity(int nodes, int vmisPerNode);
  // The least loaded node, now holding one more VMI; nothing when every slot is taken.
  std::optional<int> take();
  // Counts a VMI found already on `node` (a restarted controller), even beyond capacity.
  void occupy(int node);
  void release(int node);
  size_t capacity() const;
  size_t occupied() const { return occupied_; }
  int nodes() const { return static_cast<int>(load_.size()); }

 private:
  std::vector<int> load_;
  int vmisPerNode_;
  size_t occupied_ = 0;
};

enum class LifecycleStep {
  Adopt,  // remote only: add the finalizer and set Pending
  ToScheduling,
  ToScheduled,
  ToRunning,
  Finalize,
  FinalizeNamespace  // built-in only
};

struct LifecycleTask {
  LifecycleStep step;
  ObjectKey key;
  std::string uid;
};

// A timer queue and the workers that run its tasks once due. Each task occupies a worker
// for `workCost` before `apply` runs it; while the stallController fault is set, due tasks
// wait (unless `stallable` is false).
class TimedWorkers {
 public:
  using Apply = std::function<void(const LifecycleTask&)>;
  TimedWorkers(Faults& faults, int workers, std::chrono::nanoseconds workCost, Apply apply,
               bool stallable = true);
  ~TimedWorkers();
  TimedWorkers(const TimedWorkers&) = delete;
  TimedWorkers& operator=(const TimedWorkers&) = delete;

  void start();
  // Waits for running tasks to finish; queued ones are dropped.
  void stop();
  void enqueue(LifecycleTask task, std::chrono::nanoseconds delay);
  size_t queued();

 private:
  struct Timer {
    std::chrono::steady_clock::time_point due;
    uint64_t sequence;
    LifecycleTask task;
    bool operator>(const Timer& other) const {
      return std::tie(due, sequence) > std::tie(other.due, other.sequence);
    }
  };
  void workerLoop();

  Faults& faults_;
  const int workerCount_;
  const std::chrono::nanoseconds workCost_;
  const Apply apply_;
  const bool stallable_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  uint64_t sequence_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace perfscale::sim
