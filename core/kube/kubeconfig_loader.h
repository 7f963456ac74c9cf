// Which kubeconfig files kubectl reads, and how it merges them (client-go's loading rules).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/kube/kubeconfig.h"
#include "core/kube/kubeconfig_file.h"

namespace perfscale::kube {

struct KubeconfigSearch {
  enum class Origin { Flag, EnvironmentVariable, Home, Nowhere };
  Origin origin = Origin::Nowhere;
  std::vector<std::string> candidates;  // precedence order; duplicates removed
  // Why these files, for "no configuration" errors: "KUBECONFIG=a:b", "~/.kube/config (...)".
  std::string description() const;
};

// --kubeconfig alone, else every entry of KUBECONFIG, else $HOME/.kube/config.
KubeconfigSearch kubeconfigSearch(const std::optional<std::string>& flag, const Environment& env);

// Reads and merges the candidates that exist (a missing --kubeconfig is an error); a file
// that exists but cannot be read or parsed is an error too.
Kubeconfig loadKubeconfigs(const KubeconfigSearch& search);

// Merges `next` under `merged`: a cluster, user or context already named is kept whole, and
// current-context and preferences keep the first value set.
void mergeKubeconfig(Kubeconfig& merged, Kubeconfig next);

}  // namespace perfscale::kube
