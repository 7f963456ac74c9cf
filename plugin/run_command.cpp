// `kubectl perfscale run`: the load generator. Flags (the original's, single dash too) and
// -f scenario.yaml become a Scenario; the engine runs it against the kubeconfig's cluster
// and records everything into the trace; a summary and an exit code end it. Under the name
// perfscale-load-generator the binary is `run` with the load generator v1.x's defaults.

#include <cstdlib>
#include <cxxopts.hpp>
#include <filesystem>
#include <iostream>

#include "core/engine/run_engine.h"
#include "core/kube/exec_credential.h"
#include "core/kube/kubeconfig.h"
#include "core/kube/rest_client.h"
#include "core/kube/timestamp.h"
#include "core/kube/token_bucket.h"
#include "core/scenario/duration.h"
#include "core/scenario/labels.h"
#include "core/scenario/loader.h"
#include "core/scenario/plan.h"
#include "core/scenario/scenario_json.h"
#include "core/scenario/shard.h"
#include "plugin/command.h"
#include "plugin/command_help.h"
#include "plugin/flag_syntax.h"
#include "plugin/flag_values.h"
#include "plugin/kube_flags.h"
#include "plugin/render/renderer.h"
#include "plugin/report_thresholds.h"
#include "plugin/run_flags.h"
#include "plugin/run_session.h"
#include "plugin/trace_handoff.h"

