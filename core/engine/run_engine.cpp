// Scenario execution (see run_engine.h).
#include "core/engine/run_engine.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <sstream>
#include <thread>

#include "core/engine/cluster_watch.h"
#include "core/engine/creator.h"
#include "core/engine/request_log.h"
#include "core/kube/list_items.h"
#include "core/scenario/labels.h"
#include "core/scenario/render.h"
#include "core/scenario/shard.h"

namespace perfscale::engine {

namespace {

using Clock = std::chrono::steady_clock;

std::string apiPrefix(const std::string& apiVersion) {
  return apiVersion.find('/') == std::string::npos ? "/api/" + apiVersion : "/apis/" + apiVersion;
}

std::string collectionPath(const scenario::RenderedText& object) {
  return apiPrefix(object.apiVersion) + "/namespaces/" + object.ns + "/" + object.resource;
}

// What one iteration of this process created (its own shard's only, in a sharded run).
std::string iterationSelector(const scenario::Scenario& scenario, const std::string& workload,
                              int iteration) {
  return scenario::ownSelector(scenario) + "," + scenario::kWorkloadLabel + "=" + workload + "," +
         scenario::kIterationLabel + "=" + std::to_string(iteration);
}

std::string describeStuck(const std::vector<StuckVmi>& stuck) {
  std::map<std::string, size_t> byPhase;
  for (const auto& vmi : stuck)
    ++byPhase[vmi.phase.empty() ? "(not seen)" : vmi.phase];
  std::string text;
  for (const auto& [phase, count] : byPhase) {
    text += (text.empty() ? "" : ", ") + std::to_string(count) + " " + phase;
  }
  text += "; e.g.";
  for (size_t i = 0; i < stuck.size() && i < 5; ++i) {
    text += " " + stuck[i].ns + "/" + stuck[i].name +
            (stuck[i].phase.empty() ? "" : "(" + stuck[i].phase + ")");
  }
  return text;
}

// Names in a List answer (deletecollection returns what it deleted); none when it cannot be
// read.
std::vector<std::pair<std::string, std::string>> namesInList(const std::string& body) {
  std::vector<std::pair<std::string, std::string>> names;
  try {
    for (auto& meta : kube::listItemMetas(body))
      names.emplace_back(std::move(meta.ns), std::move(meta.name));
  } catch (const kube::ListDecodeError&) {
  }
  return names;
}

}  // namespace

std::string formatRatio(double ratio) {
  std::ostringstream out;
  out << ratio;
  return out.str();
}

std::string outageNote(const RequestLog& log, const RunTimeline& timeline) {
  const auto unreachable = log.unreachable();
  if (!unreachable) return "";
  const auto seconds = [](RunClock at) {
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(at).count());
  };
  return "; the API server has answered nothing since " + seconds(unreachable->since) +
         " s into the run (" + seconds(timeline.now() - unreachable->since) +
         " s ago): " + unreachable->error;
}

std::optional<Remaining> estimateRemaining(const Progress& p) {
  if (p.workloadEnd) return Remaining{std::max(RunClock(0), *p.workloadEnd - p.elapsed), false};
  if (p.iterations <= 0 || p.iteration <= 0) return std::nullopt;
  const RunClock inCurrent = std::max(RunClock(0), p.elapsed - p.iterationStarted);
  const int left = std::max(0, p.iterations - p.finishedIterations);
  if (p.finishedIterations > 0) {
    const RunClock mean = p.finishedIterationsTime / p.finishedIterations;
    return Remaining{std::max(RunClock(0), mean * left - inCurrent), false};
  }
  if (p.qps <= 0 || (p.stage != "creating" && left <= 1)) return std::nullopt;
  // The current iteration's creations not yet sent, and every later iteration's.
  const size_t sent = p.created + p.failed;
  const size_t currentLeft = p.asked > sent ? p.asked - sent : 0;
  const double toSend = static_cast<double>(currentLeft) +
                        static_cast<double>(p.perIteration) * std::max(0, left - 1);
  return Remaining{
      std::chrono::duration_cast<RunClock>(std::chrono::duration<double>(toSend / p.qps)), true};
}

class RunEngine::Impl {
 public:
  Impl(const scenario::Scenario& scenario, kube::RestClient& client, Recorder& recorder,
       const RunTimeline& timeline, EngineOptions options)
      : scenario_(scenario),
        client_(client),
        recorder_(recorder),
        timeline_(timeline),
        options_(std::move(options)),
        log_(recorder, timeline),
        tracker_(recorder),
        watch_(client, scenario::ownSelector(scenario), tracker_, log_, recorder, timeline,
               scenario::fixedNamespaces(scenario)),
        creator_(client, log_, tracker_, recorder, timeline) {}

  RunReport run();

