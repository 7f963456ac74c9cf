// A Recorder that keeps every record in memory, for tests of the code that emits them.
#pragma once

#include <mutex>
#include <vector>

#include "core/record.h"

namespace perfscale::test {

class MemoryRecorder final : public Recorder {
 public:
  void beginRun(const RunInfo& run) override {
    locked([&] { runs.push_back(run); });
  }
  void record(RequestRecord r) override {
    locked([&] { requests.push_back(std::move(r)); });
  }
  void record(ObjectRecord r) override {
    locked([&] { objects.push_back(std::move(r)); });
  }
  void record(PhaseRecord r) override {
    locked([&] { phases.push_back(std::move(r)); });
  }
  void record(IterationRecord r) override {
    locked([&] { iterations.push_back(std::move(r)); });
  }
  void record(EventRecord r) override {
    locked([&] { events.push_back(std::move(r)); });
  }
  void endRun(const RunEnd& end) override {
    locked([&] { ends.push_back(end); });
  }
  void flush() override {}

  std::vector<RunInfo> runs;
  std::vector<RequestRecord> requests;
  std::vector<ObjectRecord> objects;
  std::vector<PhaseRecord> phases;
  std::vector<IterationRecord> iterations;
  std::vector<EventRecord> events;
  std::vector<RunEnd> ends;

 private:
  template <typename F>
  void locked(F f) {
    std::lock_guard<std::mutex> lock(mutex_);
    f();
  }
  std::mutex mutex_;
};

}  // namespace perfscale::test
