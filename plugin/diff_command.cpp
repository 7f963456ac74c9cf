// `kubectl perfscale diff A B`: two recorded runs compared (A the baseline, B the candidate) as
// text, markdown for a pull request comment, or JSON; exit 4 when B regressed or failed a
// threshold, so that CI can gate on it.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cmath>
#include <cxxopts.hpp>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "core/scenario/duration.h"
#include "core/stats/compare.h"
#include "plugin/command.h"
#include "plugin/command_help.h"
#include "plugin/flag_syntax.h"
#include "plugin/flag_values.h"
#include "plugin/render/figure_tables.h"
#include "plugin/render/renderer.h"
#include "plugin/render/table_layout.h"
#include "plugin/report_thresholds.h"
#include "plugin/trace_figures.h"
#include "store/run_selector.h"
#include "store/trace_reader.h"

namespace perfscale::plugin {
namespace {

using render::Table;

struct Side {
  std::string source;  // path:uuid8
  stats::RunFigures figures;
};

Side load(const std::string& text) {
  const auto selector = store::parseRunSelector(text);
  const store::TraceReader reader(selector.path);
  const auto run = store::selectRun(reader, selector);
  return {selector.path + ":" + run.info.uuid.substr(0, 8), figuresOf(reader, run)};
}

// "10%" or a fraction ("0.1").
double parseShare(const std::string& flag, const std::string& text) {
  try {
    size_t used = 0;
    double value = std::stod(text, &used);
    const bool percent = used + 1 == text.size() && text[used] == '%';
    if (used != text.size() && !percent) throw std::invalid_argument(text);
    if (percent) value /= 100;
    if (value < 0 || !std::isfinite(value)) throw std::invalid_argument(text);
    return value;
  } catch (const std::logic_error&) {
    throw std::invalid_argument("--" + flag + " " + text +
                                ": expected a percentage such as 10% or a fraction such as 0.1");
  }
}

// "latency=50ms,rate=1%,count=0": any of the three, in any order.
void parseFloors(const std::string& text, stats::CompareOptions& options) {
  std::istringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    const auto equals = item.find('=');
    const std::string key = item.substr(0, equals);
    const std::string value = equals == std::string::npos ? "" : item.substr(equals + 1);
    try {
      if (key == "latency" && !value.empty()) {
        options.latencyFloor = scenario::parseGoDuration(value);
        if (options.latencyFloor.count() < 0) throw std::invalid_argument(value);
      } else if (key == "rate" && !value.empty()) {
        options.rateFloor = parseShare("floor rate", value);
      } else if (key == "count" && !value.empty()) {
        options.countFloor = std::stod(value);
        if (options.countFloor < 0) throw std::invalid_argument(value);
      } else {
        throw std::invalid_argument(item);
      }
    } catch (const std::logic_error&) {
      throw std::invalid_argument(
          "--floor " + text + ": cannot read '" + item +
          "'; expected latency=DURATION (50ms), rate=PERCENT of the asked rate (1%) or count=N "
          "(0), separated by commas");
    }
  }
}

std::string fixed(double value, int decimals) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(decimals) << value;
  return out.str();
}

std::string formatValue(const stats::ComparisonRow& row, double value) {
  if (row.kind == stats::FigureKind::Latency) {
    const double magnitude = std::abs(value);
    return fixed(value, magnitude < 10 ? 2 : magnitude < 100 ? 1 : 0);
  }
  if (row.kind == stats::FigureKind::Rate || row.name == "rate.asked") return fixed(value, 1);
  return fixed(value, 0);
}

std::string formatOptional(const stats::ComparisonRow& row, const std::optional<double>& value) {
  return value ? formatValue(row, *value) : "-";
}

std::string signedValue(const stats::ComparisonRow& row, double value) {
  return (value > 0 ? "+" : "") + formatValue(row, value);
}

std::string formatP(const std::optional<double>& p) {
  if (!p) return "";
  if (*p < 0.0001) return "<0.0001";
  return fixed(*p, 4);
}

std::vector<std::string> rowCells(const stats::ComparisonRow& row) {
  std::string flags;
  if (row.regression) flags = "REGRESSION";
  if (row.significant) flags += flags.empty() ? "significant" : ", significant";
  return {row.name,
          row.unit,
          formatOptional(row, row.a),
          formatOptional(row, row.b),
          row.change ? signedValue(row, *row.change) : "",
          row.relativeChange
              ? (*row.relativeChange > 0 ? "+" : "") + fixed(*row.relativeChange * 100, 1) + "%"
              : "",
          formatP(row.p),
          flags};
}

Table figureTable(const std::string& title, const std::vector<stats::ComparisonRow>& rows,
                  const std::string& note) {
  Table table;
  table.title = title;
  table.header = {"figure", "unit", "A", "B", "change", "change %", "p", ""};
  table.firstNumberColumn = 2;
  table.note = note;
  for (const auto& row : rows)
    table.rows.push_back(rowCells(row));
  return table;
}

