// See token_file.h.
#include "core/kube/token_file.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace perfscale::kube {

TokenFileAuthenticator::TokenFileAuthenticator(std::string path, Clock clock)
    : path_(std::move(path)),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); })) {}

void TokenFileAuthenticator::read(bool mustSucceed) {
  readAt_ = clock_();
  std::ifstream in(path_, std::ios::binary);
  std::string token;
  std::string problem;
  if (!in) {
    problem = std::strerror(errno);
  } else {
    token.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    // Surrounding whitespace (a trailing newline) is not part of the token, as in client-go.
    const auto first = token.find_first_not_of(" \t\r\n");
    token = first == std::string::npos
                ? ""
                : token.substr(first, token.find_last_not_of(" \t\r\n") - first + 1);
    if (token.empty()) problem = "the file is empty";
  }
  if (!problem.empty()) {
    if (mustSucceed || !haveToken_)
      throw CredentialError("reading the bearer token from tokenFile " + path_ + ": " + problem +
                            "; check the user's tokenFile in the kubeconfig");
    spdlog::warn("reading the bearer token from {}: {}; keeping the previous token", path_,
                 problem);
    return;
  }
  const std::string authorization = "Bearer " + token;
  if (!haveToken_ || authorization != credential_.authorization) {
    credential_.authorization = authorization;
    ++credential_.generation;
  }
  haveToken_ = true;
}

Credential TokenFileAuthenticator::current() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!haveToken_ || clock_() - readAt_ >= kRereadInterval) read(false);
  return credential_;
}

bool TokenFileAuthenticator::refreshAfterUnauthorized(const Credential& rejected) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (credential_.generation == rejected.generation) read(false);
  return credential_.generation != rejected.generation;
}

}  // namespace perfscale::kube
