// perfscale-sim: a KubeVirt API server on loopback HTTPS for tests and demos.
// Writes a kubeconfig, prints the server URL as the first line of stdout, serves
// until SIGTERM or SIGINT.
//
// `perfscale-sim controller`: only the simulated controller, driving the VMIs of another
// API server (a real kube-apiserver with a VirtualMachineInstance CRD) named by a
// kubeconfig. Prints the URL of its admin endpoint (/sim/truth, /sim/faults, /sim/stats) as
// the first line of stdout (and with --metrics-addr the URL of its KubeVirt metrics as the
// second) and runs until SIGTERM or SIGINT.
#include <cxxopts.hpp>

#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <random>

#include "tests/sim/admin_server.h"
#include "tests/sim/kube_client.h"
#include "tests/sim/kubeconfig_writer.h"
#include "tests/sim/metrics_server.h"
#include "tests/sim/remote_controller.h"
#include "tests/sim/remote_kubeconfig.h"
#include "tests/sim/server.h"
#include "tests/sim/tls.h"

namespace {

using perfscale::sim::ControllerConfig;
using perfscale::sim::DelayDistribution;
using perfscale::sim::FaultSettings;
using perfscale::sim::ServerConfig;

std::string randomToken() {
  std::random_device device;
  static const char hex[] = "0123456789abcdef";
  std::string token;
  for (int i = 0; i < 40; ++i)
    token += hex[device() % 16];
  return token;
}

bool isLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// Splits "HOST:PORT", "[V6]:PORT" or "HOST" given to `flag`; only loopback hosts unless
// `anyHost` (`hint` says how to allow others).
std::pair<std::string, uint16_t> parseAddress(const std::string& flag, const std::string& text,
                                              bool anyHost, const std::string& hint = "") {
  std::string host = text;
  std::string port = "0";
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos) throw std::invalid_argument(flag + " " + text + ": missing ]");
    host = text.substr(1, close - 1);
    if (close + 1 < text.size() && text[close + 1] == ':') port = text.substr(close + 2);
  } else if (const auto colon = text.rfind(':'); colon != std::string::npos) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (!anyHost && !isLoopback(host)) {
    throw std::invalid_argument(
        flag + " " + text + ": perfscale-sim serves on loopback only (127.0.0.0/8 or ::1)" + hint);
  }
  unsigned long value = 0;
  try {
    size_t used = 0;
    value = std::stoul(port, &used);
    if (used != port.size()) throw std::invalid_argument(port);
  } catch (const std::exception&) {
    throw std::invalid_argument(flag + " " + text + ": the port is not a number");
  }
  if (value > 65535) throw std::invalid_argument(flag + " " + text + ": port out of range");
  return {host == "localhost" ? "127.0.0.1" : host, static_cast<uint16_t>(value)};
}

std::pair<std::string, uint16_t> parseListen(const std::string& text) {
  return parseAddress("--listen", text, false);
}

void applyProfile(const std::string& profile, ControllerConfig& controller) {
  if (profile == "default") return;
  if (profile == "instant") {
    const auto zero = DelayDistribution::constant(std::chrono::nanoseconds(0));
    controller.toScheduling = controller.toScheduled = controller.toRunning = controller.toGone =
        zero;
    controller.workCost = std::chrono::nanoseconds(0);
  } else if (profile == "realistic") {
    // Seconds, like a small real cluster: KubeVirt's CI expects Running within ~45 s at P50.
    controller.toScheduling = DelayDistribution::parse("uniform:500ms:2s");
    controller.toScheduled = DelayDistribution::parse("uniform:2s:6s");
    controller.toRunning = DelayDistribution::parse("uniform:3s:10s");
    controller.toGone = DelayDistribution::parse("uniform:1s:4s");
    controller.workCost = std::chrono::milliseconds(2);
  } else {
    throw std::invalid_argument("--profile " + profile +
                                ": expected instant, default or realistic");
  }
}

