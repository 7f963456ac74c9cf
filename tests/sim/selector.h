// Label and field selectors exactly as the Kubernetes API server parses the labelSelector and
// fieldSelector query parameters (ports of apimachinery pkg/labels and pkg/fields).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace perfscale::sim {

// what() is `invalid <kind> selector "<text>": <detail>`. detail() alone is Kubernetes' error
// text, which is what a real API server puts in the 400 Status message (kubectl then prefixes
// `Unable to find "<resource>" that match label selector "...", field selector "...": `).
class SelectorError : public std::invalid_argument {
 public:
  SelectorError(std::string_view kind, std::string_view selector, std::string detail);
  const std::string& selector() const noexcept { return selector_; }
  const std::string& detail() const noexcept { return detail_; }

 private:
  std::string selector_;
  std::string detail_;
};

// GreaterThan/LessThan are `key>5` / `key<5`: the real parser accepts them on any list call.
enum class LabelOperator {
  Exists,
  DoesNotExist,
  Equals,
  DoubleEquals,
  NotEquals,
  In,
  NotIn,
  GreaterThan,
  LessThan
};

struct LabelRequirement {
  std::string key;
  LabelOperator op = LabelOperator::Exists;
  std::vector<std::string> values;  // sorted and de-duplicated, as sets.String.List() gives

  bool matches(const std::map<std::string, std::string>& labels) const;
  std::string toString() const;
};

class LabelSelector {
 public:
  LabelSelector() = default;  // matches everything, like labels.Everything()

  // Throws SelectorError with Kubernetes' message on any input labels.Parse rejects.
  static LabelSelector parse(std::string_view text);

  bool matches(const std::map<std::string, std::string>& labels) const;
  bool empty() const { return requirements_.empty(); }
  std::string toString() const;  // labels.Selector.String(): sorted by key, normalised
  const std::vector<LabelRequirement>& requirements() const { return requirements_; }

 private:
  std::vector<LabelRequirement> requirements_;
};

class FieldSelector {
 public:
  struct Requirement {
    std::string field;
    bool equal = true;  // false for !=; "==" is folded into "=" as Kubernetes does
    std::string value;  // with \\ \, \= escapes already removed
  };
  using ValueOf = std::function<std::optional<std::string>(std::string_view field)>;

  FieldSelector() = default;  // matches everything

  // Syntax only: field paths are not checked, so the caller validates requirements()
  // against the fields its resource supports. Throws SelectorError.
  static FieldSelector parse(std::string_view text);

  const std::vector<Requirement>& requirements() const { return requirements_; }
  bool empty() const { return requirements_.empty(); }

  // A field valueOf reports as absent compares equal to "", as fields.Set.Get does.
  bool matches(const ValueOf& valueOf) const;
  bool matches(const std::map<std::string, std::string>& fields) const;
  std::string toString() const;  // fields.Selector.String(), values re-escaped

 private:
  std::vector<Requirement> requirements_;
};

}  // namespace perfscale::sim
