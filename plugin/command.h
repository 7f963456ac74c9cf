// A subcommand of kubectl-perfscale: its name, its one-line summary and its entry point.
#pragma once

#include <string_view>
#include <vector>

namespace perfscale::plugin {

struct Command {
  std::string_view name;
  std::string_view summary;
  // Receives argv with the subcommand name as argv[0]; returns the exit code.
  int (*main)(int argc, char** argv);
};

// Every subcommand, in the order --help lists them.
const std::vector<Command>& commands();

int versionMain(int argc, char** argv);
int runMain(int argc, char** argv);
// The binary invoked as perfscale-load-generator: `run` with the v1.x command line's defaults.
int loadGeneratorMain(int argc, char** argv);
int cleanupMain(int argc, char** argv);
int runsMain(int argc, char** argv);
int reportMain(int argc, char** argv);
int diffMain(int argc, char** argv);
int replayMain(int argc, char** argv);
int mergeMain(int, char**);

}  // namespace perfscale::plugin
