// pods/exec over WebSocket, the command run as a local process (see pod_exec.h).
#include "tests/sim/pod_exec.h"

#include <Poco/JSON/Array.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/WebSocket.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <system_error>
#include <thread>

extern char** environ;

namespace perfscale::sim {
namespace {

using Poco::Net::WebSocket;

constexpr const char* kSubprotocols[] = {"v5.channel.k8s.io", "v4.channel.k8s.io"};
constexpr std::chrono::minutes kMaxExec{10};  // a command still running then is killed
constexpr size_t kChunk = 32 * 1024;

bool truthy(const std::string& value) {
  return value == "true" || value == "1";
}

std::string quotedList(const std::vector<std::string>& items) {
  std::string text = "[";
  for (size_t i = 0; i < items.size(); ++i)
    text += (i ? " " : "") + items[i];
  return text + "]";
}

// The end of the command as the kubelet reports it on the status channel (v4).
std::string exitStatus(const std::vector<std::string>& command, int code) {
  if (code == 0) return "{\"metadata\":{},\"status\":\"Success\"}";
  const std::string message =
      "command terminated with non-zero exit code: error executing "
      "command " +
      quotedList(command) + ", exit code " + std::to_string(code);
  return "{\"metadata\":{},\"status\":\"Failure\",\"message\":" + jsonQuote(message) +
         ",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\","
         "\"message\":\"" +
         std::to_string(code) + "\"}]}}";
}

std::string startFailure(const std::string& binary, int error) {
  const std::string cause =
      "error executing command in container: failed to exec in container: "
      "starting container process caused: exec: \"" +
      binary + "\": " + std::strerror(error);
  return "{\"metadata\":{},\"status\":\"Failure\",\"message\":" +
         jsonQuote("Internal error occurred: " + cause) +
         ",\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":" + jsonQuote(cause) +
         "}]},\"code\":500}";
}

// A local process with its stdout and stderr on pipes; killed if still running at the end.
class Process {
 public:
  explicit Process(const std::vector<std::string>& command) {
    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category());
    if (::pipe2(err, O_CLOEXEC) != 0) {
      ::close(out[0]);
      ::close(out[1]);
      throw std::system_error(errno, std::generic_category());
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    std::vector<char*> argv;
    for (const auto& argument : command)
      argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    error_ = posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    ::close(err[1]);
    stdout_ = out[0];
    stderr_ = err[0];
    if (error_ != 0) pid_ = -1;
  }
  ~Process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (stdout_ >= 0) ::close(stdout_);
    if (stderr_ >= 0) ::close(stderr_);
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  int startError() const { return error_; }
  int& stdoutFd() { return stdout_; }
  int& stderrFd() { return stderr_; }

