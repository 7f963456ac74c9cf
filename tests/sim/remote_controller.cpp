// The simulated VMI lifecycle on a remote API server (see remote_controller.h).
#include "tests/sim/remote_controller.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <ctime>
#include <iostream>
#include <sstream>

#include "tests/sim/json_edit.h"

namespace perfscale::sim {

namespace {

constexpr const char* kVmiList = "/apis/kubevirt.io/v1/virtualmachineinstances";
constexpr int kMaxConflicts = 10;
constexpr int kMaxErrors = 5;
constexpr auto kRetryLater = std::chrono::seconds(1);
constexpr auto kWatchTimeout = std::chrono::seconds(300);

std::mutex logMutex;

void log(const std::string& message) {
  std::lock_guard<std::mutex> lock(logMutex);
  std::cerr << "perfscale-sim controller: " << message << std::endl;
}

std::string objectPath(const ObjectKey& key) {
  return "/apis/kubevirt.io/v1/namespaces/" + key.ns + "/virtualmachineinstances/" + key.name;
}

Poco::JSON::Object::Ptr parseObject(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string stringify(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

std::string field(const Poco::JSON::Object::Ptr& object, const std::string& name) {
  if (!object || !object->has(name)) return "";
  const auto value = object->get(name);
  return value.isString() ? value.extract<std::string>() : "";
}

Poco::JSON::Object::Ptr metadataOf(const Poco::JSON::Object& vmi) {
  return vmi.getObject("metadata");
}

std::string phaseOf(const Poco::JSON::Object& vmi) {
  return field(vmi.getObject("status"), "phase");
}

bool isDeleting(const Poco::JSON::Object& vmi) {
  return !field(metadataOf(vmi), "deletionTimestamp").empty();
}

// A Status body's message, for logs.
std::string describe(const HttpResult& result) {
  std::string text = "HTTP " + std::to_string(result.status);
  try {
    auto status = parseObject(result.body);
    const std::string message = field(status, "message");
    if (!message.empty()) return text + ": " + message;
  } catch (const std::exception&) {
  }
  if (!result.body.empty()) text += ": " + result.body.substr(0, 300);
  return text;
}

std::optional<int64_t> integer(const Poco::JSON::Object::Ptr& object, const std::string& name) {
  if (!object || !object->has(name)) return std::nullopt;
  const auto value = object->get(name);
  if (value.isEmpty() || !value.isNumeric()) return std::nullopt;
  try {
    return value.convert<int64_t>();
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

// "sim-node-007" -> 7; -1 for anything else.
int nodeIndex(const std::string& name) {
  static const std::string prefix = "sim-node-";
  if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size()) return -1;
  int index = 0;
  for (size_t i = prefix.size(); i < name.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(name[i])) || index > 1'000'000) return -1;
    index = index * 10 + (name[i] - '0');
  }
  return index;
}

}  // namespace

std::optional<int64_t> parseRfc3339Ns(const std::string& text) {
  int year, month, day, hour, minute, second;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                  &second, &consumed) != 6)
    return std::nullopt;
  size_t i = static_cast<size_t>(consumed);
  int64_t fraction = 0;
  if (i < text.size() && text[i] == '.') {
    int64_t scale = 100'000'000;
    for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
      fraction += (text[i] - '0') * scale;
      scale /= 10;
    }
  }
  int64_t offsetSeconds = 0;
  if (i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
    ++i;
  } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    int offsetHours = 0, offsetMinutes = 0;
    if (std::sscanf(text.c_str() + i + 1, "%2d:%2d", &offsetHours, &offsetMinutes) != 2)
      return std::nullopt;
    offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (text[i] == '+' ? 1 : -1);
    i += 6;
  } else {
    return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  std::tm utc{};
  utc.tm_year = year - 1900;
  utc.tm_mon = month - 1;
  utc.tm_mday = day;
  utc.tm_hour = hour;
  utc.tm_min = minute;
  utc.tm_sec = second;
  const int64_t seconds = static_cast<int64_t>(timegm(&utc)) - offsetSeconds;
  return seconds * 1'000'000'000 + fraction;
}

