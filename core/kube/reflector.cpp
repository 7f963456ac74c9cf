// List-and-watch with resume and relist (see reflector.h).
#include "core/kube/reflector.h"

#include <algorithm>
#include <string>
#include <typeinfo>

#include "core/kube/list_items.h"

namespace perfscale::kube {

namespace {

bool isGone(int status) {
  return status == 410;
}

// One page of a list, decoded; ListDecodeError naming the URL otherwise.
ListPage parseListPage(const std::string& body, const std::string& url) {
  try {
    return decodeListPage(body);
  } catch (const ListDecodeError& e) {
    std::string start = body.substr(0, 60);
    for (char& c : start)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    throw ListDecodeError("GET " + url + ": the list answer " + e.what() + "; it begins \"" +
                          start + "\" (" + std::to_string(body.size()) +
                          " bytes); check that the server is a Kubernetes API server");
  }
}

}  // namespace

Reflector::Reflector(RestClient& client, ReflectorOptions options, ReflectorHandler& handler)
    : client_(client), options_(std::move(options)), handler_(handler) {}

Reflector::~Reflector() {
  stop();
}

std::string Reflector::resourceVersion() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return resourceVersion_;
}

void Reflector::start() {
  const std::string version = relist(true);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    resourceVersion_ = version;
  }
  thread_ = std::thread([this] { watchLoop(); });
  std::unique_lock<std::mutex> lock(startedMutex_);
  // Bounded: the first watch either answers or fails within the connect and read timeouts.
  startedChanged_.wait_for(lock, std::chrono::seconds(30),
                           [this] { return firstWatchAnswered_ || stopping_.load(); });
}

void Reflector::stop() {
  stopping_ = true;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stream_) stream_->cancel();
  }
  startedChanged_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string Reflector::relist(bool first) {
  const auto started = std::chrono::steady_clock::now();
  ++listing_;  // objects listed from here on carry this number
  size_t listed = 0;
  std::string version;
  std::string continueToken;
  for (int page = 0;; ++page) {
    RestRequest request;
    request.path = options_.path;
    if (!options_.labelSelector.empty())
      request.query.emplace_back("labelSelector", options_.labelSelector);
    request.query.emplace_back("limit", std::to_string(options_.pageSize));
    if (!continueToken.empty()) request.query.emplace_back("continue", continueToken);
    request.onTry = [this](const TryReport& report) { handler_.onTry(report, "list"); };
    RestResponse response = client_.send(request);
    if (!continueToken.empty() && response.status == 410) {
      // The list's snapshot expired between pages: start the list over.
      handler_.onNotice("relist",
                        "list continue token expired (410); listing again from the start");
      continueToken.clear();
      ++listing_;
      listed = 0;
      continue;
    }
    const std::string& body = response.bodyOrThrow("GET");
    ListPage list = parseListPage(body, response.url);
    if (page == 0 || version.empty()) version = list.resourceVersion;
    const auto receivedAt = std::chrono::steady_clock::now();
    for (const WatchedObject& item : list.items) {
      const ObjectMeta& meta = item.meta;
      Known& entry = known(meta);
      if (entry.listed != listing_) {
        entry.listed = listing_;
        ++listed;
      }
      const bool isNew = !entry.present || entry.uid != meta.uid;
      const size_t version = versionHash(meta.resourceVersion);
      if (!isNew && entry.version == version) continue;
      if (entry.uid != meta.uid) entry.uid = meta.uid;
      entry.version = version;
      entry.present = true;
      handler_.onObject(isNew ? WatchEvent::Type::Added : WatchEvent::Type::Modified, item,
                        receivedAt, !first);
    }
    continueToken = list.continueToken;
    if (continueToken.empty()) break;
  }
  // What is known but no longer listed went away while the watch was not looking.
  const auto now = std::chrono::steady_clock::now();
  std::vector<Known*> gone;
  for (Known& entry : known_.entries()) {
    if (entry.present && entry.listed != listing_) gone.push_back(&entry);
  }
  std::sort(gone.begin(), gone.end(), [](const Known* a, const Known* b) {
    return NamespacedNameKey<Known>::key(*a) < NamespacedNameKey<Known>::key(*b);
  });
  for (Known* entry : gone) {
    entry->present = false;
    WatchedObject object;
    object.meta.ns = namespaces_[entry->ns];
    object.meta.name = entry->name.str();
    object.meta.uid = entry->uid.str();
    handler_.onObject(WatchEvent::Type::Deleted, object, now, true);
  }
  if (!first) {
    ++relists_;
    handler_.onNotice(
        "relist",
        "listed " + std::to_string(listed) + " objects in " +
            std::to_string(
                std::chrono::duration_cast<std::chrono::milliseconds>(now - started).count()) +
            " ms; resuming the watch at resourceVersion " + version);
  }
  return version;
}

size_t Reflector::versionHash(const std::string& resourceVersion) {
  return std::hash<std::string_view>()(resourceVersion);
}

uint32_t Reflector::namespaceIndex(const std::string& ns) {
  if (const auto it = namespaceIndexes_.find(ns); it != namespaceIndexes_.end()) return it->second;
  const auto index = static_cast<uint32_t>(namespaces_.size());
  namespaces_.push_back(ns);
  namespaceIndexes_.emplace(ns, index);
  return index;
}

