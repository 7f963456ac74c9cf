// Open-loop replay of a recorded run's requests (see replay_engine.h).
#include "core/engine/replay_engine.h"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/engine/cluster_watch.h"
#include "core/engine/pacer.h"
#include "core/scenario/labels.h"

namespace perfscale::engine {

namespace {

using Clock = std::chrono::steady_clock;

RunClock atSpeed(RunClock offset, double speed) {
  return RunClock(static_cast<int64_t>(static_cast<double>(offset.count()) / speed));
}

bool isVmis(const ReplayItem& item) {
  return item.resource == "virtualmachineinstances";
}

// Every namespace the plan's VMI requests go to: all known before the replay starts, so a user
// who may not watch VMIs cluster-wide has them watched there.
std::set<std::string> vmiNamespaces(const ReplayPlan& plan) {
  std::set<std::string> namespaces;
  for (const auto& item : plan.items) {
    if (isVmis(item) && !item.ns.empty()) namespaces.insert(item.ns);
  }
  return namespaces;
}

}  // namespace

int replayWorkers(const ReplayPlan& plan, double speed) {
  const RunClock window = std::chrono::milliseconds(250);
  size_t busiest = 0;
  size_t first = 0;
  for (size_t last = 0; last < plan.items.size(); ++last) {
    const RunClock end = atSpeed(plan.items[last].offset, speed);
    while (atSpeed(plan.items[first].offset, speed) + window <= end)
      ++first;
    busiest = std::max(busiest, last - first + 1);
  }
  return static_cast<int>(std::clamp<size_t>(2 * busiest, 8, 512));
}

class ReplayEngine::Impl {
 public:
  Impl(const ReplayPlan& plan, kube::RestClient& client, Recorder& recorder,
       const RunTimeline& timeline, ReplayOptions options)
      : plan_(plan),
        client_(client),
        recorder_(recorder),
        timeline_(timeline),
        options_(std::move(options)),
        log_(recorder, timeline),
        tracker_(recorder),
        watch_(client, scenario::runSelector(plan.uuid), tracker_, log_, recorder, timeline,
               vmiNamespaces(plan)),
        answered_(plan.items.size(), 0) {
    for (const auto& item : plan_.items) {
      // Objects asked for, as `run` counts them: namespaces are the run's own.
      if (item.verb == "create" && !item.repeatsCreate && item.resource != "namespaces") ++asked_;
      if (item.iteration < 0) continue;
      auto& state = iterations_[item.iteration];
      if (item.verb == "create" && !item.repeatsCreate) ++state.creates;
      if (item.verb == "delete" || item.verb == "deletecollection") state.deletes = true;
      const std::string ns =
          item.verb == "create" && item.resource == "namespaces" ? item.name : item.ns;
      if (!ns.empty() &&
          std::find(state.namespaces.begin(), state.namespaces.end(), ns) == state.namespaces.end())
        state.namespaces.push_back(ns);
    }
  }

  RunReport run();

 private:
  struct Iteration {
    std::vector<std::string> namespaces;
    size_t creates = 0;
    size_t createsDone = 0;
    bool deletes = false;
    bool started = false;
    bool created = false;
    bool allRunning = false;
    bool deletionStarted = false;
  };

  void work(PacedStream& stream);
  void dispatched(const ReplayItem& item);
  void answered(const ReplayItem& item, const kube::RestResponse& response);
  void failed(const ReplayItem& item, const std::string& why);
  void monitor(Clock::time_point planEnd);
  void stage(int iteration, IterationRecord::Stage stage, std::vector<std::string> ns = {}) {
    recorder_.record(IterationRecord{iteration, stage, timeline_.now(), std::move(ns)});
  }
  void event(int iteration, const std::string& kind, const std::string& message) {
    recorder_.record(EventRecord{timeline_.now(), iteration, kind, message});
  }
  void fail(RunOutcome outcome, int exitCode, const std::string& message) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (report_.outcome != RunOutcome::Ok) return;
    report_.outcome = outcome;
    report_.exitCode = exitCode;
    report_.message = message + outageNote(log_, timeline_);
  }
  int interrupts() const {
    return options_.engine.interrupts ? options_.engine.interrupts->load() : 0;
  }
  void setStage(const std::string& stage) {
    std::lock_guard<std::mutex> lock(mutex_);
    stage_ = stage;
  }

  const ReplayPlan& plan_;
  kube::RestClient& client_;
  Recorder& recorder_;
  const RunTimeline& timeline_;
  const ReplayOptions options_;
  RequestLog log_;
  PhaseTracker tracker_;
  ClusterWatch watch_;
  std::atomic<bool> stop_{false};