int64_t observedAtNs(const std::string& rfc3339Stamp, int64_t nowNs) {
  const auto stamp = parseRfc3339Ns(rfc3339Stamp);
  if (!stamp) return nowNs;
  // Fractional stamps are taken as exact; whole seconds cover the second that follows.
  const bool whole = rfc3339Stamp.find('.') == std::string::npos;
  const int64_t latest = whole ? *stamp + 999'999'999 : *stamp;
  return std::min(nowNs, latest);
}

RemoteController::RemoteController(KubeClient& client, RemoteTruth& truth, Faults& faults,
                                   ControllerConfig config)
    : client_(client),
      truth_(truth),
      faults_(faults),
      config_(std::move(config)),
      capacity_(config_.nodes, config_.vmisPerNode),
      workers_(faults_, config_.workers, config_.workCost,
               [this](const LifecycleTask& task) { apply(task); }),
      adopters_(
          faults_, std::max(4, config_.workers), std::chrono::nanoseconds(0),
          [this](const LifecycleTask& task) { apply(task); }, /*stallable=*/false) {}

RemoteController::~RemoteController() {
  stop();
}

void RemoteController::start() {
  workers_.start();
  adopters_.start();
  watcher_ = std::thread([this] { watchLoop(); });
}

void RemoteController::stop() {
  stopping_ = true;
  {
    std::lock_guard<std::mutex> lock(streamMutex_);
    if (activeStream_) activeStream_->abort();
  }
  {
    std::lock_guard<std::mutex> lock(sleepMutex_);
    sleepWake_.notify_all();
  }
  if (watcher_.joinable()) watcher_.join();
  workers_.stop();
  adopters_.stop();
}

std::chrono::nanoseconds RemoteController::draw(const DelayDistribution& distribution) {
  std::lock_guard<std::mutex> lock(rngMutex_);
  return distribution.sample(rng_);
}

void RemoteController::enqueue(Step step, const ObjectKey& key, const std::string& uid,
                               std::chrono::nanoseconds delay) {
  (step == Step::Adopt ? adopters_ : workers_).enqueue(Task{step, key, uid}, delay);
}

void RemoteController::schedule(Step step, const ObjectKey& key, const std::string& uid,
                                const DelayDistribution& delay) {
  enqueue(step, key, uid, draw(delay));
}

// --- list and watch ---

void RemoteController::watchLoop() {
  auto pause = [this](std::chrono::nanoseconds duration) {
    std::unique_lock<std::mutex> lock(sleepMutex_);
    sleepWake_.wait_for(lock, duration, [this] { return stopping_.load(); });
  };
  std::string resourceVersion;
  std::string lastProblem;
  auto problem = [&](const std::string& text) {
    if (text != lastProblem) log(text);  // not once a second while it lasts
    lastProblem = text;
  };
  while (!stopping_) {
    if (resourceVersion.empty()) {
      try {
        resourceVersion = relist();
      } catch (const std::exception& e) {
        problem(e.what());
        pause(kRetryLater);
        continue;
      }
    }
    const std::string path =
        std::string(kVmiList) + "?watch=1&allowWatchBookmarks=true&timeoutSeconds=" +
        std::to_string(kWatchTimeout.count()) + "&resourceVersion=" + resourceVersion;
    KubeClient::Streamed opened;
    try {
      opened = client_.stream(path, kWatchTimeout + std::chrono::seconds(30));
    } catch (const TransportError& e) {
      problem(std::string("watch: ") + e.what());
      pause(kRetryLater);
      continue;
    }
    if (!opened.stream) {
      if (opened.failure.status == 410) {
        resourceVersion.clear();
        continue;
      }
      problem("watch VMIs: " + describe(opened.failure));
      pause(kRetryLater);
      continue;
    }
    std::shared_ptr<LineStream> stream(std::move(opened.stream));
    {
      std::lock_guard<std::mutex> lock(streamMutex_);
      if (stopping_) break;
      activeStream_ = stream;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++counters_.watches;
    }
    lastProblem.clear();
    const auto watchStarted = std::chrono::steady_clock::now();
    long events = 0;
    bool expired = false;
    while (auto line = stream->readLine()) {
      const int64_t now = wallNowNs();
      if (line->find_first_not_of(" \r\t") == std::string::npos) continue;
      Poco::JSON::Object::Ptr event, object;
      try {
        event = parseObject(*line);
        object = event->getObject("object");
      } catch (const std::exception& e) {
        log(std::string("watch: an event that is not JSON, watching again: ") + e.what());
        break;
      }
      if (!object) break;
      const std::string type = field(event, "type");
      if (type == "ERROR") {
        if (integer(object, "code").value_or(0) == 410) {
          resourceVersion.clear();  // too old: list again
          expired = true;
        } else {
          log("watch: ERROR event: " + stringify(*object));
        }
        break;
      }
      const std::string version = field(object->getObject("metadata"), "resourceVersion");
      if (type != "BOOKMARK") {
        std::lock_guard<std::mutex> lock(mutex_);
        ++counters_.watchEvents;
        observe(type, *object, now);
      }
      ++events;
      if (!version.empty()) resourceVersion = version;
    }
    {
      std::lock_guard<std::mutex> lock(streamMutex_);
      activeStream_.reset();
    }
    const auto lasted = std::chrono::steady_clock::now() - watchStarted;
    if (!stopping_ && !expired && lasted < kWatchTimeout - std::chrono::seconds(5)) {
      // Before its timeout: the server cut it (a real one drops watchers that fall behind).
      std::lock_guard<std::mutex> lock(mutex_);
      ++counters_.watchesEndedEarly;
      log("watch: the stream ended after " +
          std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(lasted).count()) +
          " ms and " + std::to_string(events) + " events; watching again from resourceVersion " +
          resourceVersion);
    }
  }
}

