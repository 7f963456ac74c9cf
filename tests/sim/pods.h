// Pods (v1), as far as `kubectl perfscale job collect` needs them: create, get, and list by
// label selector in a namespace or across all. The sim runs no pods: a test creates the pod
// objects of processes it started itself, and whatever status it writes is kept (phase Running
// when it gives none), as the kubelet would report it. pods/exec is pod_exec.h's.
#pragma once

#include <Poco/JSON/Object.h>

#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "tests/sim/api_status.h"
#include "tests/sim/object_store.h"
#include "tests/sim/resources.h"

namespace perfscale::sim {

class Pods {
 public:
  explicit Pods(const ObjectStore& store) : store_(store) {}

  ApiResponse create(const std::string& ns, const std::string& body);
  ApiResponse get(const std::string& ns, const std::string& name) const;
  // `ns` empty: every namespace. Honours labelSelector.
  ApiResponse list(const std::string& ns, const Query& query) const;
  // The stored pod, or null; never modified once stored.
  Poco::JSON::Object::Ptr find(const std::string& ns, const std::string& name) const;

 private:
  const ObjectStore& store_;  // the namespaces
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Poco::JSON::Object::Ptr> pods_;  // (ns, name)
  uint64_t resourceVersion_ = 0;
};

// `pods "NAME" not found`, as the API server says it.
ApiResponse podNotFound(const std::string& name);

}  // namespace perfscale::sim
