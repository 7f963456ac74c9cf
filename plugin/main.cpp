// kubectl-perfscale: dispatches `kubectl perfscale <command> ...` to its subcommand.
#include <cxxopts.hpp>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

#include "plugin/command.h"

namespace perfscale::plugin {
namespace {

void printUsage(std::ostream& out) {
  out << "kubectl perfscale: load-test the Kubernetes and KubeVirt control plane with\n"
         "VirtualMachineInstances, recording every request and phase transition.\n\n"
         "Usage:\n  kubectl perfscale <command> [flags]\n\nCommands:\n";
  for (const auto& command : commands()) {
    out << "  " << command.name << std::string(10 - command.name.size(), ' ') << command.summary
        << '\n';
  }
  out << "\nFlags:\n  -h, --help     Show this help\n      --version  Print the version\n\n"
         "Use 'kubectl perfscale <command> --help' for a command's flags.\n";
}

}  // namespace

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {
      {"run", "Create, wait for and delete VMIs in paced iterations; record a trace", runMain},
      {"report", "Summarize recorded runs: latencies, rates, errors, plots, thresholds",
       reportMain},
      {"diff", "Compare two recorded runs and flag regressions", diffMain},
      {"replay", "Re-issue a recorded run against the current cluster", replayMain},
      {"job", "Run one load test from an Indexed Job's pods (job collect: their traces)", jobMain},
      {"runs", "List the runs a trace file holds", runsMain},
      {"cleanup", "Delete whatever a run left behind in the cluster", cleanupMain},
      {"version", "Print the version, git commit and build date", versionMain},
  };
  return all;
}

}  // namespace perfscale::plugin

int main(int argc, char** argv) {
  using perfscale::plugin::commands;
  // A drop-in for KubeVirt's load generator: the binary (a link or copy) under its name.
  if (argc > 0 && std::filesystem::path(argv[0]).filename() == "perfscale-load-generator") {
    try {
      return perfscale::plugin::loadGeneratorMain(argc, argv);
    } catch (const cxxopts::exceptions::exception& e) {
      std::cerr << "error: " << e.what() << "\nSee 'perfscale-load-generator --help'.\n";
      return 1;
    }
  }
  if (argc < 2) {
    perfscale::plugin::printUsage(std::cerr);
    return 1;
  }
  const std::string_view first = argv[1];
  if (first == "-h" || first == "--help" || first == "help") {
    perfscale::plugin::printUsage(std::cout);
    return 0;
  }
  if (first == "--version" || first == "-version") {
    return perfscale::plugin::versionMain(argc - 1, argv + 1);
  }
  for (const auto& command : commands()) {
    if (command.name == first) {
      try {
        return command.main(argc - 1, argv + 1);
      } catch (const cxxopts::exceptions::exception& e) {
        std::cerr << "error: " << e.what() << "\nSee 'kubectl perfscale " << first << " --help'.\n";
        return 1;
      }
    }
  }
  std::cerr << "error: unknown command \"" << first << "\" for \"kubectl perfscale\"\n"
            << "Run 'kubectl perfscale --help' for the list of commands.\n";
  return 1;
}
