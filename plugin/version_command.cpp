// `kubectl perfscale version`: the tool's version, commit and build date.
#include <cxxopts.hpp>
#include <iostream>

#include "core/version.h"
#include "plugin/command.h"
#include "plugin/command_help.h"
#include "plugin/flag_syntax.h"
#include "plugin/flag_values.h"

namespace perfscale::plugin {

const CommandUsage kVersionUsage = {"[flags]",
                                    "  # The version, git commit and build date\n"
                                    "  kubectl perfscale version\n"
                                    "\n"
                                    "  # The same as JSON, for scripts\n"
                                    "  kubectl perfscale version -o json\n"};

cxxopts::Options versionOptions() {
  cxxopts::Options options("kubectl perfscale version", "Print the version of kubectl-perfscale.");
  options.add_options()("o,output", "Output format",
                        cxxopts::value<std::string>()->default_value("text"),
                        values::oneOf({"text", "json"}))("h,help", "Show this help");
  return options;
}

int versionMain(int argc, char** argv) {
  auto options = versionOptions();
  auto parsed = parseGoStyle(options, argc, argv);
  if (parsed.count("help")) {
    std::cout << commandHelp(options, kVersionUsage);
    return 0;
  }
  const auto format = parsed["output"].as<std::string>();
  if (format == "json") {
    std::cout << "{\"version\":\"v" << toolVersion() << "\",\"gitCommit\":\"" << gitCommit()
              << "\",\"buildDate\":\"" << buildDate() << "\"}\n";
  } else if (format == "text") {
    std::cout << "kubectl-perfscale v" << toolVersion() << " (commit " << gitCommit() << ", built "
              << buildDate() << ")\n";
  } else {
    std::cerr << "error: --output " << format << ": expected text or json\n";
    return 1;
  }
  return 0;
}

}  // namespace perfscale::plugin