  // Its exit code (128+N after signal N), waiting up to ten seconds before killing it.
  int wait() {
    int status = 0;
    for (int i = 0; i < 1000; ++i) {
      const pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return 128 + SIGKILL;
  }

 private:
  pid_t pid_ = -1;
  int error_ = 0;
  int stdout_ = -1;
  int stderr_ = -1;
};

void sendMessage(WebSocket& socket, unsigned char channel, const char* data, size_t size) {
  std::string message(1, static_cast<char>(channel));
  message.append(data, size);
  socket.sendFrame(message.data(), static_cast<int>(message.size()), WebSocket::FRAME_BINARY);
}

}  // namespace

std::variant<ExecPlan, ApiResponse> planExec(const Poco::Net::HTTPServerRequest& request,
                                             const Poco::JSON::Object& pod) {
  const std::string podName = pod.getObject("metadata")->optValue<std::string>("name", "");
  ExecPlan plan;
  std::string container;
  bool stdinWanted = false, tty = false;
  for (const auto& [name, value] : Poco::URI(request.getURI()).getQueryParameters()) {
    if (name == "command") plan.command.push_back(value);
    if (name == "container") container = value;
    if (name == "stdout") plan.stdoutWanted = truthy(value);
    if (name == "stderr") plan.stderrWanted = truthy(value);
    if (name == "stdin") stdinWanted = truthy(value);
    if (name == "tty") tty = truthy(value);
  }
  const auto bad = [](const std::string& message) { return failure(400, "BadRequest", message); };
  if (Poco::icompare(request.get("Upgrade", ""), "websocket") != 0)
    return bad("Upgrade request required");
  const std::string offered = request.get("Sec-WebSocket-Protocol", "");
  std::vector<std::string> protocols;
  Poco::StringTokenizer tokens(
      offered, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  for (const auto& token : tokens)
    protocols.push_back(token);
  for (const char* supported : kSubprotocols) {
    if (plan.subprotocol.empty() &&
        std::find(protocols.begin(), protocols.end(), supported) != protocols.end())
      plan.subprotocol = supported;
  }
  if (plan.subprotocol.empty()) {
    return bad("requested protocol(s) are not supported: [" + offered +
               "]; this server supports [v5.channel.k8s.io v4.channel.k8s.io]");
  }
  if (plan.command.empty()) return bad("you must specify at least 1 command");
  if (!plan.stdoutWanted && !plan.stderrWanted && !stdinWanted)
    return bad("you must specify at least one of stdin, stdout, stderr");
  if (stdinWanted || tty) return bad("perfscale-sim's pods/exec takes neither stdin nor a tty");
  const auto containers = pod.getObject("spec")->getArray("containers");
  std::vector<std::string> names;
  for (size_t i = 0; i < containers->size(); ++i) {
    const auto c = containers->getObject(static_cast<unsigned>(i));
    names.push_back(c ? c->optValue<std::string>("name", "") : "");
  }
  if (container.empty() && names.size() > 1) {
    return bad("a container name must be specified for pod " + podName +
               ", choose one of: " + quotedList(names));
  }
  if (!container.empty() && std::find(names.begin(), names.end(), container) == names.end())
    return bad("container " + container + " is not valid for pod " + podName);
  const std::string phase = pod.getObject("status")->optValue<std::string>("phase", "");
  if (phase == "Succeeded" || phase == "Failed")
    return bad("cannot exec into a container in a completed pod; current phase is " + phase);
  return plan;
}

void serveExec(const ExecPlan& plan, Poco::Net::HTTPServerRequest& request,
               Poco::Net::HTTPServerResponse& response) {
  response.set("Sec-WebSocket-Protocol", plan.subprotocol);
  WebSocket socket(request, response);
  socket.setSendTimeout(Poco::Timespan(30, 0));
  try {
    // As the kubelet does: an empty message on the first output channel once connected.
    sendMessage(socket, plan.stdoutWanted ? 1 : 2, "", 0);
    Process process(plan.command);
    if (process.startError() != 0) {
      const std::string status = startFailure(plan.command[0], process.startError());
      sendMessage(socket, 3, status.data(), status.size());
      socket.shutdown();
      return;
    }
    const auto deadline = std::chrono::steady_clock::now() + kMaxExec;
    char buffer[kChunk];
    const int client = static_cast<int>(socket.impl()->sockfd());
    while (process.stdoutFd() >= 0 || process.stderrFd() >= 0) {
      if (std::chrono::steady_clock::now() >= deadline) return;  // ~Process kills it
      pollfd fds[3] = {
          {process.stdoutFd(), POLLIN, 0}, {process.stderrFd(), POLLIN, 0}, {client, POLLIN, 0}};
      if (::poll(fds, 3, 200) < 0) {
        if (errno == EINTR) continue;
        return;
      }
      // The client sends nothing before the status: anything from it means it has gone.
      if (fds[2].revents != 0) return;
      for (int channel = 1; channel <= 2; ++channel) {
        int& fd = channel == 1 ? process.stdoutFd() : process.stderrFd();
        if (fd < 0 || fds[channel - 1].revents == 0) continue;
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          ::close(fd);
          fd = -1;
          continue;
        }
        const bool wanted = channel == 1 ? plan.stdoutWanted : plan.stderrWanted;
        if (wanted)
          sendMessage(socket, static_cast<unsigned char>(channel), buffer, static_cast<size_t>(n));
      }
    }
    const std::string status = exitStatus(plan.command, process.wait());
    sendMessage(socket, 3, status.data(), status.size());
    socket.shutdown();
  } catch (const Poco::Exception&) {
    // The client went away mid-stream: the process is killed, nothing more to say.
  }
}

}  // namespace perfscale::sim
