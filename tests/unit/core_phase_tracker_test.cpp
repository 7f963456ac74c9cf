// The phase tracker: first sightings become phase records, waits settle or time out.
#include <catch2/catch.hpp>

#include <thread>

#include "core/engine/phase_tracker.h"
#include "tests/support/memory_recorder.h"

using namespace std::chrono_literals;
using perfscale::engine::PhaseTracker;
using perfscale::engine::VmiObservation;

namespace {

VmiObservation seen(const std::string& name, const std::string& phase,
                    std::vector<std::pair<std::string, int64_t>> transitions, int64_t atMs,
                    VmiObservation::Type type = VmiObservation::Type::Modified) {
  VmiObservation o;
  o.type = type;
  o.ns = "ns";
  o.name = name;
  o.uid = "uid-" + name;
  o.phase = phase;
  o.transitions = std::move(transitions);
  o.receivedAt = std::chrono::milliseconds(atMs);
  return o;
}

std::vector<std::string> phaseNames(const perfscale::test::MemoryRecorder& recorder) {
  std::vector<std::string> names;
  for (const auto& p : recorder.phases)
    names.push_back(p.name + ":" + p.phase);
  return names;
}

}  // namespace

TEST_CASE("phase tracker: each phase is recorded once, when first seen, with server time") {
  perfscale::test::MemoryRecorder recorder;
  PhaseTracker tracker(recorder);
  tracker.observe(seen("a", "Pending", {{"Pending", 1000}}, 5, VmiObservation::Type::Added));
  tracker.observe(seen("a", "Pending", {{"Pending", 1000}}, 6));
  tracker.observe(seen("a", "Scheduling", {{"Pending", 1000}, {"Scheduling", 2000}}, 7));
  REQUIRE(phaseNames(recorder) == std::vector<std::string>{"a:Pending", "a:Scheduling"});
  CHECK(recorder.phases[1].observedAt == 7ms);
  CHECK(recorder.phases[1].serverNs == 2000);
  CHECK(recorder.phases[1].uid == "uid-a");
}

TEST_CASE("phase tracker: phases skipped between two events come from the timestamps list") {
  perfscale::test::MemoryRecorder recorder;
  PhaseTracker tracker(recorder);
  tracker.observe(seen("b", "Pending", {{"Pending", 1}}, 1));
  tracker.observe(seen("b", "Running",
                       {{"Pending", 1}, {"Scheduling", 2}, {"Scheduled", 3}, {"Running", 4}}, 9));
  CHECK(phaseNames(recorder) ==
        std::vector<std::string>{"b:Pending", "b:Scheduling", "b:Scheduled", "b:Running"});
  CHECK(recorder.phases[3].observedAt == 9ms);
}

TEST_CASE("phase tracker: a phase without a timestamp yet is recorded without server time") {
  perfscale::test::MemoryRecorder recorder;
  PhaseTracker tracker(recorder);
  tracker.observe(seen("c", "Pending", {}, 1));
  REQUIRE(recorder.phases.size() == 1);
  CHECK_FALSE(recorder.phases[0].serverNs.has_value());
}

TEST_CASE("phase tracker: waiting for Running settles when all expected VMIs ran or failed") {
  perfscale::test::MemoryRecorder recorder;
  PhaseTracker tracker(recorder);
  std::atomic<bool> stop{false};
  tracker.expect("ns", "x", 0);
  tracker.expect("ns", "y", 0);
  tracker.expect("ns", "z", 1);
  tracker.observe(seen("x", "Running", {{"Running", 1}}, 1));
  CHECK(tracker.waitAllRunning(0, std::chrono::steady_clock::now() + 50ms, stop) ==
        PhaseTracker::WaitResult::Timeout);
  auto stuck = tracker.notRunning(0);
  REQUIRE(stuck.size() == 1);
  CHECK(stuck[0].name == "y");
  CHECK(stuck[0].phase.empty());

  std::thread later([&] {
    std::this_thread::sleep_for(30ms);
    tracker.observe(seen("y", "Failed", {{"Failed", 2}}, 2));
  });
  CHECK(tracker.waitAllRunning(0, std::chrono::steady_clock::now() + 5s, stop) ==
        PhaseTracker::WaitResult::Done);
  later.join();
  auto counts = tracker.counts(0);
  CHECK(counts.expected == 2);
  CHECK(counts.running == 1);
  CHECK(counts.failed == 1);
}