namespace perfscale::plugin {

namespace {

// The workload the load generator v1.x reads when -workload is not given, relative to the
// working directory (a kubevirt/kubevirt checkout).
constexpr const char* kDefaultWorkload =
    "tools/perfscale-load-generator/examples/workload/kubevirt-density/kubevirt-density.yaml";

enum class Invocation { KubectlRun, LoadGenerator };

cxxopts::Options optionsFor(Invocation invocation) {
  cxxopts::Options options(
      invocation == Invocation::LoadGenerator ? "perfscale-load-generator"
                                              : "kubectl perfscale run",
      "Create VMIs in paced iterations, wait until they are Running, delete them, wait until "
      "they are gone; record every request and phase.");
  addScenarioFlags(options);
  options.add_options("Load generator v1.x command line")(
      "workload",
      std::string("Workload file, the same as -f") +
          (invocation == Invocation::LoadGenerator
               ? std::string(" (default ") + kDefaultWorkload + ")"
               : ""),
      cxxopts::value<std::string>(),
      "FILE")("run",
              "Create the workload and wait for it (default true); -run=false with -delete only "
              "deletes what earlier runs of the workload left",
              cxxopts::value<std::string>()->implicit_value("true"));
  options.add_options()("f,filename", "Scenario file (ours, or the original's formats)",
                        cxxopts::value<std::string>(), "FILE")(
      "trace", "Trace file to append the run to (default perfscale.db, or the scenario's)",
      cxxopts::value<std::string>(), std::string(values::kTraceFile))(
      "dry-run", "Resolve and validate; print the plan; touch nothing")(
      "o,output", "Summary format (the report of the run)",
      cxxopts::value<std::string>()->default_value("text"),
      values::oneOf({"text", "json", "markdown"}))(
      "v,verbosity,verbose", "Log verbosity (the original's -v and -verbose): 0 quiet .. 4 debug",
      cxxopts::value<int>()->default_value("2"))("h,help", "Show this help");
  options.add_options("Sharded runs (one run shared by several processes, e.g. an Indexed Job)")(
      "shard",
      "This process's part of the run: INDEX/COUNT (0-based), or COUNT with the index from "
      "JOB_COMPLETION_INDEX; needs --uuid, the same for every shard",
      cxxopts::value<std::string>(),
      "I/N")("start-at",
             "Start pacing the creations at this wall-clock time (RFC 3339, e.g. "
             "2026-01-02T03:04:05Z), so that every shard starts together",
             cxxopts::value<std::string>(), "TIME")(
      "linger",
      "After the run, keep the process (and its pod) alive until the trace has been copied out "
      "by kubectl perfscale job collect, or for this long at most (Go duration)",
      cxxopts::value<std::string>(), "DURATION");
  {
    auto add = options.add_options("Thresholds (checked at the end; exit 4 if one fails)");
    addThresholdFlags(add);
  }
  addMetricsFlags(options);
  addKubectlFlags(options, NamespaceFlag::Skip);
  return options;
}

// The scenario file named by -f or -workload; in the load generator's name, its default.
std::optional<std::filesystem::path> scenarioFile(const cxxopts::ParseResult& parsed,
                                                  Invocation invocation) {
  if (parsed.count("filename") && parsed.count("workload"))
    throw std::invalid_argument("-f and -workload both name the scenario file: give one");
  if (parsed.count("filename")) return std::filesystem::path(parsed["filename"].as<std::string>());
  if (parsed.count("workload")) return std::filesystem::path(parsed["workload"].as<std::string>());
  if (invocation != Invocation::LoadGenerator) return std::nullopt;
  if (!std::filesystem::exists(kDefaultWorkload)) {
    throw std::invalid_argument(
        std::string("no -workload given, and the default workload file ") + kDefaultWorkload +
        " does not exist under " + std::filesystem::current_path().string() +
        "; give one with -workload PATH (or run from a kubevirt/kubevirt checkout)");
  }
  return std::filesystem::path(kDefaultWorkload);
}

// -run=false -delete: what earlier runs of the scenario's workloads left behind, found by the
// labels every object of ours carries (scenario and workload name), whatever run made it.
int deleteLeftovers(const scenario::Scenario& scenario, const kube::ClusterConfig& cluster,
                    bool dryRun) {
  kube::RestClient client(cluster, std::make_shared<kube::UnlimitedRateLimiter>());
  int exitCode = 0;
  for (const auto& workload : scenario.workloads) {
    const std::string selector = std::string(scenario::kScenarioLabel) + "=" + scenario.name + "," +
                                 scenario::kWorkloadLabel + "=" + workload.name;
    if (dryRun) {
      std::cout << "would delete the VMIs and namespaces labelled " << selector << "\n";
      continue;
    }
    std::atomic<bool> abort{false};
    const auto result = engine::cleanupSelected(
        client, selector,
        std::chrono::duration_cast<std::chrono::milliseconds>(workload.maxWaitTimeout), abort,
        nullptr, {workload.ns});
    std::cout << "deleted " << result.vmisDeleted << " VMIs and " << result.namespacesDeleted
              << " namespaces that earlier runs of workload \"" << workload.name << "\" left ("
              << selector << "); " << result.remaining << " still present\n";
    for (const auto& error : result.errors)
      std::cerr << "error: " << error << '\n';
    if (!result.errors.empty() || result.remaining > 0) exitCode = 1;
  }
  return exitCode;
}

int runWith(Invocation invocation, int argc, char** argv) {
  auto options = optionsFor(invocation);
  const auto parsed = parseGoStyle(options, argc, argv);
  if (parsed.count("help")) {
    std::cout << (invocation == Invocation::LoadGenerator ? options.help() + "\n"
                                                          : commandHelp(options, kRunUsage));
    return 0;
  }
  if (!parsed.unmatched().empty()) {
    std::cerr << "error: unexpected argument \"" << parsed.unmatched().front() << "\"; see '"
              << options.program() << " --help'\n";
    return 1;
  }
  const int verbosity = parsed["verbosity"].as<int>();
  setUpLogging(verbosity);
  const std::string output = parsed["output"].as<std::string>();
  const render::Renderer* renderer = output == "html" ? nullptr : render::findRenderer(output);
  if (renderer == nullptr) {
    std::cerr << "error: --output " << output
              << ": expected text, json or markdown (for html: kubectl perfscale report -o html)\n";
    return 1;
  }

  // The scenario.
  scenario::Scenario scenario;
  bool create = true;
  std::vector<stats::Threshold> thresholds;
  std::optional<std::chrono::system_clock::time_point> startAt;
  std::optional<scenario::Duration> linger;
  std::optional<MetricsOptions> metrics;
  try {
    if (parsed.count("run")) create = scenario::parseGoBool("run", parsed["run"].as<std::string>());
    thresholds = thresholdsFromFlags(parsed);
    metrics = metricsFromFlags(parsed);
    scenario = scenarioFromFlags(parsed, scenarioFile(parsed, invocation));
    if (parsed.count("shard")) {
      const char* index = std::getenv("JOB_COMPLETION_INDEX");
      const auto shard =
          scenario::parseShard(parsed["shard"].as<std::string>(),
                               index ? std::optional<std::string>(index) : std::nullopt);
      if (shard.count > 1 && scenario.uuidGenerated) {
        throw std::invalid_argument(
            "--shard " + parsed["shard"].as<std::string>() +
            ": every shard of a run needs the same run id; give it with --uuid (kubectl "
            "perfscale job sets one for its pods)");
      }
      scenario::applyShard(scenario, shard);
    }
    if (parsed.count("start-at")) {
      const std::string text = parsed["start-at"].as<std::string>();
      startAt = kube::parseRfc3339(text);
      if (!startAt) {
        throw std::invalid_argument("--start-at " + text +
                                    ": expected an RFC 3339 time such as 2026-01-02T03:04:05Z");
      }
    }
    if (parsed.count("linger")) {
      const std::string text = parsed["linger"].as<std::string>();
      try {
        linger = scenario::parseGoDuration(text);
      } catch (const std::exception& e) {
        throw std::invalid_argument("--linger " + text + ": " + e.what());
      }
      if (linger->count() < 0)
        throw std::invalid_argument("--linger " + text + ": expected a duration of 0 or more");
    }
    const bool deleteAtEnd = parsed.count("delete") &&
                             scenario::parseGoBool("delete", parsed["delete"].as<std::string>());
    if (!create && !deleteAtEnd) {
      std::cout << "nothing to do: -run=false without -delete creates and deletes nothing\n";
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  if (parsed.count("dry-run") && create) {
    std::cout << scenario::describePlan(scenario);
    return 0;
  }

  // The cluster. The scenario's client limit applies to every request; the engine paces each
  // workload's creations.
  SessionOptions session;
  if (scenario.clientQps > 0)
    session.clientLimiter = kube::makeRateLimiter(scenario.clientQps, scenario.clientBurst);
  session.tracePath = scenario.traceFile.empty() ? "perfscale.db" : scenario.traceFile;
  session.verbosity = verbosity;
  session.metrics = metrics;
  try {
    session.cluster = kube::loadClusterConfig(kubectlOverrides(parsed, NamespaceFlag::Skip),
                                              kube::Environment::process());
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  if (!create) return deleteLeftovers(scenario, session.cluster, parsed.count("dry-run") > 0);

  const std::string tracePath = session.tracePath;
  if (linger) removeHandoffMarkers(tracePath);
  std::unique_ptr<RunSession> run;
  try {
    run = std::make_unique<RunSession>(std::move(session));
    // The run watches VMIs whatever its templates create: a cluster without KubeVirt is told
    // before anything is created.
    run->requireServed({{"kubevirt.io/v1", {"virtualmachineinstances"}}}, "the run");
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  RunInfo info;
  info.uuid = scenario.uuid;
  info.name = scenario.name;
  info.arguments = std::vector<std::string>(argv + 1, argv + argc);  // the trace redacts them
  info.scenarioGiven = scenario.fileText;
  info.scenarioResolved = scenario::toJson(scenario);
  run->begin(info);
  auto engineOptions = run->engineOptions();
  engineOptions.startAt = startAt;
  engine::RunReport report;
  {
    // Ends before the summary is built: what the engine tracked of every VMI is freed first.
    engine::RunEngine engine(scenario, run->client(), run->recorder(), run->timeline(),
                             std::move(engineOptions));
    report = engine.run();
  }
  const int exitCode = run->finish(std::move(report), *renderer, output == "text", thresholds);
  run.reset();  // closes the trace: from here on the file is whole
  // An interrupted run does not linger: in a pod, SIGTERM means the pod is going away.
  const bool interrupted = exitCode == 130 || exitCode == 143;
  if (linger && linger->count() > 0 && !interrupted) {
    std::cout.flush();  // the summary is in the pod's log while it lingers
    lingerForCollection(tracePath, *linger, scenario.uuid);
  }
  return exitCode;
}

}  // namespace

const CommandUsage kRunUsage = {
    "[-f SCENARIO] [flags]",
    "  # The original load generator's defaults against the current context: 100 VMIs, once\n"
    "  kubectl perfscale run\n"
    "\n"
    "  # 500 VMIs at 50 creations a second, three iterations, recorded into runs.db\n"
    "  kubectl perfscale run --vmi-count 500 --qps 50 --burst 50 --iteration-count 3 "
    "--trace runs.db\n"
    "\n"
    "  # A scenario file: print its plan and touch nothing\n"
    "  kubectl perfscale run -f scenario.yaml --dry-run\n"};

cxxopts::Options runOptions() {
  return optionsFor(Invocation::KubectlRun);
}

int runMain(int argc, char** argv) {
  return runWith(Invocation::KubectlRun, argc, argv);
}

int loadGeneratorMain(int argc, char** argv) {
  return runWith(Invocation::LoadGenerator, argc, argv);
}

}  // namespace perfscale::plugin
