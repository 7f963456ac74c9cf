// Headline figures of a run (see run_summary.h).
#include "core/stats/run_summary.h"

#include <algorithm>

namespace perfscale::stats {

void SummaryRecorder::record(RequestRecord request) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto key = std::make_pair(request.verb, request.resource);
    auto& counts = requestCounts_[key];
    ++counts.first;
    const bool failed = request.status == 0 || request.status >= 400;
    if (failed) {
      ++counts.second;
      ++errors_[request.status == 0 ? "connection: " + request.error
                                    : std::to_string(request.status) + " " + request.reason];
    }
    if (request.status != 0 && request.verb != "watch") {
      requestLatency_[key].push_back((request.done - request.sent).count());
    }
    // The paced creations: the objects of the workloads, not the namespaces made for them.
    if (request.verb == "create" && request.tryNumber == 1 && request.resource != "namespaces") {
      if (request.resource == "virtualmachineinstances")
        createSent_[{request.ns, request.name}] = request.sent.count();
      ++creates_;
      const int64_t granted = request.granted.count();
      auto& batch = createsByIteration_[request.iteration];
      if (batch.creates == 0 || granted < batch.firstGrantNs) batch.firstGrantNs = granted;
      batch.lastGrantNs = std::max(batch.lastGrantNs, granted);
      ++batch.creates;
    }
  }
  next_.record(std::move(request));
}

void SummaryRecorder::record(PhaseRecord phase) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const Key key{phase.ns, phase.name};
    if (phase.phase == "Pending" && phase.serverNs) pendingServer_[key] = *phase.serverNs;
    phaseSamples_.push_back(
        PhaseSample{key, phase.phase, phase.observedAt.count(), phase.serverNs.value_or(-1)});
  }
  next_.record(std::move(phase));
}

void SummaryRecorder::record(IterationRecord iteration) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& span = iterations_[iteration.index];
    if (iteration.stage == IterationRecord::Stage::Started && span.first == 0)
      span.first = iteration.at.count();
    if (iteration.stage == IterationRecord::Stage::Ended) span.second = iteration.at.count();
  }
  next_.record(std::move(iteration));
}

std::optional<double> RunSummary::achievedCreateRate(int burst) const {
  const size_t free = static_cast<size_t>(std::max(1, burst));
  size_t paced = 0;
  int64_t span = 0;
  for (const auto& [iteration, batch] : createsByIteration) {
    if (batch.creates <= free) continue;
    paced += batch.creates - free;
    span += batch.lastGrantNs - batch.firstGrantNs;
  }
  if (span <= 0 || paced == 0) return std::nullopt;
  return static_cast<double>(paced) / (static_cast<double>(span) / 1e9);
}

RunSummary SummaryRecorder::summary() const {
  std::lock_guard<std::mutex> lock(mutex_);
  RunSummary summary;
  static const std::vector<std::string> order = {"Pending", "Scheduling", "Scheduled",
                                                 "Running", "Succeeded",  "Failed"};
  std::map<std::string, std::pair<std::vector<int64_t>, std::vector<int64_t>>> byPhase;
  for (const auto& sample : phaseSamples_) {
    auto& [server, client] = byPhase[sample.phase];
    auto pending = pendingServer_.find(sample.vmi);
    if (sample.server >= 0 && pending != pendingServer_.end())
      server.push_back(sample.server - pending->second);
    auto sent = createSent_.find(sample.vmi);
    if (sent != createSent_.end()) client.push_back(sample.observed - sent->second);
  }
  auto rank = [&](const std::string& phase) {
    auto it = std::find(order.begin(), order.end(), phase);
    return it == order.end() ? order.size() : static_cast<size_t>(it - order.begin());
  };
  std::vector<std::string> phases;
  phases.reserve(byPhase.size());
  for (const auto& [phase, samples] : byPhase)
    phases.push_back(phase);
  std::sort(phases.begin(), phases.end(), [&](const auto& a, const auto& b) {
    return std::make_pair(rank(a), a) < std::make_pair(rank(b), b);
  });
  for (const auto& phase : phases) {
    auto& [server, client] = byPhase[phase];
    summary.phases.push_back(PhaseLatency{phase, distribution(server), distribution(client)});
  }
  for (const auto& [key, counts] : requestCounts_) {
    RequestLatency latency{key.first, key.second, {}, counts.first, counts.second};
    auto it = requestLatency_.find(key);
    if (it != requestLatency_.end()) {
      auto values = it->second;
      latency.latency = distribution(values);
    }
    summary.requests.push_back(latency);
  }
  summary.errorsByReason = errors_;
  summary.creates = creates_;
  summary.createsByIteration = createsByIteration_;
  for (const auto& [index, span] : iterations_) {
    if (span.second > 0) summary.iterationDurations.emplace_back(index, span.second - span.first);
  }
  return summary;
}

}  // namespace perfscale::stats
