// The HTML report (see html_renderer.h). Every string that comes from a run is user input and
// goes through escapeXml; every number comes from stats::RunFigures. With several runs, the
// plots overlay one colour per run and the tables repeat their columns per run.
#include "plugin/render/html_renderer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>
#include <sstream>

#include "plugin/render/prometheus_table.h"
#include "plugin/render/svg_plot.h"

namespace perfscale::plugin::render {
namespace {

using stats::Distribution;
using stats::RunFigures;

constexpr double kPageWidth = 1190;
constexpr size_t kMaxListRows = 1000;  // VMIs, namespaces, iterations listed per run
constexpr size_t kMaxIterationBars = 150;

// ----- Numbers -----

std::string fixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

// A latency or duration: ms below a second, s above, to the digits the text format prints
// (0.42 ms, 12.3 ms, 1.534 s for its 1534 ms); whole seconds (server times) stay whole.
std::string latency(int64_t ns) {
  const int64_t a = ns < 0 ? -ns : ns;
  if (a == 0) return "0";
  if (a < 10'000'000) return fixed(static_cast<double>(ns) / 1e6, 2) + " ms";
  if (a < 999'950'000) return fixed(static_cast<double>(ns) / 1e6, 1) + " ms";
  if (a % 1'000'000'000 == 0) return std::to_string(ns / 1'000'000'000) + " s";
  return fixed(static_cast<double>(std::llround(static_cast<double>(ns) / 1e6)) / 1e3, 3) + " s";
}

std::string latency(double ns) {
  return latency(static_cast<int64_t>(std::llround(ns)));
}

// A moment of the run: seconds since its start.
std::string offset(RunClock t) {
  return fixed(static_cast<double>(t.count()) / 1e9, 2) + " s";
}

std::string byteSize(int64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  auto v = static_cast<double>(bytes);
  size_t u = 0;
  for (v /= 1024; v >= 1024 && u < 3; v /= 1024)
    ++u;
  return fixed(v, 1) + " " + units[u];
}

std::string utcRfc3339(int64_t wallNs) {
  if (wallNs <= 0) return "";
  const auto seconds = static_cast<std::time_t>(wallNs / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03d", static_cast<int>(wallNs / 1'000'000 % 1000));
  return std::string(buffer) + millis + "Z";
}

// Arguments as a shell would take them back.
std::string shellWords(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    const bool plain = !w.empty() && w.find_first_not_of(
                                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                         "0123456789-_=./:,@%+") == std::string::npos;
    if (plain) {
      out += w;
      continue;
    }
    out += '\'';
    for (char c : w)
      out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += '\'';
  }
  return out;
}

std::string esc(std::string_view text) {
  return escapeXml(text);
}

// Compact JSON laid out two spaces per level, to be read; anything else as it is.
std::string indentJson(std::string_view json) {
  const auto start = json.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || (json[start] != '{' && json[start] != '[')) {
    return std::string(json);
  }
  std::string out;
  size_t depth = 0;
  bool inString = false, escaped = false;
  auto newline = [&] { out += '\n' + std::string(depth * 2, ' '); };
  for (size_t i = start; i < json.size(); ++i) {
    const char c = json[i];
    if (inString) {
      out += c;
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        inString = false;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '{' || c == '[') {
      const auto next = json.find_first_not_of(" \t\r\n", i + 1);
      out += c;
      if (next != std::string_view::npos && (json[next] == '}' || json[next] == ']')) {
        out += json[next];  // {} and [] stay on one line
        i = next;
        continue;
      }
      ++depth;
      newline();
    } else if (c == '}' || c == ']') {
      depth = depth ? depth - 1 : 0;
      newline();
      out += c;
    } else if (c == ',') {
      out += c;
      newline();
    } else if (c == ':') {
      out += ": ";
    } else {
      inString = c == '"';
      out += c;
    }
  }
  return out;
}

// ----- Runs and colours -----

std::vector<std::string> runLabels(const Report& report) {
  std::vector<std::string> labels;
  for (size_t i = 0; i < report.runs.size(); ++i) {
    std::string label = i < report.sources.size() ? report.sources[i] : "";
    if (label.empty()) label = report.runs[i].info.uuid.substr(0, 8);
    if (label.empty()) label = "run " + std::to_string(i + 1);
    if (std::find(labels.begin(), labels.end(), label) != labels.end())
      label += " (" + std::to_string(i + 1) + ")";
    labels.push_back(label);
  }
  return labels;
}

const char* runColor(size_t i) {
  static const char* colors[] = {"#1f6fb4", "#d6452a", "#2e9d4a", "#8a55b5",
                                 "#e08b00", "#7a5a45", "#d4589f", "#5b6b7a"};
  return colors[i % std::size(colors)];
}

std::string phaseColor(const std::string& phase, size_t index) {
  static const std::map<std::string, std::string> known = {
      {"", "#c9ced6"},          {"Pending", "#9ec5e8"}, {"Scheduling", "#f6c879"},
      {"Scheduled", "#ee9a4d"}, {"Running", "#4caf6a"}, {"Succeeded", "#8a7fc8"},
      {"Failed", "#d9453b"},    {"Unknown", "#7f7f7f"}};
  const auto it = known.find(phase);
  if (it != known.end()) return it->second;
  static const char* others[] = {"#17becf", "#bcbd22", "#8c564b", "#e377c2"};
  return others[index % std::size(others)];
}

// Telling phases apart on overlaid runs, where colour means the run.
std::string phaseDash(const std::string& phase, size_t index) {
  static const std::map<std::string, std::string> known = {
      {"", "1 5"},           {"Pending", "1 3"},
      {"Scheduling", "4 3"}, {"Scheduled", "10 3"},
      {"Running", ""},       {"Succeeded", "10 3 2 3"},
      {"Failed", "2 2"},     {"Unknown", "14 3 2 3 2 3"}};
  const auto it = known.find(phase);
  if (it != known.end()) return it->second;
  static const char* others[] = {"6 6", "12 2", "3 6 9 6"};
  return others[index % std::size(others)];
}

std::string phaseName(const std::string& phase) {
  return phase.empty() ? "no phase yet" : phase;
}

// ----- Plots -----

// Every time plot spans the longest run, so that plots stacked on the page line up.
Axis timeAxis(const Report& report) {
  Axis a{"time since start", "s"};
  a.min = 0;
  double end = 0;
  for (const auto& run : report.runs) {
    end = std::max(end, static_cast<double>(run.duration.count()) / 1e9);
    for (const auto& s : run.seconds)
      end = std::max(end, static_cast<double>(s.second + 1));
  }
  if (end > 0) a.max = end;
  a.format = [](double s) { return formatNumber(s, 6) + " s"; };
  return a;
}

// A run's seconds from 0 to its last, a missing second counting nothing and holding the phases.
std::vector<stats::SecondFigures> denseSeconds(const RunFigures& run) {
  auto given = run.seconds;
  std::sort(given.begin(), given.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  std::vector<stats::SecondFigures> dense;
  for (const auto& s : given) {
    if (s.second < 0) continue;
    while (static_cast<int64_t>(dense.size()) < s.second) {
      stats::SecondFigures gap;
      gap.second = static_cast<int64_t>(dense.size());
      if (!dense.empty()) gap.byPhase = dense.back().byPhase;
      dense.push_back(gap);
    }
    if (static_cast<int64_t>(dense.size()) == s.second) dense.push_back(s);
  }
  return dense;
}

// Figures of seconds 0, 1, ... as steps: each value holds over its second; NaN leaves a gap.
std::vector<Point> perSecondSteps(const std::vector<double>& values) {
  std::vector<Point> points;
  for (size_t i = 0; i < values.size(); ++i) {
    points.push_back({static_cast<double>(i), values[i]});
    const bool closes = i + 1 == values.size() || std::isnan(values[i + 1]);
    if (!std::isnan(values[i]) && closes) points.push_back({static_cast<double>(i + 1), values[i]});
  }
  return points;
}

SvgPlot phasesPlot(const Report& report, const std::vector<std::string>& labels) {
  Axis y{"VMIs", ""};
  y.min = 0;
  y.format = [](double v) { return formatNumber(v, 8); };
  SvgPlot plot("VMIs by phase over time", timeAxis(report), y);
  plot.setHoverColumns(true);
  std::vector<LegendEntry> legend;
  const bool several = report.runs.size() > 1;
  std::set<std::string> phasesShown;
  for (size_t r = 0; r < report.runs.size(); ++r) {
    const auto& run = report.runs[r];
    const auto seconds = denseSeconds(run);
    if (seconds.empty()) continue;
    // At the run's start none of its VMIs exists yet.
    std::vector<double> x = {0};
    for (const auto& s : seconds)
      x.push_back(static_cast<double>(s.second + 1));
    StackedArea stack;
    stack.x = x;
    for (size_t p = 0; p < run.phaseOrder.size(); ++p) {
      std::vector<double> values = {0};
      bool any = false;
      for (const auto& s : seconds) {
        values.push_back(p < s.byPhase.size() ? static_cast<double>(s.byPhase[p]) : 0);
        any = any || values.back() != 0;
      }
      if (!any) continue;
      const std::string name = phaseName(run.phaseOrder[p]);
      if (!several) {
        stack.layers.push_back({name, phaseColor(run.phaseOrder[p], p), values});
        legend.push_back(LegendEntry::box(name, phaseColor(run.phaseOrder[p], p)));
        continue;
      }
      Series line{labels[r] + " " + name, runColor(r), Shape::Line,
                  phaseDash(run.phaseOrder[p], p)};
      for (size_t i = 0; i < x.size(); ++i)
        line.points.push_back({x[i], values[i]});
      plot.add(std::move(line));
      if (phasesShown.insert(name).second)
        legend.push_back(LegendEntry::line(name, "#555", phaseDash(run.phaseOrder[p], p)));
    }
    if (!several) plot.add(std::move(stack));
  }
  if (several) {
    for (size_t r = 0; r < report.runs.size(); ++r)
      legend.insert(legend.begin() + static_cast<std::ptrdiff_t>(r),
                    LegendEntry::box(labels[r], runColor(r)));
    plot.setNote("Colour: run; dash: phase. VMIs present at the end of each second.");
  } else {
    plot.setNote("VMIs present at the end of each second, stacked by their last phase seen.");
  }
  plot.setLegend(std::move(legend));
  return plot;
}

std::vector<SvgPlot> cdfPlots(const Report& report, const std::vector<std::string>& labels) {
  // Phases in the order the runs list them, each in a panel of its own, all on one x range.
  std::vector<std::string> phases;
  double lo = INFINITY, hi = 0;
  for (const auto& run : report.runs) {
    for (const auto& phase : run.phases) {
      for (const auto* cdf : {&phase.clientCdf, &phase.serverCdf}) {
        for (const auto& point : *cdf) {
          const double s = static_cast<double>(point.ns) / 1e9;
          if (s > 0) lo = std::min(lo, s), hi = std::max(hi, s);
        }
      }
      if ((!phase.clientCdf.empty() || !phase.serverCdf.empty()) &&
          std::find(phases.begin(), phases.end(), phase.phase) == phases.end())
        phases.push_back(phase.phase);
    }
  }
  Axis x{"latency from creation", "s"};
  x.log = hi > 0 && hi / lo > 50;
  if (hi > 0) {
    x.min = x.log ? lo : 0.0;
    x.max = hi;
  } else {
    x.min = 0;
  }
  x.format = [](double s) { return latency(s * 1e9); };
  Axis y{"fraction of VMIs", ""};
  y.min = 0, y.max = 1;
  y.format = [](double v) { return formatNumber(v * 100, 3) + "%"; };

  const bool several = report.runs.size() > 1;
  const char* clientColor = "#1f6fb4";
  const char* serverColor = "#e07b00";
  std::vector<LegendEntry> legend;
  if (several) {
    for (size_t r = 0; r < report.runs.size(); ++r)
      legend.push_back(LegendEntry::box(labels[r], runColor(r)));
    legend.push_back(LegendEntry::line("client", "#555"));
    legend.push_back(LegendEntry::line("server", "#555", "6 3"));
  } else {
    legend.push_back(LegendEntry::line("client (watch)", clientColor));
    legend.push_back(LegendEntry::line("server (timestamps)", serverColor, "6 3"));
  }
  std::vector<SvgPlot> panels;
  for (const auto& phase : phases) {
    SvgPlot plot("Creation → " + phase, x, y);
    plot.setHoverColumns(true);
    plot.setLegend(legend);
    for (size_t r = 0; r < report.runs.size(); ++r) {
      const auto& run = report.runs[r];
      const auto it = std::find_if(run.phases.begin(), run.phases.end(),
                                   [&](const auto& p) { return p.phase == phase; });
      if (it == run.phases.end()) continue;
      for (const bool server : {false, true}) {
        const auto& cdf = server ? it->serverCdf : it->clientCdf;
        if (cdf.empty()) continue;
        const std::string clock = server ? "server" : "client";
        Series s{several ? labels[r] + " " + clock : clock,
                 several ? runColor(r) : (server ? serverColor : clientColor), Shape::Step,
                 server ? "6 3" : ""};
        s.points.push_back({static_cast<double>(cdf.front().ns) / 1e9, 0});
        for (const auto& point : cdf)
          s.points.push_back({static_cast<double>(point.ns) / 1e9, point.fraction});
        plot.add(std::move(s));
      }
    }
    panels.push_back(std::move(plot));
  }
  if (panels.empty()) {
    SvgPlot plot("Latency from creation to each phase", x, y);
    plot.setLegend(legend);
    panels.push_back(std::move(plot));
  }
  panels.front().setNote(x.log ? "Log scale; 0 and below at the left edge." : "");
  return panels;
}

SvgPlot ratePlot(const Report& report, const std::vector<std::string>& labels) {
  Axis y{"per second", ""};
  y.min = 0;
  y.format = [](double v) { return formatNumber(v, 8); };
  SvgPlot plot("Create rate: asked vs achieved, with 429s and errors", timeAxis(report), y);
  plot.setHoverColumns(true);
  const bool several = report.runs.size() > 1;
  struct Kind {
    const char* name;
    size_t stats::SecondFigures::*field;
    Shape shape;
    const char* dash;
    Marker marker;
    const char* color;  // of a single run
    bool ofSeveral;     // drawn when runs are overlaid
  };
  const Kind kinds[] = {
      {"asked", &stats::SecondFigures::asked, Shape::Step, "6 3", Marker::Circle, "#8c959f", true},
      {"sent", &stats::SecondFigures::sent, Shape::Step, "2 2", Marker::Circle, "#1f6fb4", false},
      {"created", &stats::SecondFigures::created, Shape::Step, "", Marker::Circle, "#2e9d4a", true},
      {"429s", &stats::SecondFigures::throttled, Shape::Markers, "", Marker::Triangle, "#e08b00",
       true},
      {"errors", &stats::SecondFigures::errors, Shape::Markers, "", Marker::Cross, "#cf222e", true},
  };
  std::vector<LegendEntry> legend;
  for (size_t r = 0; r < report.runs.size(); ++r) {
    const auto seconds = denseSeconds(report.runs[r]);
    if (several) legend.push_back(LegendEntry::box(labels[r], runColor(r)));
    for (const auto& kind : kinds) {
      if (several && !kind.ofSeveral) continue;
      Series s{several ? labels[r] + " " + kind.name : kind.name,
               several ? runColor(r) : kind.color, kind.shape, kind.dash, kind.marker};
      if (kind.shape == Shape::Markers) {
        for (const auto& second : seconds) {
          const auto v = static_cast<double>(second.*kind.field);
          if (v != 0) s.points.push_back({static_cast<double>(second.second) + 0.5, v});
        }
      } else {
        std::vector<double> values;
        values.reserve(seconds.size());
        for (const auto& second : seconds)
          values.push_back(static_cast<double>(second.*kind.field));
        s.points = perSecondSteps(values);
      }
      if (!s.points.empty()) plot.add(std::move(s));
    }
  }
  for (const auto& kind : kinds) {
    if (several && !kind.ofSeveral) continue;
    const char* color = several ? "#555" : kind.color;
    legend.push_back(kind.shape == Shape::Markers ? LegendEntry::mark(kind.name, color, kind.marker)
                                                  : LegendEntry::line(kind.name, color, kind.dash));
  }
  plot.setLegend(std::move(legend));
  plot.setNote(
      "asked: creates the pacer scheduled; sent: first tries; created: answered 2xx; 429s and "
      "errors: tries of any request.");
  return plot;
}

SvgPlot latencyPlot(const Report& report, const std::vector<std::string>& labels) {
  int64_t highest = 0;
  for (const auto& run : report.runs)
    for (const auto& s : run.seconds)
      highest = std::max(highest, s.latencyP99);
  const bool inSeconds = highest >= 2'000'000'000;
  const double unit = inSeconds ? 1e9 : 1e6;
  Axis y{"P99 latency", inSeconds ? "s" : "ms"};
  y.min = 0;
  y.format = [unit](double v) { return latency(v * unit); };
  SvgPlot plot("Request latency over time (P99 of the requests done in each second)",
               timeAxis(report), y);
  plot.setHoverColumns(true);
  std::vector<LegendEntry> legend;
  for (size_t r = 0; r < report.runs.size(); ++r) {
    Series s{report.runs.size() > 1 ? labels[r] : "P99", runColor(r), Shape::Step};
    std::vector<double> values;
    for (const auto& second : denseSeconds(report.runs[r]))
      values.push_back(second.latencyP99 > 0 ? static_cast<double>(second.latencyP99) / unit : NAN);
    s.points = perSecondSteps(values);
    legend.push_back(
        LegendEntry::line(report.runs.size() > 1 ? labels[r] : "P99 of all requests", runColor(r)));
    plot.add(std::move(s));
  }
  plot.setLegend(std::move(legend));
  plot.setNote("Server time: request sent → answer read, of every answered try; gaps: no request.");
  return plot;
}

std::string iterationName(const stats::IterationFigures& it) {
  return (it.cycle ? "cycle " : "#") + std::to_string(it.index);
}

SvgPlot iterationsPlot(const Report& report, const std::vector<std::string>& labels) {
  Axis y{"", ""};
  SvgPlot plot("Iterations: creating, waiting for Running, running, deleting", timeAxis(report), y);
  struct Stage {
    const char* name;
    std::optional<RunClock> stats::IterationFigures::*at;
    const char* color;
  };
  const Stage stages[] = {
      {"creating", &stats::IterationFigures::started, "#4c78a8"},
      {"waiting for Running", &stats::IterationFigures::created, "#f2a541"},
      {"all Running", &stats::IterationFigures::allRunning, "#54a24b"},
      {"deleting", &stats::IterationFigures::deletionStarted, "#b279a2"},
      {"finishing", &stats::IterationFigures::allGone, "#9d9d9d"},
      {"", &stats::IterationFigures::ended, ""},
  };
  const char* kCycleColor = "#3aa6a0";
  bool anyCycle = false;
  std::vector<std::string> rows;
  size_t total = 0;
  for (size_t r = 0; r < report.runs.size(); ++r) {
    const auto& run = report.runs[r];
    total += run.iterations.size();
    for (const auto& it : run.iterations) {
      if (rows.size() >= kMaxIterationBars) break;
      const std::string name =
          (report.runs.size() > 1 ? labels[r] + " " : std::string()) + iterationName(it);
      const size_t row = rows.size();
      rows.push_back(name);
      if (it.cycle) {
        anyCycle = true;
        const auto end = it.ended.value_or(run.duration);
        if (it.started) {
          plot.add(Bar{row, static_cast<double>(it.started->count()) / 1e9,
                       static_cast<double>(end.count()) / 1e9, kCycleColor,
                       name + ": " + offset(*it.started) + " → " + offset(end) + " (" +
                           latency(static_cast<int64_t>((end - *it.started).count())) + "), " +
                           std::to_string(it.vmis) + " VMIs replaced" +
                           (it.ended ? "" : ", unfinished when the run ended"),
                       !it.ended});
        }
        continue;
      }
      const Stage* from = nullptr;
      for (const auto& stage : stages) {
        if (!(it.*stage.at)) continue;
        if (from) {
          const auto t0 = *(it.*from->at), t1 = *(it.*stage.at);
          plot.add(Bar{row, static_cast<double>(t0.count()) / 1e9,
                       static_cast<double>(t1.count()) / 1e9, from->color,
                       name + " " + from->name + ": " + offset(t0) + " → " + offset(t1) + " (" +
                           latency(static_cast<int64_t>((t1 - t0).count())) + "), " +
                           std::to_string(it.vmis) + " VMIs"});
        }
        from = stage.color[0] ? &stage : nullptr;
      }
      if (from && *(it.*from->at) < run.duration) {
        const auto t0 = *(it.*from->at);
        plot.add(Bar{row, static_cast<double>(t0.count()) / 1e9,
                     static_cast<double>(run.duration.count()) / 1e9, from->color,
                     name + " " + from->name + " from " + offset(t0) +
                         ", unfinished when the run "
                         "ended at " +
                         offset(run.duration),
                     true});
      }
    }
  }
  plot.setRows(rows);
  std::vector<LegendEntry> legend;
  for (const auto& stage : stages)
    if (stage.color[0]) legend.push_back(LegendEntry::box(stage.name, stage.color));
  if (anyCycle) legend.push_back(LegendEntry::box("cycle", kCycleColor));
  plot.setLegend(std::move(legend));
  std::string note =
      "Faded: unfinished when the run ended. A cycle is one round of steady-state "
      "churn.";
  if (total > rows.size())
    note = "The first " + std::to_string(rows.size()) + " of " + std::to_string(total) +
           " iterations. " + note;
  plot.setNote(note);
  return plot;
}

// ----- Tables -----

struct Cell {
  std::string html;  // escaped already
  bool number = true;
};

struct Row {
  std::vector<std::string> key;  // plain text
  std::vector<Cell> cells;
};

struct Column {
  std::string label;
  std::string meaning;  // shown when the header is hovered
};

// Rows keyed by their first columns; with several runs the value columns repeat per run.
struct GroupedTable {
  std::vector<std::string> keyHeaders;
  std::vector<Column> columns;
  std::vector<std::vector<Row>> runs;  // one list of rows per run
};

Cell text(const std::string& s) {
  return {esc(s), false};
}
Cell count(size_t n) {
  return {std::to_string(n)};
}

void writeTable(std::ostream& out, const GroupedTable& table,
                const std::vector<std::string>& labels) {
  const bool several = table.runs.size() > 1;
  std::vector<std::vector<std::string>> keys;
  std::vector<std::map<std::vector<std::string>, const Row*>> byKey(table.runs.size());
  for (size_t r = 0; r < table.runs.size(); ++r) {
    for (const auto& row : table.runs[r]) {
      if (byKey[r].emplace(row.key, &row).second &&
          std::find(keys.begin(), keys.end(), row.key) == keys.end())
        keys.push_back(row.key);
    }
  }
  out << "<div class=\"scroll\"><table>\n<thead><tr>";
  const char* span = several ? " rowspan=\"2\"" : "";
  for (const auto& h : table.keyHeaders)
    out << "<th" << span << ">" << esc(h) << "</th>";
  if (several) {
    for (size_t r = 0; r < table.runs.size(); ++r) {
      out << "<th class=\"group group-start\" colspan=\"" << table.columns.size()
          << "\" style=\"color:" << runColor(r) << "\">" << esc(labels[r]) << "</th>";
    }
    out << "</tr>\n<tr>";
  }
  for (size_t r = 0; r < table.runs.size(); ++r) {
    for (size_t c = 0; c < table.columns.size(); ++c) {
      const auto& column = table.columns[c];
      out << "<th" << (several && c == 0 ? " class=\"group-start\"" : "");
      if (!column.meaning.empty()) out << " title=\"" << esc(column.meaning) << "\"";
      out << ">" << esc(column.label) << "</th>";
    }
  }
  out << "</tr></thead>\n<tbody>\n";
  for (const auto& key : keys) {
    out << "<tr>";
    for (const auto& k : key)
      out << "<td class=\"name\">" << esc(k) << "</td>";
    for (size_t r = 0; r < table.runs.size(); ++r) {
      const auto it = byKey[r].find(key);
      for (size_t c = 0; c < table.columns.size(); ++c) {
        const Cell* cell =
            it == byKey[r].end() || c >= it->second->cells.size() ? nullptr : &it->second->cells[c];
        std::string classes = cell && !cell->number ? "" : "num";
        if (several && c == 0) classes += classes.empty() ? "group-start" : " group-start";
        out << "<td" << (classes.empty() ? "" : " class=\"" + classes + "\"") << ">"
            << (cell ? cell->html : "–") << "</td>";
      }
    }
    out << "</tr>\n";
  }
  out << "</tbody></table></div>\n";
}

void writeTableOrEmpty(std::ostream& out, const GroupedTable& table,
                       const std::vector<std::string>& labels, const char* whenEmpty) {
  for (const auto& rows : table.runs) {
    if (!rows.empty()) return writeTable(out, table, labels);
  }
  out << "<p class=\"empty\">" << whenEmpty << "</p>\n";
}

const std::vector<Column> kDistributionColumns = {{"P50", "nearest-rank median"},
                                                  {"P90", ""},
                                                  {"P95", ""},
                                                  {"P99", ""},
                                                  {"min", ""},
                                                  {"max", ""},
                                                  {"mean", ""},
                                                  {"n", "sample size"}};

std::vector<Cell> distributionCells(const Distribution& d) {
  const std::string approx = d.exact ? "" : "≈";
  auto percentile = [&](int64_t v) { return Cell{approx + esc(latency(v))}; };
  return {percentile(d.p50),     percentile(d.p90),     percentile(d.p95),      percentile(d.p99),
          {esc(latency(d.min))}, {esc(latency(d.max))}, {esc(latency(d.mean))}, count(d.count)};
}

bool allExact(const Report& report) {
  for (const auto& run : report.runs) {
    for (const auto& p : run.phases)
      if (!p.server.exact || !p.client.exact) return false;
    for (const auto& d : run.deletion)
      if (!d.server.exact || !d.client.exact) return false;
    for (const auto& r : run.requests)
      if (!r.latency.exact || !r.limiterWait.exact) return false;
  }
  return true;
}

std::string percentileMethod(const Report& report) {
  return allExact(report)
             ? "Percentiles are nearest rank (the smallest measured value with at least P% of the "
               "sample at or below it), exact: every sample was kept."
             : "Percentiles are nearest rank (the smallest value with at least P% of the sample "
               "at or below it). Those marked ≈ are from histogram buckets, within 1.6% of the "
               "exact value: the sample was too large to keep whole.";
}

void writePhaseTables(std::ostream& out, const Report& report,
                      const std::vector<std::string>& labels) {
  GroupedTable phases{{"phase", "clock"}, kDistributionColumns, {}};
  GroupedTable deletion{{"to", "clock"}, kDistributionColumns, {}};
  for (const auto& run : report.runs) {
    auto& rows = phases.runs.emplace_back();
    for (const auto& p : run.phases) {
      if (p.server.count) rows.push_back({{p.phase, "server"}, distributionCells(p.server)});
      if (p.client.count) rows.push_back({{p.phase, "client"}, distributionCells(p.client)});
    }
    auto& gone = deletion.runs.emplace_back();
    for (const auto& d : run.deletion) {
      if (d.server.count) gone.push_back({{d.to, "server"}, distributionCells(d.server)});
      if (d.client.count) gone.push_back({{d.to, "client"}, distributionCells(d.client)});
    }
  }
  out << "<h2 id=\"phase-latency\">Latency from creation to each phase</h2>\n";
  writeTableOrEmpty(out, phases, labels, "No VMI was seen in any phase.");
  out << "<p class=\"note\">server: phaseTransitionTimestamp − metadata.creationTimestamp (as "
         "KubeVirt's kubevirt_vmi_phase_transition_time_from_creation_seconds); real clusters give "
         "both to the whole second, so server times are whole seconds there. client: watch event "
         "received − create request sent. "
      << percentileMethod(report) << "</p>\n";
  out << "<h2 id=\"deletion-latency\">Deletion latency</h2>\n";
  writeTableOrEmpty(out, deletion, labels, "No VMI deletion was observed.");
  out << "<p class=\"note\">client: watch event received − deletion request sent. server "
         "(Succeeded and Failed only): phaseTransitionTimestamp − metadata.deletionTimestamp, "
         "whole seconds on real clusters.</p>\n";
}

std::string statusCounts(const std::map<int, size_t>& byStatus) {
  std::string out;
  for (const auto& [status, n] : byStatus) {
    if (status == 0) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(status) + " × " + std::to_string(n);
  }
  const auto none = byStatus.find(0);
  if (none != byStatus.end())
    out += (out.empty() ? "" : ", ") + std::string("no answer × ") + std::to_string(none->second);
  return out;
}

void writeRequestTables(std::ostream& out, const Report& report,
                        const std::vector<std::string>& labels) {
  GroupedTable requests{{"verb", "resource"},
                        {{"requests", "first tries"},
                         {"tries", "every try"},
                         {"retries", "tries after the first"},
                         {"429s", "tries answered 429 Too Many Requests"},
                         {"errors",
                          "tries answered >= 400 (429s and reused namespaces apart) or "
                          "unanswered"},
                         {"P50", "server time: request sent → answer read, answered tries"},
                         {"P95", ""},
                         {"P99", ""},
                         {"max", ""},
                         {"wait P50", "client-side throttling: scheduled → token granted"},
                         {"wait P99", ""},
                         {"bytes", "sent / received"},
                         {"by status", "tries by HTTP status"}},
                        {}};
  GroupedTable watches{{"resource"},
                       {{"streams", "watch requests opened"},
                        {"open P50", "how long a stream stayed open"},
                        {"open max", ""},
                        {"events", "phases observed (VMIs) or objects gone (namespaces)"},
                        {"reconnects", "streams after the first"},
                        {"relists", "lists again after a 410 Gone"}},
                       {}};
  GroupedTable errors{{"reason"}, {{"tries", ""}}, {}};
  for (const auto& run : report.runs) {
    auto& rows = requests.runs.emplace_back();
    for (const auto& r : run.requests) {
      const std::string approx = r.latency.exact ? "" : "≈";
      const std::string waitApprox = r.limiterWait.exact ? "" : "≈";
      rows.push_back({{r.verb, r.resource},
                      {count(r.requests),
                       count(r.tries),
                       count(r.retries),
                       count(r.throttled),
                       count(r.errors),
                       {approx + esc(latency(r.latency.p50))},
                       {approx + esc(latency(r.latency.p95))},
                       {approx + esc(latency(r.latency.p99))},
                       {esc(latency(r.latency.max))},
                       {waitApprox + esc(latency(r.limiterWait.p50))},
                       {waitApprox + esc(latency(r.limiterWait.p99))},
                       {"<span title=\"" + std::to_string(r.bytesOut) + " / " +
                        std::to_string(r.bytesIn) + " bytes\">" + esc(byteSize(r.bytesOut)) +
                        " / " + esc(byteSize(r.bytesIn)) + "</span>"},
                       text(statusCounts(r.byStatus))}});
    }
    auto& streams = watches.runs.emplace_back();
    for (const auto& w : run.watches) {
      streams.push_back({{w.resource},
                         {count(w.streams),
                          {esc(latency(w.openFor.p50))},
                          {esc(latency(w.openFor.max))},
                          count(w.events),
                          count(w.reconnects),
                          count(w.relists)}});
    }
    auto& reasons = errors.runs.emplace_back();
    for (const auto& [reason, n] : run.errorsByReason)
      reasons.push_back({{reason}, {count(n)}});
  }
  out << "<h2 id=\"requests\">Requests by verb and resource</h2>\n";
  writeTableOrEmpty(out, requests, labels, "No request was recorded.");
  out << "<p class=\"note\">Latency is the server's time as the client sees it (sent → answer "
         "read), of answered tries; wait is the time a request waited for the client's own rate "
         "limiter. Hover a header for its meaning.</p>\n";
  out << "<h2 id=\"watches\">Watches</h2>\n";
  writeTableOrEmpty(out, watches, labels, "No watch was opened.");
  out << "<h2 id=\"errors\">Errors by reason</h2>\n";
  writeTableOrEmpty(out, errors, labels, "No error: every try was answered without a failure.");
}

// A list per run (names differ between runs, so rows would not line up).
template <typename Item, typename WriteRow>
void writeLists(std::ostream& out, const Report& report, const std::vector<std::string>& labels,
                const std::vector<Item> RunFigures::*list, const std::string& headers,
                const char* whenEmpty, WriteRow writeRow) {
  bool any = false;
  for (size_t r = 0; r < report.runs.size(); ++r) {
    const auto& items = report.runs[r].*list;
    if (report.runs.size() > 1)
      out << "<h3 style=\"color:" << runColor(r) << "\">" << esc(labels[r]) << "</h3>\n";
    if (items.empty()) {
      if (report.runs.size() > 1) out << "<p class=\"empty\">" << whenEmpty << "</p>\n";
      continue;
    }
    any = true;
    out << "<div class=\"scroll\"><table>\n<thead><tr>" << headers << "</tr></thead>\n<tbody>\n";
    for (size_t i = 0; i < items.size() && i < kMaxListRows; ++i)
      writeRow(out, items[i]);
    out << "</tbody></table></div>\n";
    if (items.size() > kMaxListRows) {
      out << "<p class=\"note\">The first " << kMaxListRows << " of " << items.size()
          << "; the trace holds them all.</p>\n";
    }
  }
  if (!any && report.runs.size() <= 1) out << "<p class=\"empty\">" << whenEmpty << "</p>\n";
}

std::string phaseSummary(const std::vector<stats::VmiState>& vmis) {
  std::map<std::string, size_t> byPhase;
  for (const auto& v : vmis)
    ++byPhase[v.phase.empty() ? "never seen in a phase" : v.phase];
  std::string out;
  for (const auto& [phase, n] : byPhase)
    out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + phase;
  return out;
}

void writeVmiLists(std::ostream& out, const Report& report,
                   const std::vector<std::string>& labels) {
  auto vmiRow = [](std::ostream& o, const stats::VmiState& v) {
    o << "<tr><td class=\"name\">" << esc(v.ns) << "</td><td class=\"name\">" << esc(v.name)
      << "</td><td>" << esc(v.phase.empty() ? "(never seen in a phase)" : v.phase)
      << "</td></tr>\n";
  };
  const std::string headers = "<th>namespace</th><th>name</th><th>phase</th>";
  out << "<h2 id=\"never-ran\">VMIs that never ran</h2>\n<p class=\"note\">Failed, or gone, "
         "before Running. ";
  for (size_t r = 0; r < report.runs.size(); ++r) {
    if (!report.runs[r].neverRan.empty())
      out << (report.runs.size() > 1 ? esc(labels[r]) + ": " : "")
          << esc(phaseSummary(report.runs[r].neverRan)) << ". ";
  }
  out << "</p>\n";
  writeLists(out, report, labels, &RunFigures::neverRan, headers, "Every VMI ran.", vmiRow);
  out << "<h2 id=\"stuck\">Stuck VMIs</h2>\n<p class=\"note\">At the end neither Running, nor "
         "gone, nor Failed. ";
  for (size_t r = 0; r < report.runs.size(); ++r) {
    if (!report.runs[r].stuck.empty())
      out << (report.runs.size() > 1 ? esc(labels[r]) + ": " : "")
          << esc(phaseSummary(report.runs[r].stuck)) << ". ";
  }
  out << "</p>\n";
  writeLists(out, report, labels, &RunFigures::stuck, headers, "No VMI was stuck.", vmiRow);
  out << "<h2 id=\"reused-namespaces\">Reused namespaces</h2>\n<p class=\"note\">Namespaces that "
         "existed already (409 on create).</p>\n";
  writeLists(out, report, labels, &RunFigures::reusedNamespaces, "<th>namespace</th>",
             "No namespace existed before the run.", [](std::ostream& o, const std::string& ns) {
               o << "<tr><td class=\"name\">" << esc(ns) << "</td></tr>\n";
             });
}

void writeIterationTable(std::ostream& out, const Report& report,
                         const std::vector<std::string>& labels) {
  GroupedTable table{{"iteration"},
                     {{"VMIs", "VMIs created (objects replaced, for a cycle)"},
                      {"started", "seconds since the run's start"},
                      {"created", "every create answered"},
                      {"all Running", ""},
                      {"deletion", "deletion started"},
                      {"all gone", ""},
                      {"ended", ""},
                      {"to all Running", "started → all Running"},
                      {"deleting", "deletion started → all gone"},
                      {"duration", "started → ended"},
                      {"namespaces", ""}},
                     {}};
  auto at = [](const std::optional<RunClock>& t) { return t ? Cell{esc(offset(*t))} : Cell{"–"}; };
  auto between = [](const std::optional<RunClock>& a, const std::optional<RunClock>& b) {
    return a && b ? Cell{esc(latency(static_cast<int64_t>((*b - *a).count())))} : Cell{"–"};
  };
  for (const auto& run : report.runs) {
    auto& rows = table.runs.emplace_back();
    for (size_t i = 0; i < run.iterations.size() && i < kMaxListRows; ++i) {
      const auto& it = run.iterations[i];
      std::string namespaces;
      for (const auto& ns : it.namespaces)
        namespaces += (namespaces.empty() ? "" : ", ") + ns;
      rows.push_back({{iterationName(it)},
                      {count(it.vmis), at(it.started), at(it.created), at(it.allRunning),
                       at(it.deletionStarted), at(it.allGone), at(it.ended),
                       between(it.started, it.allRunning), between(it.deletionStarted, it.allGone),
                       between(it.started, it.ended), text(namespaces)}});
    }
  }
  out << "<h2 id=\"iterations\">Iterations and cycles</h2>\n";
  writeTableOrEmpty(out, table, labels, "No iteration started.");
}

void writeThresholds(std::ostream& out, const Report& report) {
  if (report.thresholds.empty()) return;
  out << "<h2 id=\"thresholds\">Thresholds</h2>\n<div class=\"scroll\"><table>\n<thead><tr>"
         "<th>threshold</th><th>actual</th><th>limit</th><th>result</th><th>note</th></tr>"
         "</thead>\n<tbody>\n";
  for (const auto& t : report.thresholds) {
    out << "<tr><td class=\"name\"><code>" << esc(t.expression) << "</code></td><td class=\"num\">"
        << (t.actual ? esc(formatNumber(*t.actual, 6)) : "–") << "</td><td class=\"num\">"
        << (t.limit ? esc(formatNumber(*t.limit, 6)) : "–") << "</td><td class=\""
        << (t.passed ? "pass\">PASS" : "fail\">FAIL") << "</td><td>" << esc(t.note)
        << "</td></tr>\n";
  }
  out << "</tbody></table></div>\n<p class=\"note\">Latencies in seconds.</p>\n";
}

void writePrometheus(std::ostream& out, const Report& report) {
  if (!report.prometheus) return;
  const Table table = prometheusTable(*report.prometheus);
  out << "<h2 id=\"prometheus\">Prometheus</h2>\n<p class=\"note\">" << esc(table.title)
      << "</p>\n<div class=\"scroll\"><table>\n<thead><tr>";
  for (const auto& h : table.header)
    out << "<th>" << esc(h) << "</th>";
  out << "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows) {
    out << "<tr>";
    for (size_t c = 0; c < row.size(); ++c) {
      out << (c >= table.firstNumberColumn ? "<td class=\"num\">" : "<td class=\"name\">")
          << esc(row[c]) << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</tbody></table></div>\n<p class=\"note\">" << esc(table.note) << "</p>\n";
}

void writeSummary(std::ostream& out, const Report& report, const std::vector<std::string>& labels) {
  GroupedTable table{{"figure"}, {{"value", ""}}, {}};
  for (const auto& run : report.runs) {
    auto& rows = table.runs.emplace_back();
    std::string outcome = toString(run.outcome);
    if (run.exitCode) outcome += ", exit code " + std::to_string(*run.exitCode);
    rows.push_back({{"outcome"}, {text(outcome)}});
    // A run that did not end well has its message in the banner above already.
    if (run.outcome == RunOutcome::Ok && !run.message.empty())
      rows.push_back({{"message"}, {text(run.message)}});
    rows.push_back({{"started (UTC)"}, {text(utcRfc3339(run.info.startedWallNs))}});
    rows.push_back({{"duration"}, {{esc(latency(static_cast<int64_t>(run.duration.count())))}}});
    rows.push_back({{"VMIs asked"}, {count(run.asked)}});
    rows.push_back({{"VMIs created"}, {count(run.created)}});
    rows.push_back({{"creates failed"}, {count(run.failed)}});
    rows.push_back({{"VMIs that never ran"}, {count(run.neverRan.size())}});
    rows.push_back({{"stuck VMIs"}, {count(run.stuck.size())}});
    rows.push_back({{"create rate asked"},
                    {run.askedRate > 0 ? Cell{esc(formatNumber(run.askedRate, 6)) + " /s, burst " +
                                              std::to_string(run.askedBurst)}
                                       : Cell{"unlimited"}}});
    rows.push_back(
        {{"create rate achieved"},
         {run.achievedRate ? Cell{esc(fixed(*run.achievedRate, 1)) + " /s"}
                           : Cell{"not defined: every create fit in the burst", false}}});
    rows.push_back({{"429 answers"}, {count(run.throttled)}});
    rows.push_back({{"failed tries"}, {count(run.errors)}});
    rows.push_back({{"iterations"}, {count(run.iterations.size())}});
    std::string kinds;
    for (const auto& k : run.workloadKinds)
      kinds += (kinds.empty() ? "" : ", ") + k;
    if (!kinds.empty()) rows.push_back({{"workloads"}, {text(kinds)}});
  }
  out << "<h2 id=\"summary\">Summary</h2>\n";
  writeTable(out, table, labels);
}

void writeConfiguration(std::ostream& out, const Report& report,
                        const std::vector<std::string>& labels) {
  GroupedTable table{{"field"}, {{"value", ""}}, {}};
  for (const auto& run : report.runs) {
    const auto& info = run.info;
    auto& rows = table.runs.emplace_back();
    auto add = [&](const char* field, const std::string& value) {
      rows.push_back({{field}, {text(value)}});
    };
    add("uuid", info.uuid);
    add("name", info.name);
    add("kind", info.kind);
    if (!info.replayOf.empty()) add("replay of", info.replayOf);
    add("server URL", info.serverUrl);
    add("context", info.contextName);
    add("user", info.userName);
    add("cluster version", info.clusterVersion);
    add("tool version", info.toolVersion);
    add("host", info.host);
    rows.push_back(
        {{"arguments"}, {{"<code>" + esc(shellWords(info.arguments)) + "</code>", false}}});
    add("started (UTC)", utcRfc3339(info.startedWallNs));
    add("outcome", toString(run.outcome));
    add("exit code", run.exitCode ? std::to_string(*run.exitCode) : "");
    add("message", run.message);
  }
  out << "<h2 id=\"configuration\">Configuration</h2>\n";
  writeTable(out, table, labels);
  for (size_t r = 0; r < report.runs.size(); ++r) {
    const auto& info = report.runs[r].info;
    const std::string of = report.runs.size() > 1 ? " of " + labels[r] : "";
    out << "<details open><summary>Scenario as resolved (JSON)" << esc(of) << "</summary><pre>"
        << esc(indentJson(info.scenarioResolved)) << "</pre></details>\n";
    out << "<details open><summary>Scenario as given" << esc(of) << "</summary><pre>"
        << esc(info.scenarioGiven) << "</pre></details>\n";
  }
}

// ----- The page -----

const char* const kStyle = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
margin:0 auto;max-width:1240px;padding:12px 24px 40px;color:#1b1f24;background:#fff}
h1{font-size:22px;margin:10px 0 2px}
h2{font-size:18px;margin:30px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
h3{font-size:15px;margin:14px 0 4px}
.subtitle{color:#57606a;margin:0 0 10px}
.banner{padding:10px 14px;border-radius:6px;margin:10px 0;font-weight:600}
.banner.bad{background:#ffebe9;border:1px solid #ff8182;color:#82071e}
.banner.good{background:#dafbe1;border:1px solid #4ac26b;color:#116329}
nav{margin:10px 0;font-size:13px}
nav a{margin-right:12px;color:#0969da;text-decoration:none}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:6px 0 4px;font-size:13px}
th,td{padding:3px 6px;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600;white-space:nowrap}
th[title]{text-decoration:underline dotted #8c959f}
th.group{text-align:center}
.group-start{border-left:2px solid #d0d7de}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.name{white-space:nowrap}
tbody tr:nth-child(even){background:#fafbfc}
.pass{color:#116329;font-weight:700}
.fail{color:#cf222e;font-weight:700}
p.note{color:#57606a;font-size:12.5px;margin:4px 0 10px;max-width:1000px}
p.empty{color:#57606a;font-style:italic}
details{margin:8px 0}
summary{cursor:pointer;font-weight:600}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:8px;
white-space:pre-wrap;overflow-wrap:anywhere;font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}
code{font:12px ui-monospace,Menlo,Consolas,monospace}
svg.plot{display:block;max-width:100%;height:auto;margin:8px 0 18px}
svg text{font:11px system-ui,sans-serif;fill:#24292f}
svg .plot-title{font-size:14px;font-weight:600}
svg .axis-title{font-size:12px}
svg .note{fill:#57606a}
svg .no-data{font-size:16px;fill:#8c959f}
svg .frame{fill:none;stroke:#8c959f}
svg .grid path{stroke:#eaeef2}
svg .line{fill:none;stroke-width:1.8;stroke-linejoin:round;stroke-linecap:round}
svg .marker{stroke-width:1.3}
svg .area{stroke:none}
svg .bar.faded{opacity:.4}
svg .hover rect{fill:#000;fill-opacity:0;pointer-events:all}
svg .hover rect:hover{fill-opacity:.07}
)";

void writeBanners(std::ostream& out, const Report& report, const std::vector<std::string>& labels) {
  for (size_t r = 0; r < report.runs.size(); ++r) {
    const auto& run = report.runs[r];
    if (run.outcome == RunOutcome::Ok) continue;
    const std::string who = report.runs.size() > 1 ? "Run " + labels[r] : "This run";
    std::string what;
    switch (run.outcome) {
      case RunOutcome::Incomplete:
        what =
            " is incomplete: its trace ends without the run's end (the writer was stopped), "
            "so the figures reach only as far as its records.";
        break;
      case RunOutcome::Interrupted:
        what = " was interrupted: the figures cover the part that ran.";
        break;
      default:
        what = std::string(" did not complete: outcome ") + toString(run.outcome) + ".";
    }
    out << "<div class=\"banner bad\">" << esc(who + what);
    if (run.exitCode) out << " Exit code " << *run.exitCode << ".";
    if (!run.message.empty()) out << " " << esc(run.message);
    out << "</div>\n";
  }
  if (!report.thresholds.empty()) {
    const auto failed = std::count_if(report.thresholds.begin(), report.thresholds.end(),
                                      [](const auto& t) { return !t.passed; });
    out << "<div class=\"banner " << (failed ? "bad" : "good") << "\">Thresholds: "
        << (failed ? std::to_string(failed) + " of " + std::to_string(report.thresholds.size()) +
                         " failed"
                   : "all " + std::to_string(report.thresholds.size()) + " passed")
        << " (<a href=\"#thresholds\">details</a>)</div>\n";
  }
}

void writePlots(std::ostream& out, const Report& report, const std::vector<std::string>& labels) {
  out << "<h2 id=\"plots\">Plots</h2>\n<p class=\"note\">Hover a plot to read its values.</p>\n";
  writeSvg(out, "plot-phases", kPageWidth, {phasesPlot(report, labels)});
  writeSvg(out, "plot-cdf", kPageWidth, cdfPlots(report, labels), 3);
  writeSvg(out, "plot-rate", kPageWidth, {ratePlot(report, labels)});
  writeSvg(out, "plot-latency", kPageWidth, {latencyPlot(report, labels)});
  writeSvg(out, "plot-iterations", kPageWidth, {iterationsPlot(report, labels)});
}

class HtmlRenderer final : public Renderer {
 public:
  void render(std::ostream& out, const Report& report) const override {
    const auto labels = runLabels(report);
    std::string title = "perfscale report";
    for (size_t r = 0; r < report.runs.size(); ++r) {
      const auto& info = report.runs[r].info;
      title += (r ? " vs " : ": ") +
               (info.name.empty() ? labels[r] : info.name + " (" + labels[r] + ")");
    }
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
           "style-src 'unsafe-inline'\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
        << esc(title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n";
    out << "<h1>" << esc(title) << "</h1>\n";
    for (size_t r = 0; r < report.runs.size(); ++r) {
      const auto& run = report.runs[r];
      out << "<p class=\"subtitle\""
          << (report.runs.size() > 1 ? " style=\"color:" + std::string(runColor(r)) + "\"" : "")
          << ">" << esc(labels[r]) << " · run " << esc(run.info.uuid) << " · started "
          << esc(utcRfc3339(run.info.startedWallNs)) << " · " << esc(run.info.serverUrl)
          << "</p>\n";
    }
    if (report.runs.empty()) out << "<p class=\"empty\">The report holds no run.</p>\n";
    writeBanners(out, report, labels);
    out << "<nav><a href=\"#summary\">summary</a><a href=\"#plots\">plots</a>"
           "<a href=\"#phase-latency\">phase latency</a><a href=\"#deletion-latency\">deletion</a>"
           "<a href=\"#requests\">requests</a><a href=\"#watches\">watches</a>"
           "<a href=\"#errors\">errors</a><a href=\"#never-ran\">never ran</a>"
           "<a href=\"#stuck\">stuck</a><a href=\"#reused-namespaces\">reused namespaces</a>"
           "<a href=\"#iterations\">iterations</a>"
        << (report.prometheus ? "<a href=\"#prometheus\">prometheus</a>" : "")
        << (report.thresholds.empty() ? "" : "<a href=\"#thresholds\">thresholds</a>")
        << "<a href=\"#configuration\">configuration</a></nav>\n";
    writeSummary(out, report, labels);
    writePlots(out, report, labels);
    writePhaseTables(out, report, labels);
    writeRequestTables(out, report, labels);
    writeVmiLists(out, report, labels);
    writeIterationTable(out, report, labels);
    writePrometheus(out, report);
    writeThresholds(out, report);
    writeConfiguration(out, report, labels);
    out << "</body>\n</html>\n";
  }
};

}  // namespace

const Renderer& htmlRenderer() {
  static const HtmlRenderer renderer;
  return renderer;
}

}  // namespace perfscale::plugin::render
