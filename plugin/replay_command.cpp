// `kubectl perfscale replay TRACE[:RUN]`: a recorded run re-issued against the current cluster,
// as a new run (kind replay, replay_of the source) appended to a trace, with `run`'s summary.
// --mode timing (the default) re-sends the recorded requests at their recorded offsets (see
// core/engine/replay_plan.h and replay_engine.h); --mode scenario runs the recorded scenario
// again, as `run` would, under a new uuid.
#include <spdlog/spdlog.h>

#include <cxxopts.hpp>
#include <iostream>
#include <set>

#include "core/engine/replay_engine.h"
#include "core/kube/kubeconfig.h"
#include "core/kube/token_bucket.h"
#include "core/scenario/duration.h"
#include "core/scenario/loader.h"
#include "core/scenario/plan.h"
#include "core/scenario/scenario_json.h"
#include "core/scenario/uuid.h"
#include "plugin/command.h"
#include "plugin/command_help.h"
#include "plugin/flag_syntax.h"
#include "plugin/flag_values.h"
#include "plugin/kube_flags.h"
#include "plugin/render/renderer.h"
#include "plugin/report_thresholds.h"
#include "plugin/run_flags.h"
#include "plugin/run_session.h"
#include "store/run_selector.h"
#include "store/trace_reader.h"

