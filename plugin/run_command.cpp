// `kubectl perfscale run`: the load generator. Flags (the original's, single dash too) and
// -f scenario.yaml become a Scenario; the engine runs it against the kubeconfig's cluster
// and records everything into the trace; a summary and an exit code end it.
#include <unistd.h>

#include <Poco/JSON/Parser.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <cxxopts.hpp>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "core/engine/run_engine.h"
#include "core/kube/kubeconfig.h"
#include "core/kube/rest_client.h"
#include "core/scenario/loader.h"
#include "core/scenario/plan.h"
#include "core/scenario/scenario_json.h"
#include "core/stats/run_summary.h"
#include "core/version.h"
#include "plugin/command.h"
#include "plugin/kube_flags.h"
#include "plugin/summary_output.h"
#include "store/redact.h"
#include "store/trace_writer.h"

namespace perfscale::plugin {

namespace {

std::atomic<int> gInterrupts{0};
std::atomic<int> gLastSignal{0};

void onSignal(int signal) {
  gLastSignal = signal;
  gInterrupts.fetch_add(1);
}

}  // namespace

// The original took Go-style single-dash long flags (-vmi-count=5); cxxopts wants two.
std::vector<std::string> normalizeFlags(int argc, char** argv,
                                        const std::vector<std::string>& longNames) {
  std::vector<std::string> out;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    if (i > 0 && arg.size() > 2 && arg[0] == '-' && arg[1] != '-') {
      const std::string name =
          arg.substr(1, arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - 1);
      if (name == "v") {
        arg = "--verbosity" + arg.substr(2);
      } else if (std::find(longNames.begin(), longNames.end(), name) != longNames.end()) {
        arg = "-" + arg;
      }
    }
    out.push_back(arg);
  }
  return out;
}