const char* const kModes =
    "Modes:\n"
    "  perfscale-sim [OPTION...]             a simulated Kubernetes + KubeVirt API server\n"
    "                                        (the default; this help)\n"
    "  perfscale-sim controller [OPTION...]  only the simulated controller, driving the VMIs\n"
    "                                        of another API server (a real kube-apiserver\n"
    "                                        with a VirtualMachineInstance CRD) named by\n"
    "                                        --kubeconfig; see perfscale-sim controller --help\n";

const char* const kControllerFaults = "Faults (also settable at run time: PUT /sim/faults)";

// The VMI lifecycle flags both modes take.
void addClusterOptions(cxxopts::Options& options) {
  // clang-format off
  options.add_options("Cluster")
    ("profile", "Delay profile: instant, default or realistic",
     cxxopts::value<std::string>()->default_value("default"))
    ("nodes", "Number of nodes", cxxopts::value<int>()->default_value("10"))
    ("vmis-per-node", "VMIs one node holds", cxxopts::value<int>()->default_value("110"))
    ("controller-workers", "Controller workers (transitions processed at once)",
     cxxopts::value<int>()->default_value("4"))
    ("controller-work-cost", "Worker time each transition takes",
     cxxopts::value<std::string>())
    ("delay-scheduling", "Pending -> Scheduling delay (D, uniform:A:B, normal:M:S, exp:M)",
     cxxopts::value<std::string>())
    ("delay-scheduled", "Scheduling -> Scheduled delay", cxxopts::value<std::string>())
    ("delay-running", "Scheduled -> Running delay", cxxopts::value<std::string>())
    ("delay-gone", "End of grace period -> Succeeded/Failed and gone",
     cxxopts::value<std::string>())
    ("default-grace-period", "Grace period of a VMI that sets none (seconds)",
     cxxopts::value<int>()->default_value("30"))
    ("fractional-timestamps", "Write creation, deletion and phase transition timestamps of VMIs with microseconds");
  // clang-format on
}

void addControllerFaultOptions(cxxopts::Options& options, const std::string& group) {
  // clang-format off
  options.add_options(group)
    ("stall-controller", "Start with the controller stalled")
    ("fault-vmi-fail-rate", "Share of VMIs that go Failed instead of Running",
     cxxopts::value<double>()->default_value("0"));
  // clang-format on
}

ControllerConfig readControllerConfig(const cxxopts::ParseResult& parsed) {
  ControllerConfig controller;
  applyProfile(parsed["profile"].as<std::string>(), controller);
  controller.nodes = parsed["nodes"].as<int>();
  controller.vmisPerNode = parsed["vmis-per-node"].as<int>();
  controller.workers = parsed["controller-workers"].as<int>();
  controller.defaultGracePeriod = std::chrono::seconds(parsed["default-grace-period"].as<int>());
  controller.fractionalTimestamps = parsed.count("fractional-timestamps") > 0;
  if (parsed.count("controller-work-cost"))
    controller.workCost =
        perfscale::sim::parseDuration(parsed["controller-work-cost"].as<std::string>());
  auto delay = [&](const char* flag, DelayDistribution& target) {
    if (parsed.count(flag)) target = DelayDistribution::parse(parsed[flag].as<std::string>());
  };
  delay("delay-scheduling", controller.toScheduling);
  delay("delay-scheduled", controller.toScheduled);
  delay("delay-running", controller.toRunning);
  delay("delay-gone", controller.toGone);
  return controller;
}

void readControllerFaults(const cxxopts::ParseResult& parsed, FaultSettings& faults) {
  faults.stallController = parsed.count("stall-controller") > 0;
  faults.vmiFailRate = parsed["fault-vmi-fail-rate"].as<double>();
  if (faults.vmiFailRate < 0 || faults.vmiFailRate > 1)
    throw std::invalid_argument("fault rates are shares from 0 to 1");
}

void rejectArguments(const cxxopts::ParseResult& parsed) {
  if (!parsed.unmatched().empty())
    throw std::invalid_argument("unexpected argument \"" + parsed.unmatched().front() +
                                "\" (modes: the server by default, or controller as the first "
                                "argument)");
}

