// Sharded runs: the --shard flag, the scenario of one shard (rates divided, namespaced
// iterations spread over one namespace per shard) and the slices, which together are exactly
// the run's objects and namespaces, each once.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/scenario/flags.h"
#include "core/scenario/loader.h"
#include "core/scenario/plan.h"
#include "core/scenario/render.h"
#include "core/scenario/scenario_error.h"
#include "core/scenario/scenario_json.h"
#include "core/scenario/shard.h"

using namespace perfscale::scenario;

namespace {

Scenario scenarioOf(int vmis, bool namespaced = false, int perNamespace = 0, double qps = 40,
                    int burst = 10) {
  LoadGeneratorFlags flags;
  flags.uuid = "5f0c1a2b-1111-4222-8333-444455556666";
  flags.vmiCount = vmis;
  flags.qps = qps;
  flags.burst = burst;
  if (namespaced) flags.namespacedIterations = true;
  if (perNamespace > 0) flags.vmisPerNamespace = perNamespace;
  return loadScenario(flags);
}

Scenario shardOf(Scenario scenario, int index, int count) {
  applyShard(scenario, Shard{index, count});
  return scenario;
}

// namespace/name of every object shard `index` of `count` creates in iteration 1, in order.
std::vector<std::string> createdBy(const Scenario& whole, int index, int count) {
  const Scenario part = shardOf(whole, index, count);
  const auto& workload = part.workloads.front();
  std::vector<std::string> objects;
  for (size_t slot = 0; slot < objectsPerIteration(workload); ++slot) {
    if (!ownsSlot(part, workload, slot)) continue;
    const auto rendered = render(workload.objects.front(),
                                 renderContext(part, 0, 1, static_cast<int>(slot) + 1, slot));
    objects.push_back(rendered.ns + "/" + rendered.name);
    const auto* labels = rendered.object.find("metadata")->find("labels");
    CHECK(labels->find("perfscale.kubevirt.io/shard")->text() == std::to_string(index));
  }
  return objects;
}

}  // namespace

TEST_CASE("shard flag: INDEX/COUNT, or COUNT with JOB_COMPLETION_INDEX", "[scenario][shard]") {
  CHECK(parseShard("0/4", std::nullopt).index == 0);
  CHECK(parseShard("3/4", std::nullopt).index == 3);
  CHECK(parseShard("3/4", std::nullopt).count == 4);
  CHECK(parseShard("4", std::string("2")).index == 2);
  CHECK(parseShard("4", std::string("2")).count == 4);
  CHECK(parseShard("0/1", std::nullopt).count == 1);
  CHECK_THROWS_WITH(parseShard("4/4", std::nullopt),
                    Catch::Contains("--shard 4/4") && Catch::Contains("from 0 to 3"));
  CHECK_THROWS_WITH(parseShard("-1/4", std::nullopt), Catch::Contains("from 0 to 3"));
  CHECK_THROWS_WITH(parseShard("0/0", std::nullopt), Catch::Contains("expected INDEX/COUNT"));
  CHECK_THROWS_WITH(parseShard("a/b", std::nullopt), Catch::Contains("expected INDEX/COUNT"));
  CHECK_THROWS_WITH(parseShard("", std::nullopt), Catch::Contains("expected INDEX/COUNT"));
  CHECK_THROWS_WITH(parseShard("0/99999999999", std::nullopt),
                    Catch::Contains("expected INDEX/COUNT"));
  CHECK_THROWS_WITH(parseShard("4", std::nullopt),
                    Catch::Contains("JOB_COMPLETION_INDEX") && Catch::Contains("not set"));
  CHECK_THROWS_WITH(parseShard("4", std::string("4")),
                    Catch::Contains("JOB_COMPLETION_INDEX=4") && Catch::Contains("0 to 3"));
  CHECK_THROWS_WITH(parseShard("4", std::string("x")), Catch::Contains("JOB_COMPLETION_INDEX=x"));
}

TEST_CASE("shard: rates are divided by the shard count, bursts too but never below 1",
          "[scenario][shard]") {
  auto whole = scenarioOf(30, false, 0, 40, 10);
  whole.clientQps = 100;
  whole.clientBurst = 3;
  const auto part = shardOf(whole, 1, 4);
  CHECK(part.workloads.front().qps == Approx(10));
  CHECK(part.workloads.front().burst == 2);
  CHECK(part.clientQps == Approx(25));
  CHECK(part.clientBurst == 1);
  // Unlimited stays unlimited.
  const auto unlimited = shardOf(scenarioOf(30, false, 0, 0, 1), 0, 3);
  CHECK(unlimited.workloads.front().qps == 0);
  // The resolved scenario says which shard it is, and reads back as that shard.
  const auto json = toJson(part);
  CHECK_THAT(json, Catch::Contains("\"shard\": {") && Catch::Contains("\"index\": 1") &&
                       Catch::Contains("\"count\": 4"));
  CHECK_THAT(describePlan(part),
             Catch::Contains("Shard 1 of 4") && Catch::Contains("perfscale.kubevirt.io/shard=1"));
}

