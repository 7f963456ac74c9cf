// A command run in a container of a pod through the API server (pods/exec), as kubectl exec
// and kubectl cp do it: a GET upgraded to a WebSocket with the v4.channel.k8s.io subprotocol,
// on a connection of its own made like the client's others (TLS, proxy, credentials). Each
// message starts with its channel: 1 stdout, 2 stderr, 3 the command's end as a Status;
// stdin (0) and resize (4) stay unused.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/kube/api_status.h"
#include "core/kube/rest_client.h"

namespace perfscale::kube {

inline constexpr const char* kExecSubprotocol = "v4.channel.k8s.io";
inline constexpr size_t kMaxExecStderr = size_t{64} * 1024;  // what is kept of the command's stderr

struct PodExecRequest {
  std::string ns;
  std::string pod;
  std::string container;  // empty: the pod's only container
  std::vector<std::string> command;
  // Longest silence on the stream before it is given up on.
  std::chrono::milliseconds idleTimeout{60'000};
};

// How the command ended, from the status channel.
struct ExecExit {
  bool success = false;
  std::optional<int> exitCode;  // it ran and exited non-zero (reason NonZeroExitCode)
  std::string reason;           // NonZeroExitCode; InternalError when it could not be started
  std::string message;
};

// The status channel's text in v4: a metav1.Status, {"status":"Success"} or a Failure, the
// exit code of a NonZeroExitCode one in its cause of reason ExitCode. Throws
// std::invalid_argument when the text is no Status.
ExecExit parseExecExit(std::string_view text);

// "success", "exit code 3", "InternalError: <message>".
std::string describe(const ExecExit& exit);

struct PodExecResult {
  ExecExit exit;
  std::string stderrText;  // its first kMaxExecStderr bytes
  int64_t stdoutBytes = 0;
};

// An exec that did not run to its end: refused (an HTTP answer other than 101 Switching
// Protocols, held by status()), or its connection failed, broke or fell silent (httpStatus 0).
class PodExecError : public std::runtime_error {
 public:
  PodExecError(const std::string& message, int httpStatus, std::optional<ApiStatus> status);
  int httpStatus() const { return httpStatus_; }
  const std::optional<ApiStatus>& status() const { return status_; }

 private:
  int httpStatus_;
  std::optional<ApiStatus> status_;
};

// Runs the command to its end; its stdout goes to `onStdout` as it arrives (an exception from
// it closes the connection and passes through). A 401 is tried once more with refreshed
// credentials. Throws PodExecError, or CredentialError when no credential can be had.
PodExecResult execInPod(RestClient& client, const PodExecRequest& request,
                        const std::function<void(const char*, size_t)>& onStdout);

}  // namespace perfscale::kube
