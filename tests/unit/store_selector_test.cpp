// FILE, FILE:UUID, FILE:PREFIX, FILE:-N: naming a run on the command line.
#include <catch2/catch.hpp>

#include "store/run_selector.h"
#include "store/trace_error.h"
#include "store/trace_writer.h"
#include "tests/support/process.h"

using perfscale::store::parseRunSelector;
using perfscale::store::RunSelector;
using perfscale::store::selectRun;
using perfscale::store::TraceError;
using perfscale::store::TraceReader;
using perfscale::test::TempDir;

namespace {

// Three runs, started in the order a, b, c (written in another order).
std::string threeRuns(const TempDir& dir) {
  const auto path = dir.file("t.db");
  perfscale::store::TraceWriter writer(path);
  const std::pair<const char*, int64_t> runs[] = {
      {"bbbb-2222", 2000}, {"aaaa-1111", 1000}, {"aaab-3333", 3000}};
  for (const auto& [uuid, started] : runs) {
    perfscale::RunInfo run;
    run.uuid = uuid;
    run.startedWallNs = started;
    writer.beginRun(run);
    writer.endRun({});
  }
  return path;
}

std::string selectedUuid(const std::string& text) {
  const auto selector = parseRunSelector(text);
  return selectRun(TraceReader(selector.path), selector).info.uuid;
}

}  // namespace

TEST_CASE("store: run selectors split at the last colon") {
  CHECK(parseRunSelector("t.db").path == "t.db");
  CHECK(parseRunSelector("t.db").run.empty());
  CHECK(parseRunSelector("t.db:3f1c").path == "t.db");
  CHECK(parseRunSelector("t.db:3f1c").run == "3f1c");
  CHECK(parseRunSelector("dir:x/t.db:-2").path == "dir:x/t.db");
  CHECK(parseRunSelector("dir:x/t.db:-2").run == "-2");
  // What follows the colon is no run name: it is all path.
  CHECK(parseRunSelector("dir:x/t.db").path == "dir:x/t.db");
  CHECK(parseRunSelector("t.db:").path == "t.db:");
}

TEST_CASE("store: a file whose name holds a colon is taken whole when it exists") {
  TempDir dir;
  const auto path = dir.file("trace:abc");
  perfscale::test::writeFile(path, "");
  const RunSelector selector = parseRunSelector(path);
  CHECK(selector.path == path);
  CHECK(selector.run.empty());
}

TEST_CASE("store: FILE and FILE:-N count back from the latest run by start time") {
  TempDir dir;
  const auto path = threeRuns(dir);
  CHECK(selectedUuid(path) == "aaab-3333");
  CHECK(selectedUuid(path + ":-1") == "aaab-3333");
  CHECK(selectedUuid(path + ":-2") == "bbbb-2222");
  CHECK(selectedUuid(path + ":-3") == "aaaa-1111");
  CHECK_THROWS_WITH(selectedUuid(path + ":-4"),
                    Catch::Contains("holds 3 run(s)") && Catch::Contains("kubectl perfscale runs"));
}

TEST_CASE("store: FILE:UUID and FILE:PREFIX name one run, or say why not") {
  TempDir dir;
  const auto path = threeRuns(dir);
  CHECK(selectedUuid(path + ":aaaa-1111") == "aaaa-1111");
  CHECK(selectedUuid(path + ":bb") == "bbbb-2222");
  CHECK(selectedUuid(path + ":aaab") == "aaab-3333");
  CHECK_THROWS_WITH(selectedUuid(path + ":aa"), Catch::Contains("ambiguous") &&
                                                    Catch::Contains("aaaa-1111") &&
                                                    Catch::Contains("aaab-3333"));
  CHECK_THROWS_WITH(selectedUuid(path + ":ffff"),
                    Catch::Contains("no run has a uuid starting with \"ffff\""));
}

TEST_CASE("store: a trace without runs says so") {
  TempDir dir;
  const auto path = dir.file("t.db");
  { perfscale::store::TraceWriter writer(path); }
  CHECK_THROWS_AS(selectedUuid(path), TraceError);
  CHECK_THROWS_WITH(selectedUuid(path), Catch::Contains("holds no runs"));
}
