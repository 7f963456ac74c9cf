// Shared by the `run` end-to-end tests: a read-only trace query, the plugin's command line
// against a sim, and the run's VMIs still in the sim.
#pragma once

#include <sqlite3.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <catch2/catch.hpp>

#include <string>
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

}  // namespace perfscale::test
