// Opening a trace file. Nothing is written to a file before it is known to be a trace:
// a missing file is created (mode 0600), an empty one initialized, an older trace upgraded;
// anything else (not SQLite, another application's database, a newer or damaged trace) is
// refused with a message that names the file and says what to do.
#pragma once

#include <cstdint>
#include <string>

#include "store/sqlite_db.h"

namespace perfscale::store {

struct WriteOpenOptions {
  std::string toolVersion;           // recorded in meta when the file is created or upgraded
  uint64_t minFreeBytes = 64 << 20;  // refuse to start with less free space than this
  int64_t maxBytes = 0;              // cap the file's size (0: no cap); past it writes fail as
                                     // on a full disk
  // false: keep the rollback journal, so that a transaction that fails leaves the file exactly
  // as it was (`merge` writes one transaction; a run's writer wants WAL's many small commits)
  bool writeAheadLog = true;
};

// What reading does with a trace of an older schema: upgrade it in place first (what commands
// do), or refuse it and leave the file untouched (shell completion, which must write nothing).
enum class OlderTrace { Upgrade, Refuse };

// A read-only connection to the trace at `path`, upgraded first if it is older (or refused).
Database openTraceForReading(const std::string& path, OlderTrace older = OlderTrace::Upgrade);

// A read-only connection that never writes to the file, not even to upgrade it: an older trace
// is upgraded in a private copy in memory. The whole file is checked first (PRAGMA
// quick_check), so a damaged one is refused before anything is read from it.
Database openTraceUnchanged(const std::string& path);

// A read-write connection (in WAL mode unless options say otherwise), ready for a writer.
Database openTraceForWriting(const std::string& path, const WriteOpenOptions& options = {});

}  // namespace perfscale::store
