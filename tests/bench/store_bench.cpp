// perfscale-store-bench: how fast the trace writer takes records and how compact the trace is.
// Writes one run of realistic records (mostly requests) from producer threads, waits until all
// are committed, then prints records/s, how long record() calls took, file size, bytes per request
// row (from SQLite's dbstat table) and how fast a reader streams the requests back.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <cxxopts.hpp>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "store/trace_reader.h"
#include "store/trace_writer.h"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using perfscale::RunClock;

constexpr int kVmisPerIteration = 1000;
const std::string kPriorityLevel = "7c1b8f3e-5a2d-4c9e-9b61-0d2f4e6a8c10";
const std::string kFlowSchemas[] = {"0a9e3c55-7d1f-4b2a-8e64-3f5c7b9d1e20",
                                    "5e2d7a91-3c4b-4f8e-a1d6-9b0c2e4f6a30"};
const std::string kPhases[] = {"Pending", "Scheduling", "Scheduled", "Running"};

std::string vmiBody(const std::string& ns, const std::string& name, const std::string& uuid) {
  return R"({"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":")" +
         name + R"(","namespace":")" + ns + R"(","labels":{"perfscale.kubevirt.io/run":")" + uuid +
         R"("}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":)"
         R"({"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},)"
         R"("devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1",)"
         R"("disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":)"
         R"("quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1",)"
         R"("cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}})";
}

// How long record() calls took, in power-of-two buckets of nanoseconds.
struct CallTimes {
  std::array<uint64_t, 64> buckets{};
  std::chrono::nanoseconds slowest{0};

  void add(std::chrono::nanoseconds took) {
    const auto ns = static_cast<uint64_t>(std::max<int64_t>(took.count(), 1));
    ++buckets[static_cast<size_t>(64 - __builtin_clzll(ns))];
    slowest = std::max(slowest, took);
  }
  void merge(const CallTimes& other) {
    for (size_t i = 0; i < buckets.size(); ++i)
      buckets[i] += other.buckets[i];
    slowest = std::max(slowest, other.slowest);
  }
  // An upper bound of the q-quantile: the top of its bucket.
  double quantileMicros(double q) const {
    uint64_t total = 0;
    for (const auto count : buckets)
      total += count;
    uint64_t seen = 0;
    for (size_t i = 0; i < buckets.size(); ++i) {
      seen += buckets[i];
      if (static_cast<double>(seen) >= q * static_cast<double>(total))
        return static_cast<double>(uint64_t{1} << i) / 1000;
    }
    return 0;
  }
};

// Emits the records of VMIs [first, last): per VMI a create (10% throttled once, then retried),
// a few GETs, a delete, four phases and three object stages. Counts what it emitted.
struct Producer {
  perfscale::Recorder& recorder;
  std::atomic<uint64_t>& seq;
  std::string uuid;
  int getsPerVmi;
  uint64_t records = 0;
  uint64_t requests = 0;
  CallTimes calls{};

  template <class Record>
  void emit(Record record) {
    const auto start = Clock::now();
    recorder.record(std::move(record));
    calls.add(Clock::now() - start);
    ++records;
  }

