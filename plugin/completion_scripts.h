// The scripts `kubectl perfscale completion SHELL` prints. Each only hands the plugin's own
// answers (`kubectl-perfscale __complete WORD...`, see completion.h) to its shell, so bash, zsh,
// fish and kubectl all complete the same way.
#pragma once

#include <string_view>

namespace perfscale::plugin {

// The script for `shell` (bash, zsh or fish); empty for any other.
std::string_view completionScript(std::string_view shell);

}  // namespace perfscale::plugin
