// Shared by the `run` end-to-end tests: a read-only trace query, the plugin's command line
// against a sim, and the run's VMIs still in the sim.
#pragma once

#include <sqlite3.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/sim_cluster.h"

namespace perfscale::test {

inline const std::string kPlugin = PERFSCALE_PLUGIN_BINARY;

// Read-only access to a trace with the sqlite3 C API, independent of store/'s reader.
class TraceQuery {
 public:
  explicit TraceQuery(const std::string& path) {
    REQUIRE(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  }
  ~TraceQuery() { sqlite3_close(db_); }
  int64_t integer(const std::string& sql) {
    auto rows = strings(sql);
    return rows.empty() || rows[0].empty() ? -1 : std::stoll(rows[0][0]);
  }
  std::string text(const std::string& sql) {
    auto rows = strings(sql);
    return rows.empty() || rows[0].empty() ? "" : rows[0][0];
  }
  std::vector<std::vector<std::string>> strings(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    INFO(sql);
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
    std::vector<std::vector<std::string>> rows;
    while (sqlite3_step(statement) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(statement); ++c) {
        auto value = sqlite3_column_text(statement, c);
        row.push_back(value ? reinterpret_cast<const char*>(value) : "");
      }
      rows.push_back(row);
    }
    sqlite3_finalize(statement);
    return rows;
  }

 private:
  sqlite3* db_ = nullptr;
};

inline std::vector<std::string> runArgs(const SimCluster& sim, const std::string& trace,
                                        std::vector<std::string> extra) {
  std::vector<std::string> args = {kPlugin,          "run",     "--kubeconfig",
                                   sim.kubeconfig(), "--trace", trace};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// A JSON object printed by the plugin (report -o json, run -o json, diff -o json).
inline Poco::JSON::Object::Ptr parseJsonObject(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

// The first run of a `run -o json` / `report -o json` document ({"runs": [run, ...]}).
inline Poco::JSON::Object::Ptr firstRun(const std::string& text) {
  return parseJsonObject(text)->getArray("runs")->getObject(0);
}

inline size_t liveRunVmis(SimCluster& sim) {
  auto list = sim.client().request("GET", "/apis/kubevirt.io/v1/virtualmachineinstances");
  return list.json()->getArray("items")->size();
}

// The URL a run with --metrics-addr logs ("metrics at http://127.0.0.1:PORT/metrics"), waited
// for (10 s).
inline std::string metricsUrl(ChildProcess& process) {
  using namespace std::chrono_literals;
  for (int i = 0; i < 200; ++i) {
    const std::string err = process.stderrText();
    const auto at = err.find("metrics at http://");
    if (at != std::string::npos) {
      const auto end = err.find_first_of(" \n", at + 11);
      if (end != std::string::npos) return err.substr(at + 11, end - at - 11);
    }
    if (process.waitForExit(0ms)) break;
    std::this_thread::sleep_for(50ms);
  }
  FAIL("no metrics URL logged: " << process.stderrText());
  return "";
}

// Reads stdout until the text summary's last line ("trace: ..."); false if it did not come in
// time.
inline bool waitForSummary(ChildProcess& process, std::chrono::seconds timeout) {
  using namespace std::chrono_literals;
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    const auto line = process.readLine(1s);
    if (line && line->rfind("trace: ", 0) == 0) return true;
  }
  return false;
}

}  // namespace perfscale::test
