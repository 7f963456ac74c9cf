// Opening trace files: what is created, what is recognized, and what is refused untouched.
#include <grp.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>

#include "store/schema.h"
#include "store/trace_error.h"
#include "store/trace_reader.h"
#include "store/trace_writer.h"
#include "tests/support/process.h"

using perfscale::RunInfo;
using perfscale::store::TraceError;
using perfscale::store::TraceReader;
using perfscale::store::TraceWriter;
using perfscale::store::TraceWriterOptions;
using perfscale::test::readFile;
using perfscale::test::TempDir;
using perfscale::test::writeFile;

namespace {

void runSql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(message == "");
  REQUIRE(rc == SQLITE_OK);
}

void writeOneRun(const std::string& path, const std::string& uuid) {
  TraceWriter writer(path);
  RunInfo run;
  run.uuid = uuid;
  run.name = "open-test";
  writer.beginRun(run);
  writer.endRun({});
}

std::string errorOfReading(const std::string& path) {
  try {
    TraceReader reader(path);
  } catch (const TraceError& e) {
    return e.what();
  }
  return "";
}

std::string errorOfWriting(const std::string& path, TraceWriterOptions options = {}) {
  try {
    TraceWriter writer(path, std::move(options));
  } catch (const TraceError& e) {
    return e.what();
  }
  return "";
}

constexpr uid_t kNobody = 65534;

