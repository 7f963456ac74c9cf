// Shared parts of the simulated VMI lifecycle (see vmi_lifecycle.h).
#include "tests/sim/vmi_lifecycle.h"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <cstdio>

#include "tests/sim/json_edit.h"

namespace perfscale::sim {

std::string simNodeName(int node) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "sim-node-%03d", node);
  return buffer;
}

void applyPhase(Poco::JSON::Object& vmi, const std::string& phase, const std::string& stamp,
                const std::string& node) {
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
  if (phase != "Running") ready->set("reason", phase == "Succeeded" ? "PodCompleted" : "NotReady");
  conditions->add(ready);
  status->set("conditions", conditions);
}

void applyPending(Poco::JSON::Object& vmi, const std::string& stamp) {
  auto metadata = writableChild(vmi, "metadata");
  if (!hasFinalizer(vmi))
    writableArray(*metadata, "finalizers")->add(std::string(kForegroundDeleteFinalizer));
  auto status = writableChild(vmi, "status");
  status->set("phase", std::string("Pending"));
  Poco::JSON::Object::Ptr entry = new Poco::JSON::Object();
  entry->set("phase", std::string("Pending"));
  entry->set("phaseTransitionTimestamp", stamp);
  writableArray(*status, "phaseTransitionTimestamps")->add(entry);
  if (!status->has("guestOSInfo"))
    status->set("guestOSInfo", Poco::JSON::Object::Ptr(new Poco::JSON::Object()));
}

bool hasFinalizer(const Poco::JSON::Object& vmi) {
  auto metadata = vmi.getObject("metadata");
  auto finalizers = metadata ? metadata->getArray("finalizers") : nullptr;
  if (!finalizers) return false;
  for (size_t i = 0; i < finalizers->size(); ++i) {
    if (finalizers->get(i).isString() &&
        finalizers->getElement<std::string>(i) == kForegroundDeleteFinalizer)
      return true;
  }
  return false;
}

bool removeFinalizer(Poco::JSON::Object& vmi) {
  auto metadata = writableChild(vmi, "metadata");
  auto finalizers = metadata->getArray("finalizers");
  if (!finalizers) return false;
  Poco::JSON::Array::Ptr kept = new Poco::JSON::Array();
  bool removed = false;
  for (size_t i = 0; i < finalizers->size(); ++i) {
    if (finalizers->get(i).isString() &&
        finalizers->getElement<std::string>(i) == kForegroundDeleteFinalizer) {
      removed = true;
    } else {
      kept->add(finalizers->get(i));
    }
  }
  metadata->set("finalizers", kept);
  return removed;
}

std::optional<std::string> finalPhase(const std::string& phase) {
  if (phase == "Failed") return std::nullopt;
  return phase == "Running" ? "Succeeded" : "Failed";
}

NodeCapacity::NodeCapacity(int nodes, int vmisPerNode)
    : load_(static_cast<size_t>(std::max(0, nodes)), 0), vmisPerNode_(vmisPerNode) {}

std::optional<int> NodeCapacity::take() {
  if (load_.empty() || occupied_ >= load_.size() * static_cast<size_t>(vmisPerNode_))
    return std::nullopt;
  auto least = std::min_element(load_.begin(), load_.end());
  ++*least;
  ++occupied_;
  return static_cast<int>(least - load_.begin());
}

void NodeCapacity::occupy(int node) {
  if (node < 0 || static_cast<size_t>(node) >= load_.size()) return;
  ++load_[static_cast<size_t>(node)];
  ++occupied_;
}

void NodeCapacity::release(int node) {
  if (node < 0 || static_cast<size_t>(node) >= load_.size()) return;
  --load_[static_cast<size_t>(node)];
  --occupied_;
}

size_t NodeCapacity::capacity() const {
  return load_.size() * static_cast<size_t>(std::max(0, vmisPerNode_));
}

TimedWorkers::TimedWorkers(Faults& faults, int workers, std::chrono::nanoseconds workCost,
                           Apply apply, bool stallable)
    : faults_(faults),
      workerCount_(workers),
      workCost_(workCost),
      apply_(std::move(apply)),
      stallable_(stallable) {}

TimedWorkers::~TimedWorkers() {
  stop();
}

void TimedWorkers::start() {
  for (int i = 0; i < std::max(1, workerCount_); ++i) {
    workers_.emplace_back([this] { workerLoop(); });
  }
}

void TimedWorkers::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (auto& worker : workers_)
    worker.join();
  workers_.clear();
}

void TimedWorkers::enqueue(LifecycleTask task, std::chrono::nanoseconds delay) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    timers_.push(Timer{std::chrono::steady_clock::now() + delay, sequence_++, std::move(task)});
  }
  changed_.notify_one();
}

size_t TimedWorkers::queued() {
  std::lock_guard<std::mutex> lock(mutex_);
  return timers_.size();
}

void TimedWorkers::workerLoop() {
  const auto stallPoll = std::chrono::milliseconds(20);
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (timers_.empty()) {
      changed_.wait(lock);
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    if (timers_.top().due > now) {
      // A copy: wait_until reads the deadline again after waking, and an enqueue while
      // the lock is released may reallocate the queue under a reference into it.
      const auto due = timers_.top().due;
      changed_.wait_until(lock, due);
      continue;
    }
    if (stallable_ && faults_.settings().stallController) {
      changed_.wait_for(lock, stallPoll);
      continue;
    }
    LifecycleTask task = timers_.top().task;
    timers_.pop();
    lock.unlock();
    if (workCost_.count() > 0) std::this_thread::sleep_for(workCost_);
    apply_(task);
    lock.lock();
  }
}

}  // namespace perfscale::sim
