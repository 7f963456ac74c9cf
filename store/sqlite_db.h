// RAII handles for SQLite: a connection, a prepared statement, a transaction. Every failure
// becomes a TraceError that names the trace file and says what to do.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/trace_error.h"

namespace perfscale::store {

// What to tell the user about an SQLite result code (disk full, permissions, corruption...).
std::string adviceFor(int code);

class Database {
 public:
  // flags as for sqlite3_open_v2 (SQLITE_OPEN_READONLY, SQLITE_OPEN_READWRITE, ...).
  Database(std::string path, int flags);
  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql) const;
  // Runs a query that yields one integer (PRAGMA user_version, SELECT count(*)...).
  int64_t queryInt(std::string_view sql) const;
  int64_t lastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  // Rows changed by the latest INSERT, UPDATE or DELETE.
  int64_t changes() const { return sqlite3_changes64(db_); }
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

  // A private in-memory database holding a copy of this one (messages still name this file).
  Database copyInMemory() const;

  // Throws a TraceError for result code `code` while doing `what`.
  [[noreturn]] void fail(int code, std::string_view what) const;

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

// A prepared statement. Text bound with bind() must outlive the next step().
class Statement {
 public:
  Statement(const Database& db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::optional<int64_t> value);
  Statement& bindNull(int index);
  // Binds NULL for an empty string, so optional text costs nothing on disk.
  Statement& bindTextOrNull(int index, std::string_view text);
  // Binds the value of `column` of `row`'s current row as it is (any type, NULL too); valid
  // until `row` steps again.
  Statement& bindColumn(int index, const Statement& row, int column);

  // Advances; true while a row is available. Throws on failure.
  bool step();
  // Steps a statement that returns no row, then resets it for the next use.
  void run();
  // run() for an INSERT; returns the new row's id.
  int64_t insert();
  void reset();

  bool isNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::optional<int64_t> optionalInt64(int column) const;
  std::string text(int column) const;
  // The column's text without a copy; valid until the next step() or reset().
  std::string_view textView(int column) const;

 private:
  const Database* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed uncommitted (on an exception).
class Transaction {
 public:
  explicit Transaction(const Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  const Database& db_;
  bool open_ = true;
};

// The strings of a JSON array text, in order (SQLite's json_each).
std::vector<std::string> jsonStrings(const Database& db, const std::string& json);

}  // namespace perfscale::store
