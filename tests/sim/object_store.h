// The simulator's state: every object, one global resourceVersion, and the event
// history that watches are served from. One mutex guards it all, like etcd's single log.
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

namespace perfscale::sim {

enum class Kind { Namespace, Vmi };

using Labels = std::map<std::string, std::string>;

// One published state of an object. The body is never modified after publication, so
// its JSON is rendered once, lazily, by whoever needs it first, outside the store's lock.
class Snapshot {
 public:
  explicit Snapshot(Poco::JSON::Object::Ptr body) : body_(std::move(body)) {}
  const std::string& json() const;

 private:
  Poco::JSON::Object::Ptr body_;
  mutable std::once_flag rendered_;
  mutable std::string json_;
};

// An immutable view of one object as clients see it.
struct ObjectView {
  Kind kind;
  std::string ns;  // empty for namespaces
  std::string name;
  uint64_t resourceVersion = 0;
  std::shared_ptr<const Labels> labels;
  std::shared_ptr<const Snapshot> snapshot;
  const std::string& json() const { return snapshot->json(); }
};

struct WatchEvent {
  std::string type;  // ADDED, MODIFIED, DELETED
  ObjectView object;
};

// Objects are ordered by (kind, namespace, name), which is also the order of lists
// and of continue tokens.
struct ObjectKey {
  Kind kind;
  std::string ns;
  std::string name;
  bool operator<(const ObjectKey& other) const {
    return std::tie(kind, ns, name) < std::tie(other.kind, other.ns, other.name);
  }
};

class ObjectStore {
 public:
  // A mutable view of the store, handed out only while the store's mutex is held.
  class Transaction {
   public:
    // The stored object body, or null. Read it only: it may be published already.
    Poco::JSON::Object::Ptr find(const ObjectKey& key) const;
    // Inserts a new object: stamps metadata.resourceVersion and emits ADDED.
    ObjectView insert(const ObjectKey& key, Poco::JSON::Object::Ptr body);
    // Applies `change` to a shallow copy (edit nested parts through json_edit.h); when it
    // returns true, the copy gets a new resourceVersion and is published as MODIFIED.
    using Change = std::function<bool(Poco::JSON::Object&)>;
    std::optional<ObjectView> update(const ObjectKey& key, const Change& change);
    // Removes the object and emits DELETED with its final state (after `change`, if any)
    // under a new resourceVersion.
    std::optional<ObjectView> remove(const ObjectKey& key, const Change& change = nullptr);
    // Every object of `kind` (in `ns` when not empty), in key order.
    std::vector<ObjectKey> keys(Kind kind, const std::string& ns) const;
    // Whether any object of `kind` is in `ns`, without copying keys: a finalizer asks once
    // per deleted VMI.
    bool any(Kind kind, const std::string& ns) const;
    uint64_t resourceVersion() const;
    // Runs `action` once the store is unlocked again: work that needs no store state
    // (queueing controller tasks) stays out of the critical section.
    void afterCommit(std::function<void()> action) { afterCommit_.push_back(std::move(action)); }

   private:
    friend class ObjectStore;
    explicit Transaction(ObjectStore& store) : store_(store) {}
    void commit();
    ObjectStore& store_;
    std::vector<std::function<void()>> afterCommit_;
  };

  explicit ObjectStore(size_t historyLimit);

  // Runs `body` with the store locked; then, unlocked, wakes watchers and runs the
  // transaction's after-commit actions.
  template <typename F>
  auto withTransaction(F&& body) {
    Transaction transaction(*this);
    std::unique_lock<std::mutex> lock(mutex_);
    if constexpr (std::is_void_v<decltype(body(transaction))>) {
      body(transaction);
      lock.unlock();
      transaction.commit();
    } else {
      auto result = body(transaction);
      lock.unlock();
      transaction.commit();
      return result;
    }
  }

  std::optional<ObjectView> get(const ObjectKey& key) const;

  struct ListPage {
    uint64_t resourceVersion = 0;
    std::vector<ObjectView> items;
    std::optional<ObjectKey> continueAfter;  // set when more items may follow
    size_t remaining = 0;
  };
  // Objects of `kind` (in `ns` when not empty) after `after`, filtered by `accept`,
  // at most `limit` (0 = all).
  ListPage list(Kind kind, const std::string& ns, const std::optional<ObjectKey>& after,
                size_t limit, const std::function<bool(const ObjectView&)>& accept) const;

  // The oldest resourceVersion a watch may start from: events after it are all kept.
  uint64_t oldestWatchableVersion() const;
  uint64_t resourceVersion() const;

  enum class WaitResult { Events, Timeout, Expired, Stopped };
  // Waits until events newer than `after` exist, `deadline` passes, or the store stops.
  // On Events, appends them (in order) to `out` and advances `after`.
  WaitResult waitForEvents(uint64_t& after, std::chrono::steady_clock::time_point deadline,
                           std::vector<WatchEvent>& out) const;

  // Forgets the event history: a watch from any version before now gets 410 Gone.
  void compact();
  // Wakes every waiting watch with Stopped (server shutdown).
  void stop();

 private:
  struct Entry {
    Poco::JSON::Object::Ptr body;
    ObjectView view;
  };
  ObjectView stamp(const ObjectKey& key, Entry& entry, Poco::JSON::Object::Ptr body);
  void record(std::string type, const ObjectView& view);

  const size_t historyLimit_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::map<ObjectKey, Entry> objects_;
  std::deque<WatchEvent> history_;  // history_[i].object.resourceVersion == historyStart_ + i
  uint64_t historyStart_ = 1;
  uint64_t resourceVersion_ = 0;
  bool stopped_ = false;
};

}  // namespace perfscale::sim
