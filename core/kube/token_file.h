// A bearer token read from a file (kubeconfig tokenFile, the in-cluster service-account token):
// re-read at most once a minute, and at once after a 401, because such files are rotated.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>

#include "core/kube/authenticator.h"

namespace perfscale::kube {

class TokenFileAuthenticator final : public Authenticator {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  static constexpr std::chrono::minutes kRereadInterval{1};

  explicit TokenFileAuthenticator(std::string path, Clock clock = {});
  // Throws CredentialError when the file has never been read successfully; later read failures
  // keep the last token (a rotation in progress) and are logged.
  Credential current() override;
  // Re-reads the file; true when it now holds another token than the rejected one.
  bool refreshAfterUnauthorized(const Credential& rejected) override;

 private:
  void read(bool mustSucceed);  // with mutex_ held

  std::string path_;
  Clock clock_;
  std::mutex mutex_;
  Credential credential_;
  std::chrono::steady_clock::time_point readAt_{};
  bool haveToken_ = false;
};

}  // namespace perfscale::kube
