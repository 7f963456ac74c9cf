// Upgrades an older trace to the current schema in one transaction (all steps or none).
#pragma once

#include <string_view>

#include "store/sqlite_db.h"

namespace perfscale::store {

// The oldest schema version this build can upgrade.
inline constexpr int kOldestUpgradableVersion = 1;

// Upgrades `db` from its PRAGMA user_version to kSchemaVersion; meta records the version it
// came from and the tool that upgraded it. A no-op when another process upgraded it first.
void upgradeTrace(const Database& db, std::string_view toolVersion);

}  // namespace perfscale::store
