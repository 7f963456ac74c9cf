// The one set of figures of a run that everything reads: `run`'s end summary, every `report`
// format, thresholds and (later) diff. Built by FigureBuilder from a run's records, as the
// engine emits them live or as a trace gives them back, in any order: the figures are a pure
// function of the records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/record.h"
#include "core/stats/latency_histogram.h"
#include "core/stats/percentiles.h"

namespace perfscale::stats {

// Latency from creation to a phase, by both clocks.
struct PhaseFigures {
  std::string phase;
  // phaseTransitionTimestamp - metadata.creationTimestamp, as KubeVirt's
  // kubevirt_vmi_phase_transition_time_from_creation_seconds measures it. Real clusters give
  // both to the second.
  Distribution server;
  Distribution client;  // watch event received - create request sent
  std::vector<CdfPoint> serverCdf;
  std::vector<CdfPoint> clientCdf;
  // Every sample (ns) while the distributions are exact, for tests between runs (diff);
  // empty past LatencyHistogram::kExactLimit. Renderers do not show them.
  std::vector<int64_t> serverSamples;
  std::vector<int64_t> clientSamples;
};

// From the deletion request to a VMI's end.
struct DeletionFigures {
  std::string to;       // Succeeded, Failed or gone
  Distribution client;  // observed (event received) - deletion request sent
  // phaseTransitionTimestamp - metadata.deletionTimestamp (Succeeded and Failed only).
  Distribution server;
  std::vector<int64_t> clientSamples;  // as PhaseFigures' samples
  std::vector<int64_t> serverSamples;
};

struct RequestFigures {
  std::string verb;
  std::string resource;
  size_t requests = 0;       // first tries
  size_t tries = 0;          // every try
  size_t retries = 0;        // tries after the first
  size_t throttled = 0;      // tries answered 429
  size_t errors = 0;         // tries answered >= 400 (but 429s and reused namespaces) or unanswered
  Distribution latency;      // server time: request sent -> answer read, answered tries
  Distribution limiterWait;  // client throttling: scheduled -> token granted
  std::map<int, size_t> byStatus;  // 0: no answer
  int64_t bytesOut = 0;
  int64_t bytesIn = 0;
  std::vector<int64_t> latencySamples;  // as PhaseFigures' samples
  std::vector<int64_t> limiterWaitSamples;
};

// A watch is a stream, not a latency.
struct WatchFigures {
  std::string resource;
  size_t streams = 0;     // watch requests opened
  Distribution openFor;   // how long each stayed open (the last one until the run ended)
  size_t events = 0;      // phases observed through it (VMIs) or objects gone (namespaces)
  size_t reconnects = 0;  // streams after the first
  size_t relists = 0;     // lists again after a 410
};

// One second of the run (second = floor(run clock / 1 s)).
struct SecondFigures {
  int64_t second = 0;
  size_t asked = 0;             // creates the pacer scheduled in this second
  size_t sent = 0;              // creates sent (first tries)
  size_t created = 0;           // creates answered 2xx
  size_t throttled = 0;         // tries answered 429
  size_t errors = 0;            // other failed tries
  int64_t latencyP99 = 0;       // of requests done in this second (ns), 0 when none
  std::vector<size_t> byPhase;  // VMIs present at the second's end, by RunFigures::phaseOrder
};

// How closely the paced requests kept their schedule: sent - scheduled of each try that a
// pacer scheduled (a run's first tries of creates; every try a replay re-sent), as vegeta
// reports its attack's lateness.
struct ScheduleFigures {
  size_t requests = 0;
  Distribution lateness;
  size_t lateOver10ms = 0;
};

struct IterationFigures {
  int index = 0;
  bool cycle = false;  // of a steady-state workload: #1 ramps up, later ones churn
  std::vector<std::string> namespaces;
  std::optional<RunClock> started;
  std::optional<RunClock> created;
  std::optional<RunClock> allRunning;
  std::optional<RunClock> deletionStarted;
  std::optional<RunClock> allGone;
  std::optional<RunClock> ended;
  size_t vmis = 0;  // VMIs created in it (objects replaced, for a cycle)
};

struct VmiState {
  std::string ns;
  std::string name;
  std::string phase;  // the last phase seen; "" when none was
};

struct RunFigures {
  // The run.
  RunInfo info;  // arguments redacted
  RunOutcome outcome = RunOutcome::Incomplete;
  std::optional<int> exitCode;
  std::string message;  // why it ended as it did (the last timeout/error event)
  RunClock duration{0};
  std::vector<std::string> workloadKinds;  // from the resolved scenario, in order

  // VMIs.
  size_t asked = 0;                           // creates asked for: the objects the pacer scheduled
  size_t created = 0;                         // VMIs created
  size_t failed = 0;                          // creates that failed for good
  std::vector<VmiState> neverRan;             // Failed, or gone, before Running
  std::vector<VmiState> stuck;                // at the end neither Running, nor gone, nor Failed
  std::vector<std::string> reusedNamespaces;  // existed already (409 on create)

  // Rates.
  double askedRate = 0;  // the first workload's qps (0: unlimited)
  int askedBurst = 0;
  std::optional<double> achievedRate;  // creates/s after each iteration's burst; none when
                                       // every create fit in the burst

  ScheduleFigures schedule;

  std::vector<PhaseFigures> phases;  // Pending, Scheduling, Scheduled, Running, Succeeded, ...
  std::vector<DeletionFigures> deletion;
  std::vector<RequestFigures> requests;  // by verb then resource
  std::vector<WatchFigures> watches;
  std::map<std::string, size_t> errorsByReason;  // "429 TooManyRequests", "connection: ..."
  size_t throttled = 0;                          // 429 answers, all requests
  size_t errors = 0;                             // failed tries, all requests (429s apart)

  std::vector<std::string> phaseOrder;  // the phases SecondFigures::byPhase counts
  std::vector<SecondFigures> seconds;
  std::vector<IterationFigures> iterations;
};

// Collects a run's records in any order and computes its figures. Not thread-safe: the
// FiguresRecorder below serializes live records.
class FigureBuilder {
 public:
  FigureBuilder();
  ~FigureBuilder();
  FigureBuilder(FigureBuilder&&) noexcept;
  FigureBuilder& operator=(FigureBuilder&&) noexcept;

  void begin(const RunInfo& run);
  void add(const RequestRecord& request);
  void add(const ObjectRecord& object);
  void add(const PhaseRecord& phase);
  void add(const IterationRecord& iteration);
  void add(const EventRecord& event);
  void end(const RunEnd& end);
  // A run that never ended (interrupted writer): its outcome and how far its records reach.
  void endIncomplete(RunOutcome outcome, RunClock lastRecordAt);

  RunFigures figures() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A Recorder that builds the figures of the records passing through to `next`.
class FiguresRecorder final : public Recorder {
 public:
  explicit FiguresRecorder(Recorder& next) : next_(next) {}
  void beginRun(const RunInfo& run) override;
  void record(RequestRecord request) override;
  void record(ObjectRecord object) override;
  void record(PhaseRecord phase) override;
  void record(IterationRecord iteration) override;
  void record(EventRecord event) override;
  void endRun(const RunEnd& end) override;
  void flush() override { next_.flush(); }

  RunFigures figures() const;

 private:
  Recorder& next_;
  mutable std::mutex mutex_;
  FigureBuilder builder_;
};

}  // namespace perfscale::stats
