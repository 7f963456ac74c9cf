// The objects a run created, one row per object life: found by uid, or by kind, namespace and
// name when a record has no uid (the latest object of that name). Names may be reused across
// iterations; uids never are.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/compact_string.h"
#include "core/flat_map.h"
#include "core/record.h"
#include "store/sqlite_db.h"

namespace perfscale::store {

class ObjectTable {
 public:
  struct Key {
    int64_t kindId = 0;
    std::optional<int64_t> namespaceId;
    int64_t nameId = 0;
  };
  struct Stage {
    ObjectRecord::Stage stage = ObjectRecord::Stage::Created;
    RunClock at{0};
    int iteration = -1;
  };

  explicit ObjectTable(const Database& db);

  // A new run, with no objects yet: until its caches overflow, a miss means a new object.
  void startRun(int64_t runId);
  // The id of the run's object (inserted when new, then `*inserted` is set); `stage`, when
  // given, is recorded on it.
  int64_t record(const Key& key, const std::string& uid, const Stage* stage, bool* inserted);
  // The id of the object with this uid if the cache knows it, else 0: a fast path that needs
  // no key (most records carry the uid of an object seen moments ago).
  int64_t cachedByUid(const std::string& uid) const;
  void setStage(int64_t id, const Stage& stage);
  void forget();

 private:
  // The caches keep row ids in 32 bits (31 for an object's, beside its has-uid bit): 16 bytes
  // an entry by name and 20 by uid, where 64-bit ids took 40 and 24 (8 MB at 100,000 VMIs). A
  // record with a larger id is not cached, and the cache is then incomplete: SQL answers.
  struct NameKey {
    uint32_t kindId;
    uint32_t namespaceId;  // 0 for none
    uint32_t nameId;
    bool operator==(const NameKey& other) const {
      return kindId == other.kindId && namespaceId == other.namespaceId && nameId == other.nameId;
    }
  };
  struct NameKeyHash {
    size_t operator()(const NameKey& key) const {
      return std::hash<uint64_t>()((uint64_t{key.nameId} << 32 | key.namespaceId) * 31 +
                                   key.kindId);
    }
  };
  struct Latest {
    int64_t id;
    bool hasUid;
  };
  static std::optional<NameKey> nameKeyOf(const Key& key);

  std::optional<int64_t> byUid(const std::string& uid);
  std::optional<Latest> latestByName(const Key& key);
  int64_t insert(const Key& key, const std::string& uid, const Stage* stage);
  void remember(const Key& key, Latest latest);
  void rememberUid(const std::string& uid, int64_t id);

  Statement byUid_;
  Statement byName_;
  Statement insert_;
  Statement adoptUid_;
  Statement stage_;
  int64_t runId_ = 0;
  bool cacheComplete_ = false;
  FlatMap<CompactUid, uint32_t> uidCache_;             // uids packed: one entry per object
  FlatMap<NameKey, uint32_t, NameKeyHash> nameCache_;  // id, and 1 << 31 when it has a uid
};

}  // namespace perfscale::store
