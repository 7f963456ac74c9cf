// `kubectl perfscale report [TRACE[:RUN]]...`: a recorded run's figures as text, JSON, markdown
// or a self-contained HTML page; several runs side by side; thresholds as a CI gate (exit 4).
#include <cxxopts.hpp>
#include <fstream>
#include <iostream>

#include "plugin/command.h"
#include "plugin/command_help.h"
#include "plugin/flag_syntax.h"
#include "plugin/flag_values.h"
#include "plugin/render/renderer.h"
#include "plugin/report_prometheus.h"
#include "plugin/report_thresholds.h"
#include "plugin/trace_figures.h"
#include "store/run_selector.h"
#include "store/trace_error.h"
#include "store/trace_reader.h"

namespace perfscale::plugin {

const CommandUsage kReportUsage = {
    "[TRACE[:RUN]]... [flags]",
    "  # The latest run in perfscale.db\n"
    "  kubectl perfscale report\n"
    "\n"
    "  # One run of run.db as a page with plots, and two runs side by side\n"
    "  kubectl perfscale report run.db:0b5f -o html\n"
    "  kubectl perfscale report a.db b.db:-2\n"
    "\n"
    "  # A CI gate: exit 4 when a threshold fails\n"
    "  kubectl perfscale report --threshold 'Running.P99<=60s' --threshold 'create.errors==0'\n"
    "\n"
    "  # KubeVirt's metrics over the run's window beside the trace's, judged as perfscale-audit\n"
    "  kubectl perfscale report --prometheus http://localhost:9090 --thresholds audit.json\n"
    "  kubectl perfscale report --thresholds audit.json -o audit-json --out results.json\n"};

cxxopts::Options reportOptions() {
  cxxopts::Options options(
      "kubectl perfscale report",
      "Summarize recorded runs: latencies by phase (server and client clocks), deletion, "
      "requests, watches, rates over time, iterations, thresholds. A TRACE alone is its latest "
      "run; RUN is a uuid, a uuid prefix, -1 (the latest), -2, ...");
  std::vector<std::string_view> formats;
  for (const auto& renderer : render::renderers())
    formats.push_back(renderer.name);
  options.add_options()("o,output", "Output format",
                        cxxopts::value<std::string>()->default_value("text"),
                        values::oneOf(formats))(
      "out", "Write to FILE instead of stdout (html default: perfscale-report-<uuid8>.html)",
      cxxopts::value<std::string>(), "FILE")("h,help", "Show this help")(
      "trace", "", cxxopts::value<std::vector<std::string>>(), std::string(values::kRunSelector));
  {
    auto add = options.add_options("Thresholds");
    addThresholdFlags(add);
  }
  {
    auto add = options.add_options("Prometheus");
    addPrometheusFlags(add);
  }
  options.parse_positional({"trace"});
  return options;
}

int reportMain(int argc, char** argv) {
  auto options = reportOptions();
  const auto parsed = parseGoStyle(options, argc, argv);
  if (parsed.count("help")) {
    std::cout << commandHelp(options, kReportUsage);
    return 0;
  }
  const auto format = parsed["output"].as<std::string>();
  const render::Renderer* renderer = render::findRenderer(format);
  if (renderer == nullptr) {
    std::cerr << "error: --output " << format << ": expected one of " << render::rendererNames()
              << '\n';
    return 1;
  }
  std::vector<std::string> selectors = {"perfscale.db"};
  if (parsed.count("trace")) selectors = parsed["trace"].as<std::vector<std::string>>();

  render::Report report;
  std::vector<stats::Threshold> thresholds;
  PrometheusSetup prometheus;
  try {
    prometheus = prometheusSetup(parsed);
    // A perfscale-audit input is judged against Prometheus' figures when there is one to ask.
    thresholds = thresholdsFromFlags(parsed, !(prometheus.connection && prometheus.audit));
    for (const auto& text : selectors) {
      const auto selector = store::parseRunSelector(text);
      const store::TraceReader reader(selector.path);
      const auto run = store::selectRun(reader, selector);
      report.runs.push_back(figuresOf(reader, run));
      report.sources.push_back(selector.path + ":" + run.info.uuid.substr(0, 8));
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  if (!thresholds.empty() && report.runs.size() != 1) {
    std::cerr << "error: thresholds apply to one run; name one trace or run\n";
    return 1;
  }
  if (prometheus.connection && report.runs.size() != 1) {
    std::cerr << "error: --prometheus compares one run; name one trace or run\n";
    return 1;
  }
  if (format == "audit-json" && !prometheus.connection) {
    std::cerr << "error: -o audit-json writes Prometheus' figures: give --prometheus URL (or a "
                 "--thresholds file with prometheusURL)\n";
    return 1;
  }
  if (!thresholds.empty()) report.thresholds = checkThresholds(thresholds, report.runs.front());
  if (prometheus.connection) {
    try {
      report.prometheus = comparePrometheus(prometheus, report.runs.front());
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << '\n';
      return 1;
    }
    for (auto& checked : checkedAudit(*report.prometheus))
      report.thresholds.push_back(std::move(checked));
  }
  bool thresholdFailed = false;
  for (const auto& checked : report.thresholds)
    thresholdFailed = thresholdFailed || !checked.passed;

  std::string outPath = parsed.count("out") ? parsed["out"].as<std::string>() : "";
  if (outPath.empty() && format == "html")
    outPath = "perfscale-report-" + report.runs.front().info.uuid.substr(0, 8) + ".html";
  if (outPath.empty()) {
    renderer->render(std::cout, report);
  } else {
    std::ofstream out(outPath, std::ios::binary | std::ios::trunc);
    if (out) renderer->render(out, report);
    if (!out || !out.flush()) {
      std::cerr << "error: cannot write " << outPath << "\n";
      return 1;
    }
    std::cout << "wrote " << outPath << '\n';
  }
  return thresholdFailed ? kThresholdFailedExit : 0;
}

}  // namespace perfscale::plugin
