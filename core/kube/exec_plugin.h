// Runs an exec credential plugin: `command args` with the kubeconfig's env added and
// KUBERNETES_EXEC_INFO set, stdin from /dev/null (never interactive), stdout captured, stderr
// passed through to ours so the plugin's own messages reach the user.
#pragma once

#include <chrono>
#include <string>

#include "core/kube/cluster_config.h"

namespace perfscale::kube {

struct PluginRun {
  int exitCode = -1;  // 128+N when killed by signal N
  bool timedOut = false;
  std::string out;  // stdout, at most kMaxPluginOutput bytes
};

inline constexpr size_t kMaxPluginOutput = size_t{4} * 1024 * 1024;

// Throws CredentialError (with the installHint) when the command cannot be started, e.g. when it
// is not on PATH. Kills the plugin after `timeout`.
PluginRun runExecPlugin(const ExecConfig& exec, const std::string& execInfo,
                        std::chrono::milliseconds timeout);

}  // namespace perfscale::kube
