// Paced creation: a pool of workers takes the pacer's hits in turn (pacer.h): a worker free
// when hit k is due sends the next object then, so a slow answer holds one worker, not the
// pace, and `scheduled` in the trace is the pacer's time. A create's retries take the next hits
// too; nothing else the run sends (lists, namespace requests, deletes) does. Every try is
// traced; every object created is recorded and, for VMIs, expected by the phase tracker.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/engine/pacer.h"
#include "core/engine/phase_tracker.h"
#include "core/engine/request_log.h"
#include "core/kube/rest_client.h"

namespace perfscale::engine {

struct CreateItem {
  std::string collectionPath;  // where to POST
  std::string body;
  std::string resource;
  std::string ns;
  std::string name;
  int iteration = -1;
  std::string kind = kKindVmi;  // as the manifest says
  size_t order = 0;             // index in its batch
  bool isVmi() const { return kind == kKindVmi; }
};

// A collection the batch created objects in: where its deletecollection goes.
struct Collection {
  std::string path;  // /apis/kubevirt.io/v1/namespaces/ns/virtualmachineinstances
  std::string ns;
  std::string resource;
  bool operator<(const Collection& other) const { return path < other.path; }
};

// The objects of one batch, rendered when a worker takes them, so that a batch of 10,000 VMIs
// is never in memory at once. itemAt may throw: the batch then stops, with the message.
struct CreateBatch {
  size_t count = 0;
  std::function<CreateItem(size_t index)> itemAt;
  // Creates that cannot be sent (the API server is away) are tried again until then.
  std::optional<std::chrono::steady_clock::time_point> rideOutUntil;
  // The pace starts then, not before (the shards of a run start together); once the workers'
  // connections are open when it is past or unset.
  std::optional<std::chrono::steady_clock::time_point> startAt;
};

struct CreateResult {
  size_t asked = 0;
  size_t created = 0;
  size_t failed = 0;
  std::set<Collection> collections;      // of the items taken
  std::vector<CreateItem> createdItems;  // with keepCreated: the items created, without bodies
  std::string renderError;               // why itemAt threw, if it did
  std::map<std::string, size_t> failuresByReason;  // "connection: Connection refused" -> count
};

class Creator {
 public:
  Creator(kube::RestClient& client, RequestLog& log, PhaseTracker& tracker, Recorder& recorder,
          const RunTimeline& timeline)
      : client_(client), log_(log), tracker_(tracker), recorder_(recorder), timeline_(timeline) {}

  // Creates the batch's items in order with `parallelism` workers at the pace of `pacer`, whose
  // clock starts once the workers' connections are open. onEach, if given, hears each item's
  // outcome as it happens (for progress).
  CreateResult create(const CreateBatch& batch, const Pacer& pacer, int parallelism,
                      const std::atomic<bool>& stop, bool keepCreated = false,
                      const std::function<void(bool created)>& onEach = nullptr);

 private:
  kube::RestClient& client_;
  RequestLog& log_;
  PhaseTracker& tracker_;
  Recorder& recorder_;
  const RunTimeline& timeline_;
};

// Workers for a rate: enough to keep the pace while answers take a quarter of a second.
int defaultParallelism(double qps);

}  // namespace perfscale::engine
