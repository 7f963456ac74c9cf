// Go-style single-dash long flags on cxxopts (see flag_syntax.h).
#include "plugin/flag_syntax.h"

#include <map>
#include <set>

namespace perfscale::plugin {
namespace {

struct DeclaredNames {
  std::set<std::string> longNames;
  std::map<std::string, std::string> longOfShort;  // "v" -> "verbosity"
};

DeclaredNames declaredNames(const cxxopts::Options& options) {
  DeclaredNames names;
  for (const auto& group : options.groups()) {
    for (const auto& option : options.group_help(group).options) {
      for (const auto& name : option.l)
        names.longNames.insert(name);
      if (!option.s.empty() && !option.l.empty()) names.longOfShort[option.s] = option.l.front();
    }
  }
  return names;
}

}  // namespace

std::vector<std::string> goStyleArguments(const cxxopts::Options& options, int argc, char** argv) {
  const DeclaredNames names = declaredNames(options);
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(argc));
  bool flagsEnded = false;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") flagsEnded = true;
    if (i > 0 && !flagsEnded && arg.size() >= 2 && arg[0] == '-' && arg[1] != '-') {
      const size_t equals = arg.find('=');
      const std::string name =
          arg.substr(1, equals == std::string::npos ? std::string::npos : equals - 1);
      if (names.longNames.count(name) > 0) {
        arg = "-" + arg;
      } else if (equals != std::string::npos && names.longOfShort.count(name) > 0) {
        arg = "--" + names.longOfShort.at(name) + arg.substr(equals);
      }
    }
    out.push_back(std::move(arg));
  }
  return out;
}

cxxopts::ParseResult parseGoStyle(cxxopts::Options& options, int argc, char** argv) {
  auto normalized = goStyleArguments(options, argc, argv);
  std::vector<char*> args;
  args.reserve(normalized.size());
  for (auto& arg : normalized)
    args.push_back(arg.data());
  return options.parse(static_cast<int>(args.size()), args.data());
}

}  // namespace perfscale::plugin
