// kubectl's connection flags on a cxxopts parser, read back as KubeconfigOverrides. Header-only,
// so every subcommand (and the unit tests) can use it without another source in the build.
#pragma once

#include <cxxopts.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/kube/kubeconfig.h"
#include "plugin/flag_values.h"

namespace perfscale::plugin {

// The original load generator's --namespace is the base name of the namespaces a run creates,
// not kubectl's -n; a subcommand that keeps that meaning registers its own and skips ours.
enum class NamespaceFlag { Register, Skip };

inline void addKubectlFlags(cxxopts::Options& options,
                            NamespaceFlag namespaceFlag = NamespaceFlag::Register) {
  using cxxopts::value;
  auto add = options.add_options("Kubernetes");
  add("kubeconfig", "Path to the kubeconfig file to use (that file alone)", value<std::string>(),
      "FILE");
  add("context", "The name of the kubeconfig context to use", value<std::string>(),
      std::string(values::kKubeconfigContext));
  add("cluster", "The name of the kubeconfig cluster to use", value<std::string>(),
      std::string(values::kKubeconfigCluster));
  add("user", "The name of the kubeconfig user to use", value<std::string>(),
      std::string(values::kKubeconfigUser));
  if (namespaceFlag == NamespaceFlag::Register) {
    add("n,namespace", "The namespace to use (default: the context's, else default)",
        value<std::string>(), "NAME");
  }
  add("s,server", "The address and port of the Kubernetes API server", value<std::string>(), "URL");
  add("master", "Same as --server (the original load generator's name)", value<std::string>(),
      "URL");
  add("token", "Bearer token for authentication to the API server", value<std::string>(), "TOKEN");
  add("certificate-authority", "Path to a cert file for the certificate authority",
      value<std::string>(), "FILE");
  add("client-certificate", "Path to a client certificate file for TLS", value<std::string>(),
      "FILE");
  add("client-key", "Path to a client key file for TLS", value<std::string>(), "FILE");
  add("insecure-skip-tls-verify",
      "If true, the server's certificate is not checked (insecure; not with a CA)", value<bool>());
  add("tls-server-name", "Server name for certificate validation and SNI", value<std::string>(),
      "NAME");
  add("request-timeout", "Time to wait for one request: 0 (none), seconds, or a duration (5s, 1m)",
      value<std::string>(), "DURATION");
  add("as", "Username to impersonate for the operation", value<std::string>(), "USER");
  // cxxopts also splits a value at commas, which kubectl does not; group names rarely have one.
  add("as-group", "Group to impersonate; repeat for several", value<std::vector<std::string>>(),
      "GROUP");
}

// Pass the NamespaceFlag given to addKubectlFlags: with Skip, --namespace is the caller's.
inline kube::KubeconfigOverrides kubectlOverrides(
    const cxxopts::ParseResult& result, NamespaceFlag namespaceFlag = NamespaceFlag::Register) {
  const auto text = [&](const std::string& name) -> std::optional<std::string> {
    if (result.count(name) == 0) return std::nullopt;
    return result[name].as<std::string>();
  };
  kube::KubeconfigOverrides overrides;
  overrides.kubeconfig = text("kubeconfig");
  overrides.context = text("context");
  overrides.cluster = text("cluster");
  overrides.user = text("user");
  if (namespaceFlag == NamespaceFlag::Register) overrides.ns = text("namespace");
  overrides.server = text("server");
  if (const auto master = text("master")) {
    if (overrides.server && *overrides.server != *master) {
      throw kube::KubeconfigError("--server " + *overrides.server + " and --master " + *master +
                                  " disagree; --master is another name for --server: give one");
    }
    overrides.server = master;
  }
  overrides.token = text("token");
  overrides.certificateAuthority = text("certificate-authority");
  overrides.clientCertificate = text("client-certificate");
  overrides.clientKey = text("client-key");
  overrides.tlsServerName = text("tls-server-name");
  overrides.requestTimeout = text("request-timeout");
  overrides.as = text("as");
  if (result.count("as-group") > 0) {
    overrides.asGroups = result["as-group"].as<std::vector<std::string>>();
  }
  if (result.count("insecure-skip-tls-verify") > 0) {
    overrides.insecureSkipTlsVerify = result["insecure-skip-tls-verify"].as<bool>();
  }
  return overrides;
}

}  // namespace perfscale::plugin
