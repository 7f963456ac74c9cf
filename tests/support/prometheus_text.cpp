// A reader of the Prometheus text exposition format (see prometheus_text.h).
#include "tests/support/prometheus_text.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace perfscale::test {

namespace {

bool includes(const std::map<std::string, std::string>& labels,
              const std::map<std::string, std::string>& wanted) {
  for (const auto& [name, value] : wanted) {
    auto it = labels.find(name);
    if (it == labels.end() || it->second != value) return false;
  }
  return true;
}

double parseValue(const std::string& text) {
  if (text == "+Inf") return HUGE_VAL;
  if (text == "-Inf") return -HUGE_VAL;
  if (text == "NaN") return std::nan("");
  size_t used = 0;
  const double value = std::stod(text, &used);
  if (used != text.size()) throw std::invalid_argument(text);
  return value;
}

// NAME{a="x",b="y"} VALUE [TIMESTAMP]
MetricSample parseSample(const std::string& line) {
  MetricSample sample;
  size_t i = 0;
  while (i < line.size() && line[i] != '{' && line[i] != ' ')
    ++i;
  sample.name = line.substr(0, i);
  if (sample.name.empty()) throw std::invalid_argument("no metric name");
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (i < line.size() && line[i] != '}') {
      const auto equals = line.find('=', i);
      if (equals == std::string::npos || equals + 1 >= line.size() || line[equals + 1] != '"')
        throw std::invalid_argument("a label without =\"VALUE\"");
      const std::string name = line.substr(i, equals - i);
      std::string value;
      size_t j = equals + 2;
      for (; j < line.size() && line[j] != '"'; ++j) {
        if (line[j] == '\\' && j + 1 < line.size()) {
          ++j;
          value += line[j] == 'n' ? '\n' : line[j];
        } else {
          value += line[j];
        }
      }
      if (j >= line.size()) throw std::invalid_argument("an unterminated label value");
      if (!sample.labels.emplace(name, value).second)
        throw std::invalid_argument("label " + name + " twice");
      i = j + 1;
      if (i < line.size() && line[i] == ',') ++i;
    }
    if (i >= line.size()) throw std::invalid_argument("no closing }");
    ++i;
  }
  std::istringstream rest(line.substr(i));
  std::string value;
  if (!(rest >> value)) throw std::invalid_argument("no value");
  sample.value = parseValue(value);
  return sample;
}

}  // namespace

std::vector<std::string> MetricFamily::labelNames() const {
  std::vector<std::string> names;
  if (samples.empty()) return names;
  for (const auto& [name, value] : samples.front().labels)
    if (name != "le") names.push_back(name);
  return names;
}

std::optional<double> MetricFamily::value(const std::string& sampleName,
                                          const std::map<std::string, std::string>& labels) const {
  std::optional<double> found;
  for (const auto& sample : samples) {
    if (sample.name != sampleName || !includes(sample.labels, labels)) continue;
    if (found) return std::nullopt;
    found = sample.value;
  }
  return found;
}

double MetricFamily::sum(const std::string& sampleName,
                         const std::map<std::string, std::string>& labels) const {
  double total = 0;
  for (const auto& sample : samples)
    if (sample.name == sampleName && includes(sample.labels, labels)) total += sample.value;
  return total;
}

std::map<std::string, MetricFamily> parseExposition(const std::string& text) {
  std::map<std::string, MetricFamily> families;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  std::string current;
  while (std::getline(in, line)) {
    ++number;
    const std::string where = "exposition line " + std::to_string(number) + " (" + line + "): ";
    if (line.empty()) continue;
    if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
      const auto space = line.find(' ', 7);
      const std::string name = line.substr(7, space - 7);
      const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
      auto& family = families[name];
      family.name = name;
      if (line[2] == 'H') {
        family.help = rest;
      } else {
        if (!family.type.empty()) throw std::invalid_argument(where + "a second # TYPE");
        family.type = rest;
        current = name;
      }
      continue;
    }
    if (line[0] == '#') continue;
    MetricSample sample;
    try {
      sample = parseSample(line);
    } catch (const std::exception& e) {
      throw std::invalid_argument(where + e.what());
    }
    const bool ofCurrent =
        !current.empty() && (sample.name == current || sample.name == current + "_bucket" ||
                             sample.name == current + "_sum" || sample.name == current + "_count");
    if (!ofCurrent) throw std::invalid_argument(where + "a sample outside its family's # TYPE");
    families[current].samples.push_back(std::move(sample));
  }
  return families;
}

}  // namespace perfscale::test
