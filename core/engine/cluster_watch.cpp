// The run's watches (see cluster_watch.h).
#include "core/engine/cluster_watch.h"

#include <thread>

#include "core/kube/api_status.h"

namespace perfscale::engine {

VmiObservation observationOf(kube::WatchEvent::Type type, const kube::WatchedObject& vmi,
                             RunClock receivedAt, bool late) {
  VmiObservation o;
  o.type = type == kube::WatchEvent::Type::Deleted ? VmiObservation::Type::Deleted
           : type == kube::WatchEvent::Type::Added ? VmiObservation::Type::Added
                                                   : VmiObservation::Type::Modified;
  o.ns = vmi.meta.ns;
  o.name = vmi.meta.name;
  o.uid = vmi.meta.uid;
  o.resourceVersion = vmi.meta.resourceVersion;
  o.receivedAt = receivedAt;
  o.late = late;
  o.deleting = vmi.deleting;
  o.createdServerNs = vmi.createdNs;
  o.deletionServerNs = vmi.deletionNs;
  o.phase = vmi.phase;
  o.transitions = vmi.transitions;
  return o;
}

namespace {

void noticeToEvent(Recorder& recorder, const RunTimeline& timeline, const std::string& what,
                   const std::string& kind, const std::string& message) {
  recorder.record(EventRecord{timeline.now(), -1, kind, what + ": " + message});
}

kube::TryObserver traced(RequestLog& log, const std::string& verb, const std::string& resource,
                         const std::string& ns = "") {
  return log.observer(RequestContext{verb, resource, ns, ""});
}

}  // namespace

class ClusterWatch::VmiHandler : public kube::ReflectorHandler {
 public:
  // `ns`: the namespace watched, empty for all.
  VmiHandler(PhaseTracker& tracker, RequestLog& log, Recorder& recorder,
             const RunTimeline& timeline, std::string ns)
      : tracker_(tracker),
        log_(log),
        recorder_(recorder),
        timeline_(timeline),
        ns_(std::move(ns)) {}
  void onObject(kube::WatchEvent::Type type, const kube::WatchedObject& object,
                TimePoint receivedAt, bool late) override {
    tracker_.observe(observationOf(type, object, timeline_.since(receivedAt), late));
  }
  void onNotice(const std::string& kind, const std::string& message) override {
    noticeToEvent(recorder_, timeline_, ns_.empty() ? "vmi watch" : "vmi watch in " + ns_, kind,
                  message);
  }
  void onTry(const kube::TryReport& report, const std::string& verb) override {
    traced(log_, verb, "virtualmachineinstances", ns_)(report);
  }

