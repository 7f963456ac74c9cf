// The strict mapping reader for scenario files (see yaml_fields.h).
#include "core/scenario/yaml_fields.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <stdexcept>

#include "core/scenario/json_value.h"
#include "core/scenario/yaml_json.h"
#include "core/spelling.h"

namespace perfscale::scenario {
namespace {

bool isPlain(const YAML::Node& node) {
  return node.Tag() == "?";
}

// A plain scalar as resolvePlainScalar reads it, with infinity and NaN (which it refuses) kept
// as text: the field then says what it expected instead.
JsonValue resolvedOrText(const std::string& text) {
  try {
    return resolvePlainScalar(text);
  } catch (const std::invalid_argument&) {
    return JsonValue::string(text);
  }
}

}  // namespace

SourceLocation locate(const std::string& file, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

std::string describeYaml(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (!isPlain(node)) return "the string \"" + node.Scalar() + "\"";
  return "\"" + node.Scalar() + "\"";
}

YamlFields::YamlFields(const YAML::Node& node, std::string file, std::string what)
    : node_(node), file_(std::move(file)), what_(std::move(what)) {
  if (node.IsNull()) return;
  if (!node.IsMap()) {
    throw ScenarioError(locate(file_, node),
                        what_ + ": expected a mapping of fields, found " + describeYaml(node));
  }
  std::set<std::string> seen;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar())
      throw ScenarioError(locate(file_, entry.first), what_ + ": a field name must be text");
    if (!seen.insert(entry.first.Scalar()).second) {
      throw ScenarioError(locate(file_, entry.first),
                          "field " + entry.first.Scalar() + " appears twice in " + what_);
    }
    entries_.emplace_back(entry.first, entry.second);
  }
}

const YAML::Node* YamlFields::find(const std::string& key) const {
  for (const auto& entry : entries_)
    if (entry.first.Scalar() == key) return &entry.second;
  return nullptr;
}

bool YamlFields::has(const std::string& key) {
  asked_.insert(key);
  return find(key) != nullptr;
}

SourceLocation YamlFields::location(const std::string& key) const {
  for (const auto& entry : entries_) {
    if (entry.first.Scalar() != key) continue;
    return entry.second.IsNull() ? locate(file_, entry.first) : locate(file_, entry.second);
  }
  return location();
}

SourceLocation YamlFields::location() const {
  return locate(file_, node_);
}

std::vector<std::string> YamlFields::keys() const {
  std::vector<std::string> keys;
  for (const auto& entry : entries_)
    keys.push_back(entry.first.Scalar());
  return keys;
}

void YamlFields::fail(const std::string& key, const std::string& problem) const {
  throw ScenarioError(location(key), "field " + key + ": " + problem);
}

const YAML::Node& YamlFields::scalar(const std::string& key, const char* expected) {
  const YAML::Node& value = *find(key);
  if (!value.IsScalar())
    fail(key, std::string("expected ") + expected + ", found " + describeYaml(value));
  return value;
}

std::optional<YAML::Node> YamlFields::node(const std::string& key) {
  if (!has(key)) return std::nullopt;
  return *find(key);
}

std::optional<std::string> YamlFields::string(const std::string& key) {
  if (!has(key)) return std::nullopt;
  return scalar(key, "text").Scalar();
}

std::optional<int> YamlFields::integer(const std::string& key, int min) {
  if (!has(key)) return std::nullopt;
  const YAML::Node& value = scalar(key, "a whole number");
  const std::string& text = value.Scalar();
  char* end = nullptr;
  errno = 0;
  const long number = std::strtol(text.c_str(), &end, 10);
  if (!isPlain(value) || text.empty() || end != text.c_str() + text.size() || errno != 0 ||
      number > INT_MAX || number < INT_MIN) {
    fail(key, "expected a whole number, found " + describeYaml(value) +
                  (isPlain(value) ? "" : " (remove the quotes)"));
  }
  if (number < min)
    fail(key, "must be at least " + std::to_string(min) + ", found " + std::to_string(number));
  return static_cast<int>(number);
}

std::optional<double> YamlFields::number(const std::string& key, double min, double max) {
  if (!has(key)) return std::nullopt;
  const YAML::Node& value = scalar(key, "a number");
  JsonValue resolved;
  if (isPlain(value)) {
    try {
      resolved = resolvePlainScalar(value.Scalar());
    } catch (const std::invalid_argument&) {
      // infinity and NaN: reported as not a number below
    }
  }
  if (resolved.type() != JsonValue::Type::Number) {
    fail(key, "expected a number, found " + describeYaml(value) +
                  (isPlain(value) ? "" : " (remove the quotes)"));
  }
  const double number = std::strtod(resolved.text().c_str(), nullptr);
  if (number < min)
    fail(key, "must be at least " + formatJsonNumber(min) + ", found " + value.Scalar());
  if (number > max)
    fail(key, "must be at most " + formatJsonNumber(max) + ", found " + value.Scalar());
  return number;
}

std::optional<bool> YamlFields::boolean(const std::string& key) {
  if (!has(key)) return std::nullopt;
  const YAML::Node& value = scalar(key, "true or false");
  if (isPlain(value)) {
    const JsonValue resolved = resolvedOrText(value.Scalar());
    if (resolved.type() == JsonValue::Type::Bool) return resolved.asBool();
  }
  fail(key, "expected true or false, found " + describeYaml(value) +
                (isPlain(value) ? "" : " (remove the quotes)"));
}

std::optional<Duration> YamlFields::duration(const std::string& key) {
  if (!has(key)) return std::nullopt;
  const YAML::Node& value = scalar(key, "a duration such as 30s or 5m");
  const std::string& text = value.Scalar();
  if (isPlain(value) && resolvedOrText(text).type() == JsonValue::Type::Number) {
    if (std::strtod(text.c_str(), nullptr) == 0) return Duration(0);
    fail(key, "expected a duration such as 30s or 5m, found the number " + text +
                  " (the original read a bare number as nanoseconds; add a unit, e.g. " + text +
                  "s)");
  }
  Duration parsed;
  try {
    parsed = parseGoDuration(text);
  } catch (const std::invalid_argument& e) {
    fail(key, e.what());
  }
  if (parsed.count() < 0) fail(key, "must not be negative, found " + text);
  return parsed;
}

void YamlFields::finish() const {
  for (const auto& entry : entries_) {
    const std::string& key = entry.first.Scalar();
    if (asked_.count(key) != 0) continue;
    std::string message = "unknown field \"" + key + "\" in " + what_;
    if (const auto closest =
            closestSpelling(key, std::vector<std::string>(asked_.begin(), asked_.end())))
      message += " (did you mean \"" + *closest + "\"?)";
    std::string known;
    for (const std::string& name : asked_) {
      if (!known.empty()) known += ", ";
      known += name;
    }
    throw ScenarioError(locate(file_, entry.first), message + "; known fields: " + known);
  }
}

}  // namespace perfscale::scenario
