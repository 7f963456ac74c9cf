// `kubectl perfscale job collect` and `run --linger`: traces copied out of the shards' pods
// through pods/exec when no volume outlives them. The shards are the Job's pod command run
// here (paths of the image mapped onto a temporary directory); the sim holds their pod objects
// and plays the kubelet, running each exec as a local process.
#include <yaml-cpp/yaml.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/e2e/plugin_run_support.h"
#include "tests/support/process.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::ChildProcess;
using perfscale::test::CommandResult;
using perfscale::test::kPlugin;
using perfscale::test::readFile;
using perfscale::test::runArgs;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;
using perfscale::test::TempDir;
using perfscale::test::TraceQuery;
using perfscale::test::writeFile;

namespace {

using Clock = std::chrono::steady_clock;

const std::string kUuid = "5e0c7a21-3b3b-4c4c-8d8d-9e9e00002222";
const std::string kIndexVariable = "$(JOB_COMPLETION_INDEX)";

bool exists(const std::string& path) {
  return std::filesystem::exists(path);
}

// Waits (bounded) until `path` exists.
bool waitForFile(const std::string& path, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!exists(path)) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// A path of the Job's image mapped onto `dir`: the scenario's mount and the trace volume.
std::string local(const std::string& arg, const std::string& dir) {
  return replaceAll(replaceAll(arg, "/etc/perfscale/", dir + "/"), "/traces/", dir + "/");
}

// The Job of `kubectl perfscale job` for kUuid with `flags`, read back.
YAML::Node printedJob(const SimCluster& sim, const std::vector<std::string>& flags,
                      std::string* scenario = nullptr) {
  std::vector<std::string> args = {kPlugin,    "job", "--kubeconfig", sim.kubeconfig(),
                                   "--uuid",   kUuid, "--image",      "registry.example/p:1",
                                   "--shards", "2"};
  args.insert(args.end(), flags.begin(), flags.end());
  const auto printed = runCommand(args, {}, 30s);
  INFO(printed.out << printed.err);
  REQUIRE(printed.exitCode == 0);
  YAML::Node job;
  for (const auto& object : YAML::LoadAll(printed.out)) {
    if (object["kind"].as<std::string>() == "Job") job = object;
    if (object["kind"].as<std::string>() == "ConfigMap" && scenario)
      *scenario = object["data"]["scenario.yaml"].as<std::string>();
  }
  REQUIRE(job);
  return job;
}

std::vector<std::string> containerArgs(const YAML::Node& job) {
  return job["spec"]["template"]["spec"]["containers"][0]["args"].as<std::vector<std::string>>();
}

// What the Job controller makes of the template for completion index `index`, as a pod object
// for the sim: the run label, the index annotation, the container's args with the image's
// paths mapped onto `dir` and its binary the one built here.
std::string podJson(const YAML::Node& job, int index, const std::string& dir,
                    const std::string& phase = "Running", const std::string& binary = kPlugin) {
  Poco::JSON::Object pod;
  Poco::JSON::Object::Ptr metadata = new Poco::JSON::Object();
  metadata->set("name", "perfscale-5e0c7a21-" + std::to_string(index) + "-x7k2p");
  Poco::JSON::Object::Ptr labels = new Poco::JSON::Object();
  for (const auto& label : job["spec"]["template"]["metadata"]["labels"])
    labels->set(label.first.as<std::string>(), label.second.as<std::string>());
  labels->set("batch.kubernetes.io/job-completion-index", std::to_string(index));
  metadata->set("labels", labels);
  Poco::JSON::Object::Ptr annotations = new Poco::JSON::Object();
  annotations->set("batch.kubernetes.io/job-completion-index", std::to_string(index));
  metadata->set("annotations", annotations);
  pod.set("metadata", metadata);
  Poco::JSON::Object::Ptr container = new Poco::JSON::Object();
  container->set("name", "perfscale");
  container->set("image", "registry.example/p:1");
  Poco::JSON::Array::Ptr command = new Poco::JSON::Array();
  command->add(binary);
  container->set("command", command);
  Poco::JSON::Array::Ptr args = new Poco::JSON::Array();
  for (const auto& arg : containerArgs(job))
    args->add(local(arg, dir));
  container->set("args", args);
  Poco::JSON::Array::Ptr containers = new Poco::JSON::Array();
  containers->add(container);
  Poco::JSON::Object::Ptr spec = new Poco::JSON::Object();
  spec->set("containers", containers);
  pod.set("spec", spec);
  Poco::JSON::Object::Ptr status = new Poco::JSON::Object();
  status->set("phase", phase);
  pod.set("status", status);
  std::ostringstream out;
  pod.stringify(out);
  return out.str();
}

void createPod(SimCluster& sim, const std::string& json) {
  const auto created = sim.client().request("POST", "/api/v1/namespaces/default/pods", json);
  INFO(created.body);
  REQUIRE(created.status == 201);
}

// The pod's command for completion index `index`, run here: the image's paths mapped onto
// `dir`, --linger replaced, the sim's kubeconfig added.
std::vector<std::string> shardArgv(const SimCluster& sim, const YAML::Node& job, int index,
                                   const std::string& dir, const std::string& linger) {
  std::vector<std::string> argv = {kPlugin};
  const auto args = containerArgs(job);
  for (size_t i = 0; i < args.size(); ++i) {
    const bool lingerValue = i > 0 && args[i - 1] == "--linger";
    argv.push_back(lingerValue
                       ? linger
                       : replaceAll(local(args[i], dir), kIndexVariable, std::to_string(index)));
  }
  argv.insert(argv.end(), {"--kubeconfig", sim.kubeconfig()});
  return argv;
}

CommandResult collect(const SimCluster& sim, std::vector<std::string> flags) {
  std::vector<std::string> args = {kPlugin, "job", "collect", "--kubeconfig", sim.kubeconfig()};
  args.insert(args.end(), flags.begin(), flags.end());
  return runCommand(args, {}, 60s);
}

std::string trace(const std::string& dir, int index) {
  return dir + "/" + kUuid + "-" + std::to_string(index) + ".db";
}

const std::vector<std::string> kSmallRun = {
    "--vmi-count",          "4", "--qps", "100", "--burst", "10", "--start-delay", "1s",
    "--wait-when-finished", "0s"};

}  // namespace

