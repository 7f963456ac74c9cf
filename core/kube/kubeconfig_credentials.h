// Turns the selected cluster and user entries into TLS settings and credentials: validates them
// as kubectl does and reads every file they reference.
#pragma once

#include <string>

#include "core/kube/cluster_config.h"
#include "core/kube/kubeconfig_file.h"

namespace perfscale::kube {

// `label` names the entry in messages, e.g. `cluster "prod" (/home/me/.kube/config:4:5)`.
// Both throw KubeconfigError.
TlsConfig resolveTls(const KubeconfigCluster& cluster, const std::string& label);

// The client certificate and key go to `tls`. An exec plugin is dropped when the user also has
// a token, basic auth or a client certificate: client-go's exec authenticator steps aside then.
Credentials resolveCredentials(const KubeconfigUser& user, const std::string& label,
                               TlsConfig& tls);

}  // namespace perfscale::kube
