// `kubectl perfscale job collect RUN_UUID`: finds the run's pods by its label, and from each
// running one whose run has ended copies the trace out as kubectl cp would, through pods/exec
// (`kubectl-perfscale job send-trace` in its container), into <uuid>-<index>.db; checks that the
// copy is a trace of the run, then lets the shard exit (`job mark-collected`). Pods that have
// not got that far are named and skipped: run it again later (exit 3 says so).
#include "plugin/job_collect.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cxxopts.hpp>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/kube/kubeconfig.h"
#include "core/kube/pod_exec.h"
#include "core/kube/rest_client.h"
#include "core/scenario/labels.h"
#include "core/scenario/names.h"
#include "plugin/command.h"
#include "plugin/command_help.h"
#include "plugin/flag_syntax.h"
#include "plugin/kube_flags.h"
#include "plugin/shard_pods.h"
#include "plugin/trace_handoff.h"
#include "store/trace_reader.h"

namespace perfscale::plugin {
namespace {

namespace fs = std::filesystem;

constexpr int kNotReadyExit = 3;

enum class Outcome { Collected, AlreadyHere, NotReady, Failed };

struct PodReport {
  Outcome outcome = Outcome::Failed;
  std::string message;
};

const CommandUsage kCollectUsage = {
    "RUN_UUID [flags]",
    "  # Copy the traces of run 3f1c2a5e-... out of its pods, then merge them into one run\n"
    "  kubectl perfscale job collect 3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01\n"
    "  kubectl perfscale merge run.db 3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01-*.db\n"
    "\n"
    "  # From the Job's namespace, into a directory of their own\n"
    "  kubectl perfscale job collect 3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01 --job-namespace load "
    "--output-dir traces\n"};

cxxopts::Options collectOptions() {
  cxxopts::Options options(
      "kubectl perfscale job collect",
      "Copy the traces of a sharded run (kubectl perfscale job) out of its pods through "
      "pods/exec, as kubectl cp does, into <uuid>-<index>.db, and let each shard exit. The pods "
      "keep their traces while run --linger waits; pods whose run has not ended are named and "
      "skipped (exit 3: run it again later).");
  options.positional_help("RUN_UUID");
  options.add_options()("uuid", "The run's uuid", cxxopts::value<std::string>())(
      "job-namespace", "Namespace of the Job's pods (default: -n, else the context's)",
      cxxopts::value<std::string>(),
      "NAME")("output-dir", "Where the traces are written (default: the working directory)",
              cxxopts::value<std::string>()->default_value("."), "DIR")("h,help", "Show this help");
  addKubectlFlags(options);
  options.parse_positional({"uuid"});
  return options;
}

// Why `path` is not a trace of run `uuid`, or nothing when it is one.
std::optional<std::string> notATraceOf(const std::string& path, const std::string& uuid,
                                       std::string* outcome = nullptr) {
  try {
    const store::TraceReader reader(path);
    const auto run = reader.findRun(uuid);
    if (!run) {
      std::string held;
      for (const auto& other : reader.runs())
        held += (held.empty() ? "" : ", ") + other.info.uuid;
      return "it holds no run " + uuid + " (runs: " + (held.empty() ? "none" : held) + ")";
    }
    if (outcome) *outcome = toString(run->outcome);
    return std::nullopt;
  } catch (const std::exception& e) {
    return std::string("it is not a readable trace: ") + e.what();
  }
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  return text;
}

std::string commandLine(const std::vector<std::string>& command) {
  std::string line;
  for (const auto& argument : command)
    line += (line.empty() ? "" : " ") + argument;
  return line;
}

// Runs `verb` (send-trace, mark-collected) on the pod's trace in its container.
kube::PodExecResult handoff(kube::RestClient& client, const std::string& ns, const ShardPod& pod,
                            const std::string& verb,
                            const std::function<void(const char*, size_t)>& onStdout) {
  kube::PodExecRequest request;
  request.ns = ns;
  request.pod = pod.name;
  request.container = pod.container;
  request.command = {pod.binary, "job", verb, pod.trace};
  return kube::execInPod(client, request, onStdout);
}

std::string execFailure(const kube::PodExecError& e, const std::string& server) {
  std::string message = e.what();
  switch (e.httpStatus()) {
    case 404:
    case 405:
      message += " (does " + server +
                 " serve pods/exec? A proxy in between may also refuse WebSocket upgrades)";
      break;
    case 403:
      message += " (" + std::string(kCollectPermissions) + ")";
      break;
    default:
      break;
  }
  return message;
}

// A file written only by us: its bytes as they arrive, removed unless kept.
class PartFile {
 public:
  explicit PartFile(std::string path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd_ < 0) throw std::runtime_error("cannot write " + path_ + ": " + std::strerror(errno));
  }
  ~PartFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!kept_) ::unlink(path_.c_str());
  }
  PartFile(const PartFile&) = delete;
  PartFile& operator=(const PartFile&) = delete;

  void write(const char* data, size_t size) {
    while (size > 0) {
      const ssize_t n = ::write(fd_, data, size);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw std::runtime_error("writing " + path_ + ": " + std::strerror(errno));
      data += n;
      size -= static_cast<size_t>(n);
    }
  }
  void close() {
    if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
      fd_ = -1;
      throw std::runtime_error("writing " + path_ + ": " + std::strerror(errno));
    }
    fd_ = -1;
  }
  // Renames it to `target`, which is kept from then on.
  void keepAs(const std::string& target) {
    if (::rename(path_.c_str(), target.c_str()) != 0)
      throw std::runtime_error("renaming " + path_ + " to " + target + ": " + std::strerror(errno));
    kept_ = true;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  bool kept_ = false;
};

