// The run's eyes: watches on its VMIs and its namespaces (by the run label), opened before
// anything is created, feeding the phase tracker and recording every watch and list
// request and every reconnect or relist.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/engine/phase_tracker.h"
#include "core/engine/request_log.h"
#include "core/kube/reflector.h"

namespace perfscale::engine {

class ClusterWatch {
 public:
  // `runNamespaces`: every namespace the run's VMIs go into, when known before it starts
  // (scenario::fixedNamespaces); they let a user without cluster-wide rights watch them.
  ClusterWatch(kube::RestClient& client, std::string labelSelector, PhaseTracker& tracker,
               RequestLog& log, Recorder& recorder, const RunTimeline& timeline,
               std::optional<std::set<std::string>> runNamespaces = std::nullopt);
  ~ClusterWatch();

  // Lists and watches both kinds; throws when the API refuses the list (wrong cluster,
  // no KubeVirt, no permission). VMIs are watched cluster-wide, or, when that is forbidden
  // (403) and the run's namespaces are known, in each of them. Namespaces are watched by the
  // run label; when that is forbidden, waitNamespacesGone asks for each namespace by name.
  void start();
  void stop();

  // Blocks until none of `namespaces` exists any more, or the deadline, or `stop`.
  bool waitNamespacesGone(const std::set<std::string>& namespaces,
                          std::chrono::steady_clock::time_point deadline,
                          const std::atomic<bool>& stop);

 private:
  class VmiHandler;
  class NamespaceHandler;
  // Lists and watches the run's VMIs in `ns`, or everywhere when it is empty.
  void watchVmis(const std::string& ns);
  void startVmiWatches();
  void startNamespaceWatch();
  // Without the namespace watch: GET each namespace until it answers 404.
  bool pollNamespacesGone(std::set<std::string> namespaces,
                          std::chrono::steady_clock::time_point deadline,
                          const std::atomic<bool>& stop);

  kube::RestClient& client_;
  const std::string labelSelector_;
  RequestLog& log_;
  Recorder& recorder_;
  const RunTimeline& timeline_;
  const std::optional<std::set<std::string>> runNamespaces_;
  PhaseTracker& tracker_;
  std::vector<std::unique_ptr<VmiHandler>> vmiHandlers_;  // one per reflector of vmis_
  std::unique_ptr<NamespaceHandler> namespaceHandler_;
  std::vector<std::unique_ptr<kube::Reflector>> vmis_;  // one cluster-wide, or one per namespace
  std::unique_ptr<kube::Reflector> namespaces_;         // null when listing them is forbidden
  std::mutex mutex_;
  std::condition_variable changed_;
  std::set<std::string> presentNamespaces_;
};

// What a VMI watch event says, as the phase tracker takes it.
VmiObservation observationOf(kube::WatchEvent::Type type, const kube::WatchedObject& vmi,
                             RunClock receivedAt, bool late);

}  // namespace perfscale::engine
