// The first design's flags: same names and defaults as the original, every flag reaching
// the scenario, errors that name the flag.
#include <catch2/catch.hpp>

#include <string>

#include "core/scenario/flags.h"
#include "core/scenario/loader.h"
#include "core/scenario/render.h"
#include "core/scenario/scenario_json.h"
#include "core/scenario/uuid.h"

using namespace std::chrono_literals;
using namespace perfscale::scenario;

namespace {

LoadGeneratorFlags flagsOf(std::initializer_list<std::pair<const char*, const char*>> given) {
  LoadGeneratorFlags flags;
  for (const auto& [name, value] : given)
    setLoadGeneratorFlag(flags, name, value);
  return flags;
}

std::string loadError(const LoadGeneratorFlags& flags) {
  try {
    loadScenario(flags);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

std::string setError(const char* name, const char* value) {
  LoadGeneratorFlags flags;
  try {
    setLoadGeneratorFlag(flags, name, value);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("scenario flags: without flags the scenario is the original's default run",
          "[scenario]") {
  const Scenario s = loadScenario({});
  CHECK(s.format == ScenarioFormat::Flags);
  CHECK(s.name == "kubevirt-test-default");
  CHECK(isUuidV4(s.uuid));
  CHECK(s.onTimeout == OnTimeout::Stop);
  CHECK(s.maxErrorRatio == 0);
  CHECK(s.parallelism == 0);
  CHECK_FALSE(s.keepOnInterrupt);
  CHECK(s.traceFile.empty());
  CHECK(s.clientQps == 0);
  REQUIRE(s.workloads.size() == 1);
  const Workload& w = s.workloads[0];
  CHECK(w.name == "kubevirt-test-default");
  CHECK(w.kind == WorkloadKind::Iterations);
  CHECK(w.qps == 20);
  CHECK(w.burst == 20);
  CHECK(w.iterationCount == 1);
  CHECK(w.iterationInterval == 0s);
  CHECK(w.iterationCleanup);
  CHECK(w.iterationCreationWait);
  CHECK(w.iterationDeletionWait);
  CHECK_FALSE(w.namespacedIterations);
  CHECK(w.ns == "kubevirt-test-default");
  CHECK(w.maxWaitTimeout == 5min);
  CHECK(w.waitWhenFinished == 30s);
  REQUIRE(w.objects.size() == 1);
  CHECK(w.objects[0].replicas == 100);
  REQUIRE(w.objects[0].isDefaultVmi());
  const auto& vmi = std::get<DefaultVmiSpec>(w.objects[0].source);
  CHECK(vmi.imagePrefix == "quay.io/kubevirt");
  CHECK(vmi.imageTag == "latest");
  CHECK(vmi.image == "cirros");
  CHECK(vmi.cpu == "100m");
  CHECK(vmi.memory == "90Mi");
  CHECK(vmi.disk == VmiDisk::ContainerDisk);
}

TEST_CASE("scenario flags: the table lists the original's flags with their defaults",
          "[scenario]") {
  const std::vector<std::pair<std::string, std::string>> original = {
      {"burst", "20"},
      {"qps", "20"},
      {"img-prefix", "quay.io/kubevirt"},
      {"img-tag", "latest"},
      {"vmi-img", "cirros"},
      {"vmi-count", "100"},
      {"vmi-cpu-limit", "100m"},
      {"vmi-mem-limit", "90Mi"},
      {"iteration-count", "1"},
      {"iteration-interval", "0"},
      {"iteration-cleanup", "true"},
      {"iteration-vmi-wait", "true"},
      {"iteration-wait-for-deletion", "true"},
      {"namespaced-iterations", "false"},
      {"namespace", "kubevirt-test-default"},
      {"name", "kubevirt-test-default"},
      {"uuid", "random"},
      {"max-wait-timeout", "5m"},
      {"wait-when-finished", "30s"}};
  std::vector<std::pair<std::string, std::string>> listed;
  for (const FlagSpec& spec : loadGeneratorFlagSpecs())
    if (spec.original) listed.emplace_back(spec.name, spec.defaultValue);
  CHECK(listed == original);
}

TEST_CASE("scenario flags: the table's defaults are the scenario's defaults", "[scenario]") {
  LoadGeneratorFlags flags;
  for (const FlagSpec& spec : loadGeneratorFlagSpecs())
    if (spec.defaultValue != "random" && !spec.defaultValue.empty())
      setLoadGeneratorFlag(flags, spec.name, spec.defaultValue);
  Scenario fromDefaults = loadScenario(flags);
  Scenario plain = loadScenario({});
  fromDefaults.uuid = plain.uuid;
  CHECK(toJson(fromDefaults) == toJson(plain));
}

TEST_CASE("scenario flags: every flag reaches the scenario", "[scenario]") {
  const Scenario s = loadScenario(flagsOf({{"qps", "12.5"},
                                           {"burst", "7"},
                                           {"img-prefix", "registry:5000/kubevirt"},
                                           {"img-tag", "v1.2.3"},
                                           {"vmi-img", "fedora-cloud"},
                                           {"vmi-count", "3"},
                                           {"vmi-cpu-limit", "250m"},
                                           {"vmi-mem-limit", "1Gi"},
                                           {"iteration-count", "4"},
                                           {"iteration-interval", "1m30s"},
                                           {"iteration-cleanup", "false"},
                                           {"iteration-vmi-wait", "f"},
                                           {"iteration-wait-for-deletion", "0"},
                                           {"namespaced-iterations", "true"},
                                           {"namespace", "load"},
                                           {"name", "my-run"},
                                           {"uuid", "run-42"},
                                           {"max-wait-timeout", "20m"},
                                           {"wait-when-finished", "0"},
                                           {"vmi-disk", "emptyDisk"},
                                           {"on-timeout", "continue"},
                                           {"max-error-ratio", "0.05"},
                                           {"parallelism", "16"},
                                           {"keep-on-interrupt", "true"},
                                           {"trace-file", "run.db"}}));
  CHECK(s.name == "my-run");
  CHECK(s.uuid == "run-42");
  CHECK(s.onTimeout == OnTimeout::Continue);
  CHECK(s.maxErrorRatio == 0.05);
  CHECK(s.parallelism == 16);
  CHECK(s.keepOnInterrupt);
  CHECK(s.traceFile == "run.db");
  const Workload& w = s.workloads.at(0);
  CHECK(w.name == "my-run");
  CHECK(w.qps == 12.5);
  CHECK(w.burst == 7);
  CHECK(w.iterationCount == 4);
  CHECK(w.iterationInterval == 90s);
  CHECK_FALSE(w.iterationCleanup);
  CHECK_FALSE(w.iterationCreationWait);
  CHECK_FALSE(w.iterationDeletionWait);
  CHECK(w.namespacedIterations);
  CHECK(w.ns == "load");
  CHECK(w.maxWaitTimeout == 20min);
  CHECK(w.waitWhenFinished == 0s);
  CHECK(w.objects.at(0).replicas == 3);
  const auto& vmi = std::get<DefaultVmiSpec>(w.objects.at(0).source);
  CHECK(containerDiskImage(vmi) ==
        "registry:5000/kubevirt/fedora-cloud-container-disk-demo:v1.2.3");
  CHECK(vmi.cpu == "250m");
  CHECK(vmi.memory == "1Gi");
  CHECK(vmi.disk == VmiDisk::EmptyDisk);
}

TEST_CASE("scenario flags: booleans take Go's spellings, anything else is an error", "[scenario]") {
  for (const char* yes : {"1", "t", "T", "true", "True", "TRUE"})
    CHECK(*flagsOf({{"iteration-cleanup", yes}}).iterationCleanup);
  for (const char* no : {"0", "f", "F", "false", "False", "FALSE"})
    CHECK_FALSE(*flagsOf({{"iteration-cleanup", no}}).iterationCleanup);
  CHECK(setError("iteration-cleanup", "yes") ==
        "--iteration-cleanup: expected true or false, found \"yes\"");
}

TEST_CASE("scenario flags: values of the wrong type name the flag", "[scenario]") {
  CHECK(setError("qps", "abc") == "--qps: expected a number, found \"abc\"");
  CHECK(setError("burst", "2.5") == "--burst: expected a whole number, found \"2.5\"");
  CHECK(setError("vmi-count", "") == "--vmi-count: expected a whole number, found \"\"");
  CHECK_THAT(setError("iteration-interval", "30"),
             Catch::StartsWith("--iteration-interval: invalid duration \"30\": missing unit"));
  CHECK_THAT(setError("max-wait-timeout", "5 min"), Catch::Contains("unknown unit"));
  CHECK_THAT(setError("on-timeout", "retry"), Catch::Contains("expected stop or continue"));
  CHECK_THAT(setError("vmi-disk", "pvc"), Catch::Contains("expected containerDisk or emptyDisk"));
  CHECK_THAT(setError("kubeconfig", "x"), Catch::Contains("not a load generator flag"));
}

TEST_CASE("scenario flags: qps 0 given explicitly means unlimited, whatever the burst",
          "[scenario]") {
  const Scenario s = loadScenario(flagsOf({{"qps", "0"}, {"burst", "0"}}));
  CHECK(s.workloads[0].qps == 0);
}

TEST_CASE("scenario flags: out-of-range values are errors naming the flag", "[scenario]") {
  CHECK_THAT(loadError(flagsOf({{"qps", "-1"}})),
             Catch::StartsWith("--qps: must be 0 (unlimited)"));
  CHECK_THAT(loadError(flagsOf({{"burst", "0"}})),
             Catch::StartsWith("--burst: must be at least 1"));
  CHECK_THAT(loadError(flagsOf({{"vmi-count", "0"}})), Catch::StartsWith("--vmi-count"));
  CHECK_THAT(loadError(flagsOf({{"iteration-count", "0"}})),
             Catch::StartsWith("--iteration-count"));
  CHECK_THAT(loadError(flagsOf({{"max-wait-timeout", "0"}})),
             Catch::StartsWith("--max-wait-timeout: must be greater than zero"));
  CHECK_THAT(loadError(flagsOf({{"iteration-interval", "-1s"}})),
             Catch::StartsWith("--iteration-interval: must not be negative"));
  CHECK_THAT(loadError(flagsOf({{"max-error-ratio", "1.5"}})),
             Catch::StartsWith("--max-error-ratio"));
  CHECK_THAT(loadError(flagsOf({{"parallelism", "-2"}})), Catch::StartsWith("--parallelism"));
}

TEST_CASE("scenario flags: bad quantities, images and names are errors naming the flag",
          "[scenario]") {
  CHECK_THAT(loadError(flagsOf({{"vmi-cpu-limit", "100x"}})),
             Catch::StartsWith("--vmi-cpu-limit: \"100x\" is not a quantity"));
  CHECK_THAT(loadError(flagsOf({{"vmi-mem-limit", "90MB"}})),
             Catch::StartsWith("--vmi-mem-limit: \"90MB\" is not a quantity"));
  CHECK_THAT(loadError(flagsOf({{"vmi-mem-limit", "0"}})), Catch::Contains("greater than zero"));
  CHECK_THAT(loadError(flagsOf({{"vmi-img", "ubuntu"}})),
             Catch::Contains("cirros, alpine or fedora-cloud"));
  CHECK_THAT(loadError(flagsOf({{"namespace", "Load_Test"}})),
             Catch::StartsWith("--namespace: \"Load_Test\" is not a DNS-1123 label"));
  CHECK_THAT(loadError(flagsOf({{"name", "my run"}})), Catch::StartsWith("--name:"));
  CHECK_THAT(loadError(flagsOf({{"uuid", "Run_1"}})), Catch::StartsWith("--uuid:"));
  CHECK_THAT(
      loadError(flagsOf({{"namespace", std::string(60, 'a').c_str()},
                         {"namespaced-iterations", "true"},
                         {"iteration-count", "1000"}})),
      Catch::Contains("the namespace of iteration 1000") && Catch::Contains("longer than 63"));
}

TEST_CASE("scenario flags: each run gets its own random uuid unless --uuid is given",
          "[scenario]") {
  const std::string a = loadScenario({}).uuid;
  const std::string b = loadScenario({}).uuid;
  CHECK(isUuidV4(a));
  CHECK(isUuidV4(b));
  CHECK(a != b);
  CHECK(loadScenario(flagsOf({{"uuid", "0b5fa1c2-1111-4222-8333-444455556666"}})).uuid ==
        "0b5fa1c2-1111-4222-8333-444455556666");
}

TEST_CASE("scenario flags: namespaced iterations use <namespace>-<i>, else the namespace itself",
          "[scenario]") {
  const Scenario namespaced =
      loadScenario(flagsOf({{"namespace", "load"},
                            {"namespaced-iterations", "true"},
                            {"iteration-count", "3"},
                            {"uuid", "5f0c1a2b-1111-4222-8333-444455556666"}}));
  for (int i = 1; i <= 3; ++i) {
    const RenderContext context = renderContext(namespaced, 0, i, 1);
    CHECK(context.ns == "load-" + std::to_string(i));
    const RenderedObject vmi = render(namespaced.workloads[0].objects[0], context);
    CHECK(vmi.ns == "load-" + std::to_string(i));
    CHECK(vmi.name == "vmi-5f0c1a2b-" + std::to_string(i) + "-1");
  }
  const Scenario shared = loadScenario(flagsOf({{"namespace", "load"}, {"iteration-count", "3"}}));
  CHECK(iterationNamespaces(shared.workloads[0], 1) == std::vector<std::string>{"load"});
  CHECK(iterationNamespaces(shared.workloads[0], 3) == std::vector<std::string>{"load"});
  CHECK(renderContext(shared, 0, 2, 5).ns == "load");
}

TEST_CASE("scenario flags: --vmis-per-namespace spreads an iteration's VMIs over namespaces of N",
          "[scenario]") {
  const Scenario spread = loadScenario(flagsOf({{"namespace", "load"},
                                                {"vmi-count", "5"},
                                                {"iteration-count", "2"},
                                                {"vmis-per-namespace", "2"}}));
  const auto& workload = spread.workloads[0];
  CHECK(workload.vmisPerNamespace == 2);
  CHECK(iterationNamespaces(workload, 1) ==
        std::vector<std::string>{"load-1-1", "load-1-2", "load-1-3"});
  CHECK(iterationNamespaces(workload, 2) ==
        std::vector<std::string>{"load-2-1", "load-2-2", "load-2-3"});
  // Slots 0 and 1 share a namespace, slot 4 is alone in the third.
  CHECK(renderContext(spread, 0, 1, 1, 0).ns == "load-1-1");
  CHECK(renderContext(spread, 0, 1, 2, 1).ns == "load-1-1");
  CHECK(renderContext(spread, 0, 1, 3, 2).ns == "load-1-2");
  CHECK(render(workload.objects[0], renderContext(spread, 0, 2, 5, 4)).ns == "load-2-3");

  const Scenario one = loadScenario(flagsOf({{"vmi-count", "20"}, {"vmis-per-namespace", "1"}}));
  CHECK(iterationNamespaces(one.workloads[0], 1).size() == 20);
  CHECK(iterationNamespaces(one.workloads[0], 1).back() == "kubevirt-test-default-1-20");

  CHECK_THROWS_WITH(loadScenario(flagsOf({{"vmis-per-namespace", "-1"}})),
                    Catch::Contains("--vmis-per-namespace: must be 0"));
  // The last namespace name must still be a DNS-1123 label.
  const std::string longNamespace(58, 'a');
  CHECK_THROWS_WITH(
      loadScenario(flagsOf({{"namespace", longNamespace.c_str()}, {"vmis-per-namespace", "1"}})),
      Catch::Contains("use a shorter namespace"));
}

TEST_CASE("scenario flags: a batch renderer's text is render's, replica by replica", "[scenario]") {
  Scenario spread = loadScenario(flagsOf({{"namespace", "load"},
                                          {"vmi-count", "5"},
                                          {"iteration-count", "2"},
                                          {"vmis-per-namespace", "2"}}));
  BatchRenderer renderer;
  const auto same = [&](const Scenario& s, int iteration, int replica, size_t slot) {
    const RenderContext context = renderContext(s, 0, iteration, replica, slot);
    const RenderedObject full = render(s.workloads[0].objects[0], context);
    const RenderedText text = renderer.render(s.workloads[0].objects[0], context);
    CHECK(text.json == full.json());
    CHECK(text.name == full.name);
    CHECK(text.ns == full.ns);
    CHECK(text.kind == full.kind);
    CHECK(text.resource == full.resource);
    CHECK(text.apiVersion == full.apiVersion);
  };
  // Names of several lengths, namespaces that change every second replica, a second
  // iteration, and back to the first: each text is the one rendered in full.
  for (int iteration : {1, 2, 1}) {
    for (int replica = 1; replica <= 12; ++replica)
      same(spread, iteration, replica, static_cast<size_t>(replica - 1) / 2 % 5);
  }
  // A shard's label, and a second scenario through the same renderer.
  spread.shard = Shard{1, 3};
  same(spread, 1, 7, 0);
  same(spread, 1, 8, 0);
  const Scenario other = loadScenario(flagsOf({{"namespace", "other"}, {"vmi-count", "3"}}));
  same(other, 1, 1, 0);
  same(other, 1, 100, 0);
}
