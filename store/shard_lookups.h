// A shard trace's lookup ids (strings, operations, flows, payloads) as the merged trace's: each
// value the shard refers to is read once and interned in the output's tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "store/lookup_tables.h"
#include "store/sqlite_db.h"

namespace perfscale::store {

// The merged trace's lookup tables, shared by every shard.
struct MergedLookups {
  explicit MergedLookups(const Database& db)
      : strings(db),
        operations(db, "operations", "verb", "resource"),
        flows(db, "flows", "priority_level", "flow_schema"),
        payloads(db) {}
  StringTable strings;
  PairTable operations;
  PairTable flows;
  PayloadTable payloads;
};

// One shard trace's lookup ids as the merged trace's, each value interned once.
class ShardLookups {
 public:
  ShardLookups(const Database& from, MergedLookups& to)
      : from_(from),
        to_(to),
        string_(from, "SELECT text FROM strings WHERE id = ?"),
        operation_(from, "SELECT verb, resource FROM operations WHERE id = ?"),
        flow_(from, "SELECT priority_level, flow_schema FROM flows WHERE id = ?"),
        payload_(from, "SELECT body FROM payloads WHERE id = ?") {}

  // The id in the merged trace of what `row`'s `column` refers to in the shard's table; NULL stays
  // NULL.
  std::optional<int64_t> string(const Statement& row, int column) {
    return translate(row, column, strings_, string_, "strings",
                     [this](const Statement& s) { return to_.strings.intern(s.text(0)); });
  }
  std::optional<int64_t> operation(const Statement& row, int column) {
    return translate(
        row, column, operations_, operation_, "operations",
        [this](const Statement& s) { return to_.operations.intern(s.text(0), s.text(1)); });
  }
  std::optional<int64_t> flow(const Statement& row, int column) {
    return translate(row, column, flows_, flow_, "flows",
                     [this](const Statement& s) { return to_.flows.intern(s.text(0), s.text(1)); });
  }
  std::optional<int64_t> payload(const Statement& row, int column) {
    return translate(row, column, payloads_, payload_, "payloads",
                     [this](const Statement& s) { return to_.payloads.intern(s.text(0)); });
  }

 private:
  using IdMap = std::unordered_map<int64_t, int64_t>;

  template <class Intern>
  std::optional<int64_t> translate(const Statement& row, int column, IdMap& known,
                                   Statement& lookUp, const char* table, Intern intern) {
    if (row.isNull(column)) return std::nullopt;
    const int64_t id = row.int64(column);
    if (const auto found = known.find(id); found != known.end()) return found->second;
    lookUp.bind(1, id);
    if (!lookUp.step()) {
      lookUp.reset();
      from_.fail(SQLITE_CORRUPT, "row " + std::to_string(id) + " of " + table + " is missing");
    }
    const int64_t translated = intern(lookUp);
    lookUp.reset();
    known.emplace(id, translated);
    return translated;
  }

  const Database& from_;
  MergedLookups& to_;
  Statement string_;
  Statement operation_;
  Statement flow_;
  Statement payload_;
  IdMap strings_;
  IdMap operations_;
  IdMap flows_;
  IdMap payloads_;
};

}  // namespace perfscale::store
