// A child process for store_crash_test: writes a run to the trace at argv[1] as fast as it can,
// printing "committed N" after each commit (N records so far, beginRun included, in the order
// they were recorded), until it is killed. Records are requests with seq 1, 2, 3, ...
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>

#include "store/trace_writer.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s TRACE\n", argv[0]);
    return 2;
  }
  perfscale::store::TraceWriterOptions options;
  options.commitEvery = 2000;
  options.commitInterval = std::chrono::milliseconds(20);
  options.onCommit = [](uint64_t committed) {
    const std::string line = "committed " + std::to_string(committed) + "\n";
    // Straight to the pipe: a line the parent reads was written after the commit.
    if (write(1, line.data(), line.size()) < 0) _exit(3);
  };
  perfscale::store::TraceWriter writer(argv[1], options);
  perfscale::RunInfo run;
  run.uuid = "crash-run";
  run.name = "killed mid-run";
  writer.beginRun(run);
  for (uint64_t seq = 1;; ++seq) {
    perfscale::RequestRecord request;
    request.seq = seq;
    request.verb = "create";
    request.resource = "virtualmachineinstances";
    request.ns = "perf-" + std::to_string(seq / 1000);
    request.name = "vmi-" + std::to_string(seq);
    request.done = perfscale::RunClock(seq * 1000);
    request.status = 201;
    request.payload = R"({"kind":"VirtualMachineInstance","metadata":{"name":"vmi-)" +
                      std::to_string(seq) + "\"}}";
    writer.record(std::move(request));
    if (seq % 500 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}
