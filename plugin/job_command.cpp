// `kubectl perfscale job --shards N [run flags]`: one run spread over the pods of an Indexed
// Job, each `run --shard $(JOB_COMPLETION_INDEX)/N` with the in-cluster config. Prints (or
// applies) the objects it needs: a ServiceAccount, the RBAC the run needs and nothing more
// (namespaced Roles when the run stays in fixed namespaces, else a ClusterRole), a ConfigMap
// holding the resolved scenario (templates inline, the run's uuid set) and the Job. The traces
// go to a PersistentVolumeClaim (--trace-pvc), else stay in each pod's emptyDir until
// `job collect` copies them out (job_collect.cpp; the pods run with --linger meanwhile).
#include <chrono>
#include <cxxopts.hpp>
#include <iostream>
#include <string_view>

#include "core/kube/kubeconfig.h"
#include "core/kube/rest_client.h"
#include "core/scenario/duration.h"
#include "plugin/command.h"
#include "plugin/command_help.h"
#include "plugin/flag_syntax.h"
#include "plugin/job_collect.h"
#include "plugin/job_manifest.h"
#include "plugin/kube_flags.h"
#include "plugin/run_flags.h"
#include "plugin/run_session.h"
#include "plugin/trace_handoff.h"

namespace perfscale::plugin {
namespace {

// How long a pod waits for `job collect` after its run when its trace is in an emptyDir.
constexpr const char* kDefaultLinger = "10m";

// The namespace of the Job: --job-namespace, else the kubeconfig context's, else default.
std::string jobNamespace(const cxxopts::ParseResult& parsed, const kube::ClusterConfig* cluster) {
  if (parsed.count("job-namespace")) return parsed["job-namespace"].as<std::string>();
  return cluster ? cluster->ns : "default";
}

// The minor version of a gitVersion "v1.21.3", or nothing.
std::optional<int> minorVersion(const std::string& gitVersion) {
  if (gitVersion.rfind("v1.", 0) != 0) return std::nullopt;
  const auto digits = gitVersion.substr(3, gitVersion.find_first_not_of("0123456789", 3) - 3);
  if (digits.empty() || digits.size() > 4) return std::nullopt;
  return std::stoi(digits);
}

// Server-side apply of each object, as `kubectl apply --server-side` does, once the cluster is
// known to run Indexed Jobs (v1.21 and later): nothing is made on one that does not.
int applyObjects(const std::vector<JobObject>& objects, const kube::ClusterConfig& cluster) {
  kube::RestClient client(cluster, std::make_shared<kube::UnlimitedRateLimiter>());
  const auto version = probeVersion(client, cluster.server);
  if (const auto minor = minorVersion(version); minor && *minor < 21) {
    std::cerr << "error: the cluster at " << cluster.server << " runs Kubernetes " << version
              << ", older than Indexed Jobs (v1.21): nothing applied; run the shards yourself "
                 "with kubectl perfscale run --shard I/N --uuid U --start-at TIME\n";
    return 1;
  }
  for (const auto& object : objects) {
    kube::RestRequest request;
    request.method = "PATCH";
    request.path = object.path;
    request.query = {{"fieldManager", "kubectl-perfscale"}, {"force", "true"}};
    request.contentType = "application/apply-patch+yaml";
    request.body = object.json();
    const auto response = client.send(request);
    if (!response.ok()) {
      std::cerr << "error: applying " << object.kind << " " << object.name << ": "
                << response.describe() << "\n";
      return 1;
    }
    std::cout << object.kind << "/" << object.name << " applied\n";
  }
  return 0;
}

}  // namespace

const CommandUsage kJobUsage = {
    "--shards N --image IMAGE [--trace-pvc CLAIM] [run flags] [flags]",
    "  # Print the objects that run 1,000 VMIs from 4 pods, 250 each at 25 qps (100 in all)\n"
    "  kubectl perfscale job --shards 4 --image registry.example/perfscale:v0.1.0 --trace-pvc "
    "traces --vmi-count 1000 --qps 100 --burst 20\n"
    "\n"
    "  # Make them in the cluster, one namespace per shard and iteration, from a scenario file\n"
    "  kubectl perfscale job --shards 8 --image registry.example/perfscale:v0.1.0 --trace-pvc "
    "traces -f density.yaml --namespaced-iterations --apply\n"
    "\n"
    "  # Without a claim: apply, then copy the shards' traces out of their pods and merge them\n"
    "  kubectl perfscale job --shards 2 --image registry.example/perfscale:v0.1.0 --uuid "
    "3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01 --vmi-count 200 --apply\n"
    "  kubectl perfscale job collect 3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01\n"};

cxxopts::Options jobOptions() {
  cxxopts::Options options(
      "kubectl perfscale job",
      "Run one load test from the pods of an Indexed Job: each pod is a shard of the run (run "
      "--shard), all start pacing together. 'kubectl perfscale job collect RUN_UUID' copies the "
      "shards' traces out of their pods (see 'kubectl perfscale job collect --help').");
  options.add_options()("shards", "Pods, each creating 1/N of the VMIs at 1/N of the rate",
                        cxxopts::value<int>(), "N")(
      "image", "Image with kubectl-perfscale on its PATH (required)", cxxopts::value<std::string>(),
      "IMAGE")("trace-pvc",
               "PersistentVolumeClaim (ReadWriteMany) the shards write <uuid>-<i>.db to (default: "
               "an emptyDir per pod, copied out by job collect)",
               cxxopts::value<std::string>(), "NAME")(
      "linger",
      "How long each pod waits after its run for job collect to copy its trace (run --linger; "
      "default 10m without --trace-pvc, none with it)",
      cxxopts::value<std::string>(), "DURATION")(
      "job-namespace", "Namespace of the Job and its ServiceAccount (default: the context's)",
      cxxopts::value<std::string>(), "NAME")(
      "start-delay", "The shards start pacing this long after the objects are made (Go duration)",
      cxxopts::value<std::string>()->default_value("60s"), "DURATION")(
      "apply", "Create the objects in the cluster (server-side apply) instead of printing them")(
      "f,filename", "Scenario file (ours, or the original's formats)",
      cxxopts::value<std::string>(), "FILE")("h,help", "Show this help");
  addScenarioFlags(options);
  addKubectlFlags(options, NamespaceFlag::Skip);
  return options;
}

int jobMain(int argc, char** argv) {
  if (argc > 1) {
    const std::string_view sub = argv[1];
    if (sub == "collect") return jobCollectMain(argc - 1, argv + 1);
    // Run by job collect in a shard's container; not for people, so not in the help.
    if (sub == "send-trace") return sendTraceMain(argc - 1, argv + 1);
    if (sub == "mark-collected") return markCollectedMain(argc - 1, argv + 1);
  }
  auto options = jobOptions();
  const auto parsed = parseGoStyle(options, argc, argv);
  if (parsed.count("help")) {
    std::cout << commandHelp(options, kJobUsage);
    return 0;
  }
  if (!parsed.unmatched().empty()) {
    std::cerr << "error: unexpected argument \"" << parsed.unmatched().front()
              << "\"; see 'kubectl perfscale job --help'\n";
    return 1;
  }
  JobSpec spec;
  try {
    if (!parsed.count("shards"))
      throw std::invalid_argument("--shards is required: how many pods share the run");
    spec.shards = parsed["shards"].as<int>();
    if (!parsed.count("image") || parsed["image"].as<std::string>().empty()) {
      throw std::invalid_argument(
          "--image is required: an image with kubectl-perfscale on its PATH, e.g. one built "
          "FROM a distroless or Debian image with the binary of the krew archive copied in");
    }
    spec.image = parsed["image"].as<std::string>();
    if (parsed.count("trace-pvc")) {
      if (parsed["trace-pvc"].as<std::string>().empty())
        throw std::invalid_argument("--trace-pvc: give the name of a PersistentVolumeClaim");
      spec.tracePvc = parsed["trace-pvc"].as<std::string>();
    }
    if (parsed.count("linger") || !spec.tracePvc) {
      const std::string linger =
          parsed.count("linger") ? parsed["linger"].as<std::string>() : kDefaultLinger;
      scenario::Duration duration;
      try {
        duration = scenario::parseGoDuration(linger);
      } catch (const std::exception& e) {
        throw std::invalid_argument("--linger " + linger + ": " + e.what());
      }
      if (duration.count() <= 0 && !spec.tracePvc) {
        throw std::invalid_argument(
            "--linger " + linger +
            ": without --trace-pvc each trace lives in its pod's emptyDir, and the pods must "
            "wait for kubectl perfscale job collect to copy it; give a duration above 0 (default " +
            kDefaultLinger + ") or a --trace-pvc");
      }
      if (duration.count() < 0)
        throw std::invalid_argument("--linger " + linger + ": expected a duration of 0 or more");
      if (duration.count() > 0) spec.linger = linger;
    }
    const auto delay = parsed["start-delay"].as<std::string>();
    try {
      spec.startDelay = scenario::parseGoDuration(delay);
    } catch (const std::exception& e) {
      throw std::invalid_argument("--start-delay " + delay + ": " + e.what());
    }
    std::optional<std::filesystem::path> file;
    if (parsed.count("filename")) file = parsed["filename"].as<std::string>();
    spec.scenario = scenarioFromFlags(parsed, file);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  std::optional<kube::ClusterConfig> cluster;
  try {
    cluster = kube::loadClusterConfig(kubectlOverrides(parsed, NamespaceFlag::Skip),
                                      kube::Environment::process());
  } catch (const std::exception& e) {
    if (parsed.count("apply")) {
      std::cerr << "error: " << e.what() << '\n';
      return 1;
    }
  }
  spec.jobNamespace = jobNamespace(parsed, cluster ? &*cluster : nullptr);
  spec.startAt = std::chrono::system_clock::now() +
                 std::chrono::duration_cast<std::chrono::system_clock::duration>(spec.startDelay);
  std::vector<JobObject> objects;
  try {
    objects = jobObjects(spec);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  if (parsed.count("apply")) {
    try {
      return applyObjects(objects, *cluster);
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << '\n';
      return 1;
    }
  }
  std::cout << jobYaml(objects);
  return 0;
}

}  // namespace perfscale::plugin