std::string RemoteController::relist() {
  std::string continueToken;
  std::string listVersion;
  std::map<ObjectKey, std::string> seen;
  for (;;) {
    std::string path = std::string(kVmiList) + "?limit=500";
    if (!continueToken.empty()) path += "&continue=" + continueToken;
    const HttpResult result = client_.request("GET", path);
    const int64_t now = wallNowNs();
    if (result.status == 410 && !continueToken.empty()) {  // the continue token expired
      continueToken.clear();
      listVersion.clear();
      continue;
    }
    if (result.status != 200) {
      std::string hint;
      if (result.status == 404)
        hint =
            " (is the VirtualMachineInstance CRD, kubevirt.io/v1 virtualmachineinstances, "
            "installed?)";
      throw std::runtime_error("list VMIs: " + describe(result) + hint);
    }
    Poco::JSON::Object::Ptr list;
    try {
      list = parseObject(result.body);
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string("list VMIs: the answer is not JSON: ") + e.what());
    }
    auto metadata = list->getObject("metadata");
    if (listVersion.empty()) listVersion = field(metadata, "resourceVersion");
    continueToken = field(metadata, "continue");
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto items = list->getArray("items")) {
      for (size_t i = 0; i < items->size(); ++i) {
        auto item = items->getObject(i);
        if (!item) continue;
        auto itemMetadata = item->getObject("metadata");
        seen[ObjectKey{Kind::Vmi, field(itemMetadata, "namespace"), field(itemMetadata, "name")}] =
            field(itemMetadata, "uid");
        observe("ADDED", *item, now);
      }
    }
    if (!continueToken.empty()) continue;
    // What we track that the list no longer holds went away while nobody watched.
    for (auto it = vmis_.begin(); it != vmis_.end();) {
      auto found = seen.find(it->first);
      auto next = std::next(it);
      if (found == seen.end() || found->second != it->second.uid) forget(it, now);
      it = next;
    }
    ++counters_.lists;
    if (counters_.lists > 1) ++counters_.relists;
    counters_.synced = true;
    return listVersion;
  }
}

void RemoteController::observe(const std::string& type, const Poco::JSON::Object& vmi,
                               int64_t nowNs) {
  auto metadata = metadataOf(vmi);
  const std::string uid = field(metadata, "uid");
  const ObjectKey key{Kind::Vmi, field(metadata, "namespace"), field(metadata, "name")};
  if (uid.empty() || key.name.empty()) return;
  auto it = vmis_.find(key);
  if (it != vmis_.end() && it->second.uid != uid) {  // replaced while we looked away
    forget(it, nowNs);
    it = vmis_.end();
  }
  if (type == "DELETED") {
    if (it == vmis_.end()) return;
    if (!it->second.deleting) {
      truth_.deletionRequested(uid, observedAtNs(field(metadata, "deletionTimestamp"), nowNs));
    }
    forget(it, nowNs);
    return;
  }
  if (it == vmis_.end()) {
    if (goneUids_.count(uid)) return;  // a stale event of one we saw go
    truth_.created(uid, key.ns, key.name,
                   observedAtNs(field(metadata, "creationTimestamp"), nowNs));
    it = vmis_.emplace(key, VmiState{}).first;
    it->second.uid = uid;
    it->second.nodeName = field(vmi.getObject("status"), "nodeName");
    if (!isDeleting(vmi)) {
      if (phaseOf(vmi).empty() || !hasFinalizer(vmi)) {
        enqueue(Step::Adopt, key, uid, std::chrono::nanoseconds(0));
      } else {
        resume(key, it->second, vmi);
      }
    } else {
      it->second.phase = phaseOf(vmi);
    }
  }
  if (isDeleting(vmi) && !it->second.deleting) startDeletion(key, it->second, vmi, nowNs);
}

