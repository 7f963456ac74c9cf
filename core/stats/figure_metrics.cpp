// Metric names over a run's figures (see figure_metrics.h).
//
//   <Phase>.<Stat>                 phase latency from creation, client clock
//   <Phase>.server.<Stat>          the same by the server's clock
//   <Phase>.count                  VMIs seen in the phase
//   deleted.<Stat>                 deletion request -> gone (client)
//   deleted.<Phase>.<Stat>         deletion request -> Succeeded or Failed (client)
//   deleted.<Phase>.server.<Stat>  deletionTimestamp -> Succeeded or Failed (server)
//   <verb>.<resource>.<Stat>       request latency (sent -> answer), answered tries
//   <verb>.<resource>.<Count>      count, tries, retries, errors, 429s
//   <verb>.<Stat|Count>            the verb's requests on virtualmachineinstances
//   429s, errors, duration, rate.asked, rate.achieved,
//   vmis.asked, vmis.created, vmis.failed, vmis.neverRan
// Stat is P50, P90, P95, P99, min, max or mean (seconds).
#include "core/stats/figure_metrics.h"

#include <algorithm>
#include <vector>

namespace perfscale::stats {
namespace {

std::vector<std::string> split(const std::string& name) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t dot = name.find('.', start);
    parts.push_back(name.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

std::optional<double> stat(const Distribution& d, const std::string& which) {
  if (d.count == 0) return std::nullopt;
  int64_t ns = 0;
  if (which == "P50")
    ns = d.p50;
  else if (which == "P90")
    ns = d.p90;
  else if (which == "P95")
    ns = d.p95;
  else if (which == "P99")
    ns = d.p99;
  else if (which == "min")
    ns = d.min;
  else if (which == "max")
    ns = d.max;
  else if (which == "mean")
    return d.mean / 1e9;
  else
    return std::nullopt;
  return static_cast<double>(ns) / 1e9;
}

std::optional<double> count(size_t value) {
  return static_cast<double>(value);
}

std::optional<double> requestMetric(const RunFigures& run, const std::string& verb,
                                    const std::string& resource, const std::string& what) {
  for (const auto& r : run.requests) {
    if (r.verb != verb || r.resource != resource) continue;
    if (what == "count") return count(r.requests);
    if (what == "tries") return count(r.tries);
    if (what == "retries") return count(r.retries);
    if (what == "errors") return count(r.errors);
    if (what == "429s") return count(r.throttled);
    return stat(r.latency, what);
  }
  // A request that was never sent has no latency, but zero errors.
  if (what == "count" || what == "tries" || what == "retries" || what == "errors" || what == "429s")
    return 0.0;
  return std::nullopt;
}

const std::vector<std::string>& verbs() {
  static const std::vector<std::string> all = {"create", "get",    "list",
                                               "watch",  "delete", "deletecollection"};
  return all;
}

bool isVerb(const std::string& word) {
  return std::find(verbs().begin(), verbs().end(), word) != verbs().end();
}

}  // namespace

std::optional<double> metricValue(const RunFigures& run, const std::string& name) {
  const auto parts = split(name);
  if (parts.size() == 1) {
    if (name == "429s") return count(run.throttled);
    if (name == "errors") return count(run.errors);
    if (name == "duration") return std::chrono::duration<double>(run.duration).count();
    return std::nullopt;
  }
  const std::string& head = parts[0];
  if (head == "rate" && parts.size() == 2) {
    if (parts[1] == "asked") return run.askedRate;
    if (parts[1] == "achieved") return run.achievedRate;
    return std::nullopt;
  }
  if (head == "vmis" && parts.size() == 2) {
    if (parts[1] == "asked") return count(run.asked);
    if (parts[1] == "created") return count(run.created);
    if (parts[1] == "failed") return count(run.failed);
    if (parts[1] == "neverRan") return count(run.neverRan.size());
    return std::nullopt;
  }
  if (head == "deleted") {
    auto find = [&](const std::string& to) -> const DeletionFigures* {
      for (const auto& d : run.deletion)
        if (d.to == to) return &d;
      return nullptr;
    };
    if (parts.size() == 2) {
      const auto* gone = find("gone");
      return gone ? stat(gone->client, parts[1]) : std::nullopt;
    }
    const auto* end = find(parts[1]);
    if (parts.size() == 3) return end ? stat(end->client, parts[2]) : std::nullopt;
    if (parts.size() == 4 && parts[2] == "server")
      return end ? stat(end->server, parts[3]) : std::nullopt;
    return std::nullopt;
  }
  if (isVerb(head)) {
    if (parts.size() == 2) return requestMetric(run, head, "virtualmachineinstances", parts[1]);
    if (parts.size() == 3) return requestMetric(run, head, parts[1], parts[2]);
    return std::nullopt;
  }
  // A phase.
  for (const auto& p : run.phases) {
    if (p.phase != head) continue;
    if (parts.size() == 2 && parts[1] == "count")
      return count(std::max(p.client.count, p.server.count));
    if (parts.size() == 2) return stat(p.client, parts[1]);
    if (parts.size() == 3 && parts[1] == "server") return stat(p.server, parts[2]);
    return std::nullopt;
  }
  if (parts.size() == 2 && parts[1] == "count") return 0.0;  // no VMI reached the phase
  return std::nullopt;
}

}  // namespace perfscale::stats