sigset_t blockTerminationSignals() {
  // Signals are taken synchronously by the main thread; every other thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int runController(int argc, char** argv) {
  cxxopts::Options options(
      "perfscale-sim controller",
      "The simulated KubeVirt controller alone: drives the VirtualMachineInstances of another\n"
      "API server (e.g. a real kube-apiserver with a VirtualMachineInstance CRD: kubevirt.io/v1,\n"
      "namespaced, no status subresource) through Pending, Scheduling, Scheduled and Running\n"
      "with the same delays, capacity and faults as the built-in server, holds deleted VMIs\n"
      "with its finalizer for their grace period, then sets Succeeded or Failed and lets them\n"
      "go. Every write is a GET-modify-PUT of the whole VMI. Namespaces are left to the\n"
      "cluster's own namespace controller. Loopback API servers only.\n"
      "Prints the admin URL (GET /sim/truth, GET|PUT /sim/faults, GET /sim/stats; bearer\n"
      "admin token) as the first line of stdout, the metrics URL (with --metrics-addr) as the\n"
      "second, and runs until SIGINT or SIGTERM.\n");
  // clang-format off
  options.add_options("Controller")
    ("kubeconfig", "Kubeconfig of the API server to drive (required)",
     cxxopts::value<std::string>())
    ("context", "Kubeconfig context (default: its current-context)",
     cxxopts::value<std::string>())
    ("h,help", "Show this help");
  options.add_options("Admin")
    ("listen", "Admin endpoint address (loopback only); port 0 picks one",
     cxxopts::value<std::string>()->default_value("127.0.0.1:0"))
    ("admin-token", "Bearer token for /sim/* (default: random)", cxxopts::value<std::string>())
    ("admin-token-out", "Write the admin token to this file (mode 0600)",
     cxxopts::value<std::string>())
    ("admin-ca-out", "Write the CA certificate of the admin endpoint here (PEM)",
     cxxopts::value<std::string>());
  options.add_options("Metrics")
    ("metrics-addr", "Serve KubeVirt's metrics (GET /metrics, plain HTTP) on HOST:PORT; port 0 "
     "picks one; its URL is the second line of stdout. Loopback only unless "
     "--metrics-any-address", cxxopts::value<std::string>())
    ("metrics-any-address", "Let --metrics-addr be an address other hosts can reach");
  // clang-format on
  addClusterOptions(options);
  addControllerFaultOptions(options, kControllerFaults);
  const auto parsed = options.parse(argc, argv);
  if (parsed.count("help")) {
    std::cout << options.help({"Controller", "Admin", "Metrics", "Cluster", kControllerFaults})
              << '\n'
              << kModes;
    return 0;
  }
  rejectArguments(parsed);
  if (!parsed.count("kubeconfig")) {
    std::cerr << "perfscale-sim controller: --kubeconfig FILE is required\n";
    return 2;
  }
  const auto cluster = perfscale::sim::loadKubeconfig(
      parsed["kubeconfig"].as<std::string>(),
      parsed.count("context") ? parsed["context"].as<std::string>() : "");
  const ControllerConfig controllerConfig = readControllerConfig(parsed);
  FaultSettings faultSettings;
  readControllerFaults(parsed, faultSettings);
  const auto [listenHost, listenPort] = parseListen(parsed["listen"].as<std::string>());
  const std::string adminToken =
      parsed.count("admin-token") ? parsed["admin-token"].as<std::string>() : randomToken();
  std::optional<std::pair<std::string, uint16_t>> metricsAddress;
  if (parsed.count("metrics-addr")) {
    metricsAddress = parseAddress("--metrics-addr", parsed["metrics-addr"].as<std::string>(),
                                  parsed.count("metrics-any-address") > 0,
                                  "; add --metrics-any-address to serve metrics to other hosts");
  } else if (parsed.count("metrics-any-address")) {
    throw std::invalid_argument("--metrics-any-address goes with --metrics-addr HOST:PORT");
  }

  const auto ca = perfscale::sim::CertificateAuthority::generate("perfscale-sim-controller-ca");
  const auto serving = ca.issueServer({"localhost"}, {"127.0.0.1", "::1"});

  // A TLS record written to a peer that reset the connection must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t signals = blockTerminationSignals();

  perfscale::sim::KubeClient client(cluster, static_cast<size_t>(controllerConfig.workers) + 8);
  perfscale::sim::RemoteTruth truth;
  perfscale::sim::Faults faults(faultSettings);
  perfscale::sim::RemoteController controller(client, truth, faults, controllerConfig);
  // virt-controller's metrics: its phase histograms, its view of the VMIs and its requests.
  perfscale::sim::KubevirtMetrics kubevirtMetrics;
  truth.listen(&kubevirtMetrics);
  kubevirtMetrics.countPhasesWith([&controller] { return controller.phaseCounts(); });
  client.observeWith([&kubevirtMetrics, apiHost = client.hostPort()](
                         int status, const std::string& method, const std::string& path) {
    kubevirtMetrics.restRequest(status, method, apiHost, path);
  });
  std::unique_ptr<perfscale::sim::MetricsServer> metricsServer;
  if (metricsAddress) {
    metricsServer = std::make_unique<perfscale::sim::MetricsServer>(
        metricsAddress->first, metricsAddress->second,
        [&kubevirtMetrics] { return kubevirtMetrics.exposition(); });
  }
  perfscale::sim::AdminServer admin(
      listenHost, listenPort, adminToken, serving,
      [&](const std::string& method, const std::string& path, const std::string& body) {
        perfscale::sim::ApiResponse answer;
        if (path == "/sim/truth" && method == "GET") {
          answer.body = truth.json();
        } else if (path == "/sim/faults" && method == "GET") {
          answer.body = faults.settings().json();
        } else if (path == "/sim/faults" &&
                   (method == "PUT" || method == "POST" || method == "PATCH")) {
          FaultSettings settings = faults.settings();
          try {
            if (perfscale::sim::outageField(body))
              throw std::invalid_argument(
                  "fault field outage: outages are faults of the built-in API server, not of "
                  "the controller");
            settings.merge(body);
          } catch (const std::invalid_argument& e) {
            return perfscale::sim::failure(400, "BadRequest", e.what());
          }
          faults.set(settings);
          answer.body = settings.json();
        } else if (path == "/sim/faults" && method == "DELETE") {
          faults.set(FaultSettings{});
          answer.body = FaultSettings{}.json();
        } else if (path == "/sim/stats" && method == "GET") {
          answer.body = controller.statsJson();
        } else {
          answer = perfscale::sim::failure(
              404, "NotFound",
              "no admin endpoint " + method + " " + path +
                  " (GET /sim/truth, GET|PUT|DELETE /sim/faults, GET /sim/stats; only "
                  "stallController and vmiFailRate matter to the controller)");
        }
        return answer;
      });
  controller.start();
  const std::string url = admin.start();
  const std::string metricsUrl = metricsServer ? metricsServer->start() : "";
  if (parsed.count("admin-token-out"))
    perfscale::sim::writePrivateFile(parsed["admin-token-out"].as<std::string>(),
                                     adminToken + "\n");
  if (parsed.count("admin-ca-out"))
    perfscale::sim::writePrivateFile(parsed["admin-ca-out"].as<std::string>(), ca.certificatePem());
  std::cerr << "perfscale-sim controller: driving the VMIs of " << cluster.server << " (context "
            << cluster.contextName << ")\n";
  std::cout << url << std::endl;
  if (metricsServer) std::cout << metricsUrl << std::endl;

  int received = 0;
  sigwait(&signals, &received);
  std::cerr << "perfscale-sim controller: " << (received == SIGINT ? "SIGINT" : "SIGTERM")
            << ", shutting down\n";
  if (metricsServer) metricsServer->stop();
  admin.stop();
  controller.stop();
  return 0;
}

