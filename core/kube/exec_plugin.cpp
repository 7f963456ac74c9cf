// See exec_plugin.h.
#include "core/kube/exec_plugin.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>  // NOLINT(modernize-deprecated-headers): POSIX kill(), not <csignal>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <vector>

#include "core/kube/authenticator.h"
#include "core/kube/exec_credential.h"

// POSIX leaves declaring environ to the program; <unistd.h> does only under _GNU_SOURCE.
extern char** environ;  // NOLINT(readability-redundant-declaration)

namespace perfscale::kube {

namespace {

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  ~FileDescriptor() { reset(); }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

class SpawnActions {
 public:
  SpawnActions() { posix_spawn_file_actions_init(&actions_); }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&actions_); }
  SpawnActions(const SpawnActions&) = delete;
  SpawnActions& operator=(const SpawnActions&) = delete;
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

// Waits for (and if still running, kills) the child when the scope ends.
class Reaper {
 public:
  explicit Reaper(pid_t pid) : pid_(pid) {}
  ~Reaper() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  Reaper(const Reaper&) = delete;
  Reaper& operator=(const Reaper&) = delete;
  int wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
  }
  // Not const: it ends the child this object owns.
  void kill() { ::kill(pid_, SIGKILL); }  // NOLINT(readability-make-member-function-const)

 private:
  pid_t pid_;
};

std::vector<std::string> environmentFor(const ExecConfig& exec, const std::string& execInfo) {
  std::set<std::string> replaced = {"KUBERNETES_EXEC_INFO"};
  for (const auto& [name, value] : exec.env)
    replaced.insert(name);
  std::vector<std::string> result;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string text = *entry;
    if (!replaced.count(text.substr(0, text.find('=')))) result.push_back(text);
  }
  for (const auto& [name, value] : exec.env)
    result.push_back(name + "=" + value);
  result.push_back("KUBERNETES_EXEC_INFO=" + execInfo);
  return result;
}

[[noreturn]] void cannotStart(const ExecConfig& exec, const std::string& problem) {
  std::string message = describePlugin(exec) + ": " + problem;
  if (!exec.installHint.empty()) message += "\n\n" + exec.installHint;
  throw CredentialError(message);
}

}  // namespace

PluginRun runExecPlugin(const ExecConfig& exec, const std::string& execInfo,
                        std::chrono::milliseconds timeout) {
  if (exec.command.empty()) cannotStart(exec, "no command is configured");
  int pipeFds[2];
  if (::pipe2(pipeFds, O_CLOEXEC) != 0)
    cannotStart(exec, std::string("creating a pipe: ") + std::strerror(errno));
  FileDescriptor readEnd(pipeFds[0]);
  FileDescriptor writeEnd(pipeFds[1]);

  SpawnActions actions;
  posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(actions.get(), writeEnd.get(), 1);
  // Our sockets and files are none of the plugin's business.
  posix_spawn_file_actions_addclosefrom_np(actions.get(), 3);

  std::vector<std::string> argvText = {exec.command};
  argvText.insert(argvText.end(), exec.args.begin(), exec.args.end());
  std::vector<char*> argv;
  argv.reserve(argvText.size() + 1);
  for (auto& arg : argvText)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  auto envText = environmentFor(exec, execInfo);
  std::vector<char*> envp;
  envp.reserve(envText.size() + 1);
  for (auto& entry : envText)
    envp.push_back(entry.data());
  envp.push_back(nullptr);

  pid_t pid = -1;
  const int spawned = exec.command.find('/') == std::string::npos
                          ? posix_spawnp(&pid, exec.command.c_str(), actions.get(), nullptr,
                                         argv.data(), envp.data())
                          : posix_spawn(&pid, exec.command.c_str(), actions.get(), nullptr,
                                        argv.data(), envp.data());
  if (spawned == ENOENT) cannotStart(exec, "executable " + exec.command + " not found");
  if (spawned != 0) cannotStart(exec, "starting " + exec.command + ": " + std::strerror(spawned));
  Reaper child(pid);
  writeEnd.reset();

  PluginRun run;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buffer[64 * 1024];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      run.timedOut = true;
      child.kill();
      break;
    }
    pollfd poller{readEnd.get(), POLLIN, 0};
    const int ready = ::poll(&poller, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // the deadline check above ends it
    const ssize_t n = ::read(readEnd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (run.out.size() + static_cast<size_t>(n) > kMaxPluginOutput) {
      child.kill();
      cannotStart(exec, "its output exceeds " + std::to_string(kMaxPluginOutput) + " bytes");
    }
    run.out.append(buffer, static_cast<size_t>(n));
  }
  run.exitCode = child.wait();
  return run;
}

}  // namespace perfscale::kube
