// Crash safety: a writer killed with SIGKILL at a random point leaves a trace that opens, holds
// every batch it committed before the kill, and shows the run as 'incomplete'.
#include <signal.h>
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <random>

#include "store/trace_reader.h"
#include "store/trace_writer.h"
#include "tests/support/process.h"

using namespace std::chrono_literals;
using perfscale::RunOutcome;
using perfscale::store::RequestQuery;
using perfscale::store::TraceReader;
using perfscale::test::ChildProcess;
using perfscale::test::TempDir;

namespace {

uint64_t committedIn(const std::string& line) {
  const std::string prefix = "committed ";
  REQUIRE(line.rfind(prefix, 0) == 0);
  return std::stoull(line.substr(prefix.size()));
}

std::string integrity(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK);
  std::string verdict;
  if (sqlite3_step(stmt) == SQLITE_ROW)
    verdict = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return verdict;
}

}  // namespace

TEST_CASE("store: after SIGKILL mid-run every committed batch is there and the run is incomplete") {
  std::random_device seed;
  std::mt19937 random(seed());
  for (int trial = 0; trial < 3; ++trial) {
    TempDir dir;
    const auto path = dir.file("crash.db");
    const auto killAfter =
        std::chrono::milliseconds(std::uniform_int_distribution<>(0, 400)(random));
    INFO("trial " << trial << ": SIGKILL " << killAfter.count() << " ms after the first commit");

    uint64_t committed = 0;
    {
      ChildProcess child({PERFSCALE_STORE_CRASH_CHILD, path});
      const auto first = child.readLine(10s);
      REQUIRE(first);
      committed = committedIn(*first);
      const auto killAt = std::chrono::steady_clock::now() + killAfter;
      while (std::chrono::steady_clock::now() < killAt) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            killAt - std::chrono::steady_clock::now());
        if (const auto line = child.readLine(std::max(left, 1ms))) committed = committedIn(*line);
      }
      CHECK(child.stop(SIGKILL) == 128 + SIGKILL);
      // Lines already in the pipe were written before the kill: those commits count too.
      while (const auto line = child.readLine(100ms))
        committed = committedIn(*line);
    }
    INFO("the child reported " << committed << " records committed");
    REQUIRE(committed >= 1);

    TraceReader reader(path);
    const auto runs = reader.runs();
    REQUIRE(runs.size() == 1);
    const auto& run = runs[0];
    CHECK(run.info.uuid == "crash-run");
    CHECK(run.outcome == RunOutcome::Incomplete);
    CHECK_FALSE(run.endedWallNs);
    // Record 1 was beginRun; requests are seq 1, 2, ... in recording order, committed in that
    // order: the trace holds exactly seq 1..M with M >= committed - 1, and the run's count agrees.
    uint64_t expected = 1;
    bool contiguous = true;
    for (const auto& request : reader.requests(run.id, {RequestQuery::Order::Seq, false})) {
      contiguous = contiguous && request.seq == expected;
      ++expected;
    }
    const uint64_t stored = expected - 1;
    CHECK(contiguous);
    CHECK(stored >= committed - 1);
    CHECK(static_cast<uint64_t>(run.requests) == stored);
    CHECK(integrity(path) == "ok");

    // The trace can be written again: a new run beside the incomplete one.
    {
      perfscale::store::TraceWriter writer(path);
      perfscale::RunInfo next;
      next.uuid = "after-crash";
      writer.beginRun(next);
      writer.endRun({});
    }
    TraceReader again(path);
    CHECK(again.runs().size() == 2);
    CHECK(again.findRun("crash-run")->outcome == RunOutcome::Incomplete);
    CHECK(again.findRun("crash-run")->requests == run.requests);
  }
}
