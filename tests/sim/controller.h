// The simulated virt-controller, scheduler and kubelet: moves VMIs through their
// phases after drawn delays, within a capacity of nodes x VMIs per node, finalizes
// deletions, and finalizes terminating namespaces once they are empty. The parts it shares
// with `perfscale-sim controller` (remote_controller.h) are in vmi_lifecycle.h.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "tests/sim/cluster_metrics.h"
#include "tests/sim/faults.h"
#include "tests/sim/ground_truth.h"
#include "tests/sim/object_store.h"
#include "tests/sim/timing.h"
#include "tests/sim/vmi_lifecycle.h"

namespace perfscale::sim {

struct ControllerConfig {
  DelayDistribution toScheduling = DelayDistribution::parse("uniform:50ms:150ms");
  DelayDistribution toScheduled = DelayDistribution::parse("uniform:100ms:300ms");
  DelayDistribution toRunning = DelayDistribution::parse("uniform:200ms:600ms");
  // From the end of the grace period to Succeeded/Failed and removal.
  DelayDistribution toGone = DelayDistribution::parse("uniform:50ms:150ms");
  int nodes = 10;
  int vmisPerNode = 110;
  int workers = 4;
  // Each transition occupies a worker this long, so transitions queue up under load.
  std::chrono::nanoseconds workCost{std::chrono::microseconds(200)};
  bool fractionalTimestamps = false;
  // Grace period of a VMI whose spec sets none (KubeVirt's default).
  std::chrono::seconds defaultGracePeriod{30};
};

class Controller {
 public:
  // `metrics` counts the controller's writes (kubevirt_rest_client_requests_total).
  Controller(ObjectStore& store, GroundTruth& truth, Faults& faults, KubevirtMetrics& metrics,
             ControllerConfig config);
  ~Controller();
  Controller(const Controller&) = delete;
  Controller& operator=(const Controller&) = delete;

  void start();
  void stop();

  // The methods below run inside a store transaction, which also guards the
  // controller's own per-VMI state.

  // Takes over a just-created VMI (already stored with phase Pending).
  void vmiCreated(ObjectStore::Transaction& txn, const ObjectKey& key, const std::string& uid);
  // Marks a VMI for deletion: sets deletionTimestamp; the finalizer holds it until it is
  // Succeeded/Failed, spec.terminationGracePeriodSeconds (or the default) after. The request's
  // gracePeriod is ignored, as a real API server ignores it for custom resources.
  // Returns its new state, or nothing when it does not exist.
  std::optional<ObjectView> deleteVmi(ObjectStore::Transaction& txn, const ObjectKey& key,
                                      std::optional<std::chrono::seconds> gracePeriod);
  // Deletes the namespace's VMIs; the namespace goes once they are gone.
  void namespaceTerminating(ObjectStore::Transaction& txn, const std::string& ns);

  struct Counts {
    size_t live = 0;
    size_t waitingForCapacity = 0;
    size_t capacity = 0;
    size_t occupied = 0;
  };
  Counts counts();
  // The VMIs by (phase, status.nodeName), for kubevirt_vmi_phase_count.
  KubevirtMetrics::PhaseCounts phaseCounts();

 private:
  using Step = LifecycleStep;
  using Task = LifecycleTask;
  struct VmiState {
    std::string uid;
    std::string phase;
    int node = -1;
    std::string nodeName;  // status.nodeName, from Scheduled on
    bool deleting = false;
  };

  // Queues a task once `txn` commits: the timer queue is never touched under the store lock.
  void schedule(ObjectStore::Transaction& txn, Step step, const ObjectKey& key,
                const std::string& uid, const DelayDistribution& delay);
  void enqueue(Step step, const ObjectKey& key, const std::string& uid,
               std::chrono::nanoseconds delay);
  void apply(const Task& task);
  void advance(ObjectStore::Transaction& txn, const Task& task, VmiState& state);
  void finalize(ObjectStore::Transaction& txn, const ObjectKey& key, VmiState& state);
  void finalizeNamespaceIfEmpty(ObjectStore::Transaction& txn, const std::string& ns);
  void setPhase(ObjectStore::Transaction& txn, const ObjectKey& key, VmiState& state,
                const std::string& phase, int64_t atNs);
  void releaseSlot(ObjectStore::Transaction& txn, VmiState& state);
  std::chrono::nanoseconds draw(const DelayDistribution& distribution);

  ObjectStore& store_;
  GroundTruth& truth_;
  Faults& faults_;
  KubevirtMetrics& metrics_;
  const ControllerConfig config_;

  // Guarded by the store's mutex (every use is inside a transaction).
  std::map<ObjectKey, VmiState> vmis_;
  NodeCapacity capacity_;
  std::deque<ObjectKey> waitingForCapacity_;

  std::mutex rngMutex_;
  std::mt19937_64 rng_{std::random_device{}()};
  TimedWorkers workers_;
};

}  // namespace perfscale::sim
