// Fuzz target: a kubeconfig file, loaded as --kubeconfig FILE with nothing from the real
// environment. The file sits in a private directory beside stand-ins for the files a kubeconfig
// may reference by a relative path. KubeconfigError is the only failure the contract allows.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/kube/kubeconfig.h"
#include "tests/fuzz/scratch_dir.h"

namespace {

const perfscale::fuzz::ScratchDir& scratch() {
  static const perfscale::fuzz::ScratchDir dir;
  static const bool referenced = [] {
    dir.write("ca.crt", "-----BEGIN CERTIFICATE-----\nY2E=\n-----END CERTIFICATE-----\n");
    dir.write("client.crt", "-----BEGIN CERTIFICATE-----\nY2VydA==\n-----END CERTIFICATE-----\n");
    dir.write("client.key", "-----BEGIN EC PRIVATE KEY-----\na2V5\n-----END EC PRIVATE KEY-----\n");
    dir.write("token", "fuzz-token\n");
    return true;
  }();
  (void)referenced;
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& dir = scratch();
  perfscale::kube::KubeconfigOverrides flags;
  flags.kubeconfig =
      dir.write("kubeconfig", std::string_view(reinterpret_cast<const char*>(data), size));
  perfscale::kube::Environment env;
  env.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  env.serviceAccountDir = dir.file("no-service-account");
  try {
    (void)perfscale::kube::loadClusterConfig(flags, env);
  } catch (const perfscale::kube::KubeconfigError&) {
  }
  return 0;
}