  std::mutex mutex_;  // guards everything below
  std::condition_variable finished_;
  bool done_ = false;
  RunReport report_;
  size_t asked_ = 0;
  std::map<int, Iteration> iterations_;
  std::set<std::string> deletedNamespaces_;
  std::map<uint64_t, uint64_t> replaySeqs_;
  std::vector<char> answered_;               // by plan index: the request was answered (or failed)
  std::condition_variable answeredChanged_;  // the source's first tries' seqs -> the replay's
  std::map<std::string, size_t> failuresByReason_;
  std::string stage_ = "replaying";
};

ReplayEngine::ReplayEngine(const ReplayPlan& plan, kube::RestClient& client, Recorder& recorder,
                           const RunTimeline& timeline, ReplayOptions options)
    : impl_(std::make_unique<Impl>(plan, client, recorder, timeline, std::move(options))) {}

ReplayEngine::~ReplayEngine() = default;

RunReport ReplayEngine::run() {
  return impl_->run();
}

void ReplayEngine::Impl::dispatched(const ReplayItem& item) {
  if (item.iteration < 0) return;
  std::vector<std::string> namespaces;
  bool started = false;
  bool deletionStarted = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& state = iterations_[item.iteration];
    if (!state.started) {
      state.started = started = true;
      namespaces = state.namespaces;
    }
    if ((item.verb == "delete" || item.verb == "deletecollection") && !state.deletionStarted)
      state.deletionStarted = deletionStarted = true;
  }
  if (started) stage(item.iteration, IterationRecord::Stage::Started, std::move(namespaces));
  if (deletionStarted) stage(item.iteration, IterationRecord::Stage::DeletionStarted);
}

void ReplayEngine::Impl::failed(const ReplayItem& item, const std::string& why) {
  bool tell = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    tell = ++failuresByReason_[item.verb + " " + why] <= 3;
  }
  if (tell) {
    event(item.iteration, item.verb == "create" ? "create-failed" : "error",
          item.verb + " " + item.resource + " " + (item.ns.empty() ? "" : item.ns + "/") +
              (item.name.empty() ? "(collection)" : item.name) + ": " + why);
  }
}

void ReplayEngine::Impl::answered(const ReplayItem& item, const kube::RestResponse& response) {
  const bool ok = response.ok();
  const bool isNamespace = item.resource == "namespaces";
  const std::string ns = isNamespace ? "" : item.ns;
  if (item.verb == "create") {
    // A later recorded try of a create that the replay's first try already made.
    const bool madeEarlier = item.repeatsCreate && response.status == 409;
    if (ok) {
      recorder_.record(ObjectRecord{item.kind, ns, item.name, "", item.iteration,
                                    ObjectRecord::Stage::Created, timeline_.now()});
      if (isVmis(item)) tracker_.expect(item.ns, item.name, item.iteration);
    } else if (!madeEarlier) {
      failed(item, response.describe());
    }
    if (item.repeatsCreate) return;
    bool allCreated = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!isNamespace) ++(ok ? report_.created : report_.failed);
      if (item.iteration >= 0) {
        auto& state = iterations_[item.iteration];
        allCreated = ++state.createsDone == state.creates && !state.created;
        if (allCreated) state.created = true;
      }
    }
    if (allCreated) stage(item.iteration, IterationRecord::Stage::Created);
    return;
  }
  if (!ok) {
    if (!(item.verb == "get" && response.status == 404)) failed(item, response.describe());
    return;
  }
  if (item.verb == "delete") {
    recorder_.record(ObjectRecord{item.kind, ns, item.name, "", item.iteration,
                                  ObjectRecord::Stage::DeletionRequested, timeline_.now()});
    if (isNamespace) {
      std::lock_guard<std::mutex> lock(mutex_);
      deletedNamespaces_.insert(item.name);
    }
  } else if (item.verb == "deletecollection" && isVmis(item) && item.iteration >= 0) {
    const auto now = timeline_.now();
    for (const auto& vmi : tracker_.notGone(item.iteration)) {
      if (vmi.ns != item.ns) continue;
      recorder_.record(ObjectRecord{kKindVmi, vmi.ns, vmi.name, "", item.iteration,
                                    ObjectRecord::Stage::DeletionRequested, now});
    }
  }
}

