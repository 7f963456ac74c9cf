// `kubectl perfscale run` when the cluster misbehaves: VMIs that fail, 5xx answers with and
// without Retry-After, watch streams cut and a 410 Gone in the middle of a run. In each case
// nothing is lost: every request is in the trace, every VMI is accounted for, the rate holds.
#include <Poco/JSON/Parser.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "tests/e2e/plugin_run_support.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::CommandResult;
using perfscale::test::liveRunVmis;
using perfscale::test::runArgs;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;
using perfscale::test::TraceQuery;

namespace {

// The most requests sent within any one second, from the trace's send times.
int64_t busiestSecond(TraceQuery& q, const std::string& where) {
  std::vector<int64_t> sent;
  for (const auto& row : q.strings("SELECT sent_ns FROM requests_v WHERE sent_ns IS NOT NULL AND " +
                                   where + " ORDER BY sent_ns"))
    sent.push_back(std::stoll(row[0]));
  int64_t most = 0;
  size_t first = 0;
  for (size_t last = 0; last < sent.size(); ++last) {
    while (sent[last] - sent[first] >= 1'000'000'000)
      ++first;
    most = std::max<int64_t>(most, static_cast<int64_t>(last - first + 1));
  }
  return most;
}

// The run's object in `run -o json`'s output (the report of the run: {"runs": [run]}).
Poco::JSON::Object::Ptr summaryOf(const CommandResult& result) {
  return perfscale::test::firstRun(result.out);
}

}  // namespace

TEST_CASE("run: VMIs that go Failed count as failed, not as waiting - the error ratio decides",
          "[real]") {
  SimCluster sim({"--profile", "instant", "--fault-vmi-fail-rate", "0.3"});
  const auto trace = sim.dir().file("trace.db");

  auto strict = runCommand(runArgs(sim, trace,
                                   {"--vmi-count", "40", "--qps", "200", "--burst", "40",
                                    "--max-wait-timeout", "60s", "--wait-when-finished", "0s"}),
                           {}, 90s);
  INFO(strict.out << strict.err);
  CHECK(strict.exitCode == 1);
  CHECK_THAT(strict.out, Catch::Contains("never ran") && Catch::Contains("Failed") &&
                             Catch::Contains("--max-error-ratio"));
  CHECK(liveRunVmis(sim) == 0);  // the iteration was still cleaned up

  auto lenient = runCommand(
      runArgs(sim, trace,
              {"--vmi-count", "40", "--qps", "200", "--burst", "40", "--max-wait-timeout", "60s",
               "--wait-when-finished", "0s", "--max-error-ratio", "0.9", "-o", "json"}),
      {}, 90s);
  INFO(lenient.out << lenient.err);
  REQUIRE(lenient.exitCode == 0);
  const auto summary = summaryOf(lenient);
  const auto failed =
      static_cast<int64_t>(summary->getObject("vmis")->getArray("neverRan")->size());
  CHECK(failed > 0);
  CHECK(failed < 40);

  TraceQuery q(trace);
  const std::string uuid = summary->getValue<std::string>("uuid");
  const std::string ofRun = "run_id=(SELECT id FROM runs WHERE uuid='" + uuid + "')";
  CHECK(q.integer("SELECT count(DISTINCT name) FROM phases_v WHERE phase='Failed' AND " + ofRun) ==
        failed);
  CHECK(q.integer("SELECT count(DISTINCT name) FROM phases_v WHERE phase='Running' AND " + ofRun) ==
        40 - failed);
  // No VMI both ran and failed, and every one of the 40 is gone in the end.
  CHECK(q.integer("SELECT count(*) FROM (SELECT name FROM phases_v WHERE " + ofRun +
                  " GROUP BY name HAVING sum(phase='Failed') > 0 AND sum(phase='Running') > 0)") ==
        0);
  CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind='VirtualMachineInstance' AND " +
                  ofRun + " AND gone_ns IS NOT NULL") == 40);
  CHECK(q.integer("SELECT count(*) FROM events WHERE kind='vmis-failed' AND " + ofRun) == 1);
}

