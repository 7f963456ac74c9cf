// In-cluster configuration (see in_cluster.h), after client-go's rest.InClusterConfig and
// the in-cluster namespace lookup of clientcmd.
#include "core/kube/in_cluster.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace perfscale::kube {

namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

bool runningInCluster(const Environment& env) {
  const auto host = env.getenv("KUBERNETES_SERVICE_HOST");
  const auto port = env.getenv("KUBERNETES_SERVICE_PORT");
  return host && !host->empty() && port && !port->empty();
}

InClusterConfig inClusterConfig(const Environment& env, bool needToken) {
  const std::string host = env.getenv("KUBERNETES_SERVICE_HOST").value_or("");
  const std::string port = env.getenv("KUBERNETES_SERVICE_PORT").value_or("");
  const std::string dir = env.serviceAccountDir;
  InClusterConfig config;

  // Bracket an IPv6 address, as Go's net.JoinHostPort does.
  const bool ipv6 = host.find(':') != std::string::npos;
  config.cluster.server = "https://" + (ipv6 ? "[" + host + "]" : host) + ":" + port;
  config.cluster.fields["server"] = {"KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT", 0, 0};

  const std::string tokenPath = dir + "/token";
  if (needToken) {
    std::ifstream token(tokenPath);
    if (!token) {
      throw KubeconfigError("running in a cluster (KUBERNETES_SERVICE_HOST=" + host +
                            ", KUBERNETES_SERVICE_PORT=" + port +
                            ") but the service-account token " + tokenPath + " cannot be read (" +
                            std::strerror(errno) +
                            "); mount one (automountServiceAccountToken: true), or pass "
                            "--kubeconfig FILE or --token");
    }
    // The token is re-read by the transport: projected tokens rotate.
    config.user.tokenFile = tokenPath;
    config.user.fields["tokenFile"] = {tokenPath, 0, 0};
  }

  const std::string caPath = dir + "/ca.crt";
  std::error_code error;
  if (std::filesystem::exists(caPath, error)) {
    config.cluster.certificateAuthority = caPath;
    config.cluster.fields["certificate-authority"] = {caPath, 0, 0};
  } else {
    // client-go logs this and falls back to the system's roots; so do we.
    spdlog::warn("in-cluster CA {} is missing; verifying the API server with the system's CAs",
                 caPath);
  }

  if (const auto ns = env.getenv("POD_NAMESPACE"); ns && !ns->empty()) {
    config.ns = *ns;
  } else if (std::ifstream file(dir + "/namespace"); file) {
    config.ns = trimmed(std::string(std::istreambuf_iterator<char>(file), {}));
  }
  return config;
}

}  // namespace perfscale::kube
