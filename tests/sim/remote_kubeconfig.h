// Just enough kubeconfig reading for `perfscale-sim controller` to reach an API server:
// one context's cluster (https server, CA or insecure-skip-tls-verify) and user (bearer
// token or client certificate). perfscale-sim shares no code with core/, so this is its own.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace perfscale::sim {

struct RemoteCluster {
  std::string server;  // as written, e.g. https://127.0.0.1:6443
  std::string host;    // without brackets for IPv6
  uint16_t port = 443;
  std::string pathPrefix;  // the server URL's path, without a trailing slash
  std::string caPem;       // empty: the system's roots (or none when insecure)
  bool insecureSkipTlsVerify = false;
  std::string token;
  std::string clientCertificatePem;
  std::string clientKeyPem;
  std::string contextName;
};

class KubeconfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads `path`, using `context` or else its current-context. Relative file paths are relative
// to the kubeconfig's directory. Throws KubeconfigError naming the file and the field.
RemoteCluster loadKubeconfig(const std::string& path, const std::string& context = "");
// The same, from kubeconfig text; relative paths are resolved against `baseDirectory` and
// messages name `displayName`.
RemoteCluster parseKubeconfig(const std::string& text, const std::string& displayName,
                              const std::string& baseDirectory, const std::string& context = "");

// Whether `host` (a name or address, without brackets) is loopback: localhost, 127.0.0.0/8, ::1.
bool isLoopbackHost(const std::string& host);

}  // namespace perfscale::sim
