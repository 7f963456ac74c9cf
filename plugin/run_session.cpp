// The session around a run (see run_session.h).
#include "plugin/run_session.h"

#include <malloc.h>
#include <unistd.h>

#include <Poco/JSON/Parser.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <thread>

#include "core/scenario/duration.h"
#include "core/version.h"
#include "plugin/progress_output.h"
#include "plugin/report_thresholds.h"

namespace perfscale::plugin {
namespace {

// What a signal handler may touch: one session runs at a time in the process.
std::atomic<int> gInterrupts{0};
std::atomic<int> gLastSignal{0};
std::atomic<bool> gTraceFailed{false};
struct sigaction gOldInt {};
struct sigaction gOldTerm {};

void onSignal(int signal) {
  gLastSignal = signal;
  gInterrupts.fetch_add(1);
}

}  // namespace

std::string probeVersion(kube::RestClient& client, const std::string& server) {
  kube::RestRequest probe;
  probe.path = "/version";
  const auto answer = client.send(probe);
  if (!answer.ok()) {
    throw SessionError("cannot reach the cluster at " + server + ": " + answer.describe() +
                       "\nCheck the kubeconfig (--kubeconfig, --context) and that the server is "
                       "up.");
  }
  try {
    const auto version = Poco::JSON::Parser().parse(answer.body).extract<Poco::JSON::Object::Ptr>();
    return version->optValue<std::string>("gitVersion", "");
  } catch (const std::exception&) {
    return "";  // a server that answers /version oddly still takes VMIs
  }
}

void setUpLogging(int verbosity) {
  // Logs go to stderr: stdout carries the summary, which -o json makes machine-readable.
  spdlog::set_default_logger(spdlog::stderr_color_mt("kubectl-perfscale"));
  spdlog::set_level(verbosity >= 4   ? spdlog::level::debug
                    : verbosity >= 2 ? spdlog::level::info
                                     : spdlog::level::warn);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
}

RunSession::RunSession(SessionOptions options) : options_(std::move(options)) {
  gInterrupts = 0;
  gLastSignal = 0;
  gTraceFailed = false;
  if (options_.metrics) {
    // First: a port in use is told before the cluster is asked anything.
    registry_ = std::make_unique<metrics::Registry>();
    try {
      server_ = std::make_unique<MetricsServer>(*registry_, options_.metrics->address);
    } catch (const std::exception& e) {
      throw SessionError(e.what());
    }
    spdlog::info("metrics at {}", server_->url());
  }
  try {
    client_ = std::make_unique<kube::RestClient>(options_.cluster, options_.clientLimiter);
  } catch (const std::exception& e) {
    throw SessionError(e.what());
  }
  clusterVersion_ = probeVersion(*client_, options_.cluster.server);
  store::TraceWriterOptions writerOptions;
  writerOptions.toolVersion = std::string(toolVersion());
  writerOptions.onFailure = [path = options_.tracePath](const std::string& error) {
    gTraceFailed = true;
    spdlog::error("trace {}: {}; stopping the run", path, error);
    gInterrupts.fetch_add(1);
  };
  try {
    writer_ = std::make_unique<store::TraceWriter>(options_.tracePath, writerOptions);
  } catch (const std::exception& e) {
    throw SessionError(e.what());
  }
  recorder_ = std::make_unique<stats::FiguresRecorder>(*writer_);
  if (registry_) {
    metrics_ = std::make_unique<metrics::RunMetrics>(*registry_, *recorder_);
    registry_->onCollect([writer = writer_.get(), metrics = metrics_.get()] {
      const auto stats = writer->stats();
      metrics->traceWriter(stats.queued - stats.committed, stats.committed);
    });
  }
  live_ = isatty(STDERR_FILENO) && options_.verbosity < 3;
}

RunSession::~RunSession() {
  if (signalsInstalled_) {
    sigaction(SIGINT, &gOldInt, nullptr);
    sigaction(SIGTERM, &gOldTerm, nullptr);
  }
}

void RunSession::requireServed(const std::map<std::string, std::set<std::string>>& resources,
                               const std::string& user) {
  for (const auto& [apiVersion, names] : resources) {
    const bool core = apiVersion.find('/') == std::string::npos;
    kube::RestRequest request;
    request.path = (core ? "/api/" : "/apis/") + apiVersion;
    const auto answer = client_->send(request);
    const std::string group = core ? "" : apiVersion.substr(0, apiVersion.find('/'));
    const std::string hint = group == "kubevirt.io"
                                 ? ": install KubeVirt (or its CRD) on the cluster; check with "
                                   "'kubectl api-resources --api-group=kubevirt.io'"
                                 : "; check with 'kubectl api-resources'";
    if (!answer.ok()) {
      throw SessionError("the cluster at " + options_.cluster.server + " does not serve " +
                         apiVersion + " (GET " + request.path + ": " + answer.describe() +
                         "), which " + user + " needs" + hint);
    }
    for (const auto& name : names) {
      if (answer.body.find("\"name\":\"" + name + "\"") == std::string::npos) {
        throw SessionError("the cluster at " + options_.cluster.server + " serves " + apiVersion +
                           " without " + name + ", which " + user + " needs" + hint);
      }
    }
  }
}

void RunSession::begin(RunInfo run) {
  run.startedWallNs = timeline_.wallOriginNs();
  run.serverUrl = options_.cluster.server;
  run.contextName = options_.cluster.contextName;
  run.userName = options_.cluster.userName;
  run.clusterVersion = clusterVersion_;
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  run.host = host;
  run.toolVersion = std::string(toolVersion());
  uuid_ = run.uuid;
  recorder().beginRun(run);

  struct sigaction action {};
  action.sa_handler = onSignal;
  action.sa_flags = SA_RESTART;  // as std::signal installs handlers on glibc
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &gOldInt);
  sigaction(SIGTERM, &action, &gOldTerm);
  signalsInstalled_ = true;
  spdlog::info("run {} ({}) against {}; trace {}", run.uuid, run.name, run.serverUrl,
               options_.tracePath);
}

