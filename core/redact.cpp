// Secret redaction for what the trace stores about a run (see redact.h).
#include "core/redact.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace perfscale {

namespace {

// Flags whose value is a credential itself (paths to credentials are not secrets).
constexpr std::array<std::string_view, 5> kSecretFlags = {
    "token", "password", "client-key-data", "client-certificate-data", "auth-provider-arg"};

bool isSecretFlag(std::string_view name) {
  return std::find(kSecretFlags.begin(), kSecretFlags.end(), name) != kSecretFlags.end();
}

// The flag name of "--name", "-name", "--name=value"; empty when `arg` is not a flag.
std::string_view flagName(std::string_view arg) {
  if (arg.size() < 2 || arg[0] != '-') return {};
  arg.remove_prefix(arg[1] == '-' ? 2 : 1);
  return arg.substr(0, arg.find('='));
}

bool startsWithAuthorization(std::string_view arg) {
  constexpr std::string_view kHeader = "authorization:";
  if (arg.size() < kHeader.size()) return false;
  return std::equal(kHeader.begin(), kHeader.end(), arg.begin(), [](char a, char b) {
    return a == std::tolower(static_cast<unsigned char>(b));
  });
}

}  // namespace

std::vector<std::string> redactArguments(std::vector<std::string> arguments) {
  for (size_t i = 0; i < arguments.size(); ++i) {
    std::string& arg = arguments[i];
    if (startsWithAuthorization(arg)) {
      arg = "Authorization: " + std::string(kRedacted);
      continue;
    }
    const auto name = flagName(arg);
    if (name.empty() || !isSecretFlag(name)) continue;
    const auto equals = arg.find('=');
    if (equals != std::string::npos) {
      arg = arg.substr(0, equals + 1) + kRedacted;
    } else if (i + 1 < arguments.size()) {
      arguments[++i] = kRedacted;
    }
  }
  return arguments;
}

std::string redactUrl(std::string url) {
  const auto scheme = url.find("://");
  const auto authorityStart = scheme == std::string::npos ? 0 : scheme + 3;
  const auto authorityEnd = url.find_first_of("/?#", authorityStart);
  const auto at = url.rfind('@', authorityEnd == std::string::npos ? url.size() : authorityEnd);
  if (at == std::string::npos || at < authorityStart) return url;
  return url.replace(authorityStart, at - authorityStart, kRedacted);
}

}  // namespace perfscale
