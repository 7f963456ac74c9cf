// `perfscale-sim controller`: the simulated virt-controller, scheduler and virt-handler for
// VMIs on any Kubernetes API server (a VirtualMachineInstance CRD, kubevirt.io/v1, without a
// status subresource). It lists and watches VMIs cluster-wide, takes new ones over (our
// finalizer, phase Pending), moves them Pending -> Scheduling -> Scheduled -> Running after the
// same drawn delays, capacity, workers and work cost as the built-in controller (the shared
// parts are in vmi_lifecycle.h), and on deletion waits the grace period plus the toGone delay,
// sets Succeeded or Failed and removes the finalizer. Every write is GET-modify-PUT of the
// whole object, retried on 409 Conflict. Taking a VMI over stands for admission in the
// built-in server: it is neither stalled nor charged a work cost, so a stalled controller
// leaves new VMIs Pending, as there. Ground truth is recorded as in the built-in server, plus
// when each PUT was answered (remote_truth.h). Namespaces are left to the cluster's own
// namespace controller.
#pragma once

#include <Poco/JSON/Object.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "tests/sim/cluster_metrics.h"
#include "tests/sim/controller.h"
#include "tests/sim/faults.h"
#include "tests/sim/kube_client.h"
#include "tests/sim/remote_truth.h"
#include "tests/sim/vmi_lifecycle.h"

namespace perfscale::sim {

// The server-side time a second-precision API timestamp stands for, seen at `nowNs`: the
// object changed within [stamp, stamp + 1 s) and no later than now, so the earliest upper
// bound, min(now, stamp + 1 s - 1 ns). Unparseable or missing stamps give now.
int64_t observedAtNs(const std::string& rfc3339Stamp, int64_t nowNs);
// Seconds since the epoch of an RFC 3339 time ("2024-05-01T10:00:00Z", fractions and offsets
// allowed), in nanoseconds; nothing when it does not parse.
std::optional<int64_t> parseRfc3339Ns(const std::string& text);

class RemoteController {
 public:
  RemoteController(KubeClient& client, RemoteTruth& truth, Faults& faults, ControllerConfig config);
  ~RemoteController();
  RemoteController(const RemoteController&) = delete;
  RemoteController& operator=(const RemoteController&) = delete;

  void start();
  void stop();

  struct Stats {
    size_t live = 0;
    size_t waitingForCapacity = 0;
    size_t capacity = 0;
    size_t occupied = 0;
    size_t queued = 0;             // transitions waiting for their time or a worker
    bool synced = false;           // the first list completed
    uint64_t statusWrites = 0;     // successful PUTs
    uint64_t conflicts = 0;        // PUTs answered 409
    uint64_t writeErrors = 0;      // other failed GETs or PUTs (retried)
    uint64_t writesAbandoned = 0;  // writes given up after the retries (rescheduled)
    uint64_t lists = 0;
    uint64_t watches = 0;
    uint64_t watchesEndedEarly = 0;  // streams the server ended before their timeout
    uint64_t watchEvents = 0;
    uint64_t relists = 0;         // lists after the first: the watch was too old (410 Gone)
    int64_t putLatencyMaxNs = 0;  // slowest successful PUT
    int64_t putLatencySumNs = 0;  // over statusWrites
    size_t connectionsOpened = 0;
  };
  Stats stats();
  std::string statsJson();
  // The VMIs it tracks by (phase, status.nodeName), for kubevirt_vmi_phase_count.
  KubevirtMetrics::PhaseCounts phaseCounts();

 private:
  using Step = LifecycleStep;
  using Task = LifecycleTask;
  struct VmiState {
    std::string uid;
    std::string phase;  // as we last wrote or found it
    int node = -1;
    std::string nodeName;  // status.nodeName as last seen or written
    bool deleting = false;
    bool finalizing = false;  // Finalize queued
    // One write at a time per VMI, so that a finalize never races a transition.
    std::shared_ptr<std::mutex> writing = std::make_shared<std::mutex>();
  };
  enum class WriteResult { Written, Skipped, Gone, Failed };
  // Applies `change` to the object's current state and PUTs it back; `change` returns false
  // to leave the object alone. Retries 409 Conflict (re-reading the object) and errors.
  // `committedNs` is when the PUT's 200 answer arrived.
  WriteResult write(const ObjectKey& key, const std::string& uid,
                    const std::function<bool(Poco::JSON::Object&)>& change, int64_t& committedNs);

  void watchLoop();
  // Lists every VMI and reconciles our state with it; returns the list's resourceVersion.
  std::string relist();
  void observe(const std::string& type, const Poco::JSON::Object& vmi, int64_t nowNs);
  void forget(std::map<ObjectKey, VmiState>::iterator it, int64_t goneNs);
  void startDeletion(const ObjectKey& key, VmiState& state, const Poco::JSON::Object& vmi,
                     int64_t nowNs);
  // Continues a VMI found with a phase (one we did not take over in this run).
  void resume(const ObjectKey& key, VmiState& state, const Poco::JSON::Object& vmi);
  VmiState* find(const Task& task);
  void dropGone(const Task& task);

  void apply(const Task& task);
  void adopt(const Task& task, std::unique_lock<std::mutex>& lock);
  void advance(const Task& task, std::unique_lock<std::mutex>& lock);
  void finalize(const Task& task, std::unique_lock<std::mutex>& lock);
  // With mutex_ held.
  void releaseSlot(VmiState& state);
  void schedule(Step step, const ObjectKey& key, const std::string& uid,
                const DelayDistribution& delay);
  void enqueue(Step step, const ObjectKey& key, const std::string& uid,
               std::chrono::nanoseconds delay);
  std::chrono::nanoseconds draw(const DelayDistribution& distribution);

  KubeClient& client_;
  RemoteTruth& truth_;
  Faults& faults_;
  const ControllerConfig config_;

  std::mutex mutex_;  // guards the VMI state, capacity and counters below
  std::map<ObjectKey, VmiState> vmis_;
  NodeCapacity capacity_;
  std::deque<ObjectKey> waitingForCapacity_;
  std::set<std::string> goneUids_;  // so that a late event does not bring one back
  Stats counters_;

  std::mutex rngMutex_;
  std::mt19937_64 rng_{std::random_device{}()};

  std::atomic<bool> stopping_{false};
  std::atomic<bool> statusIgnoredLogged_{false};
  std::mutex streamMutex_;
  std::shared_ptr<LineStream> activeStream_;
  std::mutex sleepMutex_;
  std::condition_variable sleepWake_;
  std::thread watcher_;
  TimedWorkers workers_;
  // Takes new VMIs over (finalizer, Pending): what admission does in the built-in server, so
  // neither stalled nor charged a work cost.
  TimedWorkers adopters_;
};

}  // namespace perfscale::sim
