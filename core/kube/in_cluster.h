// kubectl's in-cluster configuration: the API server from KUBERNETES_SERVICE_HOST/PORT and the
// pod's service-account token, CA and namespace.
#pragma once

#include <string>

#include "core/kube/kubeconfig.h"
#include "core/kube/kubeconfig_file.h"

namespace perfscale::kube {

struct InClusterConfig {
  KubeconfigCluster cluster;  // server; certificate-authority when ca.crt exists
  KubeconfigUser user;        // tokenFile, unless the token is given some other way
  std::string ns;             // POD_NAMESPACE, else the namespace file, else empty
};

// Both KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are set.
bool runningInCluster(const Environment& env);

// Throws KubeconfigError when `needToken` and the token file cannot be read.
InClusterConfig inClusterConfig(const Environment& env, bool needToken);

}  // namespace perfscale::kube
