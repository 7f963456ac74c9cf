// The run summary's achieved create rate.
#include <catch2/catch.hpp>

#include "core/stats/run_summary.h"

using perfscale::RequestRecord;
using perfscale::RunClock;
using perfscale::stats::SummaryRecorder;

namespace {

class Discard final : public perfscale::Recorder {
 public:
  void beginRun(const perfscale::RunInfo&) override {}
  void record(perfscale::RequestRecord) override {}
  void record(perfscale::ObjectRecord) override {}
  void record(perfscale::PhaseRecord) override {}
  void record(perfscale::IterationRecord) override {}
  void record(perfscale::EventRecord) override {}
  void endRun(const perfscale::RunEnd&) override {}
  void flush() override {}
};

RequestRecord create(const std::string& resource, int64_t grantedMs, int tryNumber = 1) {
  RequestRecord r;
  r.verb = "create";
  r.resource = resource;
  r.iteration = 1;
  r.tryNumber = tryNumber;
  r.status = 201;
  r.granted = RunClock(grantedMs * 1'000'000);
  r.sent = r.granted;
  r.done = r.granted;
  return r;
}

}  // namespace

TEST_CASE("summary: the achieved rate counts the paced creations after the burst") {
  Discard discard;
  SummaryRecorder summary(discard);
  // 10 granted at once (the burst), then one every 10 ms: 100 per second.
  for (int i = 0; i < 10; ++i)
    summary.record(create("virtualmachineinstances", 1000));
  for (int i = 1; i <= 50; ++i)
    summary.record(create("virtualmachineinstances", 1000 + 10 * i));
  CHECK(summary.summary().achievedCreateRate(10).value_or(0) == Approx(100.0));
}

TEST_CASE("summary: the namespace made before the creations and retries do not count") {
  Discard discard;
  SummaryRecorder summary(discard);
  summary.record(create("namespaces", 0));  // a second before the first VMI
  for (int i = 0; i <= 100; ++i)
    summary.record(create("virtualmachineinstances", 1000 + 10 * i));
  summary.record(create("virtualmachineinstances", 3000, 2));  // a retry, much later
  CHECK(summary.summary().achievedCreateRate(1).value_or(0) == Approx(100.0));
}

TEST_CASE("summary: a run whose creates all fit in the burst has no achieved rate") {
  Discard discard;
  SummaryRecorder summary(discard);
  for (int i = 0; i < 10; ++i)
    summary.record(create("virtualmachineinstances", 1000));
  CHECK_FALSE(summary.summary().achievedCreateRate(10).has_value());
  CHECK_FALSE(summary.summary().achievedCreateRate(20).has_value());
}
