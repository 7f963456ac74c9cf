// --dry-run's plan text and the resolved scenario's JSON, which reads back as the same
// scenario.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "core/scenario/flags.h"
#include "core/scenario/loader.h"
#include "core/scenario/plan.h"
#include "core/scenario/scenario_json.h"

using namespace std::chrono_literals;
using namespace perfscale::scenario;

namespace {

std::filesystem::path scenarios() {
  return std::filesystem::path(__FILE__).parent_path().parent_path() / "scenarios";
}

LoadGeneratorFlags withUuid() {
  LoadGeneratorFlags flags;
  flags.uuid = "5f0c1a2b-1111-4222-8333-444455556666";
  return flags;
}

}  // namespace

TEST_CASE("scenario plan: the default run is described with its pacing and first VMI",
          "[scenario]") {
  const std::string plan = describePlan(loadScenario(withUuid()));
  CHECK_THAT(plan, Catch::StartsWith("Scenario \"kubevirt-test-default\", uuid "
                                     "5f0c1a2b-1111-4222-8333-444455556666\n"));
  CHECK_THAT(plan, Catch::Contains("From: flags (the load generator's first design)"));
  CHECK_THAT(plan,
             Catch::Contains("perfscale.kubevirt.io/run=5f0c1a2b-1111-4222-8333-444455556666"));
  CHECK_THAT(plan, Catch::Contains("Workload 1 of 1: \"kubevirt-test-default\" (iterations)"));
  CHECK_THAT(plan, Catch::Contains("Iterations: 1, 0s apart"));
  CHECK_THAT(plan, Catch::Contains("Namespace: kubevirt-test-default (every iteration)"));
  CHECK_THAT(plan,
             Catch::Contains(
                 "100 x the built-in VMI (containerDisk "
                 "quay.io/kubevirt/cirros-container-disk-demo:latest, cpu 100m, memory 90Mi)"));
  CHECK_THAT(plan, Catch::Contains("Pacing: 20 qps, burst 20: 100 creations take about 4s"));
  CHECK_THAT(plan, Catch::Contains("wait until all are Running (at most 5m0s), delete the "
                                   "objects and namespaces, wait until gone (at most 5m0s)"));
  CHECK_THAT(plan, Catch::Contains("After the workload: wait 30s"));
  CHECK_THAT(plan, Catch::Contains("First object: VirtualMachineInstance "
                                   "kubevirt-test-default/vmi-5f0c1a2b-1-1\n    {\n"));
  CHECK_THAT(plan,
             Catch::Contains("\"image\": \"quay.io/kubevirt/cirros-container-disk-demo:latest\""));
}

TEST_CASE("scenario plan: namespaced iterations list their namespaces", "[scenario]") {
  LoadGeneratorFlags flags = withUuid();
  flags.namespacedIterations = true;
  flags.iterationCount = 3;
  flags.ns = "load";
  const std::string plan = describePlan(loadScenario(flags));
  CHECK_THAT(plan, Catch::Contains("Namespaces: one per iteration, load-1 .. load-3"));
  CHECK_THAT(plan, Catch::Contains("Objects created in all: 300"));
}

TEST_CASE("scenario plan: burst and steady-state workloads say what they will do", "[scenario]") {
  const std::string burst =
      describePlan(loadScenario(withUuid(), scenarios() / "kubevirt-burst.yaml"));
  CHECK_THAT(burst, Catch::Contains("Creates 5 x "));
  CHECK_THAT(burst,
             Catch::Contains("Pacing: 20 qps, burst 20: 5 creations at once (within the burst)"));
  CHECK_THAT(burst, Catch::Contains("keeps them (kubectl perfscale cleanup --uuid "
                                    "5f0c1a2b-1111-4222-8333-444455556666 deletes them)"));
  CHECK_THAT(burst,
             Catch::Contains("First object: VirtualMachineInstance default/kubevirt-density-1"));
  const std::string steady =
      describePlan(loadScenario(withUuid(), scenarios() / "kubevirt-steady-state.yaml"));
  CHECK_THAT(steady, Catch::Contains("Ramps up to 100 x "));
  CHECK_THAT(steady, Catch::Contains("then every 30s deletes 5 and creates 5 until 10m0s have "
                                     "passed, then deletes all"));
  const std::string mixed =
      describePlan(loadScenario(withUuid(), scenarios() / "perfscale-density.yaml"));
  CHECK_THAT(mixed, Catch::Contains("deletes them after 1m0s and waits until gone"));
  CHECK_THAT(mixed, Catch::Contains("unlimited rate (qps 0): 200 creations at once"));
  CHECK_THAT(mixed, Catch::Contains("emptyDisk 512Mi, no image"));
}

TEST_CASE("scenario plan: creation time follows the token bucket that starts full", "[scenario]") {
  CHECK(creationTime(100, 20, 20) == 4s);
  CHECK(creationTime(20, 20, 20) == 0s);
  CHECK(creationTime(1000, 0, 1) == 0s);
  CHECK(creationTime(11, 2, 1) == 5s);
  CHECK(creationTime(3, 3, 1) == std::chrono::nanoseconds(666666667));
}

TEST_CASE("scenario plan: the plan is the same text for the same scenario", "[scenario]") {
  const Scenario s = loadScenario(withUuid(), scenarios() / "kubevirt-density.yaml");
  CHECK(describePlan(s) == describePlan(s));
}

TEST_CASE("scenario json: the resolved scenario writes every default out", "[scenario]") {
  const std::string json = toJson(loadScenario(withUuid()), 0);
  CHECK(json ==
        R"({"apiVersion":"perfscale.kubevirt.io/v1alpha1","kind":"Scenario",)"
        R"("name":"kubevirt-test-default","uuid":"5f0c1a2b-1111-4222-8333-444455556666",)"
        R"("onTimeout":"stop","maxErrorRatio":0,"parallelism":0,"keepOnInterrupt":false,)"
        R"("client":{"qps":0,"burst":0},"workloads":[{"name":"kubevirt-test-default",)"
        R"("kind":"iterations","namespace":"kubevirt-test-default","qps":20,"burst":20,)"
        R"("maxWaitTimeout":"5m0s","waitWhenFinished":"30s","iterationCount":1,)"
        R"("iterationInterval":"0s","iterationCreationWait":true,"iterationCleanup":true,)"
        R"("iterationDeletionWait":true,"namespacedIterations":false,"objects":[{"vmi":)"
        R"({"image":"cirros","imagePrefix":"quay.io/kubevirt","imageTag":"latest","cpu":"100m",)"
        R"("memory":"90Mi","disk":"containerDisk","emptyDiskCapacity":"1Gi"},"replicas":100}]}]})");
}

TEST_CASE("scenario json: every example reads back from its JSON as the same scenario",
          "[scenario]") {
  for (const char* file : {"kubevirt-density.yaml", "kubevirt-burst.yaml",
                           "kubevirt-steady-state.yaml", "perfscale-density.yaml"}) {
    INFO(file);
    const Scenario original = loadScenario({}, scenarios() / file);
    const std::string json = toJson(original);
    const Scenario again = loadScenarioText({}, json, scenarios() / "resolved.json");
    CHECK(toJson(again) == json);
    CHECK(again.uuid == original.uuid);
    CHECK(describePlan(again).substr(describePlan(again).find("\nWorkload")) ==
          describePlan(original).substr(describePlan(original).find("\nWorkload")));
  }
}
