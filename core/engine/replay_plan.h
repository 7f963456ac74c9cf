// What `replay --mode timing` sends: a recorded run's mutating requests (creates, deletes,
// deletecollections, and the GETs that resolved cut-off creates), each try in its recorded
// order at its recorded send time, rewritten for a new run id so that the replay never touches
// the source run's objects. Pure: records in, requests out.
//
// Rewriting, consistent across the plan (a delete names what the replay created):
// - a name or namespace that holds the source run's uuid gets the new one in its place; else
//   one that holds the source's short id (its first 8 characters) gets the new short id; else
//   it gets "-" and the new short id appended (shortened first to stay a valid name);
// - in bodies: the source uuid anywhere, metadata.name and metadata.namespace as above, the
//   perfscale.kubevirt.io/run label set to the new uuid;
// - a deletecollection selects the new run's objects of the same workload and iteration.
// Order: a request waits for the answers to the ones it depends on (ReplayItem::dependsOn), so
// that a replay at speed 4 does not create VMIs in a namespace that is not there yet, nor
// empty a namespace while some of its creates are still on their way.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/kube/rest_client.h"
#include "core/record.h"

namespace perfscale::engine {

// The trace cannot be replayed as asked: the message names what is missing and what to do.
class ReplayPlanError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ReplayItem {
  RunClock offset{0};  // recorded send time, from the source run's start
  // As the replay's trace records it (rewritten names).
  std::string verb;  // create, delete, deletecollection, get
  std::string resource;
  std::string ns;
  std::string name;
  int iteration = -1;
  std::string kind;        // of the object created or deleted (VirtualMachineInstance, ...)
  std::string apiVersion;  // of `resource`
  // The request.
  std::string method;
  std::string path;
  kube::QueryList query;
  std::string body;
  // A later try of a recorded create: 409 AlreadyExists then means that the replay's own
  // earlier try created the object, not a failure.
  bool repeatsCreate = false;
  uint64_t sourceSeq = 0;  // the recorded try's seq
  // The earlier items this one must not overtake (indexes in the plan): the create of its
  // namespace; the creates of the object it deletes; every create in the namespace (and
  // iteration) a deletecollection or a namespace deletion empties, not only the last, since
  // creates sent together are answered in any order. Sent open loop at the recorded offsets,
  // or at a higher speed, the source's answers no longer separate them.
  std::vector<long> dependsOn;
  int tryNumber = 1;           // as recorded: a later try is recorded as one again
  uint64_t sourceRetryOf = 0;  // for a later try: the recorded first try's seq
};

struct ReplayPlan {
  std::string sourceUuid;
  std::string uuid;
  std::vector<ReplayItem> items;  // by offset
  size_t sourceRequests = 0;      // records read, every verb and try
};

// `requests`: the source run's records, each try's, with payloads (any order). Throws
// ReplayPlanError for a run with nothing to replay, or a create whose body was not recorded.
ReplayPlan planReplay(const std::string& sourceUuid, const std::string& uuid,
                      std::vector<RequestRecord> requests);

// A name (or namespace, with maxLength 63) as the replay calls it.
std::string rewriteName(const std::string& name, const std::string& sourceUuid,
                        const std::string& uuid, size_t maxLength = 253);

// `--dry-run`: requests per verb and resource, the duration at `speed`, the first and last
// requests.
std::string describeSchedule(const ReplayPlan& plan, double speed);

}  // namespace perfscale::engine
