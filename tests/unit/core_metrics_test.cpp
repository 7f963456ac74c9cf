// The metrics registry and its text exposition (Prometheus format 0.0.4), and the run's
// metrics as records feed them.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <thread>

#include "core/metrics/exposition.h"
#include "core/metrics/registry.h"
#include "core/metrics/run_metrics.h"
#include "tests/support/memory_recorder.h"

using perfscale::metrics::exposition;
using perfscale::metrics::Registry;
using perfscale::metrics::Type;
using std::chrono::milliseconds;

namespace {

bool has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

// The value of the sample `series` (name and labels), NaN when there is none.
double valueOf(const std::string& text, const std::string& series) {
  const auto at = text.find("\n" + series + " ");
  return at == std::string::npos ? std::nan("") : std::stod(text.substr(at + series.size() + 2));
}

}  // namespace

TEST_CASE("metrics: a counter has HELP and TYPE lines and one sample per label values") {
  Registry registry;
  auto& family = registry.add("perfscale_things_total", "Things.", Type::Counter, {"kind"});
  family.counter({"a"}).inc();
  family.counter({"a"}).inc(2);
  family.counter({"b"}).inc();
  const auto text = exposition(registry);
  CHECK(text ==
        "# HELP perfscale_things_total Things.\n"
        "# TYPE perfscale_things_total counter\n"
        "perfscale_things_total{kind=\"a\"} 3\n"
        "perfscale_things_total{kind=\"b\"} 1\n");
}