int run(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "controller") return runController(argc - 1, argv + 1);
  cxxopts::Options options("perfscale-sim",
                           "A simulated Kubernetes + KubeVirt API server on loopback HTTPS.");
  // clang-format off
  options.add_options("Server")
    ("listen", "Address to listen on (loopback only); port 0 picks one",
     cxxopts::value<std::string>()->default_value("127.0.0.1:0"))
    ("kubeconfig-out", "Write a kubeconfig for this server here (mode 0600)",
     cxxopts::value<std::string>())
    ("ca-cert-file", "Use this CA (PEM) instead of generating one", cxxopts::value<std::string>())
    ("ca-key-file", "Key of --ca-cert-file (PEM, unencrypted)", cxxopts::value<std::string>())
    ("tls-cert-file", "Serving certificate (PEM), else one is issued by the CA",
     cxxopts::value<std::string>())
    ("tls-key-file", "Key of --tls-cert-file", cxxopts::value<std::string>())
    ("without-kubevirt", "Serve no kubevirt.io API, as a cluster without KubeVirt (discovery "
     "and VMI paths answer 404)")
    ("without-exec", "Serve no pods/exec (404), as a server or proxy that does not pass it")
    ("max-threads", "Most connections served at once (each watch holds one)",
     cxxopts::value<int>()->default_value("1024"))
    ("h,help", "Show this help");
  options.add_options("Authentication")
    ("token", "Bearer token of the full-access user (default: random)",
     cxxopts::value<std::string>())
    ("namespace-user",
     "NS:TOKEN[:VERBS]: bearer token of a user that may only use VERBS (default create+get+"
     "list+watch+delete+deletecollection) on VMIs in namespace NS, as a namespaced Role "
     "grants; repeatable", cxxopts::value<std::vector<std::string>>())
    ("read-only-token", "Bearer token of a user that may only read (403 on writes)",
     cxxopts::value<std::string>())
    ("basic-auth", "USER:PASSWORD of a static basic-auth user", cxxopts::value<std::string>())
    ("client-cert-user", "Issue a client certificate for this user and add a context for it",
     cxxopts::value<std::string>())
    ("admin-token", "Bearer token for /sim/* (default: random)", cxxopts::value<std::string>())
    ("admin-token-out", "Write the admin token to this file (mode 0600)",
     cxxopts::value<std::string>());
  // clang-format on
  addClusterOptions(options);
  // clang-format off
  options.add_options("Cluster")
    ("watch-history", "Events kept for watches to resume from",
     cxxopts::value<size_t>()->default_value("200000"))
    ("bookmark-interval", "Interval between BOOKMARK events", 
     cxxopts::value<std::string>()->default_value("5s"));
  options.add_options("Overload")
    ("max-mutating-inflight", "Concurrent mutating requests before 429",
     cxxopts::value<size_t>()->default_value("200"))
    ("max-readonly-inflight", "Concurrent read-only requests before 429",
     cxxopts::value<size_t>()->default_value("400"))
    ("retry-after", "Retry-After seconds on overload 429s",
     cxxopts::value<int>()->default_value("1"));
  options.add_options("Faults (also settable at run time: PUT /sim/faults)")
    ("fault-error-rate", "Share of requests answered with --fault-error-code",
     cxxopts::value<double>()->default_value("0"))
    ("fault-error-code", "500 or 503", cxxopts::value<int>()->default_value("503"))
    ("fault-error-retry-after", "Retry-After seconds on injected errors (0 = none)",
     cxxopts::value<int>()->default_value("0"))
    ("fault-throttle-rate", "Share of requests answered 429",
     cxxopts::value<double>()->default_value("0"))
    ("fault-throttle-retry-after", "Retry-After seconds on injected 429s",
     cxxopts::value<int>()->default_value("1"))
    ("fault-drop-rate", "Share of connections closed before the answer",
     cxxopts::value<double>()->default_value("0"))
    ("fault-latency", "Latency added to every answer", cxxopts::value<std::string>())
    ("fault-jitter", "Plus a uniform random part up to this", cxxopts::value<std::string>())
    ("fault-watch-cut-after", "Cut watch streams after this long", cxxopts::value<std::string>())
    ("fault-watch-cut-events", "Cut watch streams after this many events",
     cxxopts::value<long>()->default_value("0"))
    ("fault-verbs", "Verbs the faults apply to (comma list; default all)",
     cxxopts::value<std::vector<std::string>>())
    ("fault-resources", "Resources the faults apply to: namespaces, virtualmachineinstances "
     "(comma list; default all)", cxxopts::value<std::vector<std::string>>())
    ("fault-outage", "An outage of the whole server: KIND:DURATION[@AFTER], KIND refuse "
     "(listener closed, connections reset), freeze (nothing answered) or restart (like refuse, "
     "then the watch history is gone); AFTER from start, default 0s. E.g. refuse:4s@5s",
     cxxopts::value<std::string>())
    ;
  // clang-format on
  addControllerFaultOptions(options, "Faults (also settable at run time: PUT /sim/faults)");
  const auto parsed = options.parse(argc, argv);
  if (parsed.count("help")) {
    std::cout << options.help() << '\n' << kModes;
    return 0;
  }
  rejectArguments(parsed);
  if (!parsed.count("kubeconfig-out")) {
    std::cerr << "perfscale-sim: --kubeconfig-out FILE is required\n";
    return 2;
  }

  ServerConfig server;
  std::tie(server.listenHost, server.listenPort) = parseListen(parsed["listen"].as<std::string>());
  server.token = parsed.count("token") ? parsed["token"].as<std::string>() : randomToken();
  if (parsed.count("read-only-token"))
    server.readOnlyToken = parsed["read-only-token"].as<std::string>();
  if (parsed.count("namespace-user")) {
    for (const auto& text : parsed["namespace-user"].as<std::vector<std::string>>())
      server.namespaceUsers.push_back(perfscale::sim::NamespaceUser::parse(text));
  }
  if (parsed.count("basic-auth")) {
    server.basicUser = parsed["basic-auth"].as<std::string>();
    if (server.basicUser.find(':') == std::string::npos)
      throw std::invalid_argument("--basic-auth: expected USER:PASSWORD");
  }
  server.adminToken =
      parsed.count("admin-token") ? parsed["admin-token"].as<std::string>() : randomToken();
  server.maxThreads = parsed["max-threads"].as<int>();
  server.withoutKubevirt = parsed.count("without-kubevirt") > 0;
  server.withoutExec = parsed.count("without-exec") > 0;
  server.maxMutatingInflight = parsed["max-mutating-inflight"].as<size_t>();
  server.maxReadOnlyInflight = parsed["max-readonly-inflight"].as<size_t>();
  server.overloadRetryAfterSeconds = parsed["retry-after"].as<int>();
  server.watchHistory = parsed["watch-history"].as<size_t>();
  server.bookmarkInterval = std::chrono::duration_cast<std::chrono::seconds>(
      perfscale::sim::parseDuration(parsed["bookmark-interval"].as<std::string>()));
  if (server.bookmarkInterval.count() < 1) server.bookmarkInterval = std::chrono::seconds(1);
  server.fractionalTimestamps = parsed.count("fractional-timestamps") > 0;

  ControllerConfig controller = readControllerConfig(parsed);

  FaultSettings faults;
  faults.errorRate = parsed["fault-error-rate"].as<double>();
  faults.errorCode = parsed["fault-error-code"].as<int>();
  faults.errorRetryAfterSeconds = parsed["fault-error-retry-after"].as<int>();
  faults.throttleRate = parsed["fault-throttle-rate"].as<double>();
  faults.throttleRetryAfterSeconds = parsed["fault-throttle-retry-after"].as<int>();
  faults.dropRate = parsed["fault-drop-rate"].as<double>();
  if (parsed.count("fault-latency"))
    faults.latency = perfscale::sim::parseDuration(parsed["fault-latency"].as<std::string>());
  if (parsed.count("fault-jitter"))
    faults.jitter = perfscale::sim::parseDuration(parsed["fault-jitter"].as<std::string>());
  if (parsed.count("fault-watch-cut-after"))
    faults.watchCutAfter =
        perfscale::sim::parseDuration(parsed["fault-watch-cut-after"].as<std::string>());
  faults.watchCutAfterEvents = parsed["fault-watch-cut-events"].as<long>();
  readControllerFaults(parsed, faults);
  if (parsed.count("fault-outage"))
    server.outage = perfscale::sim::OutageSpec::parse(parsed["fault-outage"].as<std::string>());
  if (parsed.count("fault-verbs")) {
    for (const auto& verb : parsed["fault-verbs"].as<std::vector<std::string>>())
      faults.verbs.insert(verb);
  }
  if (parsed.count("fault-resources")) {
    for (const auto& resource : parsed["fault-resources"].as<std::vector<std::string>>())
      faults.resources.insert(resource);
  }
  for (double share :
       {faults.errorRate, faults.throttleRate, faults.dropRate, faults.vmiFailRate}) {
    if (share < 0 || share > 1) throw std::invalid_argument("fault rates are shares from 0 to 1");
  }
  if (faults.errorCode != 500 && faults.errorCode != 503)
    throw std::invalid_argument("--fault-error-code: expected 500 or 503");

  using perfscale::sim::CertificateAuthority;
  if (parsed.count("ca-cert-file") != parsed.count("ca-key-file"))
    throw std::invalid_argument("--ca-cert-file and --ca-key-file go together");
  if (parsed.count("tls-cert-file") != parsed.count("tls-key-file"))
    throw std::invalid_argument("--tls-cert-file and --tls-key-file go together");
  if (parsed.count("tls-cert-file") && !parsed.count("ca-cert-file"))
    throw std::invalid_argument(
        "--tls-cert-file needs the CA that signed it: --ca-cert-file and "
        "--ca-key-file");
  const CertificateAuthority ca =
      parsed.count("ca-cert-file")
          ? CertificateAuthority::load(parsed["ca-cert-file"].as<std::string>(),
                                       parsed["ca-key-file"].as<std::string>())
          : CertificateAuthority::generate();
  perfscale::sim::PemPair serving;
  if (parsed.count("tls-cert-file")) {
    auto slurp = [](const std::string& path) {
      std::ifstream in(path);
      if (!in) throw std::invalid_argument("cannot read " + path);
      return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    serving = {slurp(parsed["tls-cert-file"].as<std::string>()),
               slurp(parsed["tls-key-file"].as<std::string>())};
  } else {
    serving = ca.issueServer({"localhost"}, {"127.0.0.1", "::1"});
  }

  perfscale::sim::KubeconfigUsers users{server.token, server.readOnlyToken, server.basicUser, "",
                                        ""};
  if (parsed.count("client-cert-user")) {
    auto client = ca.issueClient(parsed["client-cert-user"].as<std::string>(), {"system:masters"});
    users.clientCertificatePem = client.certificatePem;
    users.clientKeyPem = client.privateKeyPem;
  }

  sigset_t signals = blockTerminationSignals();

  perfscale::sim::Server simulator(server, ca, serving, controller, faults);
  const std::string url = simulator.start();
  perfscale::sim::writeKubeconfig(parsed["kubeconfig-out"].as<std::string>(), url,
                                  ca.certificatePem(), users);
  if (parsed.count("admin-token-out"))
    perfscale::sim::writePrivateFile(parsed["admin-token-out"].as<std::string>(),
                                     server.adminToken + "\n");
  std::cout << url << std::endl;

  int received = 0;
  sigwait(&signals, &received);
  std::cerr << "perfscale-sim: " << (received == SIGINT ? "SIGINT" : "SIGTERM")
            << ", shutting down\n";
  simulator.stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "perfscale-sim: " << e.what() << '\n';
    return 2;
  }
}
