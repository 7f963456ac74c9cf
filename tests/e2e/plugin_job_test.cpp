// `kubectl perfscale job`: the objects of an Indexed Job whose pods are the shards of one run.
// The YAML is read back with yaml-cpp and checked field by field; the pods' own command is then
// run here, once per completion index, against the sim; in the real-cluster tier the YAML
// passes `kubectl apply --dry-run=server`.
#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <set>
#include <string>
#include <vector>

#include "tests/e2e/plugin_run_support.h"
#include "tests/support/process.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::CommandResult;
using perfscale::test::kPlugin;
using perfscale::test::liveRunVmis;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;
using perfscale::test::TraceQuery;
using perfscale::test::writeFile;

namespace {

const std::string kUuid = "3c9b2d1e-aaaa-4bbb-8ccc-dddd00001111";

CommandResult job(const SimCluster& sim, std::vector<std::string> flags) {
  std::vector<std::string> args = {kPlugin, "job", "--kubeconfig", sim.kubeconfig()};
  args.insert(args.end(), flags.begin(), flags.end());
  return runCommand(args, {}, 30s);
}

std::vector<YAML::Node> documents(const std::string& text) {
  return YAML::LoadAll(text);
}

std::vector<std::string> kinds(const std::vector<YAML::Node>& objects) {
  std::vector<std::string> out;
  for (const auto& o : objects)
    out.push_back(o["kind"].as<std::string>());
  return out;
}

const YAML::Node* find(const std::vector<YAML::Node>& objects, const std::string& kind) {
  for (const auto& o : objects)
    if (o["kind"].as<std::string>() == kind) return &o;
  return nullptr;
}

std::set<std::string> strings(const YAML::Node& list) {
  std::set<std::string> out;
  for (const auto& item : list)
    out.insert(item.as<std::string>());
  return out;
}

const std::set<std::string> kVerbs = {"create", "get",    "list",
                                      "watch",  "delete", "deletecollection"};

}  // namespace