TEST_CASE(
    "job collect: each shard's trace comes out of its pod through pods/exec, byte for byte, "
    "and the lingering shards exit",
    "[job][collect]") {
  SimCluster sim({"--profile", "instant"});
  TempDir pods;  // the pods' file systems: scenario and trace volume
  TempDir out;
  std::string scenario;
  const auto job = printedJob(sim, kSmallRun, &scenario);
  writeFile(pods.file("scenario.yaml"), scenario);

  std::vector<std::unique_ptr<ChildProcess>> shards;
  for (int i = 0; i < 2; ++i) {
    shards.push_back(std::make_unique<ChildProcess>(
        shardArgv(sim, job, i, pods.path(), "60s"),
        std::map<std::string, std::string>{{"JOB_COMPLETION_INDEX", std::to_string(i)}}));
    createPod(sim, podJson(job, i, pods.path()));
  }
  // Both runs end and close their traces; then they wait.
  for (int i = 0; i < 2; ++i) {
    INFO("shard " << i << ": " << shards[static_cast<size_t>(i)]->stderrText());
    REQUIRE(waitForFile(trace(pods.path(), i) + ".closed", 60s));
  }

  const auto started = Clock::now();
  const auto collected = collect(sim, {kUuid, "--output-dir", out.path()});
  INFO(collected.out << collected.err);
  REQUIRE(collected.exitCode == 0);
  for (int i = 0; i < 2; ++i) {
    INFO("shard " << i);
    CHECK_THAT(collected.out, Catch::Contains("pod perfscale-5e0c7a21-" + std::to_string(i) +
                                              "-x7k2p: " + trace(out.path(), i) + " (") &&
                                  Catch::Contains("bytes, run outcome ok); the shard exits now"));
    CHECK(readFile(trace(out.path(), i)) == readFile(trace(pods.path(), i)));
    TraceQuery q(trace(out.path(), i));
    CHECK(q.text("SELECT uuid FROM runs") == kUuid);
    CHECK(q.integer("SELECT count(*) FROM objects_v WHERE kind = 'VirtualMachineInstance'") == 2);
  }
  CHECK_THAT(collected.out,
             Catch::Contains("kubectl perfscale merge " + out.path() + "/" + kUuid + ".db " +
                             trace(out.path(), 0) + " " + trace(out.path(), 1)));
  // Told, the shards exit at once with their runs' exit code, well before their 60 s.
  for (auto& shard : shards) {
    INFO(shard->stderrText());
    const auto code = shard->waitForExit(10s);
    REQUIRE(code);
    CHECK(*code == 0);
    CHECK_THAT(shard->stderrText(), Catch::Contains("the trace has been collected; exiting"));
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  WARN("collected 2 traces and both shards exited " << seconds << " s after the runs ended");
  CHECK(seconds < 15);
  for (int i = 0; i < 2; ++i) {
    CHECK_FALSE(exists(trace(pods.path(), i) + ".closed"));
    CHECK_FALSE(exists(trace(pods.path(), i) + ".collected"));
  }
  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(out.path()))
    left.push_back(entry.path().filename().string());
  std::sort(left.begin(), left.end());
  CHECK(left == std::vector<std::string>{kUuid + "-0.db", kUuid + "-1.db"});

  // Again: the traces are here already, and nothing is overwritten.
  const auto again = collect(sim, {kUuid, "--output-dir", out.path()});
  INFO(again.out << again.err);
  CHECK(again.exitCode == 0);
  CHECK_THAT(again.out, Catch::Contains(trace(out.path(), 0) + " is here already"));
  CHECK(readFile(trace(out.path(), 1)) == readFile(trace(pods.path(), 1)));
}

