// The progress line's estimate of the time left in a workload.
#include <catch2/catch.hpp>

#include "core/engine/run_engine.h"

using namespace std::chrono_literals;
using perfscale::RunClock;
using perfscale::engine::estimateRemaining;
using perfscale::engine::Progress;

namespace {

Progress iterations(int iteration, int of) {
  Progress p;
  p.iteration = iteration;
  p.iterations = of;
  p.qps = 10;
  p.perIteration = 100;
  return p;
}

}  // namespace

TEST_CASE("remaining: before any iteration ends, the creations left at the asked rate") {
  auto p = iterations(1, 3);
  p.stage = "creating";
  p.asked = 100;
  p.created = 30;
  p.failed = 10;
  p.elapsed = RunClock(4s);
  const auto left = estimateRemaining(p);
  REQUIRE(left);
  CHECK(left->lowerBound);
  // 60 of this iteration and 2 x 100 of the next two, at 10/s.
  CHECK(left->time == RunClock(26s));
}

TEST_CASE("remaining: after iterations end, their mean for each one left less the current") {
  auto p = iterations(3, 4);
  p.finishedIterations = 2;
  p.finishedIterationsTime = RunClock(40s);
  p.iterationStarted = RunClock(41s);
  p.elapsed = RunClock(46s);
  const auto left = estimateRemaining(p);
  REQUIRE(left);
  CHECK_FALSE(left->lowerBound);
  CHECK(left->time == RunClock(35s));  // 2 left x 20 s - 5 s into the third
}

TEST_CASE("remaining: never negative when an iteration runs longer than the mean") {
  auto p = iterations(2, 2);
  p.finishedIterations = 1;
  p.finishedIterationsTime = RunClock(10s);
  p.iterationStarted = RunClock(10s);
  p.elapsed = RunClock(40s);
  CHECK(estimateRemaining(p)->time == RunClock(0));
}

TEST_CASE("remaining: a steady-state workload ends at its timeout") {
  Progress p;
  p.workloadEnd = RunClock(300s);
  p.elapsed = RunClock(120s);
  const auto left = estimateRemaining(p);
  REQUIRE(left);
  CHECK(left->time == RunClock(180s));
  CHECK_FALSE(left->lowerBound);
}

TEST_CASE("remaining: no basis, no estimate") {
  CHECK_FALSE(estimateRemaining(Progress{}));
  auto waiting = iterations(1, 1);
  waiting.stage = "waiting-running";
  waiting.asked = waiting.created = 100;
  CHECK_FALSE(estimateRemaining(waiting));
  auto unlimited = iterations(1, 2);
  unlimited.qps = 0;
  CHECK_FALSE(estimateRemaining(unlimited));
}
