// Opening, creating, recognizing and upgrading trace files (see trace_file.h).
#include "store/trace_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

#include "store/migrations.h"
#include "store/schema.h"

namespace perfscale::store {

namespace {

constexpr char kLeftAsIs[] = "it was left as it is";

enum class FileState {
  Missing,
  Empty,
  NotSqlite,
  OtherDatabase,
  Older,
  Current,
  Newer,
  Damaged,
  Locked  // another process held a write lock for longer than kBusyWaitMs
};

// How long a connection waits for another process's lock before it gives up.
constexpr int kBusyWaitMs = 10000;

struct Inspection {
  FileState state = FileState::Missing;
  int64_t version = 0;
  std::string detail;
};

std::string hex(int64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%08llx",
                static_cast<unsigned long long>(static_cast<uint32_t>(value)));
  return text;
}

std::string tableNames(const Database& db) {
  Statement names(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name LIMIT 6");
  std::string list;
  while (names.step())
    list += (list.empty() ? "" : ", ") + names.text(0);
  return list.empty() ? "no tables" : "tables: " + list;
}

bool hasSqliteHeader(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char header[16] = {};
  in.read(header, sizeof header);
  return in.gcount() == sizeof header && std::memcmp(header, "SQLite format 3", 16) == 0;
}

// Looks at the file through a read-only connection: never writes.
Inspection inspect(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return {FileState::Missing, 0, ""};
    throw TraceError("trace " + path + ": cannot read: " + std::strerror(errno) +
                     " (check the path and its permissions)");
  }
  if (!S_ISREG(info.st_mode)) {
    throw TraceError("trace " + path + ": not a regular file: give the path of a trace file");
  }
  if (info.st_size == 0) return {FileState::Empty, 0, ""};
  if (!hasSqliteHeader(path)) return {FileState::NotSqlite, 0, ""};
  Database db(path, SQLITE_OPEN_READONLY);
  sqlite3_busy_timeout(db.handle(), kBusyWaitMs);
  try {
    const int64_t applicationId = db.queryInt("PRAGMA application_id");
    const int64_t version = db.queryInt("PRAGMA user_version");
    const int64_t objects = db.queryInt("SELECT count(*) FROM sqlite_schema");
    if (applicationId == 0 && version == 0 && objects == 0) return {FileState::Empty, 0, ""};
    if (applicationId != kApplicationId) {
      return {FileState::OtherDatabase, 0,
              "application_id " + hex(applicationId) + ", " + tableNames(db)};
    }
    if (version > kSchemaVersion) return {FileState::Newer, version, ""};
    if (db.queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'meta'") != 1) {
      return {FileState::Damaged, version, "its meta table is missing"};
    }
    if (version < kSchemaVersion) return {FileState::Older, version, ""};
    return {FileState::Current, version, ""};
  } catch (const TraceError& e) {
    const int code = sqlite3_errcode(db.handle()) & 0xff;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return {FileState::Locked, 0, ""};
    return {FileState::Damaged, 0, e.what()};
  }
}

// Throws for every state that no one may read or write.
void refuseForeign(const std::string& path, const Inspection& inspection) {
  const std::string where = "trace " + path + ": ";
  switch (inspection.state) {
    case FileState::NotSqlite:
      throw TraceError(where + "not a kubectl-perfscale trace: the file is not an SQLite " +
                       "database; " + kLeftAsIs + ". Give the path of a trace, or a new file name");
    case FileState::OtherDatabase:
      throw TraceError(where + "not a kubectl-perfscale trace: an SQLite database of another " +
                       "application (" + inspection.detail + "); " + kLeftAsIs +
                       ". Give the path of a trace, or a new file name");
    case FileState::Newer:
      throw TraceError(where + "written by a newer kubectl-perfscale (trace schema version " +
                       std::to_string(inspection.version) + "; this build knows versions up to " +
                       std::to_string(kSchemaVersion) + "): upgrade kubectl-perfscale to use it");
    case FileState::Locked:
      throw TraceError(where + "another process has held it locked for " +
                       std::to_string(kBusyWaitMs / 1000) +
                       " s (a run still writing it, or a program with a write transaction " +
                       "open); " + kLeftAsIs + ". Try again when that process has finished");
    case FileState::Damaged:
      throw TraceError(where + "damaged: " + inspection.detail + "; " + kLeftAsIs +
                       ". Use another file, or a copy of the trace from before the damage");
    default:
      return;
  }
}

void requireIntact(const Database& db) {
  Statement check(db, "PRAGMA quick_check(1)");
  const std::string verdict = check.step() ? check.text(0) : "no answer";
  if (verdict != "ok") {
    throw TraceError("trace " + db.path() + ": damaged: " + verdict + "; " + kLeftAsIs +
                     ". Use another file, or a copy of the trace from before the damage");
  }
}

std::string directoryOf(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

void requireFreeSpace(const std::string& path, uint64_t minFreeBytes) {
  if (minFreeBytes == 0) return;
  struct statvfs fs {};
  if (::statvfs(directoryOf(path).c_str(), &fs) != 0) return;  // the open will say why
  const uint64_t free = static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
  if (free < minFreeBytes) {
    throw TraceError("trace " + path + ": only " + std::to_string(free >> 20) +
                     " MiB free on its file system, and a run needs at least " +
                     std::to_string(minFreeBytes >> 20) +
                     " MiB for its trace: free some space or write the trace elsewhere");
  }
}

[[noreturn]] void failCreate(const std::string& path, int error) {
  const std::string dir = directoryOf(path);
  std::string advice;
  switch (error) {
    case ENOENT:
      advice = "the directory " + dir + " does not exist: create it first";
      break;
    case EACCES:
    case EPERM:
      advice = "you may not create files in " + dir + ": choose another place";
      break;
    case EROFS:
      advice = dir + " is on a read-only file system: choose another place";
      break;
    case ENOSPC:
    case EDQUOT:
      advice = "the disk is full: free some space or choose another place";
      break;
    default:
      advice = "choose another place for the trace";
      break;
  }
  throw TraceError("trace " + path + ": cannot create: " + std::strerror(error) + " (" + advice +
                   ")");
}

void requireWritable(const Database& db) {
  if (sqlite3_db_readonly(db.handle(), "main") == 1) {
    throw TraceError("trace " + db.path() +
                     ": the file is read-only: make it writable or write the trace elsewhere");
  }
}

void configureForWriting(const Database& db, const WriteOpenOptions& options) {
  requireWritable(db);
  sqlite3_busy_timeout(db.handle(), kBusyWaitMs);
  // 8 KiB pages (for a new file; WAL fixes the size): fewer system calls per byte written, and
  // kilobyte request bodies waste less of a page than in 4 KiB ones (measured: 15% less CPU).
  db.exec("PRAGMA page_size = 8192");
  if (!options.writeAheadLog) return;
  bool wal = false;
  try {
    Statement mode(db, "PRAGMA journal_mode = WAL");
    wal = mode.step() && mode.textView(0) == "wal";
  } catch (const TraceError&) {
    // SQLite's own words ("attempt to write a readonly database") say less than ours below.
  }
  if (!wal) {
    throw TraceError("trace " + db.path() + ": cannot start write-ahead logging beside the file " +
                     "(the " + db.path() + "-wal file): make the directory " +
                     directoryOf(db.path()) + " writable, or write the trace elsewhere");
  }
  db.exec("PRAGMA synchronous = NORMAL");
  // 2 MiB of page cache: the writer appends, so a larger cache buys nothing and costs its size
  // in every run's memory (perfscale-store-bench --records 2000000: 4 MiB 380k and 368k
  // records/s committed, 8 MiB 351k and 321k; later 4 MiB 384k and 367k, 2 MiB 391k to 405k,
  // 1 MiB 391k to 416k).
  db.exec("PRAGMA cache_size = -2048");
  if (options.maxBytes > 0) {
    const int64_t pageSize = db.queryInt("PRAGMA page_size");
    db.exec("PRAGMA max_page_count = " +
            std::to_string(std::max<int64_t>(options.maxBytes / pageSize, 1)));
  }
}

Database initialize(const std::string& path, const WriteOpenOptions& options) {
  Database db(path, SQLITE_OPEN_READWRITE);
  configureForWriting(db, options);
  Transaction transaction(db);
  createSchema(db, options.toolVersion);
  transaction.commit();
  return db;
}

// Creates the file with mode 0600 (SQLite would use 0644), then its schema. Returns nothing
// when another process created the file first.
std::optional<Database> create(const std::string& path, const WriteOpenOptions& options) {
  requireFreeSpace(path, options.minFreeBytes);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return std::nullopt;
    failCreate(path, errno);
  }
  ::fchmod(fd, 0600);  // whatever the umask
  ::close(fd);
  try {
    return initialize(path, options);
  } catch (...) {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::remove((path + suffix).c_str());
    throw;
  }
}

void upgradeInPlace(const std::string& path, int64_t version, const std::string& toolVersion) {
  try {
    Database db(path, SQLITE_OPEN_READWRITE);
    requireWritable(db);
    sqlite3_busy_timeout(db.handle(), kBusyWaitMs);
    requireIntact(db);
    upgradeTrace(db, toolVersion);
  } catch (const TraceError& e) {
    throw TraceError(std::string(e.what()) + "; the trace has schema version " +
                     std::to_string(version) + " and must be upgraded once to version " +
                     std::to_string(kSchemaVersion) +
                     ", which needs write access: make the file writable, or work on a copy");
  }
}

// A trace that others may read or write (made by another tool, or copied with a wider mode)
// is narrowed to 0600 before a run appends to it, with its WAL and shared-memory files: the
// trace holds request bodies and cluster names. Files of another owner are left as they are.
void restrictMode(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::string file = path + suffix;
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) continue;
    if ((info.st_mode & 077) != 0 && info.st_uid == ::geteuid())
      ::chmod(file.c_str(), info.st_mode & 0700);
  }
}

}  // namespace

