// Fuzz target: one line of a watch stream, as the reflector hands it to decodeWatchLine.
// WatchDecodeError is the only failure the contract allows.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/kube/watch_event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string line(reinterpret_cast<const char*>(data), size);
  try {
    const auto event = perfscale::kube::decodeWatchLine(line, {});
    if (event && event->status) (void)perfscale::kube::describe(*event->status);
  } catch (const perfscale::kube::WatchDecodeError&) {
  }
  return 0;
}
