// Fuzz target: a trace file, opened the way `report` opens one (read-only, an older trace
// upgraded first) and read whole: every run, and each run's requests with their payloads,
// objects, phases, iterations and events. TraceError is the only failure the contract allows.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "store/trace_error.h"
#include "store/trace_reader.h"
#include "tests/fuzz/scratch_dir.h"

namespace {

template <class Row, class Cursor>
void drain(Cursor cursor) {
  Row row;
  while (cursor.next(row)) {
  }
}

void readWhole(const std::string& path) {
  using namespace perfscale;
  const store::TraceReader reader(path);
  for (const store::StoredRun& run : reader.runs()) {
    (void)reader.findRun(run.info.uuid);
    (void)run.duration();
    drain<RequestRecord>(reader.requests(run.id, {store::RequestQuery::Order::Seq, true}));
    drain<store::StoredObject>(reader.objects(run.id));
    drain<store::StoredPhase>(reader.phases(run.id));
    drain<store::StoredIteration>(reader.iterations(run.id));
    drain<EventRecord>(reader.events(run.id));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const perfscale::fuzz::ScratchDir dir;
  const std::string path =
      dir.write("trace.db", std::string_view(reinterpret_cast<const char*>(data), size));
  try {
    readWhole(path);
  } catch (const perfscale::store::TraceError&) {
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    std::remove((path + suffix).c_str());
  return 0;
}