int runMain(int argc, char** argv) {
  cxxopts::Options options("kubectl perfscale run",
                           "Create VMIs in paced iterations, wait until they are Running, delete "
                           "them, wait until they are gone; record every request and phase.");
  std::vector<std::string> longNames = {"kubeconfig", "master",  "context", "cluster",
                                        "user",       "server",  "token",   "filename",
                                        "trace",      "dry-run", "output",  "verbosity"};
  {
    auto add = options.add_options("Load generator (the original's flags, same defaults)");
    for (const auto& spec : scenario::loadGeneratorFlagSpecs()) {
      const std::string name(spec.name);
      longNames.push_back(name);
      const std::string help =
          std::string(spec.help) + " (default " +
          (spec.defaultValue.empty() ? "none" : std::string(spec.defaultValue)) + ")";
      const std::string declared = name == "namespace" ? "n,namespace" : name;
      if (spec.boolean) {
        add(declared, help, cxxopts::value<std::string>()->implicit_value("true"));
      } else {
        add(declared, help, cxxopts::value<std::string>());
      }
    }
  }
  options.add_options()("f,filename", "Scenario file (ours, or the original's formats)",
                        cxxopts::value<std::string>())(
      "trace", "Trace file to append the run to (default perfscale.db, or the scenario's)",
      cxxopts::value<std::string>())("dry-run",
                                     "Resolve and validate; print the plan; touch nothing")(
      "o,output", "Summary format: text or json",
      cxxopts::value<std::string>()->default_value("text"))(
      "v,verbosity", "Log verbosity (the original's -v): 0 quiet .. 4 debug",
      cxxopts::value<int>()->default_value("2"))("h,help", "Show this help");
  addKubectlFlags(options, NamespaceFlag::Skip);

  auto normalized = normalizeFlags(argc, argv, longNames);
  std::vector<char*> args;
  for (auto& arg : normalized)
    args.push_back(arg.data());
  const auto parsed = options.parse(static_cast<int>(args.size()), args.data());
  if (parsed.count("help")) {
    std::cout << options.help() << '\n';
    return 0;
  }
  if (!parsed.unmatched().empty()) {
    std::cerr << "error: unexpected argument \"" << parsed.unmatched().front()
              << "\"; see 'kubectl perfscale run --help'\n";
    return 1;
  }
  const int verbosity = parsed["verbosity"].as<int>();
  // Logs go to stderr: stdout carries the summary, which -o json makes machine-readable.
  spdlog::set_default_logger(spdlog::stderr_color_mt("kubectl-perfscale"));
  spdlog::set_level(verbosity >= 4   ? spdlog::level::debug
                    : verbosity >= 2 ? spdlog::level::info
                                     : spdlog::level::warn);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  const std::string output = parsed["output"].as<std::string>();
  if (output != "text" && output != "json") {
    std::cerr << "error: --output " << output << ": expected text or json\n";
    return 1;
  }

  // The scenario.
  scenario::Scenario scenario;
  try {
    scenario::LoadGeneratorFlags flags;
    for (const auto& spec : scenario::loadGeneratorFlagSpecs()) {
      const std::string name(spec.name);
      if (parsed.count(name))
        scenario::setLoadGeneratorFlag(flags, name, parsed[name].as<std::string>());
    }
    if (parsed.count("trace")) flags.traceFile = parsed["trace"].as<std::string>();
    scenario::checkLoadGeneratorFlags(flags);
    std::optional<std::filesystem::path> file;
    if (parsed.count("filename")) file = parsed["filename"].as<std::string>();
    scenario = scenario::loadScenario(flags, file);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  if (parsed.count("dry-run")) {
    std::cout << scenario::describePlan(scenario);
    return 0;
  }

  // The cluster.
  std::unique_ptr<kube::RestClient> client;
  auto limiter =
      std::make_shared<engine::SwitchableLimiter>(std::make_shared<kube::UnlimitedRateLimiter>());
  kube::ClusterConfig cluster;
  try {
    cluster = kube::loadClusterConfig(kubectlOverrides(parsed, NamespaceFlag::Skip),
                                      kube::Environment::process());
    client = std::make_unique<kube::RestClient>(cluster, limiter);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  std::string clusterVersion;
  {
    kube::RestRequest probe;
    probe.path = "/version";
    const auto answer = client->send(probe);
    if (!answer.ok()) {
      std::cerr << "error: cannot reach the cluster at " << cluster.server << ": "
                << (answer.connectionError ? std::string(answer.connectionError->what())
                    : answer.apiStatus     ? kube::describe(*answer.apiStatus)
                                           : std::to_string(answer.status))
                << "\nCheck the kubeconfig (--kubeconfig, --context) and that the server is up.\n";
      return 1;
    }
    try {
      auto version = Poco::JSON::Parser().parse(answer.body).extract<Poco::JSON::Object::Ptr>();
      clusterVersion = version->optValue<std::string>("gitVersion", "");
    } catch (const std::exception&) {
    }
  }

  // The trace.
  const std::string tracePath = scenario.traceFile.empty() ? "perfscale.db" : scenario.traceFile;
  std::unique_ptr<store::TraceWriter> writer;
  std::atomic<bool> traceFailed{false};
  try {
    store::TraceWriterOptions writerOptions;
    writerOptions.toolVersion = std::string(toolVersion());
    writerOptions.onFailure = [&](const std::string& error) {
      traceFailed = true;
      spdlog::error("trace {}: {}; stopping the run", tracePath, error);
      gInterrupts.fetch_add(1);
    };
    writer = std::make_unique<store::TraceWriter>(tracePath, writerOptions);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  stats::SummaryRecorder recorder(*writer);

  engine::RunTimeline timeline;
  RunInfo info;
  info.uuid = scenario.uuid;
  info.name = scenario.name;
  info.startedWallNs = timeline.wallOriginNs();
  info.arguments = store::redactArguments(std::vector<std::string>(argv + 1, argv + argc));
  info.scenarioGiven = scenario.file.empty() ? "" : readScenarioText(scenario.file);
  info.scenarioResolved = scenario::toJson(scenario);
  info.serverUrl = cluster.server;
  info.contextName = cluster.contextName;
  info.userName = cluster.userName;
  info.clusterVersion = clusterVersion;
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  info.host = host;
  info.toolVersion = std::string(toolVersion());
  recorder.beginRun(info);

  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);

  engine::EngineOptions engineOptions;
  engineOptions.interrupts = &gInterrupts;
  const bool live = isatty(STDERR_FILENO) && verbosity < 3;
  engineOptions.onProgress = progressPrinter(live);
  engine::RunEngine engine(scenario, *client, *limiter, recorder, timeline, engineOptions);
  spdlog::info("run {} ({}) against {}; trace {}", scenario.uuid, scenario.name, cluster.server,
               tracePath);
  auto report = engine.run();
  if (live) std::cerr << "\r\033[K";
  if (report.outcome == RunOutcome::Interrupted) {
    report.exitCode = gLastSignal.load() == SIGTERM ? 143 : 130;
    report.message =
        gLastSignal.load() == SIGTERM ? "interrupted by SIGTERM" : "interrupted by SIGINT";
  }
  if (traceFailed) {
    report.outcome = RunOutcome::Error;
    report.exitCode = 1;
    report.message = "writing the trace failed: " + writer->failure().value_or("unknown");
  }
  recorder.endRun(RunEnd{timeline.now(), report.outcome, report.exitCode});
  try {
    recorder.flush();
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    report.exitCode = report.exitCode == 0 ? 1 : report.exitCode;
  }
  printSummary(std::cout, output, scenario, report, recorder.summary(), tracePath, timeline.now());
  return report.exitCode;
}

}  // namespace perfscale::plugin
