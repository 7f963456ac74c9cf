// Credentials from an exec plugin (client.authentication.k8s.io v1 and v1beta1): run on first
// use, cached until the expirationTimestamp the plugin gave, and run again after a 401.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "core/kube/authenticator.h"
#include "core/kube/exec_credential.h"

namespace perfscale::kube {

class ExecAuthenticator final : public Authenticator {
 public:
  // Runs the plugin and returns its stdout; throws CredentialError. The default runs the
  // command (exec_plugin.h) and fails on a non-zero exit or after kPluginTimeout.
  using Runner = std::function<std::string(const ExecConfig&, const std::string& execInfo)>;
  using Clock = std::function<std::chrono::system_clock::time_point()>;
  static constexpr std::chrono::seconds kPluginTimeout{60};

  // Throws CredentialError for interactiveMode Always: we never give a plugin a terminal.
  ExecAuthenticator(ExecConfig exec, const ClusterConfig& cluster, Runner runner = {},
                    Clock clock = {});
  Credential current() override;
  bool refreshAfterUnauthorized(const Credential& rejected) override;
  int runs() const;  // how often the plugin ran, for logs and tests

 private:
  void refresh();  // with mutex_ held

  ExecConfig exec_;
  std::string execInfo_;
  Runner runner_;
  Clock clock_;
  mutable std::mutex mutex_;
  Credential credential_;
  std::optional<std::chrono::system_clock::time_point> expiration_;
  bool have_ = false;
  int runs_ = 0;
};

}  // namespace perfscale::kube
