// A run's headline figures, accumulated from its records as they pass (a Recorder that
// forwards to another): phase latencies from creation by server timestamps and by client
// observation, request latency per verb and resource, errors by reason, achieved rate,
// iteration durations.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/record.h"
#include "core/stats/percentiles.h"

namespace perfscale::stats {

struct PhaseLatency {
  std::string phase;
  Distribution server;  // ns: phase transition timestamp - Pending transition timestamp
  Distribution client;  // ns: observed - create request sent
};

struct RequestLatency {
  std::string verb;
  std::string resource;
  Distribution latency;  // ns: done - sent, answered tries
  size_t tries = 0;
  size_t errors = 0;  // answers >= 400 and tries without an answer
};

struct RunSummary {
  std::vector<PhaseLatency> phases;  // Pending, Scheduling, Scheduled, Running, then others
  std::vector<RequestLatency> requests;
  std::map<std::string, size_t> errorsByReason;  // "429 TooManyRequests", "connection: ..."
  size_t creates = 0;                            // first tries of creates
  struct CreateSpan {
    size_t creates = 0;
    int64_t firstGrantNs = 0;
    int64_t lastGrantNs = 0;
  };
  std::map<int, CreateSpan> createsByIteration;
  // Creates per second after each iteration's initial burst (the bucket refills while an
  // iteration waits): sum(creates - burst) / sum(last - first grant). It is the token
  // bucket's rate exactly when the client kept its pace. Nothing when no iteration created
  // more than the burst: every create was granted at once and no rate was paced.
  std::optional<double> achievedCreateRate(int burst) const;
  std::vector<std::pair<int, int64_t>> iterationDurations;  // (iteration, ns start->end)
};

class SummaryRecorder final : public Recorder {
 public:
  explicit SummaryRecorder(Recorder& next) : next_(next) {}
  void beginRun(const RunInfo& run) override { next_.beginRun(run); }
  void record(RequestRecord request) override;
  void record(ObjectRecord object) override { next_.record(std::move(object)); }
  void record(PhaseRecord phase) override;
  void record(IterationRecord iteration) override;
  void record(EventRecord event) override { next_.record(std::move(event)); }
  void endRun(const RunEnd& end) override { next_.endRun(end); }
  void flush() override { next_.flush(); }

  RunSummary summary() const;

 private:
  using Key = std::pair<std::string, std::string>;
  Recorder& next_;
  mutable std::mutex mutex_;
  std::map<Key, int64_t> createSent_;  // VMI -> its create's first send, run ns
  std::map<Key, int64_t> pendingServer_;
  struct PhaseSample {
    Key vmi;
    std::string phase;
    int64_t observed;
    int64_t server;  // -1 when unknown
  };
  std::vector<PhaseSample> phaseSamples_;
  std::map<std::pair<std::string, std::string>, std::vector<int64_t>> requestLatency_;
  std::map<std::pair<std::string, std::string>, std::pair<size_t, size_t>> requestCounts_;
  std::map<std::string, size_t> errors_;
  size_t creates_ = 0;
  std::map<int, RunSummary::CreateSpan> createsByIteration_;
  std::map<int, std::pair<int64_t, int64_t>> iterations_;
};

}  // namespace perfscale::stats