engine::EngineOptions RunSession::engineOptions() const {
  engine::EngineOptions options;
  options.interrupts = &gInterrupts;
  options.onProgress = progressPrinter(live_);
  return options;
}

int RunSession::finish(engine::RunReport report, const render::Renderer& renderer, bool text,
                       const std::vector<stats::Threshold>& thresholds) {
  if (live_) std::cerr << "\r\033[K";
  if (report.outcome == RunOutcome::Interrupted) {
    const bool term = gLastSignal.load() == SIGTERM;
    report.exitCode = term ? 143 : 130;
    report.message = term ? "interrupted by SIGTERM" : "interrupted by SIGINT";
  }
  if (gTraceFailed) {
    report.outcome = RunOutcome::Error;
    report.exitCode = 1;
    report.message = "writing the trace failed: " + writer_->failure().value_or("unknown");
  }
  if (!report.message.empty())
    recorder().record(EventRecord{timeline_.now(), -1, "outcome", report.message});
  recorder().endRun(RunEnd{timeline_.now(), report.outcome, report.exitCode});
  try {
    recorder().flush();
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    report.exitCode = report.exitCode == 0 ? 1 : report.exitCode;
  }
  // The engine's state and the trace writer's caches are freed by now, mostly by other threads:
  // glibc keeps such memory in those threads' arenas, where the summary below cannot reuse
  // it. Handing it back first keeps the summary of a large run from raising its peak.
  malloc_trim(0);
  // The summary is the report of the run just finished: the same figures as `report` of its
  // trace.
  render::Report summary;
  summary.runs.push_back(recorder_->figures());
  summary.sources.push_back(options_.tracePath + ":" + uuid_.substr(0, 8));
  summary.thresholds = checkThresholds(thresholds, summary.runs.front());
  renderer.render(std::cout, summary);
  if (text) std::cout << "\ntrace: " << options_.tracePath << " (run " << uuid_ << ")\n";
  const bool thresholdFailed =
      std::any_of(summary.thresholds.begin(), summary.thresholds.end(),
                  [](const render::CheckedThreshold& c) { return !c.passed; });
  if (report.outcome != RunOutcome::Interrupted) lingerForScrapes();
  return report.exitCode != 0 ? report.exitCode : thresholdFailed ? kThresholdFailedExit : 0;
}

void RunSession::lingerForScrapes() {
  if (!server_ || options_.metrics->linger.count() <= 0) return;
  std::cout.flush();  // the summary first: whoever waits on it need not wait for the linger
  spdlog::info("serving the metrics at {} for {} more (SIGINT ends it)", server_->url(),
               scenario::formatGoDuration(options_.metrics->linger));
  // Any SIGINT or SIGTERM ends it, one that came while the summary was written too: the run
  // was not interrupted, so none came before it ended. (Counting from here missed a SIGINT
  // sent as soon as the summary's last line was read, and lingered on.)
  const auto until = std::chrono::steady_clock::now() + options_.metrics->linger;
  while (gLastSignal.load() == 0 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        std::chrono::milliseconds(100), until - std::chrono::steady_clock::now()));
  }
}

}  // namespace perfscale::plugin
