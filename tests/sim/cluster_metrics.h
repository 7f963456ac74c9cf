// What a cluster's Prometheus scrapes for what perfscale-sim simulates, under the names,
// types, labels and buckets KubeVirt's virt-controller and kube-apiserver use, so that the same
// PromQL (perfscale-audit's among it) works against the sim and a real cluster:
//   kubevirt_vmi_phase_transition_time_from_creation_seconds  histogram {phase}
//   kubevirt_vmi_phase_transition_time_from_deletion_seconds  histogram {phase}
//   kubevirt_vmi_phase_count                                  gauge {node, phase, os, ...}
//   kubevirt_rest_client_requests_total                       counter {code, method, host,
//                                                                      resource, verb}
//   apiserver_request_total              counter {verb, dry_run, group, version, resource,
//                                                 subresource, scope, component, code}
//   apiserver_request_duration_seconds   histogram {the same but code}
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/sim/metrics.h"
#include "tests/sim/phase_listener.h"

namespace perfscale::sim {

// KubeVirt's buckets for the phase transition histograms, in seconds.
const std::vector<double>& phaseTransitionBuckets();
// kube-apiserver's buckets for apiserver_request_duration_seconds.
const std::vector<double>& requestDurationBuckets();

// The KubeVirt families: virt-controller's view of the VMIs and of its own API writes.
class KubevirtMetrics : public PhaseListener {
 public:
  // VMIs by (phase, node); node is "" until status.nodeName is set.
  using PhaseCounts = std::map<std::pair<std::string, std::string>, int64_t>;
  KubevirtMetrics();

  // Asked at every scrape; set once, before the first.
  void countPhasesWith(std::function<PhaseCounts()> count);
  // Records the creation histogram for every phase, the deletion one for Succeeded and
  // Failed entered after deletion was requested (as virt-controller does); negative spans
  // count as 0.
  void entered(const std::string& phase, int64_t sinceCreationNs,
               std::optional<int64_t> sinceDeletionNs) override;
  // One request of the controller's client. `code` is the HTTP status, or 0 for a request that
  // got no answer ("<error>"). `pathAndQuery` gives resource and verb as KubeVirt parses them.
  void restRequest(int code, const std::string& method, const std::string& host,
                   const std::string& pathAndQuery);
  // The built-in controller's writes (a PUT of a VMI: a phase, or the finalizer removed) go to
  // `host` ("127.0.0.1:PORT"): resolves their counter once, before the first.
  void controllerWritesTo(const std::string& host);
  void vmiUpdated();

  std::string exposition() const;

 private:
  metrics::HistogramFamily fromCreation_;
  metrics::HistogramFamily fromDeletion_;
  metrics::GaugeFamily phaseCount_;
  metrics::CounterFamily restRequests_;
  std::map<std::string, metrics::Histogram*> creationByPhase_;  // the phases the sim makes
  std::map<std::string, metrics::Histogram*> deletionByPhase_;
  std::atomic<metrics::Counter*> vmiUpdates_{nullptr};
  std::mutex countMutex_;
  std::function<PhaseCounts()> countPhases_;
};

// KubeVirt's reading of a request path: (resource, verb), e.g. ("virtualmachineinstances",
// "UPDATE"); ("none", "none") for a path without a resource.
std::pair<std::string, std::string> restResourceAndVerb(const std::string& method,
                                                        const std::string& pathAndQuery);

// The kube-apiserver families, for the resource requests the sim answers.
class ApiserverMetrics {
 public:
  struct Request {
    std::string verb;  // as kube-apiserver reports it: GET, LIST, WATCH, POST, DELETE, CONNECT
    std::string group;
    std::string version;
    std::string resource;
    std::string subresource;
    std::string scope;  // resource, namespace or cluster
  };
  // The request as kube-apiserver labels it, from the sim's route: `routeVerb` is get, list,
  // watch, create, delete, deletecollection or exec; `name` and `ns` as in the path.
  static Request label(const std::string& routeVerb, const std::string& group,
                       const std::string& resource, const std::string& subresource,
                       const std::string& ns, const std::string& name);

  ApiserverMetrics();
  // A request answered with `code` after `took`; `timed` is false for the ones turned away by
  // the inflight limit, which kube-apiserver counts but does not time.
  void served(const Request& request, int code, std::chrono::nanoseconds took, bool timed = true);
  std::string exposition() const;

 private:
  metrics::CounterFamily requests_;
  metrics::HistogramFamily durations_;
};

}  // namespace perfscale::sim
