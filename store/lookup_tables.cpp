// Interning of repeated values (see lookup_tables.h).
#include "store/lookup_tables.h"

namespace perfscale::store {

namespace {
// Past this many entries a cache starts over; lookups then fall back to the table's index.
constexpr size_t kCacheLimit = size_t{1} << 19;

template <class Map, class Key>
void remember(Map& cache, Key&& key, int64_t id) {
  if (cache.size() >= kCacheLimit) cache.clear();
  cache.emplace(std::forward<Key>(key), id);
}
}  // namespace

int64_t payloadHash(std::string_view body) {
  // Multiply-xorshift over 8-byte little-endian words: fast on kilobyte bodies, the same on
  // every machine. Not cryptographic: bodies with equal hashes are compared.
  auto word = [&body](size_t at, size_t count) {
    uint64_t value = 0;
    for (size_t i = 0; i < count; ++i)
      value |= uint64_t{static_cast<unsigned char>(body[at + i])} << (8 * i);
    return value;
  };
  uint64_t hash = 0x9e3779b97f4a7c15ULL ^ body.size();
  size_t at = 0;
  for (; at + 8 <= body.size(); at += 8) {
    hash = (hash ^ word(at, 8)) * 0xff51afd7ed558ccdULL;
    hash ^= hash >> 32;
  }
  hash = (hash ^ word(at, body.size() - at)) * 0xc4ceb9fe1a85ec53ULL;
  hash ^= hash >> 29;
  return static_cast<int64_t>(hash);
}

StringTable::StringTable(const Database& db)
    : db_(db),
      select_(db, "SELECT id FROM strings WHERE text = ?"),
      insert_(db, "INSERT OR IGNORE INTO strings (text) VALUES (?)") {}

int64_t StringTable::intern(const std::string& text) {
  ShortString key(text);
  if (const int64_t* found = cache_.find(key)) return *found;
  // Most strings missing from the cache are new (names): try to insert first.
  insert_.bind(1, std::string_view(text)).run();
  int64_t id = 0;
  if (db_.changes() == 1) {
    id = db_.lastInsertId();
  } else {
    select_.bind(1, std::string_view(text));
    if (!select_.step()) db_.fail(SQLITE_INTERNAL, "cannot find string \"" + text + "\"");
    id = select_.int64(0);
    select_.reset();
  }
  remember(cache_, std::move(key), id);
  return id;
}

int64_t StringTable::intern(const std::string& text, Memo& memo) {
  if (memo.id != 0 && memo.text == text) return memo.id;
  memo.id = intern(text);
  memo.text = text;
  return memo.id;
}

PairTable::PairTable(const Database& db, const std::string& table, const std::string& first,
                     const std::string& second)
    : select_(db, "SELECT id FROM " + table + " WHERE " + first + " = ? AND " + second + " = ?"),
      insert_(db, "INSERT INTO " + table + " (" + first + ", " + second + ") VALUES (?, ?)") {}

int64_t PairTable::intern(const std::string& first, const std::string& second) {
  constexpr size_t kRecent = 16;
  for (const auto& pair : recent_) {
    if (pair.first == first && pair.second == second) return pair.id;
  }
  const int64_t id = lookUp(first, second);
  if (recent_.size() == kRecent) recent_.erase(recent_.begin());
  recent_.push_back(Pair{first, second, id});
  return id;
}

int64_t PairTable::lookUp(const std::string& first, const std::string& second) {
  key_.assign(first);
  key_.push_back('\0');
  key_.append(second);
  if (const auto found = cache_.find(key_); found != cache_.end()) return found->second;
  select_.bind(1, std::string_view(first)).bind(2, std::string_view(second));
  const bool known = select_.step();
  const int64_t id = known ? select_.int64(0) : 0;
  select_.reset();
  const int64_t result =
      known ? id
            : insert_.bind(1, std::string_view(first)).bind(2, std::string_view(second)).insert();
  remember(cache_, key_, result);
  return result;
}

PayloadTable::PayloadTable(const Database& db)
    : byHash_(db, "SELECT id, body FROM payloads WHERE hash = ?"),
      body_(db, "SELECT body FROM payloads WHERE id = ?"),
      insert_(db, "INSERT INTO payloads (hash, body) VALUES (?, ?)"),
      // A table empty at the start can only hold what this cache has seen.
      cacheComplete_(db.queryInt("SELECT NOT EXISTS (SELECT 1 FROM payloads)") == 1) {}

void PayloadTable::forget() {
  cache_.clear();
  cacheComplete_ = false;
}

int64_t PayloadTable::intern(const std::string& body) {
  const int64_t hash = payloadHash(body);
  if (const int64_t* found = cache_.find(hash)) {
    // A cached hash is a strong hint; the body decides.
    const int64_t cached = *found;
    body_.bind(1, cached);
    const bool same = body_.step() && body_.textView(0) == body;
    body_.reset();
    if (same) return cached;
  }
  int64_t id = 0;
  if (!cacheComplete_) {
    byHash_.bind(1, hash);
    while (id == 0 && byHash_.step()) {
      if (byHash_.textView(1) == body) id = byHash_.int64(0);
    }
    byHash_.reset();
  }
  if (id == 0) id = insert_.bind(1, hash).bind(2, std::string_view(body)).insert();
  if (cache_.size() >= kCacheLimit) {
    cache_.clear();
    cacheComplete_ = false;
  }
  cache_.emplace(hash, id);
  return id;
}

}  // namespace perfscale::store