Database openTraceForReading(const std::string& path, OlderTrace older) {
  const Inspection inspection = inspect(path);
  refuseForeign(path, inspection);
  switch (inspection.state) {
    case FileState::Missing:
      throw TraceError("trace " + path + ": no such file (check the path)");
    case FileState::Empty:
      throw TraceError("trace " + path + ": the file is empty: no run was recorded in it");
    case FileState::Older:
      if (older == OlderTrace::Refuse) {
        throw TraceError("trace " + path + ": an older trace format, left as it is; any command " +
                         "that reads it (kubectl perfscale runs " + path + ") upgrades it");
      }
      upgradeInPlace(path, inspection.version, "");
      break;
    default:
      break;
  }
  Database db(path, SQLITE_OPEN_READONLY);
  sqlite3_busy_timeout(db.handle(), kBusyWaitMs);
  return db;
}

Database openTraceUnchanged(const std::string& path) {
  const Inspection inspection = inspect(path);
  refuseForeign(path, inspection);
  if (inspection.state == FileState::Missing)
    throw TraceError("trace " + path + ": no such file (check the path)");
  if (inspection.state == FileState::Empty)
    throw TraceError("trace " + path + ": the file is empty: no run was recorded in it");
  Database db(path, SQLITE_OPEN_READONLY);
  sqlite3_busy_timeout(db.handle(), kBusyWaitMs);
  requireIntact(db);
  if (inspection.state != FileState::Older) return db;
  Database copy = db.copyInMemory();
  upgradeTrace(copy, "");
  return copy;
}

Database openTraceForWriting(const std::string& path, const WriteOpenOptions& options) {
  Inspection inspection = inspect(path);
  if (inspection.state == FileState::Missing) {
    if (auto created = create(path, options)) return std::move(*created);
    inspection = inspect(path);  // another process created it meanwhile
  }
  refuseForeign(path, inspection);
  restrictMode(path);
  requireFreeSpace(path, options.minFreeBytes);
  if (inspection.state == FileState::Empty) return initialize(path, options);
  if (inspection.state == FileState::Older) {
    upgradeInPlace(path, inspection.version, options.toolVersion);
  }
  Database db(path, SQLITE_OPEN_READWRITE);
  requireWritable(db);
  if (inspection.state == FileState::Current) requireIntact(db);
  configureForWriting(db, options);
  return db;
}

}  // namespace perfscale::store
