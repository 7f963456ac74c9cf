// The simulator's object store and event history (see object_store.h).
#include "tests/sim/object_store.h"

#include <sstream>

#include "tests/sim/json_edit.h"

namespace perfscale::sim {

namespace {

std::shared_ptr<const Labels> labelsOf(const Poco::JSON::Object& body) {
  auto labels = std::make_shared<Labels>();
  auto metadata = body.getObject("metadata");
  if (!metadata) return labels;
  auto given = metadata->getObject("labels");
  if (!given) return labels;
  for (const auto& [key, value] : *given)
    labels->emplace(key, value.toString());
  return labels;
}

}  // namespace

const std::string& Snapshot::json() const {
  std::call_once(rendered_, [this] {
    std::ostringstream out;
    body_->stringify(out);
    json_ = out.str();
  });
  return json_;
}

ObjectStore::ObjectStore(size_t historyLimit) : historyLimit_(historyLimit) {}

// Publishes `body` (a private copy) as the entry's new state under the next version.
ObjectView ObjectStore::stamp(const ObjectKey& key, Entry& entry, Poco::JSON::Object::Ptr body) {
  ++resourceVersion_;
  writableChild(*body, "metadata")->set("resourceVersion", std::to_string(resourceVersion_));
  entry.body = std::move(body);
  entry.view.kind = key.kind;
  entry.view.ns = key.ns;
  entry.view.name = key.name;
  entry.view.resourceVersion = resourceVersion_;
  entry.view.labels = labelsOf(*entry.body);
  entry.view.snapshot = std::make_shared<const Snapshot>(entry.body);
  return entry.view;
}

void ObjectStore::record(std::string type, const ObjectView& view) {
  if (history_.empty()) historyStart_ = view.resourceVersion;
  history_.push_back(WatchEvent{std::move(type), view});
  while (history_.size() > historyLimit_) {
    history_.pop_front();
    ++historyStart_;
  }
}

Poco::JSON::Object::Ptr ObjectStore::Transaction::find(const ObjectKey& key) const {
  auto it = store_.objects_.find(key);
  return it == store_.objects_.end() ? nullptr : it->second.body;
}

ObjectView ObjectStore::Transaction::insert(const ObjectKey& key, Poco::JSON::Object::Ptr body) {
  auto& entry = store_.objects_[key];
  auto view = store_.stamp(key, entry, std::move(body));
  store_.record("ADDED", view);
  return view;
}

std::optional<ObjectView> ObjectStore::Transaction::update(const ObjectKey& key,
                                                           const Change& change) {
  auto it = store_.objects_.find(key);
  if (it == store_.objects_.end()) return std::nullopt;
  Poco::JSON::Object::Ptr copy = new Poco::JSON::Object(*it->second.body);
  if (!change(*copy)) return it->second.view;
  auto view = store_.stamp(key, it->second, copy);
  store_.record("MODIFIED", view);
  return view;
}

std::optional<ObjectView> ObjectStore::Transaction::remove(const ObjectKey& key,
                                                           const Change& change) {
  auto it = store_.objects_.find(key);
  if (it == store_.objects_.end()) return std::nullopt;
  // The DELETED event carries the object's last state under a version of its own.
  Poco::JSON::Object::Ptr copy = new Poco::JSON::Object(*it->second.body);
  if (change) change(*copy);
  auto view = store_.stamp(key, it->second, copy);
  store_.objects_.erase(it);
  store_.record("DELETED", view);
  return view;
}

std::vector<ObjectKey> ObjectStore::Transaction::keys(Kind kind, const std::string& ns) const {
  std::vector<ObjectKey> result;
  for (auto it = store_.objects_.lower_bound(ObjectKey{kind, ns, ""});
       it != store_.objects_.end() && it->first.kind == kind; ++it) {
    if (!ns.empty() && it->first.ns != ns) break;
    result.push_back(it->first);
  }
  return result;
}

bool ObjectStore::Transaction::any(Kind kind, const std::string& ns) const {
  const auto it = store_.objects_.lower_bound(ObjectKey{kind, ns, ""});
  return it != store_.objects_.end() && it->first.kind == kind && it->first.ns == ns;
}

uint64_t ObjectStore::Transaction::resourceVersion() const {
  return store_.resourceVersion_;
}

void ObjectStore::Transaction::commit() {
  store_.changed_.notify_all();
  for (auto& action : afterCommit_)
    action();
}

std::optional<ObjectView> ObjectStore::get(const ObjectKey& key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = objects_.find(key);
  if (it == objects_.end()) return std::nullopt;
  return it->second.view;
}

ObjectStore::ListPage ObjectStore::list(
    Kind kind, const std::string& ns, const std::optional<ObjectKey>& after, size_t limit,
    const std::function<bool(const ObjectView&)>& accept) const {
  std::lock_guard<std::mutex> lock(mutex_);
  ListPage page;
  page.resourceVersion = resourceVersion_;
  auto it = after ? objects_.upper_bound(*after) : objects_.lower_bound(ObjectKey{kind, ns, ""});
  for (; it != objects_.end() && it->first.kind == kind; ++it) {
    if (!ns.empty() && it->first.ns != ns) break;
    if (!accept(it->second.view)) continue;
    if (limit != 0 && page.items.size() == limit) {
      page.continueAfter = page.items.empty()
                               ? std::nullopt
                               : std::optional<ObjectKey>(
                                     ObjectKey{kind, page.items.back().ns, page.items.back().name});
      // Counting what is left keeps remainingItemCount exact, as etcd's count is.
      for (; it != objects_.end() && it->first.kind == kind; ++it) {
        if (!ns.empty() && it->first.ns != ns) break;
        if (accept(it->second.view)) ++page.remaining;
      }
      break;
    }
    page.items.push_back(it->second.view);
  }
  return page;
}

uint64_t ObjectStore::oldestWatchableVersion() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return history_.empty() ? resourceVersion_ : historyStart_ - 1;
}

uint64_t ObjectStore::resourceVersion() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return resourceVersion_;
}

ObjectStore::WaitResult ObjectStore::waitForEvents(uint64_t& after,
                                                   std::chrono::steady_clock::time_point deadline,
                                                   std::vector<WatchEvent>& out) const {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (stopped_) return WaitResult::Stopped;
    if (resourceVersion_ > after) {
      if (history_.empty() || after + 1 < historyStart_) return WaitResult::Expired;
      for (uint64_t rv = after + 1; rv <= resourceVersion_; ++rv) {
        out.push_back(history_[rv - historyStart_]);
      }
      after = resourceVersion_;
      return WaitResult::Events;
    }
    if (changed_.wait_until(lock, deadline) == std::cv_status::timeout &&
        resourceVersion_ <= after && !stopped_) {
      return WaitResult::Timeout;
    }
  }
}

void ObjectStore::compact() {
  std::lock_guard<std::mutex> lock(mutex_);
  history_.clear();
  historyStart_ = resourceVersion_ + 1;
}

void ObjectStore::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
  }
  changed_.notify_all();
}

}  // namespace perfscale::sim
