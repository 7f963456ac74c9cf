// Fuzz target: a trace file, opened the way `report` opens one (read-only, an older trace
// upgraded first) and read whole (see trace_inputs.h). TraceError is the only failure the
// contract allows.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "store/trace_error.h"
#include "tests/fuzz/scratch_dir.h"
#include "tests/fuzz/trace_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const perfscale::fuzz::ScratchDir dir;
  const std::string path =
      dir.write("trace.db", std::string_view(reinterpret_cast<const char*>(data), size));
  try {
    perfscale::fuzz::readWholeTrace(path);
  } catch (const perfscale::store::TraceError&) {
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    std::remove((path + suffix).c_str());
  return 0;
}
