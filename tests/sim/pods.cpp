// Pods: create, get, list (see pods.h).
#include "tests/sim/pods.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "tests/sim/selector.h"
#include "tests/sim/timing.h"
#include "tests/sim/validation.h"

namespace perfscale::sim {
namespace {

std::string stringify(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

std::map<std::string, std::string> labelsOf(const Poco::JSON::Object& pod) {
  std::map<std::string, std::string> labels;
  const auto metadata = pod.getObject("metadata");
  const auto given = metadata ? metadata->getObject("labels") : nullptr;
  if (!given) return labels;
  for (const auto& [key, value] : *given)
    labels.emplace(key, value.toString());
  return labels;
}

ApiResponse invalidPod(const std::string& name, const std::string& field,
                       const std::string& message) {
  return failure(422, "Invalid", "Pod \"" + name + "\" is invalid: " + field + ": " + message,
                 StatusDetails{name, "", "Pod", {{"FieldValueRequired", message, field}}, 0});
}

}  // namespace

ApiResponse podNotFound(const std::string& name) {
  return failure(404, "NotFound", "pods \"" + name + "\" not found",
                 StatusDetails{name, "", "pods", {}, 0});
}

ApiResponse Pods::create(const std::string& ns, const std::string& body) {
  Poco::JSON::Object::Ptr pod;
  try {
    pod = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception& e) {
    return failure(400, "BadRequest",
                   std::string("the request body is not a JSON object: ") + e.what());
  }
  auto metadata = pod->getObject("metadata");
  const std::string name = metadata ? metadata->optValue<std::string>("name", "") : "";
  if (name.empty()) return invalidPod(name, "metadata.name", "Required value: name is required");
  if (auto problem = dns1123SubdomainError(name))
    return invalidPod(name, "metadata.name", "Invalid value: \"" + name + "\": " + *problem);
  const auto spec = pod->getObject("spec");
  const auto containers = spec ? spec->getArray("containers") : nullptr;
  if (!containers || containers->size() == 0)
    return invalidPod(name, "spec.containers", "Required value");
  if (!store_.get(ObjectKey{Kind::Namespace, "", ns}))
    return failure(404, "NotFound", "namespaces \"" + ns + "\" not found",
                   StatusDetails{ns, "", "namespaces", {}, 0});
  pod->set("apiVersion", std::string("v1"));
  pod->set("kind", std::string("Pod"));
  metadata->set("namespace", ns);
  metadata->set("creationTimestamp", rfc3339(wallNowNs()));
  auto status = pod->getObject("status");
  if (!status) {
    status = new Poco::JSON::Object();
    pod->set("status", status);
  }
  if (!status->has("phase")) status->set("phase", std::string("Running"));
  std::lock_guard<std::mutex> lock(mutex_);
  if (pods_.count({ns, name}))
    return failure(409, "AlreadyExists", "pods \"" + name + "\" already exists",
                   StatusDetails{name, "", "pods", {}, 0});
  metadata->set("uid", "pod-" + std::to_string(++resourceVersion_));
  metadata->set("resourceVersion", std::to_string(resourceVersion_));
  pods_[{ns, name}] = pod;
  return ApiResponse{201, stringify(*pod), "application/json", {}};
}

ApiResponse Pods::get(const std::string& ns, const std::string& name) const {
  const auto pod = find(ns, name);
  if (!pod) return podNotFound(name);
  return ApiResponse{200, stringify(*pod), "application/json", {}};
}

ApiResponse Pods::list(const std::string& ns, const Query& query) const {
  LabelSelector selector;
  if (auto it = query.find("labelSelector"); it != query.end() && !it->second.empty()) {
    try {
      selector = LabelSelector::parse(it->second);
    } catch (const SelectorError& e) {
      return failure(400, "BadRequest", e.detail());
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  std::string items;
  for (const auto& [key, pod] : pods_) {
    if (!ns.empty() && key.first != ns) continue;
    if (!selector.matches(labelsOf(*pod))) continue;
    items += (items.empty() ? "" : ",") + stringify(*pod);
  }
  return ApiResponse{200,
                     "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{"
                     "\"resourceVersion\":\"" +
                         std::to_string(resourceVersion_) + "\"},\"items\":[" + items + "]}",
                     "application/json",
                     {}};
}

Poco::JSON::Object::Ptr Pods::find(const std::string& ns, const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = pods_.find({ns, name});
  return it == pods_.end() ? nullptr : it->second;
}

}  // namespace perfscale::sim