 private:
  PhaseTracker& tracker_;
  RequestLog& log_;
  Recorder& recorder_;
  const RunTimeline& timeline_;
  const std::string ns_;
};

class ClusterWatch::NamespaceHandler : public kube::ReflectorHandler {
 public:
  NamespaceHandler(ClusterWatch& owner, RequestLog& log, Recorder& recorder,
                   const RunTimeline& timeline)
      : owner_(owner), log_(log), recorder_(recorder), timeline_(timeline) {}
  void onObject(kube::WatchEvent::Type type, const kube::WatchedObject& object,
                TimePoint receivedAt, bool) override {
    const auto& meta = object.meta;
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

ClusterWatch::ClusterWatch(kube::RestClient& client, std::string labelSelector,
                           PhaseTracker& tracker, RequestLog& log, Recorder& recorder,
                           const RunTimeline& timeline,
                           std::optional<std::set<std::string>> runNamespaces)
    : client_(client),
      labelSelector_(std::move(labelSelector)),
      log_(log),
      recorder_(recorder),
      timeline_(timeline),
      runNamespaces_(std::move(runNamespaces)),
      tracker_(tracker),
      namespaceHandler_(std::make_unique<NamespaceHandler>(*this, log, recorder, timeline)) {}

ClusterWatch::~ClusterWatch() {
  stop();
}

void ClusterWatch::watchVmis(const std::string& ns) {
  vmiHandlers_.push_back(std::make_unique<VmiHandler>(tracker_, log_, recorder_, timeline_, ns));
  kube::ReflectorOptions options;
  options.path = ns.empty() ? "/apis/kubevirt.io/v1/virtualmachineinstances"
                            : "/apis/kubevirt.io/v1/namespaces/" + ns + "/virtualmachineinstances";
  options.labelSelector = labelSelector_;
  vmis_.push_back(std::make_unique<kube::Reflector>(client_, options, *vmiHandlers_.back()));
  vmis_.back()->start();
}

void ClusterWatch::startVmiWatches() {
  try {
    watchVmis("");
    return;
  } catch (const kube::ApiError& e) {
    vmis_.clear();
    vmiHandlers_.clear();
    if (e.status().code != 403) throw;
    if (!runNamespaces_) {
      throw std::runtime_error(
          std::string(e.what()) +
          "; the run puts its iterations in namespaces of their own, so it watches VMIs at "
          "the cluster scope: grant list and watch on virtualmachineinstances.kubevirt.io "
          "cluster-wide, or run in one existing namespace (--namespace NAME without "
          "--namespaced-iterations or --vmis-per-namespace)");
    }
  }
  std::string names;
  for (const auto& ns : *runNamespaces_)
    names += (names.empty() ? "" : ", ") + ns;
  recorder_.record(EventRecord{
      timeline_.now(), -1, "watch",
      "vmi watch: listing VMIs at the cluster scope is forbidden (403); watching them in the "
      "run's namespaces instead: " +
          names});
  for (const auto& ns : *runNamespaces_)
    watchVmis(ns);
}

void ClusterWatch::startNamespaceWatch() {
  kube::ReflectorOptions options;
  options.path = "/api/v1/namespaces";
  options.labelSelector = labelSelector_;
  namespaces_ = std::make_unique<kube::Reflector>(client_, options, *namespaceHandler_);
  try {
    namespaces_->start();
  } catch (const kube::ApiError& e) {
    if (e.status().code != 403) throw;
    namespaces_.reset();
    recorder_.record(EventRecord{
        timeline_.now(), -1, "watch",
        "namespace watch: listing namespaces is forbidden (403); a namespace the run deletes "
        "is asked for by name until it is gone"});
  }
}

void ClusterWatch::start() {
  startVmiWatches();
  startNamespaceWatch();
}

void ClusterWatch::stop() {
  for (auto& reflector : vmis_)
    reflector->stop();
  if (namespaces_) namespaces_->stop();
}

bool ClusterWatch::waitNamespacesGone(const std::set<std::string>& namespaces,
                                      std::chrono::steady_clock::time_point deadline,
                                      const std::atomic<bool>& stop) {
  if (!namespaces_) return pollNamespacesGone(namespaces, deadline, stop);
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

bool ClusterWatch::pollNamespacesGone(std::set<std::string> namespaces,
                                      std::chrono::steady_clock::time_point deadline,
                                      const std::atomic<bool>& stop) {
  for (;;) {
    for (auto it = namespaces.begin(); it != namespaces.end();) {
      kube::RestRequest get;
      get.path = "/api/v1/namespaces/" + *it;
      get.onTry = log_.observer(RequestContext{"get", "namespaces", "", *it});
      const auto answer = client_.send(get);
      if (answer.status == 404) {
        ObjectRecord gone;
        gone.kind = kKindNamespace;
        gone.name = *it;
        gone.stage = ObjectRecord::Stage::Gone;
        gone.at = timeline_.now();
        recorder_.record(std::move(gone));
        it = namespaces.erase(it);
      } else {
        ++it;
      }
    }
    if (namespaces.empty()) return true;
    if (stop.load() || std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        std::chrono::milliseconds(500),
        std::max<std::chrono::steady_clock::duration>(
            std::chrono::steady_clock::duration(0), deadline - std::chrono::steady_clock::now())));
  }
}

}  // namespace perfscale::engine
