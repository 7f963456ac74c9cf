// Objects of a run, resolved from records (see object_table.h).
#include "store/object_table.h"

#include <cstdint>

namespace perfscale::store {

namespace {

constexpr size_t kCacheLimit = size_t{1} << 19;
constexpr int64_t kHasUid = int64_t{1} << 31;  // the bit of a cached Latest

// The stage codes of the UPDATE in ObjectTable's constructor, and the insert's column offsets.
int stageCode(ObjectRecord::Stage stage) {
  switch (stage) {
    case ObjectRecord::Stage::Created:
      return 0;
    case ObjectRecord::Stage::DeletionRequested:
      return 1;
    case ObjectRecord::Stage::Gone:
      return 2;
  }
  return 0;
}

std::optional<int64_t> iterationValue(int iteration) {
  if (iteration < 0) return std::nullopt;
  return iteration;
}

}  // namespace

ObjectTable::ObjectTable(const Database& db)
    : byUid_(db, "SELECT id FROM objects WHERE run_id = ? AND uid = ?"),
      byName_(db,
              "SELECT id, uid IS NOT NULL FROM objects WHERE run_id = ? AND name_id = ? "
              "AND kind_id = ? AND namespace_id IS ? ORDER BY id DESC LIMIT 1"),
      insert_(db,
              "INSERT INTO objects (run_id, kind_id, namespace_id, name_id, uid, iteration, "
              "created_ns, deletion_requested_ns, gone_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      adoptUid_(db, "UPDATE objects SET uid = ? WHERE id = ?"),
      stage_(db,
             "UPDATE objects SET "
             "created_ns = CASE ?2 WHEN 0 THEN ?3 ELSE created_ns END, "
             "deletion_requested_ns = CASE ?2 WHEN 1 THEN ?3 ELSE deletion_requested_ns END, "
             "gone_ns = CASE ?2 WHEN 2 THEN ?3 ELSE gone_ns END, "
             "iteration = coalesce(iteration, ?4) WHERE id = ?1") {}

void ObjectTable::startRun(int64_t runId) {
  forget();
  runId_ = runId;
  cacheComplete_ = true;
}

void ObjectTable::forget() {
  uidCache_.clear();
  nameCache_.clear();
  cacheComplete_ = false;
}

std::optional<ObjectTable::NameKey> ObjectTable::nameKeyOf(const Key& key) {
  const int64_t ns = key.namespaceId.value_or(0);
  if (key.kindId < 0 || key.kindId > UINT32_MAX || ns < 0 || ns > UINT32_MAX || key.nameId < 0 ||
      key.nameId > UINT32_MAX)
    return std::nullopt;
  return NameKey{static_cast<uint32_t>(key.kindId), static_cast<uint32_t>(ns),
                 static_cast<uint32_t>(key.nameId)};
}

void ObjectTable::remember(const Key& key, Latest latest) {
  const auto nameKey = nameKeyOf(key);
  if (!nameKey || latest.id <= 0 || latest.id >= kHasUid || nameCache_.size() >= kCacheLimit) {
    forget();
    return;
  }
  nameCache_[*nameKey] = static_cast<uint32_t>(latest.hasUid ? latest.id | kHasUid : latest.id);
}

void ObjectTable::rememberUid(const std::string& uid, int64_t id) {
  if (id <= 0 || id > UINT32_MAX || uidCache_.size() >= kCacheLimit) {
    forget();
    return;
  }
  uidCache_.emplace(CompactUid(uid), static_cast<uint32_t>(id));
}

int64_t ObjectTable::cachedByUid(const std::string& uid) const {
  const uint32_t* found = uidCache_.find(CompactUid(uid));
  return found == nullptr ? 0 : int64_t{*found};
}

std::optional<int64_t> ObjectTable::byUid(const std::string& uid) {
  if (const uint32_t* found = uidCache_.find(CompactUid(uid))) return int64_t{*found};
  if (cacheComplete_) return std::nullopt;
  byUid_.bind(1, runId_).bind(2, std::string_view(uid));
  std::optional<int64_t> id;
  if (byUid_.step()) id = byUid_.int64(0);
  byUid_.reset();
  if (id) rememberUid(uid, *id);
  return id;
}

std::optional<ObjectTable::Latest> ObjectTable::latestByName(const Key& key) {
  const auto nameKey = nameKeyOf(key);
  if (nameKey) {
    if (const uint32_t* found = nameCache_.find(*nameKey))
      return Latest{*found & ~kHasUid, (*found & kHasUid) != 0};
  }
  if (cacheComplete_) return std::nullopt;
  byName_.bind(1, runId_).bind(2, key.nameId).bind(3, key.kindId).bind(4, key.namespaceId);
  std::optional<Latest> latest;
  if (byName_.step()) latest = Latest{byName_.int64(0), byName_.int64(1) != 0};
  byName_.reset();
  if (latest) remember(key, *latest);
  return latest;
}

int64_t ObjectTable::insert(const Key& key, const std::string& uid, const Stage* stage) {
  insert_.bind(1, runId_).bind(2, key.kindId).bind(3, key.namespaceId).bind(4, key.nameId);
  insert_.bindTextOrNull(5, uid);
  if (stage) {
    insert_.bind(6, iterationValue(stage->iteration));
    insert_.bind(7 + stageCode(stage->stage), stage->at.count());
  }
  const int64_t id = insert_.insert();
  remember(key, Latest{id, !uid.empty()});
  if (!uid.empty()) rememberUid(uid, id);
  return id;
}

void ObjectTable::setStage(int64_t id, const Stage& stage) {
  stage_.bind(1, id).bind(2, int64_t{stageCode(stage.stage)}).bind(3, stage.at.count());
  stage_.bind(4, iterationValue(stage.iteration)).run();
}

int64_t ObjectTable::record(const Key& key, const std::string& uid, const Stage* stage,
                            bool* inserted) {
  *inserted = false;
  int64_t id = uid.empty() ? 0 : byUid(uid).value_or(0);  // row ids start at 1
  if (id == 0) {
    if (const auto latest = latestByName(key)) {
      if (uid.empty()) {
        id = latest->id;
      } else if (!latest->hasUid) {
        // First seen without its uid (a stage recorded before the create answer was read):
        // this record names it.
        adoptUid_.bind(1, std::string_view(uid)).bind(2, latest->id).run();
        remember(key, Latest{latest->id, true});
        rememberUid(uid, latest->id);
        id = latest->id;
      }
    }
  }
  if (id == 0) {
    *inserted = true;
    return insert(key, uid, stage);
  }
  if (stage) setStage(id, *stage);
  return id;
}

}  // namespace perfscale::store