TEST_CASE("metrics: label values escape backslash, double quote and newline, and HELP text too") {
  Registry registry;
  registry.setConstantLabels({{"uuid", "u-1"}, {"scenario", "say \"hi\"\\\nbye"}});
  registry.add("g", "line one\nline \\two \"quoted\"", Type::Gauge, {}).gauge({}).set(1.5);
  const auto text = exposition(registry);
  CHECK(has(text, "# HELP g line one\\nline \\\\two \"quoted\""));
  CHECK(has(text, "g{uuid=\"u-1\",scenario=\"say \\\"hi\\\"\\\\\\nbye\"} 1.5"));
  CHECK(perfscale::metrics::escapeLabelValue("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
  CHECK(perfscale::metrics::escapeLabelValue("ünïcode") == "ünïcode");
}

TEST_CASE("metrics: a histogram has cumulative _bucket lines ending at +Inf, _sum and _count") {
  Registry registry;
  registry.setConstantLabels({{"uuid", "u"}});
  auto& h = registry.add("lat_seconds", "Latency.", Type::Histogram, {"verb"}, {0.1, 1, 10})
                .histogram({"get"});
  for (double v : {0.05, 0.1, 0.5, 2.0, 20.0, 30.0})
    h.observe(v);
  const auto text = exposition(registry);
  CHECK(has(text, "# TYPE lat_seconds histogram"));
  CHECK(has(text, "lat_seconds_bucket{uuid=\"u\",verb=\"get\",le=\"0.1\"} 2"));  // le: at or below
  CHECK(has(text, "lat_seconds_bucket{uuid=\"u\",verb=\"get\",le=\"1\"} 3"));
  CHECK(has(text, "lat_seconds_bucket{uuid=\"u\",verb=\"get\",le=\"10\"} 4"));
  CHECK(has(text, "lat_seconds_bucket{uuid=\"u\",verb=\"get\",le=\"+Inf\"} 6"));
  CHECK(valueOf(text, "lat_seconds_sum{uuid=\"u\",verb=\"get\"}") == Approx(52.65));
  CHECK(has(text, "lat_seconds_count{uuid=\"u\",verb=\"get\"} 6"));
  // Buckets come in order, before _sum and _count.
  CHECK(text.find("le=\"0.1\"") < text.find("le=\"1\""));
  CHECK(text.find("le=\"+Inf\"") < text.find("lat_seconds_sum"));
}

TEST_CASE("metrics: an empty histogram still lists every bucket at 0") {
  Registry registry;
  registry.add("h", "H.", Type::Histogram, {}, {1, 2}).histogram({});
  const auto text = exposition(registry);
  CHECK(has(text, "h_bucket{le=\"1\"} 0"));
  CHECK(has(text, "h_bucket{le=\"2\"} 0"));
  CHECK(has(text, "h_bucket{le=\"+Inf\"} 0"));
  CHECK(has(text, "h_sum 0"));
  CHECK(has(text, "h_count 0"));
}

TEST_CASE("metrics: values print short and exact, infinities and NaN as the format spells them") {
  using perfscale::metrics::formatValue;
  CHECK(formatValue(0) == "0");
  CHECK(formatValue(0.005) == "0.005");
  CHECK(formatValue(3600) == "3600");
  CHECK(formatValue(-2.5) == "-2.5");
  CHECK(std::stod(formatValue(1.0 / 3)) == 1.0 / 3);
  CHECK(formatValue(std::numeric_limits<double>::infinity()) == "+Inf");
  CHECK(formatValue(-std::numeric_limits<double>::infinity()) == "-Inf");
  CHECK(formatValue(std::nan("")) == "NaN");
}

TEST_CASE("metrics: a family with no series yet has its HELP and TYPE lines only") {
  Registry registry;
  registry.add("c_total", "C.", Type::Counter, {"x"});
  CHECK(exposition(registry) == "# HELP c_total C.\n# TYPE c_total counter\n");
}

TEST_CASE("metrics: names Prometheus refuses, reused names and bad buckets are refused") {
  Registry registry;
  registry.add("ok_total", "", Type::Counter, {});
  CHECK_THROWS_WITH(registry.add("ok_total", "", Type::Counter, {}),
                    Catch::Contains("registered already"));
  CHECK_THROWS_WITH(registry.add("9lives", "", Type::Counter, {}), Catch::Contains("9lives"));
  CHECK_THROWS_WITH(registry.add("a-b", "", Type::Counter, {}), Catch::Contains("a-b"));
  CHECK_THROWS_WITH(registry.add("x", "", Type::Counter, {"bad-label"}),
                    Catch::Contains("bad-label"));
  CHECK_THROWS_WITH(registry.add("y", "", Type::Counter, {"__reserved"}),
                    Catch::Contains("__reserved"));
  CHECK_THROWS_WITH(registry.add("z", "", Type::Histogram, {"le"}), Catch::Contains("le"));
  CHECK_THROWS_WITH(registry.add("w", "", Type::Histogram, {}, {1, 1}),
                    Catch::Contains("increase"));
  auto& gauge = registry.add("g", "", Type::Gauge, {"a"});
  CHECK_THROWS_WITH(gauge.counter({"x"}), Catch::Contains("gauge"));
  CHECK_THROWS_WITH(gauge.gauge({}), Catch::Contains("1 label values, given 0"));
}

TEST_CASE("metrics: a child is the same object each time and concurrent updates all count") {
  Registry registry;
  auto& family = registry.add("n_total", "", Type::Counter, {"k"});
  auto& h = registry.add("h", "", Type::Histogram, {}, {1}).histogram({});
  auto& g = registry.add("g", "", Type::Gauge, {}).gauge({});
  CHECK(&family.counter({"a"}) == &family.counter({"a"}));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        family.counter({"a"}).inc();
        h.observe(0.5);
        g.add(1);
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  CHECK(family.counter({"a"}).value() == 40000);
  CHECK(h.snapshot().count == 40000);
  CHECK(h.snapshot().sum == 20000);
  CHECK(g.value() == 40000);
}

namespace {

perfscale::RequestRecord request(const std::string& verb, const std::string& resource, int status,
                                 int tryNumber = 1) {
  perfscale::RequestRecord r;
  r.verb = verb;
  r.resource = resource;
  r.status = status;
  r.tryNumber = tryNumber;
  r.scheduled = milliseconds(100);
  r.granted = milliseconds(110);
  r.sent = milliseconds(130);
  r.done = milliseconds(180);
  return r;
}

perfscale::PhaseRecord phase(const std::string& name, const std::string& p,
                             std::optional<int64_t> serverNs,
                             std::optional<int64_t> createdNs = std::nullopt) {
  perfscale::PhaseRecord r;
  r.ns = "ns";
  r.name = name;
  r.uid = "uid-" + name;
  r.phase = p;
  r.serverNs = serverNs;
  r.createdServerNs = createdNs;
  return r;
}

perfscale::RunInfo runInfo() {
  perfscale::RunInfo info;
  info.uuid = "0000-1111";
  info.name = "density";
  info.scenarioResolved = R"({"workloads":[{"qps":20,"burst":2}]})";
  return info;
}

}  // namespace

TEST_CASE(
    "run metrics: requests by verb, resource and code, latencies and retries, labelled "
    "with the run") {
  Registry registry;
  perfscale::test::MemoryRecorder next;
  perfscale::metrics::RunMetrics metrics(registry, next);
  metrics.beginRun(runInfo());
  metrics.record(request("create", "virtualmachineinstances", 201));
  metrics.record(request("create", "virtualmachineinstances", 429));
  metrics.record(request("create", "virtualmachineinstances", 201, 2));
  metrics.record(request("get", "namespaces", 0));  // no answer: counted, no latency
  const auto text = exposition(registry);
  const std::string run = "uuid=\"0000-1111\",scenario=\"density\"";
  CHECK(has(text, "perfscale_requests_total{" + run +
                      ",verb=\"create\",resource=\"virtualmachineinstances\",code=\"201\"} 2"));
  CHECK(has(text, "perfscale_requests_total{" + run +
                      ",verb=\"create\",resource=\"virtualmachineinstances\",code=\"429\"} 1"));
  CHECK(has(text, "perfscale_requests_total{" + run +
                      ",verb=\"get\",resource=\"namespaces\",code=\"0\"} 1"));
  CHECK(has(text, "perfscale_retries_total{" + run +
                      ",verb=\"create\",resource=\"virtualmachineinstances\"} 1"));
  CHECK(has(text, "perfscale_request_duration_seconds_count{" + run +
                      ",verb=\"create\",resource=\"virtualmachineinstances\"} 3"));
  CHECK(has(text, "perfscale_request_duration_seconds_bucket{" + run +
                      ",verb=\"create\",resource=\"virtualmachineinstances\",le=\"0.025\"} 0"));
  CHECK(has(text, "perfscale_request_duration_seconds_bucket{" + run +
                      ",verb=\"create\",resource=\"virtualmachineinstances\",le=\"0.1\"} 3"));
  CHECK(has(text, "perfscale_request_duration_seconds_count{" + run +
                      ",verb=\"get\",resource=\"namespaces\"} 0"));
  CHECK(valueOf(text, "perfscale_limiter_wait_seconds_sum{" + run +
                          ",verb=\"create\",resource=\"virtualmachineinstances\"}") ==
        Approx(0.09));
  CHECK(has(text, "perfscale_create_rate_asked{" + run + "} 20"));
  // Every record went on, in order.
  CHECK(next.runs.size() == 1);
  CHECK(next.requests.size() == 4);
  CHECK(next.requests[2].tryNumber == 2);
}

TEST_CASE(
    "run metrics: VMIs by their last phase, gone ones leave, phase latency by the server's "
    "clock") {
  Registry registry;
  perfscale::test::MemoryRecorder next;
  perfscale::metrics::RunMetrics metrics(registry, next);
  metrics.beginRun(runInfo());
  const int64_t created = 1'700'000'000'000'000'000;
  metrics.record(phase("a", "Pending", created + 1'000'000'000, created));
  metrics.record(phase("a", "Running", created + 3'000'000'000));
  metrics.record(phase("b", "Pending", std::nullopt, created));  // no transition time: no latency
  metrics.record(phase("c", "Scheduling", created + 700'000'000));  // creation unknown
  auto text = exposition(registry);
  const std::string run = "uuid=\"0000-1111\",scenario=\"density\"";
  CHECK(has(text, "perfscale_vmis{" + run + ",phase=\"Pending\"} 1"));
  CHECK(has(text, "perfscale_vmis{" + run + ",phase=\"Running\"} 1"));
  CHECK(has(text, "perfscale_vmis{" + run + ",phase=\"Scheduling\"} 1"));
  CHECK(has(text, "perfscale_vmis{" + run + ",phase=\"Failed\"} 0"));
  const std::string latency = "perfscale_vmi_phase_transition_time_from_creation_seconds";
  CHECK(has(text, latency + "_count{" + run + ",phase=\"Pending\"} 1"));
  CHECK(has(text, latency + "_bucket{" + run + ",phase=\"Pending\",le=\"1\"} 1"));
  CHECK(has(text, latency + "_bucket{" + run + ",phase=\"Running\",le=\"2\"} 0"));
  CHECK(has(text, latency + "_bucket{" + run + ",phase=\"Running\",le=\"5\"} 1"));
  CHECK(has(text, latency + "_count{" + run + ",phase=\"Scheduling\"} 0"));

  perfscale::ObjectRecord gone;
  gone.ns = "ns";
  gone.name = "a";
  gone.stage = perfscale::ObjectRecord::Stage::Gone;
  metrics.record(gone);
  metrics.record(gone);  // twice: still gone once
  text = exposition(registry);
  CHECK(has(text, "perfscale_vmis{" + run + ",phase=\"Running\"} 0"));
  CHECK(has(text, "perfscale_vmis{" + run + ",phase=\"Pending\"} 1"));
}

TEST_CASE(
    "run metrics: watch reconnects and relists by resource, achieved rate as the summary's, "
    "trace writer figures") {
  Registry registry;
  perfscale::test::MemoryRecorder next;
  perfscale::metrics::RunMetrics metrics(registry, next);
  metrics.beginRun(runInfo());
  metrics.record(request("watch", "virtualmachineinstances", 200));
  metrics.record(request("watch", "virtualmachineinstances", 200));
  metrics.record(request("watch", "virtualmachineinstances", 410));
  metrics.record(request("watch", "namespaces", 200));
  metrics.record(perfscale::EventRecord{milliseconds(1), -1, "relist",
                                        "vmi watch: listed 3 objects in 2 ms; resuming"});
  metrics.record(
      perfscale::EventRecord{milliseconds(1), -1, "relist", "namespace watch: listed 1 objects"});
  metrics.record(perfscale::EventRecord{milliseconds(1), -1, "note", "relist"});
  // Iteration 1: 6 creates granted from 0 to 1 s with burst 2: 4 paced in 1 s.
  for (int i = 0; i < 6; ++i) {
    auto r = request("create", "virtualmachineinstances", 201);
    r.iteration = 1;
    r.granted = milliseconds(i * 200);
    metrics.record(r);
  }
  metrics.traceWriter(7, 1234);
  const auto text = exposition(registry);
  const std::string run = "uuid=\"0000-1111\",scenario=\"density\"";
  CHECK(has(text, "perfscale_watch_reconnects_total{" + run +
                      ",resource=\"virtualmachineinstances\"} 2"));
  CHECK(has(text, "perfscale_watch_reconnects_total{" + run + ",resource=\"namespaces\"} 0"));
  CHECK(has(text,
            "perfscale_watch_relists_total{" + run + ",resource=\"virtualmachineinstances\"} 1"));
  CHECK(has(text, "perfscale_watch_relists_total{" + run + ",resource=\"namespaces\"} 1"));
  // A watch is no latency sample.
  CHECK(text.find("perfscale_request_duration_seconds_count{" + run + ",verb=\"watch\"") ==
        std::string::npos);
  CHECK(has(text, "perfscale_create_rate_achieved{" + run + "} 4"));
  CHECK(has(text, "perfscale_trace_queue_depth{" + run + "} 7"));
  CHECK(has(text, "perfscale_trace_records_written_total{" + run + "} 1234"));
}

TEST_CASE("run metrics: before the run begins, only HELP and TYPE lines") {
  Registry registry;
  perfscale::test::MemoryRecorder next;
  perfscale::metrics::RunMetrics metrics(registry, next);
  const auto text = exposition(registry);
  CHECK(text.find("# TYPE perfscale_requests_total counter") != std::string::npos);
  CHECK(text.find("uuid=") == std::string::npos);
}