void ReplayEngine::Impl::work(PacedStream& stream) {
  for (;;) {
    if (stop_.load()) return;
    const auto hit = stream.next(&stop_);
    if (stop_.load() || hit.index >= plan_.items.size()) return;
    const ReplayItem& item = plan_.items[hit.index];
    if (!item.dependsOn.empty()) {
      std::unique_lock<std::mutex> lock(mutex_);
      for (const long dependency : item.dependsOn) {
        while (!answered_[static_cast<size_t>(dependency)] && !stop_.load())
          answeredChanged_.wait_for(lock, std::chrono::milliseconds(50));
      }
    }
    dispatched(item);
    kube::RestRequest request;
    request.method = item.method;
    request.path = item.path;
    request.query = item.query;
    request.body = item.body;
    request.maxTries = 1;  // the recorded tries are the requests: none is added
    request.discardSuccessBody = item.verb == "deletecollection";
    RequestContext context{item.verb,
                           item.resource,
                           item.ns,
                           item.name,
                           item.iteration,
                           timeline_.since(hit.due),
                           item.verb == "create" ? item.body : ""};
    // Tries keep their recorded structure: a later try points at the replay's first one.
    context.tryNumber = item.tryNumber;
    if (item.tryNumber > 1) {
      std::lock_guard<std::mutex> lock(mutex_);
      const auto first = replaySeqs_.find(item.sourceRetryOf);
      context.retryOf = first == replaySeqs_.end() ? 0 : first->second;
    } else {
      context.onRecorded = [this, source = item.sourceSeq](uint64_t seq) {
        std::lock_guard<std::mutex> lock(mutex_);
        replaySeqs_[source] = seq;
      };
    }
    request.onTry = log_.observer(std::move(context));
    try {
      answered(item, client_.send(request));
    } catch (const std::exception& e) {  // credentials that cannot be had
      if (item.verb == "create" && !item.repeatsCreate && item.resource != "namespaces") {
        std::lock_guard<std::mutex> lock(mutex_);
        ++report_.failed;
      }
      failed(item, std::string("error: ") + e.what());
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      answered_[hit.index] = 1;
    }
    answeredChanged_.notify_all();
  }
}

void ReplayEngine::Impl::monitor(Clock::time_point planEnd) {
  auto lastProgress = Clock::now();
  size_t lastCreated = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!done_) {
    finished_.wait_for(lock, std::chrono::milliseconds(10));
    if (done_) break;
    if (interrupts() > 0 && !stop_) {
      stop_ = true;
      tracker_.wake();
    }
    // An iteration is all Running once each VMI it created runs (or failed) before deletion.
    std::vector<int> allRunning;
    for (auto& [index, state] : iterations_) {
      if (!state.created || state.allRunning || state.deletionStarted) continue;
      const auto counts = tracker_.counts(index);
      if (counts.expected > 0 && counts.running + counts.failed >= counts.expected) {
        state.allRunning = true;
        allRunning.push_back(index);
      }
    }
    const auto now = Clock::now();
    const bool progressDue =
        options_.engine.onProgress && now - lastProgress >= options_.engine.progressInterval;
    Progress progress;
    if (progressDue) {
      const double seconds = std::chrono::duration<double>(now - lastProgress).count();
      progress.workload = "replay of " + plan_.sourceUuid;
      progress.asked = asked_;
      progress.created = report_.created;
      progress.failed = report_.failed;
      progress.stage = stage_;
      progress.achievedQps = static_cast<double>(report_.created - lastCreated) / seconds;
      progress.workloadEnd = timeline_.since(planEnd);
      lastCreated = report_.created;
      lastProgress = now;
    }
    lock.unlock();
    for (int index : allRunning)
      stage(index, IterationRecord::Stage::AllRunning);
    if (progressDue) {
      const auto counts = tracker_.counts();
      progress.byPhase = counts.byPhase;
      progress.gone = counts.gone;
      progress.throttled = log_.throttledTries();
      progress.errors = log_.failedTries();
      progress.elapsed = timeline_.now();
      if (auto remaining = estimateRemaining(progress)) progress.remaining = remaining->time;
      options_.engine.onProgress(progress);
    }
    lock.lock();
  }
}