Reflector::Known& Reflector::known(const ObjectMeta& meta) {
  const uint32_t ns = namespaceIndex(meta.ns);
  return known_.findOrAdd({ns, meta.name}, [&] {
    Known entry;
    entry.ns = ns;
    entry.name = ShortString(meta.name);
    return entry;
  });
}

void Reflector::apply(const WatchEvent& event) {
  const ObjectMeta& meta = event.object.meta;
  Known& entry = known(meta);
  if (event.type == WatchEvent::Type::Deleted) {
    entry.present = false;
  } else {
    if (entry.uid != meta.uid) entry.uid = meta.uid;
    entry.version = versionHash(meta.resourceVersion);
    entry.present = true;
  }
  handler_.onObject(event.type, event.object, event.receivedAt, false);
}

void Reflector::backoff(std::chrono::milliseconds& delay) {
  const auto until = std::chrono::steady_clock::now() + delay;
  while (!stopping_ && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(
        std::min<std::chrono::milliseconds>(delay, std::chrono::milliseconds(50)));
  }
  delay = std::min(delay * 2, options_.maxRetryDelay);
}

bool Reflector::watchOnce(bool& healthy) {
  StreamRequest request;
  request.path = options_.path;
  if (!options_.labelSelector.empty())
    request.query.emplace_back("labelSelector", options_.labelSelector);
  request.query.emplace_back("watch", "1");
  request.query.emplace_back("resourceVersion", resourceVersion());
  request.query.emplace_back("allowWatchBookmarks", "true");
  request.query.emplace_back("timeoutSeconds", std::to_string(options_.watchTimeout.count()));
  request.idleTimeout = options_.idleTimeout;
  request.onTry = [this](const TryReport& report) { handler_.onTry(report, "watch"); };
  healthy = false;
  std::unique_ptr<ResponseStream> stream;
  try {
    stream = client_.openStream(request);
  } catch (const ConnectionError& e) {
    handler_.onNotice("watch-error", std::string("watch did not connect: ") + e.what());
    return false;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stream_ = std::move(stream);
    if (stopping_) stream_->cancel();
  }
  {
    std::lock_guard<std::mutex> lock(startedMutex_);
    firstWatchAnswered_ = true;
  }
  startedChanged_.notify_all();
  ResponseStream& live = *stream_;
  if (live.status() < 200 || live.status() >= 300) {
    const bool gone = isGone(live.status());
    handler_.onNotice(gone ? "watch-expired" : "watch-error",
                      "watch answered " + (live.errorStatus() ? describe(*live.errorStatus())
                                                              : std::to_string(live.status())));
    return gone;
  }
  healthy = true;
  long events = 0;
  WatchEvent decoded;  // reused: its strings keep their storage from event to event
  while (auto line = live.nextLine()) {
    try {
      if (!decodeWatchLine(*line, std::chrono::steady_clock::now(), decoded)) continue;
    } catch (const WatchDecodeError& e) {
      handler_.onNotice("watch-error", e.what());
      live.cancel();
      return false;
    }
    ++events;
    if (decoded.type == WatchEvent::Type::Error) {
      const bool gone = decoded.status && isGone(decoded.status->code);
      handler_.onNotice(gone ? "watch-expired" : "watch-error",
                        "watch sent an ERROR event: " + describe(*decoded.status));
      live.cancel();
      return gone;
    }
    if (!decoded.resourceVersion.empty()) {
      std::lock_guard<std::mutex> lock(mutex_);
      resourceVersion_ = decoded.resourceVersion;
    }
    if (decoded.type != WatchEvent::Type::Bookmark) apply(decoded);
  }
  if (!stopping_ && live.end() != ResponseStream::End::Closed) {
    handler_.onNotice("watch-cut", std::string("watch stream ") + toString(live.end()) + " after " +
                                       std::to_string(events) + " events: " + live.endDetail() +
                                       "; resuming from resourceVersion " + resourceVersion());
  }
  return false;
}

void Reflector::watchLoop() {
  std::chrono::milliseconds delay = options_.firstRetryDelay;
  while (!stopping_) {
    bool healthy = false;
    bool relistNeeded = false;
    try {
      relistNeeded = watchOnce(healthy);
    } catch (const std::exception& e) {
      handler_.onNotice("watch-error", e.what());
    }
    {
      std::lock_guard<std::mutex> lock(startedMutex_);
      firstWatchAnswered_ = true;  // answered or failed: start() need not wait longer
    }
    startedChanged_.notify_all();
    if (stopping_) break;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stream_.reset();
    }
    ++reconnects_;
    if (healthy) delay = options_.firstRetryDelay;
    if (relistNeeded) {
      try {
        const std::string version = relist(false);
        std::lock_guard<std::mutex> lock(mutex_);
        resourceVersion_ = version;
        continue;
      } catch (const std::exception& e) {
        handler_.onNotice("watch-error", std::string("relist failed: ") + e.what());
      }
    }
    if (!healthy || relistNeeded) backoff(delay);
  }
  std::lock_guard<std::mutex> lock(startedMutex_);
  firstWatchAnswered_ = true;
  startedChanged_.notify_all();
}

}  // namespace perfscale::kube