TEST_CASE(
    "job: an Indexed Job of N shards with a ServiceAccount, a ClusterRole on VMIs and "
    "namespaces and nothing more, and the resolved scenario",
    "[job][real]") {
  SimCluster sim({"--profile", "instant"});
  const auto before = std::chrono::system_clock::now();
  const auto result =
      job(sim, {"--shards", "3", "--image", "registry.example/perfscale:v1", "--trace-pvc",
                "perfscale-traces", "--job-namespace", "load", "--uuid", kUuid, "--vmi-count", "30",
                "--namespaced-iterations", "--iteration-count", "2", "-n", "density"});
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  const auto objects = documents(result.out);
  CHECK(kinds(objects) == std::vector<std::string>{"ServiceAccount", "ClusterRole",
                                                   "ClusterRoleBinding", "ConfigMap", "Job"});
  for (const auto& o : objects) {
    INFO(o["kind"].as<std::string>());
    CHECK(o["metadata"]["name"].as<std::string>() == "perfscale-3c9b2d1e");
    CHECK(o["metadata"]["labels"]["perfscale.kubevirt.io/run"].as<std::string>() == kUuid);
  }

  const auto& role = *find(objects, "ClusterRole");
  REQUIRE(role["rules"].size() == 2);
  std::set<std::string> granted;
  for (const auto& rule : role["rules"]) {
    CHECK(strings(rule["verbs"]) == kVerbs);
    for (const auto& resource : rule["resources"])
      granted.insert(rule["apiGroups"][0].as<std::string>() + "/" + resource.as<std::string>());
  }
  CHECK(granted == std::set<std::string>{"/namespaces", "kubevirt.io/virtualmachineinstances"});
  const auto& binding = *find(objects, "ClusterRoleBinding");
  CHECK(binding["roleRef"]["kind"].as<std::string>() == "ClusterRole");
  CHECK(binding["subjects"][0]["kind"].as<std::string>() == "ServiceAccount");
  CHECK(binding["subjects"][0]["namespace"].as<std::string>() == "load");

  const auto& spec = (*find(objects, "Job"))["spec"];
  CHECK(spec["completionMode"].as<std::string>() == "Indexed");
  CHECK(spec["completions"].as<int>() == 3);
  CHECK(spec["parallelism"].as<int>() == 3);
  const auto& pod = spec["template"]["spec"];
  CHECK(pod["serviceAccountName"].as<std::string>() == "perfscale-3c9b2d1e");
  CHECK(pod["restartPolicy"].as<std::string>() == "Never");
  const auto& container = pod["containers"][0];
  CHECK(container["image"].as<std::string>() == "registry.example/perfscale:v1");
  const auto args = container["args"].as<std::vector<std::string>>();
  REQUIRE(args.size() == 9);
  CHECK(args[0] == "run");
  CHECK(args[3] == "--shard");
  CHECK(args[4] == "$(JOB_COMPLETION_INDEX)/3");
  CHECK(args[5] == "--start-at");
  CHECK(args[8] == "/traces/" + kUuid + "-$(JOB_COMPLETION_INDEX).db");
  // The start is a little in the future: --start-delay, 60 s by default.
  std::tm parsedStart{};
  REQUIRE(strptime(args[6].c_str(), "%Y-%m-%dT%H:%M:%SZ", &parsedStart) != nullptr);
  const auto startAt = std::chrono::system_clock::from_time_t(timegm(&parsedStart));
  CHECK(startAt >= before + 59s);
  CHECK(startAt <= std::chrono::system_clock::now() + 61s);
  CHECK(pod["volumes"][1]["persistentVolumeClaim"]["claimName"].as<std::string>() ==
        "perfscale-traces");
  CHECK(container["env"][0]["name"].as<std::string>() == "JOB_COMPLETION_INDEX");

  // The pods: the Job's command as each completion index runs it, here against the sim, from
  // the ConfigMap's scenario, starting 2 s from now.
  const auto scenarioFile = sim.dir().file("scenario.yaml");
  writeFile(scenarioFile, (*find(objects, "ConfigMap"))["data"]["scenario.yaml"].as<std::string>());
  const auto soon = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + 3s);
  char startText[32];
  std::tm utc{};
  gmtime_r(&soon, &utc);
  std::strftime(startText, sizeof startText, "%Y-%m-%dT%H:%M:%SZ", &utc);
  std::vector<std::future<CommandResult>> pods;
  for (int i = 0; i < 3; ++i) {
    std::vector<std::string> argv = {
        kPlugin,        "run",
        "-f",           scenarioFile,
        "--shard",      "3",
        "--start-at",   startText,
        "--trace",      sim.dir().file(kUuid + "-" + std::to_string(i) + ".db"),
        "--kubeconfig", sim.kubeconfig()};
    pods.push_back(std::async(std::launch::async, [argv, i] {
      return runCommand(argv, {{"JOB_COMPLETION_INDEX", std::to_string(i)}}, 110s);
    }));
  }
  size_t vmis = 0;
  for (int i = 0; i < 3; ++i) {
    const auto pod = pods[static_cast<size_t>(i)].get();
    INFO(pod.out << pod.err);
    CHECK(pod.exitCode == 0);
    TraceQuery q(sim.dir().file(kUuid + "-" + std::to_string(i) + ".db"));
    CHECK(q.text("SELECT uuid FROM runs") == kUuid);
    vmis += static_cast<size_t>(q.integer(
        "SELECT count(*) FROM objects_v WHERE kind = 'VirtualMachineInstance' AND created_ns IS "
        "NOT NULL"));
  }
  CHECK(vmis == 60);  // 30 in each of 2 iterations
  CHECK(liveRunVmis(sim) == 0);
}

TEST_CASE(
    "job without --trace-pvc: each pod keeps its trace in an emptyDir and lingers for job "
    "collect, 10m unless --linger says otherwise",
    "[job]") {
  SimCluster sim({"--profile", "instant"});
  struct Case {
    std::vector<std::string> flags;
    std::vector<std::string> lingerArgs;  // at the end of the pods' args
    bool emptyDir;
  };
  for (const auto& c : std::vector<Case>{
           {{}, {"--linger", "10m"}, true},
           {{"--linger", "30m"}, {"--linger", "30m"}, true},
           {{"--trace-pvc", "traces"}, {}, false},
           {{"--trace-pvc", "traces", "--linger", "5m"}, {"--linger", "5m"}, false},
       }) {
    std::vector<std::string> flags = {"--shards", "2", "--image", "img:1", "--uuid", kUuid};
    flags.insert(flags.end(), c.flags.begin(), c.flags.end());
    const auto result = job(sim, flags);
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    const auto objects = documents(result.out);
    const auto& template_ = (*find(objects, "Job"))["spec"]["template"];
    const auto pod = template_["spec"];
    const auto args = pod["containers"][0]["args"].as<std::vector<std::string>>();
    REQUIRE(args.size() == 9 + c.lingerArgs.size());
    CHECK(std::vector<std::string>(args.begin() + 9, args.end()) == c.lingerArgs);
    const auto& traces = pod["volumes"][1];
    CHECK(traces["name"].as<std::string>() == "traces");
    CHECK(static_cast<bool>(traces["emptyDir"]) == c.emptyDir);
    CHECK(static_cast<bool>(traces["persistentVolumeClaim"]) == !c.emptyDir);
    // The pods carry the run's label, by which job collect finds them.
    CHECK(template_["metadata"]["labels"]["perfscale.kubevirt.io/run"].as<std::string>() == kUuid);
  }
}