PodReport collectPod(kube::RestClient& client, const std::string& ns, const std::string& uuid,
                     const ShardPod& pod, const fs::path& file) {
  // Lets the shard exit; `quiet`: one that may have gone already need not be told.
  const auto tell = [&](bool quiet) -> std::string {
    try {
      const auto marked = handoff(client, ns, pod, "mark-collected", [](const char*, size_t) {});
      if (marked.exit.success) return "; the shard exits now";
      if (quiet) return "";
      return "; telling the shard failed (" + kube::describe(marked.exit) + ": " +
             trimmed(marked.stderrText) + "): it exits when its --linger ends";
    } catch (const std::exception& e) {
      if (quiet) return "";
      return std::string("; telling the shard failed (") + e.what() +
             "): it exits when its --linger ends";
    }
  };
  const bool running = pod.phase == "Running";
  if (fs::exists(file)) {
    if (auto problem = notATraceOf(file.string(), uuid)) {
      return {Outcome::Failed, file.string() + " exists and " + *problem +
                                   ": not overwritten; move it away or choose another "
                                   "--output-dir"};
    }
    // Copied by an earlier collect: a shard still waiting is told again, quietly.
    return {Outcome::AlreadyHere,
            file.string() + " is here already" + (running ? tell(true) : std::string())};
  }
  if (pod.phase == "Pending") return {Outcome::NotReady, "has not started yet (phase Pending)"};
  if (pod.phase == "Succeeded" || pod.phase == "Failed") {
    return {Outcome::Failed,
            "has ended (phase " + pod.phase +
                ") and its trace with it, unless the Job wrote to a --trace-pvc: a pod waits "
                "for collection only as long as its run --linger"};
  }
  if (!running) return {Outcome::NotReady, "is in phase " + pod.phase + ", not Running"};

  PartFile part((file.parent_path() / ("." + file.filename().string() + ".part")).string());
  kube::PodExecResult sent;
  try {
    sent = handoff(client, ns, pod, "send-trace",
                   [&](const char* data, size_t size) { part.write(data, size); });
  } catch (const kube::PodExecError& e) {
    return {Outcome::Failed, execFailure(e, client.cluster().server)};
  }
  const std::string command = commandLine({pod.binary, "job", "send-trace", pod.trace});
  if (!sent.exit.success) {
    const std::string said = trimmed(sent.stderrText);
    if (sent.exit.exitCode == kTraceNotClosedExit)
      return {Outcome::NotReady, "is still running its shard: " + said};
    return {Outcome::Failed, "`" + command + "` failed in container " + pod.container + ": " +
                                 kube::describe(sent.exit) + (said.empty() ? "" : ": " + said)};
  }
  part.close();
  std::string outcome;
  if (auto problem = notATraceOf(part.path(), uuid, &outcome)) {
    return {Outcome::Failed, "the " + std::to_string(sent.stdoutBytes) + " bytes `" + command +
                                 "` sent are no trace of the run: " + *problem};
  }
  part.keepAs(file.string());
  return {Outcome::Collected, file.string() + " (" + std::to_string(sent.stdoutBytes) +
                                  " bytes, run outcome " + outcome + ")" + tell(false)};
}

}  // namespace