 private:
  void runIterations(size_t workloadIndex);
  void runBurstOrSteady(size_t workloadIndex);
  // Creates the namespace of an iteration unless it exists; waits out a terminating one.
  bool ensureNamespace(size_t workloadIndex, int iteration, const std::string& ns);
  // Every namespace of the iteration, in order; false when one cannot be had.
  bool ensureNamespaces(size_t workloadIndex, int iteration,
                        const std::vector<std::string>& namespaces);
  CreateResult createBatch(const CreateBatch& batch, const scenario::Workload& workload,
                           bool keepCreated = false);
  bool waitRunning(int iteration, const scenario::Workload& workload);
  // Deletes the iteration's objects and the namespaces of `namespaces` the run created;
  // returns those namespaces (the ones to wait for), whether their deletion was accepted or not.
  std::set<std::string> deleteIteration(int iteration, const std::set<std::string>& namespaces,
                                        const std::set<Collection>& collections);
  // When deletecollection is forbidden: the iteration's VMIs in `ns` one by one, paced as the
  // workload's creations are.
  void deleteEach(int iteration, const std::string& ns, const std::string& collectionPath);
  bool waitGone(int iteration, const std::set<std::string>& namespaces,
                const scenario::Workload& workload);
  // DELETE of one object; its retries paced by `pace` when given.
  void deleteObject(const CreateItem& item, PacedStream* pace = nullptr);
  void pause(std::chrono::nanoseconds length);
  void event(int iteration, const std::string& kind, const std::string& message) {
    recorder_.record(EventRecord{timeline_.now(), global(iteration), kind, message});
  }
  void iterationStage(int iteration, IterationRecord::Stage stage,
                      std::vector<std::string> namespaces = {}) {
    iterationsUsed_ = std::max(iterationsUsed_, iteration);
    recorder_.record(
        IterationRecord{global(iteration), stage, timeline_.now(), std::move(namespaces)});
  }
  void fail(RunOutcome outcome, int exitCode, const std::string& message) {
    if (report_.outcome == RunOutcome::Ok) {
      report_.outcome = outcome;
      report_.exitCode = exitCode;
      report_.message = message + outageNote(log_, timeline_);
    }
  }
  bool stopped() const { return stop_.load(); }
  // Creates and deletions ride out an API server outage until `until`, unless interrupted.
  void rideOut(kube::RestRequest& request, Clock::time_point until) const {
    request.rideOutUntil = until;
    request.abandon = &stop_;
  }
  // Iterations are numbered per workload in labels, and across the run in the trace.
  int global(int iteration) const { return iteration < 0 ? iteration : iterationBase_ + iteration; }
  int interrupts() const { return options_.interrupts ? options_.interrupts->load() : 0; }
  void progressLoop();
  void setStage(const std::string& stage) {
    std::lock_guard<std::mutex> lock(progressMutex_);
    progress_.stage = stage;
  }
  CreateBatch batchOf(size_t workloadIndex, int iteration, int firstReplica, int count);
  // The namespaces of `list` the iteration's cleanup may delete: none when every shard of the
  // run shares them (shard.h).
  std::set<std::string> deletableNamespaces(const scenario::Workload& workload,
                                            const std::vector<std::string>& list) const {
    if (scenario::sharedNamespaces(scenario_, workload)) return {};
    return {list.begin(), list.end()};
  }
  int parallelismFor(const scenario::Workload& workload) const;
  // The wall-clock instant `at` on the steady clock the pace runs on; an event says when the
  // pace starts, or that `at` had already passed.
  Clock::time_point startAtOnThisClock(std::chrono::system_clock::time_point at);

  const scenario::Scenario& scenario_;
  kube::RestClient& client_;
  Recorder& recorder_;
  const RunTimeline& timeline_;
  const EngineOptions options_;
  RequestLog log_;
  PhaseTracker tracker_;
  ClusterWatch watch_;
  Creator creator_;
  RunReport report_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> finished_{false};
  std::set<std::string> createdNamespaces_;
  bool paced_ = false;  // whether a batch was created yet (the first one waits for startAt)
  std::set<std::string> deleteCollectionForbidden_;  // collection paths that answered 403
  int iterationBase_ = 0;                            // iterations of the workloads before this one
  int iterationsUsed_ = 0;    // the highest iteration of this workload so far
  std::string workloadName_;  // of the workload running
  size_t workloadIndex_ = 0;  // of the workload running
  // How long the running workload's deletions ride out an outage: its maxWaitTimeout.
  std::chrono::nanoseconds rideOutFor_{std::chrono::minutes(5)};
  std::mutex progressMutex_;
  std::condition_variable progressWake_;
  Progress progress_;
};

RunEngine::RunEngine(const scenario::Scenario& scenario, kube::RestClient& client,
                     Recorder& recorder, const RunTimeline& timeline, EngineOptions options)
    : impl_(std::make_unique<Impl>(scenario, client, recorder, timeline, std::move(options))) {}

RunEngine::~RunEngine() = default;

RunReport RunEngine::run() {
  return impl_->run();
}

Clock::time_point RunEngine::Impl::startAtOnThisClock(std::chrono::system_clock::time_point at) {
  const auto wall = std::chrono::system_clock::now();
  const auto steady = Clock::now();
  const auto ahead = std::chrono::duration_cast<std::chrono::milliseconds>(at - wall);
  if (ahead.count() < 0) {
    event(-1, "start-at",
          "the start time passed " + std::to_string(-ahead.count()) +
              " ms before the first creation: pacing from now");
    return steady;
  }
  event(-1, "start-at",
        "pacing the first creations from the start time, in " + std::to_string(ahead.count()) +
            " ms");
  return steady + std::chrono::duration_cast<Clock::duration>(at - wall);
}

int RunEngine::Impl::parallelismFor(const scenario::Workload& workload) const {
  if (options_.parallelism > 0) return options_.parallelism;
  if (scenario_.parallelism > 0) return scenario_.parallelism;
  return defaultParallelism(workload.qps);
}