TEST_CASE(
    "job collect: a pod whose run goes on and one not started yet are named and skipped, exit 3",
    "[job][collect]") {
  SimCluster sim({"--profile", "instant"});
  TempDir pods;
  TempDir out;
  const auto job = printedJob(sim, kSmallRun);
  // Shard 0's run is under way: its trace exists, not yet closed. Shard 1's pod is Pending.
  writeFile(trace(pods.path(), 0), "not closed yet");
  createPod(sim, podJson(job, 0, pods.path()));
  createPod(sim, podJson(job, 1, pods.path(), "Pending"));
  const auto collected = collect(sim, {kUuid, "--output-dir", out.path()});
  INFO(collected.out << collected.err);
  CHECK(collected.exitCode == 3);
  CHECK_THAT(collected.out, Catch::Contains("pod perfscale-5e0c7a21-0-x7k2p: is still running its "
                                            "shard: the run writing " +
                                            trace(pods.path(), 0) + " has not ended yet"));
  CHECK_THAT(
      collected.out,
      Catch::Contains("pod perfscale-5e0c7a21-1-x7k2p: has not started yet (phase Pending)"));
  CHECK_THAT(collected.out, Catch::Contains("0 of 2 traces collected") &&
                                Catch::Contains("run this again once the other shards have ended"));
  CHECK_THAT(collected.out, !Catch::Contains("kubectl perfscale merge"));
  CHECK(std::filesystem::is_empty(out.path()));
}

TEST_CASE("job collect: a run without pods is one clear error", "[job][collect]") {
  SimCluster sim({"--profile", "instant"});
  TempDir out;
  const auto none = collect(sim, {kUuid, "--output-dir", out.path()});
  CHECK(none.exitCode == 1);
  CHECK_THAT(none.err, Catch::Contains("error: no pods labelled perfscale.kubevirt.io/run=" +
                                       kUuid + " in namespace default of " + sim.url()) &&
                           Catch::Contains("--job-namespace"));
  CHECK(none.out.empty());

  const auto elsewhere = collect(sim, {kUuid, "--job-namespace", "load"});
  CHECK(elsewhere.exitCode == 1);
  CHECK_THAT(elsewhere.err, Catch::Contains("in namespace load"));

  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const auto& c : std::vector<Case>{
           {{}, "the run's uuid is required"},
           {{"Not_A_Uuid"}, "run uuid \"Not_A_Uuid\": "},
           {{kUuid, "--output-dir", out.file("missing")}, "--output-dir " + out.file("missing")},
       }) {
    INFO(c.message);
    const auto bad = collect(sim, c.args);
    CHECK(bad.exitCode == 1);
    CHECK_THAT(bad.err, Catch::Contains(c.message));
  }
}

