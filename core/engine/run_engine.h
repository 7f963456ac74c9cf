// Executes a Scenario against a cluster: per workload, iterations (or a burst, or a steady
// state with churn) of paced creation, watch-driven waits, deletion and waits until gone;
// every request, phase, object stage and notable event goes to the Recorder.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/engine/phase_tracker.h"
#include "core/engine/request_log.h"
#include "core/engine/run_timeline.h"
#include "core/kube/rest_client.h"
#include "core/record.h"
#include "core/scenario/scenario.h"

namespace perfscale::engine {

struct Progress {
  std::string workload;
  int iteration = 0;
  int iterations = 0;
  size_t asked = 0;  // objects to create so far (this iteration included)
  size_t created = 0;
  size_t failed = 0;
  std::map<std::string, size_t> byPhase;  // VMIs present, by phase
  size_t gone = 0;
  uint64_t throttled = 0;  // 429 answers
  uint64_t errors = 0;     // other failed tries
  double achievedQps = 0;  // creates per second over the last progress interval
  RunClock elapsed{0};
  std::string stage;  // creating, waiting-running, deleting, waiting-gone, pausing, cleanup

  // For the estimate of the time left in the current workload (see estimateRemaining).
  double qps = 0;                       // the workload's asked rate (0: unlimited)
  size_t perIteration = 0;              // objects each iteration creates
  int finishedIterations = 0;           // of the current workload
  RunClock finishedIterationsTime{0};   // their summed durations
  RunClock iterationStarted{0};         // when the current iteration started
  std::optional<RunClock> workloadEnd;  // a steady-state workload's fixed end
  std::optional<RunClock> remaining;    // the estimate, filled in before reporting
  bool remainingIsLowerBound = false;   // only the creations left were counted
};

// Time left in the current workload, from what is known so far. A steady-state workload ends
// at its timeout. Once iterations have finished, each one left takes their mean duration
// (less what the current one has run). Before the first one ends, only the creations still to
// send at the asked rate are counted: a lower bound, since the waits come on top. Nothing
// when there is no basis for an estimate (no rate, or the only iteration waiting).
struct Remaining {
  RunClock time{0};
  bool lowerBound = false;
};
std::optional<Remaining> estimateRemaining(const Progress& progress);

struct EngineOptions {
  int parallelism = 0;  // 0: the scenario's, else sized from each workload's qps
  // Signals received (SIGINT/SIGTERM) so far; the engine stops at the first and skips its
  // cleanup at the second.
  const std::atomic<int>* interrupts = nullptr;
  std::function<void(const Progress&)> onProgress;  // about once a second
  std::chrono::milliseconds progressInterval{1000};
  // The wall-clock instant the first creations are paced from (run --start-at), so that the
  // shards of a run start together; nothing: as soon as the run is ready. One already past is
  // noted in the trace and the run starts at once.
  std::optional<std::chrono::system_clock::time_point> startAt;
};

struct RunReport {
  RunOutcome outcome = RunOutcome::Ok;
  int exitCode = 0;
  std::string message;  // why the run ended as it did, for the user
  size_t asked = 0;
  size_t created = 0;
  size_t failed = 0;
  std::map<std::string, size_t> failuresByReason;  // of the failed creations
  // VMIs that were created but never ran (Failed, or gone before Running), seen by the waits
  // for Running; they count as errors against --max-error-ratio like failed creations.
  std::vector<StuckVmi> vmisFailed;
};

class RunEngine {
 public:
  // Every request goes through `client`, whose limiter is the client-wide limit; the engine
  // paces each workload's creations itself (creator.h).
  RunEngine(const scenario::Scenario& scenario, kube::RestClient& client, Recorder& recorder,
            const RunTimeline& timeline, EngineOptions options);
  ~RunEngine();
  RunReport run();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Deletes everything labelled with the run: VMIs (deletecollection per namespace, or one by
// one where that is forbidden), then the run's namespaces; waits up to `wait` for them to be
// gone. Returns what is still there. With a RequestLog, every request is traced (outside
// iterations). VMIs are looked for cluster-wide, or, when that is forbidden (403), in each of
// `namespaces`; a user who may not list namespaces has none deleted.
struct CleanupResult {
  size_t vmisDeleted = 0;
  size_t namespacesDeleted = 0;
  size_t remaining = 0;
  std::vector<std::string> errors;
};
CleanupResult cleanupRun(kube::RestClient& client, const std::string& uuid,
                         std::chrono::milliseconds wait, const std::atomic<bool>& abort,
                         RequestLog* log = nullptr, const std::set<std::string>& namespaces = {});
// The same for every VMI and namespace that `labelSelector` selects (of any run).
CleanupResult cleanupSelected(kube::RestClient& client, const std::string& labelSelector,
                              std::chrono::milliseconds wait, const std::atomic<bool>& abort,
                              RequestLog* log = nullptr,
                              const std::set<std::string>& namespaces = {});

// A ratio or factor as the user wrote it (--max-error-ratio 0.05, --speed 4), not 0.050000.
std::string formatRatio(double ratio);

// For the message of a run that failed during an API server outage: "; the API server has
// answered nothing since 12 s into the run (30 s ago): <the first error>"; empty otherwise.
std::string outageNote(const RequestLog& log, const RunTimeline& timeline);

// After an interrupt: cleanupSelected of what the run (or the shard: scenario::ownSelector)
// created, for 60 s at most, aborted by a second signal; the event text that says what it did.
std::string cleanupInterrupted(kube::RestClient& client, const std::string& selector,
                               const std::atomic<int>* interrupts, RequestLog& log,
                               const std::set<std::string>& namespaces = {});

}  // namespace perfscale::engine