void RunEngine::Impl::progressLoop() {
  size_t lastCreated = 0;
  auto lastAt = Clock::now();
  std::unique_lock<std::mutex> lock(progressMutex_);
  while (!finished_) {
    progressWake_.wait_for(lock, options_.progressInterval);
    if (interrupts() > 0 && !stop_) {
      stop_ = true;
      tracker_.wake();
    }
    if (finished_) break;
    const auto counts = tracker_.counts();
    progress_.byPhase = counts.byPhase;
    progress_.gone = counts.gone;
    progress_.throttled = log_.throttledTries();
    progress_.errors = log_.failedTries();
    progress_.elapsed = timeline_.now();
    const auto remaining = estimateRemaining(progress_);
    progress_.remaining = remaining ? std::optional<RunClock>(remaining->time) : std::nullopt;
    progress_.remainingIsLowerBound = remaining && remaining->lowerBound;
    const auto now = Clock::now();
    const double seconds = std::chrono::duration<double>(now - lastAt).count();
    const size_t created = progress_.created;
    progress_.achievedQps = seconds > 0 ? static_cast<double>(created - lastCreated) / seconds : 0;
    lastCreated = created;
    lastAt = now;
    if (options_.onProgress) {
      Progress copy = progress_;
      lock.unlock();
      options_.onProgress(copy);
      lock.lock();
    }
  }
}

RunReport RunEngine::Impl::run() {
  std::thread progress([this] { progressLoop(); });
  struct JoinProgress {
    Impl& impl;
    std::thread& thread;
    ~JoinProgress() {
      {
        std::lock_guard<std::mutex> lock(impl.progressMutex_);
        impl.finished_ = true;
      }
      impl.progressWake_.notify_all();
      thread.join();
    }
  } joinProgress{*this, progress};

  try {
    event(-1, "watch", "opening watches on " + scenario::ownSelector(scenario_));
    watch_.start();
  } catch (const std::exception& e) {
    fail(RunOutcome::Error, 1, std::string("cannot watch the run's VMIs: ") + e.what());
    event(-1, "error", report_.message);
    return report_;
  }
  for (size_t w = 0; w < scenario_.workloads.size() && !stopped(); ++w) {
    const auto& workload = scenario_.workloads[w];
    {
      std::lock_guard<std::mutex> lock(progressMutex_);
      progress_.workload = workload.name;
      progress_.qps = workload.qps;
      progress_.iteration = 0;
      progress_.iterations = 0;
      progress_.finishedIterations = 0;
      progress_.finishedIterationsTime = RunClock(0);
      progress_.workloadEnd.reset();
    }
    workloadName_ = workload.name;
    workloadIndex_ = w;
    rideOutFor_ = workload.maxWaitTimeout;
    iterationsUsed_ = 0;
    event(-1, "workload-start", workload.name + " (" + scenario::toString(workload.kind) + ")");
    if (workload.kind == scenario::WorkloadKind::Iterations) {
      runIterations(w);
    } else {
      runBurstOrSteady(w);
    }
    event(-1, "workload-end", workload.name);
    iterationBase_ += iterationsUsed_;
    if (!stopped() && workload.waitWhenFinished.count() > 0) {
      setStage("pausing");
      event(-1, "wait-when-finished",
            std::to_string(
                std::chrono::duration_cast<std::chrono::milliseconds>(workload.waitWhenFinished)
                    .count()) +
                " ms");
      pause(workload.waitWhenFinished);
    }
  }
  if (interrupts() > 0) {
    fail(RunOutcome::Interrupted, 130, "interrupted");
    if (!scenario_.keepOnInterrupt && interrupts() < 2) {
      setStage("cleanup");
      event(-1, "cleanup", "interrupted: deleting what the run created");
      event(-1, "cleanup",
            cleanupInterrupted(
                client_, scenario::ownSelector(scenario_), options_.interrupts, log_,
                scenario::fixedNamespaces(scenario_).value_or(std::set<std::string>{})));
    } else {
      event(
          -1, "cleanup",
          scenario_.keepOnInterrupt ? "skipped (--keep-on-interrupt)" : "skipped (second signal)");
    }
  }
  watch_.stop();
  const size_t errors = report_.failed + report_.vmisFailed.size();
  if (report_.outcome == RunOutcome::Ok && errors > 0 && report_.asked > 0) {
    const double ratio = static_cast<double>(errors) / static_cast<double>(report_.asked);
    if (ratio > scenario_.maxErrorRatio) {
      std::string what = std::to_string(report_.failed) + " creations failed";
      if (!report_.failuresByReason.empty()) {
        const auto most =
            std::max_element(report_.failuresByReason.begin(), report_.failuresByReason.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; });
        what += " (" + std::to_string(most->second) + " with " + most->first + ")";
      }
      if (!report_.vmisFailed.empty())
        what += " and " + std::to_string(report_.vmisFailed.size()) + " VMIs never ran";
      fail(RunOutcome::Error, 1,
           what + " of " + std::to_string(report_.asked) + " asked, more than --max-error-ratio " +
               formatRatio(scenario_.maxErrorRatio));
    }
  }
  return report_;
}

