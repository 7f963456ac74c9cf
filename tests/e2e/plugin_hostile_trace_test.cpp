// Trace files that are not what report, runs, diff and replay expect: cut short, another
// application's database, a newer schema, held locked by a writer. Each is one clear error naming
// the file (exit 1), in bounded time, and the file is left as it was.
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "store/trace_writer.h"
#include "tests/e2e/plugin_run_support.h"
#include "tests/support/process.h"

using namespace std::chrono_literals;
using perfscale::test::kPlugin;
using perfscale::test::readFile;
using perfscale::test::runCommand;
using perfscale::test::TempDir;
using perfscale::test::writeFile;

namespace {

// A finished trace of one run with a few hundred events, as one self-contained file.
void writeTrace(const std::string& path) {
  perfscale::store::TraceWriter writer(path);
  perfscale::RunInfo run;
  run.uuid = "hostile-run";
  run.name = "hostile";
  writer.beginRun(run);
  for (int i = 0; i < 500; ++i) {
    perfscale::EventRecord event;
    event.kind = "note";
    event.message = "event " + std::to_string(i) + std::string(200, 'x');
    writer.record(event);
  }
  writer.endRun({});
}

// An SQLite connection of this process on `path`, for setting up and for holding locks.
class Connection {
 public:
  explicit Connection(const std::string& path) {
    REQUIRE(sqlite3_open(path.c_str(), &db_) == SQLITE_OK);
  }
  ~Connection() { sqlite3_close(db_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  void run(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    REQUIRE(message == "");
    REQUIRE(rc == SQLITE_OK);
  }

 private:
  sqlite3* db_ = nullptr;
};

// report, runs, diff and replay on `path`: each must fail with exit 1, naming the file and
// `expected`.
void requireEachCommandRefuses(const std::string& path, const std::string& expected) {
  const std::string before = readFile(path);
  const std::vector<std::vector<std::string>> commands = {
      {kPlugin, "report", path},
      {kPlugin, "runs", path},
      {kPlugin, "diff", path, path},
      {kPlugin, "replay", path, "--dry-run", "--kubeconfig", "/nonexistent"}};
  for (const auto& command : commands) {
    INFO(command[1]);
    const auto result = runCommand(command, {}, 60s);
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK_THAT(result.err, Catch::Contains(path) && Catch::Contains(expected));
  }
  CHECK(readFile(path) == before);
}

}  // namespace

TEST_CASE("trace hostile: a trace cut short is refused as damaged by report, runs, diff, replay") {
  TempDir dir;
  const std::string whole = dir.file("whole.db");
  writeTrace(whole);
  const std::string bytes = readFile(whole);
  REQUIRE(bytes.size() > 40'000);
  const std::string cut = dir.file("cut.db");
  writeFile(cut, bytes.substr(0, bytes.size() / 2));
  requireEachCommandRefuses(cut, "damaged");
}

TEST_CASE(
    "trace hostile: another application's database or a newer schema is refused by each "
    "command") {
  TempDir dir;
  const std::string other = dir.file("other.db");
  Connection(other).run("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);");
  requireEachCommandRefuses(other, "another application");
  const std::string newer = dir.file("newer.db");
  writeTrace(newer);
  Connection(newer).run("PRAGMA user_version = 99;");
  requireEachCommandRefuses(newer, "newer kubectl-perfscale");
}

TEST_CASE("trace hostile: report on a trace a writer holds locked waits, then says so") {
  TempDir dir;
  const std::string path = dir.file("locked.db");
  writeTrace(path);
  Connection writer(path);
  writer.run("BEGIN EXCLUSIVE;");  // rollback-journal mode, as a finished trace is: no reader
  const auto started = std::chrono::steady_clock::now();
  const auto result = runCommand({kPlugin, "report", path}, {}, 60s);
  const auto waited = std::chrono::steady_clock::now() - started;
  INFO(result.err);
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Catch::Contains(path) && Catch::Contains("locked") &&
                             Catch::Contains("Try again when that process has finished") &&
                             !Catch::Contains("damaged"));
  CHECK(waited >= 9s);  // a short write transaction is waited out
  CHECK(waited < 30s);
  writer.run("ROLLBACK;");
  CHECK(runCommand({kPlugin, "report", path}, {}, 60s).exitCode == 0);
}
