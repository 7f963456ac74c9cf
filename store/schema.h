// The trace's schema: its identity (application id, version) and the SQL that creates it.
// README.md documents the same tables for people who query a trace with the sqlite3 shell.
#pragma once

#include <cstdint>
#include <string_view>

#include "store/sqlite_db.h"

namespace perfscale::store {

// PRAGMA application_id of every trace: "PfSc".
inline constexpr int32_t kApplicationId = 0x50665363;
// PRAGMA user_version and meta.schema_version of the traces this build writes.
inline constexpr int kSchemaVersion = 4;

// The tables, indexes and views of version kSchemaVersion, without the version stamp.
std::string currentSchemaSql();
// The views objects_v and phases_v alone (an upgrade replaces them).
std::string_view objectViewsSql();
// The table shards alone (an upgrade adds it).
std::string_view shardsTableSql();

// Creates the current schema in an empty database and stamps it (application id, version,
// meta); `toolVersion` goes to meta.created_by. Runs inside the caller's transaction.
void createSchema(const Database& db, std::string_view toolVersion);

// Sets PRAGMA user_version and meta.schema_version to `version`.
void stampVersion(const Database& db, int version);

}  // namespace perfscale::store
