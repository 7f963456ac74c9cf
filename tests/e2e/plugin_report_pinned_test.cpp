// A fixed trace's figures, pinned: the summary and `report` must give the same numbers whatever
// the data structures behind them. tests/data/figures_run.sql is a run of 2 namespaced
// iterations of 40 VMIs against perfscale-sim with 8% of VMIs failing;
// figures_run.{json,txt} are its report as it was when the fixture was made.
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include "tests/e2e/plugin_run_support.h"

using namespace std::chrono_literals;
using perfscale::test::kPlugin;
using perfscale::test::readFile;
using perfscale::test::runCommand;
using perfscale::test::TempDir;

namespace {

std::string dataFile(const std::string& name) {
  return (std::filesystem::path(__FILE__).parent_path().parent_path() / "data" / name).string();
}

std::string loadFixtureTrace(const TempDir& dir) {
  const std::string path = dir.path() + "/figures_run.db";
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int rc =
      sqlite3_exec(db, readFile(dataFile("figures_run.sql")).c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(message == "");
  REQUIRE(rc == SQLITE_OK);
  return path;
}

// The tool's own version and the trace's path are all in a report that may change.
std::string normalized(const std::string& text) {
  static const std::regex version(R"("toolVersion": "[^"]*")");
  static const std::regex plain(R"(kubectl-perfscale [0-9][^\s]*)");
  static const std::regex source(R"("source": "[^"]*:)");
  std::string out = std::regex_replace(text, version, "\"toolVersion\": \"\"");
  out = std::regex_replace(out, plain, "kubectl-perfscale VERSION");
  return std::regex_replace(out, source, "\"source\": \"TRACE:");
}

}  // namespace

TEST_CASE("report: a fixed trace's figures are the pinned ones, as JSON and as text",
          "[report][pinned]") {
  TempDir dir;
  const std::string trace = loadFixtureTrace(dir);
  const auto json = runCommand({kPlugin, "report", trace, "-o", "json"}, {}, 60s);
  REQUIRE(json.exitCode == 0);
  CHECK(normalized(json.out) == normalized(readFile(dataFile("figures_run.json"))));
  const auto text = runCommand({kPlugin, "report", trace}, {}, 60s);
  REQUIRE(text.exitCode == 0);
  CHECK(normalized(text.out) == normalized(readFile(dataFile("figures_run.txt"))));
}
