// The simulated VMI lifecycle (see controller.h).
#include "tests/sim/controller.h"

#include <Poco/JSON/Array.h>

#include <algorithm>

#include "tests/sim/json_edit.h"

namespace perfscale::sim {

namespace {

constexpr const char* kFinalizer = "kubevirt.io/foregroundDeleteVirtualMachine";

std::string nodeName(int node) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "sim-node-%03d", node);
  return buffer;
}

}  // namespace

Controller::Controller(ObjectStore& store, GroundTruth& truth, Faults& faults,
                       ControllerConfig config)
    : store_(store),
      truth_(truth),
      faults_(faults),
      config_(std::move(config)),
      nodeLoad_(static_cast<size_t>(std::max(0, config_.nodes)), 0) {}

Controller::~Controller() {
  stop();
}

void Controller::start() {
  for (int i = 0; i < std::max(1, config_.workers); ++i) {
    workers_.emplace_back([this] { workerLoop(); });
  }
}

void Controller::stop() {
  {
    std::lock_guard<std::mutex> lock(queueMutex_);
    stopping_ = true;
  }
  queueChanged_.notify_all();
  for (auto& worker : workers_)
    worker.join();
  workers_.clear();
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
  {
    std::lock_guard<std::mutex> lock(queueMutex_);
    timers_.push(Task{std::chrono::steady_clock::now() + delay, sequence_++, step, key, uid});
  }
  queueChanged_.notify_one();
}

void Controller::workerLoop() {
  const auto stallPoll = std::chrono::milliseconds(20);
  std::unique_lock<std::mutex> lock(queueMutex_);
  while (!stopping_) {
    if (timers_.empty()) {
      queueChanged_.wait(lock);
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    if (timers_.top().due > now) {
      queueChanged_.wait_until(lock, timers_.top().due);
      continue;
    }
    if (faults_.settings().stallController) {
      queueChanged_.wait_for(lock, stallPoll);
      continue;
    }
    Task task = timers_.top();
    timers_.pop();
    lock.unlock();
    if (config_.workCost.count() > 0) std::this_thread::sleep_for(config_.workCost);
    apply(task);
    lock.lock();
  }
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
  const std::string node = state.node >= 0 ? nodeName(state.node) : "";
  txn.update(key, [&](Poco::JSON::Object& vmi) {
    auto status = writableChild(vmi, "status");
    status->set("phase", phase);
    auto transitions = writableArray(*status, "phaseTransitionTimestamps");
    Poco::JSON::Object::Ptr entry = new Poco::JSON::Object();
    entry->set("phase", phase);
    entry->set("phaseTransitionTimestamp", stamp);
    transitions->add(entry);
    if (phase == "Scheduled") {
      status->set("nodeName", node);
      writableChild(*writableChild(vmi, "metadata"), "labels")->set("kubevirt.io/nodeName", node);
    }
    Poco::JSON::Array::Ptr conditions = new Poco::JSON::Array();
    Poco::JSON::Object::Ptr ready = new Poco::JSON::Object();
    ready->set("type", "Ready");
    ready->set("status", phase == "Running" ? "True" : "False");
    ready->set("lastProbeTime", Poco::Dynamic::Var());
    ready->set("lastTransitionTime", stamp);
    if (phase != "Running")
      ready->set("reason", phase == "Succeeded" ? "PodCompleted" : "NotReady");
    conditions->add(ready);
    status->set("conditions", conditions);
    return true;
  });
  state.phase = phase;
  truth_.phase(state.uid, phase, atNs);
}

void Controller::vmiCreated(ObjectStore::Transaction& txn, const ObjectKey& key,
                            const std::string& uid) {
  vmis_[key] = VmiState{uid, "Pending", -1, false};
  schedule(txn, Step::ToScheduling, key, uid, config_.toScheduling);
}

void Controller::advance(ObjectStore::Transaction& txn, const Task& task, VmiState& state) {
  const int64_t now = wallNowNs();
  switch (task.step) {
    case Step::ToScheduling: {
      if (state.phase != "Pending") return;
      if (nodeLoad_.empty() ||
          occupied_ >= nodeLoad_.size() * static_cast<size_t>(config_.vmisPerNode)) {
        waitingForCapacity_.push_back(task.key);  // retried when a slot frees
        return;
      }
      auto least = std::min_element(nodeLoad_.begin(), nodeLoad_.end());
      state.node = static_cast<int>(least - nodeLoad_.begin());
      ++*least;
      ++occupied_;
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
  std::chrono::seconds grace = config_.defaultGracePeriod;
  if (gracePeriod) {
    grace = *gracePeriod;
  } else if (auto spec = body->getObject("spec");
             spec && spec->has("terminationGracePeriodSeconds")) {
    grace = std::chrono::seconds(spec->getValue<int64_t>("terminationGracePeriodSeconds"));
  }
  const int64_t now = wallNowNs();
  state.deleting = true;
  truth_.deletionRequested(state.uid, now);
  auto view = txn.update(key, [&](Poco::JSON::Object& vmi) {
    auto metadata = writableChild(vmi, "metadata");
    metadata->set("deletionTimestamp", rfc3339(now));
    metadata->set("deletionGracePeriodSeconds", static_cast<int64_t>(grace.count()));
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
  if (state.phase != "Failed")
    setPhase(txn, key, state, state.phase == "Running" ? "Succeeded" : "Failed", now);
  // Removing the last finalizer deletes the object: watchers see DELETED, no MODIFIED.
  txn.remove(key, [](Poco::JSON::Object& vmi) {
    auto metadata = writableChild(vmi, "metadata");
    if (auto finalizers = metadata->getArray("finalizers")) {
      Poco::JSON::Array::Ptr kept = new Poco::JSON::Array();
      for (size_t i = 0; i < finalizers->size(); ++i) {
        if (finalizers->getElement<std::string>(i) != kFinalizer) kept->add(finalizers->get(i));
      }
      metadata->set("finalizers", kept);
    }
    return true;
  });
  truth_.gone(state.uid, wallNowNs());
  releaseSlot(txn, state);
  vmis_.erase(key);
  finalizeNamespaceIfEmpty(txn, key.ns);
}

void Controller::releaseSlot(ObjectStore::Transaction& txn, VmiState& state) {
  if (state.node < 0) return;
  --nodeLoad_[static_cast<size_t>(state.node)];
  --occupied_;
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
  if (!txn.keys(Kind::Vmi, ns).empty()) return;
  txn.remove(key, [](Poco::JSON::Object& namespaceObject) {
    writableChild(namespaceObject, "spec")
        ->set("finalizers", Poco::JSON::Array::Ptr(new Poco::JSON::Array()));
    return true;
  });
}

Controller::Counts Controller::counts() {
  return store_.withTransaction([&](ObjectStore::Transaction&) {
    return Counts{vmis_.size(), waitingForCapacity_.size(),
                  nodeLoad_.size() * static_cast<size_t>(std::max(0, config_.vmisPerNode)),
                  occupied_};
  });
}

}  // namespace perfscale::sim
