// Decoding of watch stream lines (see watch_event.h).
#include "core/kube/watch_event.h"

#include <Poco/JSON/Parser.h>

#include <sstream>

namespace perfscale::kube {

namespace {

std::string excerpt(const std::string& line) {
  return line.size() <= 120 ? line : line.substr(0, 120) + "...";
}

}  // namespace

ObjectMeta metaOf(const Poco::JSON::Object& object) {
  ObjectMeta meta;
  auto metadata = object.getObject("metadata");
  if (!metadata) return meta;
  meta.ns = metadata->optValue<std::string>("namespace", "");
  meta.name = metadata->optValue<std::string>("name", "");
  meta.uid = metadata->optValue<std::string>("uid", "");
  meta.resourceVersion = metadata->optValue<std::string>("resourceVersion", "");
  return meta;
}

std::optional<WatchEvent> decodeWatchLine(const std::string& line,
                                          std::chrono::steady_clock::time_point receivedAt) {
  if (line.find_first_not_of(" \t\r") == std::string::npos) return std::nullopt;
  Poco::JSON::Object::Ptr envelope;
  try {
    auto parsed = Poco::JSON::Parser().parse(line);
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
      throw WatchDecodeError("watch event is not a JSON object: " + excerpt(line));
    envelope = parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    throw WatchDecodeError("watch event is not valid JSON (" + e.displayText() +
                           "): " + excerpt(line));
  }
  WatchEvent event;
  event.receivedAt = receivedAt;
  const auto type = envelope->optValue<std::string>("type", "");
  if (type == "ADDED") {
    event.type = WatchEvent::Type::Added;
  } else if (type == "MODIFIED") {
    event.type = WatchEvent::Type::Modified;
  } else if (type == "DELETED") {
    event.type = WatchEvent::Type::Deleted;
  } else if (type == "BOOKMARK") {
    event.type = WatchEvent::Type::Bookmark;
  } else if (type == "ERROR") {
    event.type = WatchEvent::Type::Error;
  } else {
    throw WatchDecodeError("watch event has an unknown type \"" + type + "\": " + excerpt(line));
  }
  event.object = envelope->getObject("object");
  if (!event.object) throw WatchDecodeError("watch event without an object: " + excerpt(line));
  if (event.type == WatchEvent::Type::Error) {
    std::ostringstream text;
    event.object->stringify(text);
    event.status = decodeStatus(text.str());
    if (!event.status) {
      ApiStatus unknown;
      unknown.text = text.str();
      event.status = unknown;
    }
  } else {
    event.resourceVersion = metaOf(*event.object).resourceVersion;
  }
  return event;
}

}  // namespace perfscale::kube