CreateBatch RunEngine::Impl::batchOf(size_t workloadIndex, int iteration, int firstReplica,
                                     int count) {
  const auto& workload = scenario_.workloads[workloadIndex];
  // Each object's replicas in turn: ends[k] is one past the last index of object k.
  std::vector<size_t> ends;
  size_t total = 0;
  for (const auto& object : workload.objects) {
    total += static_cast<size_t>(
        std::max(0, workload.kind == scenario::WorkloadKind::Iterations ? object.replicas : count));
    ends.push_back(total);
  }
  // A shard creates its own slots of the batch (shard.h); the others are its peers'.
  std::vector<size_t> slots;
  if (scenario_.shard) {
    for (size_t slot = 0; slot < total; ++slot)
      if (scenario::ownsSlot(scenario_, workload, slot)) slots.push_back(slot);
  }
  CreateBatch batch;
  batch.count = scenario_.shard ? slots.size() : total;
  batch.itemAt = [this, workloadIndex, iteration, firstReplica, ends, slots = std::move(slots),
                  renderer = std::make_shared<scenario::BatchRenderer>()](size_t item) {
    const size_t index = slots.empty() ? item : slots[item];
    const auto& objects = scenario_.workloads[workloadIndex].objects;
    const size_t k =
        static_cast<size_t>(std::upper_bound(ends.begin(), ends.end(), index) - ends.begin());
    const size_t first = k == 0 ? 0 : ends[k - 1];
    const int replica = firstReplica + static_cast<int>(index - first);
    const auto context =
        scenario::renderContext(scenario_, workloadIndex, iteration, replica, index);
    auto rendered = renderer->render(objects[k], context);
    return CreateItem{collectionPath(rendered),     std::move(rendered.json),
                      std::move(rendered.resource), std::move(rendered.ns),
                      std::move(rendered.name),     global(iteration),
                      std::move(rendered.kind)};
  };
  return batch;
}

bool RunEngine::Impl::ensureNamespaces(size_t workloadIndex, int iteration,
                                       const std::vector<std::string>& namespaces) {
  for (const auto& ns : namespaces) {
    if (!ensureNamespace(workloadIndex, iteration, ns)) return false;
  }
  return true;
}

bool RunEngine::Impl::ensureNamespace(size_t workloadIndex, int iteration, const std::string& ns) {
  auto context = scenario::renderContext(scenario_, workloadIndex, iteration, 1);
  context.ns = ns;
  const auto deadline = Clock::now() + scenario_.workloads[workloadIndex].maxWaitTimeout;
  for (int attempt = 0; attempt < 1000 && !stopped(); ++attempt) {
    const auto object = scenario::renderNamespace(context);
    kube::RestRequest request;
    request.method = "POST";
    request.path = "/api/v1/namespaces";
    request.body = object.json();
    request.createdName = context.ns;
    rideOut(request, deadline);
    RequestContext trace{"create",          "namespaces", "",          context.ns,
                         global(iteration), RunClock{-1}, request.body};
    request.onTry = log_.observer(trace);
    const auto response = client_.send(request);
    if (response.ok()) {
      createdNamespaces_.insert(context.ns);
      recorder_.record(ObjectRecord{kKindNamespace, "", context.ns, "", global(iteration),
                                    ObjectRecord::Stage::Created, timeline_.now()});
      return true;
    }
    if (response.status == 409) {
      // It exists: kept from an earlier iteration, somebody else's, or still terminating.
      kube::RestRequest get;
      get.path = "/api/v1/namespaces/" + context.ns;
      rideOut(get, deadline);
      get.onTry = log_.observer(
          RequestContext{"get", "namespaces", "", context.ns, global(iteration), RunClock{-1}, ""});
      const auto existing = client_.send(get);
      if (existing.status == 404) continue;  // gone meanwhile: create it again
      bool terminating = false;
      try {
        auto found = Poco::JSON::Parser().parse(existing.body).extract<Poco::JSON::Object::Ptr>();
        auto metadata = found->getObject("metadata");
        terminating = metadata && metadata->has("deletionTimestamp");
      } catch (const std::exception&) {
      }
      if (!terminating) return true;
      event(iteration, "wait-start",
            "namespace " + context.ns + " is terminating; waiting until it is gone");
      if (!watch_.waitNamespacesGone({context.ns}, deadline, stop_)) {
        if (!stopped()) {
          fail(RunOutcome::Timeout, 2,
               "namespace " + context.ns + " was still terminating after max-wait-timeout");
        }
        return false;
      }
      continue;
    }
    if (response.status == 403 &&
        !scenario::perIterationNamespaces(scenario_.workloads[workloadIndex])) {
      // Whoever may not create namespaces is given one to work in: use it as it is.
      event(iteration, "namespace",
            "namespace " + context.ns +
                ": creating namespaces is forbidden (403); using it as it is");
      return true;
    }
    std::string advice;
    if (response.status == 403) {
      advice =
          "; each iteration of this workload gets a namespace of its own, which needs create "
          "and delete on namespaces: grant them, or run in one existing namespace "
          "(--namespace NAME without --namespaced-iterations or --vmis-per-namespace)";
    }
    fail(RunOutcome::Error, 1,
         "cannot create namespace " + context.ns + ": " + response.describe() + advice);
    event(iteration, "error", report_.message);
    return false;
  }
  return false;
}