void RemoteController::resume(const ObjectKey& key, VmiState& state,
                              const Poco::JSON::Object& vmi) {
  state.phase = phaseOf(vmi);
  if (state.phase == "Pending") {
    schedule(Step::ToScheduling, key, state.uid, config_.toScheduling);
    return;
  }
  if (state.phase != "Scheduling" && state.phase != "Scheduled" && state.phase != "Running")
    return;  // Succeeded, Failed or unknown: nothing left to do until it is deleted
  // A VMI that runs already (we restarted): count it on its node, even beyond capacity.
  auto status = vmi.getObject("status");
  auto labels = metadataOf(vmi) ? metadataOf(vmi)->getObject("labels") : nullptr;
  int node = nodeIndex(field(status, "nodeName"));
  if (node < 0) node = nodeIndex(field(labels, "kubevirt.io/nodeName"));
  if (node >= 0 && node < capacity_.nodes()) {
    capacity_.occupy(node);
    state.node = node;
  } else if (const auto taken = capacity_.take()) {
    state.node = *taken;
  }
  if (state.phase == "Scheduling")
    schedule(Step::ToScheduled, key, state.uid, config_.toScheduled);
  else if (state.phase == "Scheduled")
    schedule(Step::ToRunning, key, state.uid, config_.toRunning);
}

void RemoteController::startDeletion(const ObjectKey& key, VmiState& state,
                                     const Poco::JSON::Object& vmi, int64_t nowNs) {
  state.deleting = true;
  auto metadata = metadataOf(vmi);
  truth_.deletionRequested(state.uid, observedAtNs(field(metadata, "deletionTimestamp"), nowNs));
  if (!hasFinalizer(vmi)) return;  // not ours to hold: it goes when its other finalizers do
  // A real API server sets deletionGracePeriodSeconds 0 for custom resources, so the
  // grace period comes from the spec unless a server kept a positive one.
  std::chrono::seconds grace = config_.defaultGracePeriod;
  if (const auto kept = integer(metadata, "deletionGracePeriodSeconds"); kept && *kept > 0) {
    grace = std::chrono::seconds(*kept);
  } else if (const auto spec = integer(vmi.getObject("spec"), "terminationGracePeriodSeconds")) {
    grace = std::chrono::seconds(std::max<int64_t>(0, *spec));
  }
  state.finalizing = true;
  enqueue(Step::Finalize, key, state.uid, grace + draw(config_.toGone));
}

void RemoteController::forget(std::map<ObjectKey, VmiState>::iterator it, int64_t goneNs) {
  // One deleted before it had our finalizer goes at once: no event shows its deletion.
  truth_.deletionRequested(it->second.uid, goneNs);
  truth_.gone(it->second.uid, goneNs);
  goneUids_.insert(it->second.uid);
  releaseSlot(it->second);
  vmis_.erase(it);
}

void RemoteController::releaseSlot(VmiState& state) {
  if (state.node < 0) return;
  capacity_.release(state.node);
  state.node = -1;
  while (!waitingForCapacity_.empty()) {
    ObjectKey next = waitingForCapacity_.front();
    waitingForCapacity_.pop_front();
    auto it = vmis_.find(next);
    if (it == vmis_.end() || it->second.deleting || it->second.phase != "Pending") continue;
    enqueue(Step::ToScheduling, next, it->second.uid, std::chrono::nanoseconds(0));
    break;
  }
}

// --- transitions ---

