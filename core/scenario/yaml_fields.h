// Strict reading of one YAML mapping of a scenario file: typed getters whose errors say
// file:line:col, the field, what was expected and what was found; finish() rejects every
// key nobody asked for, so a typo never passes silently. Used by the format readers.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/scenario/duration.h"
#include "core/scenario/scenario_error.h"

namespace perfscale::scenario {

class YamlFields {
 public:
  // `node` must be a mapping (null reads as empty); `what` names it in messages
  // ("workload 2", "the scenario"). Duplicate keys are errors.
  YamlFields(const YAML::Node& node, std::string file, std::string what);

  bool has(const std::string& key);  // also marks the key as known
  // Each returns nullopt when the key is absent and throws ScenarioError when the value has
  // the wrong type or is out of range.
  std::optional<std::string> string(const std::string& key);
  std::optional<int> integer(const std::string& key, int min);
  std::optional<double> number(const std::string& key, double min, double max);
  std::optional<bool> boolean(const std::string& key);
  std::optional<Duration> duration(const std::string& key);  // never negative
  std::optional<YAML::Node> node(const std::string& key);    // any value, null included

  SourceLocation location(const std::string& key) const;  // of the value (of the key if null)
  SourceLocation location() const;                        // of the mapping
  const std::string& file() const { return file_; }
  // Keys present in the mapping, in order.
  std::vector<std::string> keys() const;
  // Throws for the first key no getter asked for, with the closest known spelling.
  void finish() const;
  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;

 private:
  const YAML::Node* find(const std::string& key) const;
  const YAML::Node& scalar(const std::string& key, const char* expected);

  YAML::Node node_;
  std::string file_;
  std::string what_;
  std::vector<std::pair<YAML::Node, YAML::Node>> entries_;
  std::set<std::string> asked_;
};

// Where a node is, 1-based.
SourceLocation locate(const std::string& file, const YAML::Node& node);
// How a value reads in messages: "abc" (quoted text), the number 5, a mapping, a list, nothing.
std::string describeYaml(const YAML::Node& node);

}  // namespace perfscale::scenario
