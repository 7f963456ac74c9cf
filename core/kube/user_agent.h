// The User-Agent every request carries: `kubectl-perfscale/<version> (<os>/<arch>)`, as kubectl
// plugins identify themselves, so API server audit logs and APF can tell our load apart.
#pragma once

#include <string>

namespace perfscale::kube {

std::string userAgent();

}  // namespace perfscale::kube
