// Keeps a client's view of a set of objects current, as client-go's reflector does: list,
// then watch from the list's resourceVersion; after a cut, resume from the last version
// seen (bookmarks included); after 410 Gone, list again and report what changed in between
// as late events. No change is lost, only learned later, and then marked so.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/compact_string.h"
#include "core/indexed_deque.h"
#include "core/kube/rest_client.h"
#include "core/kube/watch_event.h"

namespace perfscale::kube {

struct ReflectorOptions {
  std::string path;  // a collection: /apis/kubevirt.io/v1/virtualmachineinstances
  std::string labelSelector;
  std::chrono::seconds watchTimeout{300};  // timeoutSeconds of each watch request
  size_t pageSize = 500;                   // limit of each list page
  // A watch silent this long is presumed dead; bookmarks keep a healthy one talking.
  std::chrono::milliseconds idleTimeout{90'000};
  std::chrono::milliseconds firstRetryDelay{100};  // doubles per failure, reset on success
  std::chrono::milliseconds maxRetryDelay{5'000};
};

class ReflectorHandler {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~ReflectorHandler() = default;
  // Added, Modified or Deleted. `late`: learned from a relist, not from the event itself.
  // A late Deleted object carries only metadata (namespace, name, uid).
  virtual void onObject(WatchEvent::Type type, const WatchedObject& object, TimePoint receivedAt,
                        bool late) = 0;
  // Reconnects, 410s, relists, errors: for the trace's event log. No secrets.
  virtual void onNotice(const std::string& kind, const std::string& message) = 0;
  // Each try of each request the reflector makes; verb is "list" or "watch".
  virtual void onTry(const TryReport& report, const std::string& verb) = 0;
};

class Reflector {
 public:
  Reflector(RestClient& client, ReflectorOptions options, ReflectorHandler& handler);
  ~Reflector();
  Reflector(const Reflector&) = delete;
  Reflector& operator=(const Reflector&) = delete;

  // Lists, then opens the watch on a thread of its own; returns once the watch answered.
  // Throws ApiError or ConnectionError when the first list fails (wrong path, 401, 403):
  // a run must not start blind.
  void start();
  // Cancels the watch and joins its thread. Idempotent.
  void stop();

  std::string resourceVersion() const;
  int relists() const { return relists_.load(); }
  int reconnects() const { return reconnects_.load(); }

 private:
  // What is kept per object, compact (a run watches 100,000 VMIs): the namespace as an index
  // into namespaces_, the uid packed, the resourceVersion as a hash (only ever compared). A
  // deleted object keeps its entry (not present), found again if its name comes back.
  struct Known {
    CompactUid uid;
    size_t version = 0;
    ShortString name;
    uint32_t ns = 0;
    uint32_t listed = 0;  // the last relist (listing_) that listed it
    bool present = false;
  };
  static size_t versionHash(const std::string& resourceVersion);
  // The namespace's index, added when new.
  uint32_t namespaceIndex(const std::string& ns);
  // The object's entry in known_, added (not present) when new.
  Known& known(const ObjectMeta& meta);
  // Lists every page; reports differences to what is known as late events (or as plain
  // Added on the first list); returns the list's resourceVersion.
  std::string relist(bool first);
  void watchLoop();
  // One watch connection, until it ends; returns true when a relist is needed (410).
  bool watchOnce(bool& healthy);
  void apply(const WatchEvent& event);
  void backoff(std::chrono::milliseconds& delay);

  RestClient& client_;
  const ReflectorOptions options_;
  ReflectorHandler& handler_;

  // Only the watch thread touches these after start().
  // Every object seen: ~70 bytes each, where a std::map took ~100.
  IndexedDeque<Known, NamespacedNameKey<Known>> known_;
  uint32_t listing_ = 0;  // relists and their restarts so far
  std::vector<std::string> namespaces_;
  std::map<std::string, uint32_t, std::less<>> namespaceIndexes_;
  mutable std::mutex mutex_;  // guards resourceVersion_ and stream_
  std::string resourceVersion_;
  std::unique_ptr<ResponseStream> stream_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> relists_{0};
  std::atomic<int> reconnects_{0};
  std::thread thread_;
  std::mutex startedMutex_;
  std::condition_variable startedChanged_;
  bool firstWatchAnswered_ = false;
};

}  // namespace perfscale::kube
