// The REST semantics of the two resources the sim serves, namespaces (v1) and
// VirtualMachineInstances (kubevirt.io/v1): validation, create, get, list, delete,
// deletecollection, and the plan of a watch. HTTP and streaming live in server.cpp.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "tests/sim/api_status.h"
#include "tests/sim/controller.h"
#include "tests/sim/ground_truth.h"
#include "tests/sim/object_store.h"

namespace perfscale::sim {

using Query = std::map<std::string, std::string>;

// A boolean query parameter (watch, allowWatchBookmarks) read as kube-apiserver reads it:
// present and not "0" or "false" in any case, so the Python client's watch=True is a watch.
bool queryFlag(const Query& query, const std::string& name);

// Where a watch starts and which events it sends.
struct WatchPlan {
  uint64_t after = 0;               // stream events with a newer resourceVersion
  std::vector<WatchEvent> initial;  // synthetic ADDED events, for a watch from "now"
  std::function<bool(const ObjectView&)> accept;
  bool bookmarks = false;
  std::chrono::seconds timeout{1800};
  Kind kind = Kind::Vmi;
};

class Resources {
 public:
  Resources(ObjectStore& store, Controller& controller, GroundTruth& truth,
            bool fractionalTimestamps);

  // Creates the namespaces every cluster has (default, kube-system, kube-public).
  void bootstrap();

  ApiResponse create(Kind kind, const std::string& ns, const std::string& body, const Query& query);
  ApiResponse get(Kind kind, const std::string& ns, const std::string& name);
  ApiResponse list(Kind kind, const std::string& ns, const Query& query);
  ApiResponse remove(Kind kind, const std::string& ns, const std::string& name,
                     const std::string& body, const Query& query);
  ApiResponse removeCollection(const std::string& ns, const Query& query);
  // A plan, or the failure to answer instead of streaming.
  std::variant<WatchPlan, ApiResponse> watch(Kind kind, const std::string& ns, const Query& query);

  // Counters of creates by object name, for the admin API: `"createConflicts":N,
  // "createConflictsByName":{KEY:N},"createdMoreThanOnce":{KEY:N}` (no braces), where KEY is
  // "virtualmachineinstances/NAMESPACE/NAME" or "namespaces/NAME". A conflict is a create
  // answered 409 AlreadyExists (dry runs included); a name created more than once was
  // created, deleted and created again.
  std::string createStatsJson() const;

 private:
  ApiResponse createNamespace(Poco::JSON::Object::Ptr object, bool dryRun);
  ApiResponse createVmi(const std::string& ns, Poco::JSON::Object::Ptr object, bool dryRun);
  std::variant<std::function<bool(const ObjectView&)>, ApiResponse> filter(Kind kind,
                                                                           const Query& query);
  void countCreate(const std::string& key, bool conflict);
  std::string newUid();
  std::string randomSuffix();

  ObjectStore& store_;
  Controller& controller_;
  GroundTruth& truth_;
  const bool fractionalTimestamps_;
  std::mutex rngMutex_;
  mutable std::mutex countsMutex_;
  uint64_t createConflicts_ = 0;
  std::map<std::string, uint64_t> conflictsByName_;
  std::map<std::string, uint32_t> createdByName_;  // real (not dry-run) creates
  std::mt19937_64 rng_{std::random_device{}()};
};

// "virtualmachineinstances.kubevirt.io" or "namespaces", as Status messages name resources.
std::string qualifiedResource(Kind kind);

}  // namespace perfscale::sim
