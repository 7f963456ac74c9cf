// RAII handles for SQLite (see sqlite_db.h).
#include "store/sqlite_db.h"

#include <utility>

namespace perfscale::store {

std::string adviceFor(int code) {
  switch (code & 0xff) {
    case SQLITE_FULL:
      return "the disk is full or the trace reached its size limit: free some space or write the "
             "trace elsewhere";
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
    case SQLITE_CANTOPEN:
      return "check that the file and its directory exist and that you may read and write them";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return "the file is damaged or is not a kubectl-perfscale trace; it was left as it is";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "another process holds the trace locked: try again when it has finished";
    case SQLITE_IOERR:
      return "the operating system reported an I/O error: check the disk and the file system";
    default:
      return "";
  }
}

Database::Database(std::string path, int flags) : path_(std::move(path)) {
  const int rc = sqlite3_open_v2(path_.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "trace " + path_ + ": cannot open: ";
    message += db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    const auto advice = adviceFor(rc);
    if (!advice.empty()) message += " (" + advice + ")";
    sqlite3_close(db_);
    db_ = nullptr;
    throw TraceError(message);
  }
  sqlite3_extended_result_codes(db_, 1);
}

Database::~Database() {
  if (db_) sqlite3_close_v2(db_);
}

Database::Database(Database&& other) noexcept
    : path_(std::move(other.path_)), db_(std::exchange(other.db_, nullptr)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (db_) sqlite3_close_v2(db_);
    path_ = std::move(other.path_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Database Database::copyInMemory() const {
  Database copy(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  copy.path_ = path_;
  sqlite3_backup* backup = sqlite3_backup_init(copy.db_, "main", db_, "main");
  if (backup == nullptr) copy.fail(sqlite3_errcode(copy.db_), "cannot copy into memory");
  const int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) fail(rc, "cannot read");
  return copy;
}

void Database::fail(int code, std::string_view what) const {
  std::string message = "trace " + path_ + ": " + std::string(what) + ": ";
  message += db_ && sqlite3_errcode(db_) == code ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
  const auto advice = adviceFor(code);
  if (!advice.empty()) message += " (" + advice + ")";
  throw TraceError(message);
}

void Database::exec(std::string_view sql) const {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(rc, "cannot run " + text.substr(0, text.find_first_of("(\n")));
}

int64_t Database::queryInt(std::string_view sql) const {
  Statement statement(*this, sql);
  return statement.step() ? statement.int64(0) : 0;
}

Statement::Statement(const Database& db, std::string_view sql) : db_(&db) {
  const int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, "cannot prepare \"" + std::string(sql.substr(0, 60)) + "\"");
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::bind(int index, std::optional<int64_t> value) {
  return value ? bind(index, *value) : bindNull(index);
}

Statement& Statement::bindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Statement& Statement::bindTextOrNull(int index, std::string_view text) {
  return text.empty() ? bindNull(index) : bind(index, text);
}

Statement& Statement::bindColumn(int index, const Statement& row, int column) {
  sqlite3_bind_value(stmt_, index, sqlite3_column_value(row.stmt_, column));
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string sql = sqlite3_sql(stmt_);
  sqlite3_reset(stmt_);
  db_->fail(rc, "cannot run \"" + sql.substr(0, 60) + "\"");
}

void Statement::run() {
  step();
  reset();
}

int64_t Statement::insert() {
  run();
  return db_->lastInsertId();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::optional<int64_t> Statement::optionalInt64(int column) const {
  if (isNull(column)) return std::nullopt;
  return int64(column);
}

std::string Statement::text(int column) const {
  return std::string(textView(column));
}

std::string_view Statement::textView(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (!data) return {};
  return std::string_view(data, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

Transaction::Transaction(const Database& db) : db_(db) {
  db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

std::vector<std::string> jsonStrings(const Database& db, const std::string& json) {
  Statement items(db, "SELECT value FROM json_each(?) ORDER BY key");
  items.bind(1, std::string_view(json));
  std::vector<std::string> result;
  while (items.step())
    result.push_back(items.text(0));
  return result;
}

}  // namespace perfscale::store
