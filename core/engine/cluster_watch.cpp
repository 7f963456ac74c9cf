// The run's watches (see cluster_watch.h).
#include "core/engine/cluster_watch.h"

#include <Poco/JSON/Array.h>

namespace perfscale::engine {

VmiObservation observationOf(kube::WatchEvent::Type type, const Poco::JSON::Object& vmi,
                             RunClock receivedAt, bool late) {
  VmiObservation o;
  o.type = type == kube::WatchEvent::Type::Deleted ? VmiObservation::Type::Deleted
           : type == kube::WatchEvent::Type::Added ? VmiObservation::Type::Added
                                                   : VmiObservation::Type::Modified;
  const auto meta = kube::metaOf(vmi);
  o.ns = meta.ns;
  o.name = meta.name;
  o.uid = meta.uid;
  o.resourceVersion = meta.resourceVersion;
  o.receivedAt = receivedAt;
  o.late = late;
  if (auto metadata = vmi.getObject("metadata")) {
    o.deleting = metadata->has("deletionTimestamp");
    o.createdServerNs = parseRfc3339(metadata->optValue<std::string>("creationTimestamp", ""));
    if (o.deleting)
      o.deletionServerNs = parseRfc3339(metadata->optValue<std::string>("deletionTimestamp", ""));
  }
  if (auto status = vmi.getObject("status")) {
    o.phase = status->optValue<std::string>("phase", "");
    if (auto transitions = status->getArray("phaseTransitionTimestamps")) {
      for (size_t i = 0; i < transitions->size(); ++i) {
        auto entry = transitions->getObject(i);
        if (!entry) continue;
        const auto at = parseRfc3339(entry->optValue<std::string>("phaseTransitionTimestamp", ""));
        const auto phase = entry->optValue<std::string>("phase", "");
        if (at && !phase.empty()) o.transitions.emplace_back(phase, *at);
      }
    }
  }
  return o;
}

namespace {

void noticeToEvent(Recorder& recorder, const RunTimeline& timeline, const std::string& what,
                   const std::string& kind, const std::string& message) {
  recorder.record(EventRecord{timeline.now(), -1, kind, what + ": " + message});
}

kube::TryObserver traced(RequestLog& log, const std::string& verb, const std::string& resource) {
  RequestContext context;
  context.verb = verb;
  context.resource = resource;
  return log.observer(context);
}

}  // namespace

class ClusterWatch::VmiHandler : public kube::ReflectorHandler {
 public:
  VmiHandler(PhaseTracker& tracker, RequestLog& log, Recorder& recorder,
             const RunTimeline& timeline)
      : tracker_(tracker), log_(log), recorder_(recorder), timeline_(timeline) {}
  void onObject(kube::WatchEvent::Type type, const Poco::JSON::Object& object, TimePoint receivedAt,
                bool late) override {
    tracker_.observe(observationOf(type, object, timeline_.since(receivedAt), late));
  }
  void onNotice(const std::string& kind, const std::string& message) override {
    noticeToEvent(recorder_, timeline_, "vmi watch", kind, message);
  }
  void onTry(const kube::TryReport& report, const std::string& verb) override {
    traced(log_, verb, "virtualmachineinstances")(report);
  }

 private:
  PhaseTracker& tracker_;
  RequestLog& log_;
  Recorder& recorder_;
  const RunTimeline& timeline_;
};

class ClusterWatch::NamespaceHandler : public kube::ReflectorHandler {
 public:
  NamespaceHandler(ClusterWatch& owner, RequestLog& log, Recorder& recorder,
                   const RunTimeline& timeline)
      : owner_(owner), log_(log), recorder_(recorder), timeline_(timeline) {}
  void onObject(kube::WatchEvent::Type type, const Poco::JSON::Object& object, TimePoint receivedAt,
                bool) override {
    const auto meta = kube::metaOf(object);
    {
      std::lock_guard<std::mutex> lock(owner_.mutex_);
      if (type == kube::WatchEvent::Type::Deleted) {
        owner_.presentNamespaces_.erase(meta.name);
      } else {
        owner_.presentNamespaces_.insert(meta.name);
      }
    }
    owner_.changed_.notify_all();
    if (type == kube::WatchEvent::Type::Deleted) {
      ObjectRecord gone;
      gone.kind = kKindNamespace;
      gone.name = meta.name;
      gone.uid = meta.uid;
      gone.stage = ObjectRecord::Stage::Gone;
      gone.at = timeline_.since(receivedAt);
      recorder_.record(std::move(gone));
    }
  }
  void onNotice(const std::string& kind, const std::string& message) override {
    noticeToEvent(recorder_, timeline_, "namespace watch", kind, message);
  }
  void onTry(const kube::TryReport& report, const std::string& verb) override {
    traced(log_, verb, "namespaces")(report);
  }

 private:
  ClusterWatch& owner_;
  RequestLog& log_;
  Recorder& recorder_;
  const RunTimeline& timeline_;
};

ClusterWatch::ClusterWatch(kube::RestClient& client, const std::string& labelSelector,
                           PhaseTracker& tracker, RequestLog& log, Recorder& recorder,
                           const RunTimeline& timeline)
    : vmiHandler_(std::make_unique<VmiHandler>(tracker, log, recorder, timeline)),
      namespaceHandler_(std::make_unique<NamespaceHandler>(*this, log, recorder, timeline)) {
  kube::ReflectorOptions vmiOptions;
  vmiOptions.path = "/apis/kubevirt.io/v1/virtualmachineinstances";
  vmiOptions.labelSelector = labelSelector;
  vmis_ = std::make_unique<kube::Reflector>(client, vmiOptions, *vmiHandler_);
  kube::ReflectorOptions namespaceOptions;
  namespaceOptions.path = "/api/v1/namespaces";
  namespaceOptions.labelSelector = labelSelector;
  namespaces_ = std::make_unique<kube::Reflector>(client, namespaceOptions, *namespaceHandler_);
}

ClusterWatch::~ClusterWatch() {
  stop();
}

void ClusterWatch::start() {
  vmis_->start();
  namespaces_->start();
}

void ClusterWatch::stop() {
  vmis_->stop();
  namespaces_->stop();
}

bool ClusterWatch::waitNamespacesGone(const std::set<std::string>& namespaces,
                                      std::chrono::steady_clock::time_point deadline,
                                      const std::atomic<bool>& stop) {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    bool anyLeft = false;
    for (const auto& name : namespaces)
      anyLeft = anyLeft || presentNamespaces_.count(name) > 0;
    if (!anyLeft) return true;
    if (stop.load() || std::chrono::steady_clock::now() >= deadline) return false;
    changed_.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() +
                                                     std::chrono::milliseconds(200)));
  }
}

}  // namespace perfscale::engine
