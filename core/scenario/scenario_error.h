// The error a user can fix in a scenario, its flags or its templates: where it is
// (file:line:col), what was expected, what was found and what to do.
#pragma once

#include <stdexcept>
#include <string>

namespace perfscale::scenario {

// A place in a scenario or template file. Line and column are 1-based; 0 when unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

// "file:line:col", "file:line" or "file"; empty when nothing is known.
std::string toString(const SourceLocation& where);

class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(const std::string& message);
  // The message reads "file:line:col: message".
  ScenarioError(SourceLocation where, const std::string& message);
  const SourceLocation& where() const { return where_; }
  // The message without its location.
  const std::string& problem() const { return problem_; }

 private:
  SourceLocation where_;
  std::string problem_;
};

}  // namespace perfscale::scenario
