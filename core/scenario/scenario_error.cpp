// Formatting of scenario errors and their locations (see scenario_error.h).
#include "core/scenario/scenario_error.h"

#include <utility>

namespace perfscale::scenario {

std::string toString(const SourceLocation& where) {
  std::string text = where.file;
  if (where.line > 0) {
    text += (text.empty() ? "line " : ":") + std::to_string(where.line);
    if (where.column > 0) text += ":" + std::to_string(where.column);
  }
  return text;
}

ScenarioError::ScenarioError(const std::string& message)
    : std::runtime_error(message), problem_(message) {}

ScenarioError::ScenarioError(SourceLocation where, const std::string& message)
    : std::runtime_error(toString(where).empty() ? message : toString(where) + ": " + message),
      where_(std::move(where)),
      problem_(message) {}

}  // namespace perfscale::scenario
