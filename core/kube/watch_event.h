// One line of a watch stream, decoded: {"type": ..., "object": {...}}.
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/kube/api_status.h"

namespace perfscale::kube {

struct WatchEvent {
  enum class Type { Added, Modified, Deleted, Bookmark, Error };
  Type type = Type::Added;
  Poco::JSON::Object::Ptr object;   // the object; for Error, the Status object
  std::string resourceVersion;      // object's metadata.resourceVersion, if any
  std::optional<ApiStatus> status;  // for Error
  std::chrono::steady_clock::time_point receivedAt;
};

class WatchDecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Decodes one line; nothing for an empty (keep-alive) line. Throws WatchDecodeError for
// anything that is not a watch event, quoting the start of the line.
std::optional<WatchEvent> decodeWatchLine(const std::string& line,
                                          std::chrono::steady_clock::time_point receivedAt);

// metadata.namespace, metadata.name, metadata.uid and metadata.resourceVersion of an object,
// each empty when absent.
struct ObjectMeta {
  std::string ns;
  std::string name;
  std::string uid;
  std::string resourceVersion;
};
ObjectMeta metaOf(const Poco::JSON::Object& object);

}  // namespace perfscale::kube
