// The machine-readable format: every figure of every run, under names the README documents
// (and tests/e2e/plugin_report_test.cpp pins). Latencies in milliseconds, times in seconds from
// the run's start, wall times as RFC 3339.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "plugin/render/figure_tables.h"
#include "plugin/render/renderer.h"

namespace perfscale::plugin::render {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr ordered() {
  return new Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

double ms(int64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

Var seconds(const std::optional<RunClock>& at) {
  return at ? Var(std::chrono::duration<double>(*at).count()) : Var();
}

Object::Ptr distribution(const stats::Distribution& d) {
  auto o = ordered();
  o->set("count", d.count);
  o->set("minMs", ms(d.min));
  o->set("p50Ms", ms(d.p50));
  o->set("p90Ms", ms(d.p90));
  o->set("p95Ms", ms(d.p95));
  o->set("p99Ms", ms(d.p99));
  o->set("maxMs", ms(d.max));
  o->set("meanMs", d.mean / 1e6);
  o->set("exact", d.exact);
  return o;
}

Array::Ptr vmiList(const std::vector<stats::VmiState>& vmis) {
  Array::Ptr list = new Array();
  for (const auto& vmi : vmis) {
    auto o = ordered();
    o->set("namespace", vmi.ns);
    o->set("name", vmi.name);
    o->set("phase", vmi.phase);
    list->add(o);
  }
  return list;
}

template <typename T>
Array::Ptr stringArray(const T& values) {
  Array::Ptr list = new Array();
  for (const auto& value : values)
    list->add(value);
  return list;
}

Object::Ptr runObject(const stats::RunFigures& f) {
  auto run = ordered();
  run->set("uuid", f.info.uuid);
  run->set("name", f.info.name);
  run->set("kind", f.info.kind);
  run->set("replayOf", f.info.replayOf.empty() ? Var() : Var(f.info.replayOf));
  run->set("outcome", std::string(toString(f.outcome)));
  run->set("exitCode", f.exitCode ? Var(*f.exitCode) : Var());
  run->set("message", f.message);
  run->set("started", utcTime(f.info.startedWallNs));
  run->set("durationSeconds", std::chrono::duration<double>(f.duration).count());

  auto config = ordered();
  config->set("server", f.info.serverUrl);
  config->set("context", f.info.contextName);
  config->set("user", f.info.userName);
  config->set("clusterVersion", f.info.clusterVersion);
  config->set("toolVersion", f.info.toolVersion);
  config->set("host", f.info.host);
  config->set("arguments", stringArray(f.info.arguments));
  config->set("workloadKinds", stringArray(f.workloadKinds));
  Var scenario;
  try {
    scenario = Poco::JSON::Parser().parse(f.info.scenarioResolved);
  } catch (const std::exception&) {
    scenario = f.info.scenarioResolved;
  }
  config->set("scenario", scenario);
  config->set("scenarioGiven", f.info.scenarioGiven);
  run->set("config", config);

  auto vmis = ordered();
  vmis->set("asked", f.asked);
  vmis->set("created", f.created);
  vmis->set("failed", f.failed);
  vmis->set("neverRan", vmiList(f.neverRan));
  vmis->set("stuck", vmiList(f.stuck));
  vmis->set("reusedNamespaces", stringArray(f.reusedNamespaces));
  run->set("vmis", vmis);

  auto rates = ordered();
  rates->set("asked", f.askedRate);
  rates->set("burst", f.askedBurst);
  rates->set("achieved", f.achievedRate ? Var(*f.achievedRate) : Var());
  run->set("rate", rates);

  auto schedule = ordered();
  schedule->set("requests", f.schedule.requests);
  schedule->set("lateness", distribution(f.schedule.lateness));
  schedule->set("lateOver10ms", f.schedule.lateOver10ms);
  run->set("schedule", schedule);

  Array::Ptr phases = new Array();
  for (const auto& p : f.phases) {
    auto o = ordered();
    o->set("phase", p.phase);
    o->set("server", distribution(p.server));
    o->set("client", distribution(p.client));
    phases->add(o);
  }
  run->set("phases", phases);

  Array::Ptr deletion = new Array();
  for (const auto& d : f.deletion) {
    auto o = ordered();
    o->set("to", d.to);
    o->set("server", distribution(d.server));
    o->set("client", distribution(d.client));
    deletion->add(o);
  }
  run->set("deletion", deletion);

  Array::Ptr requests = new Array();
  for (const auto& r : f.requests) {
    auto o = ordered();
    o->set("verb", r.verb);
    o->set("resource", r.resource);
    o->set("requests", r.requests);
    o->set("tries", r.tries);
    o->set("retries", r.retries);
    o->set("throttled", r.throttled);
    o->set("errors", r.errors);
    o->set("latency", distribution(r.latency));
    o->set("limiterWait", distribution(r.limiterWait));
    auto byStatus = ordered();
    for (const auto& [status, count] : r.byStatus)
      byStatus->set(std::to_string(status), count);
    o->set("byStatus", byStatus);
    o->set("bytesOut", r.bytesOut);
    o->set("bytesIn", r.bytesIn);
    requests->add(o);
  }
  run->set("requests", requests);

  Array::Ptr watches = new Array();
  for (const auto& w : f.watches) {
    auto o = ordered();
    o->set("resource", w.resource);
    o->set("streams", w.streams);
    o->set("openFor", distribution(w.openFor));
    o->set("events", w.events);
    o->set("reconnects", w.reconnects);
    o->set("relists", w.relists);
    watches->add(o);
  }
  run->set("watches", watches);

  auto errors = ordered();
  for (const auto& [reason, count] : f.errorsByReason)
    errors->set(reason, count);
  run->set("errorsByReason", errors);
  run->set("throttled", f.throttled);
  run->set("errors", f.errors);

  auto timeline = ordered();
  timeline->set("phaseOrder", stringArray(f.phaseOrder));
  Array::Ptr secondList = new Array();
  for (const auto& s : f.seconds) {
    auto o = ordered();
    o->set("second", s.second);
    o->set("asked", s.asked);
    o->set("sent", s.sent);
    o->set("created", s.created);
    o->set("throttled", s.throttled);
    o->set("errors", s.errors);
    o->set("latencyP99Ms", ms(s.latencyP99));
    o->set("byPhase", stringArray(s.byPhase));
    secondList->add(o);
  }
  timeline->set("seconds", secondList);
  run->set("timeline", timeline);

  Array::Ptr iterations = new Array();
  for (const auto& i : f.iterations) {
    auto o = ordered();
    o->set("index", i.index);
    o->set("cycle", i.cycle);
    o->set("namespaces", stringArray(i.namespaces));
    o->set("vmis", i.vmis);
    o->set("startedSeconds", seconds(i.started));
    o->set("createdSeconds", seconds(i.created));
    o->set("allRunningSeconds", seconds(i.allRunning));
    o->set("deletionStartedSeconds", seconds(i.deletionStarted));
    o->set("allGoneSeconds", seconds(i.allGone));
    o->set("endedSeconds", seconds(i.ended));
    iterations->add(o);
  }
  run->set("iterations", iterations);
  return run;
}

Var optionalNumber(const std::optional<double>& value) {
  return value ? Var(*value) : Var();
}

// Only in reports with --prometheus, so that a report without it is the document `run` writes.
Object::Ptr prometheusObject(const PrometheusComparison& comparison) {
  const auto& figures = comparison.figures;
  auto o = ordered();
  o->set("url", figures.url);
  o->set("windowStart", utcTime(figures.window.startWallNs));
  o->set("windowEnd", utcTime(figures.window.endWallNs));
  o->set("windowSeconds", figures.window.seconds);
  Array::Ptr pairs = new Array();
  for (const auto& pair : comparison.pairs) {
    auto p = ordered();
    p->set("name", pair.name);
    p->set("what", pair.what);
    p->set("unit", pair.seconds ? "seconds" : "count");
    p->set("prometheus", optionalNumber(pair.prometheus));
    p->set("trace", optionalNumber(pair.trace));
    p->set("traceFigure", pair.traceName);
    p->set("difference", optionalNumber(pair.difference));
    pairs->add(p);
  }
  o->set("figures", pairs);
  return o;
}

class JsonRenderer final : public Renderer {
 public:
  void render(std::ostream& out, const Report& report) const override {
    auto document = ordered();
    document->set("schemaVersion", 1);
    Array::Ptr runs = new Array();
    for (size_t i = 0; i < report.runs.size(); ++i) {
      auto run = runObject(report.runs[i]);
      if (i < report.sources.size()) run->set("source", report.sources[i]);
      runs->add(run);
    }
    document->set("runs", runs);
    Array::Ptr thresholds = new Array();
    for (const auto& c : report.thresholds) {
      auto o = ordered();
      o->set("threshold", c.expression);
      o->set("actual", c.actual ? Var(*c.actual) : Var());
      o->set("limit", c.limit ? Var(*c.limit) : Var());
      o->set("passed", c.passed);
      o->set("note", c.note);
      thresholds->add(o);
    }
    document->set("thresholds", thresholds);
    if (report.prometheus) document->set("prometheus", prometheusObject(*report.prometheus));
    writeJson(out, *document);
  }
};

}  // namespace

const Renderer& jsonRenderer() {
  static const JsonRenderer renderer;
  return renderer;
}

}  // namespace perfscale::plugin::render
