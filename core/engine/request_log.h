// Turns the transport's per-try reports into the trace's request records: one record per
// try, numbered in dispatch order, retries pointing at their first try.
#pragma once

#include <atomic>
#include <string>

#include "core/engine/run_timeline.h"
#include "core/kube/try_report.h"
#include "core/record.h"

namespace perfscale::engine {

// What the engine knows about a request that the transport does not.
struct RequestContext {
  std::string verb;  // create, delete, deletecollection, list, get, watch
  std::string resource;
  std::string ns;
  std::string name;
  int iteration = -1;
  RunClock scheduled{-1};  // the pacer's ideal time; -1: the first try's grant
  std::string payload;     // the body, for replay (first try only)
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

 private:
  Recorder& recorder_;
  const RunTimeline& timeline_;
  std::atomic<uint64_t> next_{1};
  std::atomic<uint64_t> throttled_{0};
  std::atomic<uint64_t> failed_{0};
};

}  // namespace perfscale::engine