TEST_CASE("shard: the slices of one namespace are every object once", "[scenario][shard]") {
  const auto whole = scenarioOf(10);
  std::multiset<std::string> all;
  std::map<int, size_t> sizes;
  for (int i = 0; i < 3; ++i) {
    for (const auto& object : createdBy(whole, i, 3)) {
      all.insert(object);
      ++sizes[i];
    }
  }
  CHECK(all.size() == 10);
  CHECK(std::set<std::string>(all.begin(), all.end()).size() == 10);
  CHECK(sizes[0] == 4);
  CHECK(sizes[1] == 3);
  CHECK(sizes[2] == 3);
  for (int i = 0; i < 3; ++i) {
    const auto part = shardOf(whole, i, 3);
    CHECK(ownObjectsPerIteration(part, part.workloads.front()) == sizes[i]);
  }
  CHECK(ownObjectsPerIteration(whole, whole.workloads.front()) == 10);
  // Everyone uses the one namespace, and nobody deletes it.
  for (int i = 0; i < 3; ++i) {
    const auto part = shardOf(whole, i, 3);
    CHECK(ownNamespaces(part, part.workloads.front(), 1) ==
          std::vector<std::string>{"kubevirt-test-default"});
    CHECK(sharedNamespaces(part, part.workloads.front()));
    CHECK(ownSelector(part) ==
          "perfscale.kubevirt.io/run=5f0c1a2b-1111-4222-8333-444455556666,"
          "perfscale.kubevirt.io/shard=" +
              std::to_string(i));
  }
  // Without a shard, nothing changes.
  CHECK_FALSE(sharedNamespaces(whole, whole.workloads.front()));
  CHECK(ownSelector(whole) == "perfscale.kubevirt.io/run=5f0c1a2b-1111-4222-8333-444455556666");
}

TEST_CASE("shard: namespaced iterations become one namespace per shard, each shard's own",
          "[scenario][shard]") {
  const auto whole = scenarioOf(10, true);
  std::set<std::string> all;
  for (int i = 0; i < 4; ++i) {
    const auto part = shardOf(whole, i, 4);
    const auto& workload = part.workloads.front();
    CHECK(workload.vmisPerNamespace == 3);
    CHECK_FALSE(sharedNamespaces(part, workload));
    const auto own = ownNamespaces(part, workload, 1);
    REQUIRE(own.size() == 1);
    CHECK(own.front() == "kubevirt-test-default-1-" + std::to_string(i + 1));
    for (const auto& object : createdBy(whole, i, 4)) {
      CHECK(object.rfind(own.front() + "/", 0) == 0);
      all.insert(object);
    }
  }
  CHECK(all.size() == 10);
}

TEST_CASE("shard: with vmis per namespace, whole namespaces are dealt out in turn",
          "[scenario][shard]") {
  const auto whole = scenarioOf(25, false, 5);  // namespaces -1-1 .. -1-5
  std::set<std::string> namespaces;
  std::set<std::string> objects;
  for (int i = 0; i < 2; ++i) {
    const auto part = shardOf(whole, i, 2);
    const auto own = ownNamespaces(part, part.workloads.front(), 1);
    CHECK(own.size() == (i == 0 ? 3u : 2u));
    for (const auto& ns : own)
      CHECK(namespaces.insert(ns).second);
    for (const auto& object : createdBy(whole, i, 2)) {
      const auto ns = object.substr(0, object.find('/'));
      CHECK(std::find(own.begin(), own.end(), ns) != own.end());
      objects.insert(object);
    }
  }
  CHECK(namespaces.size() == 5);
  CHECK(objects.size() == 25);
}

TEST_CASE("shard: a steady-state workload cannot be sharded, and says so", "[scenario][shard]") {
  auto whole = scenarioOf(10);
  whole.workloads.front().kind = WorkloadKind::SteadyState;
  whole.workloads.front().name = "churn";
  CHECK_THROWS_WITH(applyShard(whole, Shard{0, 2}),
                    Catch::Contains("workload \"churn\"") &&
                        Catch::Contains("steady-state workload cannot be sharded"));
}