namespace perfscale::plugin {

const CommandUsage kReplayUsage = {
    "TRACE[:RUN] [flags]",
    "  # The latest run of perfscale.db, at its recorded pace\n"
    "  kubectl perfscale replay perfscale.db\n"
    "\n"
    "  # One run of runs.db, four times as fast; or its schedule only, touching nothing\n"
    "  kubectl perfscale replay runs.db:3f2a --speed 4\n"
    "  kubectl perfscale replay runs.db:3f2a --dry-run\n"
    "\n"
    "  # The same scenario run again, as a new run\n"
    "  kubectl perfscale replay runs.db --mode scenario\n"};

cxxopts::Options replayOptions() {
  cxxopts::Options options(
      "kubectl perfscale replay",
      "Re-issue a recorded run against the current kubeconfig context, as a new run appended "
      "to the trace. A TRACE alone is its latest run; RUN is a uuid, a uuid prefix, -1 (the "
      "latest), -2, ...");
  options.add_options()(
      "mode",
      "timing: the recorded creates, deletes and create checks at their recorded offsets, open "
      "loop; scenario: the recorded scenario run again as `run` would",
      cxxopts::value<std::string>()->default_value("timing"),
      values::oneOf({"timing", "scenario"}))("speed",
                                             "Timing mode: offsets are divided by this, 0.1 to 100",
                                             cxxopts::value<double>()->default_value("1"))(
      "trace", "Trace file to append the replay to (default: the source's)",
      cxxopts::value<std::string>(), std::string(values::kTraceFile))(
      "uuid", "The replay's run id (default: a random one)", cxxopts::value<std::string>())(
      "workers", "Timing mode: concurrent requests at most (default: sized from the schedule)",
      cxxopts::value<int>()->default_value("0"))(
      "max-wait-timeout", "Timing mode: how long the end waits for deleted objects to be gone",
      cxxopts::value<std::string>()->default_value("5m"))(
      "dry-run", "Print the schedule (or the scenario's plan) and touch nothing")(
      "o,output", "Summary format", cxxopts::value<std::string>()->default_value("text"),
      values::oneOf({"text", "json", "markdown"}))(
      "v,verbosity,verbose", "Log verbosity: 0 quiet .. 4 debug",
      cxxopts::value<int>()->default_value("2"))("h,help", "Show this help")(
      "source", "", cxxopts::value<std::vector<std::string>>(), std::string(values::kRunSelector));
  {
    auto add = options.add_options("Thresholds (checked at the end; exit 4 if one fails)");
    addThresholdFlags(add);
  }
  addMetricsFlags(options);
  addKubectlFlags(options);
  options.parse_positional({"source"});
  return options;
}

namespace {

struct Source {
  store::StoredRun run;
  std::string path;
  std::vector<RequestRecord> requests;  // timing mode
};

}  // namespace

int replayMain(int argc, char** argv) {
  auto options = replayOptions();
  const auto parsed = parseGoStyle(options, argc, argv);
  if (parsed.count("help")) {
    std::cout << commandHelp(options, kReplayUsage);
    return 0;
  }
  const auto sources = parsed.count("source") ? parsed["source"].as<std::vector<std::string>>()
                                              : std::vector<std::string>{};
  if (sources.size() != 1) {
    std::cerr << "error: expected one recorded run to replay, as TRACE[:RUN]; got "
              << sources.size() << "\nSee 'kubectl perfscale replay --help'.\n";
    return 1;
  }
  const int verbosity = parsed["verbosity"].as<int>();
  setUpLogging(verbosity);
  const std::string mode = parsed["mode"].as<std::string>();
  const double speed = parsed["speed"].as<double>();
  const std::string output = parsed["output"].as<std::string>();
  const render::Renderer* renderer = output == "html" ? nullptr : render::findRenderer(output);
  std::optional<MetricsOptions> metrics;
  try {
    metrics = metricsFromFlags(parsed);
    if (mode != "timing" && mode != "scenario")
      throw std::invalid_argument("--mode " + mode + ": expected timing or scenario");
    if (!(speed >= 0.1 && speed <= 100))
      throw std::invalid_argument("--speed " + engine::formatRatio(speed) +
                                  ": expected 0.1 to 100");
    if (parsed["workers"].as<int>() < 0 || parsed["workers"].as<int>() > 4096)
      throw std::invalid_argument("--workers: expected 1 to 4096 (0: sized from the schedule)");
    if (renderer == nullptr) {
      throw std::invalid_argument(
          "--output " + output +
          ": expected text, json or markdown (for html: kubectl perfscale report -o html)");
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }

  // The recorded run.
  Source source;
  std::vector<stats::Threshold> thresholds;
  std::chrono::nanoseconds waitGone{0};
  const std::string uuid =
      parsed.count("uuid") ? parsed["uuid"].as<std::string>() : scenario::randomUuidV4();
  std::optional<engine::ReplayPlan> plan;
  std::optional<scenario::Scenario> scenario;
  double maxErrorRatio = 0;
  try {
    thresholds = thresholdsFromFlags(parsed);
    waitGone = scenario::parseGoDuration(parsed["max-wait-timeout"].as<std::string>());
    const auto selector = store::parseRunSelector(sources.front());
    const store::TraceReader reader(selector.path);
    source.run = store::selectRun(reader, selector);
    source.path = selector.path;
    if (source.run.info.kind == "replay") {
      spdlog::info("run {} is itself a replay of run {}; replaying the replay",
                   source.run.info.uuid, source.run.info.replayOf);
    }
    if (uuid == source.run.info.uuid)
      throw std::invalid_argument("--uuid " + uuid + " is the source run's own id");
    scenario::LoadGeneratorFlags flags;
    flags.uuid = uuid;
    try {
      scenario = scenario::loadScenarioText(flags, source.run.info.scenarioResolved,
                                            selector.path + ":" + source.run.info.uuid);
      maxErrorRatio = scenario->maxErrorRatio;
    } catch (const std::exception& e) {
      if (mode == "scenario") {
        throw std::runtime_error("run " + source.run.info.uuid +
                                 ": its recorded scenario cannot be read back (" + e.what() +
                                 "); --mode timing re-sends its requests instead");
      }
    }
    if (mode == "timing") {
      store::RequestQuery query;
      query.order = store::RequestQuery::Order::Seq;
      query.withPayloads = true;
      auto cursor = reader.requests(source.run.id, query);
      RequestRecord record;
      while (cursor.next(record))
        source.requests.push_back(std::move(record));
      if (source.requests.empty()) {
        throw std::runtime_error("run " + source.run.info.uuid + " in " + selector.path +
                                 " recorded no requests: nothing to replay");
      }
      plan = engine::planReplay(source.run.info.uuid, uuid, std::move(source.requests));
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }

  if (parsed.count("dry-run")) {
    if (plan) {
      std::cout << engine::describeSchedule(*plan, speed);
    } else {
      std::cout << "Replay of run " << source.run.info.uuid << " (scenario mode) as run " << uuid
                << ":\n"
                << scenario::describePlan(*scenario);
    }
    return 0;
  }

  SessionOptions session;
  session.tracePath = parsed.count("trace") ? parsed["trace"].as<std::string>() : source.path;
  session.verbosity = verbosity;
  session.metrics = metrics;
  if (scenario && !plan && scenario->clientQps > 0)
    session.clientLimiter = kube::makeRateLimiter(scenario->clientQps, scenario->clientBurst);
  std::unique_ptr<RunSession> run;
  try {
    session.cluster =
        kube::loadClusterConfig(kubectlOverrides(parsed), kube::Environment::process());
    run = std::make_unique<RunSession>(std::move(session));
    if (plan) {
      std::map<std::string, std::set<std::string>> used;  // apiVersion -> resources
      for (const auto& item : plan->items)
        used[item.apiVersion].insert(item.resource);
      run->requireServed(used, "the recorded run");
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }

  RunInfo info;
  info.uuid = uuid;
  info.name = source.run.info.name;
  info.kind = "replay";
  info.replayOf = source.run.info.uuid;
  info.arguments = std::vector<std::string>(argv + 1, argv + argc);  // the trace redacts them
  info.scenarioGiven = source.run.info.scenarioGiven;
  info.scenarioResolved = scenario ? scenario::toJson(*scenario) : source.run.info.scenarioResolved;
  run->begin(info);
  engine::RunReport report;
  if (plan) {
    engine::ReplayOptions replay;
    replay.speed = speed;
    replay.workers = parsed["workers"].as<int>();
    replay.waitGone = std::chrono::duration_cast<std::chrono::milliseconds>(waitGone);
    replay.maxErrorRatio = maxErrorRatio;
    replay.engine = run->engineOptions();
    engine::ReplayEngine engine(*plan, run->client(), run->recorder(), run->timeline(), replay);
    report = engine.run();
  } else {
    engine::RunEngine engine(*scenario, run->client(), run->recorder(), run->timeline(),
                             run->engineOptions());
    report = engine.run();
  }
  return run->finish(report, *renderer, output == "text", thresholds);
}

}  // namespace perfscale::plugin