TEST_CASE("job: a run that stays in fixed namespaces gets namespaced Roles there, no ClusterRole",
          "[job]") {
  SimCluster sim({"--profile", "instant"});
  const auto result = job(sim, {"--shards", "2", "--image", "img:1", "--trace-pvc", "traces",
                                "--uuid", kUuid, "-n", "team-x"});
  INFO(result.out << result.err);
  REQUIRE(result.exitCode == 0);
  const auto objects = documents(result.out);
  CHECK(kinds(objects) == std::vector<std::string>{"ServiceAccount", "Namespace", "Role",
                                                   "RoleBinding", "ConfigMap", "Job"});
  const auto& role = *find(objects, "Role");
  CHECK(role["metadata"]["namespace"].as<std::string>() == "team-x");
  REQUIRE(role["rules"].size() == 1);
  CHECK(strings(role["rules"][0]["resources"]) == std::set<std::string>{"virtualmachineinstances"});
  CHECK(strings(role["rules"][0]["verbs"]) == kVerbs);
  // The Job lives in the context's namespace, and its ServiceAccount is bound there.
  const auto& binding = *find(objects, "RoleBinding");
  CHECK(binding["subjects"][0]["namespace"].as<std::string>() ==
        (*find(objects, "Job"))["metadata"]["namespace"].as<std::string>());
}

TEST_CASE("job: bad input is one clear error and prints nothing", "[job]") {
  SimCluster sim({"--profile", "instant"});
  struct Case {
    std::vector<std::string> flags;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--image", "i", "--trace-pvc", "t"}, "--shards is required"},
      {{"--shards", "2", "--trace-pvc", "t"}, "--image is required"},
      {{"--shards", "2", "--image", "i", "--linger", "0s"},
       "--linger 0s: without --trace-pvc each trace lives in its pod's emptyDir"},
      {{"--shards", "2", "--image", "i", "--linger", "soon"}, "--linger soon"},
      {{"--shards", "2", "--image", "i", "--trace-pvc", ""}, "--trace-pvc: give the name"},
      {{"--shards", "0", "--image", "i", "--trace-pvc", "t"}, "--shards 0: expected 1 to 1000"},
      {{"--shards", "2", "--image", "i", "--trace-pvc", "t", "--start-delay", "soon"},
       "--start-delay soon"},
      {{"--shards", "2", "--image", "i", "--trace-pvc", "t", "--qps", "fast"}, "--qps"},
  };
  for (const auto& c : cases) {
    INFO(c.message);
    const auto result = job(sim, c.flags);
    CHECK(result.exitCode == 1);
    CHECK_THAT(result.err, Catch::Contains(c.message));
    CHECK(result.out.empty());
  }
  const auto file = sim.dir().file("steady.yaml");
  writeFile(file,
            "apiVersion: perfscale.kubevirt.io/v1alpha1\nkind: Scenario\nworkloads:\n"
            "- name: churn\n  kind: steady-state\n  count: 4\n  churn: 1\n  objects:\n"
            "  - vmi: {}\n");
  const auto steady = job(sim, {"--shards", "2", "--image", "i", "--trace-pvc", "t", "-f", file});
  CHECK(steady.exitCode == 1);
  CHECK_THAT(steady.err, Catch::Contains("steady-state workload cannot be sharded"));
}

TEST_CASE("job: the objects pass kubectl apply --dry-run=server on a real API server",
          "[.][real]") {
  SimCluster sim({"--profile", "instant"});
  // A server dry run makes nothing: the fixed namespace must exist already (team-a does, made by
  // tests/real/cluster.sh).
  for (const auto& flags :
       std::vector<std::vector<std::string>>{{"--namespaced-iterations"}, {"-n", "team-a"}}) {
    std::vector<std::string> args = {"--shards",        "4",      "--image", "img:1",
                                     "--trace-pvc",     "traces", "--uuid",  kUuid,
                                     "--job-namespace", "default"};
    args.insert(args.end(), flags.begin(), flags.end());
    const auto printed = job(sim, args);
    INFO(printed.out << printed.err);
    REQUIRE(printed.exitCode == 0);
    const auto manifest = sim.dir().file("job.yaml");
    writeFile(manifest, printed.out);
    const auto apply = [&](const std::string& validate) {
      return runCommand({"kubectl", "--kubeconfig", sim.kubeconfig(), "apply", "--dry-run=server",
                         "--validate=" + validate, "-f", manifest},
                        {}, 60s);
    };
    auto applied = apply("true");
    // The tier's kube-apiserver is v1.20 (Debian's), older than Indexed Jobs (v1.21): its
    // schema knows every field but completionMode. The rest is checked without it.
    if (applied.exitCode != 0 &&
        applied.err.find("unknown field \"completionMode\"") != std::string::npos) {
      WARN("this API server predates Indexed Jobs (v1.21); checked without completionMode");
      CHECK(applied.err.find("ValidationError") == applied.err.rfind("ValidationError"));
      applied = apply("false");
    }
    INFO(applied.out << applied.err);
    CHECK(applied.exitCode == 0);
    CHECK_THAT(applied.out,
               Catch::Contains("job.batch/perfscale-3c9b2d1e created (server dry run)"));
  }
}

