// The metadata of each item of a List answer (list, deletecollection), read without building a
// JSON tree: a list of 10,000 VMIs is tens of megabytes as a Poco::JSON tree but only its names
// are needed.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "core/kube/watch_event.h"

namespace perfscale::kube {

class ListDecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// namespace, name, uid and resourceVersion of every element of the top-level "items" array, in
// order. Throws ListDecodeError when the body is not JSON or not an object.
std::vector<ObjectMeta> listItemMetas(const std::string& body);

}  // namespace perfscale::kube
