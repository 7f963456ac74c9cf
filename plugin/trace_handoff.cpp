// The handoff of a closed trace from a lingering run to the collector (see trace_handoff.h).
#include "plugin/trace_handoff.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <iostream>
#include <optional>

namespace perfscale::plugin {
namespace {

std::atomic<int> gLingerSignal{0};

void onLingerSignal(int signal) {
  gLingerSignal = signal;
}

bool exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

// Creates `path` (empty, mode 0600); false with errno set when it cannot.
bool touch(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

// SIGINT and SIGTERM set gLingerSignal for as long as it lives; without SA_RESTART, so that a
// sleep ends when one arrives.
class LingerSignals {
 public:
  LingerSignals() {
    gLingerSignal = 0;
    struct sigaction action {};
    action.sa_handler = onLingerSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &oldInt_);
    sigaction(SIGTERM, &action, &oldTerm_);
  }
  ~LingerSignals() {
    sigaction(SIGINT, &oldInt_, nullptr);
    sigaction(SIGTERM, &oldTerm_, nullptr);
  }
  LingerSignals(const LingerSignals&) = delete;
  LingerSignals& operator=(const LingerSignals&) = delete;

 private:
  struct sigaction oldInt_ {};
  struct sigaction oldTerm_ {};
};

// Sleeps `duration`, or less when a signal arrives.
void sleepInterruptibly(std::chrono::nanoseconds duration) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(duration);
  timespec request{};
  request.tv_sec = static_cast<time_t>(seconds.count());
  request.tv_nsec = static_cast<long>((duration - seconds).count());
  ::nanosleep(&request, nullptr);
}

bool writeAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// The one PATH argument of a handoff command, or nothing after saying what is wrong.
std::optional<std::string> pathArgument(int argc, char** argv, const char* command) {
  if (argc != 2 || argv[1][0] == '-') {
    std::cerr << "error: usage: kubectl-perfscale job " << command
              << " PATH (run in a shard's container by kubectl perfscale job collect)\n";
    return std::nullopt;
  }
  return std::string(argv[1]);
}

}  // namespace

std::string closedMarker(const std::string& trace) {
  return trace + ".closed";
}

std::string collectedMarker(const std::string& trace) {
  return trace + ".collected";
}

void removeHandoffMarkers(const std::string& trace) {
  ::unlink(closedMarker(trace).c_str());
  ::unlink(collectedMarker(trace).c_str());
}

void lingerForCollection(const std::string& trace, scenario::Duration limit,
                         const std::string& uuid) {
  using Clock = std::chrono::steady_clock;
  const LingerSignals signals;
  ::unlink(collectedMarker(trace).c_str());
  if (!touch(closedMarker(trace))) {
    spdlog::error("--linger: cannot create {}: {}; nothing can collect the trace, exiting now",
                  closedMarker(trace), std::strerror(errno));
    return;
  }
  spdlog::info(
      "the run has ended and {} is closed; waiting up to {} for it to be collected "
      "(kubectl perfscale job collect {})",
      trace, scenario::formatGoDuration(limit), uuid);
  const auto deadline = Clock::now() + limit;
  // The collector's marker is looked for every 100 ms: a file system watch would need the
  // directory to support one, and the wait is minutes long.
  constexpr std::chrono::milliseconds kPoll{100};
  bool collected = false;
  while (!(collected = exists(collectedMarker(trace))) && gLingerSignal == 0) {
    const auto now = Clock::now();
    if (now >= deadline) break;
    sleepInterruptibly(std::min<Clock::duration>(kPoll, deadline - now));
  }
  if (collected) {
    spdlog::info("the trace has been collected; exiting");
  } else if (gLingerSignal != 0) {
    spdlog::info("{} while waiting for the trace to be collected; exiting",
                 gLingerSignal == SIGTERM ? "SIGTERM" : "SIGINT");
  } else {
    spdlog::warn("nobody collected the trace within --linger {}; exiting",
                 scenario::formatGoDuration(limit));
  }
  removeHandoffMarkers(trace);
}

int sendTraceMain(int argc, char** argv) {
  const auto path = pathArgument(argc, argv, "send-trace");
  if (!path) return 1;
  if (!exists(closedMarker(*path))) {
    if (!exists(*path)) {
      std::cerr << "error: no trace at " << *path << "\n";
      return 1;
    }
    std::cerr << "the run writing " << *path << " has not ended yet (no " << closedMarker(*path)
              << "): collect it once it has; run --linger keeps it until then\n";
    return kTraceNotClosedExit;
  }
  const int fd = ::open(path->c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::cerr << "error: " << *path << ": " << std::strerror(errno) << "\n";
    return 1;
  }
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::cerr << "error: reading " << *path << ": " << std::strerror(errno) << "\n";
      ::close(fd);
      return 1;
    }
    if (n == 0) break;
    if (!writeAll(STDOUT_FILENO, buffer, static_cast<size_t>(n))) {
      std::cerr << "error: writing " << *path << " to stdout: " << std::strerror(errno) << "\n";
      ::close(fd);
      return 1;
    }
  }
  ::close(fd);
  return 0;
}

int markCollectedMain(int argc, char** argv) {
  const auto path = pathArgument(argc, argv, "mark-collected");
  if (!path) return 1;
  if (!exists(closedMarker(*path))) {
    std::cerr << "error: " << *path << " is not waiting to be collected (no " << closedMarker(*path)
              << "): its run has not ended, or no longer lingers\n";
    return 1;
  }
  if (!touch(collectedMarker(*path))) {
    std::cerr << "error: cannot create " << collectedMarker(*path) << ": " << std::strerror(errno)
              << "\n";
    return 1;
  }
  return 0;
}

}  // namespace perfscale::plugin