CreateResult RunEngine::Impl::createBatch(const CreateBatch& batch,
                                          const scenario::Workload& workload, bool keepCreated) {
  {
    std::lock_guard<std::mutex> lock(progressMutex_);
    progress_.asked += batch.count;
    progress_.stage = "creating";
  }
  // Creations count for progress as they happen.
  CreateBatch paced = batch;
  paced.rideOutUntil = Clock::now() + workload.maxWaitTimeout;
  if (options_.startAt && !paced_) paced.startAt = startAtOnThisClock(*options_.startAt);
  paced_ = true;
  // Each batch starts its workload's schedule afresh, as a token bucket full again after a
  // wait (iterations pause for Running and deletion between batches).
  const TokenBucketPacer pacer(workload.qps, workload.burst);
  auto result = creator_.create(paced, pacer, parallelismFor(workload), stop_, keepCreated,
                                [this](bool created) {
                                  std::lock_guard<std::mutex> lock(progressMutex_);
                                  ++(created ? progress_.created : progress_.failed);
                                });
  report_.asked += result.asked;
  report_.created += result.created;
  report_.failed += result.failed;
  for (const auto& [reason, count] : result.failuresByReason)
    report_.failuresByReason[reason] += count;
  return result;
}

bool RunEngine::Impl::waitRunning(int iteration, const scenario::Workload& workload) {
  setStage("waiting-running");
  event(iteration, "wait-start", "waiting for VMIs to be Running");
  const auto result =
      tracker_.waitAllRunning(global(iteration), Clock::now() + workload.maxWaitTimeout, stop_);
  if (result != PhaseTracker::WaitResult::Interrupted) {
    auto failed = tracker_.failedBeforeRunning(global(iteration));
    if (!failed.empty()) {
      event(iteration, "vmis-failed",
            std::to_string(failed.size()) + " VMIs never ran: " + describeStuck(failed));
      report_.vmisFailed.insert(report_.vmisFailed.end(), failed.begin(), failed.end());
    }
  }
  if (result == PhaseTracker::WaitResult::Done) {
    event(iteration, "wait-end", "all VMIs Running or failed");
    return true;
  }
  if (result == PhaseTracker::WaitResult::Timeout) {
    const auto stuck = tracker_.notRunning(global(iteration));
    const std::string message = "timed out after max-wait-timeout waiting for " +
                                std::to_string(stuck.size()) +
                                " VMIs to be Running: " + describeStuck(stuck);
    event(iteration, "timeout", message);
    fail(RunOutcome::Timeout, 2, message);
    if (scenario_.onTimeout == scenario::OnTimeout::Stop) stop_ = true;
  }
  return false;
}

std::set<std::string> RunEngine::Impl::deleteIteration(int iteration,
                                                       const std::set<std::string>& namespaces,
                                                       const std::set<Collection>& collections) {
  setStage("deleting");
  iterationStage(iteration, IterationRecord::Stage::DeletionStarted);
  for (const auto& collection : collections) {
    const bool vmis = collection.resource == "virtualmachineinstances";
    if (vmis && deleteCollectionForbidden_.count(collection.path)) {
      deleteEach(iteration, collection.ns, collection.path);
      continue;
    }
    kube::RestRequest request;
    request.method = "DELETE";
    request.path = collection.path;
    request.query.emplace_back("labelSelector",
                               iterationSelector(scenario_, workloadName_, iteration));
    request.onTry =
        log_.observer(RequestContext{"deletecollection", collection.resource, collection.ns, "",
                                     global(iteration), RunClock{-1}, ""});
    request.discardSuccessBody = true;
    rideOut(request, Clock::now() + rideOutFor_);
    const auto response = client_.send(request);
    if (vmis && response.status == 403) {
      deleteCollectionForbidden_.insert(collection.path);
      event(iteration, "delete",
            "deletecollection of VMIs in " + collection.ns +
                " is forbidden (403); deleting them one by one at the workload's pace");
      deleteEach(iteration, collection.ns, collection.path);
      continue;
    }
    if (!response.ok()) {
      event(iteration, "error",
            "deletecollection " + collection.path + " failed: " + response.describe());
      continue;
    }
    // The answer lists every deleted object (megabytes for thousands of VMIs): it is not kept,
    // and the VMIs of the iteration that were still present in this namespace are the ones
    // whose deletion was asked for.
    if (!vmis) continue;
    // A slice at a time, each written to the trace before the next: recorded at once, the
    // records of 100,000 VMIs waited in the trace writer's queue together (~8 MB at the run's
    // peak), and the walk held the tracker, which the watch needs, for as long.
    const auto now = timeline_.now();
    constexpr size_t kSlice = 4096;
    std::string after;
    bool flushing = true;  // until the trace writer fails: the run's end reports that
    while (tracker_.forEachNotGone(global(iteration), collection.ns, after, kSlice,
                                   [&](const std::string& ns, const std::string& name) {
                                     recorder_.record(
                                         ObjectRecord{kKindVmi, ns, name, "", global(iteration),
                                                      ObjectRecord::Stage::DeletionRequested, now});
                                     after = name;
                                   }) == kSlice) {
      try {
        if (flushing) recorder_.flush();
      } catch (const std::exception&) {
        flushing = false;
      }
    }
  }
  std::set<std::string> owned;
  for (const auto& ns : namespaces) {
    if (!createdNamespaces_.count(ns)) continue;
    owned.insert(ns);
    kube::RestRequest request;
    request.method = "DELETE";
    request.path = "/api/v1/namespaces/" + ns;
    request.onTry = log_.observer(
        RequestContext{"delete", "namespaces", "", ns, global(iteration), RunClock{-1}, ""});
    rideOut(request, Clock::now() + rideOutFor_);
    const auto response = client_.send(request);
    if (response.ok() || response.status == 404) {
      createdNamespaces_.erase(ns);
      recorder_.record(ObjectRecord{kKindNamespace, "", ns, "", global(iteration),
                                    ObjectRecord::Stage::DeletionRequested, timeline_.now()});
    } else {
      event(iteration, "error", "deleting namespace " + ns + " failed: " + response.describe());
    }
  }
  return owned;
}