std::string ruleNote(const stats::CompareOptions& options) {
  return "a regression: worse by more than " + fixed(options.tolerance * 100, 0) +
         "% of A and more than the floor (latency " +
         scenario::formatGoDuration(options.latencyFloor) + ", rate " +
         fixed(options.rateFloor * 100, 0) + "% of A's asked rate, counts " +
         fixed(options.countFloor, 0) + "); p: Mann-Whitney U, two-sided, significant below " +
         fixed(options.significance, 2);
}

// A setting on one line of a table: a template's newlines shown as \n, long text cut.
std::string oneLine(const std::string& text) {
  constexpr size_t kWidth = 60;
  std::string line;
  for (const char c : text)
    line += c == '\n' ? std::string("\\n") : std::string(1, c);
  return line.size() <= kWidth ? line : line.substr(0, kWidth - 3) + "...";
}

std::vector<Table> diffTables(const stats::RunComparison& comparison,
                              const stats::CompareOptions& options,
                              const std::vector<render::CheckedThreshold>& thresholds) {
  std::vector<Table> tables;
  std::vector<stats::ComparisonRow> regressions;
  for (const auto& row : comparison.rows)
    if (row.regression) regressions.push_back(row);
  if (!regressions.empty()) tables.push_back(figureTable("regressions", regressions, ""));
  Table config;
  config.title = "configuration";
  config.header = {"setting", "A", "B", ""};
  config.firstNumberColumn = 4;
  for (const auto& item : comparison.config)
    config.rows.push_back(
        {item.name, oneLine(item.a), oneLine(item.b), item.a == item.b ? "" : "differs"});
  tables.push_back(config);
  tables.push_back(
      figureTable("figures (A baseline, B candidate)", comparison.rows, ruleNote(options)));
  if (!thresholds.empty()) {
    Table checked = render::thresholdTable(thresholds);
    checked.title += " (B)";
    tables.push_back(checked);
  }
  return tables;
}

std::vector<std::string> headline(const Side& a, const Side& b,
                                  const stats::RunComparison& comparison) {
  size_t regressions = 0;
  for (const auto& row : comparison.rows)
    regressions += row.regression ? 1 : 0;
  std::vector<std::string> lines = {"diff: A " + a.source + " (baseline), B " + b.source +
                                    " (candidate)"};
  if (!comparison.comparable) lines.push_back("warning: " + comparison.warning);
  lines.push_back(regressions == 0 ? "no regressions"
                                   : std::to_string(regressions) +
                                         (regressions == 1 ? " regression" : " regressions"));
  return lines;
}

