// Child processes for end-to-end tests: run a command to completion with a time bound,
// or keep one running (a server) and stop it when the test ends.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace perfscale::test {

struct CommandResult {
  int exitCode = -1;  // 128+N when killed by signal N
  bool timedOut = false;
  std::string out;
  std::string err;
};

// Runs argv[0] (searched on PATH) with the given extra environment; kills it after `timeout`.
CommandResult runCommand(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& environment = {},
                         std::chrono::milliseconds timeout = std::chrono::seconds(60),
                         const std::string& input = "");

// A running child whose stdout is readable line by line. The destructor sends SIGTERM,
// waits up to ten seconds, then SIGKILLs: no test leaves a process behind.
class ChildProcess {
 public:
  explicit ChildProcess(const std::vector<std::string>& argv,
                        const std::map<std::string, std::string>& environment = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The next line of stdout, or nothing if none arrives in time or the child closed it.
  std::optional<std::string> readLine(std::chrono::milliseconds timeout);
  // Sends `signal` and waits for the exit; returns the exit code (128+N for a signal).
  int stop(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Waits for the child to exit by itself; its exit code, or nothing if it still runs.
  std::optional<int> waitForExit(std::chrono::milliseconds timeout);
  std::string stderrText();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int stdout_ = -1;
  int stderrFile_ = -1;
  std::string pending_;
  std::optional<int> exitCode_;
};

// A private temporary directory, removed with its content at the end of the scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string readFile(const std::string& path);
void writeFile(const std::string& path, const std::string& content);

}  // namespace perfscale::test
