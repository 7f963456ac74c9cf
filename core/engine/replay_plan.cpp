// The replay's requests from a recorded run (see replay_plan.h).
#include "core/engine/replay_plan.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <sstream>

#include "core/scenario/labels.h"

namespace perfscale::engine {

namespace {

std::string apiPrefix(const std::string& apiVersion) {
  return apiVersion.find('/') == std::string::npos ? "/api/" + apiVersion : "/apis/" + apiVersion;
}

std::string shortId(const std::string& uuid) {
  std::string id = uuid.substr(0, 8);
  while (!id.empty() && id.back() == '-')
    id.pop_back();
  return id;
}

void replaceAll(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// Where a resource's objects live: "/apis/kubevirt.io/v1/namespaces/ns/virtualmachineinstances".
std::string collectionPath(const std::string& apiVersion, const std::string& resource,
                           const std::string& ns) {
  if (ns.empty()) return apiPrefix(apiVersion) + "/" + resource;
  return apiPrefix(apiVersion) + "/namespaces/" + ns + "/" + resource;
}

struct CreateBody {
  std::string body;
  std::string kind;
  std::string apiVersion;
  std::string workloadLabel;
  std::string iterationLabel;
};

class Planner {
 public:
  Planner(std::string sourceUuid, std::string uuid)
      : sourceUuid_(std::move(sourceUuid)), uuid_(std::move(uuid)) {
    apiVersions_["virtualmachineinstances"] = "kubevirt.io/v1";
    apiVersions_["namespaces"] = "v1";
    kinds_["virtualmachineinstances"] = kKindVmi;
    kinds_["namespaces"] = kKindNamespace;
  }

  ReplayPlan plan(std::vector<RequestRecord> requests) {
    ReplayPlan plan;
    plan.sourceUuid = sourceUuid_;
    plan.uuid = uuid_;
    plan.sourceRequests = requests.size();
    std::sort(requests.begin(), requests.end(), [](const auto& a, const auto& b) {
      return a.sent != b.sent ? a.sent < b.sent : a.seq < b.seq;
    });
    for (const auto& r : requests) {
      if (r.verb == "create" && r.tryNumber == 1) firstTries_[r.seq] = &r;
      if (r.verb == "create" && r.resource == "namespaces" && r.status >= 200 && r.status < 300)
        createdNamespaces_.insert(r.name);
    }
    for (const auto& r : requests) {
      if (r.verb == "create") {
        plan.items.push_back(create(r));
      } else if (r.verb == "get" && r.tryNumber > 1) {
        plan.items.push_back(onObject(r, "get", "GET"));
      } else if (r.verb == "delete") {
        plan.items.push_back(onObject(r, "delete", "DELETE"));
      } else if (r.verb == "deletecollection") {
        plan.items.push_back(removeCollection(r));
      }
    }
    linkDependencies(plan);
    if (plan.items.empty()) {
      throw ReplayPlanError("run " + sourceUuid_ + " recorded " +
                            std::to_string(plan.sourceRequests) +
                            " requests and none that creates or deletes anything: nothing to "
                            "replay");
    }
    return plan;
  }

 private:
  std::string rename(const std::string& name, size_t maxLength = 253) const {
    return rewriteName(name, sourceUuid_, uuid_, maxLength);
  }
  // A namespace the source created is the replay's own under a new name; one it found (409)
  // or was given (403 on create) is used again as it is.
  std::string renameNamespace(const std::string& ns) const {
    return createdNamespaces_.count(ns) ? rename(ns, 63) : ns;
  }

  const std::string& apiVersionOf(const RequestRecord& r) const {
    const auto found = apiVersions_.find(r.resource);
    if (found == apiVersions_.end()) {
      throw ReplayPlanError("request " + std::to_string(r.seq) + " (" + r.verb + " " + r.resource +
                            ") names a resource that no recorded create tells the API group "
                            "of; it cannot be replayed");
    }
    return found->second;
  }

  std::string kindOf(const std::string& resource) const {
    const auto found = kinds_.find(resource);
    return found == kinds_.end() ? resource : found->second;
  }

  ReplayItem itemOf(const RequestRecord& r, const std::string& verb) const {
    ReplayItem item;
    item.offset = r.sent;
    item.verb = verb;
    item.resource = r.resource;
    item.ns = r.ns.empty() ? "" : renameNamespace(r.ns);
    item.name = r.name.empty()               ? ""
                : r.resource == "namespaces" ? renameNamespace(r.name)
                                             : rename(r.name);
    item.iteration = r.iteration;
    item.sourceSeq = r.seq;
    item.tryNumber = r.tryNumber;
    item.sourceRetryOf = r.tryNumber > 1 ? r.retryOf : 0;
    return item;
  }

  // The first try's body, rewritten; remembered by seq for the later tries.
  const CreateBody& bodyOf(const RequestRecord& r) {
    const uint64_t first = r.tryNumber > 1 ? r.retryOf : r.seq;
    if (auto found = bodies_.find(first); found != bodies_.end()) return found->second;
    const auto firstTry = firstTries_.find(first);
    const std::string& payload =
        firstTry != firstTries_.end() ? firstTry->second->payload : std::string();
    if (payload.empty()) {
      throw ReplayPlanError(
          "create " + std::to_string(first) + " (" + r.resource + " " +
          (r.ns.empty() ? "" : r.ns + "/") + r.name +
          ") has no recorded body: the trace was written without payloads, so timing mode "
          "cannot re-send it; use --mode scenario to run the recorded scenario again");
    }
    CreateBody out;
    Poco::JSON::Object::Ptr object;
    try {
      object = Poco::JSON::Parser().parse(payload).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception& e) {
      throw ReplayPlanError("create " + std::to_string(first) +
                            ": the recorded body is not a JSON object (" + e.what() + ")");
    }
    out.kind = object->optValue<std::string>("kind", kindOf(r.resource));
    out.apiVersion = object->optValue<std::string>("apiVersion", "");
    auto metadata = object->getObject("metadata");
    if (!metadata) {
      metadata = new Poco::JSON::Object;
      object->set("metadata", metadata);
    }
    if (metadata->has("name")) {
      const auto name = metadata->getValue<std::string>("name");
      metadata->set("name", r.resource == "namespaces" ? renameNamespace(name) : rename(name));
    }
    if (metadata->has("namespace"))
      metadata->set("namespace", renameNamespace(metadata->getValue<std::string>("namespace")));
    auto labels = metadata->getObject("labels");
    if (!labels) {
      labels = new Poco::JSON::Object;
      metadata->set("labels", labels);
    }
    out.workloadLabel = labels->optValue<std::string>(scenario::kWorkloadLabel, "");
    out.iterationLabel = labels->optValue<std::string>(scenario::kIterationLabel, "");
    labels->set(scenario::kRunLabel, uuid_);
    std::ostringstream text;
    Poco::JSON::Stringifier::condense(object, text);
    out.body = text.str();
    replaceAll(out.body, sourceUuid_, uuid_);
    if (out.apiVersion.empty()) out.apiVersion = apiVersionOf(r);
    return bodies_.emplace(first, std::move(out)).first->second;
  }

  ReplayItem create(const RequestRecord& r) {
    const CreateBody& body = bodyOf(r);
    apiVersions_[r.resource] = body.apiVersion;
    kinds_[r.resource] = body.kind;
    if (!body.workloadLabel.empty())
      selectors_[{r.ns, r.iteration}] = {body.workloadLabel, body.iterationLabel};
    ReplayItem item = itemOf(r, "create");
    item.kind = body.kind;
    item.apiVersion = body.apiVersion;
    item.method = "POST";
    item.path =
        collectionPath(body.apiVersion, r.resource, r.resource == "namespaces" ? "" : item.ns);
    item.body = body.body;
    item.repeatsCreate = r.tryNumber > 1;
    return item;
  }

  // A request on one named object: a create's check by GET, or a delete.
  ReplayItem onObject(const RequestRecord& r, const std::string& verb, const std::string& method) {
    ReplayItem item = itemOf(r, verb);
    item.kind = kindOf(r.resource);
    item.apiVersion = apiVersionOf(r);
    item.method = method;
    item.path =
        collectionPath(item.apiVersion, r.resource, r.resource == "namespaces" ? "" : item.ns) +
        "/" + item.name;
    return item;
  }

  ReplayItem removeCollection(const RequestRecord& r) {
    ReplayItem item = itemOf(r, "deletecollection");
    item.kind = kindOf(r.resource);
    item.apiVersion = apiVersionOf(r);
    item.method = "DELETE";
    item.path = collectionPath(item.apiVersion, r.resource, item.ns);
    std::string selector = scenario::runSelector(uuid_);
    if (auto found = selectors_.find({r.ns, r.iteration});
        found != selectors_.end() && r.iteration >= 0) {
      selector += std::string(",") + scenario::kWorkloadLabel + "=" + found->second.first;
      if (!found->second.second.empty())
        selector += std::string(",") + scenario::kIterationLabel + "=" + found->second.second;
    }
    item.query.emplace_back("labelSelector", selector);
    return item;
  }

  static void linkDependencies(ReplayPlan& plan) {
    std::map<std::string, long> namespaceCreates;  // namespace -> item
    // The create tries (every try) of each object, and of each namespace and iteration.
    std::map<std::pair<std::string, std::string>, std::vector<long>> objectCreates;
    std::map<std::string, std::vector<long>> createsIn;
    std::map<std::pair<std::string, int>, std::vector<long>> createsOfIteration;
    for (size_t i = 0; i < plan.items.size(); ++i) {
      auto& item = plan.items[i];
      const long index = static_cast<long>(i);
      const bool isNamespace = item.resource == "namespaces";
      if (item.verb == "create") {
        if (isNamespace) {
          if (item.tryNumber == 1) namespaceCreates[item.name] = index;
          continue;
        }
        if (auto found = namespaceCreates.find(item.ns); found != namespaceCreates.end())
          item.dependsOn.push_back(found->second);
        objectCreates[{item.ns, item.name}].push_back(index);
        createsIn[item.ns].push_back(index);
        createsOfIteration[{item.ns, item.iteration}].push_back(index);
      } else if (item.verb == "delete") {
        const auto found = isNamespace ? createsIn.find(item.name) : createsIn.end();
        const auto created = objectCreates.find({item.ns, item.name});
        if (found != createsIn.end())
          item.dependsOn = found->second;
        else if (created != objectCreates.end())
          item.dependsOn = created->second;
      } else if (item.verb == "deletecollection") {
        const auto ofIteration = createsOfIteration.find({item.ns, item.iteration});
        const auto found = createsIn.find(item.ns);
        if (item.iteration >= 0 && ofIteration != createsOfIteration.end())
          item.dependsOn = ofIteration->second;
        else if (found != createsIn.end())
          item.dependsOn = found->second;
      }
    }
  }

  const std::string sourceUuid_;
  const std::string uuid_;
  std::map<std::string, std::string> apiVersions_;  // by resource, learned from creates
  std::map<std::string, std::string> kinds_;        // by resource
  std::map<uint64_t, const RequestRecord*> firstTries_;
  std::set<std::string> createdNamespaces_;  // by the source (a create answered 2xx)
  std::map<uint64_t, CreateBody> bodies_;    // by the first try's seq
  // The workload and iteration labels of the objects created in (source namespace, iteration).
  std::map<std::pair<std::string, int>, std::pair<std::string, std::string>> selectors_;
};

std::string formatDuration(RunClock d) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(3);
  out << std::chrono::duration<double>(d).count() << " s";
  return out.str();
}

std::string describeItem(const ReplayItem& item, double speed) {
  std::ostringstream out;
  out << "at "
      << formatDuration(
             RunClock(static_cast<int64_t>(static_cast<double>(item.offset.count()) / speed)))
      << ": " << item.verb << " " << item.resource << " " << (item.ns.empty() ? "" : item.ns + "/")
      << (item.name.empty() ? "(collection)" : item.name);
  return out.str();
}

}  // namespace

std::string rewriteName(const std::string& name, const std::string& sourceUuid,
                        const std::string& uuid, size_t maxLength) {
  if (name.empty()) return name;
  std::string out = name;
  if (name.find(sourceUuid) != std::string::npos) {
    replaceAll(out, sourceUuid, uuid);
  } else if (const auto source = shortId(sourceUuid);
             source.size() >= 6 && name.find(source) != std::string::npos) {
    replaceAll(out, source, shortId(uuid));
  } else {
    const std::string suffix = "-" + shortId(uuid);
    if (out.size() + suffix.size() > maxLength) {
      out.resize(maxLength > suffix.size() ? maxLength - suffix.size() : 0);
      while (!out.empty() && (out.back() == '-' || out.back() == '.'))
        out.pop_back();
    }
    out += suffix;
  }
  if (out.size() > maxLength) out.resize(maxLength);
  return out;
}

ReplayPlan planReplay(const std::string& sourceUuid, const std::string& uuid,
                      std::vector<RequestRecord> requests) {
  if (sourceUuid.empty() || uuid.empty() || sourceUuid == uuid)
    throw ReplayPlanError("a replay needs a new run id, different from the source's");
  return Planner(sourceUuid, uuid).plan(std::move(requests));
}

std::string describeSchedule(const ReplayPlan& plan, double speed) {
  std::map<std::pair<std::string, std::string>, size_t> counts;
  for (const auto& item : plan.items)
    ++counts[{item.verb, item.resource}];
  std::ostringstream out;
  const RunClock last = plan.items.empty() ? RunClock(0) : plan.items.back().offset;
  out << "Replay of run " << plan.sourceUuid << " as run " << plan.uuid << ": " << plan.items.size()
      << " requests of the " << plan.sourceRequests << " recorded, over "
      << formatDuration(RunClock(static_cast<int64_t>(static_cast<double>(last.count()) / speed)))
      << " at speed " << speed << "\n";
  for (const auto& [key, count] : counts)
    out << "  " << key.first << " " << key.second << ": " << count << "\n";
  if (!plan.items.empty()) {
    out << "  first: " << describeItem(plan.items.front(), speed) << "\n";
    out << "  last:  " << describeItem(plan.items.back(), speed) << "\n";
  }
  return out.str();
}

}  // namespace perfscale::engine
