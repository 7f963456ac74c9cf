// `run --metrics-addr` and `replay --metrics-addr`, the real binary against perfscale-sim: GET
// /metrics in the Prometheus text format while the run lasts and while it lingers, the metric
// names, types and labels pinned, the values checked against the trace; and bad addresses as one
// clear error each.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "tests/e2e/plugin_run_support.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::ChildProcess;
using perfscale::test::firstRun;
using perfscale::test::kPlugin;
using perfscale::test::metricsUrl;
using perfscale::test::runArgs;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;
using perfscale::test::TraceQuery;
using perfscale::test::waitForSummary;

namespace {

using Labels = std::map<std::string, std::string>;

struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
};

// One scrape, parsed: TYPE lines, HELP lines and samples, in the order given.
struct Scrape {
  int status = 0;
  std::string contentType;
  std::string text;
  std::map<std::string, std::string> types;
  std::set<std::string> helped;
  std::vector<Sample> samples;

  // The sum of the samples named `name` whose labels include `match`.
  double sum(const std::string& name, const Labels& match = {}) const {
    double total = 0;
    for (const auto& s : samples) {
      if (s.name != name) continue;
      bool all = true;
      for (const auto& [k, v] : match)
        all = all && s.labels.count(k) && s.labels.at(k) == v;
      if (all) total += s.value;
    }
    return total;
  }
};

// The exposition format's sample line: name{a="x",b="y"} value; label values escaped.
Sample parseSample(const std::string& line) {
  Sample s;
  size_t i = line.find_first_of("{ ");
  REQUIRE(i != std::string::npos);
  s.name = line.substr(0, i);
  if (line[i] == '{') {
    ++i;
    while (line[i] != '}') {
      const size_t eq = line.find('=', i);
      REQUIRE(eq != std::string::npos);
      const std::string key = line.substr(i, eq - i);
      REQUIRE(line[eq + 1] == '"');
      std::string value;
      size_t j = eq + 2;
      for (; line[j] != '"'; ++j) {
        if (line[j] == '\\') {
          ++j;
          value += line[j] == 'n' ? '\n' : line[j];
        } else {
          value += line[j];
        }
      }
      s.labels[key] = value;
      i = j + 1;
      if (line[i] == ',') ++i;
    }
    ++i;
  }
  REQUIRE(line[i] == ' ');
  const std::string value = line.substr(i + 1);
  s.value = value == "+Inf" ? INFINITY : value == "-Inf" ? -INFINITY : std::stod(value);
  return s;
}

Scrape scrape(const std::string& url) {
  const Poco::URI uri(url);
  Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
  session.setTimeout(Poco::Timespan(5, 0));
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathEtc(),
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  auto& body = session.receiveResponse(response);
  Scrape out;
  out.status = response.getStatus();
  out.contentType = response.getContentType();
  Poco::StreamCopier::copyToString(body, out.text);
  if (out.status != 200) return out;
  size_t start = 0;
  while (start < out.text.size()) {
    size_t end = out.text.find('\n', start);
    if (end == std::string::npos) end = out.text.size();
    const std::string line = out.text.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    if (line.rfind("# TYPE ", 0) == 0) {
      const auto space = line.find(' ', 7);
      out.types[line.substr(7, space - 7)] = line.substr(space + 1);
    } else if (line.rfind("# HELP ", 0) == 0) {
      out.helped.insert(line.substr(7, line.find(' ', 7) - 7));
    } else if (line[0] != '#') {
      out.samples.push_back(parseSample(line));
    }
  }
  return out;
}

// Every family: name, type and its series' label names in order (histograms: of _count).
const std::vector<std::string> kPinned = {
    "perfscale_create_rate_achieved gauge uuid,scenario",
    "perfscale_create_rate_asked gauge uuid,scenario",
    "perfscale_limiter_wait_seconds histogram uuid,scenario,verb,resource",
    "perfscale_request_duration_seconds histogram uuid,scenario,verb,resource",
    "perfscale_requests_total counter uuid,scenario,verb,resource,code",
    "perfscale_retries_total counter uuid,scenario,verb,resource",
    "perfscale_trace_queue_depth gauge uuid,scenario",
    "perfscale_trace_records_written_total counter uuid,scenario",
    "perfscale_vmi_phase_transition_time_from_creation_seconds histogram uuid,scenario,phase",
    "perfscale_vmis gauge uuid,scenario,phase",
    "perfscale_watch_reconnects_total counter uuid,scenario,resource",
    "perfscale_watch_relists_total counter uuid,scenario,resource",
};