TEST_CASE("run: 503s with Retry-After are retried until created - the pace counts every try") {
  SimCluster sim({"--profile", "instant", "--fault-error-rate", "0.25", "--fault-error-code", "503",
                  "--fault-error-retry-after", "1", "--fault-verbs", "create"});
  const auto trace = sim.dir().file("trace.db");
  auto result = runCommand(
      runArgs(sim, trace,
              {"--vmi-count", "60", "--qps", "20", "--burst", "5", "--wait-when-finished", "0s"}),
      {}, 120s);
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  TraceQuery q(trace);
  const std::string creates = "verb='create' AND resource='virtualmachineinstances'";
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE " + creates + " AND status=201") == 60);
  CHECK(q.integer("SELECT count(DISTINCT name) FROM requests_v WHERE " + creates) == 60);
  const auto unavailable =
      q.integer("SELECT count(*) FROM requests_v WHERE " + creates + " AND status=503");
  CHECK(unavailable > 0);
  // Each 503 was followed by another try of the same VMI.
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE " + creates + " AND try > 1") ==
        unavailable);
  // Retries take tokens from the same limiter: never more than qps + burst in a second.
  CHECK(busiestSecond(q, creates) <= 20 + 5);
  CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind='VirtualMachineInstance' AND "
                  "created_ns IS NOT NULL AND gone_ns IS NOT NULL") == 60);
}

TEST_CASE("run: 500s without Retry-After fail their creates, counted by reason, none lost") {
  // Only VMI creates fail: a 500 on the namespace's create would end the run at once (as it
  // should), which is not what this test is about.
  SimCluster sim({"--profile", "instant", "--fault-error-rate", "0.2", "--fault-error-code", "500",
                  "--fault-verbs", "create", "--fault-resources", "virtualmachineinstances"});
  const auto trace = sim.dir().file("trace.db");
  auto result = runCommand(runArgs(sim, trace,
                                   {"--vmi-count", "50", "--qps", "100", "--burst", "10",
                                    "--wait-when-finished", "0s", "-o", "json"}),
                           {}, 120s);
  INFO(result.out << result.err);
  CHECK(result.exitCode == 1);
  const auto summary = summaryOf(result);
  const auto created = summary->getObject("vmis")->getValue<int64_t>("created");
  const auto failed = summary->getObject("vmis")->getValue<int64_t>("failed");
  CHECK(created + failed == 50);
  CHECK(failed > 0);
  CHECK_THAT(summary->getValue<std::string>("message"), Catch::Contains("--max-error-ratio"));
  TraceQuery q(trace);
  const std::string creates = "verb='create' AND resource='virtualmachineinstances'";
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE " + creates) == 50);  // no retries
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE " + creates + " AND status=500") ==
        failed);
  CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind='VirtualMachineInstance' AND "
                  "created_ns IS NOT NULL") == created);
  CHECK(q.integer("SELECT count(DISTINCT name) FROM phases_v WHERE phase='Running'") == created);
  CHECK(liveRunVmis(sim) == 0);
}

TEST_CASE("run: watch streams cut every 300 ms and a 410 mid-run lose no VMI and no phase") {
  SimCluster sim({"--profile", "default", "--fault-watch-cut-after", "300ms"});
  const auto trace = sim.dir().file("trace.db");
  CommandResult result;
  std::thread runner([&] {
    result = runCommand(
        runArgs(sim, trace,
                {"--vmi-count", "40", "--qps", "20", "--burst", "1", "--wait-when-finished", "0s",
                 "--max-wait-timeout", "60s", "-o", "json"}),
        {}, 120s);
  });
  // While VMIs are being created: keep the watches away, let history go, and let them back.
  std::this_thread::sleep_for(700ms);
  auto admin = sim.adminClient();
  CHECK(admin.request("PUT", "/sim/faults", R"({"dropRate":1,"verbs":["watch"]})").status == 200);
  std::this_thread::sleep_for(800ms);
  CHECK(admin.request("POST", "/sim/compact").status == 200);
  CHECK(admin.request("PUT", "/sim/faults", R"({"dropRate":0})").status == 200);
  runner.join();
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  // The summary's watch figures: reconnects after the cuts, a relist after the 410.
  size_t reconnects = 0;
  size_t relists = 0;
  const auto watches = summaryOf(result)->getArray("watches");
  for (size_t i = 0; i < watches->size(); ++i) {
    reconnects += watches->getObject(i)->getValue<size_t>("reconnects");
    relists += watches->getObject(i)->getValue<size_t>("relists");
  }
  CHECK(reconnects >= 2);
  CHECK(relists >= 1);

  TraceQuery q(trace);
  for (const char* phase : {"Pending", "Scheduling", "Scheduled", "Running", "Succeeded"}) {
    INFO(phase);
    CHECK(q.integer(std::string("SELECT count(DISTINCT name) FROM phases_v WHERE phase='") + phase +
                    "' AND server_ns IS NOT NULL") == 40);
  }
  CHECK(q.integer("SELECT count(*) FROM phases_v WHERE late != 0") > 0);
  CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind='VirtualMachineInstance' AND "
                  "gone_ns IS NOT NULL") == 40);
  CHECK(q.integer("SELECT count(*) FROM requests_v WHERE verb='list' AND "
                  "resource='virtualmachineinstances'") >= 2);
  CHECK(liveRunVmis(sim) == 0);
}