TEST_CASE("job collect: an exec that fails names the pod and the answer", "[job][collect]") {
  SimCluster sim({"--profile", "instant"});
  TempDir pods;
  TempDir out;
  const auto job = printedJob(sim, kSmallRun);
  // Pod 0's image has no such binary; pod 1's volume holds no trace.
  createPod(sim, podJson(job, 0, pods.path(), "Running", "/nonexistent/kubectl-perfscale"));
  createPod(sim, podJson(job, 1, pods.path()));
  const auto collected = collect(sim, {kUuid, "--output-dir", out.path()});
  INFO(collected.out << collected.err);
  CHECK(collected.exitCode == 1);
  CHECK_THAT(
      collected.err,
      Catch::Contains("error: pod perfscale-5e0c7a21-0-x7k2p: `/nonexistent/kubectl-perfscale "
                      "job send-trace " +
                      trace(pods.path(), 0) +
                      "` failed in container perfscale: InternalError: Internal error "
                      "occurred: error executing command in container") &&
          Catch::Contains("No such file or directory"));
  CHECK_THAT(collected.err,
             Catch::Contains("error: pod perfscale-5e0c7a21-1-x7k2p: `" + kPlugin +
                             " job send-trace " + trace(pods.path(), 1) +
                             "` failed in container perfscale: exit code 1: error: no trace at " +
                             trace(pods.path(), 1)));
  CHECK_THAT(collected.out, Catch::Contains("0 of 2 traces collected"));
  CHECK(std::filesystem::is_empty(out.path()));

  // A pod that has ended took its emptyDir with it.
  SimCluster ended({"--profile", "instant"});
  createPod(ended, podJson(job, 0, pods.path(), "Succeeded"));
  createPod(ended, podJson(job, 1, pods.path(), "Failed"));
  const auto gone = collect(ended, {kUuid, "--output-dir", out.path()});
  CHECK(gone.exitCode == 1);
  CHECK_THAT(gone.err, Catch::Contains("error: pod perfscale-5e0c7a21-0-x7k2p: has ended (phase "
                                       "Succeeded) and its trace with it"));
  CHECK_THAT(gone.err, Catch::Contains("error: pod perfscale-5e0c7a21-1-x7k2p: has ended (phase "
                                       "Failed) and its trace with it"));
}

TEST_CASE(
    "job collect: a copy that is no trace of the run is not kept and the shard is not let go, and "
    "a file in the way is not overwritten",
    "[job][collect]") {
  SimCluster sim({"--profile", "instant"});
  TempDir pods;
  TempDir out;
  const auto job = printedJob(sim, kSmallRun);
  // Shard 0's closed "trace" is something else; shard 1's is fine but a file is in its place.
  writeFile(trace(pods.path(), 0), std::string(100000, 'x'));
  writeFile(trace(pods.path(), 0) + ".closed", "");
  writeFile(trace(out.path(), 1), "someone else's file");
  createPod(sim, podJson(job, 0, pods.path()));
  createPod(sim, podJson(job, 1, pods.path()));
  const auto collected = collect(sim, {kUuid, "--output-dir", out.path()});
  INFO(collected.out << collected.err);
  CHECK(collected.exitCode == 1);
  CHECK_THAT(collected.err,
             Catch::Contains("error: pod perfscale-5e0c7a21-0-x7k2p: the 100000 bytes `" + kPlugin +
                             " job send-trace " + trace(pods.path(), 0) +
                             "` sent are no trace of the run: it is not a readable trace: "));
  CHECK_FALSE(exists(trace(pods.path(), 0) + ".collected"));  // the shard still waits
  CHECK_FALSE(exists(trace(out.path(), 0)));
  CHECK_THAT(collected.err,
             Catch::Contains("error: pod perfscale-5e0c7a21-1-x7k2p: " + trace(out.path(), 1) +
                             " exists and it is not a readable trace: ") &&
                 Catch::Contains("not overwritten; move it away"));
  CHECK(readFile(trace(out.path(), 1)) == "someone else's file");
  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(out.path()))
    left.push_back(entry.path().filename().string());
  CHECK(left == std::vector<std::string>{kUuid + "-1.db"});
}

