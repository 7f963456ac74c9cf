// Decoding of watch stream lines (see watch_event.h).
#include "core/kube/watch_event.h"

#include "core/kube/json_cursor.h"
#include "core/kube/timestamp.h"

namespace perfscale::kube {

namespace {

std::string excerpt(std::string_view line) {
  return std::string(line.size() <= 120 ? line : line.substr(0, 120)) +
         (line.size() <= 120 ? "" : "...");
}

void readMetadata(JsonCursor& cursor, WatchedObject& object, std::string& scratch) {
  cursor.object([&](std::string_view key) {
    if (key == "name") {
      cursor.stringOrAbsent(object.meta.name);
    } else if (key == "namespace") {
      cursor.stringOrAbsent(object.meta.ns);
    } else if (key == "uid") {
      cursor.stringOrAbsent(object.meta.uid);
    } else if (key == "resourceVersion") {
      cursor.stringOrAbsent(object.meta.resourceVersion);
    } else if (key == "creationTimestamp") {
      cursor.stringOrAbsent(scratch);
      object.createdNs = parseRfc3339Ns(scratch);
    } else if (key == "deletionTimestamp") {
      object.deleting = true;
      cursor.stringOrAbsent(scratch);
      object.deletionNs = parseRfc3339Ns(scratch);
    } else {
      cursor.skip();
    }
  });
}

void readTransitions(JsonCursor& cursor, WatchedObject& object, std::string& scratch) {
  object.transitions.clear();
  cursor.array([&] {
    if (cursor.peek() != '{') {
      cursor.skip();
      return;
    }
    std::string phase;
    std::optional<int64_t> at;
    cursor.object([&](std::string_view key) {
      if (key == "phase") {
        cursor.stringOrAbsent(phase);
      } else if (key == "phaseTransitionTimestamp") {
        cursor.stringOrAbsent(scratch);
        at = parseRfc3339Ns(scratch);
      } else {
        cursor.skip();
      }
    });
    if (at && !phase.empty()) object.transitions.emplace_back(std::move(phase), *at);
  });
}

void readStatus(JsonCursor& cursor, WatchedObject& object, std::string& scratch) {
  cursor.object([&](std::string_view key) {
    if (key == "phase") {
      cursor.stringOrAbsent(object.phase);
    } else if (key == "phaseTransitionTimestamps" && cursor.peek() == '[') {
      readTransitions(cursor, object, scratch);
    } else {
      cursor.skip();
    }
  });
}

}  // namespace

void WatchedObject::clear() {
  meta.ns.clear();
  meta.name.clear();
  meta.uid.clear();
  meta.resourceVersion.clear();
  createdNs.reset();
  deleting = false;
  deletionNs.reset();
  phase.clear();
  transitions.clear();
}

void readWatchedObject(JsonCursor& cursor, WatchedObject& object) {
  object.clear();
  if (cursor.peek() != '{') {
    cursor.skip();
    return;
  }
  std::string scratch;
  cursor.object([&](std::string_view key) {
    if (key == "metadata" && cursor.peek() == '{') {
      readMetadata(cursor, object, scratch);
    } else if (key == "status" && cursor.peek() == '{') {
      readStatus(cursor, object, scratch);
    } else {
      cursor.skip();
    }
  });
}

bool decodeWatchLine(std::string_view line, std::chrono::steady_clock::time_point receivedAt,
                     WatchEvent& event) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return false;
  std::string type;
  bool sawObject = false;
  std::string_view objectText;
  event.receivedAt = receivedAt;
  event.status.reset();
  event.object.clear();
  try {
    JsonCursor cursor(line);
    if (cursor.peek() != '{') {
      cursor.skip();
      cursor.finish();
      throw WatchDecodeError("watch event is not a JSON object: " + excerpt(line));
    }
    cursor.object([&](std::string_view key) {
      if (key == "type") {
        cursor.stringOrAbsent(type);
      } else if (key == "object" && cursor.peek() == '{') {
        sawObject = true;
        const size_t start = cursor.offset();
        readWatchedObject(cursor, event.object);
        objectText = line.substr(start, cursor.offset() - start);
      } else {
        cursor.skip();
      }
    });
    cursor.finish();
  } catch (const JsonSyntaxError& e) {
    throw WatchDecodeError("watch event is not valid JSON (" + std::string(e.what()) +
                           "): " + excerpt(line));
  }
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
  if (!sawObject) throw WatchDecodeError("watch event without an object: " + excerpt(line));
  if (event.type == WatchEvent::Type::Error) {
    const std::string text(objectText);
    event.status = decodeStatus(text);
    if (!event.status) {
      ApiStatus unknown;
      unknown.text = text;
      event.status = unknown;
    }
    event.object.clear();
    event.resourceVersion.clear();
  } else {
    event.resourceVersion = event.object.meta.resourceVersion;
  }
  return true;
}

std::optional<WatchEvent> decodeWatchLine(std::string_view line,
                                          std::chrono::steady_clock::time_point receivedAt) {
  WatchEvent event;
  if (!decodeWatchLine(line, receivedAt, event)) return std::nullopt;
  return event;
}

}  // namespace perfscale::kube
