// `kubectl perfscale cleanup --uuid U`: deletes whatever a run left behind, found by its label.
#include <cxxopts.hpp>
#include <iostream>

#include "core/engine/run_engine.h"
#include "core/kube/kubeconfig.h"
#include "core/kube/rest_client.h"
#include "plugin/command.h"
#include "plugin/command_help.h"
#include "plugin/flag_syntax.h"
#include "plugin/flag_values.h"
#include "plugin/kube_flags.h"

namespace perfscale::plugin {

const CommandUsage kCleanupUsage = {
    "--uuid UUID [flags]",
    "  # Delete what run 3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01 left behind in the current context\n"
    "  kubectl perfscale cleanup --uuid 3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01\n"
    "\n"
    "  # In another context, waiting up to five minutes until it is gone\n"
    "  kubectl perfscale cleanup --uuid 3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01 --context staging "
    "--wait 300\n"};

cxxopts::Options cleanupOptions() {
  cxxopts::Options options("kubectl perfscale cleanup",
                           "Delete the VMIs and namespaces labelled with a run's uuid.");
  options.add_options()("uuid", "The run's uuid (see 'kubectl perfscale runs')",
                        cxxopts::value<std::string>(), std::string(values::kRecordedRun))(
      "wait", "Seconds to wait until they are gone", cxxopts::value<int>()->default_value("120"))(
      "h,help", "Show this help");
  addKubectlFlags(options);
  return options;
}

int cleanupMain(int argc, char** argv) {
  auto options = cleanupOptions();
  const auto parsed = parseGoStyle(options, argc, argv);
  if (parsed.count("help")) {
    std::cout << commandHelp(options, kCleanupUsage);
    return 0;
  }
  if (!parsed.count("uuid") || parsed["uuid"].as<std::string>().empty()) {
    std::cerr << "error: --uuid is required: the uuid of the run to clean up\n";
    return 1;
  }
  try {
    const auto cluster =
        kube::loadClusterConfig(kubectlOverrides(parsed), kube::Environment::process());
    kube::RestClient client(cluster, std::make_shared<kube::UnlimitedRateLimiter>());
    std::atomic<bool> abort{false};
    // A user who may not list VMIs cluster-wide has them looked for in the namespace of -n or
    // of the kubeconfig's context.
    const auto result = engine::cleanupRun(client, parsed["uuid"].as<std::string>(),
                                           std::chrono::seconds(parsed["wait"].as<int>()), abort,
                                           nullptr, {cluster.ns});
    std::cout << "deleted " << result.vmisDeleted << " VMIs and " << result.namespacesDeleted
              << " namespaces of run " << parsed["uuid"].as<std::string>() << "; "
              << result.remaining << " still present\n";
    for (const auto& error : result.errors)
      std::cerr << "error: " << error << '\n';
    return result.errors.empty() && result.remaining == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace perfscale::plugin
