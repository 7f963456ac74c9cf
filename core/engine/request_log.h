// Turns the transport's per-try reports into the trace's request records: one record per
// try, numbered in dispatch order, retries pointing at their first try.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "core/engine/run_timeline.h"
#include "core/kube/try_report.h"
#include "core/record.h"

namespace perfscale::engine {

// What the engine knows about a request that the transport does not.
struct RequestContext {
  RequestContext() = default;
  RequestContext(std::string verb_, std::string resource_, std::string ns_, std::string name_,
                 int iteration_ = -1, RunClock scheduled_ = RunClock{-1}, std::string payload_ = "")
      : verb(std::move(verb_)),
        resource(std::move(resource_)),
        ns(std::move(ns_)),
        name(std::move(name_)),
        iteration(iteration_),
        scheduled(scheduled_),
        payload(std::move(payload_)) {}

  std::string verb;  // create, delete, deletecollection, list, get, watch
  std::string resource;
  std::string ns;
  std::string name;
  int iteration = -1;
  RunClock scheduled{-1};  // the pacer's ideal time; -1: the first try's grant
  std::string payload;     // the body, for replay (first try only)
  // A replay re-sends a recorded later try as a request of its own: it is recorded as try
  // `tryNumber` of the request whose first try has seq `retryOf` (0 when unknown). 0: the
  // transport's count.
  int tryNumber = 0;
  uint64_t retryOf = 0;
  // Hears the seq given to each try's record (a replay maps the source's tries to its own).
  std::function<void(uint64_t seq)> onRecorded;
};

class RequestLog {
 public:
  RequestLog(Recorder& recorder, const RunTimeline& timeline)
      : recorder_(recorder), timeline_(timeline) {}
  // An observer for one request's tries. Copies `context`; use it for one request only.
  kube::TryObserver observer(RequestContext context);
  uint64_t requests() const { return next_.load() - 1; }
  // Tries answered 429, and other tries that failed (an answer >= 400, or none), counted as
  // each try is reported, so progress shows a 429 storm while it lasts.
  uint64_t throttledTries() const { return throttled_.load(); }
  uint64_t failedTries() const { return failed_.load(); }
  // The API server has answered no try since `since` (every try since then got no answer):
  // an outage under way, for messages. Nothing once any try is answered.
  struct Unreachable {
    RunClock since{0};
    std::string error;  // the first unanswered try's
  };
  std::optional<Unreachable> unreachable() const;

 private:
  Recorder& recorder_;
  const RunTimeline& timeline_;
  std::atomic<uint64_t> next_{1};
  std::atomic<uint64_t> throttled_{0};
  std::atomic<uint64_t> failed_{0};
  mutable std::mutex unreachableMutex_;
  std::optional<Unreachable> unreachable_;
};

}  // namespace perfscale::engine
