// The client.authentication.k8s.io ExecCredential exchange, as data: the KUBERNETES_EXEC_INFO we
// hand a credential plugin, and the plugin's answer parsed and checked. No processes here.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/kube/cluster_config.h"

namespace perfscale::kube {

struct ExecCredentialStatus {
  std::string token;
  std::string clientCertificatePem;  // clientCertificateData: PEM text, not base64
  std::string clientKeyPem;
  std::optional<std::chrono::system_clock::time_point> expiration;  // none: valid until a 401
};

// "exec plugin \"cmd\" (client.authentication.k8s.io/v1, declared in FILE)": the prefix of
// every message about a plugin.
std::string describePlugin(const ExecConfig& exec);

// The ExecCredential the plugin finds in KUBERNETES_EXEC_INFO: apiVersion as configured,
// spec.interactive false (we never attach a terminal), spec.cluster when provideClusterInfo.
std::string execInfoJson(const ExecConfig& exec, const ClusterConfig& cluster);

// Parses and checks a plugin's stdout: kind ExecCredential, the configured apiVersion, a status
// with a token or both clientCertificateData and clientKeyData, an RFC 3339
// expirationTimestamp if any. Throws CredentialError naming the plugin and its installHint.
ExecCredentialStatus parseExecCredential(std::string_view output, const ExecConfig& exec);

}  // namespace perfscale::kube