// The families of a scrape in kPinned's form; label names in the order the text gives them.
std::vector<std::string> families(const Scrape& s, const std::string& text) {
  std::vector<std::string> out;
  for (const auto& [name, type] : s.types) {
    const std::string series = type == "histogram" ? name + "_count" : name;
    const auto line = text.find("\n" + series + "{");
    std::string labels;
    if (line != std::string::npos) {
      const auto open = line + series.size() + 2;
      const auto close = text.find('}', open);
      std::string inside = text.substr(open, close - open);
      size_t i = 0;
      while (i < inside.size()) {
        const auto eq = inside.find('=', i);
        labels += (labels.empty() ? "" : ",") + inside.substr(i, eq - i);
        size_t j = eq + 2;
        while (inside[j] != '"')
          j += inside[j] == '\\' ? 2 : 1;
        i = j + 2;
      }
    }
    out.push_back(name + " " + type + " " + labels);
  }
  return out;
}

}  // namespace

TEST_CASE(
    "run --metrics-addr: /metrics serves during the run and its linger, names, types and "
    "labels are pinned and the values agree with the trace") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  ChildProcess run(runArgs(
      sim, trace,
      {"--vmi-count", "40", "--qps", "20", "--burst", "5", "--iteration-cleanup=false",
       "--wait-when-finished", "0s", "--metrics-addr", "127.0.0.1:0", "--metrics-linger", "60s"}));
  const std::string url = metricsUrl(run);
  REQUIRE(url.rfind("http://127.0.0.1:", 0) == 0);
  CHECK(url.find(":0/") == std::string::npos);  // the port chosen, not 0

  // While creating: some creates counted, not all.
  bool sawMidRun = false;
  for (int i = 0; i < 200 && !sawMidRun; ++i) {
    const auto s = scrape(url);
    REQUIRE(s.status == 200);
    const double creates = s.sum("perfscale_requests_total",
                                 {{"verb", "create"}, {"resource", "virtualmachineinstances"}});
    sawMidRun = creates > 0 && creates < 40;
    std::this_thread::sleep_for(50ms);
  }
  CHECK(sawMidRun);

  // The run ends; the listener stays for the last scrape.
  REQUIRE(waitForSummary(run, 90s));
  const auto last = scrape(url);
  CHECK(last.status == 200);
  CHECK(last.contentType == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(scrape(url.substr(0, url.size() - 8) + "/other").status == 404);
  // SIGINT ends the linger; the run's own exit code stands.
  CHECK(run.stop(SIGINT, 20s) == 0);

  TraceQuery q(trace);
  const std::string uuid = q.text("SELECT uuid FROM runs");
  const Labels ofRun = {{"uuid", uuid}, {"scenario", q.text("SELECT name FROM runs")}};

  // One test for the interface: a family renamed, retyped or relabelled fails here.
  CHECK(families(last, last.text) == kPinned);
  for (const auto& [name, type] : last.types)
    CHECK(last.helped.count(name) == 1);
  for (const auto& sample : last.samples) {
    INFO(sample.name);
    CHECK(sample.name.rfind("perfscale_", 0) == 0);
    CHECK(sample.labels.at("uuid") == ofRun.at("uuid"));
    CHECK(sample.labels.at("scenario") == ofRun.at("scenario"));
  }

  // Requests: every (verb, resource, code) of the trace, as often.
  std::map<std::string, double> traced;
  for (const auto& row :
       q.strings("SELECT verb, resource, status, count(*) FROM requests_v GROUP BY 1, 2, 3")) {
    traced[row[0] + " " + row[1] + " " + row[2]] = std::stod(row[3]);
  }
  std::map<std::string, double> served;
  for (const auto& s : last.samples) {
    if (s.name == "perfscale_requests_total")
      served[s.labels.at("verb") + " " + s.labels.at("resource") + " " + s.labels.at("code")] =
          s.value;
  }
  CHECK(served == traced);
  CHECK(traced.at("create virtualmachineinstances 201") == 40);

  // Latency histograms: a sample per answered try (watches apart), buckets cumulative.
  for (const auto& row : q.strings("SELECT verb, resource, count(*) FROM requests_v WHERE "
                                   "status != 0 AND verb != 'watch' GROUP BY 1, 2")) {
    INFO(row[0] << " " << row[1]);
    const Labels op = {{"verb", row[0]}, {"resource", row[1]}};
    CHECK(last.sum("perfscale_request_duration_seconds_count", op) == std::stod(row[2]));
    Labels inf = op;
    inf["le"] = "+Inf";
    CHECK(last.sum("perfscale_request_duration_seconds_bucket", inf) == std::stod(row[2]));
  }
  double previous = -1;
  for (const auto& s : last.samples) {
    if (s.name != "perfscale_request_duration_seconds_bucket" || s.labels.at("verb") != "create" ||
        s.labels.at("resource") != "virtualmachineinstances")
      continue;
    CHECK(s.value >= previous);
    previous = s.value;
  }
  CHECK(previous == 40);
  CHECK(last.sum("perfscale_limiter_wait_seconds_count",
                 {{"verb", "create"}, {"resource", "virtualmachineinstances"}}) == 40);

  // VMIs: all 40 Running at the end (left in place), and a phase latency for each, as the trace
  // has them by the server's clock.
  CHECK(last.sum("perfscale_vmis", {{"phase", "Running"}}) == 40);
  CHECK(last.sum("perfscale_vmis") == 40);
  const std::string latency = "perfscale_vmi_phase_transition_time_from_creation_seconds";
  for (const char* phase : {"Pending", "Scheduling", "Scheduled", "Running"}) {
    INFO(phase);
    const std::string where = std::string(
                                  " FROM phases_v p JOIN objects_v o ON o.id = "
                                  "p.object_id WHERE p.phase = '") +
                              phase +
                              "' AND p.server_ns IS NOT NULL AND o.created_server_ns IS NOT NULL";
    CHECK(last.sum(latency + "_count", {{"phase", phase}}) == q.integer("SELECT count(*)" + where));
    const auto seconds = q.strings("SELECT sum(p.server_ns - o.created_server_ns) / 1e9" + where);
    CHECK(last.sum(latency + "_sum", {{"phase", phase}}) ==
          Approx(std::stod(seconds[0][0])).margin(1e-6));
  }

  // Rates as the summary gives them; no reconnect, relist or retry in a quiet run; the trace
  // writer drained.
  CHECK(last.sum("perfscale_create_rate_asked") == 20);
  auto report = runCommand({kPlugin, "report", trace, "-o", "json"}, {}, 60s);
  REQUIRE(report.exitCode == 0);
  const auto rate = firstRun(report.out)->getObject("rate");
  REQUIRE_FALSE(rate->isNull("achieved"));
  CHECK(last.sum("perfscale_create_rate_achieved") ==
        Approx(rate->getValue<double>("achieved")).epsilon(1e-9));
  CHECK(last.sum("perfscale_watch_reconnects_total") == 0);
  CHECK(last.sum("perfscale_watch_relists_total") == 0);
  CHECK(last.sum("perfscale_retries_total") == 0);
  CHECK(last.sum("perfscale_trace_queue_depth") == 0);
  CHECK(last.sum("perfscale_trace_records_written_total") >=
        static_cast<double>(q.integer("SELECT count(*) FROM requests_v")));
}

