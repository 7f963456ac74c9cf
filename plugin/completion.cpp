// Shell completion's logic (see completion.h): commands, each command's flags from its own
// options, and values by the kind each flag declares (plugin/flag_values.h).
#include "plugin/completion.h"

#include <cxxopts.hpp>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "core/kube/kubeconfig_loader.h"
#include "plugin/command.h"
#include "plugin/flag_syntax.h"
#include "plugin/flag_values.h"
#include "plugin/render/figure_tables.h"
#include "store/run_selector.h"
#include "store/trace_reader.h"

namespace perfscale::plugin {
namespace {

using Option = cxxopts::HelpOptionDetails;

constexpr const char* kDefaultTrace = "perfscale.db";

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string nameOf(const Option& option) {
  return option.l.empty() ? option.s : option.l.front();
}

// Whether the next word is the flag's value; a boolean or a flag with an implicit value takes
// one only as --flag=VALUE.
bool takesValue(const Option& option) {
  return !option.is_boolean && !option.has_implicit;
}

bool isFile(const std::string& path) {
  std::error_code error;
  return !path.empty() && std::filesystem::is_regular_file(path, error);
}

// One line of text for a description: up to the first line break.
std::string oneLine(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

// A command's options as declared, and the one that takes its positional arguments.
struct DeclaredOptions {
  std::vector<Option> all;
  std::optional<Option> positional;

  const Option* longNamed(std::string_view name) const {
    for (const auto& option : all) {
      for (const auto& longName : option.l) {
        if (longName == name) return &option;
      }
    }
    return nullptr;
  }
  const Option* shortNamed(std::string_view name) const {
    for (const auto& option : all) {
      if (!option.s.empty() && option.s == name) return &option;
    }
    return nullptr;
  }
  // Positional options and options without a description stay out of --help, and out of here.
  bool hidden(const Option& option) const {
    return option.desc.empty() || (positional && option.l == positional->l);
  }
};

DeclaredOptions declaredOptions(cxxopts::Options options) {
  DeclaredOptions declared;
  for (const auto& group : options.groups()) {
    for (const auto& option : options.group_help(group).options)
      declared.all.push_back(option);
  }
  // cxxopts keeps its list of positional options private: parse one argument and see which
  // option receives it.
  try {
    const char* argv[] = {"completion", "\x01"};
    const auto parsed = options.parse(2, argv);
    for (const auto& option : declared.all) {
      if (!option.l.empty() && parsed.count(option.l.front()) > 0) declared.positional = option;
    }
  } catch (const cxxopts::exceptions::exception&) {
    // Positional arguments that are not text: nothing to offer for them.
  }
  return declared;
}

// What the words before the one being completed say.
struct TypedLine {
  std::map<std::string, std::string> values;  // flag (long name) -> the last value given
  std::set<std::string> given;                // flags given (long names)
  std::vector<std::string> positionals;
  const Option* pending = nullptr;  // the flag whose value is the word being completed
  bool flagsEnded = false;          // after "--"
};

TypedLine readTypedLine(const DeclaredOptions& declared, const std::vector<std::string>& words) {
  TypedLine line;
  for (const auto& word : words) {
    if (line.pending != nullptr) {
      line.values[nameOf(*line.pending)] = word;
      line.pending = nullptr;
    } else if (line.flagsEnded || word.size() < 2 || word[0] != '-') {
      line.positionals.push_back(word);
    } else if (word == "--") {
      line.flagsEnded = true;
    } else if (word[1] == '-') {
      const size_t equals = word.find('=');
      const auto* option = declared.longNamed(
          word.substr(2, equals == std::string::npos ? std::string::npos : equals - 2));
      if (option == nullptr) continue;
      line.given.insert(nameOf(*option));
      if (equals != std::string::npos) {
        line.values[nameOf(*option)] = word.substr(equals + 1);
      } else if (takesValue(*option)) {
        line.pending = option;
      }
    } else {
      // A cluster of short flags (-vo json), the last of which may take a value (-ojson).
      for (size_t i = 1; i < word.size(); ++i) {
        const auto* option = declared.shortNamed(word.substr(i, 1));
        if (option == nullptr) break;
        line.given.insert(nameOf(*option));
        if (takesValue(*option)) {
          if (i + 1 < word.size()) {
            line.values[nameOf(*option)] = word.substr(word[i + 1] == '=' ? i + 2 : i + 1);
          } else {
            line.pending = option;
          }
          break;
        }
      }
    }
  }
  return line;
}

std::vector<std::string> matching(const std::vector<std::string>& candidates,
                                  std::string_view typed) {
  std::vector<std::string> kept;
  for (const auto& candidate : candidates) {
    if (startsWith(candidate, typed)) kept.push_back(candidate);
  }
  return kept;
}

// The runs `trace` holds whose uuid starts with `typedRun`, as `prefix` + uuid, described.
// Nothing when it is not a trace; an older trace is left as it is, unread.
std::vector<std::string> recordedRuns(const std::string& trace, const std::string& prefix,
                                      std::string_view typedRun) {
  std::vector<std::string> candidates;
  if (!isFile(trace)) return candidates;
  try {
    const store::TraceReader reader(trace, store::OlderTrace::Refuse);
    for (const auto& run : reader.runs()) {
      if (!startsWith(run.info.uuid, typedRun)) continue;
      candidates.push_back(prefix + run.info.uuid + '\t' + run.info.name + ", " + run.info.kind +
                           ", " + render::utcTime(run.info.startedWallNs) + ", " +
                           toString(run.outcome));
    }
  } catch (const std::exception&) {
    candidates.clear();
  }
  return candidates;
}

// TRACE or TRACE:RUN: trace files, and the runs of the one named before the ':'.
Completion completeRunSelector(const std::string& typed) {
  const size_t colon = typed.rfind(':');
  if (colon != std::string::npos && isFile(typed.substr(0, colon))) {
    const std::string trace = typed.substr(0, colon);
    return {recordedRuns(trace, trace + ":", typed.substr(colon + 1)), kCompleteNoFiles};
  }
  if (isFile(typed)) {
    // A whole trace name: it stands for its latest run, or it goes on with one of its runs.
    auto candidates = recordedRuns(typed, typed + ":", "");
    if (!candidates.empty()) {
      candidates.insert(candidates.begin(), typed + "\tits latest run");
      return {candidates, kCompleteNoFiles};
    }
  }
  return {{"db"}, kCompleteFileExtensions};
}

// The trace whose runs --uuid and its kind complete from: --trace, else the first trace named
// by a positional argument, else the default.
std::string traceOfLine(const DeclaredOptions& declared, const TypedLine& line) {
  if (const auto trace = line.values.find("trace"); trace != line.values.end()) {
    return trace->second;
  }
  if (declared.positional && declared.positional->arg_help == values::kRunSelector &&
      !line.positionals.empty()) {
    return store::parseRunSelector(line.positionals.front()).path;
  }
  return kDefaultTrace;
}

// Names of the kubeconfig's contexts, clusters or users, from the files kubectl would read
// (--kubeconfig, else KUBECONFIG, else ~/.kube/config); nothing when they cannot be read.
std::vector<std::string> kubeconfigNames(std::string_view kind, const TypedLine& line) {
  std::optional<std::string> flag;
  if (const auto given = line.values.find("kubeconfig"); given != line.values.end()) {
    flag = given->second;
  }
  std::vector<std::string> names;
  try {
    const auto config =
        kube::loadKubeconfigs(kube::kubeconfigSearch(flag, kube::Environment::process()));
    if (kind == values::kKubeconfigContext) {
      for (const auto& [name, context] : config.contexts) {
        names.push_back(name + "\tcluster " + context.cluster + ", user " + context.user +
                        (name == config.currentContext ? " (current)" : ""));
      }
    } else if (kind == values::kKubeconfigCluster) {
      for (const auto& [name, cluster] : config.clusters)
        names.push_back(name + '\t' + cluster.server);
    } else {
      for (const auto& entry : config.users)
        names.push_back(entry.first);
    }
  } catch (const std::exception&) {
    names.clear();
  }
  return names;
}

Completion completeValue(const Option& option, const std::string& typed,
                         const DeclaredOptions& declared, const TypedLine& line) {
  const std::string& kind = option.arg_help;
  auto choices = values::choices(kind);
  if (choices.empty() && !takesValue(option)) choices = {"true", "false"};
  if (!choices.empty()) return {matching(choices, typed), kCompleteNoFiles};
  if (kind == values::kTraceFile) return {{"db"}, kCompleteFileExtensions};
  if (kind == values::kRunSelector) return completeRunSelector(typed);
  if (kind == values::kRecordedRun) {
    return {recordedRuns(traceOfLine(declared, line), "", typed), kCompleteNoFiles};
  }
  if (kind == values::kKubeconfigContext || kind == values::kKubeconfigCluster ||
      kind == values::kKubeconfigUser) {
    return {matching(kubeconfigNames(kind, line), typed), kCompleteNoFiles};
  }
  const bool fileName = kind.empty() || kind.find("FILE") != std::string::npos ||
                        kind.find("DIR") != std::string::npos;
  return {{}, fileName ? kCompleteDefault : kCompleteNoFiles};
}

Completion completeFlags(const DeclaredOptions& declared, const TypedLine& line,
                         const std::string& typed) {
  std::vector<std::string> candidates;
  for (const auto& option : declared.all) {
    if (declared.hidden(option)) continue;
    // A flag already given is offered again only when it may repeat.
    if (line.given.count(nameOf(option)) > 0 && !option.is_container) continue;
    const std::string description = '\t' + oneLine(option.desc);
    for (const auto& longName : option.l)
      candidates.push_back("--" + longName + description);
    if (!option.s.empty()) candidates.push_back("-" + option.s + description);
  }
  return {matching(candidates, typed), kCompleteNoFiles};
}

Completion completeCommandName(const std::string& typed) {
  std::vector<std::string> candidates;
  if (startsWith(typed, "-")) {
    candidates = {"--help\tShow this help", "--version\tPrint the version"};
  } else {
    for (const auto& command : commands())
      candidates.push_back(std::string(command.name) + '\t' + std::string(command.summary));
  }
  return {matching(candidates, typed), kCompleteNoFiles};
}

// `words` with Go's single-dash long flags (-vmi-count 5) spelled as cxxopts reads them.
std::vector<std::string> goStyle(const cxxopts::Options& options, std::vector<std::string> words) {
  std::string program = "completion";
  std::vector<char*> argv = {program.data()};
  for (auto& word : words)
    argv.push_back(word.data());
  auto normalized = goStyleArguments(options, static_cast<int>(argv.size()), argv.data());
  normalized.erase(normalized.begin());
  return normalized;
}

}  // namespace

Completion complete(const std::vector<std::string>& typedWords) {
  const std::vector<std::string> words =
      typedWords.empty() ? std::vector<std::string>{""} : typedWords;
  if (words.size() == 1) return completeCommandName(words.front());
  const Command* command = findCommand(words.front());
  if (command == nullptr) return {{}, kCompleteNoFiles};

  const cxxopts::Options options = command->options();
  const DeclaredOptions declared = declaredOptions(options);
  const TypedLine line = readTypedLine(
      declared, goStyle(options, std::vector<std::string>(words.begin() + 1, words.end() - 1)));
  const std::string& current = words.back();
  if (line.pending != nullptr) return completeValue(*line.pending, current, declared, line);
  if (!line.flagsEnded && startsWith(current, "-")) {
    const std::string flag = goStyle(options, {current}).front();
    const size_t equals = flag.find('=');
    if (equals == std::string::npos) return completeFlags(declared, line, current);
    // --flag=VALUE: as cobra does, the candidates are values, without the "--flag=".
    const std::string name = flag.substr(0, equals);
    const Option* option = startsWith(name, "--") ? declared.longNamed(name.substr(2))
                                                  : declared.shortNamed(name.substr(1));
    if (option == nullptr) return {{}, kCompleteNoFiles};
    return completeValue(*option, flag.substr(equals + 1), declared, line);
  }
  if (!declared.positional) return {{}, kCompleteNoFiles};
  return completeValue(*declared.positional, current, declared, line);
}

std::string protocolText(const Completion& completion) {
  std::string text;
  for (const auto& candidate : completion.candidates)
    text += candidate.substr(0, candidate.find('\n')) + '\n';
  text += ':' + std::to_string(completion.directive) + '\n';
  return text;
}

}  // namespace perfscale::plugin