RunReport ReplayEngine::Impl::run() {
  try {
    event(-1, "watch", "opening watches on " + scenario::runSelector(plan_.uuid));
    watch_.start();
  } catch (const std::exception& e) {
    fail(RunOutcome::Error, 1, std::string("cannot watch the replay's VMIs: ") + e.what());
    event(-1, "error", report_.message);
    return report_;
  }
  const int workers =
      options_.workers > 0 ? options_.workers : replayWorkers(plan_, options_.speed);
  // Every worker's connection is open before the clock starts.
  client_.warmUp(static_cast<size_t>(workers));
  std::vector<RunClock> offsets;
  offsets.reserve(plan_.items.size());
  for (const auto& item : plan_.items)
    offsets.push_back(item.offset);
  const OffsetsPacer pacer(std::move(offsets), options_.speed);
  const auto start = Clock::now();
  const auto planEnd = start + pacer.at(plan_.items.size() - 1);
  event(-1, "replay-start",
        std::to_string(plan_.items.size()) + " requests of run " + plan_.sourceUuid + " at speed " +
            formatRatio(options_.speed) + " with " + std::to_string(workers) + " workers");
  std::thread monitorThread([this, planEnd] { monitor(planEnd); });
  {
    PacedStream stream(pacer, start);
    std::vector<std::thread> pool;
    pool.reserve(static_cast<size_t>(workers));
    for (int i = 0; i < workers; ++i)
      pool.emplace_back([this, &stream] { work(stream); });
    for (auto& thread : pool)
      thread.join();
  }
  event(-1, "replay-end", "every request sent");

  // What the replay deleted, gone; bounded.
  setStage("waiting-gone");
  const auto deadline = Clock::now() + options_.waitGone;
  std::vector<int> withDeletion;
  std::set<std::string> namespaces;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [index, state] : iterations_) {
      if (state.deletes && state.started) withDeletion.push_back(index);
    }
    namespaces = deletedNamespaces_;
  }
  if (!stop_ && (!withDeletion.empty() || !namespaces.empty()))
    event(-1, "wait-start", "waiting for deleted objects to be gone");
  for (int index : withDeletion) {
    if (stop_) break;
    const auto result = tracker_.waitAllGone(index, deadline, stop_);
    if (result == PhaseTracker::WaitResult::Done) {
      stage(index, IterationRecord::Stage::AllGone);
    } else if (result == PhaseTracker::WaitResult::Timeout) {
      const auto stuck = tracker_.notGone(index);
      const std::string message = "timed out after " +
                                  std::to_string(options_.waitGone.count() / 1000) +
                                  " s waiting for deletion: " + std::to_string(stuck.size()) +
                                  " VMIs of iteration " + std::to_string(index) + " still present";
      event(index, "timeout", message);
      fail(RunOutcome::Timeout, 2, message);
    }
  }
  if (!stop_ && !namespaces.empty() && !watch_.waitNamespacesGone(namespaces, deadline, stop_)) {
    if (!stop_) {
      const std::string message = "timed out waiting for the deleted namespaces to be gone";
      event(-1, "timeout", message);
      fail(RunOutcome::Timeout, 2, message);
    }
  }
  {
    std::vector<int> started;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (const auto& [index, state] : iterations_) {
        if (state.started) started.push_back(index);
      }
    }
    for (int index : started)
      stage(index, IterationRecord::Stage::Ended);
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  finished_.notify_all();
  monitorThread.join();

  if (interrupts() > 0) {
    fail(RunOutcome::Interrupted, 130, "interrupted");
    if (interrupts() < 2) {
      event(-1, "cleanup", "interrupted: deleting what the replay created");
      event(-1, "cleanup",
            cleanupInterrupted(client_, scenario::runSelector(plan_.uuid),
                               options_.engine.interrupts, log_, vmiNamespaces(plan_)));
    } else {
      event(-1, "cleanup", "skipped (second signal)");
    }
  } else {
    const auto counts = tracker_.counts();
    if (counts.expected > counts.gone) {
      event(-1, "left",
            std::to_string(counts.expected - counts.gone) +
                " VMIs are left, as the recorded run left its own; delete them with "
                "kubectl perfscale cleanup --uuid " +
                plan_.uuid);
    }
  }
  watch_.stop();
  std::lock_guard<std::mutex> lock(mutex_);
  report_.asked = asked_;
  if (report_.outcome == RunOutcome::Ok && report_.failed > 0 && asked_ > 0) {
    const double ratio = static_cast<double>(report_.failed) / static_cast<double>(asked_);
    if (ratio > options_.maxErrorRatio) {
      report_.outcome = RunOutcome::Error;
      report_.exitCode = 1;
      report_.message = std::to_string(report_.failed) + " creations failed of " +
                        std::to_string(asked_) + " asked, more than --max-error-ratio " +
                        formatRatio(options_.maxErrorRatio);
    }
  }
  return report_;
}

}  // namespace perfscale::engine