  perfscale::RequestRecord request(std::mt19937& random, RunClock at, const char* verb,
                                   const std::string& ns, const std::string& name, int status) {
    std::lognormal_distribution<double> ttfb(std::log(8e6), 0.8);
    perfscale::RequestRecord r;
    r.seq = ++seq;
    r.iteration = static_cast<int>(at.count() / 1'000'000'000 / 60);
    r.verb = verb;
    r.resource = "virtualmachineinstances";
    r.ns = ns;
    r.name = name;
    r.scheduled = at;
    r.granted = at + (random() % 4 == 0 ? RunClock(random() % 20'000'000) : RunClock(0));
    r.sent = r.granted + RunClock(20'000 + random() % 60'000);
    r.firstByte = r.sent + RunClock(static_cast<int64_t>(ttfb(random)));
    r.done = r.firstByte + RunClock(50'000 + random() % 400'000);
    r.status = status;
    if (status == 429) r.reason = "TooManyRequests";
    r.bytesIn = 1500 + static_cast<int64_t>(random() % 800);
    r.priorityLevel = kPriorityLevel;
    r.flowSchema = kFlowSchemas[random() % 2];
    ++requests;
    return r;
  }

  void run(int first, int last) {
    std::mt19937 random(static_cast<unsigned>(first));
    for (int vmi = first; vmi < last; ++vmi) {
      const int iteration = vmi / kVmisPerIteration;
      const std::string ns = "kubevirt-test-default-" + std::to_string(iteration);
      const std::string name = "perfscale-" + uuid.substr(0, 8) + "-" + std::to_string(vmi);
      const std::string uid = "9f" + std::to_string(1'000'000'000 + vmi) + "-2c1e-4f7a-b3d5-" +
                              std::to_string(100'000'000'000 + vmi);
      const RunClock at(int64_t{vmi} * 500'000);  // 2000 VMIs per second
      auto create = request(random, at, "create", ns, name, 201);
      create.payload = vmiBody(ns, name, uuid);
      create.bytesOut = static_cast<int64_t>(create.payload.size());
      if (random() % 10 == 0) {
        auto throttled = create;
        throttled.status = 429;
        throttled.reason = "TooManyRequests";
        emit(throttled);
        create.seq = ++seq;
        create.tryNumber = 2;
        create.retryOf = throttled.seq;
        ++requests;
      }
      emit(create);
      perfscale::ObjectRecord object;
      object.ns = ns;
      object.name = name;
      object.uid = uid;
      object.iteration = iteration;
      object.at = create.done;
      emit(object);
      RunClock phaseAt = create.done;
      for (const auto& phase : kPhases) {
        phaseAt += RunClock(200'000'000 + random() % 2'000'000'000);
        perfscale::PhaseRecord p;
        p.ns = ns;
        p.name = name;
        p.uid = uid;
        p.phase = phase;
        p.observedAt = phaseAt;
        p.serverNs = 1'700'000'000'000'000'000 + phaseAt.count() / 1'000'000'000 * 1'000'000'000;
        p.resourceVersion = std::to_string(100000 + vmi * 7);
        emit(p);
      }
      for (int get = 0; get < getsPerVmi; ++get) {
        emit(request(random, phaseAt + RunClock(get * 1'000'000), "get", ns, name, 200));
      }
      emit(request(random, phaseAt + 30s, "delete", ns, name, 200));
      object.stage = perfscale::ObjectRecord::Stage::DeletionRequested;
      object.at = phaseAt + 30s;
      emit(object);
      object.stage = perfscale::ObjectRecord::Stage::Gone;
      object.at = phaseAt + 35s;
      emit(object);
    }
  }
};

// Holds records in memory, to hand them to the writer later as fast as it takes them.
class Buffer final : public perfscale::Recorder {
 public:
  using Item =
      std::variant<perfscale::RequestRecord, perfscale::ObjectRecord, perfscale::PhaseRecord>;
  void beginRun(const perfscale::RunInfo&) override {}
  void record(perfscale::RequestRecord r) override { items_.emplace_back(std::move(r)); }
  void record(perfscale::ObjectRecord r) override { items_.emplace_back(std::move(r)); }
  void record(perfscale::PhaseRecord r) override { items_.emplace_back(std::move(r)); }
  void record(perfscale::IterationRecord) override {}
  void record(perfscale::EventRecord) override {}
  void endRun(const perfscale::RunEnd&) override {}
  void flush() override {}
  // Hands every record to `recorder`; returns how long the calls took.
  CallTimes replay(perfscale::Recorder& recorder) {
    CallTimes calls;
    for (auto& item : items_) {
      const auto start = Clock::now();
      std::visit([&recorder](auto& record) { recorder.record(std::move(record)); }, item);
      calls.add(Clock::now() - start);
    }
    items_.clear();
    return calls;
  }

 private:
  std::vector<Item> items_;
};

// CPU seconds the writer thread used (Linux: /proc/self/task/*/stat of "trace-writer").
double writerCpuSeconds() {
  double total = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::FILE* file = std::fopen((task.path() / "stat").c_str(), "r");
    if (!file) continue;
    char line[1024] = {};
    const size_t n = std::fread(line, 1, sizeof line - 1, file);
    std::fclose(file);
    const std::string stat(line, n);
    if (stat.find("(trace-writer)") == std::string::npos) continue;
    // Fields after the ")": state is field 3; utime and stime are fields 14 and 15.
    const char* rest = std::strrchr(line, ')') + 2;
    unsigned long long utime = 0, stime = 0;
    std::sscanf(rest, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime);
    total += static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  return total;
}

int64_t queryInt(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return -1;
  const int64_t value = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  std::string commandLine;
  for (int i = 0; i < argc; ++i)
    commandLine += (i ? " " : "") + std::string(argv[i]);
  cxxopts::Options options("perfscale-store-bench", "Measures the trace writer.");
  options.add_options()("records", "Records to write (about)",
                        cxxopts::value<uint64_t>()->default_value("2000000"))(
      "producers", "Threads calling record()", cxxopts::value<int>()->default_value("1"))(
      "gets", "GET requests per VMI (more: a larger share of requests)",
      cxxopts::value<int>()->default_value("12"))(
      "trace", "Trace file (default: a new file in the temp directory)",
      cxxopts::value<std::string>()->default_value(""))("keep", "Keep the trace file")(
      "live", "Make records while writing (default: make them first, then time the writer)")(
      "h,help", "Show this help");
  const auto parsed = options.parse(argc, argv);
  if (parsed.count("help")) {
    std::cout << options.help() << '\n';
    return 0;
  }
  const int gets = parsed["gets"].as<int>();
  const int recordsPerVmi = 1 + 3 + 4 + gets + 1;  // create, stages, phases, gets, delete (+10%)
  const int vmis = static_cast<int>(parsed["records"].as<uint64_t>() / recordsPerVmi);
  const int producers = std::max(1, parsed["producers"].as<int>());
  std::string path = parsed["trace"].as<std::string>();
  if (path.empty()) {
    path = (std::filesystem::temp_directory_path() /
            ("perfscale-store-bench-" + std::to_string(::getpid()) + ".db"))
               .string();
  }
  std::filesystem::remove(path);

  const std::string uuid = "5b0c4a1e-7f3d-4e2a-9c8b-1d2e3f4a5b6c";
  const bool live = parsed.count("live") > 0;
  std::atomic<uint64_t> seq{0};
  std::vector<Buffer> buffers(static_cast<size_t>(producers));
  std::vector<Producer> work;
  auto produce = [&](std::vector<perfscale::Recorder*> sinks) {
    for (int p = 0; p < producers; ++p)
      work.push_back(Producer{*sinks[p], seq, uuid, gets});
    std::vector<std::thread> threads;
    for (int p = 0; p < producers; ++p) {
      threads.emplace_back([&work, p, producers, vmis] {
        work[p].run(vmis * p / producers, vmis * (p + 1) / producers);
      });
    }
    for (auto& thread : threads)
      thread.join();
  };
  if (!live) {
    // Make the records first, so what is timed is the writer, not the making of records.
    std::vector<perfscale::Recorder*> sinks;
    for (auto& buffer : buffers)
      sinks.push_back(&buffer);
    produce(sinks);
  }
  CallTimes calls{};
  const auto start = Clock::now();
  Clock::time_point enqueued, committed;
  uint64_t dropped = 0;
  double writerCpu = 0;
  {
    perfscale::store::TraceWriterOptions writerOptions;
    // Room for every record: what is measured is how fast the writer drains, not its limit.
    writerOptions.maxQueued = static_cast<size_t>(vmis) * (recordsPerVmi + 1);
    perfscale::store::TraceWriter writer(path, writerOptions);
    perfscale::RunInfo run;
    run.uuid = uuid;
    run.name = "store-bench";
    run.arguments = {"--vmi-count", std::to_string(kVmisPerIteration)};
    writer.beginRun(run);
    if (live) {
      produce(std::vector<perfscale::Recorder*>(static_cast<size_t>(producers), &writer));
    } else {
      std::vector<std::thread> threads;
      std::vector<CallTimes> callsOf(buffers.size());
      for (size_t p = 0; p < buffers.size(); ++p) {
        threads.emplace_back([&, p] { callsOf[p] = buffers[p].replay(writer); });
      }
      for (auto& thread : threads)
        thread.join();
      for (const auto& each : callsOf)
        calls.merge(each);
    }
    enqueued = Clock::now();
    writer.endRun({});
    writer.flush();
    committed = Clock::now();
    writerCpu = writerCpuSeconds();
    dropped = writer.stats().dropped;
  }
  const auto closed = Clock::now();
  uint64_t records = 0, requests = 0;
  for (const auto& producer : work) {
    records += producer.records;
    requests += producer.requests;
    if (live) calls.merge(producer.calls);
  }
  auto seconds = [](auto d) { return std::chrono::duration<double>(d).count(); };

  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  const int64_t fileBytes = static_cast<int64_t>(std::filesystem::file_size(path));
  const int64_t requestRows = queryInt(db, "SELECT count(*) FROM requests");
  const int64_t requestTree =
      queryInt(db, "SELECT sum(pgsize) FROM dbstat WHERE name = 'requests'");
  const int64_t payloadBytes =
      queryInt(db, "SELECT sum(pgsize) FROM dbstat WHERE name IN ('payloads', 'payloads_by_hash')");
  std::printf("command:          %s\n", commandLine.c_str());
  std::printf("trace:            %s\n", path.c_str());
  std::printf("records:          %llu (%llu requests, %.0f%%), %d producer thread(s), %s\n",
              static_cast<unsigned long long>(records), static_cast<unsigned long long>(requests),
              100.0 * static_cast<double>(requests) / static_cast<double>(records), producers,
              live ? "made while writing" : "made beforehand");
  std::printf(
      "record() calls:   %.0f records/s offered; p50 <= %.2f us, p99.9 <= %.1f us, "
      "slowest %.1f ms\n",
      static_cast<double>(records) / seconds(enqueued - start), calls.quantileMicros(0.5),
      calls.quantileMicros(0.999),
      std::chrono::duration<double, std::milli>(calls.slowest).count());
  std::printf(
      "committed:        %.0f records/s (first record to last commit, %.2f s); "
      "%llu dropped\n",
      static_cast<double>(records - dropped) / seconds(committed - start),
      seconds(committed - start), static_cast<unsigned long long>(dropped));
  std::printf("writer thread:    %.2f CPU s, %.0f records per CPU second\n", writerCpu,
              static_cast<double>(records - dropped) / writerCpu);
  std::printf("close:            %.2f s (checkpoint, single-file trace)\n",
              seconds(closed - committed));
  std::printf("file:             %.1f MB, of which payloads %.1f MB\n", fileBytes / 1e6,
              payloadBytes / 1e6);
  std::printf("request rows:     %lld; %.1f bytes per row in the requests table (dbstat)\n",
              static_cast<long long>(requestRows),
              static_cast<double>(requestTree) / static_cast<double>(requestRows));
  std::printf(
      "all but payloads: %.1f bytes per request (every other table and index, "
      "phases and objects included)\n",
      static_cast<double>(fileBytes - payloadBytes) / static_cast<double>(requestRows));
  std::printf("tables (MB):     ");
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT name, sum(pgsize) FROM dbstat GROUP BY name HAVING sum(pgsize) > "
                     "100000 ORDER BY 2 DESC",
                     -1, &stmt, nullptr);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::printf(" %s %.1f", reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
                static_cast<double>(sqlite3_column_int64(stmt, 1)) / 1e6);
  }
  std::printf("\n");
  sqlite3_finalize(stmt);
  sqlite3_close(db);

  const auto readStart = Clock::now();
  perfscale::store::TraceReader reader(path);
  const auto run = reader.findRun(uuid);
  uint64_t read = 0, latencySum = 0;
  for (const auto& r : reader.requests(run->id)) {
    latencySum += static_cast<uint64_t>((r.done - r.sent).count());
    ++read;
  }
  const auto readEnd = Clock::now();
  std::printf("read back:        %.0f requests/s streamed (mean latency %.1f ms)\n",
              static_cast<double>(read) / seconds(readEnd - readStart),
              static_cast<double>(latencySum) / static_cast<double>(read) / 1e6);
  if (!parsed.count("keep")) std::filesystem::remove(path);
  return read == requests ? 0 : 1;
}