// errorOfWriting, run as an unprivileged user: in a child process that gives up root first.
std::string errorOfWritingUnprivileged(const std::string& path) {
  if (geteuid() != 0) return errorOfWriting(path);
  int pipeFds[2];
  REQUIRE(pipe(pipeFds) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(pipeFds[0]);
    std::string message = "cannot drop privileges";
    if (setgroups(0, nullptr) == 0 && setgid(kNobody) == 0 && setuid(kNobody) == 0) {
      message = errorOfWriting(path);
    }
    if (write(pipeFds[1], message.data(), message.size()) < 0) _exit(2);
    _exit(0);
  }
  close(pipeFds[1]);
  std::string message;
  char buffer[4096];
  for (ssize_t n; (n = read(pipeFds[0], buffer, sizeof buffer)) > 0;)
    message.append(buffer, static_cast<size_t>(n));
  close(pipeFds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return message;
}

std::vector<std::string> filesIn(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// The file must fail to open for reading and for writing, name itself in the message, and
// come out byte for byte as it went in, with no companion files left behind.
void requireRefusedUntouched(const TempDir& dir, const std::string& path,
                             const std::string& expected) {
  const std::string before = readFile(path);
  const auto filesBefore = filesIn(dir.path());
  const auto readError = errorOfReading(path);
  const auto writeError = errorOfWriting(path);
  CHECK_THAT(readError, Catch::Contains(path) && Catch::Contains(expected));
  CHECK_THAT(writeError, Catch::Contains(path) && Catch::Contains(expected));
  CHECK(readFile(path) == before);
  CHECK(filesIn(dir.path()) == filesBefore);
}

}  // namespace

TEST_CASE("store: an existing trace that others could read is narrowed to 0600 when appended to") {
  TempDir dir;
  const auto path = dir.file("wide.db");
  writeOneRun(path, "u-1");
  REQUIRE(chmod(path.c_str(), 0644) == 0);
  writeOneRun(path, "u-2");
  struct stat info {};
  REQUIRE(stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  // Reading leaves the mode alone: a reader may not own the file.
  REQUIRE(chmod(path.c_str(), 0640) == 0);
  perfscale::store::TraceReader reader(path);
  CHECK(reader.runs().size() == 2);
  REQUIRE(stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0640);
}

TEST_CASE("store: a new trace is created with mode 0600, its schema version and application id") {
  TempDir dir;
  const auto path = dir.file("new.db");
  const mode_t old = umask(0);  // even a permissive umask must not widen the mode
  writeOneRun(path, "u-1");
  umask(old);
  struct stat info {};
  REQUIRE(stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  auto queryInt = [&](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
    const auto value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
  };
  CHECK(queryInt("PRAGMA user_version") == perfscale::store::kSchemaVersion);
  CHECK(queryInt("PRAGMA application_id") == perfscale::store::kApplicationId);
  CHECK(queryInt("SELECT value FROM meta WHERE key = 'schema_version'") ==
        perfscale::store::kSchemaVersion);
  sqlite3_close(db);
  // A clean close leaves no -wal or -shm file behind.
  CHECK(filesIn(dir.path()) == std::vector<std::string>{"new.db"});
}

TEST_CASE("store: an existing trace is reopened, and new runs are added to it") {
  TempDir dir;
  const auto path = dir.file("t.db");
  writeOneRun(path, "u-1");
  writeOneRun(path, "u-2");
  TraceReader reader(path);
  const auto runs = reader.runs();
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].info.uuid == "u-1");
  CHECK(runs[1].info.uuid == "u-2");
}

TEST_CASE("store: a file that is not SQLite is refused and left untouched") {
  TempDir dir;
  const auto path = dir.file("notes.txt");
  writeFile(path, "these are my notes, not a trace\n");
  requireRefusedUntouched(dir, path, "not an SQLite database");
}

TEST_CASE("store: a short or binary non-SQLite file is refused and left untouched") {
  TempDir dir;
  const auto path = dir.file("x.bin");
  writeFile(path, std::string("SQLite format", 13));  // a prefix of the header, nothing more
  requireRefusedUntouched(dir, path, "not an SQLite database");
}

TEST_CASE("store: another application's SQLite database is refused and left untouched") {
  TempDir dir;
  const auto path = dir.file("other.db");
  runSql(path,
         "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);"
         "INSERT INTO customers (name) VALUES ('Ada');");
  requireRefusedUntouched(dir, path, "another application");
  CHECK_THAT(errorOfReading(path), Catch::Contains("customers"));
}

TEST_CASE("store: a trace from a newer kubectl-perfscale is refused with an upgrade hint") {
  TempDir dir;
  const auto path = dir.file("newer.db");
  writeOneRun(path, "u-1");
  runSql(path, "PRAGMA user_version = 99; PRAGMA journal_mode = DELETE;");
  requireRefusedUntouched(dir, path, "newer kubectl-perfscale");
  CHECK_THAT(errorOfReading(path), Catch::Contains("version 99") && Catch::Contains("upgrade"));
}

TEST_CASE("store: a damaged trace is refused and left untouched") {
  TempDir dir;
  const auto path = dir.file("damaged.db");
  writeOneRun(path, "u-1");
  runSql(path, "PRAGMA journal_mode = DELETE;");
  // Keep the header, wreck page 1's b-tree (the schema) and everything after it.
  std::string bytes = readFile(path);
  REQUIRE(bytes.size() > 4096);
  for (size_t i = 100; i < bytes.size(); i += 7)
    bytes[i] = static_cast<char>(0xA5);
  writeFile(path, bytes);
  requireRefusedUntouched(dir, path, "damaged");
}

TEST_CASE("store: deep damage in an existing trace stops a writer before it writes") {
  TempDir dir;
  const auto path = dir.file("deep.db");
  {
    TraceWriter writer(path);
    RunInfo run;
    run.uuid = "u-1";
    writer.beginRun(run);
    for (int i = 0; i < 5000; ++i) {
      perfscale::EventRecord event;
      event.kind = "note";
      event.message = "event number " + std::to_string(i) + std::string(100, 'x');
      writer.record(event);
    }
    writer.endRun({});
  }
  runSql(path, "PRAGMA journal_mode = DELETE;");
  std::string bytes = readFile(path);
  const size_t pages = bytes.size() / 4096;
  REQUIRE(pages > 20);
  // Scribble over a page in the middle (events' leaves), leaving the schema intact.
  const size_t page = pages / 2;
  for (size_t i = page * 4096 + 8; i < (page + 1) * 4096; ++i)
    bytes[i] = static_cast<char>(i);
  writeFile(path, bytes);
  const auto filesBefore = filesIn(dir.path());
  CHECK_THAT(errorOfWriting(path), Catch::Contains(path) && Catch::Contains("damaged"));
  CHECK(readFile(path) == bytes);
  CHECK(filesIn(dir.path()) == filesBefore);
}

TEST_CASE("store: an empty file is refused for reading and becomes a trace for writing") {
  TempDir dir;
  const auto path = dir.file("empty.db");
  writeFile(path, "");
  CHECK_THAT(errorOfReading(path), Catch::Contains(path) && Catch::Contains("empty"));
  CHECK(readFile(path).empty());
  writeOneRun(path, "u-1");
  CHECK(TraceReader(path).runs().size() == 1);
}

TEST_CASE("store: reading a missing file fails and creates nothing") {
  TempDir dir;
  const auto path = dir.file("missing.db");
  CHECK_THAT(errorOfReading(path), Catch::Contains(path) && Catch::Contains("no such file"));
  CHECK(filesIn(dir.path()).empty());
}

TEST_CASE("store: a directory that does not exist fails at start with a clear message") {
  TempDir dir;
  const auto path = dir.file("no/such/dir/t.db");
  CHECK_THAT(errorOfWriting(path), Catch::Contains(path) && Catch::Contains("does not exist"));
}

TEST_CASE("store: a read-only directory or file fails at start with a clear message") {
  TempDir dir;
  chmod(dir.path().c_str(), 0755);  // let an unprivileged user look inside
  const auto readOnlyDir = dir.file("ro");
  std::filesystem::create_directory(readOnlyDir);
  const auto path = dir.file("ro.db");
  writeOneRun(path, "u-1");
  if (geteuid() == 0) {
    // root may write anywhere: give both to "nobody", who may not.
    REQUIRE(chown(readOnlyDir.c_str(), kNobody, kNobody) == 0);
    REQUIRE(chown(path.c_str(), kNobody, kNobody) == 0);
  }
  chmod(readOnlyDir.c_str(), 0500);
  chmod(path.c_str(), 0400);
  CHECK_THAT(errorOfWritingUnprivileged(readOnlyDir + "/t.db"),
             Catch::Contains("t.db") && Catch::Contains("may not create"));
  CHECK_THAT(errorOfWritingUnprivileged(path),
             Catch::Contains(path) && Catch::Contains("read-only"));
  // A writable trace in a directory where its -wal file cannot be created.
  const auto inReadOnlyDir = readOnlyDir + "/t.db";
  chmod(readOnlyDir.c_str(), 0700);
  writeOneRun(inReadOnlyDir, "u-1");
  if (geteuid() == 0) REQUIRE(chown(inReadOnlyDir.c_str(), kNobody, kNobody) == 0);
  chmod(readOnlyDir.c_str(), 0500);
  CHECK_THAT(errorOfWritingUnprivileged(inReadOnlyDir),
             Catch::Contains(inReadOnlyDir) && Catch::Contains("writable"));
  chmod(readOnlyDir.c_str(), 0700);
}

TEST_CASE("store: too little free space fails at start with a clear message") {
  TempDir dir;
  const auto path = dir.file("t.db");
  TraceWriterOptions options;
  options.minFreeBytes = uint64_t{1} << 62;  // more than any disk has
  CHECK_THAT(errorOfWriting(path, options),
             Catch::Contains(path) && Catch::Contains("MiB free") && Catch::Contains("elsewhere"));
  CHECK(filesIn(dir.path()).empty());
}
