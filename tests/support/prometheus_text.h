// A reader of the Prometheus text exposition format (0.0.4) for tests: what a /metrics
// endpoint serves, family by family, independent of the code that wrote it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace perfscale::test {

struct MetricSample {
  std::string name;  // for a histogram: NAME_bucket, NAME_sum or NAME_count
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct MetricFamily {
  std::string name;
  std::string type;  // counter, gauge, histogram, summary, untyped
  std::string help;
  std::vector<MetricSample> samples;
  // The label names of its samples (le aside), in the order of the first one.
  std::vector<std::string> labelNames() const;
  // The one sample named `name` whose labels include `labels`; nothing if none or several.
  std::optional<double> value(const std::string& name,
                              const std::map<std::string, std::string>& labels = {}) const;
  // The sum over the samples named `name` whose labels include `labels`.
  double sum(const std::string& name, const std::map<std::string, std::string>& labels = {}) const;
};

// Families by name. Throws std::invalid_argument naming the line that does not parse, a
// sample before its # TYPE, or a family typed twice.
std::map<std::string, MetricFamily> parseExposition(const std::string& text);

}  // namespace perfscale::test
