// kubectl-perfscale: dispatches `kubectl perfscale <command> ...` to its subcommand.
#include <algorithm>
#include <cxxopts.hpp>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

#include "plugin/command.h"

namespace perfscale::plugin {
namespace {

constexpr std::string_view kExamples =
    "  # Load-test the current context with the original load generator's defaults\n"
    "  kubectl perfscale run\n"
    "\n"
    "  # The latest run as a page with plots, and the last two runs compared\n"
    "  kubectl perfscale report -o html\n"
    "  kubectl perfscale diff perfscale.db:-2 perfscale.db:-1\n";

void printUsage(std::ostream& out) {
  size_t width = 0;
  for (const auto& command : commands())
    width = std::max(width, command.name.size());
  out << "Usage: kubectl perfscale <command> [flags]\n\n"
         "Load-test the Kubernetes and KubeVirt control plane with VirtualMachineInstances,\n"
         "recording every request and phase transition.\n\nCommands:\n";
  for (const auto& command : commands()) {
    out << "  " << command.name << std::string(width + 2 - command.name.size(), ' ')
        << command.summary << '\n';
  }
  out << "\nExamples:\n"
      << kExamples
      << "\nFlags:\n  -h, --help     Show this help\n      --version  Print the version\n\n"
         "Use 'kubectl perfscale <command> --help' for a command's flags.\n";
}

}  // namespace

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {
      {"run", "Create, wait for and delete VMIs in paced iterations; record a trace", runOptions,
       &kRunUsage, runMain},
      {"report", "Summarize recorded runs: latencies, rates, errors, plots, thresholds",
       reportOptions, &kReportUsage, reportMain},
      {"diff", "Compare two recorded runs and flag regressions", diffOptions, &kDiffUsage,
       diffMain},
      {"replay", "Re-issue a recorded run against the current cluster", replayOptions,
       &kReplayUsage, replayMain},
      {"job", "Run one load test from an Indexed Job's pods (job collect: their traces)",
       jobOptions, &kJobUsage, jobMain},
      {"merge", "Merge the shard traces of one run into one", mergeOptions, &kMergeUsage,
       mergeMain},
      {"runs", "List the runs a trace file holds", runsOptions, &kRunsUsage, runsMain},
      {"cleanup", "Delete whatever a run left behind in the cluster", cleanupOptions,
       &kCleanupUsage, cleanupMain},
      {"version", "Print the version, git commit and build date", versionOptions, &kVersionUsage,
       versionMain},
      {"completion", "Print a shell completion script: bash, zsh or fish", completionOptions,
       &kCompletionUsage, completionMain},
  };
  return all;
}

const Command* findCommand(std::string_view name) {
  for (const auto& command : commands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

}  // namespace perfscale::plugin

int main(int argc, char** argv) {
  using perfscale::plugin::commands;
  const std::string invokedAs =
      argc > 0 ? std::filesystem::path(argv[0]).filename().string() : std::string();
  // A drop-in for KubeVirt's load generator: the binary (a link or copy) under its name.
  if (invokedAs == "perfscale-load-generator") {
    try {
      return perfscale::plugin::loadGeneratorMain(argc, argv);
    } catch (const cxxopts::exceptions::exception& e) {
      std::cerr << "error: " << e.what() << "\nSee 'perfscale-load-generator --help'.\n";
      return 1;
    }
  }
  // kubectl (1.26 and later) completes `kubectl perfscale ...` by running
  // kubectl_complete-perfscale with the words typed after "perfscale": a link or copy under
  // that name answers as `__complete` does.
  if (invokedAs == "kubectl_complete-perfscale") return perfscale::plugin::completeMain(argc, argv);
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
  if (first == "__complete") return perfscale::plugin::completeMain(argc - 1, argv + 1);
  if (const auto* command = perfscale::plugin::findCommand(first)) {
    try {
      return command->main(argc - 1, argv + 1);
    } catch (const cxxopts::exceptions::exception& e) {
      std::cerr << "error: " << e.what() << "\nSee 'kubectl perfscale " << first << " --help'.\n";
      return 1;
    }
  }
  std::cerr << "error: unknown command \"" << first << "\" for \"kubectl perfscale\"\n"
            << "Run 'kubectl perfscale --help' for the list of commands.\n";
  return 1;
}
