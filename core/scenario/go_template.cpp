// Parsing and rendering of the {{.var}} template subset (see go_template.h).
#include "core/scenario/go_template.h"

#include <algorithm>

#include "core/scenario/scenario_error.h"

namespace perfscale::scenario {
namespace {

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool isIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isIdentChar(char c) {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}

std::string trimmed(const std::string& text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && isSpace(text[begin]))
    ++begin;
  while (end > begin && isSpace(text[end - 1]))
    --end;
  return text.substr(begin, end - begin);
}

bool isVariableReference(const std::string& action) {
  if (action.size() < 2 || action[0] != '.' || !isIdentStart(action[1])) return false;
  return std::all_of(action.begin() + 1, action.end(), isIdentChar);
}

std::string oneLine(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

}  // namespace

GoTemplate GoTemplate::parse(std::string text, std::string origin) {
  GoTemplate result;
  result.origin_ = std::move(origin);
  result.text_ = std::move(text);
  const std::string& s = result.text_;

  // Offsets only grow from one call to the next: counting lines from the previous offset keeps
  // parsing linear in the template's size (a template of many variables on long lines included).
  std::size_t counted = 0;    // the text before this has been counted
  int line = 1;               // the line at `counted`
  std::size_t lineStart = 0;  // where that line starts
  const auto locationOf = [&](std::size_t offset) {
    for (; counted < offset; ++counted) {
      if (s[counted] == '\n') {
        ++line;
        lineStart = counted + 1;
      }
    }
    return SourceLocation{result.origin_, line, static_cast<int>(offset - lineStart + 1)};
  };

  std::size_t position = 0;
  bool trimNext = false;
  while (true) {
    const std::size_t open = s.find("{{", position);
    std::string literal = s.substr(position, open == std::string::npos ? open : open - position);
    if (trimNext) {
      std::size_t skip = 0;
      while (skip < literal.size() && isSpace(literal[skip]))
        ++skip;
      literal.erase(0, skip);
      trimNext = false;
    }
    if (open == std::string::npos) {
      result.parts_.push_back(Part{std::move(literal), "", 0, 0});
      break;
    }
    const std::size_t close = s.find("}}", open + 2);
    if (close == std::string::npos) {
      throw ScenarioError(locationOf(open), "unclosed template action \"" +
                                                oneLine(s.substr(open, 20)) +
                                                "\": every {{ needs a matching }}");
    }
    std::string action = s.substr(open + 2, close - open - 2);
    if (action.size() >= 2 && action[0] == '-' && isSpace(action[1])) {
      action.erase(0, 2);
      while (!literal.empty() && isSpace(literal.back()))
        literal.pop_back();
    }
    if (action.size() >= 2 && action.back() == '-' && isSpace(action[action.size() - 2])) {
      action.pop_back();
      trimNext = true;
    }
    action = trimmed(action);
    if (!isVariableReference(action)) {
      throw ScenarioError(
          locationOf(open),
          "unsupported template construct \"" + oneLine(s.substr(open, close + 2 - open)) +
              "\": only variables such as {{.replica}} or {{ .namespace }} are supported, not "
              "Go template functions, pipelines, conditions, nested fields or comments");
    }
    const SourceLocation where = locationOf(open);
    result.parts_.push_back(Part{std::move(literal), action.substr(1), where.line, where.column});
    position = close + 2;
  }
  return result;
}

std::vector<std::string> GoTemplate::variables() const {
  std::set<std::string> names;
  for (const Part& part : parts_)
    if (!part.variable.empty()) names.insert(part.variable);
  return {names.begin(), names.end()};
}

void GoTemplate::throwUndefined(const Part& part, const std::set<std::string>& defined) const {
  std::string known;
  for (const std::string& name : defined)
    known += (known.empty() ? "" : ", ") + name;
  throw ScenarioError(SourceLocation{origin_, part.line, part.column},
                      "template variable \"" + part.variable + "\" ({{." + part.variable +
                          "}}) is not defined; the template sees " + known + "; add \"" +
                          part.variable + "\" to the object's inputVars");
}

void GoTemplate::requireDefined(const std::set<std::string>& defined) const {
  for (const Part& part : parts_)
    if (!part.variable.empty() && defined.count(part.variable) == 0) throwUndefined(part, defined);
}

std::string GoTemplate::render(const std::map<std::string, std::string>& values) const {
  std::string out;
  out.reserve(text_.size());
  const auto append = [&](const std::string& text) {
    if (out.size() + text.size() > kMaxRenderedBytes) {
      throw ScenarioError(origin_ + ": the template renders to more than " +
                          std::to_string(kMaxRenderedBytes >> 20) +
                          " MiB, far more than a Kubernetes object may be (the API server takes "
                          "3 MiB); check how often it uses each variable, and their values");
    }
    out += text;
  };
  for (const Part& part : parts_) {
    append(part.literal);
    if (part.variable.empty()) continue;
    const auto value = values.find(part.variable);
    if (value == values.end()) {
      std::set<std::string> defined;
      for (const auto& entry : values)
        defined.insert(entry.first);
      throwUndefined(part, defined);
    }
    append(value->second);
  }
  return out;
}

}  // namespace perfscale::scenario
