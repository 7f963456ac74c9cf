// Executes a ReplayPlan (replay_plan.h) open loop: the run's watches first, as `run` opens
// them, then every planned request sent at its offset divided by the speed by whichever worker
// is free (pacer.h), each try once (nothing is retried: the recorded tries are the requests),
// a slow answer never delaying the next request. Objects, phases and iterations are recorded
// as a run records them, so the replay's trace is a run that `report` and `diff` read. At the
// end it waits, bounded, until what it deleted is gone.
#pragma once

#include <chrono>

#include "core/engine/replay_plan.h"
#include "core/engine/run_engine.h"

namespace perfscale::engine {

struct ReplayOptions {
  double speed = 1;  // the recorded offsets are divided by it
  int workers = 0;   // 0: sized from the plan's busiest quarter second at this speed
  std::chrono::milliseconds waitGone{std::chrono::minutes(5)};  // the final wait
  double maxErrorRatio = 0;  // failed creates / creates, as `run`'s --max-error-ratio
  EngineOptions engine;      // interrupts and progress
};

// Workers for an open loop: twice the requests of the busiest 250 ms, 8 to 512.
int replayWorkers(const ReplayPlan& plan, double speed);

class ReplayEngine {
 public:
  ReplayEngine(const ReplayPlan& plan, kube::RestClient& client, Recorder& recorder,
               const RunTimeline& timeline, ReplayOptions options);
  ~ReplayEngine();
  RunReport run();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace perfscale::engine