void RunEngine::Impl::deleteEach(int iteration, const std::string& ns,
                                 const std::string& collectionPath) {
  std::vector<CreateItem> items;
  for (const auto& vmi : tracker_.notGone(global(iteration))) {
    if (vmi.ns != ns) continue;
    CreateItem item;
    item.collectionPath = collectionPath;
    item.resource = "virtualmachineinstances";
    item.ns = vmi.ns;
    item.name = vmi.name;
    item.iteration = global(iteration);
    items.push_back(std::move(item));
  }
  const auto& workload = scenario_.workloads[workloadIndex_];
  const TokenBucketPacer pacer(workload.qps, workload.burst);
  PacedStream stream(pacer, Clock::now());
  forEachPaced(stream, items.size(), parallelismFor(workload), stop_,
               [&](size_t index, const PacedStream::Hit&) {
                 deleteObject(items[index], &stream);
                 return true;
               });
}

bool RunEngine::Impl::waitGone(int iteration, const std::set<std::string>& namespaces,
                               const scenario::Workload& workload) {
  setStage("waiting-gone");
  event(iteration, "wait-start", "waiting for deleted objects to be gone");
  const auto deadline = Clock::now() + workload.maxWaitTimeout;
  const auto vmis = tracker_.waitAllGone(global(iteration), deadline, stop_);
  const bool namespacesGone = vmis == PhaseTracker::WaitResult::Done &&
                              watch_.waitNamespacesGone(namespaces, deadline, stop_);
  if (vmis == PhaseTracker::WaitResult::Done && namespacesGone) {
    event(iteration, "wait-end", "all deleted objects gone");
    return true;
  }
  if (stopped() && vmis != PhaseTracker::WaitResult::Timeout && interrupts() > 0) return false;
  const auto stuck = tracker_.notGone(global(iteration));
  const std::string message =
      "timed out after max-wait-timeout waiting for deletion: " + std::to_string(stuck.size()) +
      " VMIs still present" + (stuck.empty() ? "" : " (" + describeStuck(stuck) + ")") +
      (namespacesGone ? "" : "; namespaces still terminating");
  event(iteration, "timeout", message);
  fail(RunOutcome::Timeout, 2, message);
  if (scenario_.onTimeout == scenario::OnTimeout::Stop) stop_ = true;
  return false;
}

void RunEngine::Impl::pause(std::chrono::nanoseconds length) {
  const auto until = Clock::now() + length;
  while (!stopped() && Clock::now() < until) {
    std::this_thread::sleep_for(
        std::min<std::chrono::nanoseconds>(until - Clock::now(), std::chrono::milliseconds(50)));
    if (interrupts() > 0) stop_ = true;
  }
}

void RunEngine::Impl::runIterations(size_t workloadIndex) {
  const auto& workload = scenario_.workloads[workloadIndex];
  for (int i = 1; i <= workload.iterationCount && !stopped(); ++i) {
    const RunClock iterationStarted = timeline_.now();
    {
      std::lock_guard<std::mutex> lock(progressMutex_);
      progress_.iteration = i;
      progress_.iterations = workload.iterationCount;
      progress_.iterationStarted = iterationStarted;
      progress_.perIteration = scenario::ownObjectsPerIteration(scenario_, workload);
    }
    const auto namespaceList = scenario::ownNamespaces(scenario_, workload, i);
    const std::set<std::string> namespaces = deletableNamespaces(workload, namespaceList);
    iterationStage(i, IterationRecord::Stage::Started, namespaceList);
    if (!ensureNamespaces(workloadIndex, i, namespaceList)) break;
    const auto created = createBatch(batchOf(workloadIndex, i, 1, 0), workload);
    if (!created.renderError.empty()) {
      fail(RunOutcome::Error, 1, created.renderError);
      event(i, "error", created.renderError);
      stop_ = true;
    }
    const std::set<Collection>& collections = created.collections;
    iterationStage(i, IterationRecord::Stage::Created);
    if (workload.iterationCreationWait && !stopped()) {
      if (waitRunning(i, workload)) iterationStage(i, IterationRecord::Stage::AllRunning);
    }
    if (workload.iterationCleanup && interrupts() == 0) {
      const auto owned = deleteIteration(i, namespaces, collections);
      if (workload.iterationDeletionWait) {
        if (waitGone(i, owned, workload)) iterationStage(i, IterationRecord::Stage::AllGone);
      }
    }
    iterationStage(i, IterationRecord::Stage::Ended);
    {
      std::lock_guard<std::mutex> lock(progressMutex_);
      ++progress_.finishedIterations;
      progress_.finishedIterationsTime += timeline_.now() - iterationStarted;
      if (i < workload.iterationCount)
        progress_.finishedIterationsTime += workload.iterationInterval;
    }
    if (i < workload.iterationCount && workload.iterationInterval.count() > 0) {
      setStage("pausing");
      pause(workload.iterationInterval);
    }
  }
}

