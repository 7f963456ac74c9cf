// `kubectl perfscale runs`: the built binary lists the runs of a trace written by the store.
#include <catch2/catch.hpp>

#include "store/trace_writer.h"
#include "tests/support/process.h"

using namespace std::chrono_literals;
using perfscale::test::runCommand;
using perfscale::test::TempDir;

namespace {

const std::string kPlugin = PERFSCALE_PLUGIN_BINARY;

// Two finished runs and one that never ended, in a fresh trace.
std::string writeTrace(const TempDir& dir) {
  const auto path = dir.file("trace.db");
  perfscale::store::TraceWriter writer(path);
  auto run = [&writer](const std::string& uuid, const std::string& kind, int64_t startedSeconds,
                       int vmis) {
    perfscale::RunInfo info;
    info.uuid = uuid;
    info.name = "kubevirt-test-default";
    info.kind = kind;
    if (kind == "replay") info.replayOf = "3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01";
    info.startedWallNs = startedSeconds * 1'000'000'000;
    info.toolVersion = "0.1.0";
    writer.beginRun(info);
    for (int i = 0; i < vmis; ++i) {
      perfscale::RequestRecord request;
      request.seq = static_cast<uint64_t>(i + 1);
      request.verb = "create";
      request.resource = "virtualmachineinstances";
      request.ns = "perf-0";
      request.name = "vmi-" + std::to_string(i);
      request.status = 201;
      request.done = std::chrono::milliseconds(100 * (i + 1));
      writer.record(request);
      perfscale::ObjectRecord object;
      object.ns = "perf-0";
      object.name = request.name;
      object.uid = uuid + "-" + std::to_string(i);
      object.at = request.done;
      writer.record(object);
    }
  };
  run("3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01", "run", 1'700'000'000, 3);
  writer.endRun({std::chrono::milliseconds(12'500), perfscale::RunOutcome::Ok, 0});
  run("9a8b7c6d-1111-4222-8333-944455556666", "replay", 1'700'000'100, 2);
  writer.endRun({std::chrono::seconds(75), perfscale::RunOutcome::Timeout, 2});
  run("9a8b0000-2222-4333-8444-955566667777", "run", 1'700'000'200, 1);
  writer.flush();  // no endRun: this one stays incomplete
  return path;
}

}  // namespace

TEST_CASE("plugin: runs lists a trace's runs as a table, oldest first") {
  TempDir dir;
  const auto path = writeTrace(dir);
  const auto result = runCommand({kPlugin, "runs", path});
  INFO(result.err);
  REQUIRE(result.exitCode == 0);
  const std::string expected =
      "UUID                                   NAME                    KIND     "
      "STARTED                DURATION   VMIS   REQUESTS   OUTCOME\n"
      "3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01   kubevirt-test-default   run      "
      "2023-11-14T22:13:20Z   12.5s      3      3          ok\n"
      "9a8b7c6d-1111-4222-8333-944455556666   kubevirt-test-default   replay   "
      "2023-11-14T22:15:00Z   1m15s      2      2          timeout\n"
      "9a8b0000-2222-4333-8444-955566667777   kubevirt-test-default   run      "
      "2023-11-14T22:16:40Z   100ms      1      1          incomplete\n";
  CHECK(result.out == expected);
}

TEST_CASE("plugin: runs -o json gives every run with its counts and outcome") {
  TempDir dir;
  const auto path = writeTrace(dir);
  const auto result = runCommand({kPlugin, "runs", path, "-o", "json"});
  INFO(result.err);
  REQUIRE(result.exitCode == 0);
  CHECK_THAT(result.out, Catch::Contains("\"trace\": \"" + path + "\""));
  CHECK_THAT(result.out, Catch::Contains("\"uuid\": \"3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01\""));
  CHECK_THAT(result.out, Catch::Contains("\"replayOf\": \"3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01\""));
  CHECK_THAT(result.out, Catch::Contains("\"durationSeconds\": 12.5"));
  CHECK_THAT(result.out, Catch::Contains("\"outcome\": \"incomplete\""));
  CHECK_THAT(result.out, Catch::Contains("\"exitCode\": null"));
  CHECK_THAT(result.out, Catch::Contains("\"vmis\": 3"));
  // Every run is there: three uuids, three outcomes.
  size_t outcomes = 0;
  for (size_t at = 0; (at = result.out.find("\"outcome\"", at)) != std::string::npos; ++at)
    ++outcomes;
  CHECK(outcomes == 3);
}

TEST_CASE("plugin: runs FILE:RUN shows one run, chosen by uuid prefix or from the latest") {
  TempDir dir;
  const auto path = writeTrace(dir);
  const auto byPrefix = runCommand({kPlugin, "runs", path + ":3f1c"});
  REQUIRE(byPrefix.exitCode == 0);
  CHECK_THAT(byPrefix.out, Catch::Contains("3f1c2a5e") && !Catch::Contains("9a8b"));
  const auto previous = runCommand({kPlugin, "runs", path + ":-2"});
  REQUIRE(previous.exitCode == 0);
  CHECK_THAT(previous.out, Catch::Contains("9a8b7c6d") && Catch::Contains("timeout"));
  const auto ambiguous = runCommand({kPlugin, "runs", path + ":9a8b"});
  CHECK(ambiguous.exitCode == 1);
  CHECK_THAT(ambiguous.err, Catch::Contains("ambiguous") && Catch::Contains("9a8b0000"));
}

TEST_CASE("plugin: runs on a file that is not a trace fails clearly and leaves it alone") {
  TempDir dir;
  const auto path = dir.file("notes.txt");
  perfscale::test::writeFile(path, "not a trace\n");
  const auto result = runCommand({kPlugin, "runs", path});
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Catch::StartsWith("error: trace " + path) &&
                             Catch::Contains("not an SQLite database"));
  CHECK(perfscale::test::readFile(path) == "not a trace\n");
  const auto missing = runCommand({kPlugin, "runs", dir.file("missing.db")});
  CHECK(missing.exitCode == 1);
  CHECK_THAT(missing.err, Catch::Contains("no such file"));
  const auto noFile = runCommand({kPlugin, "runs"});
  CHECK(noFile.exitCode == 1);
  CHECK_THAT(noFile.err, Catch::Contains("expected one trace file"));
  CHECK(runCommand({kPlugin, "runs", path, "-o", "yaml"}).exitCode == 1);
}
