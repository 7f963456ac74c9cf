// Child processes and temporary directories for tests (see process.h).
#include "tests/support/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace perfscale::test {

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> mergedEnvironment(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> all;
  for (char** entry = environ; *entry; ++entry) {
    std::string text = *entry;
    const auto equals = text.find('=');
    if (equals != std::string::npos) all[text.substr(0, equals)] = text.substr(equals + 1);
  }
  for (const auto& [key, value] : extra)
    all[key] = value;
  std::vector<std::string> result;
  for (const auto& [key, value] : all)
    result.push_back(key + "=" + value);
  return result;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (auto& s : strings)
    result.push_back(s.data());
  result.push_back(nullptr);
  return result;
}

int decodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

pid_t spawn(std::vector<std::string> argv, const std::map<std::string, std::string>& environment,
            int stdinFd, int stdoutFd, int stderrFd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (stdinFd >= 0) posix_spawn_file_actions_adddup2(&actions, stdinFd, 0);
  posix_spawn_file_actions_adddup2(&actions, stdoutFd, 1);
  posix_spawn_file_actions_adddup2(&actions, stderrFd, 2);
  auto env = mergedEnvironment(environment);
  auto envp = pointers(env);
  auto args = pointers(argv);
  pid_t pid = -1;
  // Look PATH up in the child's environment, as a shell would.
  std::string path;
  for (const auto& entry : env) {
    if (entry.rfind("PATH=", 0) == 0) path = entry.substr(5);
  }
  std::string program = argv[0];
  if (program.find('/') == std::string::npos) {
    std::istringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      const std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
      if (access(candidate.c_str(), X_OK) == 0) {
        program = candidate;
        break;
      }
    }
  }
  const int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  return pid;
}

std::optional<int> waitFor(pid_t pid, Clock::time_point deadline) {
  for (;;) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return decodeStatus(status);
    if (done < 0) return -1;
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

CommandResult runCommand(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& environment,
                         std::chrono::milliseconds timeout, const std::string& input) {
  int outPipe[2], errPipe[2], inPipe[2];
  if (pipe2(outPipe, O_CLOEXEC) || pipe2(errPipe, O_CLOEXEC) || pipe2(inPipe, O_CLOEXEC))
    throw std::runtime_error("pipe failed");
  const pid_t pid = spawn(argv, environment, inPipe[0], outPipe[1], errPipe[1]);
  close(outPipe[1]);
  close(errPipe[1]);
  close(inPipe[0]);
  if (!input.empty()) {
    // Small inputs only: enough for a pipe buffer.
    if (write(inPipe[1], input.data(), input.size()) < 0) {
    }
  }
  close(inPipe[1]);
  CommandResult result;
  const auto deadline = Clock::now() + timeout;
  pollfd fds[2] = {{outPipe[0], POLLIN, 0}, {errPipe[0], POLLIN, 0}};
  int open = 2;
  while (open > 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      result.timedOut = true;
      kill(pid, SIGKILL);
      break;
    }
    if (poll(fds, 2, static_cast<int>(std::min<long long>(left, 1000))) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buffer[65536];
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      } else {
        (i == 0 ? result.out : result.err).append(buffer, static_cast<size_t>(n));
      }
    }
  }
  for (auto& fd : fds) {
    if (fd.fd >= 0) close(fd.fd);
  }
  auto code = waitFor(pid, Clock::now() + std::chrono::seconds(10));
  if (!code) {
    kill(pid, SIGKILL);
    code = waitFor(pid, Clock::now() + std::chrono::seconds(10));
  }
  result.exitCode = code.value_or(-1);
  return result;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::map<std::string, std::string>& environment) {
  int outPipe[2];
  if (pipe2(outPipe, O_CLOEXEC)) throw std::runtime_error("pipe failed");
  char stderrPath[] = "/tmp/perfscale-test-stderr-XXXXXX";
  stderrFile_ = mkstemp(stderrPath);
  if (stderrFile_ < 0) throw std::runtime_error("mkstemp failed");
  unlink(stderrPath);
  pid_ = spawn(argv, environment, -1, outPipe[1], stderrFile_);
  close(outPipe[1]);
  stdout_ = outPipe[0];
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exitCode_) stop(SIGTERM);
  if (stdout_ >= 0) close(stdout_);
  if (stderrFile_ >= 0) close(stderrFile_);
}

std::optional<std::string> ChildProcess::readLine(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto newline = pending_.find('\n');
    if (newline != std::string::npos) {
      std::string line = pending_.substr(0, newline);
      pending_.erase(0, newline + 1);
      return line;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0 || stdout_ < 0) return std::nullopt;
    pollfd fd{stdout_, POLLIN, 0};
    if (poll(&fd, 1, static_cast<int>(left)) <= 0) continue;
    char buffer[4096];
    const ssize_t n = read(stdout_, buffer, sizeof buffer);
    if (n <= 0) {
      close(stdout_);
      stdout_ = -1;
      return std::nullopt;
    }
    pending_.append(buffer, static_cast<size_t>(n));
  }
}

int ChildProcess::stop(int signal, std::chrono::milliseconds timeout) {
  if (exitCode_) return *exitCode_;
  kill(pid_, signal);
  auto code = waitFor(pid_, Clock::now() + timeout);
  if (!code) {
    kill(pid_, SIGKILL);
    code = waitFor(pid_, Clock::now() + std::chrono::seconds(10));
  }
  exitCode_ = code.value_or(-1);
  return *exitCode_;
}

std::optional<int> ChildProcess::waitForExit(std::chrono::milliseconds timeout) {
  if (!exitCode_) exitCode_ = waitFor(pid_, Clock::now() + timeout);
  return exitCode_;
}

std::string ChildProcess::stderrText() {
  std::string text;
  char buffer[4096];
  ssize_t n;
  off_t offset = 0;
  while ((n = pread(stderrFile_, buffer, sizeof buffer, offset)) > 0) {
    text.append(buffer, static_cast<size_t>(n));
    offset += n;
  }
  return text;
}

TempDir::TempDir() {
  char pattern[] = "/tmp/perfscale-test-XXXXXX";
  if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void writeFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << content;
}

}  // namespace perfscale::test
