// See user_agent.h.
#include "core/kube/user_agent.h"

#include "core/version.h"

namespace perfscale::kube {

namespace {

// Go's GOOS/GOARCH spellings, which is what kubectl reports.
constexpr const char* kOs =
#if defined(__linux__)
    "linux";
#elif defined(__APPLE__)
    "darwin";
#else
    "unknown";
#endif

constexpr const char* kArch =
#if defined(__x86_64__)
    "amd64";
#elif defined(__aarch64__)
    "arm64";
#elif defined(__powerpc64__)
    "ppc64le";
#elif defined(__s390x__)
        "s390x";
#else
        "unknown";
#endif

}  // namespace

std::string userAgent() {
  return "kubectl-perfscale/" + std::string(toolVersion()) + " (" + kOs + "/" + kArch + ")";
}

}  // namespace perfscale::kube
