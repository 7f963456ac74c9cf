// See exec_authenticator.h.
#include "core/kube/exec_authenticator.h"

#include <spdlog/spdlog.h>

#include "core/kube/exec_plugin.h"

namespace perfscale::kube {

namespace {

std::string runCommand(const ExecConfig& exec, const std::string& execInfo) {
  const PluginRun run = runExecPlugin(exec, execInfo, ExecAuthenticator::kPluginTimeout);
  std::string problem;
  if (run.timedOut)
    problem = "it did not finish within " +
              std::to_string(ExecAuthenticator::kPluginTimeout.count()) + " s and was killed";
  else if (run.exitCode != 0)
    problem = "it exited with status " + std::to_string(run.exitCode) +
              " (its messages, if any, are on stderr above)";
  if (!problem.empty()) {
    std::string message = describePlugin(exec) + ": " + problem;
    if (!exec.installHint.empty()) message += "\n\n" + exec.installHint;
    throw CredentialError(message);
  }
  return run.out;
}

}  // namespace

ExecAuthenticator::ExecAuthenticator(ExecConfig exec, const ClusterConfig& cluster, Runner runner,
                                     Clock clock)
    : exec_(std::move(exec)),
      execInfo_(execInfoJson(exec_, cluster)),
      runner_(runner ? std::move(runner) : Runner(runCommand)),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::system_clock::now(); })) {
  if (exec_.interactiveMode == "Always") {
    std::string message = describePlugin(exec_) +
                          ": interactiveMode is Always, but kubectl-perfscale runs credential "
                          "plugins without a terminal; use IfAvailable or Never";
    if (!exec_.installHint.empty()) message += "\n\n" + exec_.installHint;
    throw CredentialError(message);
  }
}

void ExecAuthenticator::refresh() {
  ++runs_;
  spdlog::debug("running {}", describePlugin(exec_));
  const ExecCredentialStatus status = parseExecCredential(runner_(exec_, execInfo_), exec_);
  Credential next;
  if (!status.token.empty()) next.authorization = "Bearer " + status.token;
  if (!status.clientCertificatePem.empty()) {
    next.clientCertificate = std::make_shared<const ClientCertificate>(
        ClientCertificate{status.clientCertificatePem, status.clientKeyPem});
  }
  next.generation = credential_.generation + 1;
  credential_ = std::move(next);
  expiration_ = status.expiration;
  have_ = true;
}

Credential ExecAuthenticator::current() {
  std::lock_guard<std::mutex> lock(mutex_);
  // As client-go: a credential past its expiration is replaced before use, with no skew.
  if (!have_ || (expiration_ && clock_() >= *expiration_)) refresh();
  return credential_;
}

bool ExecAuthenticator::refreshAfterUnauthorized(const Credential& rejected) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (credential_.generation == rejected.generation) refresh();
  return true;
}

int ExecAuthenticator::runs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return runs_;
}

}  // namespace perfscale::kube