void RemoteController::apply(const Task& task) {
  std::shared_ptr<std::mutex> writing;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = vmis_.find(task.key);
    if (it == vmis_.end() || it->second.uid != task.uid) return;  // gone or replaced
    writing = it->second.writing;
  }
  std::lock_guard<std::mutex> oneWriteAtATime(*writing);
  std::unique_lock<std::mutex> lock(mutex_);
  switch (task.step) {
    case Step::Adopt:
      adopt(task, lock);
      break;
    case Step::ToScheduling:
    case Step::ToScheduled:
    case Step::ToRunning:
      advance(task, lock);
      break;
    case Step::Finalize:
      finalize(task, lock);
      break;
    default:
      break;
  }
}

RemoteController::VmiState* RemoteController::find(const Task& task) {
  auto it = vmis_.find(task.key);
  if (it == vmis_.end() || it->second.uid != task.uid) return nullptr;
  return &it->second;
}

void RemoteController::dropGone(const Task& task) {
  auto it = vmis_.find(task.key);
  if (it != vmis_.end() && it->second.uid == task.uid) forget(it, wallNowNs());
}

void RemoteController::adopt(const Task& task, std::unique_lock<std::mutex>& lock) {
  VmiState* state = find(task);
  if (!state || state->deleting) return;
  lock.unlock();
  int64_t at = 0;
  int64_t committed = 0;
  bool wrotePending = false;
  Poco::JSON::Object::Ptr seen;
  const auto result = write(
      task.key, task.uid,
      [&](Poco::JSON::Object& vmi) {
        wrotePending = false;
        seen = new Poco::JSON::Object(vmi);
        if (isDeleting(vmi)) return false;  // no new finalizers on an object being deleted
        if (phaseOf(vmi).empty()) {
          at = wallNowNs();
          applyPending(vmi, rfc3339(at, config_.fractionalTimestamps));
          wrotePending = true;
          return true;
        }
        if (hasFinalizer(vmi)) return false;
        auto metadata = writableChild(vmi, "metadata");
        writableArray(*metadata, "finalizers")->add(std::string(kForegroundDeleteFinalizer));
        return true;
      },
      committed);
  lock.lock();
  state = find(task);
  switch (result) {
    case WriteResult::Written:
    case WriteResult::Skipped:
      if (wrotePending) {
        truth_.phase(task.uid, "Pending", at, committed);
        if (state) {
          state->phase = "Pending";
          if (!state->deleting)
            schedule(Step::ToScheduling, task.key, task.uid, config_.toScheduling);
        }
      } else if (state && !state->deleting && seen && !isDeleting(*seen)) {
        resume(task.key, *state, *seen);
      }
      break;
    case WriteResult::Gone:
      dropGone(task);
      break;
    case WriteResult::Failed:
      if (state) enqueue(task.step, task.key, task.uid, kRetryLater);
      break;
  }
}

void RemoteController::advance(const Task& task, std::unique_lock<std::mutex>& lock) {
  VmiState* state = find(task);
  if (!state || state->deleting) return;
  std::string from, to;
  std::optional<Step> next;
  const DelayDistribution* nextDelay = nullptr;
  bool tookSlot = false;
  switch (task.step) {
    case Step::ToScheduling: {
      if (state->phase != "Pending") return;
      const auto node = capacity_.take();
      if (!node) {
        waitingForCapacity_.push_back(task.key);  // retried when a slot frees
        return;
      }
      state->node = *node;
      tookSlot = true;
      from = "Pending";
      to = "Scheduling";
      next = Step::ToScheduled;
      nextDelay = &config_.toScheduled;
      break;
    }
    case Step::ToScheduled:
      if (state->phase != "Scheduling") return;
      from = "Scheduling";
      to = "Scheduled";
      next = Step::ToRunning;
      nextDelay = &config_.toRunning;
      break;
    case Step::ToRunning: {
      if (state->phase != "Scheduled") return;
      from = "Scheduled";
      const double failRate = faults_.settings().vmiFailRate;
      bool fails = false;
      if (failRate > 0) {
        std::lock_guard<std::mutex> rngLock(rngMutex_);
        fails = std::uniform_real_distribution<double>(0, 1)(rng_) < failRate;
      }
      // A failed launcher leaves the VMI Failed, its slot free; it stays until deleted.
      to = fails ? "Failed" : "Running";
      break;
    }
    default:
      return;
  }
  const std::string node = state->node >= 0 ? simNodeName(state->node) : "";
  lock.unlock();
  int64_t at = 0;
  int64_t committed = 0;
  const auto result = write(
      task.key, task.uid,
      [&](Poco::JSON::Object& vmi) {
        // Deleting VMIs do not move on (their finalize decides), nor do ones changed by others.
        if (isDeleting(vmi) || phaseOf(vmi) != from) return false;
        at = wallNowNs();
        applyPhase(vmi, to, rfc3339(at, config_.fractionalTimestamps), node);
        return true;
      },
      committed);
  lock.lock();
  state = find(task);
  switch (result) {
    case WriteResult::Written:
      truth_.phase(task.uid, to, at, committed);
      if (!state) break;
      state->phase = to;
      if (to == "Scheduled") state->nodeName = node;
      if (to == "Failed") releaseSlot(*state);
      if (next && !state->deleting) schedule(*next, task.key, task.uid, *nextDelay);
      break;
    case WriteResult::Skipped:
      if (state && tookSlot) releaseSlot(*state);
      break;
    case WriteResult::Gone:
      dropGone(task);
      break;
    case WriteResult::Failed:
      if (!state) break;
      if (tookSlot) releaseSlot(*state);
      enqueue(task.step, task.key, task.uid, kRetryLater);
      break;
  }
}

