// Copy-on-write edits of stored objects: a published object is never changed in place,
// so watchers and readers may serialize it outside the store's lock.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>

namespace perfscale::sim {

// parent[key] replaced by a shallow copy of itself (or a new object), returned for editing.
// `parent` must itself be a private copy.
inline Poco::JSON::Object::Ptr writableChild(Poco::JSON::Object& parent, const std::string& key) {
  auto existing = parent.getObject(key);
  Poco::JSON::Object::Ptr copy =
      existing ? new Poco::JSON::Object(*existing) : new Poco::JSON::Object();
  parent.set(key, copy);
  return copy;
}

// parent[key] replaced by a shallow copy of the array there (or a new one).
inline Poco::JSON::Array::Ptr writableArray(Poco::JSON::Object& parent, const std::string& key) {
  auto existing = parent.getArray(key);
  Poco::JSON::Array::Ptr copy =
      existing ? new Poco::JSON::Array(*existing) : new Poco::JSON::Array();
  parent.set(key, copy);
  return copy;
}

}  // namespace perfscale::sim
