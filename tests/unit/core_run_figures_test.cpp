// A run's figures from its records: percentiles, phase and deletion latencies by both clocks,
// rates, what never ran, and that the order of the records does not matter.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "core/stats/figure_metrics.h"
#include "core/stats/latency_histogram.h"
#include "core/stats/run_figures.h"

using perfscale::IterationRecord;
using perfscale::ObjectRecord;
using perfscale::PhaseRecord;
using perfscale::RequestRecord;
using perfscale::RunClock;
using perfscale::stats::FigureBuilder;
using perfscale::stats::LatencyHistogram;
using perfscale::stats::metricValue;
using perfscale::stats::RunFigures;

namespace {

constexpr int64_t kMs = 1'000'000;
constexpr int64_t kEpoch = 1'700'000'000'000'000'000;  // server times, ns since the epoch

RequestRecord create(const std::string& resource, int64_t grantedMs, int tryNumber = 1,
                     const std::string& name = "", int status = 201) {
  RequestRecord r;
  r.verb = "create";
  r.resource = resource;
  r.iteration = 1;
  r.name = name;
  r.ns = "ns";
  r.tryNumber = tryNumber;
  r.status = status;
  r.scheduled = RunClock(grantedMs * kMs);
  r.granted = r.scheduled;
  r.sent = r.granted;
  r.done = r.granted + RunClock(2 * kMs);
  return r;
}

perfscale::RunInfo runInfo(int burst) {
  perfscale::RunInfo info;
  info.uuid = "5b0c4a1e-1111-4222-8333-944455556666";
  info.scenarioResolved =
      R"({"workloads":[{"kind":"iterations","qps":100,"burst":)" + std::to_string(burst) + "}]}";
  info.arguments = {"--token", "secret", "--qps", "100"};
  return info;
}

RunFigures ratesOf(const std::vector<RequestRecord>& requests, int burst) {
  FigureBuilder builder;
  builder.begin(runInfo(burst));
  for (const auto& r : requests)
    builder.add(r);
  builder.end({RunClock(5'000 * kMs), perfscale::RunOutcome::Ok, 0});
  return builder.figures();
}

// One VMI's life: created at 0, Pending 100 ms, Running 900 ms (client); the server stamps
// creation at kEpoch and each phase 50 ms before the client sees it.
void addVmi(FigureBuilder& builder, const std::string& name, int64_t runningMs,
            bool deleted = true) {
  builder.add(create("virtualmachineinstances", 0, 1, name));
  builder.add(ObjectRecord{perfscale::kKindVmi, "ns", name, "", 1, ObjectRecord::Stage::Created,
                           RunClock(3 * kMs)});
  auto phase = [&](const std::string& which, int64_t atMs) {
    PhaseRecord p;
    p.ns = "ns";
    p.name = name;
    p.phase = which;
    p.observedAt = RunClock(atMs * kMs);
    p.serverNs = kEpoch + (atMs - 50) * kMs;
    p.createdServerNs = kEpoch;
    if (which == "Succeeded") p.deletionServerNs = kEpoch + (runningMs + 950) * kMs;
    builder.add(p);
  };
  phase("Pending", 100);
  phase("Running", runningMs);
  if (!deleted) return;
  builder.add(ObjectRecord{perfscale::kKindVmi, "ns", name, "", 1,
                           ObjectRecord::Stage::DeletionRequested,
                           RunClock((runningMs + 1000) * kMs)});
  phase("Succeeded", runningMs + 1300);
  builder.add(ObjectRecord{perfscale::kKindVmi, "ns", name, "", 1, ObjectRecord::Stage::Gone,
                           RunClock((runningMs + 1500) * kMs)});
}

}  // namespace

TEST_CASE("figures: percentiles are nearest-rank, exact on 1..100", "[figures]") {
  LatencyHistogram h;
  for (int64_t v = 100; v >= 1; --v)
    h.add(v * kMs);
  const auto d = h.summary();
  CHECK(d.exact);
  CHECK(d.count == 100);
  CHECK(d.min == 1 * kMs);
  CHECK(d.p50 == 50 * kMs);
  CHECK(d.p90 == 90 * kMs);
  CHECK(d.p95 == 95 * kMs);  // not 96: 0.95 * 100 is 95 exactly
  CHECK(d.p99 == 99 * kMs);
  CHECK(d.max == 100 * kMs);
  CHECK(d.mean == Approx(50.5 * kMs));
  // Ten values: P50 is the 5th, P90 the 9th, P95 and P99 the 10th.
  LatencyHistogram ten;
  for (int64_t v = 1; v <= 10; ++v)
    ten.add(v);
  CHECK(ten.summary().p50 == 5);
  CHECK(ten.summary().p90 == 9);
  CHECK(ten.summary().p95 == 10);
  CHECK(ten.summary().p99 == 10);
}

TEST_CASE("figures: a histogram's samples move out whole, reserved or not", "[figures]") {
  LatencyHistogram reserved;
  reserved.reserve(50);
  LatencyHistogram grown;
  for (int64_t v = 1; v <= 50; ++v) {
    reserved.add(v * kMs);
    grown.add(v * kMs);
  }
  CHECK(reserved.samples() == grown.samples());
  CHECK(reserved.summary().p90 == grown.summary().p90);
  const auto exact = reserved.summary();
  const auto samples = reserved.takeSamples();
  REQUIRE(samples.size() == 50);
  CHECK(samples.front() == 1 * kMs);
  CHECK(samples.back() == 50 * kMs);
  CHECK(reserved.samples().empty());
  // Afterwards the buckets answer, within their 1.6%.
  const auto fromBuckets = reserved.summary();
  CHECK_FALSE(fromBuckets.exact);
  CHECK(fromBuckets.count == 50);
  CHECK(fromBuckets.p50 >= exact.p50);
  CHECK(static_cast<double>(fromBuckets.p50) <= static_cast<double>(exact.p50) * 1.016);
  // Past the exact limit a reservation asks for nothing.
  LatencyHistogram big;
  big.reserve(LatencyHistogram::kExactLimit + 1);
  CHECK(big.samples().capacity() == 0);
}

TEST_CASE("figures: past the exact limit percentiles come from buckets within 1.6%", "[figures]") {
  LatencyHistogram h;
  std::mt19937_64 random(42);
  std::uniform_int_distribution<int64_t> uniform(1 * kMs, 10'000 * kMs);
  std::vector<int64_t> all;
  for (size_t i = 0; i < LatencyHistogram::kExactLimit + 1000; ++i) {
    all.push_back(uniform(random));
    h.add(all.back());
  }
  const auto d = h.summary();
  CHECK_FALSE(d.exact);
  std::sort(all.begin(), all.end());
  for (const auto& [got, p] : {std::pair<int64_t, double>{d.p50, 50}, {d.p90, 90}, {d.p99, 99}}) {
    const auto exact = static_cast<double>(perfscale::stats::percentile(all, p));
    INFO("P" << p << ": " << got << " vs " << exact);
    CHECK(static_cast<double>(got) >= exact);
    CHECK(static_cast<double>(got) <= exact * 1.016);
  }
  CHECK(d.min == all.front());
  CHECK(d.max == all.back());
  // The CDF keeps both extremes.
  const auto cdf = h.cdf(50);
  REQUIRE(cdf.size() <= 50);
  CHECK(cdf.back().fraction == Approx(1.0));
  CHECK(cdf.back().ns == all.back());
}

TEST_CASE("figures: the achieved rate counts the paced creations after the burst", "[figures]") {
  std::vector<RequestRecord> requests;
  // 10 granted at once (the burst), then one every 10 ms: 100 per second.
  for (int i = 0; i < 10; ++i)
    requests.push_back(create("virtualmachineinstances", 1000));
  for (int i = 1; i <= 50; ++i)
    requests.push_back(create("virtualmachineinstances", 1000 + 10 * i));
  CHECK(ratesOf(requests, 10).achievedRate.value_or(0) == Approx(100.0));
}

TEST_CASE("figures: the namespace made before the creations and retries do not count",
          "[figures]") {
  std::vector<RequestRecord> requests = {create("namespaces", 0)};
  for (int i = 0; i <= 100; ++i)
    requests.push_back(create("virtualmachineinstances", 1000 + 10 * i));
  requests.push_back(create("virtualmachineinstances", 3000, 2));  // a retry, much later
  const auto f = ratesOf(requests, 1);
  CHECK(f.achievedRate.value_or(0) == Approx(100.0));
  CHECK(f.asked == 101);
}

TEST_CASE("figures: a run whose creates all fit in the burst has no achieved rate", "[figures]") {
  std::vector<RequestRecord> requests;
  for (int i = 0; i < 10; ++i)
    requests.push_back(create("virtualmachineinstances", 1000));
  CHECK_FALSE(ratesOf(requests, 10).achievedRate.has_value());
  CHECK_FALSE(ratesOf(requests, 20).achievedRate.has_value());
}

TEST_CASE(
    "figures: phase latency by the server's clock is from creationTimestamp, by the "
    "client's from the create request",
    "[figures]") {
  FigureBuilder builder;
  builder.begin(runInfo(10));
  addVmi(builder, "a", 900);
  builder.end({RunClock(5'000 * kMs), perfscale::RunOutcome::Ok, 0});
  const auto f = builder.figures();
  REQUIRE(f.phases.size() == 3);
  CHECK(f.phases[0].phase == "Pending");
  CHECK(f.phases[0].server.p50 == 50 * kMs);  // not 0: from creation, not from Pending
  CHECK(f.phases[0].client.p50 == 100 * kMs);
  CHECK(f.phases[1].phase == "Running");
  CHECK(f.phases[1].server.p50 == 850 * kMs);
  CHECK(f.phases[1].client.p50 == 900 * kMs);
  // Deletion: from the deletion request, not from creation.
  REQUIRE(f.deletion.size() == 2);
  CHECK(f.deletion[0].to == "Succeeded");
  CHECK(f.deletion[0].client.p50 == 300 * kMs);
  CHECK(f.deletion[0].server.p50 == (2150 - 1850) * kMs);
  CHECK(f.deletion[1].to == "gone");
  CHECK(f.deletion[1].client.p50 == 500 * kMs);
  // Secrets never reach the figures.
  CHECK(std::find(f.info.arguments.begin(), f.info.arguments.end(), "secret") ==
        f.info.arguments.end());
  CHECK(metricValue(f, "Running.P99") == Approx(0.9));
  CHECK(metricValue(f, "Running.server.P50") == Approx(0.85));
  CHECK(metricValue(f, "deleted.P99") == Approx(0.5));
  CHECK(metricValue(f, "deleted.Succeeded.server.P99") == Approx(0.3));
  CHECK(metricValue(f, "Running.count") == Approx(1));
  CHECK(metricValue(f, "Failed.count") == Approx(0));
  CHECK_FALSE(metricValue(f, "Failed.P99"));
  CHECK(metricValue(f, "create.errors") == Approx(0));
  CHECK(metricValue(f, "create.virtualmachineinstances.P99") == Approx(0.002));
  CHECK_FALSE(metricValue(f, "Bogus.thing.here.now"));
}

TEST_CASE("figures: VMIs that failed or vanished never ran - the ones left waiting are stuck",
          "[figures]") {
  FigureBuilder builder;
  builder.begin(runInfo(10));
  addVmi(builder, "ran", 900);
  // Failed before running.
  builder.add(create("virtualmachineinstances", 0, 1, "failed"));
  builder.add(ObjectRecord{perfscale::kKindVmi, "ns", "failed", "", 1, ObjectRecord::Stage::Created,
                           RunClock(kMs)});
  PhaseRecord failed;
  failed.ns = "ns";
  failed.name = "failed";
  failed.phase = "Failed";
  failed.observedAt = RunClock(500 * kMs);
  builder.add(failed);
  // Pending for ever, then deleted by the run after its timeout: stuck, not "never ran".
  builder.add(create("virtualmachineinstances", 0, 1, "stuck"));
  builder.add(ObjectRecord{perfscale::kKindVmi, "ns", "stuck", "", 1, ObjectRecord::Stage::Created,
                           RunClock(kMs)});
  PhaseRecord pending = failed;
  pending.name = "stuck";
  pending.phase = "Pending";
  builder.add(pending);
  builder.add(ObjectRecord{perfscale::kKindVmi, "ns", "stuck", "", 1,
                           ObjectRecord::Stage::DeletionRequested, RunClock(4000 * kMs)});
  builder.add(ObjectRecord{perfscale::kKindVmi, "ns", "stuck", "", 1, ObjectRecord::Stage::Gone,
                           RunClock(4100 * kMs)});
  // A namespace that existed already: reused, not an error.
  auto exists = create("namespaces", 0, 1, "default", 409);
  exists.reason = "AlreadyExists";
  builder.add(exists);
  builder.end({RunClock(5'000 * kMs), perfscale::RunOutcome::Timeout, 2});
  const auto f = builder.figures();
  REQUIRE(f.neverRan.size() == 1);
  CHECK(f.neverRan[0].name == "failed");
  CHECK(f.neverRan[0].phase == "Failed");
  REQUIRE(f.stuck.size() == 1);
  CHECK(f.stuck[0].name == "stuck");
  CHECK(f.stuck[0].phase == "Pending");
  CHECK(f.reusedNamespaces == std::vector<std::string>{"default"});
  CHECK(f.errors == 0);
  CHECK(f.errorsByReason.empty());
  CHECK(f.created == 3);
  CHECK(f.asked == 3);
}

TEST_CASE("figures: the order of the records does not change the figures", "[figures]") {
  // The same records live (as they happen) and from a trace (table by table).
  FigureBuilder live;
  live.begin(runInfo(2));
  for (int i = 0; i < 20; ++i)
    addVmi(live, "vmi-" + std::to_string(i), 900 + 37 * i);
  live.add(IterationRecord{1, IterationRecord::Stage::Started, RunClock(0), {"ns"}});
  live.add(IterationRecord{1, IterationRecord::Stage::Ended, RunClock(4000 * kMs), {}});
  live.end({RunClock(5'000 * kMs), perfscale::RunOutcome::Ok, 0});

  FigureBuilder reversed;
  reversed.begin(runInfo(2));
  reversed.end({RunClock(5'000 * kMs), perfscale::RunOutcome::Ok, 0});
  reversed.add(IterationRecord{1, IterationRecord::Stage::Ended, RunClock(4000 * kMs), {}});
  reversed.add(IterationRecord{1, IterationRecord::Stage::Started, RunClock(0), {"ns"}});
  for (int i = 19; i >= 0; --i)
    addVmi(reversed, "vmi-" + std::to_string(i), 900 + 37 * i);

  const auto a = live.figures();
  const auto b = reversed.figures();
  REQUIRE(a.phases.size() == b.phases.size());
  for (size_t i = 0; i < a.phases.size(); ++i) {
    CHECK(a.phases[i].phase == b.phases[i].phase);
    CHECK(a.phases[i].server.p99 == b.phases[i].server.p99);
    CHECK(a.phases[i].client.p50 == b.phases[i].client.p50);
  }
  REQUIRE(a.seconds.size() == b.seconds.size());
  for (size_t i = 0; i < a.seconds.size(); ++i)
    CHECK(a.seconds[i].byPhase == b.seconds[i].byPhase);
  CHECK(a.iterations.size() == 1);
  CHECK(a.iterations[0].vmis == 20);
  CHECK(b.iterations[0].vmis == 20);
  // VMIs by phase over time: all 20 Running at second 1 (the last Running is at 1.6 s),
  // none left at the end.
  REQUIRE(a.seconds.size() == 6);
  const auto running = static_cast<size_t>(
      std::find(a.phaseOrder.begin(), a.phaseOrder.end(), "Running") - a.phaseOrder.begin());
  CHECK(a.seconds[1].byPhase.at(running) == 20);
  size_t left = 0;
  for (size_t n : a.seconds.back().byPhase)
    left += n;
  CHECK(left == 0);
}

TEST_CASE(
    "figures: a VMI with more phases than usual, or a server with hundreds of phase names, "
    "keeps every one in arrival order",
    "[figures]") {
  FigureBuilder builder;
  builder.begin(runInfo(2));
  builder.add(create("virtualmachineinstances", 0, 1, "flapping"));
  // Nine phase records (five fit inline), then 300 distinct names (ids past a byte) on another.
  const std::vector<std::string> flaps{"Pending",   "Scheduling", "Scheduled",
                                       "Running",   "Pending",    "Scheduling",
                                       "Scheduled", "Running",    "Failed"};
  for (size_t i = 0; i < flaps.size(); ++i) {
    PhaseRecord p;
    p.ns = "ns";
    p.name = "flapping";
    p.phase = flaps[i];
    p.observedAt = RunClock(static_cast<int64_t>(100 * (i + 1)) * kMs);
    p.serverNs = kEpoch + static_cast<int64_t>(100 * (i + 1)) * kMs;
    p.createdServerNs = kEpoch;
    builder.add(p);
  }
  builder.add(create("virtualmachineinstances", 0, 1, "strange"));
  for (int i = 0; i < 300; ++i) {
    PhaseRecord p;
    p.ns = "ns";
    p.name = "strange";
    p.phase = "Phase" + std::to_string(i);
    p.observedAt = RunClock((2000 + i) * kMs);
    builder.add(p);
  }
  builder.end({RunClock(5'000 * kMs), perfscale::RunOutcome::Ok, 0});
  const auto f = builder.figures();
  const auto phase = [&f](const std::string& name) {
    const auto it = std::find_if(f.phases.begin(), f.phases.end(),
                                 [&](const auto& p) { return p.phase == name; });
    REQUIRE(it != f.phases.end());
    return *it;
  };
  // Both visits to Running count, by the server's clock and the client's, in order.
  CHECK(phase("Running").clientSamples == std::vector<int64_t>{400 * kMs, 800 * kMs});
  CHECK(phase("Running").serverSamples == std::vector<int64_t>{400 * kMs, 800 * kMs});
  CHECK(phase("Failed").clientSamples == std::vector<int64_t>{900 * kMs});
  CHECK(phase("Phase0").clientSamples == std::vector<int64_t>{2000 * kMs});
  CHECK(phase("Phase299").clientSamples == std::vector<int64_t>{2299 * kMs});
  // The last phase each VMI reached is what the second's counts show.
  const auto place = [&f](const std::string& name) {
    return static_cast<size_t>(std::find(f.phaseOrder.begin(), f.phaseOrder.end(), name) -
                               f.phaseOrder.begin());
  };
  REQUIRE_FALSE(f.seconds.empty());
  CHECK(f.seconds.front().byPhase.at(place("Failed")) == 1);
  CHECK(f.seconds.back().byPhase.at(place("Phase299")) == 1);
  CHECK(f.seconds.back().byPhase.at(place("Failed")) == 1);
}
