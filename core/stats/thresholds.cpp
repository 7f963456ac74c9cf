// Threshold expressions, the metric-name grammar, kube-burner's and perfscale-audit's
// threshold files, and judging thresholds against a lookup (see thresholds.h).
#include "core/stats/thresholds.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "core/scenario/duration.h"
#include "core/scenario/json_value.h"
#include "core/scenario/scenario_error.h"
#include "core/scenario/yaml_fields.h"
#include "core/spelling.h"
#include "core/stats/audit_input.h"
#include "core/yaml_documents.h"

namespace perfscale::stats {
namespace {

using scenario::SourceLocation;
using scenario::YamlFields;

// --- Metric names -------------------------------------------------------------------------

constexpr std::array<std::string_view, 6> kPhases = {"Pending", "Scheduling", "Scheduled",
                                                     "Running", "Succeeded",  "Failed"};
constexpr std::array<std::string_view, 7> kStats = {"P50", "P90", "P95", "P99",
                                                    "min", "max", "mean"};
constexpr std::array<std::string_view, 2> kDeletionEnds = {"Succeeded", "Failed"};
constexpr std::array<std::string_view, 6> kVerbs = {"create", "get",    "list",
                                                    "watch",  "delete", "deletecollection"};
constexpr std::array<std::string_view, 5> kRequestCounts = {"errors", "tries", "count", "retries",
                                                            "429s"};
constexpr std::array<std::string_view, 9> kRunFigures = {
    "429s",         "errors",      "rate.asked",    "rate.achieved", "vmis.asked",
    "vmis.created", "vmis.failed", "vmis.neverRan", "duration"};

template <std::size_t N>
bool oneOf(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string_view> components(std::string_view name) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t dot; (dot = name.find('.', start)) != std::string_view::npos; start = dot + 1)
    parts.push_back(name.substr(start, dot - start));
  parts.push_back(name.substr(start));
  return parts;
}

// A resource as the API names it in URLs: a lowercase plural such as virtualmachineinstances.
bool isResource(std::string_view text) {
  if (text.empty() || text[0] < 'a' || text[0] > 'z') return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool isRequestFigure(std::string_view last) {
  return oneOf(kStats, last) || oneOf(kRequestCounts, last);
}

// Names without a resource, to suggest the closest one to a misspelt name.
std::vector<std::string> candidateNames(const std::vector<std::string_view>& misspelt) {
  std::vector<std::string> names(kRunFigures.begin(), kRunFigures.end());
  for (const std::string_view phase : kPhases) {
    names.push_back(std::string(phase) + ".count");
    for (const std::string_view stat : kStats) {
      names.push_back(std::string(phase) + "." + std::string(stat));
      names.push_back(std::string(phase) + ".server." + std::string(stat));
    }
  }
  for (const std::string_view stat : kStats) {
    names.push_back("deleted." + std::string(stat));
    for (const std::string_view end : kDeletionEnds) {
      names.push_back("deleted." + std::string(end) + "." + std::string(stat));
      names.push_back("deleted." + std::string(end) + ".server." + std::string(stat));
    }
  }
  for (const std::string_view verb : kVerbs) {
    for (const auto& figures :
         {std::vector<std::string_view>(kStats.begin(), kStats.end()),
          std::vector<std::string_view>(kRequestCounts.begin(), kRequestCounts.end())}) {
      for (const std::string_view figure : figures) {
        names.push_back(std::string(verb) + "." + std::string(figure));
        if (misspelt.size() == 3 && isResource(misspelt[1])) {
          names.push_back(std::string(verb) + "." + std::string(misspelt[1]) + "." +
                          std::string(figure));
        }
      }
    }
  }
  return names;
}

// "unknown metric "Runing.P99" (did you mean "Running.P99"?); ..."
std::string unknownMetric(const std::string& name, const MetricNames& known) {
  std::vector<std::string> candidates;
  for (std::string& candidate : candidateNames(components(name)))
    if (known(candidate)) candidates.push_back(std::move(candidate));
  std::string message = "unknown metric \"" + name + "\"";
  if (const auto closest = closestSpelling(name, candidates))
    message += " (did you mean \"" + *closest + "\"?)";
  return message +
         "; metrics are named like Running.P99, Running.server.P50, Running.count, deleted.P95, "
         "create.P99, create.virtualmachineinstances.errors, rate.achieved, vmis.failed, and "
         "names are case-sensitive";
}

// --- Expressions --------------------------------------------------------------------------

constexpr const char* kHowToWrite =
    " (write METRIC OP VALUE, e.g. Running.P99<=60s, create.errors==0, "
    "rate.achieved>=0.99*rate.asked)";
constexpr const char* kValueForms =
    "a number, a duration such as 60s or 1m30s, a percentage such as 5%, FACTOR*METRIC such "
    "as 0.99*rate.asked, or a metric";

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isOperatorChar(char c) {
  return c == '<' || c == '>' || c == '=' || c == '!';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && isSpace(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back()))
    text.remove_suffix(1);
  return text;
}

bool hasSpace(std::string_view text) {
  return std::any_of(text.begin(), text.end(), isSpace);
}

[[noreturn]] void invalid(std::string_view expression, const std::string& problem) {
  throw ThresholdError("threshold \"" + std::string(expression) + "\": " + problem);
}

// A plain decimal number (sign, digits, fraction, exponent); not inf, nan or hex.
std::optional<double> parseNumber(std::string_view text) {
  if (!text.empty() && text[0] == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text[0] == '-') return std::nullopt;
  }
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [at, error] = std::from_chars(text.data(), end, value, std::chars_format::general);
  if (error != std::errc() || at != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

// A number, or a number followed by '%' (hundredths).
std::optional<double> parseNumberOrPercentage(std::string_view text) {
  if (!text.empty() && text.back() == '%') {
    const std::optional<double> percent = parseNumber(text.substr(0, text.size() - 1));
    if (percent) return *percent / 100;
    return std::nullopt;
  }
  return parseNumber(text);
}

bool startsLikeNumber(std::string_view text) {
  return !text.empty() &&
         ((text[0] >= '0' && text[0] <= '9') || text[0] == '.' || text[0] == '+' || text[0] == '-');
}

// A constant on the right: a number, a percentage or a Go duration (in seconds).
double parseConstant(std::string_view expression, std::string_view value) {
  if (const std::optional<double> number = parseNumberOrPercentage(value)) return *number;
  if (value.back() == '%') {
    invalid(expression, "bad percentage \"" + std::string(value) +
                            "\": write a plain number before the %, e.g. 5%");
  }
  try {
    return std::chrono::duration<double>(scenario::parseGoDuration(value)).count();
  } catch (const std::invalid_argument& e) {
    invalid(expression, e.what());
  }
}

std::optional<Threshold::Op> operatorOf(std::string_view text) {
  if (text == "<") return Threshold::Op::Less;
  if (text == "<=") return Threshold::Op::LessEqual;
  if (text == ">") return Threshold::Op::Greater;
  if (text == ">=") return Threshold::Op::GreaterEqual;
  if (text == "==") return Threshold::Op::Equal;
  if (text == "!=") return Threshold::Op::NotEqual;
  return std::nullopt;
}

void requireKnown(std::string_view expression, const std::string& metric,
                  const MetricNames& known) {
  if (!known(metric)) invalid(expression, unknownMetric(metric, known));
}

bool compare(double actual, Threshold::Op op, double limit) {
  switch (op) {
    case Threshold::Op::Less:
      return actual < limit;
    case Threshold::Op::LessEqual:
      return actual <= limit;
    case Threshold::Op::Greater:
      return actual > limit;
    case Threshold::Op::GreaterEqual:
      return actual >= limit;
    case Threshold::Op::Equal:
      return actual == limit;
    case Threshold::Op::NotEqual:
      return actual != limit;
  }
  return false;
}

// --- Files --------------------------------------------------------------------------------

struct FileContext {
  const std::string& file;
  const MetricNames& known;
};

[[noreturn]] void fileError(const SourceLocation& where, const std::string& problem) {
  throw ThresholdError(scenario::toString(where) + ": " + problem);
}

// "file:line: " for a threshold's text: the line a user looks for, without the column.
std::string linePrefix(const FileContext& context, const YAML::Node& node) {
  SourceLocation where = scenario::locate(context.file, node);
  where.column = 0;
  return scenario::toString(where) + ": ";
}

std::string number(double value) {
  return scenario::formatJsonNumber(value);
}

// kube-burner's vmiLatency names its quantiles after VMI phases and conditions: VMIPending,
// VMIScheduling, VMIScheduled, VMIRunning, VMIReady, VMISucceeded, VMIFailed (and, for the
// virt-launcher pod and VMs, PodCreated, PodScheduled, PodInitialized, PodContainersReady,
// PodReady, VMICreated, VMReady). Older releases validated bare phase names (Pending, ...,
// Running, Ready, Succeeded). podLatency's `Ready` is a pod being up, which for a VMI is
// Running. VMIReady (the Ready condition) comes at or after Running: reading it as Running
// makes the same limit apply to a figure no larger, which is the nearest we measure.
struct ConditionPhase {
  std::string_view condition;
  std::string_view phase;
};
constexpr std::array<ConditionPhase, 14> kConditionPhases = {{
    {"VMIPending", "Pending"},
    {"VMIScheduling", "Scheduling"},
    {"VMIScheduled", "Scheduled"},
    {"VMIRunning", "Running"},
    {"VMIReady", "Running"},
    {"VMISucceeded", "Succeeded"},
    {"VMIFailed", "Failed"},
    {"Pending", "Pending"},
    {"Scheduling", "Scheduling"},
    {"Scheduled", "Scheduled"},
    {"Running", "Running"},
    {"Ready", "Running"},
    {"Succeeded", "Succeeded"},
    {"Failed", "Failed"},
}};

std::string unmappedCondition(const std::string& condition) {
  std::string why;
  if (condition.rfind("Pod", 0) == 0 || condition == "Initialized" ||
      condition == "ContainersReady") {
    why =
        "is a condition of a pod (for a VMI, its virt-launcher pod), which this tool does not "
        "watch; the nearest VMI phases are VMIScheduling (launcher pod created) and "
        "VMIScheduled (launcher pod running)";
  } else if (condition == "VMReady" || condition == "VMICreated") {
    why = "concerns VirtualMachine objects, which this tool does not create";
  } else {
    why = "is not a VMI phase this tool records";
  }
  return "conditionType " + condition + " " + why +
         "; the conditionTypes read here are VMIPending, VMIScheduling, VMIScheduled, "
         "VMIRunning, VMIReady (read as Running), VMISucceeded and VMIFailed";
}

std::optional<std::string> statOfKubeBurnerMetric(const std::string& metric) {
  if (metric == "P50" || metric == "P95" || metric == "P99") return metric;
  if (metric == "Avg") return "mean";
  if (metric == "Max") return "max";
  return std::nullopt;
}

// One `{conditionType, metric, threshold}`: kube-burner fails it when the quantile is above
// the threshold (metrics.CheckThreshold: `v > threshold`), so it reads as `<=`.
void readKubeBurnerThreshold(const YAML::Node& node, const FileContext& context,
                             const std::string& what, std::vector<Threshold>& out) {
  YamlFields fields(node, context.file, what);
  const std::optional<std::string> condition = fields.string("conditionType");
  const std::optional<std::string> metric = fields.string("metric");
  const std::optional<scenario::Duration> threshold = fields.duration("threshold");
  fields.finish();
  if (!condition || !metric || !threshold) {
    const char* missing = !condition ? "conditionType" : !metric ? "metric" : "threshold";
    fileError(fields.location(), what + ": " + missing +
                                     " is missing (write conditionType: VMIRunning, metric: P99, "
                                     "threshold: 60s)");
  }
  const auto* const mapping =
      std::find_if(kConditionPhases.begin(), kConditionPhases.end(),
                   [&](const ConditionPhase& entry) { return entry.condition == *condition; });
  if (mapping == kConditionPhases.end())
    fileError(fields.location("conditionType"), unmappedCondition(*condition));
  const std::optional<std::string> stat = statOfKubeBurnerMetric(*metric);
  if (!stat) {
    fileError(fields.location("metric"), "metric " + *metric +
                                             ": kube-burner's latency metrics are P50, P95, "
                                             "P99, Avg and Max");
  }
  Threshold result;
  result.metric = std::string(mapping->phase) + "." + *stat;
  result.op = Threshold::Op::LessEqual;
  result.value = std::chrono::duration<double>(*threshold).count();
  result.text = linePrefix(context, node) + result.metric +
                " <= " + scenario::formatGoDuration(*threshold) + " (kube-burner " + *condition +
                " " + *metric + ")";
  if (!context.known(result.metric)) {
    fileError(fields.location("conditionType"),
              *condition + " " + *metric + " reads as " + result.metric +
                  ", which is not a figure of this run; remove the threshold");
  }
  out.push_back(std::move(result));
}

void readKubeBurnerList(const YAML::Node& list, const FileContext& context,
                        std::vector<Threshold>& out);

// A measurement entry. Only vmiLatency and podLatency carry latency thresholds we can judge;
// other measurements' options (pprof targets, service timeouts) gate nothing and are skipped.
void readKubeBurnerMeasurement(const YAML::Node& node, const FileContext& context,
                               const std::string& what, std::vector<Threshold>& out) {
  const YAML::Node name = node["name"];
  const std::string measurement = name && name.IsScalar() ? name.Scalar() : "";
  const bool latency =
      measurement.empty() || measurement == "vmiLatency" || measurement == "podLatency";
  if (!latency) {
    if (node["thresholds"]) {
      fileError(scenario::locate(context.file, node["thresholds"]),
                "thresholds of kube-burner's " + measurement +
                    " measurement: this tool measures VMI latencies (vmiLatency) only; move "
                    "them to a vmiLatency measurement or remove them");
    }
    return;
  }
  YamlFields fields(node, context.file,
                    "kube-burner measurement " + (measurement.empty() ? what : measurement) +
                        " (of which only the thresholds are read)");
  fields.string("name");
  const std::optional<YAML::Node> thresholds = fields.node("thresholds");
  fields.finish();
  if (thresholds && !thresholds->IsNull()) readKubeBurnerList(*thresholds, context, out);
}

// A list of thresholds or of measurements, told apart entry by entry.
void readKubeBurnerList(const YAML::Node& list, const FileContext& context,
                        std::vector<Threshold>& out) {
  if (!list.IsSequence()) {
    fileError(
        scenario::locate(context.file, list),
        "expected a list of thresholds or measurements, found " + scenario::describeYaml(list));
  }
  int index = 0;
  for (const YAML::Node& entry : list) {
    ++index;
    const std::string what = "entry " + std::to_string(index);
    if (entry.IsMap() && entry["conditionType"]) {
      readKubeBurnerThreshold(entry, context, "threshold " + std::to_string(index), out);
    } else if (entry.IsMap() && (entry["name"] || entry["thresholds"])) {
      readKubeBurnerMeasurement(entry, context, what, out);
    } else {
      fileError(scenario::locate(context.file, entry),
                what +
                    ": expected a threshold {conditionType, metric, threshold} or a "
                    "measurement {name, thresholds}, found " +
                    scenario::describeYaml(entry));
    }
  }
}

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool endsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// virt-api/virt-controller/virt-handler CPU and memory: (avg|min|max)Virt...(CPUUsage|
// MemoryUsageInMB).
bool isComponentUsage(std::string_view name) {
  const bool aggregate =
      startsWith(name, "avgVirt") || startsWith(name, "minVirt") || startsWith(name, "maxVirt");
  return aggregate && (endsWith(name, "CPUUsage") || endsWith(name, "MemoryUsageInMB"));
}

// Our figure for a perfscale-audit result name. perfscale-audit reads KubeVirt's own metrics
// from Prometheus, so two kinds differ in what they count: `<VERB>-<resource>-count` counts
// the requests of KubeVirt's components, ours those of this tool; `<phase>-phase-count` is
// the VMIs in a phase at the end, ours the VMIs that reached it.
std::string auditFigure(const std::string& name, const SourceLocation& where,
                        const FileContext& context) {
  struct Latency {
    std::string_view prefix;
    std::string_view figure;
  };
  constexpr std::array<Latency, 3> kLatencies = {{
      {"vmiCreationToRunningSeconds", "Running.server."},
      {"vmiDeletionToSucceededSeconds", "deleted.Succeeded.server."},
      {"vmiDeletionToFailedSeconds", "deleted.Failed.server."},
  }};
  std::string figure;
  std::string hint;
  for (const Latency& latency : kLatencies) {
    if (!startsWith(name, latency.prefix)) continue;
    const std::string quantile = name.substr(latency.prefix.size());
    if (quantile != "P50" && quantile != "P95" && quantile != "P99") {
      fileError(where, "\"" + name + "\": perfscale-audit has " + std::string(latency.prefix) +
                           "P50, P95 and P99 only");
    }
    figure = std::string(latency.figure) + quantile;
  }
  if (figure.empty() && isComponentUsage(name)) {
    fileError(where, "\"" + name +
                         "\" is the CPU or memory use of a KubeVirt component, which needs "
                         "Prometheus; this tool's figures come from its own requests and "
                         "watches. Keep that threshold in perfscale-audit and remove it here");
  }
  if (figure.empty() && endsWith(name, "-phase-count")) {
    std::string phase = name.substr(0, name.size() - std::string_view("-phase-count").size());
    if (!phase.empty())
      phase[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(phase[0])));
    figure = phase + ".count";
  } else if (figure.empty() && endsWith(name, "-count")) {
    const std::size_t dash = name.find('-');
    const std::string verb = name.substr(0, dash);
    const std::string resource =
        name.substr(dash + 1, name.size() - std::string_view("-count").size() - dash - 1);
    const bool upper = !verb.empty() && std::all_of(verb.begin(), verb.end(),
                                                    [](char c) { return c >= 'A' && c <= 'Z'; });
    if (upper && !resource.empty()) {
      std::string verbName = verb;
      std::transform(verbName.begin(), verbName.end(), verbName.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      figure = verbName + "." + resource + ".count";
      hint = " (this tool's requests are create, get, list, watch, delete and deletecollection)";
    }
  }
  if (figure.empty()) {
    fileError(where, "unknown perfscale-audit result name \"" + name +
                         "\"; its names are vmiCreationToRunningSecondsP50|P95|P99, "
                         "vmiDeletionToSucceededSecondsP50|P95|P99, "
                         "vmiDeletionToFailedSecondsP50|P95|P99, <VERB>-<resource>-count (e.g. "
                         "CREATE-virtualmachineinstances-count) and <phase>-phase-count");
  }
  if (!context.known(figure)) {
    fileError(where, "\"" + name + "\" reads as " + figure + ", which is not a figure of this run" +
                         hint +
                         "; remove it, or give report --prometheus URL to judge it against "
                         "KubeVirt's metrics");
  }
  return figure;
}

// perfscale-audit's input on the trace's figures: {value} passes when the result is at most the
// value; {metric, ratio} when it is at most ratio times the other result. perfscale-audit itself
// flags a ratio threshold when `value * ratio < other`, the inverse of what its name says; we
// judge `value <= ratio * other`.
void readAuditInput(const YAML::Node& root, const FileContext& context,
                    std::vector<Threshold>& out) {
  const AuditInput input = parseAuditInput(root, context.file);
  for (const AuditExpectation& expectation : input.expectations) {
    const std::string& name = expectation.name;
    Threshold result;
    result.metric = auditFigure(name, expectation.where, context);
    result.op = Threshold::Op::LessEqual;
    const std::string prefix =
        scenario::toString(SourceLocation{context.file, expectation.where.line, 0}) + ": ";
    if (!expectation.metric.empty()) {
      result.rightMetric = auditFigure(expectation.metric, expectation.metricWhere, context);
      result.value = *expectation.ratio;
      result.text = prefix + result.metric + " <= " + number(result.value) + "*" +
                    result.rightMetric + " (" + name + ": metric " + expectation.metric +
                    ", ratio " + number(result.value) + ")";
    } else {
      result.value = *expectation.value;
      result.text = prefix + result.metric + " <= " + number(result.value) + " (" + name +
                    ": value " + number(result.value) + ")";
    }
    out.push_back(std::move(result));
  }
}

std::string readWholeFile(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw ThresholdError(path + ": is a directory; give the path of a thresholds file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ThresholdError(path + ": cannot read the thresholds file (" + std::strerror(errno) +
                         "); check the path and its permissions");
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) {
    throw ThresholdError(path + ": cannot read the thresholds file (" + std::strerror(errno) + ")");
  }
  return content.str();
}

}  // namespace

const char* symbol(Threshold::Op op) {
  switch (op) {
    case Threshold::Op::Less:
      return "<";
    case Threshold::Op::LessEqual:
      return "<=";
    case Threshold::Op::Greater:
      return ">";
    case Threshold::Op::GreaterEqual:
      return ">=";
    case Threshold::Op::Equal:
      return "==";
    case Threshold::Op::NotEqual:
      return "!=";
  }
  return "?";
}

bool isMetricName(const std::string& name) {
  if (oneOf(kRunFigures, name)) return true;
  const std::vector<std::string_view> parts = components(name);
  const std::string_view first = parts.front();
  if (oneOf(kPhases, first)) {
    if (parts.size() == 2) return oneOf(kStats, parts[1]) || parts[1] == "count";
    return parts.size() == 3 && parts[1] == "server" && oneOf(kStats, parts[2]);
  }
  if (first == "deleted") {
    if (parts.size() == 2) return oneOf(kStats, parts[1]);
    if (parts.size() < 3 || !oneOf(kDeletionEnds, parts[1])) return false;
    if (parts.size() == 3) return oneOf(kStats, parts[2]);
    return parts.size() == 4 && parts[2] == "server" && oneOf(kStats, parts[3]);
  }
  if (oneOf(kVerbs, first)) {
    if (parts.size() == 2) return isRequestFigure(parts[1]);
    return parts.size() == 3 && isResource(parts[1]) && isRequestFigure(parts[2]);
  }
  return false;
}

Threshold parseThreshold(const std::string& expression, const MetricNames& known) {
  const std::string_view text = trim(expression);
  if (text.empty()) invalid(text, std::string("it is empty") + kHowToWrite);

  std::size_t metricEnd = 0;
  while (metricEnd < text.size() && !isSpace(text[metricEnd]) && !isOperatorChar(text[metricEnd]) &&
         text[metricEnd] != '*')
    ++metricEnd;
  const std::string metric(text.substr(0, metricEnd));
  const std::string_view rest = trim(text.substr(metricEnd));
  std::size_t operatorEnd = 0;
  while (operatorEnd < rest.size() && isOperatorChar(rest[operatorEnd]))
    ++operatorEnd;
  const std::string operatorText(rest.substr(0, operatorEnd));

  if (metric.empty()) {
    invalid(text, (operatorText.empty() ? std::string("no metric at the start")
                                        : "no metric before \"" + operatorText + "\"") +
                      kHowToWrite);
  }
  if (operatorText.empty()) {
    if (rest.empty())
      invalid(text, "no comparison operator after \"" + metric + "\"" + kHowToWrite);
    const auto nextOperator = static_cast<std::size_t>(
        std::find_if(rest.begin(), rest.end(), isOperatorChar) - rest.begin());
    if (nextOperator < rest.size()) {
      invalid(text, "unexpected \"" + std::string(trim(rest.substr(0, nextOperator))) +
                        "\" between \"" + metric +
                        "\" and the operator (a metric name has no "
                        "spaces)");
    }
    invalid(text, "no comparison operator between \"" + metric + "\" and \"" + std::string(rest) +
                      "\"; write one of < <= > >= == !=");
  }
  const std::optional<Threshold::Op> op = operatorOf(operatorText);
  if (!op && operatorText == "=") invalid(text, "\"=\" is not a comparison; write == for equality");
  if (!op) {
    invalid(text, "unknown operator \"" + operatorText + "\"; write one of < <= > >= == !=");
  }
  const std::string_view value = trim(rest.substr(operatorEnd));
  if (value.empty()) {
    invalid(text, "nothing after \"" + operatorText + "\"; write " + kValueForms);
  }
  if (std::any_of(value.begin(), value.end(), isOperatorChar)) {
    invalid(text, "more than one comparison; write one threshold per expression");
  }
  requireKnown(text, metric, known);

  Threshold threshold;
  threshold.text = std::string(text);
  threshold.metric = metric;
  threshold.op = *op;
  const std::size_t star = value.find('*');
  if (star != std::string_view::npos) {
    const std::string_view factor = trim(value.substr(0, star));
    const std::string_view right = trim(value.substr(star + 1));
    if (factor.empty()) invalid(text, "no factor before \"*\"; write e.g. 0.99*rate.asked");
    if (right.empty()) invalid(text, "no metric after \"*\"; write e.g. 0.99*rate.asked");
    if (hasSpace(factor) || hasSpace(right) || right.find('*') != std::string_view::npos) {
      invalid(text, "unexpected text in \"" + std::string(value) +
                        "\"; write FACTOR*METRIC, e.g. 0.99*rate.asked");
    }
    const std::optional<double> scale = parseNumberOrPercentage(factor);
    if (!scale) {
      invalid(text, "bad factor \"" + std::string(factor) +
                        "\": write a plain number or a percentage, e.g. 0.99*rate.asked or "
                        "99%*rate.asked");
    }
    threshold.value = *scale;
    threshold.rightMetric = std::string(right);
    requireKnown(text, threshold.rightMetric, known);
    return threshold;
  }
  if (hasSpace(value)) {
    const auto space =
        static_cast<std::size_t>(std::find_if(value.begin(), value.end(), isSpace) - value.begin());
    invalid(text, "unexpected \"" + std::string(trim(value.substr(space))) + "\" after \"" +
                      std::string(value.substr(0, space)) + "\"");
  }
  if (startsLikeNumber(value)) {
    threshold.value = parseConstant(text, value);
    return threshold;
  }
  threshold.value = 1;
  threshold.rightMetric = std::string(value);
  requireKnown(text, threshold.rightMetric, known);
  return threshold;
}

std::vector<Threshold> readThresholdsFile(const std::string& path, const MetricNames& known) {
  const std::string content = readWholeFile(path);
  std::vector<YAML::Node> documents;
  try {
    documents = loadYamlDocuments(content);
  } catch (const YAML::Exception& e) {
    fileError(SourceLocation{path, e.mark.line + 1, e.mark.column + 1},
              "not valid YAML or JSON: " + e.msg);
  }
  if (documents.size() > 1) {
    throw ThresholdError(path + ": a thresholds file holds one YAML document, found " +
                         std::to_string(documents.size()));
  }
  const YAML::Node root = documents.empty() ? YAML::Node() : documents.front();
  if (!root.IsDefined() || root.IsNull()) {
    throw ThresholdError(path + ": the file is empty; it sets no thresholds");
  }

  const FileContext context{path, known};
  std::vector<Threshold> thresholds;
  try {
    if (root.IsSequence()) {
      readKubeBurnerList(root, context, thresholds);
    } else if (root.IsMap() && root["thresholdExpectations"]) {
      readAuditInput(root, context, thresholds);
    } else if (root.IsMap() && root["measurements"]) {
      YamlFields fields(root, path, "the thresholds file");
      const std::optional<YAML::Node> measurements = fields.node("measurements");
      fields.finish();
      readKubeBurnerList(*measurements, context, thresholds);
    } else if (root.IsMap() && root["thresholds"]) {
      readKubeBurnerMeasurement(root, context, "the thresholds file", thresholds);
    } else if (root.IsMap() && (root["global"] || root["jobs"])) {
      fileError(scenario::locate(path, root),
                "this looks like a whole kube-burner configuration; put its measurements list "
                "(or just the vmiLatency thresholds) in a file of their own");
    } else {
      fileError(scenario::locate(path, root),
                "neither kube-burner thresholds nor a perfscale-audit input: expected a list of "
                "{conditionType, metric, threshold}, a mapping with measurements, or a mapping "
                "with thresholdExpectations; found " +
                    scenario::describeYaml(root));
    }
  } catch (const scenario::ScenarioError& e) {
    throw ThresholdError(e.what());
  }
  if (thresholds.empty()) {
    throw ThresholdError(path +
                         ": sets no thresholds; a gate that checks nothing would always pass");
  }
  return thresholds;
}

std::vector<ThresholdResult> evaluate(const std::vector<Threshold>& thresholds,
                                      const MetricLookup& lookup) {
  std::vector<ThresholdResult> results;
  results.reserve(thresholds.size());
  for (const Threshold& threshold : thresholds) {
    ThresholdResult result;
    result.threshold = threshold;
    result.actual = lookup(threshold.metric);
    if (threshold.rightMetric.empty()) {
      result.limit = threshold.value;
    } else if (const std::optional<double> other = lookup(threshold.rightMetric)) {
      result.limit = threshold.value * *other;
    }
    if (!result.actual) {
      result.note = "no such figure in this run: " + threshold.metric;
    } else if (!result.limit) {
      result.note = "no such figure in this run: " + threshold.rightMetric;
    } else if (std::isnan(*result.actual) || std::isnan(*result.limit)) {
      result.note = "not a number";
    } else {
      result.passed = compare(*result.actual, threshold.op, *result.limit);
    }
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace perfscale::stats
