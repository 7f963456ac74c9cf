// A run's live metrics, read off the records on their way to the trace: a Recorder that
// updates the perfscale_* families of a Registry and passes every record on to `next`.
// A request costs a scan of a few (verb, resource) entries and a few atomic updates; the
// label children are resolved the first time a (verb, resource, code) is seen.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/metrics/registry.h"
#include "core/record.h"

namespace perfscale::metrics {

// client-go's rest_client_request_duration_seconds (and rate_limiter_duration_seconds) buckets.
const std::vector<double>& requestBuckets();
// KubeVirt's kubevirt_vmi_phase_transition_time_from_creation_seconds buckets.
const std::vector<double>& phaseBuckets();

class RunMetrics final : public Recorder {
 public:
  // Registers the families on `registry`; every series is labelled with the run's uuid and
  // scenario from beginRun on.
  RunMetrics(Registry& registry, Recorder& next);
  ~RunMetrics() override;

  void beginRun(const RunInfo& run) override;
  void record(RequestRecord request) override;
  void record(ObjectRecord object) override;
  void record(PhaseRecord phase) override;
  void record(IterationRecord iteration) override;
  void record(EventRecord event) override;
  void endRun(const RunEnd& end) override;
  void flush() override { next_.flush(); }

  // The trace writer's queue (records accepted, not yet committed) and records committed.
  void traceWriter(uint64_t queueDepth, uint64_t written);

 private:
  struct Operation;  // the series of one (verb, resource)
  Operation& operation(const std::string& verb, const std::string& resource);
  Counter& requests(Operation& op, int status);
  void observeCreate(const RequestRecord& request);
  void observePhase(const PhaseRecord& phase);
  size_t phaseIndex(const std::string& phase);  // under phaseMutex_
  void collectRates();

  Recorder& next_;
  Registry& registry_;
  Family& requests_;
  Family& latency_;
  Family& limiterWait_;
  Family& retries_;
  Family& askedRate_;
  Family& achievedRate_;
  Family& vmis_;
  Family& phaseLatency_;
  Family& reconnects_;
  Family& relists_;
  Family& queueDepth_;
  Family& written_;

  // (verb, resource) entries: read without a lock, appended under operationsMutex_.
  static constexpr size_t kMaxOperations = 64;
  std::array<std::atomic<Operation*>, kMaxOperations> operationTable_{};
  std::atomic<size_t> operationCount_{0};
  std::mutex operationsMutex_;
  std::vector<std::unique_ptr<Operation>> operations_;
  std::map<std::pair<std::string, std::string>, Operation*> overflow_;

  // Creations, for the achieved rate (the summary's: creates past each iteration's burst over
  // the span of their tokens).
  struct CreateSpan {
    size_t creates = 0;
    int64_t firstGrant = 0;
    int64_t lastGrant = 0;
  };
  std::mutex createsMutex_;
  std::map<int, CreateSpan> creates_;
  std::atomic<int> askedBurst_{1};

  // VMIs by their last phase, and their creation time (server clock) for phase latencies.
  struct VmiSeen {
    std::string uid;
    size_t phase = 0;  // index + 1 into phases_; 0: none yet
    std::optional<int64_t> createdServerNs;
  };
  std::mutex phaseMutex_;
  std::unordered_map<std::string, VmiSeen> vmisSeen_;  // by "namespace/name"
  std::vector<std::string> phaseNames_;
  std::vector<Gauge*> phaseGauges_;
  std::vector<Histogram*> phaseHistograms_;

  // Set by beginRun (the series carry the run's labels from then on), read by scrapes.
  std::atomic<Gauge*> achieved_{nullptr};
  std::atomic<Gauge*> traceQueue_{nullptr};
  std::atomic<Counter*> traceWritten_{nullptr};
  Counter* vmiRelists_ = nullptr;
  Counter* namespaceRelists_ = nullptr;
};

}  // namespace perfscale::metrics
