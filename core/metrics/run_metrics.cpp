// A run's live metrics from its records (see run_metrics.h).
#include "core/metrics/run_metrics.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>

namespace perfscale::metrics {
namespace {

constexpr size_t kCodes = 1000;  // HTTP statuses are three digits; 0: no answer
const char* const kVmis = "virtualmachineinstances";

double seconds(RunClock d) {
  return static_cast<double>(d.count()) / 1e9;
}

}  // namespace

const std::vector<double>& requestBuckets() {
  static const std::vector<double> buckets = {0.005, 0.025, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60};
  return buckets;
}

const std::vector<double>& phaseBuckets() {
  // KubeVirt's PhaseTransitionTimeBuckets(), as its virt-controller and perfscale-sim use them.
  static const std::vector<double> buckets = {0.5, 1,  2,   5,   10,  20,  30,   40,   50,
                                              60,  90, 120, 180, 300, 600, 1200, 1800, 3600};
  return buckets;
}

struct RunMetrics::Operation {
  std::string verb;
  std::string resource;
  Histogram* latency = nullptr;      // not for watches: a stream's time is not a latency
  Histogram* limiterWait = nullptr;  // not for watches
  Counter* retries = nullptr;
  Counter* reconnects = nullptr;  // watches only
  std::atomic<uint64_t> watchStreams{0};
  std::array<std::atomic<Counter*>, kCodes> codes{};
};

RunMetrics::RunMetrics(Registry& registry, Recorder& next)
    : next_(next),
      registry_(registry),
      requests_(registry.add("perfscale_requests_total",
                             "API requests (every try) by verb, resource and HTTP status code (0: "
                             "no answer).",
                             Type::Counter, {"verb", "resource", "code"})),
      latency_(registry.add("perfscale_request_duration_seconds",
                            "Request latency, sent to answer read, of answered tries (watches "
                            "apart); client-go's rest_client_request_duration_seconds buckets.",
                            Type::Histogram, {"verb", "resource"}, requestBuckets())),
      limiterWait_(registry.add("perfscale_limiter_wait_seconds",
                                "Time from when a try was scheduled to when it was sent (the "
                                "limiter's token and a free worker), tries that went out.",
                                Type::Histogram, {"verb", "resource"}, requestBuckets())),
      retries_(registry.add("perfscale_retries_total", "Tries after the first.", Type::Counter,
                            {"verb", "resource"})),
      askedRate_(registry.add("perfscale_create_rate_asked",
                              "Creates per second the scenario asks (its first workload's qps; "
                              "0: unlimited).",
                              Type::Gauge, {})),
      achievedRate_(registry.add("perfscale_create_rate_achieved",
                                 "Creates per second achieved past each iteration's burst, as the "
                                 "run's summary counts them; 0 until creates exceed the burst.",
                                 Type::Gauge, {})),
      vmis_(registry.add("perfscale_vmis",
                         "The run's VMIs by the last phase the watch reported; gone VMIs leave.",
                         Type::Gauge, {"phase"})),
      phaseLatency_(registry.add("perfscale_vmi_phase_transition_time_from_creation_seconds",
                                 "Server time from a VMI's creationTimestamp to its "
                                 "phaseTransitionTimestamp, by phase; KubeVirt's buckets.",
                                 Type::Histogram, {"phase"}, phaseBuckets())),
      reconnects_(registry.add("perfscale_watch_reconnects_total",
                               "Watch requests after each resource's first.", Type::Counter,
                               {"resource"})),
      relists_(registry.add("perfscale_watch_relists_total",
                            "Lists again after a watch expired (410 Gone).", Type::Counter,
                            {"resource"})),
      queueDepth_(registry.add("perfscale_trace_queue_depth",
                               "Records accepted by the trace writer and not yet committed.",
                               Type::Gauge, {})),
      written_(registry.add("perfscale_trace_records_written_total",
                            "Records the trace writer committed.", Type::Counter, {})) {
  registry.onCollect([this] { collectRates(); });
}

RunMetrics::~RunMetrics() = default;

void RunMetrics::beginRun(const RunInfo& run) {
  registry_.setConstantLabels({{"uuid", run.uuid}, {"scenario", run.name}});
  double asked = 0;
  try {
    const auto scenario =
        Poco::JSON::Parser().parse(run.scenarioResolved).extract<Poco::JSON::Object::Ptr>();
    if (const auto workloads = scenario->getArray("workloads")) {
      if (const auto first = workloads->getObject(0)) {
        asked = first->optValue<double>("qps", 0);
        askedBurst_ = first->optValue<int>("burst", 1);
      }
    }
  } catch (const std::exception&) {
    // A replayed run's scenario may not read back: its asked rate is unknown (0).
  }
  askedRate_.gauge({}).set(asked);
  achieved_ = &achievedRate_.gauge({});
  traceQueue_ = &queueDepth_.gauge({});
  traceWritten_ = &written_.counter({});
  vmiRelists_ = &relists_.counter({kVmis});
  namespaceRelists_ = &relists_.counter({"namespaces"});
  {
    std::lock_guard<std::mutex> lock(phaseMutex_);
    for (const char* phase :
         {"Pending", "Scheduling", "Scheduled", "Running", "Succeeded", "Failed"})
      phaseIndex(phase);
  }
  next_.beginRun(run);
}

RunMetrics::Operation& RunMetrics::operation(const std::string& verb, const std::string& resource) {
  const size_t known = operationCount_.load(std::memory_order_acquire);
  for (size_t i = 0; i < known; ++i) {
    Operation* op = operationTable_[i].load(std::memory_order_acquire);
    if (op->verb == verb && op->resource == resource) return *op;
  }
  std::lock_guard<std::mutex> lock(operationsMutex_);
  const size_t count = operationCount_.load(std::memory_order_relaxed);
  for (size_t i = known; i < count; ++i) {
    Operation* op = operationTable_[i].load(std::memory_order_relaxed);
    if (op->verb == verb && op->resource == resource) return *op;
  }
  const auto overflow = overflow_.find({verb, resource});
  if (overflow != overflow_.end()) return *overflow->second;
  auto op = std::make_unique<Operation>();
  op->verb = verb;
  op->resource = resource;
  if (verb == "watch") {
    op->reconnects = &reconnects_.counter({resource});
  } else {
    op->latency = &latency_.histogram({verb, resource});
    op->limiterWait = &limiterWait_.histogram({verb, resource});
  }
  op->retries = &retries_.counter({verb, resource});
  Operation* added = op.get();
  operations_.push_back(std::move(op));
  if (count < kMaxOperations) {
    operationTable_[count].store(added, std::memory_order_release);
    operationCount_.store(count + 1, std::memory_order_release);
  } else {
    overflow_[{verb, resource}] = added;
  }
  return *added;
}

Counter& RunMetrics::requests(Operation& op, int status) {
  if (status < 0 || static_cast<size_t>(status) >= kCodes)
    return requests_.counter({op.verb, op.resource, std::to_string(status)});
  auto& slot = op.codes[static_cast<size_t>(status)];
  Counter* counter = slot.load(std::memory_order_acquire);
  if (!counter) {
    counter = &requests_.counter({op.verb, op.resource, std::to_string(status)});
    slot.store(counter, std::memory_order_release);  // the family returns the same child
  }
  return *counter;
}

void RunMetrics::record(RequestRecord r) {
  Operation& op = operation(r.verb, r.resource);
  requests(op, r.status).inc();
  if (r.tryNumber > 1) op.retries->inc();
  if (op.reconnects) {
    if (op.watchStreams.fetch_add(1, std::memory_order_relaxed) > 0) op.reconnects->inc();
  } else {
    if (r.status != 0) op.latency->observe(seconds(r.done - r.sent));
    if (r.status != 0 || r.sent.count() > 0) op.limiterWait->observe(seconds(r.sent - r.scheduled));
    if (r.verb == "create" && r.resource != "namespaces" && r.tryNumber == 1) observeCreate(r);
  }
  next_.record(std::move(r));
}

void RunMetrics::observeCreate(const RequestRecord& r) {
  std::lock_guard<std::mutex> lock(createsMutex_);
  auto& span = creates_[r.iteration];
  const int64_t granted = r.granted.count();
  if (span.creates == 0 || granted < span.firstGrant) span.firstGrant = granted;
  span.lastGrant = std::max(span.lastGrant, granted);
  ++span.creates;
}

void RunMetrics::collectRates() {
  Gauge* achieved = achieved_.load();
  if (!achieved) return;
  const size_t free = static_cast<size_t>(std::max(1, askedBurst_.load()));
  size_t paced = 0;
  int64_t span = 0;
  {
    std::lock_guard<std::mutex> lock(createsMutex_);
    for (const auto& [iteration, batch] : creates_) {
      if (batch.creates <= free) continue;
      paced += batch.creates - free;
      span += batch.lastGrant - batch.firstGrant;
    }
  }
  achieved->set(
      span > 0 && paced > 0 ? static_cast<double>(paced) / (static_cast<double>(span) / 1e9) : 0.0);
}

size_t RunMetrics::phaseIndex(const std::string& phase) {
  const auto it = std::find(phaseNames_.begin(), phaseNames_.end(), phase);
  if (it != phaseNames_.end()) return static_cast<size_t>(it - phaseNames_.begin());
  phaseNames_.push_back(phase);
  phaseGauges_.push_back(&vmis_.gauge({phase}));
  phaseHistograms_.push_back(&phaseLatency_.histogram({phase}));
  return phaseNames_.size() - 1;
}

void RunMetrics::observePhase(const PhaseRecord& p) {
  std::lock_guard<std::mutex> lock(phaseMutex_);
  auto& vmi = vmisSeen_[p.ns + "/" + p.name];
  if (!p.uid.empty() && vmi.uid != p.uid) {
    // A new object under an old name: the old one has left its phase.
    if (!vmi.uid.empty() && vmi.phase > 0) phaseGauges_[vmi.phase - 1]->add(-1);
    vmi = VmiSeen{p.uid, 0, std::nullopt};
  }
  if (p.createdServerNs) vmi.createdServerNs = p.createdServerNs;
  const size_t index = phaseIndex(p.phase);
  if (vmi.phase > 0) phaseGauges_[vmi.phase - 1]->add(-1);
  phaseGauges_[index]->add(1);
  vmi.phase = index + 1;
  if (p.serverNs && vmi.createdServerNs)
    phaseHistograms_[index]->observe(static_cast<double>(*p.serverNs - *vmi.createdServerNs) / 1e9);
}

void RunMetrics::record(PhaseRecord phase) {
  if (!phase.phase.empty()) observePhase(phase);
  next_.record(std::move(phase));
}

void RunMetrics::record(ObjectRecord object) {
  if (object.kind == kKindVmi && object.stage == ObjectRecord::Stage::Gone) {
    std::lock_guard<std::mutex> lock(phaseMutex_);
    const auto it = vmisSeen_.find(object.ns + "/" + object.name);
    if (it != vmisSeen_.end()) {
      if (it->second.phase > 0) phaseGauges_[it->second.phase - 1]->add(-1);
      vmisSeen_.erase(it);
    }
  }
  next_.record(std::move(object));
}

void RunMetrics::record(IterationRecord iteration) {
  next_.record(std::move(iteration));
}

void RunMetrics::record(EventRecord event) {
  if (event.kind == "relist" && vmiRelists_) {
    // As the figures tell them apart: the namespace watch's notices begin with "namespace".
    (event.message.rfind("namespace", 0) == 0 ? namespaceRelists_ : vmiRelists_)->inc();
  }
  next_.record(std::move(event));
}

void RunMetrics::endRun(const RunEnd& end) {
  next_.endRun(end);
}

void RunMetrics::traceWriter(uint64_t queueDepth, uint64_t written) {
  Gauge* queue = traceQueue_.load();
  Counter* writtenTotal = traceWritten_.load();
  if (!queue || !writtenTotal) return;
  queue->set(static_cast<double>(queueDepth));
  writtenTotal->mirror(written);
}

}  // namespace perfscale::metrics
