// Real kubectl, an independent client, against perfscale-sim.
#include <catch2/catch.hpp>

#include <thread>

#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::CommandResult;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;

namespace {

bool haveKubectl() {
  static const bool found = runCommand({"kubectl", "version", "--client"}, {}, 20s).exitCode == 0;
  if (!found) WARN("kubectl is not on PATH: SKIPPING the kubectl interoperability tests");
  return found;
}

CommandResult kubectl(const SimCluster& sim, std::vector<std::string> args,
                      std::chrono::milliseconds timeout = 30s) {
  args.insert(args.begin(), "kubectl");
  return runCommand(args, sim.kubeconfigEnvironment(), timeout);
}

const char* kVmiYaml = R"(apiVersion: kubevirt.io/v1
kind: VirtualMachineInstance
metadata:
  name: from-kubectl
  labels: {app: demo}
spec:
  terminationGracePeriodSeconds: 0
  domain:
    resources: {requests: {memory: 90Mi, cpu: 100m}}
    devices: {disks: [{name: disk0, disk: {bus: virtio}}]}
  volumes: [{name: disk0, containerDisk: {image: quay.io/kubevirt/cirros-container-disk-demo:latest}}]
)";

}  // namespace

TEST_CASE("kubectl: get ns lists the namespaces every cluster has") {
  if (!haveKubectl()) return;
  SimCluster sim({"--profile", "instant"});
  auto result = kubectl(sim, {"get", "ns"});
  INFO(result.err);
  REQUIRE(result.exitCode == 0);
  CHECK_THAT(result.out, Catch::Contains("default") && Catch::Contains("kube-system"));
}

TEST_CASE("kubectl: create -f, get vmi -A, jsonpath phase, delete vmi") {
  if (!haveKubectl()) return;
  SimCluster sim({"--profile", "instant"});
  const auto file = sim.dir().file("vmi.yaml");
  perfscale::test::writeFile(file, kVmiYaml);
  auto created = kubectl(sim, {"create", "-f", file});
  INFO(created.err);
  REQUIRE(created.exitCode == 0);
  CHECK_THAT(created.out,
             Catch::Contains("virtualmachineinstance.kubevirt.io/from-kubectl created"));

  auto listed = kubectl(sim, {"get", "vmi", "-A"});
  REQUIRE(listed.exitCode == 0);
  CHECK_THAT(listed.out, Catch::Contains("from-kubectl"));

  std::string phase;
  for (int i = 0; i < 50 && phase != "Running"; ++i) {
    phase = kubectl(sim, {"get", "vmis", "from-kubectl", "-o", "jsonpath={.status.phase}"}).out;
    if (phase != "Running") std::this_thread::sleep_for(100ms);
  }
  CHECK(phase == "Running");

  auto deleted = kubectl(sim, {"delete", "vmi", "from-kubectl"});
  INFO(deleted.err);
  REQUIRE(deleted.exitCode == 0);
  CHECK_THAT(deleted.out, Catch::Contains("deleted"));
  auto gone = kubectl(sim, {"get", "vmi", "from-kubectl"});
  CHECK(gone.exitCode != 0);
  CHECK_THAT(gone.err, Catch::Contains("NotFound") || Catch::Contains("not found"));
}

TEST_CASE("kubectl: get vmi -w streams a VMI created while it watches") {
  if (!haveKubectl()) return;
  SimCluster sim({"--profile", "instant"});
  perfscale::test::ChildProcess watch({"kubectl", "get", "vmi", "-w", "--request-timeout=8s"},
                                      sim.kubeconfigEnvironment());
  std::this_thread::sleep_for(1500ms);
  auto client = sim.client();
  REQUIRE(client
              .request("POST", "/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances",
                       perfscale::test::vmiJson("watched"))
              .status == 201);
  std::optional<std::string> line;
  for (int i = 0; i < 10; ++i) {
    line = watch.readLine(5s);
    if (!line || line->find("watched") != std::string::npos) break;
  }
  REQUIRE(line);
  CHECK_THAT(*line, Catch::Contains("watched"));
}

TEST_CASE("kubectl: certificate, basic and read-only users behave as configured") {
  if (!haveKubectl()) return;
  SimCluster sim({"--profile", "instant", "--client-cert-user", "alice", "--basic-auth", "ann:pw",
                  "--read-only-token", "ro"});
  CHECK(kubectl(sim, {"--context", "perfscale-sim-cert", "get", "vmi"}).exitCode == 0);
  CHECK(kubectl(sim, {"--context", "perfscale-sim-basic", "get", "ns"}).exitCode == 0);
  auto denied = kubectl(sim, {"--context", "perfscale-sim-readonly", "create", "ns", "x"});
  CHECK(denied.exitCode != 0);
  CHECK_THAT(denied.err, Catch::Contains("Forbidden"));
  auto unauthorized = kubectl(sim, {"--token", "nope", "get", "vmi"});
  CHECK(unauthorized.exitCode != 0);
  CHECK_THAT(unauthorized.err, Catch::Contains("Unauthorized"));
}

TEST_CASE("kubectl: exec into a sim pod runs the command here, its output and exit code intact") {
  if (!haveKubectl()) return;
  SimCluster sim({"--profile", "instant"});
  const auto created = sim.client().request(
      "POST", "/api/v1/namespaces/default/pods",
      R"({"metadata":{"name":"shell"},"spec":{"containers":[{"name":"main","image":"none"}]}})");
  INFO(created.body);
  REQUIRE(created.status == 201);
  const auto echoed = kubectl(sim, {"exec", "shell", "--", "/bin/echo", "hello from the sim"});
  INFO(echoed.err);
  CHECK(echoed.exitCode == 0);
  CHECK(echoed.out == "hello from the sim\n");
  const auto failed =
      kubectl(sim, {"exec", "shell", "--", "/bin/sh", "-c", "echo out; echo err >&2; exit 3"});
  CHECK(failed.exitCode == 3);
  CHECK(failed.out == "out\n");
  CHECK_THAT(failed.err, Catch::Contains("err\n"));
}
