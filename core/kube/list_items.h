// A List answer (list, deletecollection), read without building a JSON tree: a list of 10,000
// VMIs is tens of megabytes as a Poco::JSON tree but only a few fields of each are needed.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/kube/watch_event.h"

namespace perfscale::kube {

class ListDecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ListPage {
  std::string resourceVersion;  // metadata.resourceVersion
  std::string continueToken;    // metadata.continue
  std::vector<WatchedObject> items;
};

// The top-level metadata and every element of the top-level "items" array, in order. Throws
// ListDecodeError when the body is not JSON ("is not JSON (...)") or not an object ("is JSON but
// not an object").
ListPage decodeListPage(std::string_view body);

// namespace, name, uid and resourceVersion of every item, in order.
std::vector<ObjectMeta> listItemMetas(const std::string& body);

}  // namespace perfscale::kube
