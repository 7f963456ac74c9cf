// Tables of a run's figures (see figure_tables.h).
#include "plugin/render/figure_tables.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <set>

namespace perfscale::plugin::render {
namespace {

using stats::Distribution;
using stats::RunFigures;

constexpr size_t kListedVmis = 20;  // stuck and never-ran VMIs listed by name

std::string number(size_t value) {
  return std::to_string(value);
}

std::string kib(int64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", static_cast<double>(bytes) / 1024.0);
  return text;
}

std::string rate(double perSecond) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", perSecond);
  return text;
}

std::vector<std::string> distributionCells(const Distribution& d) {
  const std::string mark = d.exact ? "" : "*";
  return {formatMs(d.p50) + mark,
          formatMs(d.p90) + mark,
          formatMs(d.p95) + mark,
          formatMs(d.p99) + mark,
          formatMs(d.min),
          formatMs(d.max),
          formatMs(static_cast<int64_t>(std::llround(d.mean))),
          number(d.count)};
}

const std::vector<std::string> kDistributionHeader = {"P50", "P90", "P95",  "P99",
                                                      "min", "max", "mean", "n"};

bool anyInexact(const RunFigures& run) {
  for (const auto& p : run.phases)
    if (!p.server.exact || !p.client.exact) return true;
  for (const auto& r : run.requests)
    if (!r.latency.exact || !r.limiterWait.exact) return true;
  return false;
}

std::string percentileNote(const RunFigures& run) {
  return anyInexact(run) ? "nearest-rank percentiles; * from histogram buckets, within 1.6%"
                         : "nearest-rank percentiles of every sample";
}

// One row per (name, clock) with samples: the server's clock first.
void addDistributionRows(Table& t, const std::string& name, const Distribution& server,
                         const Distribution& client) {
  for (const auto& [clock, d] :
       {std::pair<const char*, const Distribution&>{"server", server}, {"client", client}}) {
    if (d.count == 0) continue;
    std::vector<std::string> row = {name, clock};
    auto cells = distributionCells(d);
    row.insert(row.end(), cells.begin(), cells.end());
    t.rows.push_back(std::move(row));
  }
}

Table distributionTable(const std::string& title, const std::string& first) {
  Table t;
  t.title = title;
  t.header = {first, "clock"};
  t.header.insert(t.header.end(), kDistributionHeader.begin(), kDistributionHeader.end());
  t.firstNumberColumn = 2;
  return t;
}

Table phaseTable(const RunFigures& run) {
  Table t = distributionTable("phase latency from creation (ms)", "phase");
  for (const auto& phase : run.phases)
    addDistributionRows(t, phase.phase, phase.server, phase.client);
  t.note =
      "server: phaseTransitionTimestamp - creationTimestamp (whole seconds on real clusters); "
      "client: watch event received - create request sent; " +
      percentileNote(run);
  return t;
}

Table deletionTable(const RunFigures& run) {
  Table t = distributionTable("deletion latency from the deletion request (ms)", "to");
  for (const auto& deletion : run.deletion)
    addDistributionRows(t, deletion.to, deletion.server, deletion.client);
  t.note =
      "server: phaseTransitionTimestamp - deletionTimestamp; client: event received (gone: "
      "deletion seen) - deletion request sent";
  return t;
}

Table requestTable(const RunFigures& run) {
  Table t;
  t.title = "requests (ms)";
  t.header = {"verb", "resource", "requests", "tries",    "retries",  "429s",    "errors", "P50",
              "P95",  "P99",      "max",      "wait P50", "wait P99", "KiB out", "KiB in"};
  t.firstNumberColumn = 2;
  for (const auto& r : run.requests) {
    t.rows.push_back({r.verb, r.resource, number(r.requests), number(r.tries), number(r.retries),
                      number(r.throttled), number(r.errors), formatMs(r.latency.p50),
                      formatMs(r.latency.p95), formatMs(r.latency.p99), formatMs(r.latency.max),
                      formatMs(r.limiterWait.p50), formatMs(r.limiterWait.p99), kib(r.bytesOut),
                      kib(r.bytesIn)});
  }
  t.note =
      "latency: request sent -> answer read (answered tries); wait: scheduled -> rate-limiter "
      "token (client throttling), first tries";
  return t;
}

Table statusTable(const RunFigures& run) {
  Table t;
  t.title = "answers by status";
  t.header = {"verb", "resource", "status", "tries"};
  t.firstNumberColumn = 2;
  for (const auto& r : run.requests) {
    for (const auto& [status, count] : r.byStatus)
      t.rows.push_back(
          {r.verb, r.resource, status == 0 ? "none" : std::to_string(status), number(count)});
  }
  return t;
}

Table watchTable(const RunFigures& run) {
  Table t;
  t.title = "watches";
  t.header = {"resource", "streams",    "open P50 (s)", "open max (s)",
              "events",   "reconnects", "relists"};
  for (const auto& w : run.watches) {
    char p50[32];
    char max[32];
    std::snprintf(p50, sizeof p50, "%.1f", static_cast<double>(w.openFor.p50) / 1e9);
    std::snprintf(max, sizeof max, "%.1f", static_cast<double>(w.openFor.max) / 1e9);
    t.rows.push_back({w.resource, number(w.streams), p50, max, number(w.events),
                      number(w.reconnects), number(w.relists)});
  }
  t.note = "events: phases seen (VMIs) or deletions seen (namespaces)";
  return t;
}

Table errorTable(const RunFigures& run) {
  Table t;
  t.title = "errors by reason";
  t.header = {"reason", "tries"};
  for (const auto& [reason, count] : run.errorsByReason)
    t.rows.push_back({reason, number(count)});
  return t;
}

Table vmiTable(const std::string& title, const std::vector<stats::VmiState>& vmis) {
  Table t;
  t.title = title + " (" + number(vmis.size()) + ")";
  t.header = {"VMI", "last phase"};
  t.firstNumberColumn = 2;
  for (size_t i = 0; i < vmis.size() && i < kListedVmis; ++i) {
    t.rows.push_back(
        {vmis[i].ns + "/" + vmis[i].name, vmis[i].phase.empty() ? "(never seen)" : vmis[i].phase});
  }
  if (vmis.size() > kListedVmis)
    t.note = "and " + number(vmis.size() - kListedVmis) + " more (the trace lists them all)";
  return t;
}

std::string span(const std::optional<RunClock>& from, const std::optional<RunClock>& to) {
  if (!from || !to) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", std::chrono::duration<double>(*to - *from).count());
  return text;
}

Table iterationTable(const RunFigures& run) {
  const bool cycles =
      !run.iterations.empty() && std::all_of(run.iterations.begin(), run.iterations.end(),
                                             [](const auto& i) { return i.cycle; });
  Table t;
  t.title = cycles ? "cycles (s)" : "iterations (s)";
  t.header = {cycles ? "cycle" : "iteration",
              "namespaces",
              "VMIs",
              "create",
              "to Running",
              "delete",
              "to gone",
              "total"};
  for (const auto& i : run.iterations) {
    std::string namespaces =
        i.namespaces.size() == 1 ? i.namespaces.front() : number(i.namespaces.size());
    t.rows.push_back({"#" + std::to_string(i.index) + (i.cycle && !cycles ? " (cycle)" : ""),
                      namespaces, number(i.vmis), span(i.started, i.created),
                      span(i.created, i.allRunning), span(i.deletionStarted, i.allGone),
                      span(i.allGone ? i.allGone : i.deletionStarted, i.ended),
                      span(i.started, i.ended)});
  }
  t.note = cycles ? "a steady state's cycles: #1 ramps up to count, each later one replaces churn "
                    "VMIs (VMIs: created in the cycle)"
                  : "create: start -> last create answered; to Running: -> all Running; delete: "
                    "deletion -> all gone";
  return t;
}

}  // namespace