Poco::JSON::Object::Ptr ordered() {
  return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

Poco::Dynamic::Var optionalNumber(const std::optional<double>& value) {
  return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

Poco::JSON::Object::Ptr sideJson(const Side& side) {
  auto o = ordered();
  o->set("source", side.source);
  o->set("uuid", side.figures.info.uuid);
  o->set("name", side.figures.info.name);
  return o;
}

void writeJson(std::ostream& out, const Side& a, const Side& b,
               const stats::RunComparison& comparison, const stats::CompareOptions& options,
               const std::vector<render::CheckedThreshold>& thresholds) {
  auto document = ordered();
  document->set("schemaVersion", 1);
  document->set("baseline", sideJson(a));
  document->set("candidate", sideJson(b));
  auto rule = ordered();
  rule->set("tolerance", options.tolerance);
  rule->set("latencyFloorMs", static_cast<double>(options.latencyFloor.count()) / 1e6);
  rule->set("rateFloor", options.rateFloor);
  rule->set("countFloor", options.countFloor);
  rule->set("significance", options.significance);
  document->set("rule", rule);
  document->set("comparable", comparison.comparable);
  document->set("warning", comparison.warning);
  Poco::JSON::Array::Ptr config = new Poco::JSON::Array();
  for (const auto& item : comparison.config) {
    auto o = ordered();
    o->set("name", item.name);
    o->set("a", item.a);
    o->set("b", item.b);
    o->set("differs", item.a != item.b);
    config->add(o);
  }
  document->set("config", config);
  Poco::JSON::Array::Ptr regressions = new Poco::JSON::Array();
  Poco::JSON::Array::Ptr rows = new Poco::JSON::Array();
  for (const auto& row : comparison.rows) {
    if (row.regression) regressions->add(row.name);
    auto o = ordered();
    o->set("name", row.name);
    o->set("unit", row.unit);
    o->set("a", optionalNumber(row.a));
    o->set("b", optionalNumber(row.b));
    o->set("change", optionalNumber(row.change));
    o->set("relativeChange", optionalNumber(row.relativeChange));
    o->set("p", optionalNumber(row.p));
    o->set("regression", row.regression);
    o->set("significant", row.significant);
    rows->add(o);
  }
  document->set("regressed", comparison.regressed);
  document->set("regressions", regressions);
  document->set("rows", rows);
  Poco::JSON::Array::Ptr checked = new Poco::JSON::Array();
  for (const auto& c : thresholds) {
    auto o = ordered();
    o->set("threshold", c.expression);
    o->set("actual", optionalNumber(c.actual));
    o->set("limit", optionalNumber(c.limit));
    o->set("passed", c.passed);
    o->set("note", c.note);
    checked->add(o);
  }
  document->set("thresholds", checked);
  render::writeJson(out, *document);
}

}  // namespace

const CommandUsage kDiffUsage = {
    "A[:RUN] B[:RUN] [flags]",
    "  # The latest run of each file, base.db the baseline\n"
    "  kubectl perfscale diff base.db new.db\n"
    "\n"
    "  # The last two runs of one file, as markdown for a pull request comment\n"
    "  kubectl perfscale diff runs.db:-2 runs.db:-1 -o markdown\n"
    "\n"
    "  # Looser: a 5% tolerance and a 100 ms latency floor\n"
    "  kubectl perfscale diff a.db b.db --tolerance 5% --floor latency=100ms\n"};

cxxopts::Options diffOptions() {
  cxxopts::Options options(
      "kubectl perfscale diff",
      "Compare two recorded runs, A the baseline and B the candidate: configurations, phase "
      "latencies, deletion, requests, errors, rates and durations; flag regressions (exit 4). "
      "A TRACE alone is its latest run; RUN is a uuid, a uuid prefix, -1 (the latest), -2, ...");
  options.add_options()("o,output", "Output format",
                        cxxopts::value<std::string>()->default_value("text"),
                        values::oneOf({"text", "json", "markdown"}))(
      "tolerance", "Relative change past which a figure may regress (of A's value)",
      cxxopts::value<std::string>()->default_value("10%"))(
      "floor",
      "Absolute changes under which nothing regresses: latency=DURATION, rate=PERCENT of A's "
      "asked rate, count=N",
      cxxopts::value<std::string>()->default_value("latency=50ms,rate=1%,count=0"))(
      "h,help", "Show this help")("runs", "", cxxopts::value<std::vector<std::string>>(),
                                  std::string(values::kRunSelector));
  {
    auto add = options.add_options("Thresholds (checked against B)");
    addThresholdFlags(add);
  }
  options.parse_positional({"runs"});
  return options;
}

int diffMain(int argc, char** argv) {
  auto options = diffOptions();
  const auto parsed = parseGoStyle(options, argc, argv);
  if (parsed.count("help")) {
    std::cout << commandHelp(options, kDiffUsage);
    return 0;
  }
  const auto format = parsed["output"].as<std::string>();
  if (format != "text" && format != "json" && format != "markdown") {
    std::cerr << "error: --output " << format << ": expected one of text, json, markdown\n";
    return 1;
  }
  const auto runs = parsed.count("runs") ? parsed["runs"].as<std::vector<std::string>>()
                                         : std::vector<std::string>{};
  if (runs.size() != 2) {
    std::cerr << "error: expected two runs, A (baseline) and B (candidate), as TRACE[:RUN]; got "
              << runs.size() << "\nSee 'kubectl perfscale diff --help'.\n";
    return 1;
  }

  stats::CompareOptions compare;
  std::vector<stats::Threshold> thresholds;
  Side a;
  Side b;
  try {
    compare.tolerance = parseShare("tolerance", parsed["tolerance"].as<std::string>());
    parseFloors(parsed["floor"].as<std::string>(), compare);
    thresholds = thresholdsFromFlags(parsed);
    a = load(runs[0]);
    b = load(runs[1]);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  const auto comparison = stats::compareRuns(a.figures, b.figures, compare);
  const auto checked = checkThresholds(thresholds, b.figures);
  bool thresholdFailed = false;
  for (const auto& c : checked)
    thresholdFailed = thresholdFailed || !c.passed;

  if (format == "json") {
    writeJson(std::cout, a, b, comparison, compare, checked);
  } else {
    const bool markdown = format == "markdown";
    const auto lines = headline(a, b, comparison);
    for (size_t i = 0; i < lines.size(); ++i) {
      if (markdown)
        std::cout << (i == 0 ? "## " : "") << render::markdownCell(lines[i])
                  << (i == 0 ? "\n\n" : "  \n");
      else
        std::cout << lines[i] << '\n';
    }
    for (const auto& table : diffTables(comparison, compare, checked))
      markdown ? render::writeMarkdown(std::cout, table) : render::writeAligned(std::cout, table);
  }
  std::cout.flush();
  return comparison.regressed || thresholdFailed ? kThresholdFailedExit : 0;
}

}  // namespace perfscale::plugin