TEST_CASE("phase tracker: the wait deadline is absolute: a trickle of events does not extend it") {
  perfscale::test::MemoryRecorder recorder;
  PhaseTracker tracker(recorder);
  std::atomic<bool> stop{false};
  tracker.expect("ns", "slow", 0);
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    for (int i = 0; i < 40 && !done; ++i) {
      tracker.observe(seen("slow", "Pending", {{"Pending", 1}}, i));
      std::this_thread::sleep_for(10ms);
    }
  });
  const auto started = std::chrono::steady_clock::now();
  CHECK(tracker.waitAllRunning(0, started + 100ms, stop) == PhaseTracker::WaitResult::Timeout);
  CHECK(std::chrono::steady_clock::now() - started < 300ms);
  done = true;
  trickle.join();
}

TEST_CASE("phase tracker: deletion records a Gone object and settles the gone wait") {
  perfscale::test::MemoryRecorder recorder;
  PhaseTracker tracker(recorder);
  std::atomic<bool> stop{false};
  tracker.expect("ns", "d", 3);
  tracker.observe(seen("d", "Running", {{"Running", 1}}, 1));
  CHECK(tracker.waitAllGone(3, std::chrono::steady_clock::now() + 20ms, stop) ==
        PhaseTracker::WaitResult::Timeout);
  tracker.observe(seen("d", "Succeeded", {{"Running", 1}, {"Succeeded", 2}}, 5));
  tracker.observe(
      seen("d", "Succeeded", {{"Running", 1}, {"Succeeded", 2}}, 6, VmiObservation::Type::Deleted));
  CHECK(tracker.waitAllGone(3, std::chrono::steady_clock::now() + 1s, stop) ==
        PhaseTracker::WaitResult::Done);
  REQUIRE(recorder.objects.size() == 1);
  CHECK(recorder.objects[0].stage == perfscale::ObjectRecord::Stage::Gone);
  CHECK(recorder.objects[0].iteration == 3);
  CHECK(recorder.objects[0].at == 6ms);
}

TEST_CASE("phase tracker: VMIs missing from a relist are gone, marked late") {
  perfscale::test::MemoryRecorder recorder;
  PhaseTracker tracker(recorder);
  tracker.observe(seen("p", "Running", {{"Running", 1}}, 1));
  tracker.observe(seen("q", "Running", {{"Running", 1}}, 1));
  CHECK(tracker.present().size() == 2);
  tracker.goneWhileAway(std::chrono::milliseconds(50), {{"ns", "q"}});
  CHECK(tracker.present() == std::vector<std::pair<std::string, std::string>>{{"ns", "p"}});
  REQUIRE(recorder.objects.size() == 1);
  CHECK(recorder.objects[0].name == "q");
}

TEST_CASE("phase tracker: an interrupted wait returns at once") {
  perfscale::test::MemoryRecorder recorder;
  PhaseTracker tracker(recorder);
  std::atomic<bool> stop{true};
  tracker.expect("ns", "i", 0);
  CHECK(tracker.waitAllRunning(0, std::chrono::steady_clock::now() + 10s, stop) ==
        PhaseTracker::WaitResult::Interrupted);
}

TEST_CASE("phase tracker: the VMIs not gone are walked in name order, a slice at a time") {
  perfscale::test::MemoryRecorder recorder;
  PhaseTracker tracker(recorder);
  for (const std::string name : {"d", "a", "e", "c", "b", "f"})
    tracker.expect("ns", name, name == "f" ? 1 : 0);  // f: another iteration
  tracker.expect("other", "a", 0);
  tracker.observe(seen("c", "Running", {{"Running", 1}}, 1));
  tracker.observe(seen("c", "", {}, 2, VmiObservation::Type::Deleted));  // c is gone
  std::vector<std::string> walked;
  std::string after;
  std::vector<size_t> slices;
  for (int guard = 0; guard < 10; ++guard) {
    const size_t called = tracker.forEachNotGone(
        0, "ns", after, 2, [&](const std::string& ns, const std::string& name) {
          CHECK(ns == "ns");
          walked.push_back(name);
          after = name;
        });
    slices.push_back(called);
    if (called < 2) break;
  }
  CHECK(walked == std::vector<std::string>{"a", "b", "d", "e"});
  CHECK(slices == std::vector<size_t>{2, 2, 0});
  CHECK(tracker.forEachNotGone(0, "none", "", 10, [](const std::string&, const std::string&) {
    FAIL("a namespace without VMIs");
  }) == 0);
}
