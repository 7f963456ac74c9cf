// The simulated VMI lifecycle (see controller.h).
#include "tests/sim/controller.h"

#include <Poco/JSON/Array.h>

#include <algorithm>

#include "tests/sim/json_edit.h"

namespace perfscale::sim {

Controller::Controller(ObjectStore& store, GroundTruth& truth, Faults& faults,
                       KubevirtMetrics& metrics, ControllerConfig config)
    : store_(store),
      truth_(truth),
      faults_(faults),
      metrics_(metrics),
      config_(std::move(config)),
      capacity_(config_.nodes, config_.vmisPerNode),
      workers_(faults_, config_.workers, config_.workCost,
               [this](const LifecycleTask& task) { apply(task); }) {}

Controller::~Controller() {
  stop();
}

void Controller::start() {
  workers_.start();
}

void Controller::stop() {
  workers_.stop();
}

std::chrono::nanoseconds Controller::draw(const DelayDistribution& distribution) {
  std::lock_guard<std::mutex> lock(rngMutex_);
  return distribution.sample(rng_);
}

void Controller::schedule(ObjectStore::Transaction& txn, Step step, const ObjectKey& key,
                          const std::string& uid, const DelayDistribution& delay) {
  txn.afterCommit([this, step, key, uid, &delay] { enqueue(step, key, uid, draw(delay)); });
}

void Controller::enqueue(Step step, const ObjectKey& key, const std::string& uid,
                         std::chrono::nanoseconds delay) {
  workers_.enqueue(Task{step, key, uid}, delay);
}

void Controller::apply(const Task& task) {
  store_.withTransaction([&](ObjectStore::Transaction& txn) {
    if (task.step == Step::FinalizeNamespace) {
      finalizeNamespaceIfEmpty(txn, task.key.ns);
      return;
    }
    auto it = vmis_.find(task.key);
    if (it == vmis_.end() || it->second.uid != task.uid) return;  // gone or replaced
    if (task.step == Step::Finalize) {
      finalize(txn, task.key, it->second);
    } else if (!it->second.deleting) {
      advance(txn, task, it->second);
    }
  });
}

void Controller::setPhase(ObjectStore::Transaction& txn, const ObjectKey& key, VmiState& state,
                          const std::string& phase, int64_t atNs) {
  const std::string stamp = rfc3339(atNs, config_.fractionalTimestamps);
  const std::string node = state.node >= 0 ? simNodeName(state.node) : "";
  txn.update(key, [&](Poco::JSON::Object& vmi) {
    applyPhase(vmi, phase, stamp, node);
    return true;
  });
  state.phase = phase;
  if (phase == "Scheduled") state.nodeName = node;
  metrics_.vmiUpdated();
  truth_.phase(state.uid, phase, atNs);
}

void Controller::vmiCreated(ObjectStore::Transaction& txn, const ObjectKey& key,
                            const std::string& uid) {
  vmis_[key] = VmiState{uid, "Pending", -1, "", false};
  schedule(txn, Step::ToScheduling, key, uid, config_.toScheduling);
}

void Controller::advance(ObjectStore::Transaction& txn, const Task& task, VmiState& state) {
  const int64_t now = wallNowNs();
  switch (task.step) {
    case Step::ToScheduling: {
      if (state.phase != "Pending") return;
      const auto node = capacity_.take();
      if (!node) {
        waitingForCapacity_.push_back(task.key);  // retried when a slot frees
        return;
      }
      state.node = *node;
      setPhase(txn, task.key, state, "Scheduling", now);
      schedule(txn, Step::ToScheduled, task.key, state.uid, config_.toScheduled);
      break;
    }
    case Step::ToScheduled:
      if (state.phase != "Scheduling") return;
      setPhase(txn, task.key, state, "Scheduled", now);
      schedule(txn, Step::ToRunning, task.key, state.uid, config_.toRunning);
      break;
    case Step::ToRunning: {
      if (state.phase != "Scheduled") return;
      const double failRate = faults_.settings().vmiFailRate;
      bool fails = false;
      if (failRate > 0) {
        std::lock_guard<std::mutex> lock(rngMutex_);
        fails = std::uniform_real_distribution<double>(0, 1)(rng_) < failRate;
      }
      if (fails) {
        // The launcher failed: the VMI is Failed and its node slot free; it stays until deleted.
        setPhase(txn, task.key, state, "Failed", now);
        releaseSlot(txn, state);
      } else {
        setPhase(txn, task.key, state, "Running", now);
      }
      break;
    }
    default:
      break;
  }
}

std::optional<ObjectView> Controller::deleteVmi(ObjectStore::Transaction& txn, const ObjectKey& key,
                                                std::optional<std::chrono::seconds> gracePeriod) {
  auto body = txn.find(key);
  if (!body) return std::nullopt;
  auto it = vmis_.find(key);
  if (it == vmis_.end() || it->second.deleting) return txn.update(key, [](auto&) { return false; });
  VmiState& state = it->second;
  // As on a real API server, where a VMI is a custom resource: the request's grace period
  // never reaches the object (deletionGracePeriodSeconds is 0); KubeVirt gives the VMI its
  // spec.terminationGracePeriodSeconds, or its default.
  (void)gracePeriod;
  std::chrono::seconds grace = config_.defaultGracePeriod;
  if (auto spec = body->getObject("spec"); spec && spec->has("terminationGracePeriodSeconds")) {
    grace = std::chrono::seconds(spec->getValue<int64_t>("terminationGracePeriodSeconds"));
  }
  const int64_t now = wallNowNs();
  state.deleting = true;
  truth_.deletionRequested(state.uid, now);
  auto view = txn.update(key, [&](Poco::JSON::Object& vmi) {
    auto metadata = writableChild(vmi, "metadata");
    metadata->set("deletionTimestamp", rfc3339(now, config_.fractionalTimestamps));
    metadata->set("deletionGracePeriodSeconds", static_cast<int64_t>(0));
    return true;
  });
  const std::string uid = state.uid;
  txn.afterCommit(
      [this, key, uid, grace] { enqueue(Step::Finalize, key, uid, grace + draw(config_.toGone)); });
  return view;
}

void Controller::finalize(ObjectStore::Transaction& txn, const ObjectKey& key, VmiState& state) {
  const int64_t now = wallNowNs();
  // A VMI whose domain never ran cannot succeed; KubeVirt marks it Failed.
  if (const auto phase = finalPhase(state.phase)) setPhase(txn, key, state, *phase, now);
  // Removing the last finalizer deletes the object: watchers see DELETED, no MODIFIED.
  txn.remove(key, [](Poco::JSON::Object& vmi) {
    removeFinalizer(vmi);
    return true;
  });
  metrics_.vmiUpdated();
  truth_.gone(state.uid, wallNowNs());
  releaseSlot(txn, state);
  vmis_.erase(key);
  finalizeNamespaceIfEmpty(txn, key.ns);
}

void Controller::releaseSlot(ObjectStore::Transaction& txn, VmiState& state) {
  if (state.node < 0) return;
  capacity_.release(state.node);
  state.node = -1;
  while (!waitingForCapacity_.empty()) {
    ObjectKey next = waitingForCapacity_.front();
    waitingForCapacity_.pop_front();
    auto it = vmis_.find(next);
    if (it == vmis_.end() || it->second.deleting || it->second.phase != "Pending") continue;
    const std::string uid = it->second.uid;
    txn.afterCommit(
        [this, next, uid] { enqueue(Step::ToScheduling, next, uid, std::chrono::nanoseconds(0)); });
    break;
  }
}

void Controller::namespaceTerminating(ObjectStore::Transaction& txn, const std::string& ns) {
  for (const auto& key : txn.keys(Kind::Vmi, ns))
    deleteVmi(txn, key, std::nullopt);
  txn.afterCommit([this, ns] {
    enqueue(Step::FinalizeNamespace, ObjectKey{Kind::Namespace, ns, ns}, "",
            std::chrono::nanoseconds(0));
  });
}

void Controller::finalizeNamespaceIfEmpty(ObjectStore::Transaction& txn, const std::string& ns) {
  const ObjectKey key{Kind::Namespace, "", ns};
  auto body = txn.find(key);
  if (!body) return;
  auto metadata = body->getObject("metadata");
  if (!metadata || !metadata->has("deletionTimestamp")) return;
  if (txn.any(Kind::Vmi, ns)) return;
  txn.remove(key, [](Poco::JSON::Object& namespaceObject) {
    writableChild(namespaceObject, "spec")
        ->set("finalizers", Poco::JSON::Array::Ptr(new Poco::JSON::Array()));
    return true;
  });
}

Controller::Counts Controller::counts() {
  return store_.withTransaction([&](ObjectStore::Transaction&) {
    return Counts{vmis_.size(), waitingForCapacity_.size(), capacity_.capacity(),
                  capacity_.occupied()};
  });
}

KubevirtMetrics::PhaseCounts Controller::phaseCounts() {
  return store_.withTransaction([&](ObjectStore::Transaction&) {
    KubevirtMetrics::PhaseCounts counts;
    for (const auto& [key, state] : vmis_)
      ++counts[{state.phase, state.nodeName}];
    return counts;
  });
}

}  // namespace perfscale::sim