void RunEngine::Impl::deleteObject(const CreateItem& item, PacedStream* pace) {
  kube::RestRequest request;
  request.method = "DELETE";
  request.retryPacer = pace;
  request.path = item.collectionPath + "/" + item.name;
  request.onTry = log_.observer(RequestContext{"delete", item.resource, item.ns, item.name,
                                               item.iteration, RunClock{-1}, ""});
  rideOut(request, Clock::now() + rideOutFor_);
  const auto response = client_.send(request);
  if (response.ok()) {
    recorder_.record(ObjectRecord{item.kind, item.ns, item.name, "", item.iteration,
                                  ObjectRecord::Stage::DeletionRequested, timeline_.now()});
  }
}

// Burst: create `count`, wait Running, optionally delete and wait gone. Steady state: ramp
// to `count`, then every minChurnSleep replace `churn` of the oldest until `timeout`, then
// ramp down. Each churn cycle is an iteration of its own in the trace.
void RunEngine::Impl::runBurstOrSteady(size_t workloadIndex) {
  const auto& workload = scenario_.workloads[workloadIndex];
  const bool steady = workload.kind == scenario::WorkloadKind::SteadyState;
  const auto end = Clock::now() + workload.timeout;
  if (steady) {
    std::lock_guard<std::mutex> lock(progressMutex_);
    progress_.workloadEnd =
        timeline_.now() + std::chrono::duration_cast<RunClock>(workload.timeout);
  }
  const auto namespaceList = scenario::ownNamespaces(scenario_, workload, 1);
  const std::set<std::string> namespaces = deletableNamespaces(workload, namespaceList);
  iterationStage(1, IterationRecord::Stage::Started, namespaceList);
  if (!ensureNamespaces(workloadIndex, 1, namespaceList)) return;
  std::deque<CreateItem> alive;
  int nextReplica = 1;
  std::set<Collection> collections;
  auto createCycle = [&](int iteration, int count) {
    auto created =
        createBatch(batchOf(workloadIndex, iteration, nextReplica, count), workload, true);
    nextReplica += count;
    collections.insert(created.collections.begin(), created.collections.end());
    for (auto& item : created.createdItems)
      alive.push_back(std::move(item));
    if (!created.renderError.empty()) {
      fail(RunOutcome::Error, 1, created.renderError);
      event(iteration, "error", created.renderError);
      stop_ = true;
    }
  };
  auto boundedWorkload = workload;
  boundedWorkload.maxWaitTimeout = std::min<scenario::Duration>(
      workload.maxWaitTimeout,
      std::max<scenario::Duration>(scenario::Duration(0), end - Clock::now()));
  createCycle(1, workload.count);
  iterationStage(1, IterationRecord::Stage::Created);
  if (!stopped() && waitRunning(1, boundedWorkload))
    iterationStage(1, IterationRecord::Stage::AllRunning);
  int cycle = 1;
  if (steady) {
    while (!stopped() && Clock::now() + workload.minChurnSleep < end) {
      setStage("pausing");
      pause(workload.minChurnSleep);
      if (stopped()) break;
      ++cycle;
      iterationStage(cycle, IterationRecord::Stage::Started, namespaceList);
      setStage("deleting");
      for (int c = 0; c < workload.churn && !alive.empty(); ++c) {
        deleteObject(alive.front());
        alive.pop_front();
      }
      createCycle(cycle, workload.churn);
      iterationStage(cycle, IterationRecord::Stage::Created);
      auto cycleBound = workload;
      cycleBound.maxWaitTimeout = std::min<scenario::Duration>(
          workload.maxWaitTimeout,
          std::max<scenario::Duration>(scenario::Duration(0), end - Clock::now()));
      if (waitRunning(cycle, cycleBound)) iterationStage(cycle, IterationRecord::Stage::AllRunning);
      iterationStage(cycle, IterationRecord::Stage::Ended);
    }
  } else if (workload.deleteAfter && !stopped()) {
    setStage("pausing");
    pause(*workload.deleteAfter);
  }
  const bool rampDown = steady || workload.deleteAfter.has_value();
  if (rampDown && interrupts() == 0) {
    std::set<std::string> owned;  // the run's namespaces, deleted with the last cycle
    for (int c = 1; c <= cycle; ++c)
      owned = deleteIteration(c, c == cycle ? namespaces : std::set<std::string>{}, collections);
    for (int c = 1; c <= cycle && !stopped(); ++c) {
      if (waitGone(c, c == cycle ? owned : std::set<std::string>{}, workload))
        iterationStage(c, IterationRecord::Stage::AllGone);
    }
  }
  iterationStage(1, IterationRecord::Stage::Ended);
}

std::string cleanupInterrupted(kube::RestClient& client, const std::string& selector,
                               const std::atomic<int>* interrupts, RequestLog& log,
                               const std::set<std::string>& namespaces) {
  std::atomic<bool> abort{false};
  std::thread abortOnSecondSignal([&] {
    while (!abort && (interrupts == nullptr || interrupts->load() < 2))
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    abort = true;
  });
  auto result =
      cleanupSelected(client, selector, std::chrono::seconds(60), abort, &log, namespaces);
  abort = true;
  abortOnSecondSignal.join();
  return std::to_string(result.vmisDeleted) + " VMIs and " +
         std::to_string(result.namespacesDeleted) + " namespaces deleted, " +
         std::to_string(result.remaining) + " remaining";
}

