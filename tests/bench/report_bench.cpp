// perfscale-report-bench: how long `kubectl perfscale report -o FORMAT` takes, and how much memory
// it needs, on a large trace. Writes one run of --vmis VMIs with the store's writer (a create per
// VMI with its body, five phases with server times, deletion, namespaces, iterations of 10,000,
// watches), then runs the real binary on it as a user would, and prints wall time and peak RSS.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cxxopts.hpp>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "store/trace_writer.h"

namespace {

using perfscale::RunClock;
using Clock = std::chrono::steady_clock;
constexpr int64_t kMs = 1'000'000;
constexpr int64_t kEpoch = 1'760'000'000'000'000'000;
constexpr int kPerIteration = 10'000;

void writeTrace(const std::string& path, int vmis) {
  perfscale::store::TraceWriter writer(path);
  perfscale::RunInfo info;
  info.uuid = "0b5f1c2a-4d3e-4f60-8a71-9c2b3d4e5f60";
  info.name = "report-bench";
  info.startedWallNs = kEpoch;
  info.arguments = {"--vmi-count", std::to_string(vmis), "--qps", "2000"};
  info.scenarioResolved =
      R"({"name":"report-bench","workloads":[{"kind":"iterations","qps":2000,"burst":100}]})";
  info.serverUrl = "https://127.0.0.1:6443";
  info.toolVersion = "bench";
  writer.beginRun(info);
  uint64_t seq = 0;
  auto request = [&](const std::string& verb, const std::string& resource, const std::string& ns,
                     const std::string& name, int iteration, int64_t at, int status,
                     std::string payload = "") {
    perfscale::RequestRecord r;
    r.seq = ++seq;
    r.iteration = iteration;
    r.verb = verb;
    r.resource = resource;
    r.ns = ns;
    r.name = name;
    r.scheduled = r.granted = RunClock(at);
    r.sent = RunClock(at + 20'000);
    r.firstByte = RunClock(at + 900'000 + static_cast<int64_t>(seq % 97) * 10'000);
    r.done = r.firstByte + RunClock(30'000);
    r.status = status;
    r.bytesOut = static_cast<int64_t>(payload.size());
    r.bytesIn = 1800;
    r.payload = std::move(payload);
    writer.record(std::move(r));
  };
  const int iterations = (vmis + kPerIteration - 1) / kPerIteration;
  int64_t now = 0;
  request("watch", "virtualmachineinstances", "", "", -1, 0, 200);
  request("watch", "namespaces", "", "", -1, 0, 200);
  for (int it = 1; it <= iterations; ++it) {
    const std::string ns = "perf-" + std::to_string(it);
    const int count = std::min(kPerIteration, vmis - (it - 1) * kPerIteration);
    writer.record(perfscale::IterationRecord{
        it, perfscale::IterationRecord::Stage::Started, RunClock(now), {ns}});
    request("create", "namespaces", "", ns, it, now, 201);
    writer.record(perfscale::ObjectRecord{perfscale::kKindNamespace, "", ns, "", it,
                                          perfscale::ObjectRecord::Stage::Created, RunClock(now)});
    const int64_t start = now;
    for (int v = 0; v < count; ++v) {
      const std::string name = "vmi-0b5f1c2a-" + std::to_string(it) + "-" + std::to_string(v + 1);
      const int64_t at = start + static_cast<int64_t>(v) * kMs / 2;  // 2000 per second
      request(
          "create", "virtualmachineinstances", ns, name, it, at, 201,
          R"({"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":")" +
              name + R"("}})");
      writer.record(perfscale::ObjectRecord{perfscale::kKindVmi, ns, name, "", it,
                                            perfscale::ObjectRecord::Stage::Created,
                                            RunClock(at + kMs)});
      const char* phases[] = {"Pending", "Scheduling", "Scheduled", "Running", "Succeeded"};
      for (int p = 0; p < 5; ++p) {
        perfscale::PhaseRecord phase;
        phase.ns = ns;
        phase.name = name;
        phase.uid = "uid-" + std::to_string(it) + "-" + std::to_string(v);
        phase.phase = phases[p];
        const int64_t offset = (p < 4 ? p * 700 + (v % 500) : 9000 + (v % 700)) * kMs;
        phase.observedAt = RunClock(at + offset + 2 * kMs);
        phase.serverNs = kEpoch + at + offset;
        if (p == 0) phase.createdServerNs = kEpoch + at;
        if (p == 4) phase.deletionServerNs = kEpoch + start + 8000 * kMs;
        writer.record(std::move(phase));
      }
    }
    writer.flush();  // a producer this fast would outrun the writer's queue and lose records
    now = start + static_cast<int64_t>(count) * kMs / 2 + 3000 * kMs;
    writer.record(perfscale::IterationRecord{
        it, perfscale::IterationRecord::Stage::AllRunning, RunClock(now), {}});
    request("deletecollection", "virtualmachineinstances", ns, "", it, now, 200);
    for (int v = 0; v < count; ++v) {
      const std::string name = "vmi-0b5f1c2a-" + std::to_string(it) + "-" + std::to_string(v + 1);
      writer.record(perfscale::ObjectRecord{perfscale::kKindVmi, ns, name, "", it,
                                            perfscale::ObjectRecord::Stage::DeletionRequested,
                                            RunClock(now)});
      writer.record(perfscale::ObjectRecord{perfscale::kKindVmi, ns, name, "", it,
                                            perfscale::ObjectRecord::Stage::Gone,
                                            RunClock(now + (2000 + v % 700) * kMs)});
    }
    request("delete", "namespaces", "", ns, it, now + kMs, 200);
    now += 6000 * kMs;
    writer.record(perfscale::ObjectRecord{perfscale::kKindNamespace, "", ns, "", it,
                                          perfscale::ObjectRecord::Stage::Gone, RunClock(now)});
    writer.record(perfscale::IterationRecord{
        it, perfscale::IterationRecord::Stage::Ended, RunClock(now), {}});
  }
  writer.endRun(perfscale::RunEnd{RunClock(now), perfscale::RunOutcome::Ok, 0});
  writer.flush();
}