void RemoteController::finalize(const Task& task, std::unique_lock<std::mutex>& lock) {
  if (!find(task)) return;
  lock.unlock();
  // First the last phase, as virt-handler reports the domain stopped ...
  int64_t at = 0;
  int64_t committed = 0;
  std::string written;
  auto result = write(
      task.key, task.uid,
      [&](Poco::JSON::Object& vmi) {
        written.clear();
        if (!hasFinalizer(vmi)) return false;
        const std::string phase = phaseOf(vmi);
        const auto last = finalPhase(phase);
        if (!last || phase == "Succeeded") return false;
        at = wallNowNs();
        applyPhase(vmi, *last, rfc3339(at, config_.fractionalTimestamps), "");
        written = *last;
        return true;
      },
      committed);
  if (result == WriteResult::Written) {
    lock.lock();
    truth_.phase(task.uid, written, at, committed);
    if (VmiState* state = find(task)) state->phase = written;
    lock.unlock();
  }
  // ... then the finalizer, as virt-controller lets go of the VMI: the API server deletes it.
  if (result == WriteResult::Written || result == WriteResult::Skipped) {
    result = write(
        task.key, task.uid, [](Poco::JSON::Object& vmi) { return removeFinalizer(vmi); },
        committed);
  }
  lock.lock();
  VmiState* state = find(task);
  switch (result) {
    case WriteResult::Written:
    case WriteResult::Skipped:
      if (state) releaseSlot(*state);  // its VM is off; it is gone once the watch says so
      break;
    case WriteResult::Gone:
      dropGone(task);
      break;
    case WriteResult::Failed:
      if (state) enqueue(task.step, task.key, task.uid, kRetryLater);
      break;
  }
}

