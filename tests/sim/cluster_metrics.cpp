// KubeVirt's and kube-apiserver's metric families for the sim (see cluster_metrics.h).
#include "tests/sim/cluster_metrics.h"

#include <algorithm>

namespace perfscale::sim {

namespace {

// The phases the sim's controllers make; their series exist from the start at 0, so that
// rate() and increase() see the first transitions.
const char* const kPhases[] = {"Pending", "Scheduling", "Scheduled",
                               "Running", "Succeeded",  "Failed"};
const char* const kFinalPhases[] = {"Succeeded", "Failed"};

// What KubeVirt writes for a VMI without an OS, workload, flavor, instance type or preference
// annotation, as the sim's are.
constexpr const char* kNone = "<none>";

double seconds(int64_t ns) {
  return std::max<int64_t>(0, ns) / 1e9;
}

std::vector<std::string> splitPath(const std::string& path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string::npos ? path.size() : slash;
    if (end > start) segments.push_back(path.substr(start, end - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return segments;
}

}  // namespace

const std::vector<double>& phaseTransitionBuckets() {
  static const std::vector<double> buckets = {0.5, 1,  2,   5,   10,  20,  30,   40,   50,
                                              60,  90, 120, 180, 300, 600, 1200, 1800, 3600};
  return buckets;
}

const std::vector<double>& requestDurationBuckets() {
  static const std::vector<double> buckets = {0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8,
                                              1.0,   1.25,  1.5,  2,   3,   4,   5,   6,
                                              8,     10,    15,   20,  30,  45,  60};
  return buckets;
}

KubevirtMetrics::KubevirtMetrics()
    : fromCreation_("kubevirt_vmi_phase_transition_time_from_creation_seconds",
                    "Histogram of VM phase transitions duration from creation time in seconds.",
                    {"phase"}, phaseTransitionBuckets()),
      fromDeletion_("kubevirt_vmi_phase_transition_time_from_deletion_seconds",
                    "Histogram of VM phase transitions duration from deletion time in seconds.",
                    {"phase"}, phaseTransitionBuckets()),
      phaseCount_(
          "kubevirt_vmi_phase_count",
          "Sum of VMIs per phase and node. `phase` can be one of the following: "
          "[`Pending`, `Scheduling`, `Scheduled`, `Running`, `Succeeded`, `Failed`, "
          "`Unknown`].",
          {"node", "phase", "os", "workload", "flavor", "instance_type", "preference",
           "guest_os_kernel_release", "guest_os_machine", "guest_os_name", "guest_os_version_id"},
          [this] {
            metrics::GaugeFamily::Samples samples;
            PhaseCounts counts;
            {
              std::lock_guard<std::mutex> lock(countMutex_);
              if (countPhases_) counts = countPhases_();
            }
            for (const auto& [key, count] : counts) {
              samples.push_back(
                  {{key.second, key.first, kNone, kNone, kNone, kNone, kNone, "", "", "", ""},
                   static_cast<double>(count)});
            }
            return samples;
          }),
      restRequests_("kubevirt_rest_client_requests_total",
                    "Number of HTTP requests, partitioned by status code, method, and host.",
                    {"code", "method", "host", "resource", "verb"}) {
  for (const char* phase : kPhases)
    creationByPhase_[phase] = &fromCreation_.with({phase});
  for (const char* phase : kFinalPhases)
    deletionByPhase_[phase] = &fromDeletion_.with({phase});
}

void KubevirtMetrics::countPhasesWith(std::function<PhaseCounts()> count) {
  std::lock_guard<std::mutex> lock(countMutex_);
  countPhases_ = std::move(count);
}

void KubevirtMetrics::entered(const std::string& phase, int64_t sinceCreationNs,
                              std::optional<int64_t> sinceDeletionNs) {
  auto created = creationByPhase_.find(phase);
  (created != creationByPhase_.end() ? *created->second : fromCreation_.with({phase}))
      .observe(seconds(sinceCreationNs));
  if (!sinceDeletionNs) return;
  auto deleted = deletionByPhase_.find(phase);
  if (deleted != deletionByPhase_.end()) deleted->second->observe(seconds(*sinceDeletionNs));
}

void KubevirtMetrics::restRequest(int code, const std::string& method, const std::string& host,
                                  const std::string& pathAndQuery) {
  const auto [resource, verb] = restResourceAndVerb(method, pathAndQuery);
  restRequests_.with({code == 0 ? "<error>" : std::to_string(code), method, host, resource, verb})
      .add();
}

void KubevirtMetrics::controllerWritesTo(const std::string& host) {
  vmiUpdates_ = &restRequests_.with({"200", "PUT", host, "virtualmachineinstances", "UPDATE"});
}

void KubevirtMetrics::vmiUpdated() {
  if (auto* counter = vmiUpdates_.load()) counter->add();
}

std::string KubevirtMetrics::exposition() const {
  std::string out;
  for (const metrics::Family* family : std::initializer_list<const metrics::Family*>{
           &phaseCount_, &fromCreation_, &fromDeletion_, &restRequests_})
    family->write(out);
  return out;
}

std::pair<std::string, std::string> restResourceAndVerb(const std::string& method,
                                                        const std::string& pathAndQuery) {
  const auto question = pathAndQuery.find('?');
  const std::string path = pathAndQuery.substr(0, question);
  const std::string query = question == std::string::npos ? "" : pathAndQuery.substr(question);
  // /api/v1[/namespaces/NS]/RESOURCE[/NAME...], /apis/GROUP/VERSION[/namespaces/NS]/RESOURCE...
  const auto s = splitPath(path);
  size_t at = 0;
  if (s.size() >= 2 && s[0] == "api") {
    at = 2;
  } else if (s.size() >= 3 && s[0] == "apis") {
    at = 3;
  } else {
    return {"none", "none"};
  }
  if (s.size() > at && s[at] == "watch") ++at;
  if (s.size() > at + 2 && s[at] == "namespaces") at += 2;
  if (s.size() <= at) return {"none", "none"};
  const std::string& resource = s[at];
  std::string verb = method;
  if (method == "GET") {
    const bool watch = path.find("/watch/") != std::string::npos ||
                       query.find("watch=true") != std::string::npos ||
                       query.find("watch=1") != std::string::npos;
    verb = watch ? "WATCH" : (s.size() == at + 1 ? "LIST" : "GET");
  } else if (method == "PUT") {
    verb = "UPDATE";
  } else if (method == "POST") {
    verb = "CREATE";
  }
  return {resource, verb};
}

ApiserverMetrics::Request ApiserverMetrics::label(const std::string& routeVerb,
                                                  const std::string& group,
                                                  const std::string& resource,
                                                  const std::string& subresource,
                                                  const std::string& ns, const std::string& name) {
  Request request{"", group, "v1", resource, subresource, ""};
  // kube-apiserver's CleanScope: a named object or a create is "resource", then "namespace".
  if (!name.empty() || routeVerb == "create") {
    request.scope = "resource";
  } else {
    request.scope = ns.empty() ? "cluster" : "namespace";
  }
  if (routeVerb == "get" || routeVerb == "list") {
    request.verb = request.scope == "resource" ? "GET" : "LIST";
  } else if (routeVerb == "watch") {
    request.verb = "WATCH";
  } else if (routeVerb == "create") {
    request.verb = "POST";
  } else if (routeVerb == "delete" || routeVerb == "deletecollection") {
    request.verb = "DELETE";
  } else if (routeVerb == "exec") {
    request.verb = "CONNECT";
  } else {
    request.verb = "other";
  }
  return request;
}

ApiserverMetrics::ApiserverMetrics()
    : requests_("apiserver_request_total",
                "Counter of apiserver requests broken out for each verb, dry run value, group, "
                "version, resource, scope, component, and HTTP response code.",
                {"verb", "dry_run", "group", "version", "resource", "subresource", "scope",
                 "component", "code"}),
      durations_(
          "apiserver_request_duration_seconds",
          "Response latency distribution in seconds for each verb, dry run value, group, "
          "version, resource, subresource, scope and component.",
          {"verb", "dry_run", "group", "version", "resource", "subresource", "scope", "component"},
          requestDurationBuckets()) {}

void ApiserverMetrics::served(const Request& r, int code, std::chrono::nanoseconds took,
                              bool timed) {
  requests_
      .with({r.verb, "", r.group, r.version, r.resource, r.subresource, r.scope, "apiserver",
             std::to_string(code)})
      .add();
  if (timed) {
    durations_
        .with({r.verb, "", r.group, r.version, r.resource, r.subresource, r.scope, "apiserver"})
        .observe(std::chrono::duration<double>(took).count());
  }
}

std::string ApiserverMetrics::exposition() const {
  std::string out;
  requests_.write(out);
  durations_.write(out);
  return out;
}

}  // namespace perfscale::sim