int jobCollectMain(int argc, char** argv) {
  auto options = collectOptions();
  const auto parsed = parseGoStyle(options, argc, argv);
  if (parsed.count("help")) {
    std::cout << commandHelp(options, kCollectUsage);
    return 0;
  }
  if (!parsed.count("uuid") || parsed["uuid"].as<std::string>().empty()) {
    std::cerr << "error: the run's uuid is required: kubectl perfscale job collect RUN_UUID (the "
                 "--uuid the job was made with, its label perfscale.kubevirt.io/run)\n";
    return 1;
  }
  if (!parsed.unmatched().empty()) {
    std::cerr << "error: unexpected argument \"" << parsed.unmatched().front()
              << "\"; see 'kubectl perfscale job collect --help'\n";
    return 1;
  }
  const std::string uuid = parsed["uuid"].as<std::string>();
  if (const auto problem = scenario::dns1123LabelProblem(uuid)) {
    std::cerr << "error: run uuid \"" << uuid << "\": " << *problem
              << "; give the uuid the job was made with\n";
    return 1;
  }
  const fs::path outputDir = parsed["output-dir"].as<std::string>();
  std::error_code error;
  if (!fs::is_directory(outputDir, error)) {
    std::cerr << "error: --output-dir " << outputDir.string()
              << ": no such directory; create it first\n";
    return 1;
  }
  try {
    const auto cluster =
        kube::loadClusterConfig(kubectlOverrides(parsed), kube::Environment::process());
    const std::string ns =
        parsed.count("job-namespace") ? parsed["job-namespace"].as<std::string>() : cluster.ns;
    kube::RestClient client(cluster, std::make_shared<kube::UnlimitedRateLimiter>());
    const auto pods = listShardPods(client, ns, uuid);
    if (pods.empty()) {
      std::cerr << "error: no pods labelled " << scenario::runSelector(uuid) << " in namespace "
                << ns << " of " << cluster.server
                << ": check the uuid, and give the Job's namespace with --job-namespace\n";
      return 1;
    }
    int shards = 0;
    for (const auto& pod : pods)
      shards = std::max(shards, pod.shards.value_or(0));
    std::map<int, fs::path> traces;  // by completion index
    std::set<int> seen;
    bool failed = false, waiting = false;
    for (const auto& pod : pods) {
      PodReport report;
      if (!pod.index) {
        report = {Outcome::Failed, std::string("has no ") + kCompletionIndex +
                                       " annotation: not a pod of an Indexed Job; skipped"};
      } else if (seen.count(*pod.index)) {
        report = {Outcome::AlreadyHere, "has completion index " + std::to_string(*pod.index) +
                                            " too, which the pod above stands for; skipped"};
      } else {
        seen.insert(*pod.index);
        const fs::path file =
            (outputDir / (uuid + "-" + std::to_string(*pod.index) + ".db")).lexically_normal();
        try {
          report = collectPod(client, ns, uuid, pod, file);
        } catch (const std::exception& e) {
          report = {Outcome::Failed, e.what()};
        }
        if (report.outcome == Outcome::Collected || report.outcome == Outcome::AlreadyHere)
          traces[*pod.index] = file;
      }
      failed = failed || report.outcome == Outcome::Failed;
      waiting = waiting || report.outcome == Outcome::NotReady;
      (report.outcome == Outcome::Failed ? std::cerr : std::cout)
          << (report.outcome == Outcome::Failed ? "error: pod " : "pod ") << pod.name << ": "
          << report.message << "\n";
    }
    for (int index = 0; index < shards; ++index) {
      if (seen.count(index)) continue;
      waiting = true;
      std::cout << "shard " << index << " of " << shards
                << ": no pod (not created yet, or deleted)\n";
    }
    if (failed || waiting) {
      std::cout << traces.size() << " of " << std::max<size_t>(shards, pods.size())
                << " traces collected into " << outputDir.string()
                << (failed ? "" : "; run this again once the other shards have ended") << "\n";
      return failed ? 1 : kNotReadyExit;
    }
    std::cout << "\nall " << traces.size() << " traces of run " << uuid
              << " collected; join them into one run with:\n  kubectl perfscale merge "
              << (outputDir / (uuid + ".db")).lexically_normal().string();
    for (const auto& [index, file] : traces)
      std::cout << " " << file.string();
    std::cout << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace perfscale::plugin