CleanupResult cleanupRun(kube::RestClient& client, const std::string& uuid,
                         std::chrono::milliseconds wait, const std::atomic<bool>& abort,
                         RequestLog* log, const std::set<std::string>& namespaces) {
  return cleanupSelected(client, scenario::runSelector(uuid), wait, abort, log, namespaces);
}

CleanupResult cleanupSelected(kube::RestClient& client, const std::string& selector,
                              std::chrono::milliseconds wait, const std::atomic<bool>& abort,
                              RequestLog* log, const std::set<std::string>& namespaces) {
  CleanupResult result;
  const std::string vmisPath = "/apis/kubevirt.io/v1/virtualmachineinstances";
  const std::string namespacesPath = "/api/v1/namespaces";
  auto vmisIn = [](const std::string& ns) {
    return "/apis/kubevirt.io/v1/namespaces/" + ns + "/virtualmachineinstances";
  };
  auto send = [&](kube::RestRequest request, const char* verb, const char* resource,
                  const std::string& ns, const std::string& name) {
    if (log != nullptr)
      request.onTry = log->observer(RequestContext{verb, resource, ns, name, -1, RunClock{-1}, ""});
    // Deletions ride out an outage within the cleanup's wait.
    if (request.method == "DELETE") {
      request.rideOutUntil = Clock::now() + wait;
      request.abandon = &abort;
    }
    return client.send(request);
  };
  auto list = [&](const std::string& path, const char* resource, const std::string& ns) {
    kube::RestRequest request;
    request.path = path;
    request.query.emplace_back("labelSelector", selector);
    return send(std::move(request), "list", resource, ns, "");
  };
  // The selected VMIs: listed cluster-wide, or in each of `namespaces` once that is forbidden.
  bool perNamespace = false;
  using Names = std::vector<std::pair<std::string, std::string>>;
  auto listVmis = [&](std::vector<std::string>* errors) {
    Names found;
    if (!perNamespace) {
      const auto answer = list(vmisPath, "virtualmachineinstances", "");
      if (answer.ok()) return namesInList(answer.body);
      if (answer.status != 403 || namespaces.empty()) {
        if (errors != nullptr) {
          errors->push_back(
              "listing VMIs: " + answer.describe() +
              (answer.status == 403 ? "; pass --namespace NAME to clean up in one namespace" : ""));
        }
        return found;
      }
      perNamespace = true;
    }
    for (const auto& ns : namespaces) {
      const auto answer = list(vmisIn(ns), "virtualmachineinstances", ns);
      if (answer.ok()) {
        auto names = namesInList(answer.body);
        found.insert(found.end(), names.begin(), names.end());
      } else if (errors != nullptr) {
        errors->push_back("listing VMIs in " + ns + ": " + answer.describe());
      }
    }
    return found;
  };
  // VMIs first, namespace by namespace, then the namespaces themselves.
  std::map<std::string, std::vector<std::string>> vmisByNamespace;
  for (auto& [ns, name] : listVmis(&result.errors))
    vmisByNamespace[ns].push_back(std::move(name));
  for (const auto& [ns, names] : vmisByNamespace) {
    if (abort) break;
    kube::RestRequest request;
    request.method = "DELETE";
    request.path = vmisIn(ns);
    request.query.emplace_back("labelSelector", selector);
    const auto response =
        send(std::move(request), "deletecollection", "virtualmachineinstances", ns, "");
    if (response.ok()) {
      result.vmisDeleted += namesInList(response.body).size();
      continue;
    }
    if (response.status != 403) {
      result.errors.push_back("deleting VMIs in " + ns + ": " + response.describe());
      continue;
    }
    // deletecollection is forbidden: one by one.
    for (const auto& name : names) {
      if (abort) break;
      kube::RestRequest one;
      one.method = "DELETE";
      one.path = vmisIn(ns) + "/" + name;
      const auto answer = send(std::move(one), "delete", "virtualmachineinstances", ns, name);
      if (answer.ok() || answer.status == 404) {
        ++result.vmisDeleted;
      } else {
        result.errors.push_back("deleting VMI " + ns + "/" + name + ": " + answer.describe());
      }
    }
  }
  // Whoever may not list namespaces cannot have had the run create any it could find again:
  // a 403 here is no error.
  const auto namespaceList = list(namespacesPath, "namespaces", "");
  const bool namespacesListed = namespaceList.ok();
  std::vector<std::string> names;
  if (namespacesListed) {
    for (const auto& [ns, name] : namesInList(namespaceList.body))
      names.push_back(name);
  } else if (namespaceList.status != 403) {
    result.errors.push_back("listing namespaces: " + namespaceList.describe());
  }
  for (const auto& name : names) {
    if (abort) break;
    kube::RestRequest request;
    request.method = "DELETE";
    request.path = namespacesPath + "/" + name;
    const auto response = send(std::move(request), "delete", "namespaces", "", name);
    if (response.ok() || response.status == 404) ++result.namespacesDeleted;
  }
  const auto deadline = Clock::now() + wait;
  for (int round = 0; round < 10000 && !abort; ++round) {
    result.remaining = listVmis(nullptr).size();
    if (namespacesListed) {
      const auto left = list(namespacesPath, "namespaces", "");
      result.remaining += left.ok() ? namesInList(left.body).size() : 0;
    }
    if (result.remaining == 0 || Clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return result;
}

}  // namespace perfscale::engine