RemoteController::WriteResult RemoteController::write(
    const ObjectKey& key, const std::string& uid,
    const std::function<bool(Poco::JSON::Object&)>& change, int64_t& committedNs) {
  const std::string path = objectPath(key);
  int conflicts = 0;
  int errors = 0;
  auto failedAttempt = [&](const std::string& what) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++counters_.writeErrors;
    }
    if (++errors >= kMaxErrors) {
      log("giving up on " + key.ns + "/" + key.name + " for now: " + what);
      return false;
    }
    std::unique_lock<std::mutex> lock(sleepMutex_);
    sleepWake_.wait_for(lock, std::chrono::milliseconds(50 << errors),
                        [this] { return stopping_.load(); });
    return !stopping_;
  };
  auto abandon = [&] {
    std::lock_guard<std::mutex> lock(mutex_);
    ++counters_.writesAbandoned;
    return WriteResult::Failed;
  };
  while (!stopping_) {
    HttpResult got;
    try {
      got = client_.request("GET", path);
    } catch (const TransportError& e) {
      if (!failedAttempt(e.what())) return abandon();
      continue;
    }
    if (got.status == 404) return WriteResult::Gone;
    if (got.status != 200) {
      if (!failedAttempt("GET " + path + ": " + describe(got))) return abandon();
      continue;
    }
    Poco::JSON::Object::Ptr vmi;
    try {
      vmi = parseObject(got.body);
    } catch (const std::exception& e) {
      if (!failedAttempt("GET " + path + ": not JSON: " + e.what())) return abandon();
      continue;
    }
    if (field(metadataOf(*vmi), "uid") != uid) return WriteResult::Gone;  // replaced
    if (!change(*vmi)) return WriteResult::Skipped;
    const std::string body = stringify(*vmi);
    HttpResult put;
    const auto started = std::chrono::steady_clock::now();
    try {
      put = client_.request("PUT", path, body);
    } catch (const TransportError& e) {
      if (!failedAttempt(e.what())) return abandon();
      continue;
    }
    committedNs = wallNowNs();
    const int64_t took = std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count();
    if (put.status == 200) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        ++counters_.statusWrites;
        counters_.putLatencySumNs += took;
        counters_.putLatencyMaxNs = std::max(counters_.putLatencyMaxNs, took);
      }
      // With a status subresource, a PUT of the object keeps the old status: say so.
      std::string stored;
      try {
        stored = phaseOf(*parseObject(put.body));
      } catch (const std::exception&) {
        stored = phaseOf(*vmi);  // cannot tell
      }
      if (stored != phaseOf(*vmi)) {
        if (!statusIgnoredLogged_.exchange(true))
          log("PUT " + path + " kept status.phase \"" + stored + "\" instead of \"" +
              phaseOf(*vmi) +
              "\": the VirtualMachineInstance CRD must not have a status subresource "
              "(KubeVirt's has none)");
        return abandon();
      }
      return WriteResult::Written;
    }
    if (put.status == 409) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        ++counters_.conflicts;
      }
      if (++conflicts >= kMaxConflicts) {
        log("giving up on " + key.ns + "/" + key.name + " for now: " + std::to_string(conflicts) +
            " conflicts in a row");
        return abandon();
      }
      continue;  // read it again
    }
    if (put.status == 404) return WriteResult::Gone;
    if (put.status == 422 || put.status == 400) {
      log("PUT " + path + " refused: " + describe(put));
      return abandon();
    }
    if (!failedAttempt("PUT " + path + ": " + describe(put))) return abandon();
  }
  return WriteResult::Failed;
}

// --- admin ---

KubevirtMetrics::PhaseCounts RemoteController::phaseCounts() {
  std::lock_guard<std::mutex> lock(mutex_);
  KubevirtMetrics::PhaseCounts counts;
  for (const auto& [key, state] : vmis_) {
    if (!state.phase.empty()) ++counts[{state.phase, state.nodeName}];
  }
  return counts;
}

RemoteController::Stats RemoteController::stats() {
  Stats out;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    out = counters_;
    out.live = vmis_.size();
    out.waitingForCapacity = waitingForCapacity_.size();
    out.capacity = capacity_.capacity();
    out.occupied = capacity_.occupied();
  }
  out.queued = workers_.queued() + adopters_.queued();
  out.connectionsOpened = client_.connectionsOpened();
  return out;
}

std::string RemoteController::statsJson() {
  const Stats s = stats();
  auto n = [](auto value) { return std::to_string(value); };
  return "{\"liveVmis\":" + n(s.live) + ",\"waitingForCapacity\":" + n(s.waitingForCapacity) +
         ",\"capacity\":" + n(s.capacity) + ",\"occupied\":" + n(s.occupied) +
         ",\"queuedTransitions\":" + n(s.queued) + ",\"synced\":" + (s.synced ? "true" : "false") +
         ",\"statusWrites\":" + n(s.statusWrites) + ",\"conflicts\":" + n(s.conflicts) +
         ",\"writeErrors\":" + n(s.writeErrors) + ",\"writesAbandoned\":" + n(s.writesAbandoned) +
         ",\"lists\":" + n(s.lists) + ",\"relists\":" + n(s.relists) +
         ",\"watches\":" + n(s.watches) + ",\"watchesEndedEarly\":" + n(s.watchesEndedEarly) +
         ",\"watchEvents\":" + n(s.watchEvents) + ",\"putLatencyMaxNs\":" + n(s.putLatencyMaxNs) +
         ",\"putLatencyMeanNs\":" +
         n(s.statusWrites ? s.putLatencySumNs / static_cast<int64_t>(s.statusWrites) : 0) +
         ",\"connectionsOpened\":" + n(s.connectionsOpened) + "}";
}

}  // namespace perfscale::sim
