// Renderers turn a report's figures into one output format (text, json, markdown, html). Each
// is registered by name in renderer.cpp, as subcommands are in main.cpp; `report -o NAME`
// and `run -o NAME` find them there. A renderer computes nothing: every number comes from
// stats::RunFigures, so the formats cannot disagree.
#pragma once

#include <Poco/JSON/Object.h>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/stats/audit_input.h"
#include "core/stats/prometheus_figures.h"
#include "core/stats/run_figures.h"

namespace perfscale::plugin::render {

// A threshold as checked against one run's figures.
struct CheckedThreshold {
  std::string expression;        // as written (or as read from a file)
  std::optional<double> actual;  // the figure (seconds for latencies); none when missing
  std::optional<double> limit;   // what it was compared with
  bool passed = false;
  std::string note;  // why it failed other than by value ("no such figure in this run")
};

// What Prometheus said about the run (report --prometheus): its figures, paired with the
// trace's, and perfscale-audit's expectations judged against them.
struct PrometheusComparison {
  stats::PrometheusFigures figures;
  std::vector<stats::FigurePair> pairs;
  std::vector<stats::AuditJudgement> audit;
};

// What a report shows: one or more runs side by side (the first is the reference), and for a
// single run its thresholds and its Prometheus figures.
struct Report {
  std::vector<stats::RunFigures> runs;
  std::vector<std::string> sources;  // where each run came from ("trace.db:0b5f1c2a")
  std::vector<CheckedThreshold> thresholds;
  std::optional<PrometheusComparison> prometheus;
};

class Renderer {
 public:
  virtual ~Renderer() = default;
  virtual void render(std::ostream& out, const Report& report) const = 0;
};

struct RendererEntry {
  std::string_view name;
  std::string_view description;
  const Renderer& (*get)();
};

// Every renderer, in the order --help lists them.
const std::vector<RendererEntry>& renderers();
// The renderer called `name`, or nullptr.
const Renderer* findRenderer(std::string_view name);
// "text, json, markdown, html" for messages.
std::string rendererNames();

// `document` indented by two, and a newline, in one write: Poco ends each indented line with
// std::endl, which wrote the summary of a run line by line (800 write(2) calls).
void writeJson(std::ostream& out, const Poco::JSON::Object& document);

}  // namespace perfscale::plugin::render