TEST_CASE(
    "job --apply: the objects are made by server-side apply, and again without conflict, on a "
    "cluster with Indexed Jobs",
    "[.][real]") {
  SimCluster sim({"--profile", "instant"});
  const std::vector<std::string> flags = {
      "--shards", "2",       "--image", "img:1",  "--trace-pvc",     "traces", "--uuid",
      kUuid,      "--apply", "-n",      "team-a", "--job-namespace", "team-a"};
  // Debian's v1.20 kube-apiserver of the tier predates Indexed Jobs: nothing is applied.
  const auto version =
      runCommand({"kubectl", "--kubeconfig", sim.kubeconfig(), "version", "-o", "json"}, {}, 30s);
  if (version.out.find("\"minor\": \"20\"") != std::string::npos) {
    const auto refused = job(sim, flags);
    INFO(refused.out << refused.err);
    CHECK(refused.exitCode == 1);
    CHECK_THAT(refused.err, Catch::Contains("older than Indexed Jobs (v1.21): nothing applied"));
    CHECK(refused.out.empty());
    const auto none = runCommand(
        {"kubectl", "--kubeconfig", sim.kubeconfig(), "get", "serviceaccount,role,configmap", "-n",
         "team-a", "-l", "perfscale.kubevirt.io/run=" + kUuid, "-o", "name"},
        {}, 30s);
    CHECK(none.out.empty());
    return;
  }
  for (int round = 0; round < 2; ++round) {
    const auto applied = job(sim, flags);
    INFO(applied.out << applied.err);
    REQUIRE(applied.exitCode == 0);
    for (const char* line :
         {"ServiceAccount/perfscale-3c9b2d1e applied", "Role/perfscale-3c9b2d1e applied",
          "RoleBinding/perfscale-3c9b2d1e applied", "ConfigMap/perfscale-3c9b2d1e applied",
          "Job/perfscale-3c9b2d1e applied"})
      CHECK_THAT(applied.out, Catch::Contains(line));
  }
  // kubectl, an independent client, sees them.
  const auto listed = runCommand({"kubectl", "--kubeconfig", sim.kubeconfig(), "get",
                                  "serviceaccount,role,rolebinding,configmap,job", "-n", "team-a",
                                  "-l", "perfscale.kubevirt.io/run=" + kUuid, "-o", "name"},
                                 {}, 30s);
  INFO(listed.out << listed.err);
  CHECK(listed.exitCode == 0);
  for (const char* name :
       {"serviceaccount/perfscale-3c9b2d1e", "role.rbac.authorization.k8s.io/perfscale-3c9b2d1e",
        "rolebinding.rbac.authorization.k8s.io/perfscale-3c9b2d1e", "configmap/perfscale-3c9b2d1e",
        "job.batch/perfscale-3c9b2d1e"})
    CHECK_THAT(listed.out, Catch::Contains(name));
  runCommand({"kubectl", "--kubeconfig", sim.kubeconfig(), "delete",
              "serviceaccount,role,rolebinding,configmap,job", "-n", "team-a", "-l",
              "perfscale.kubevirt.io/run=" + kUuid, "--wait=false"},
             {}, 30s);
}

TEST_CASE("job --apply against a server without Jobs names the object and the answer", "[job]") {
  SimCluster sim({"--profile", "instant"});
  const auto applied = job(sim, {"--shards", "2", "--image", "img:1", "--trace-pvc", "traces",
                                 "--uuid", kUuid, "--apply"});
  CHECK(applied.exitCode == 1);
  CHECK_THAT(applied.err, Catch::Contains("error: applying ServiceAccount perfscale-3c9b2d1e: "));
  CHECK_THAT(applied.err, Catch::Contains("405 MethodNotAllowed"));
}