TEST_CASE("job collect: a server without pods/exec is a clear error naming it", "[job][collect]") {
  SimCluster sim({"--profile", "instant", "--without-exec"});
  TempDir pods;
  TempDir out;
  const auto job = printedJob(sim, kSmallRun);
  createPod(sim, podJson(job, 0, pods.path()));
  const auto collected = collect(sim, {kUuid, "--output-dir", out.path()});
  INFO(collected.out << collected.err);
  CHECK(collected.exitCode == 1);
  CHECK_THAT(collected.err,
             Catch::Contains("error: pod perfscale-5e0c7a21-0-x7k2p: exec in pod default/"
                             "perfscale-5e0c7a21-0-x7k2p (container perfscale): GET " +
                             sim.url() +
                             "/api/v1/namespaces/default/pods/perfscale-5e0c7a21-0-x7k2p/"
                             "exec?command=") &&
                 Catch::Contains(" answered 404 NotFound: the server could not find the requested "
                                 "resource (does " +
                                 sim.url() + " serve pods/exec?"));
  CHECK(std::filesystem::is_empty(out.path()));

  // A user who may read pods but not exec into them is told what collecting needs.
  SimCluster readOnly({"--profile", "instant", "--read-only-token", "reader-token-0123"});
  createPod(readOnly, podJson(job, 0, pods.path()));
  const auto refused =
      collect(readOnly, {kUuid, "--output-dir", out.path(), "--token", "reader-token-0123"});
  INFO(refused.out << refused.err);
  CHECK(refused.exitCode == 1);
  CHECK_THAT(refused.err,
             Catch::Contains("answered 403 Forbidden: pods \"perfscale-5e0c7a21-0-x7k2p\" is "
                             "forbidden: User \"sim-reader\" cannot create resource "
                             "\"pods/exec\"") &&
                 Catch::Contains("(collecting needs list on pods, and get and create on "
                                 "pods/exec, in the Job's namespace)"));
  CHECK(std::filesystem::is_empty(out.path()));
}

TEST_CASE("run --linger: without a collector the process exits when the duration has passed",
          "[collect][linger]") {
  SimCluster sim({"--profile", "instant"});
  const auto path = sim.dir().file("linger.db");
  ChildProcess run(runArgs(
      sim, path,
      {"--vmi-count", "1", "--qps", "100", "--wait-when-finished", "0s", "--linger", "2s"}));
  REQUIRE(waitForFile(path + ".closed", 60s));
  const auto closedAt = Clock::now();
  // The trace is whole while the process waits: every run row is ended.
  CHECK(TraceQuery(path).text("SELECT outcome FROM runs") == "ok");
  const auto code = run.waitForExit(10s);
  const double waited = std::chrono::duration<double>(Clock::now() - closedAt).count();
  INFO(run.stderrText());
  REQUIRE(code);
  CHECK(*code == 0);
  CHECK(waited >= 1.9);
  CHECK(waited < 3.5);
  CHECK_THAT(run.stderrText(),
             Catch::Contains("waiting up to 2s for it to be collected (kubectl perfscale job "
                             "collect ") &&
                 Catch::Contains("nobody collected the trace within --linger 2s; exiting"));
  CHECK_FALSE(exists(path + ".closed"));
}

TEST_CASE(
    "run --linger: SIGTERM or SIGINT while waiting ends the process at once with the run's exit "
    "code",
    "[collect][linger]") {
  SimCluster sim({"--profile", "instant"});
  for (const int signal : {SIGTERM, SIGINT}) {
    const std::string name = signal == SIGTERM ? "SIGTERM" : "SIGINT";
    INFO(name);
    const auto path = sim.dir().file(name + ".db");
    ChildProcess run(runArgs(
        sim, path,
        {"--vmi-count", "1", "--qps", "100", "--wait-when-finished", "0s", "--linger", "60s"}));
    REQUIRE(waitForFile(path + ".closed", 60s));
    const auto signalled = Clock::now();
    const int code = run.stop(signal, 10s);
    const double took = std::chrono::duration<double>(Clock::now() - signalled).count();
    INFO(run.stderrText());
    CHECK(code == 0);
    CHECK(took < 1.0);
    CHECK_THAT(run.stderrText(),
               Catch::Contains(name + " while waiting for the trace to be collected; exiting"));
    CHECK_FALSE(exists(path + ".closed"));
    CHECK(TraceQuery(path).text("SELECT outcome FROM runs") == "ok");
  }

  // Stopped during the run itself, the process does not linger: 143 at once.
  const auto second = sim.dir().file("interrupted.db");
  ChildProcess interrupted(runArgs(
      sim, second,
      {"--vmi-count", "1", "--qps", "100", "--wait-when-finished", "60s", "--linger", "60s"}));
  REQUIRE(waitForFile(second, 30s));
  std::this_thread::sleep_for(1s);
  const auto stoppedAt = Clock::now();
  CHECK(interrupted.stop(SIGTERM, 30s) == 143);
  CHECK(std::chrono::duration<double>(Clock::now() - stoppedAt).count() < 20);
  CHECK_FALSE(exists(second + ".closed"));
  CHECK_THAT(interrupted.stderrText(), !Catch::Contains("waiting up to"));
}
