// perfscale-audit's input file and its expectations judged (see audit_input.h).
#include "core/stats/audit_input.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "core/scenario/yaml_fields.h"
#include "core/stats/thresholds.h"
#include "core/text_file.h"
#include "core/yaml_documents.h"

namespace perfscale::stats {
namespace {

using scenario::SourceLocation;
using scenario::YamlFields;

[[noreturn]] void fail(const SourceLocation& where, const std::string& problem) {
  throw ThresholdError(scenario::toString(where) + ": " + problem);
}

bool startsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool isWord(const std::string& text, bool upper) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
    if (upper) return c >= 'A' && c <= 'Z';
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
  });
}

constexpr const char* kResultNames =
    "vmiCreationToRunningSecondsP50|P95|P99, vmiDeletionToSucceededSecondsP50|P95|P99, "
    "vmiDeletionToFailedSecondsP50|P95|P99, <VERB>-<resource>-count (e.g. "
    "PATCH-virtualmachineinstances-count) and <phase>-phase-count (e.g. running-phase-count)";

}  // namespace

AuditInput parseAuditInput(const YAML::Node& root, const std::string& file) {
  AuditInput input;
  input.file = file;
  YamlFields top(root, file, "the perfscale-audit input");
  // The window is the run's own; these are perfscale-audit's way of naming one.
  for (const char* unused : {"startTime", "endTime", "duration", "prometheusScrapeInterval"})
    top.has(unused);
  input.prometheusURL = top.string("prometheusURL").value_or("");
  input.prometheusUserName = top.string("prometheusUserName").value_or("");
  input.prometheusPassword = top.string("prometheusPassword").value_or("");
  input.prometheusBearerToken = top.string("prometheusBearerToken").value_or("");
  input.prometheusVerifyTLS = top.boolean("prometheusVerifyTLS");
  const std::optional<YAML::Node> expectations = top.node("thresholdExpectations");
  top.finish();
  if (!expectations) return input;
  // Throws unless it is a mapping without duplicate names.
  const YamlFields checked(*expectations, file, "thresholdExpectations");
  if (expectations->IsNull()) return input;
  constexpr double kLowest = std::numeric_limits<double>::lowest();
  constexpr double kHighest = std::numeric_limits<double>::max();
  for (const auto& entry : *expectations) {
    AuditExpectation expectation;
    expectation.name = entry.first.Scalar();
    expectation.where = scenario::locate(file, entry.first);
    const std::string& name = expectation.name;
    YamlFields fields(entry.second, file, "thresholdExpectations " + name);
    expectation.value = fields.number("value", kLowest, kHighest);
    const std::optional<std::string> metric = fields.string("metric");
    expectation.ratio = fields.number("ratio", 0, kHighest);
    fields.finish();
    if (metric) {
      expectation.metric = *metric;
      expectation.metricWhere = fields.location("metric");
      if (expectation.value) {
        fail(expectation.where,
             name + ": has both value and metric; give either value, or metric and ratio");
      }
      if (!expectation.ratio) {
        fail(expectation.where, name + ": metric " + *metric + " needs a ratio (it passes when " +
                                    name + " <= ratio * " + *metric + ")");
      }
    } else {
      if (expectation.ratio)
        fail(expectation.where, name + ": ratio needs a metric to multiply, or write value");
      if (!expectation.value) {
        fail(expectation.where, name +
                                    ": needs {value: X} (passes when at most X) or {metric: "
                                    "OTHER, ratio: R} (passes when at most R * OTHER)");
      }
    }
    input.expectations.push_back(std::move(expectation));
  }
  return input;
}

std::optional<AuditInput> readAuditInput(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw ThresholdError(path + ": is a directory; give the path of a thresholds file");
  const TextFile text = readTextFile(path);
  if (!text.text) throw ThresholdError(path + ": " + text.problem());
  std::vector<YAML::Node> documents;
  try {
    documents = loadYamlDocuments(*text.text);
  } catch (const YAML::Exception& e) {
    fail(SourceLocation{path, e.mark.line + 1, e.mark.column + 1},
         "not valid YAML or JSON: " + e.msg);
  }
  if (documents.size() != 1 || !documents.front().IsMap() ||
      !documents.front()["thresholdExpectations"])
    return std::nullopt;
  try {
    return parseAuditInput(documents.front(), path);
  } catch (const scenario::ScenarioError& e) {
    throw ThresholdError(e.what());
  }
}

void requirePrometheusResult(const std::string& name, const SourceLocation& where) {
  for (const char* prefix : {"vmiCreationToRunningSeconds", "vmiDeletionToSucceededSeconds",
                             "vmiDeletionToFailedSeconds"}) {
    if (!startsWith(name, prefix)) continue;
    const std::string quantile = name.substr(std::string(prefix).size());
    if (quantile == "P50" || quantile == "P95" || quantile == "P99") return;
    fail(where, "\"" + name + "\": perfscale-audit has " + prefix + "P50, P95 and P99 only");
  }
  const bool usage =
      (startsWith(name, "avgVirt") || startsWith(name, "minVirt") || startsWith(name, "maxVirt")) &&
      (endsWith(name, "CPUUsage") || endsWith(name, "MemoryUsageInMB"));
  if (usage) {
    fail(where, "\"" + name +
                    "\" is the CPU or memory use of a KubeVirt component, which this tool does "
                    "not ask Prometheus for; keep that threshold in perfscale-audit and remove "
                    "it here");
  }
  if (endsWith(name, "-phase-count") &&
      isWord(name.substr(0, name.size() - std::string("-phase-count").size()), false))
    return;
  if (endsWith(name, "-count")) {
    const std::size_t dash = name.find('-');
    const std::string verb = name.substr(0, dash);
    const std::size_t end = name.size() - std::string("-count").size();
    if (dash != std::string::npos && dash < end && isWord(verb, true) &&
        isWord(name.substr(dash + 1, end - dash - 1), false))
      return;
  }
  fail(where,
       "unknown perfscale-audit result name \"" + name + "\"; its names are " + kResultNames);
}

std::vector<AuditJudgement> judgeAudit(const std::vector<AuditExpectation>& expectations,
                                       const AuditLookup& lookup) {
  std::vector<AuditJudgement> judgements;
  for (const AuditExpectation& expectation : expectations) {
    AuditJudgement judgement;
    judgement.expectation = expectation;
    judgement.value = lookup(expectation.name);
    if (expectation.metric.empty()) {
      judgement.thresholdValue = expectation.value;
    } else if (const std::optional<double> other = lookup(expectation.metric)) {
      judgement.thresholdValue = *expectation.ratio * *other;
      if (judgement.value && *other != 0) judgement.thresholdRatio = *judgement.value / *other;
    }
    if (!judgement.value) {
      judgement.note = "no such figure: " + expectation.name;
    } else if (!judgement.thresholdValue) {
      judgement.note = "no such figure: " + expectation.metric;
    } else if (std::isnan(*judgement.value) || std::isnan(*judgement.thresholdValue)) {
      judgement.note = "not a number";
    } else {
      judgement.exceeded = *judgement.value > *judgement.thresholdValue;
    }
    judgements.push_back(std::move(judgement));
  }
  return judgements;
}

}  // namespace perfscale::stats
