// The part of Go's text/template the load generator's object templates use: {{.name}} and
// {{ .name }}, with the {{- and -}} whitespace trims. Any other action (functions, pipelines,
// if/range, nested fields, comments) is an error at file:line:col, never rendered as text;
// so is a variable without a value, which the original rendered silently as empty.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace perfscale::scenario {

// A rendered template larger than this is an error, not an allocation: a template that uses a
// long variable many times could otherwise expand to gigabytes.
inline constexpr std::size_t kMaxRenderedBytes = std::size_t{16} << 20;

class GoTemplate {
 public:
  GoTemplate() = default;
  // Parses `text`; `origin` (the template file) names it in errors. Throws ScenarioError.
  static GoTemplate parse(std::string text, std::string origin);

  const std::string& origin() const { return origin_; }
  const std::string& text() const { return text_; }
  // Every variable the template uses, sorted, each once.
  std::vector<std::string> variables() const;
  // Throws ScenarioError at the first use of a variable missing from `defined`.
  void requireDefined(const std::set<std::string>& defined) const;
  // Substitutes every variable; throws ScenarioError (origin:line:col, the variable and
  // what is defined) when one has no value, or when the result exceeds kMaxRenderedBytes.
  std::string render(const std::map<std::string, std::string>& values) const;

 private:
  struct Part {
    std::string literal;   // text before the variable
    std::string variable;  // empty for the trailing text
    int line = 0;
    int column = 0;
  };
  void throwUndefined(const Part& part, const std::set<std::string>& defined) const;

  std::string origin_;
  std::string text_;
  std::vector<Part> parts_;
};

}  // namespace perfscale::scenario
