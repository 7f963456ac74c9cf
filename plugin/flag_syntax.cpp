// Go-style single-dash long flags on cxxopts (see flag_syntax.h).
#include "plugin/flag_syntax.h"

#include <map>
#include <set>

namespace perfscale::plugin {
namespace {

struct DeclaredNames {
  std::set<std::string> longNames;
  std::set<std::string> booleanLongNames;
  std::map<std::string, std::string> longOfShort;  // "v" -> "verbosity"
  std::set<std::string> shortsTakingValue;         // no implicit value: "-nteam-a" is -n team-a
};

DeclaredNames declaredNames(const cxxopts::Options& options) {
  DeclaredNames names;
  for (const auto& group : options.groups()) {
    for (const auto& option : options.group_help(group).options) {
      for (const auto& name : option.l) {
        names.longNames.insert(name);
        if (option.is_boolean) names.booleanLongNames.insert(name);
      }
      if (option.s.empty() || option.l.empty()) continue;
      names.longOfShort[option.s] = option.l.front();
      if (!option.is_boolean && !option.has_implicit) names.shortsTakingValue.insert(option.s);
    }
  }
  return names;
}

// A boolean flag's value as cxxopts reads it, from the spellings Go's strconv.ParseBool (so
// kubectl) accepts; any other is refused here, naming the flag.
std::string goBoolean(const std::string& flag, const std::string& value) {
  static const std::set<std::string> truthy{"1", "t", "T", "TRUE", "true", "True"};
  static const std::set<std::string> falsy{"0", "f", "F", "FALSE", "false", "False"};
  if (truthy.count(value) > 0) return "true";
  if (falsy.count(value) > 0) return "false";
  throw cxxopts::exceptions::parsing("--" + flag + "=" + value +
                                     ": not true or false (1, t, T, TRUE, true, True; 0, f, F, "
                                     "FALSE, false, False)");
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
      } else if (arg.size() > 2 && names.shortsTakingValue.count(arg.substr(1, 1)) > 0) {
        arg = "--" + names.longOfShort.at(arg.substr(1, 1)) + "=" + arg.substr(2);
      }
    }
    const size_t equals = arg.find('=');
    if (i > 0 && !flagsEnded && arg.rfind("--", 0) == 0 && equals != std::string::npos &&
        names.booleanLongNames.count(arg.substr(2, equals - 2)) > 0) {
      arg =
          arg.substr(0, equals + 1) + goBoolean(arg.substr(2, equals - 2), arg.substr(equals + 1));
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
