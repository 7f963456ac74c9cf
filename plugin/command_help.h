// --help as kubectl prints it: the usage line, what the command does, examples, then the flags.
#pragma once

#include <cxxopts.hpp>
#include <string>

#include "plugin/command.h"

namespace perfscale::plugin {

// `options`' program name and description, `usage`'s arguments and examples, and every group of
// flags (the unnamed group first, kubectl's connection flags last).
std::string commandHelp(const cxxopts::Options& options, const CommandUsage& usage);

}  // namespace perfscale::plugin
