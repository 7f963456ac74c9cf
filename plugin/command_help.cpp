// kubectl-style --help (see command_help.h).
#include "plugin/command_help.h"

#include <algorithm>

namespace perfscale::plugin {
namespace {

// The name of no group: asking cxxopts for its help gives the description alone.
constexpr const char* kNoGroup = "\x01";

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text;
}

// `text` with its lines broken between words to fit `width` columns; line breaks it has stay.
std::string wrapped(const std::string& text, size_t width) {
  std::string out;
  size_t column = 0;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find_first_of(" \n", start), text.size());
    const std::string word = text.substr(start, end - start);
    if (column > 0 && column + 1 + word.size() > width) {
      out += '\n';
      column = 0;
    } else if (column > 0) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    if (end < text.size() && text[end] == '\n') {
      out += '\n';
      column = 0;
    }
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string commandHelp(const cxxopts::Options& declared, const CommandUsage& usage) {
  // cxxopts appends its own usage text to the description unless both parts are empty.
  cxxopts::Options options = declared;
  options.custom_help("");
  options.positional_help("");
  const std::string description = options.help({kNoGroup}, false);

  std::vector<std::string> groups = options.groups();
  std::stable_partition(groups.begin(), groups.end(),
                        [](const std::string& group) { return group != "Kubernetes"; });
  std::string flags;
  for (const auto& group : groups) {
    std::string text = options.help({group}, false).substr(description.size());
    if (trimmed(text).empty()) continue;
    flags += (group.empty() ? "Flags:\n" : "\n") + text;
  }

  std::string help = "Usage: " + options.program() + " " + std::string(usage.arguments) + "\n\n";
  if (!trimmed(description).empty()) help += wrapped(trimmed(description), 80) + "\n\n";
  help += "Examples:\n" + trimmed(std::string(usage.examples)) + "\n\n";
  help += trimmed(flags) + "\n";
  return help;
}

}  // namespace perfscale::plugin
