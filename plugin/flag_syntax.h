// Go's flag syntax on a cxxopts parser. The load generator and kubectl-style scripts write long
// flags with one dash (-vmi-count=5, -kubeconfig K, -request-timeout=5s); cxxopts reads one dash
// as short flags. Every long name a subcommand declares is accepted with one dash too.
#pragma once

#include <cxxopts.hpp>
#include <string>
#include <vector>

namespace perfscale::plugin {

// argv with "-name" and "-name=value" rewritten to "--name..." when `name` is a long option
// that `options` declares, and "-x=value" to "--long=value" for a declared short option x
// (Go allows it; cxxopts would read "=value" as the value), "-xvalue" to "--long=value" when x
// needs a value ("-nteam-a", "-f./scenario.yaml"), and a boolean's "=t", "=F", "=TRUE"... to
// "=true"/"=false" as Go reads them. Nothing after "--" is touched.
std::vector<std::string> goStyleArguments(const cxxopts::Options& options, int argc, char** argv);

// Parses argv (argv[0] is the command's name) after goStyleArguments.
cxxopts::ParseResult parseGoStyle(cxxopts::Options& options, int argc, char** argv);

}  // namespace perfscale::plugin