struct Measured {
  int exitCode = -1;
  double seconds = 0;
  long maxRssKb = 0;
  uintmax_t outputBytes = 0;
};

Measured runReport(const std::string& plugin, const std::string& trace, const std::string& format,
                   const std::string& out) {
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, STDOUT_FILENO);
    execl(plugin.c_str(), plugin.c_str(), "report", trace.c_str(), "-o", format.c_str(), "--out",
          "/dev/stdout", nullptr);
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  Measured m;
  m.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  m.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  m.maxRssKb = usage.ru_maxrss;
  m.outputBytes = std::filesystem::file_size(out);
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  cxxopts::Options options("perfscale-report-bench",
                           "Time `kubectl perfscale report` on a trace of many VMIs.");
  options.add_options()("vmis", "VMIs in the run", cxxopts::value<int>()->default_value("100000"))(
      "format", "report format", cxxopts::value<std::string>()->default_value("json"))(
      "dir", "where the trace goes", cxxopts::value<std::string>()->default_value("/tmp"))(
      "h,help", "Show this help");
  const auto parsed = options.parse(argc, argv);
  if (parsed.count("help")) {
    std::cout << options.help() << '\n';
    return 0;
  }
  const int vmis = parsed["vmis"].as<int>();
  const std::string format = parsed["format"].as<std::string>();
  const std::string dir = parsed["dir"].as<std::string>();
  const std::string trace = dir + "/perfscale-report-bench-" + std::to_string(vmis) + ".db";
  if (!std::filesystem::exists(trace)) {
    const auto started = Clock::now();
    writeTrace(trace + ".tmp", vmis);
    std::filesystem::rename(trace + ".tmp", trace);
    std::printf("wrote %s (%d VMIs, %.1f MB) in %.1f s\n", trace.c_str(), vmis,
                static_cast<double>(std::filesystem::file_size(trace)) / 1e6,
                std::chrono::duration<double>(Clock::now() - started).count());
  }
  const std::string out = dir + "/perfscale-report-bench.out";
  const auto m = runReport(PERFSCALE_PLUGIN_BINARY, trace, format, out);
  std::printf("command: kubectl-perfscale report %s -o %s --out /dev/stdout > %s\n", trace.c_str(),
              format.c_str(), out.c_str());
  std::printf("exit %d, wall %.2f s, peak RSS %.1f MB, output %.1f KB\n", m.exitCode, m.seconds,
              static_cast<double>(m.maxRssKb) / 1024.0, static_cast<double>(m.outputBytes) / 1024);
  std::printf("targets: under 3 s and 200 MB: %s\n",
              m.exitCode == 0 && m.seconds < 3 && m.maxRssKb < 200 * 1024 ? "PASS" : "FAIL");
  return m.exitCode == 0 ? 0 : 1;
}
