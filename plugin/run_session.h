// The wiring around the engine that `run`, `replay` (and sharded runs after them) share: the
// cluster client behind the client-wide limiter, the version probe, the trace writer and the
// recorder chain that builds the figures, SIGINT/SIGTERM installed for the session and restored
// after, the progress display, and the end: signals and trace failures folded into the outcome, the
// outcome recorded, the summary (the report of the run) printed, the exit code; with
// --metrics-addr, the live metrics served for the run (and its linger) from the records.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/engine/run_engine.h"
#include "core/engine/run_timeline.h"
#include "core/kube/cluster_config.h"
#include "core/kube/rest_client.h"
#include "core/metrics/registry.h"
#include "core/metrics/run_metrics.h"
#include "core/stats/run_figures.h"
#include "core/stats/thresholds.h"
#include "plugin/metrics_server.h"
#include "plugin/render/renderer.h"
#include "store/trace_writer.h"

namespace perfscale::plugin {

// A session that cannot start (cluster unreachable, trace unusable): the message is for the user.
class SessionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The cluster's /version gitVersion ("v1.30.2"; "" when the answer has none). Throws
// SessionError when the cluster cannot be reached, naming `server` and what to check.
std::string probeVersion(kube::RestClient& client, const std::string& server);

// Logs to stderr (stdout carries the summary): 0 quiet .. 4 debug, as `run -v`.
void setUpLogging(int verbosity);

struct SessionOptions {
  kube::ClusterConfig cluster;
  // The client-wide limit every request passes (the scenario's `client: {qps, burst}`); null:
  // none. Creations are paced by the engine, not here.
  std::shared_ptr<kube::RateLimiter> clientLimiter;
  std::string tracePath;
  int verbosity = 2;                      // below 3 on a terminal: a live progress line
  std::optional<MetricsOptions> metrics;  // none: no listener
};

class RunSession {
 public:
  // Listens for scrapes (with metrics), connects, reads the cluster's version and opens the
  // trace. Throws SessionError.
  explicit RunSession(SessionOptions options);
  ~RunSession();  // restores the signal handlers it replaced
  RunSession(const RunSession&) = delete;
  RunSession& operator=(const RunSession&) = delete;

  kube::RestClient& client() { return *client_; }
  Recorder& recorder() { return metrics_ ? static_cast<Recorder&>(*metrics_) : *recorder_; }
  const engine::RunTimeline& timeline() const { return timeline_; }
  const std::string& tracePath() const { return options_.tracePath; }

  // Asks the cluster's discovery for each API group version and its resources
  // (apiVersion -> resource names) before anything is sent; throws SessionError naming what
  // is missing, for whom (`user`: "the scenario", "the recorded run") and how to check.
  void requireServed(const std::map<std::string, std::set<std::string>>& resources,
                     const std::string& user);

  // Starts the run's record: `run` names it and gives its arguments and scenario; the session
  // adds the start time, the cluster (server, context, user, version), the host and the tool.
  // Installs the signal handlers.
  void begin(RunInfo run);
  // Interrupts and progress for the engine.
  engine::EngineOptions engineOptions() const;

  // Ends the run: an interrupt or a failed trace decides the outcome over the engine's report,
  // the outcome goes to the trace, the summary (`renderer`; text adds the trace's path) to
  // stdout, thresholds are checked. Returns the exit code: the run's, else 4 when a threshold
  // failed. With --metrics-linger the metrics are served on that long (SIGINT ends it) after the
  // summary, unless the run was interrupted.
  int finish(engine::RunReport report, const render::Renderer& renderer, bool text,
             const std::vector<stats::Threshold>& thresholds);

 private:
  void lingerForScrapes();

  SessionOptions options_;
  std::unique_ptr<kube::RestClient> client_;
  std::string clusterVersion_;
  std::unique_ptr<store::TraceWriter> writer_;
  std::unique_ptr<stats::FiguresRecorder> recorder_;
  std::unique_ptr<metrics::Registry> registry_;
  std::unique_ptr<metrics::RunMetrics> metrics_;  // before recorder_ in the chain
  std::unique_ptr<MetricsServer> server_;         // declared last: stops serving first
  engine::RunTimeline timeline_;
  std::string uuid_;
  bool live_ = false;
  bool signalsInstalled_ = false;
};

}  // namespace perfscale::plugin