TEST_CASE("run --metrics-addr: VMIs deleted and gone leave every phase, 429s count as retries") {
  SimCluster sim({"--profile", "instant", "--fault-throttle-rate", "0.3",
                  "--fault-throttle-retry-after", "1", "--fault-verbs", "create"});
  const auto trace = sim.dir().file("trace.db");
  ChildProcess run(
      runArgs(sim, trace,
              {"--vmi-count", "20", "--qps", "100", "--burst", "10", "--wait-when-finished", "0s",
               "--metrics-addr", "127.0.0.1:0", "--metrics-linger", "60s"}));
  const std::string url = metricsUrl(run);
  REQUIRE(waitForSummary(run, 90s));
  const auto last = scrape(url);
  CHECK(run.stop(SIGINT, 20s) == 0);
  TraceQuery q(trace);
  CHECK(last.sum("perfscale_vmis") == 0);
  CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind = 'VirtualMachineInstance' AND "
                  "gone_ns IS NOT NULL") == 20);
  const Labels creates = {{"verb", "create"}, {"resource", "virtualmachineinstances"}};
  CHECK(last.sum("perfscale_retries_total", creates) ==
        q.integer("SELECT count(*) FROM requests_v WHERE verb = 'create' AND resource = "
                  "'virtualmachineinstances' AND try > 1"));
  Labels throttled = creates;
  throttled["code"] = "429";
  // The namespace's create may be throttled too: only the VMIs' are in `throttled`.
  CHECK(last.sum("perfscale_requests_total", throttled) ==
        q.integer("SELECT count(*) FROM requests_v WHERE verb = 'create' AND resource = "
                  "'virtualmachineinstances' AND status = 429"));
  CHECK(last.sum("perfscale_requests_total", throttled) > 0);
}

