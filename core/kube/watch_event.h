// One line of a watch stream, decoded: {"type": ..., "object": {...}}. Only the fields the
// client uses are kept (see WatchedObject); the rest is validated and skipped, never built
// into a tree.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/kube/api_status.h"

namespace perfscale::kube {

class JsonCursor;

// metadata.namespace, metadata.name, metadata.uid and metadata.resourceVersion of an object,
// each empty when absent.
struct ObjectMeta {
  std::string ns;
  std::string name;
  std::string uid;
  std::string resourceVersion;
};

// What the client reads of a watched or listed object (VMIs, namespaces).
struct WatchedObject {
  ObjectMeta meta;
  std::optional<int64_t> createdNs;   // metadata.creationTimestamp, ns since the epoch
  bool deleting = false;              // metadata.deletionTimestamp is present
  std::optional<int64_t> deletionNs;  // ... and its time
  std::string phase;                  // status.phase
  // status.phaseTransitionTimestamps (KubeVirt), in the server's order; entries without a
  // phase or a valid time are left out.
  std::vector<std::pair<std::string, int64_t>> transitions;

  void clear();
};

// Reads the object at the cursor into `object` (cleared first); any JSON value is accepted,
// a non-object leaves it empty. Throws JsonSyntaxError.
void readWatchedObject(JsonCursor& cursor, WatchedObject& object);

struct WatchEvent {
  enum class Type { Added, Modified, Deleted, Bookmark, Error };
  Type type = Type::Added;
  WatchedObject object;             // empty for Error
  std::string resourceVersion;      // object's metadata.resourceVersion, if any
  std::optional<ApiStatus> status;  // for Error
  std::chrono::steady_clock::time_point receivedAt;
};

class WatchDecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Decodes one line into `event`, reusing its strings' storage; false for an empty (keep-alive)
// line. Throws WatchDecodeError for anything that is not a watch event, quoting the start of
// the line.
bool decodeWatchLine(std::string_view line, std::chrono::steady_clock::time_point receivedAt,
                     WatchEvent& event);
// The same into a new event; nothing for an empty line.
std::optional<WatchEvent> decodeWatchLine(std::string_view line,
                                          std::chrono::steady_clock::time_point receivedAt);

}  // namespace perfscale::kube
