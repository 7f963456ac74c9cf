// Resolves where and how to reach the API server the way kubectl does: kubeconfig files
// (--kubeconfig, else KUBECONFIG, else ~/.kube/config), else the in-cluster service account,
// then kubectl's connection flags on top.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/kube/cluster_config.h"

namespace perfscale::kube {

// kubectl's connection flags; an empty optional means the flag was not given.
struct KubeconfigOverrides {
  std::optional<std::string> kubeconfig;            // --kubeconfig: this file alone; it must exist
  std::optional<std::string> context;               // --context
  std::optional<std::string> cluster;               // --cluster
  std::optional<std::string> user;                  // --user
  std::optional<std::string> ns;                    // -n/--namespace
  std::optional<std::string> server;                // -s/--server (the original's -master)
  std::optional<std::string> token;                 // --token
  std::optional<std::string> certificateAuthority;  // --certificate-authority (a file)
  std::optional<std::string> clientCertificate;     // --client-certificate (a file)
  std::optional<std::string> clientKey;             // --client-key (a file)
  std::optional<std::string> tlsServerName;         // --tls-server-name
  std::optional<std::string> requestTimeout;        // --request-timeout: "0", "30", "5s", "1m30s"
  std::optional<std::string> as;                    // --as
  std::vector<std::string> asGroups;                // --as-group, repeatable
  std::optional<bool> insecureSkipTlsVerify;        // --insecure-skip-tls-verify[=false]
};

// What the loader may look at besides the files it is pointed to; tests pass a fake one.
struct Environment {
  std::function<std::optional<std::string>(const std::string&)> getenv;
  std::string serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

  // The real process environment and service-account directory.
  static Environment process();
};

// A configuration the user has to fix. The message names the file (file:line:col when the
// YAML says where), the field, what was expected and found, and what to do.
class KubeconfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Loads, merges and validates; reads every referenced certificate, key and CA file so that
// the result is usable as is. Throws KubeconfigError.
ClusterConfig loadClusterConfig(const KubeconfigOverrides& flags, const Environment& env);

}  // namespace perfscale::kube