std::string formatMs(int64_t ns) {
  const double ms = static_cast<double>(ns) / 1e6;
  char text[32];
  const double magnitude = std::fabs(ms);
  std::snprintf(text, sizeof text,
                magnitude < 10     ? "%.2f"
                : magnitude < 1000 ? "%.1f"
                                   : "%.0f",
                ms);
  return text;
}

std::string formatSeconds(RunClock duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", std::chrono::duration<double>(duration).count());
  return text;
}

std::string formatMetric(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string utcTime(int64_t wallNs) {
  const auto seconds = static_cast<std::time_t>(wallNs / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::vector<std::string> headline(const RunFigures& run) {
  std::vector<std::string> lines;
  lines.push_back("run " + run.info.uuid + " (" + run.info.name + "): " + toString(run.outcome) +
                  " in " + formatSeconds(run.duration) +
                  (run.message.empty() ? "" : " - " + run.message));
  if (run.outcome == RunOutcome::Incomplete) {
    lines.emplace_back(
        "incomplete: the run has not ended (still running, or its process died); the figures "
        "reach its last record");
  } else if (run.outcome == RunOutcome::Interrupted) {
    lines.emplace_back("interrupted: the figures are of what the run did before it was stopped");
  }
  std::string vmis = "VMIs: " + number(run.asked) + " asked, " + number(run.created) +
                     " created, " + number(run.failed) + " failed";
  if (!run.neverRan.empty()) vmis += ", " + number(run.neverRan.size()) + " never ran";
  vmis += "; create rate asked ";
  vmis += run.askedRate > 0 ? formatMetric(run.askedRate) + "/s, " : "unlimited, ";
  if (run.achievedRate) {
    vmis += "achieved " + rate(*run.achievedRate) + "/s";
  } else {
    vmis += "achieved: not defined (every create fit in the burst of " +
            std::to_string(run.askedBurst) + ", so none was paced)";
  }
  lines.push_back(vmis);
  if (run.info.kind == "replay") lines.push_back("replay of run " + run.info.replayOf);
  if (run.schedule.requests > 0) {
    const auto& late = run.schedule.lateness;
    lines.push_back("schedule kept: " + number(run.schedule.requests) + " paced requests late by " +
                    (late.exact ? "" : "≈") + "P50 " + formatMs(late.p50) + " ms, P99 " +
                    formatMs(late.p99) + " ms, max " + formatMs(late.max) + " ms; " +
                    number(run.schedule.lateOver10ms) + " more than 10 ms late");
  }
  lines.push_back("cluster " + run.info.serverUrl +
                  (run.info.clusterVersion.empty() ? "" : " (" + run.info.clusterVersion + ")") +
                  ", started " + utcTime(run.info.startedWallNs) + ", kubectl-perfscale " +
                  run.info.toolVersion);
  return lines;
}

std::vector<Table> runTables(const RunFigures& run) {
  std::vector<Table> tables = {phaseTable(run),
                               deletionTable(run),
                               requestTable(run),
                               statusTable(run),
                               watchTable(run),
                               errorTable(run),
                               vmiTable("stuck VMIs", run.stuck),
                               vmiTable("VMIs that never ran", run.neverRan),
                               iterationTable(run)};
  if (!run.reusedNamespaces.empty()) {
    Table reused;
    reused.title = "namespaces that existed already (used as they were)";
    reused.header = {"namespace"};
    std::set<std::string> names(run.reusedNamespaces.begin(), run.reusedNamespaces.end());
    for (const auto& name : names)
      reused.rows.push_back({name});
    tables.push_back(reused);
  }
  std::vector<Table> kept;
  for (auto& table : tables)
    if (!table.rows.empty()) kept.push_back(std::move(table));
  return kept;
}

Table comparisonTable(const Report& report) {
  Table t;
  t.title = "runs side by side";
  t.header = {"figure"};
  for (size_t i = 0; i < report.runs.size(); ++i)
    t.header.push_back(i < report.sources.size() ? report.sources[i]
                                                 : report.runs[i].info.uuid.substr(0, 8));
  auto row = [&](const std::string& name, auto value) {
    std::vector<std::string> cells = {name};
    for (const auto& run : report.runs)
      cells.push_back(value(run));
    t.rows.push_back(std::move(cells));
  };
  row("outcome", [](const RunFigures& r) { return std::string(toString(r.outcome)); });
  row("duration (s)", [](const RunFigures& r) { return span(RunClock(0), r.duration); });
  row("VMIs created", [](const RunFigures& r) { return number(r.created); });
  row("creates failed", [](const RunFigures& r) { return number(r.failed); });
  row("never ran", [](const RunFigures& r) { return number(r.neverRan.size()); });
  row("rate asked (/s)", [](const RunFigures& r) { return formatMetric(r.askedRate); });
  row("rate achieved (/s)", [](const RunFigures& r) {
    return r.achievedRate ? rate(*r.achievedRate) : std::string("-");
  });
  row("429s", [](const RunFigures& r) { return number(r.throttled); });
  row("errors", [](const RunFigures& r) { return number(r.errors); });
  std::vector<std::string> phases;
  for (const auto& run : report.runs)
    for (const auto& p : run.phases)
      if (std::find(phases.begin(), phases.end(), p.phase) == phases.end())
        phases.push_back(p.phase);
  for (const auto& phase : phases) {
    for (const char* clock : {"server", "client"}) {
      for (const char* stat : {"P50", "P99"}) {
        row(phase + " " + clock + " " + stat + " (ms)", [&](const RunFigures& r) {
          for (const auto& p : r.phases) {
            if (p.phase != phase) continue;
            const auto& d = std::string(clock) == "server" ? p.server : p.client;
            if (d.count == 0) return std::string("-");
            return formatMs(std::string(stat) == "P50" ? d.p50 : d.p99);
          }
          return std::string("-");
        });
      }
    }
  }
  std::set<std::pair<std::string, std::string>> requests;
  for (const auto& run : report.runs)
    for (const auto& r : run.requests)
      requests.emplace(r.verb, r.resource);
  for (const auto& request : requests) {
    const std::string& verb = request.first;
    const std::string& resource = request.second;
    row(verb + " " + resource + " P99 (ms)", [&](const RunFigures& r) {
      for (const auto& q : r.requests)
        if (q.verb == verb && q.resource == resource) return formatMs(q.latency.p99);
      return std::string("-");
    });
  }
  return t;
}

Table thresholdTable(const std::vector<CheckedThreshold>& thresholds) {
  Table t;
  t.title = "thresholds";
  t.header = {"threshold", "actual", "limit", "result"};
  t.firstNumberColumn = 1;
  for (const auto& c : thresholds) {
    t.rows.push_back(
        {c.expression, c.actual ? formatMetric(*c.actual) : "-",
         c.limit ? formatMetric(*c.limit) : "-",
         std::string(c.passed ? "pass" : "FAIL") + (c.note.empty() ? "" : ": " + c.note)});
  }
  t.note = "latencies in seconds";
  return t;
}

}  // namespace perfscale::plugin::render
