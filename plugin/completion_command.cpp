// `kubectl perfscale completion bash|zsh|fish` prints a completion script for kubectl-perfscale;
// the hidden `__complete WORD...` answers the scripts and kubectl (cobra's protocol), from the
// one logic in completion.h.
#include <cxxopts.hpp>
#include <iostream>

#include "plugin/command.h"
#include "plugin/command_help.h"
#include "plugin/completion.h"
#include "plugin/completion_scripts.h"
#include "plugin/flag_syntax.h"
#include "plugin/flag_values.h"

namespace perfscale::plugin {

const CommandUsage kCompletionUsage = {
    "bash|zsh|fish",
    "  # bash: complete kubectl-perfscale in this shell, then in every new one\n"
    "  source <(kubectl perfscale completion bash)\n"
    "  kubectl perfscale completion bash > ~/.local/share/bash-completion/completions/"
    "kubectl-perfscale\n"
    "\n"
    "  # zsh (after compinit), and fish\n"
    "  source <(kubectl perfscale completion zsh)\n"
    "  kubectl perfscale completion fish | source\n"};

cxxopts::Options completionOptions() {
  cxxopts::Options options(
      "kubectl perfscale completion",
      "Print a script that completes kubectl-perfscale's commands, flags and their values (output "
      "formats, trace files, the runs a trace holds, kubeconfig contexts) in bash, zsh or fish. "
      "`kubectl perfscale <TAB>` is completed by kubectl's own completion (kubectl 1.26 or "
      "later), which runs kubectl_complete-perfscale, installed next to kubectl-perfscale; both "
      "ask the plugin, which reads kubeconfig and trace files and never contacts a cluster.");
  options.add_options()("h,help", "Show this help")("shell", "", cxxopts::value<std::string>(),
                                                    values::oneOf({"bash", "zsh", "fish"}));
  options.parse_positional({"shell"});
  return options;
}

int completionMain(int argc, char** argv) {
  auto options = completionOptions();
  const auto parsed = parseGoStyle(options, argc, argv);
  if (parsed.count("help")) {
    std::cout << commandHelp(options, kCompletionUsage);
    return 0;
  }
  const std::string shell = parsed.count("shell") ? parsed["shell"].as<std::string>() : "";
  const auto script = completionScript(shell);
  if (script.empty() || !parsed.unmatched().empty()) {
    std::cerr << "error: expected one shell: bash, zsh or fish"
              << (shell.empty() ? std::string() : "; got \"" + shell + "\"")
              << "\nSee 'kubectl perfscale completion --help'.\n";
    return 1;
  }
  std::cout << script;
  return 0;
}

int completeMain(int argc, char** argv) {
  // Whatever goes wrong, the shell gets a directive it understands and nothing on stderr.
  try {
    std::cout << protocolText(complete(std::vector<std::string>(argv + 1, argv + argc)));
  } catch (const std::exception&) {
    std::cout << protocolText({{}, kCompleteError});
  }
  return 0;
}

}  // namespace perfscale::plugin
