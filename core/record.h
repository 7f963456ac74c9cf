// The records a run emits (one flat value per request, phase observation, object
// stage, iteration stage and notable event) and the Recorder that consumes them.
// The engine produces records; store/ writes and reads them; nothing else couples the two.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace perfscale {

// Client-side times are nanoseconds on one monotonic clock, counted from the run's start.
using RunClock = std::chrono::nanoseconds;

struct RunInfo {
  std::string uuid;
  std::string name;                    // scenario name
  std::string kind = "run";            // run | replay
  std::string replayOf;                // uuid of the replayed run, for kind == replay
  int64_t startedWallNs = 0;           // wall clock (ns since the Unix epoch) at RunClock zero
  std::vector<std::string> arguments;  // argv after the subcommand, secrets redacted
  std::string scenarioGiven;           // the scenario as the user wrote it (YAML or flags)
  std::string scenarioResolved;        // the validated scenario, as JSON
  std::string serverUrl;
  std::string contextName;
  std::string userName;        // the kubeconfig user entry's name, never a credential
  std::string clusterVersion;  // gitVersion from /version
  std::string host;            // where the client ran
  std::string toolVersion;
};

enum class RunOutcome { Ok, Timeout, Error, Interrupted, Incomplete };

struct RunEnd {
  RunClock endedAt{0};
  RunOutcome outcome = RunOutcome::Ok;
  int exitCode = 0;
};

// One try of one API request. A retried request yields one record per try.
struct RequestRecord {
  uint64_t seq = 0;      // unique in the run, in dispatch order
  int iteration = -1;    // -1 outside iterations (setup, watch, cleanup)
  std::string verb;      // create, get, list, watch, delete, deletecollection
  std::string resource;  // virtualmachineinstances, namespaces, ...
  std::string ns;
  std::string name;
  RunClock scheduled{0};  // when the pacer wanted it sent
  RunClock granted{0};    // when the limiter granted its token
  RunClock sent{0};       // request written
  RunClock firstByte{0};  // first byte of the answer
  RunClock done{0};       // answer read completely, or the failure
  int status = 0;         // HTTP status; 0 when no answer arrived
  std::string reason;     // Status reason (AlreadyExists, TooManyRequests, ...)
  int tryNumber = 1;      // 1 for the first try
  uint64_t retryOf = 0;   // seq of the first try when tryNumber > 1
  int64_t bytesOut = 0;
  int64_t bytesIn = 0;
  std::string error;          // connection or protocol error text, empty on an answer
  std::string priorityLevel;  // X-Kubernetes-PF-PriorityLevel-UID
  std::string flowSchema;     // X-Kubernetes-PF-FlowSchema-UID
  std::string payload;        // request body as sent (for replay); empty for none
};

// Object kinds as the API names them. Templates may create objects of any other kind, which
// the trace records by their own kind name.
inline constexpr const char* kKindVmi = "VirtualMachineInstance";
inline constexpr const char* kKindNamespace = "Namespace";

// A stage in the life of an object the run created.
struct ObjectRecord {
  enum class Stage { Created, DeletionRequested, Gone };
  std::string kind = kKindVmi;  // the object's kind, as in its manifest
  std::string ns;
  std::string name;
  std::string uid;
  int iteration = -1;
  Stage stage = Stage::Created;
  RunClock at{0};
};

// A phase of a VMI as the client observed it.
struct PhaseRecord {
  std::string ns;
  std::string name;
  std::string uid;
  std::string phase;                // Pending, Scheduling, Scheduled, Running, Succeeded, ...
  RunClock observedAt{0};           // when the watch event arrived
  std::optional<int64_t> serverNs;  // phaseTransitionTimestamp, ns since the epoch
  std::string resourceVersion;
  bool late = false;  // learned from a relist after a 410, not from an event
  // The VMI's metadata.creationTimestamp and deletionTimestamp (ns since the epoch), carried
  // by the first phase record of the VMI that saw each; the trace keeps them on the object.
  std::optional<int64_t> createdServerNs;
  std::optional<int64_t> deletionServerNs;
};

struct IterationRecord {
  enum class Stage { Started, Created, AllRunning, DeletionStarted, AllGone, Ended };
  int index = 0;
  Stage stage = Stage::Started;
  RunClock at{0};
  std::vector<std::string> namespaces;  // with Started
};

// Notable moments: waits, timeouts, signals, errors, anything a reader should see in order.
struct EventRecord {
  RunClock at{0};
  int iteration = -1;
  std::string kind;     // wait-start, wait-end, timeout, signal, error, note, ...
  std::string message;  // free text, no secrets
};

// Consumes a run's records. Calls never block on I/O: an implementation queues them.
// beginRun comes first and endRun last; records in between may arrive from any thread.
class Recorder {
 public:
  virtual ~Recorder() = default;
  virtual void beginRun(const RunInfo& run) = 0;
  virtual void record(RequestRecord request) = 0;
  virtual void record(ObjectRecord object) = 0;
  virtual void record(PhaseRecord phase) = 0;
  virtual void record(IterationRecord iteration) = 0;
  virtual void record(EventRecord event) = 0;
  virtual void endRun(const RunEnd& end) = 0;
  // Blocks until every record so far is durable.
  virtual void flush() = 0;
};

const char* toString(RunOutcome outcome);
const char* toString(ObjectRecord::Stage stage);
const char* toString(IterationRecord::Stage stage);

}  // namespace perfscale