TEST_CASE("replay --metrics-addr: the replay's requests are served, labelled with its own uuid") {
  SimCluster sim({"--profile", "instant", "--default-grace-period", "0"});
  const auto trace = sim.dir().file("trace.db");
  auto recorded = runCommand(
      runArgs(sim, trace, {"--vmi-count", "10", "--qps", "20", "--wait-when-finished", "0s"}), {},
      120s);
  REQUIRE(recorded.exitCode == 0);
  ChildProcess replay({kPlugin, "replay", trace, "--kubeconfig", sim.kubeconfig(), "--uuid",
                       "11111111-2222-4333-8444-555555555555", "--metrics-addr", "127.0.0.1:0",
                       "--metrics-linger", "60s"});
  const std::string url = metricsUrl(replay);
  REQUIRE(waitForSummary(replay, 90s));
  const auto last = scrape(url);
  CHECK(replay.stop(SIGINT, 20s) == 0);
  TraceQuery q(trace);
  const Labels creates = {{"uuid", "11111111-2222-4333-8444-555555555555"},
                          {"verb", "create"},
                          {"resource", "virtualmachineinstances"}};
  CHECK(last.sum("perfscale_requests_total", creates) ==
        q.integer("SELECT count(*) FROM requests_v WHERE verb = 'create' AND resource = "
                  "'virtualmachineinstances' AND run_id = (SELECT id FROM runs WHERE kind = "
                  "'replay')"));
  CHECK(last.sum("perfscale_requests_total", creates) == 10);
}

TEST_CASE(
    "run --metrics-addr: a bad address, a port in use and a non-loopback address without "
    "--metrics-allow-remote are each one clear error, before anything is created") {
  SimCluster sim({"--profile", "instant"});
  const auto trace = sim.dir().file("trace.db");
  auto fails = [&](std::vector<std::string> flags) {
    flags.insert(flags.end(), {"--vmi-count", "1", "--wait-when-finished", "0s"});
    auto result = runCommand(runArgs(sim, trace, flags), {}, 30s);
    INFO(result.out << result.err);
    CHECK(result.exitCode == 1);
    CHECK_FALSE(std::filesystem::exists(trace));
    return result.err;
  };
  CHECK_THAT(fails({"--metrics-addr", "localhost"}),
             Catch::Contains("--metrics-addr localhost: expected HOST:PORT"));
  CHECK_THAT(fails({"--metrics-addr", "127.0.0.1:70000"}),
             Catch::Contains("--metrics-addr 127.0.0.1:70000: the port must be a number from 0 "
                             "to 65535"));
  CHECK_THAT(fails({"--metrics-addr", "0.0.0.0:0"}),
             Catch::Contains("0.0.0.0 is not a loopback address") &&
                 Catch::Contains("--metrics-allow-remote"));
  CHECK_THAT(fails({"--metrics-addr", ":9090"}), Catch::Contains("--metrics-allow-remote"));
  CHECK_THAT(fails({"--metrics-linger", "30s"}),
             Catch::Contains("--metrics-linger is for the metrics of --metrics-addr"));
  CHECK_THAT(fails({"--metrics-addr", "127.0.0.1:0", "--metrics-linger", "soon"}),
             Catch::Contains("--metrics-linger soon:"));

  Poco::Net::ServerSocket taken(Poco::Net::SocketAddress("127.0.0.1", 0));
  const std::string address = "127.0.0.1:" + std::to_string(taken.address().port());
  CHECK_THAT(fails({"--metrics-addr", address}),
             Catch::Contains("--metrics-addr " + address + ": cannot listen there") &&
                 Catch::Contains("choose another port, or port 0"));
  CHECK(sim.client().request("GET", "/api/v1/namespaces/kubevirt-test-default").status == 404);
}
