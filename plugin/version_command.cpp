// `kubectl perfscale version`: the tool's version, commit and build date.
#include <cxxopts.hpp>
#include <iostream>

#include "core/version.h"
#include "plugin/command.h"
#include "plugin/flag_syntax.h"

namespace perfscale::plugin {

int versionMain(int argc, char** argv) {
  cxxopts::Options options("kubectl perfscale version", "Print the version of kubectl-perfscale.");
  options.add_options()("o,output", "Output format: text or json",
                        cxxopts::value<std::string>()->default_value("text"))("h,help",
                                                                              "Show this help");
  auto parsed = parseGoStyle(options, argc, argv);
  if (parsed.count("help")) {
    std::cout << options.help() << '\n';
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
