// Fuzz target: the body of a List answer, read for its items' metadata. ListDecodeError is the
// only failure the contract allows.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/kube/list_items.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  try {
    (void)perfscale::kube::listItemMetas(body);
  } catch (const perfscale::kube::ListDecodeError&) {
  }
  return 0;
}
