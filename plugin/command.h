// A subcommand of kubectl-perfscale: its name, its one-line summary, its options, its help and its
// entry point.
#pragma once

#include <cxxopts.hpp>
#include <string_view>
#include <vector>

namespace perfscale::plugin {

// What --help shows around the flags, as kubectl does: the usage line and a few examples.
struct CommandUsage {
  std::string_view arguments;  // after "kubectl perfscale <name>": "[TRACE[:RUN]]... [flags]"
  std::string_view examples;   // "  # What it does\n  kubectl perfscale <name> ...\n\n  # ..."
};

struct Command {
  std::string_view name;
  std::string_view summary;
  // The command's flags, positional arguments and description, declared once: what it parses,
  // what its --help lists and what shell completion offers (flag names, and values by the
  // kinds plugin/flag_values.h names).
  cxxopts::Options (*options)();
  const CommandUsage* usage;
  // Receives argv with the subcommand name as argv[0]; returns the exit code.
  int (*main)(int argc, char** argv);
};

// Every subcommand, in the order --help lists them.
const std::vector<Command>& commands();
// The subcommand called `name`, or nullptr.
const Command* findCommand(std::string_view name);

int versionMain(int argc, char** argv);
int runMain(int argc, char** argv);
// The binary invoked as perfscale-load-generator: `run` with the v1.x command line's defaults.
int loadGeneratorMain(int argc, char** argv);
int cleanupMain(int argc, char** argv);
int runsMain(int argc, char** argv);
int reportMain(int argc, char** argv);
int diffMain(int argc, char** argv);
int replayMain(int argc, char** argv);
int jobMain(int argc, char** argv);
int mergeMain(int argc, char** argv);
int completionMain(int argc, char** argv);
// Cobra's hidden `__complete WORD...`: the candidates for the last word, then ":DIRECTIVE".
int completeMain(int argc, char** argv);

cxxopts::Options versionOptions();
cxxopts::Options runOptions();
cxxopts::Options cleanupOptions();
cxxopts::Options runsOptions();
cxxopts::Options reportOptions();
cxxopts::Options diffOptions();
cxxopts::Options replayOptions();
cxxopts::Options jobOptions();
cxxopts::Options mergeOptions();
cxxopts::Options completionOptions();

extern const CommandUsage kVersionUsage;
extern const CommandUsage kRunUsage;
extern const CommandUsage kCleanupUsage;
extern const CommandUsage kRunsUsage;
extern const CommandUsage kReportUsage;
extern const CommandUsage kDiffUsage;
extern const CommandUsage kReplayUsage;
extern const CommandUsage kJobUsage;
extern const CommandUsage kMergeUsage;
extern const CommandUsage kCompletionUsage;

}  // namespace perfscale::plugin
