// --help as kubectl prints it: the usage line, what the command does, examples, then the flags.
#pragma once

#include <cxxopts.hpp>
#include <string>

#include "plugin/command.h"

namespace perfscale::plugin {

// The program name and description of `declared`, the arguments and examples of `usage`, and
// every group of flags (the unnamed group first, kubectl's connection flags last).
std::string commandHelp(const cxxopts::Options& declared, const CommandUsage& usage);

}  // namespace perfscale::plugin
