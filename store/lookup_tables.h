// Interning of repeated values: strings (names, namespaces, reasons, phases...), pairs of
// strings (verb+resource, priority level+flow schema) and request bodies (deduplicated by
// hash). Each table keeps a bounded cache in front of its SQLite table.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/compact_string.h"
#include "core/flat_map.h"
#include "store/sqlite_db.h"

namespace perfscale::store {

// The 64-bit hash stored in payloads.hash. Equal hashes are confirmed by comparing bodies.
int64_t payloadHash(std::string_view body);

class StringTable {
 public:
  // The last string interned at one call site: records come in runs that repeat it (the same
  // namespace, the same object), and comparing is cheaper than hashing.
  struct Memo {
    std::string text;
    int64_t id = 0;
  };

  explicit StringTable(const Database& db);
  int64_t intern(const std::string& text);
  int64_t intern(const std::string& text, Memo& memo);
  // Also clear every Memo used with this table: the ids may name rolled-back rows. Frees the
  // cache's memory.
  void forget() { cache_.clear(); }

 private:
  const Database& db_;
  Statement select_;
  Statement insert_;
  FlatMap<ShortString, int64_t> cache_;  // short keys: most are generated names
};

// A lookup table of two text columns with a UNIQUE constraint on the pair. Such tables hold a
// handful of rows (verb+resource, priority level+flow schema), so a short list is searched
// before hashing anything.
class PairTable {
 public:
  PairTable(const Database& db, const std::string& table, const std::string& first,
            const std::string& second);
  int64_t intern(const std::string& first, const std::string& second);
  void forget() {
    recent_.clear();
    cache_.clear();
  }

 private:
  int64_t lookUp(const std::string& first, const std::string& second);

  struct Pair {
    std::string first;
    std::string second;
    int64_t id;
  };

  Statement select_;
  Statement insert_;
  std::vector<Pair> recent_;
  std::string key_;  // reused, so a lookup allocates nothing once warm
  std::unordered_map<std::string, int64_t> cache_;
};

class PayloadTable {
 public:
  explicit PayloadTable(const Database& db);
  int64_t intern(const std::string& body);
  void forget();

 private:
  Statement byHash_;
  Statement body_;
  Statement insert_;
  FlatMap<int64_t, int64_t> cache_;  // hash -> id of a body with that hash
  bool cacheComplete_;  // every body in the table is in the cache: a miss is a new body
};

}  // namespace perfscale::store
