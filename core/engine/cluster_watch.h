// The run's eyes: watches on its VMIs and its namespaces (by the run label), opened before
// anything is created, feeding the phase tracker and recording every watch and list
// request and every reconnect or relist.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "core/engine/phase_tracker.h"
#include "core/engine/request_log.h"
#include "core/kube/reflector.h"

namespace perfscale::engine {

class ClusterWatch {
 public:
  ClusterWatch(kube::RestClient& client, const std::string& labelSelector, PhaseTracker& tracker,
               RequestLog& log, Recorder& recorder, const RunTimeline& timeline);
  ~ClusterWatch();

  // Lists and watches both kinds; throws when the API refuses the list (wrong cluster,
  // no KubeVirt, no permission).
  void start();
  void stop();

  // Blocks until none of `namespaces` exists any more, or the deadline, or `stop`.
  bool waitNamespacesGone(const std::set<std::string>& namespaces,
                          std::chrono::steady_clock::time_point deadline,
                          const std::atomic<bool>& stop);

 private:
  class VmiHandler;
  class NamespaceHandler;
  std::unique_ptr<VmiHandler> vmiHandler_;
  std::unique_ptr<NamespaceHandler> namespaceHandler_;
  std::unique_ptr<kube::Reflector> vmis_;
  std::unique_ptr<kube::Reflector> namespaces_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::set<std::string> presentNamespaces_;
};

// What a VMI watch event says, as the phase tracker takes it.
VmiObservation observationOf(kube::WatchEvent::Type type, const Poco::JSON::Object& vmi,
                             RunClock receivedAt, bool late);

}  // namespace perfscale::engine
