// The replay's plan from recorded requests: which are re-sent, how names, bodies and selectors
// are rewritten to the new run id, what waits for what, and the errors.
#include <catch2/catch.hpp>

#include "core/engine/replay_plan.h"

using namespace perfscale;
using engine::planReplay;
using engine::ReplayPlanError;
using engine::rewriteName;

namespace {

const std::string kSource = "0123abcd-1111-4222-8333-444455556666";
const std::string kNew = "fedc9876-aaaa-4bbb-8ccc-ddddeeeeffff";

RequestRecord request(uint64_t seq, const std::string& verb, const std::string& resource,
                      const std::string& ns, const std::string& name, int64_t sentMs,
                      std::string payload = "") {
  RequestRecord r;
  r.seq = seq;
  r.iteration = 1;
  r.verb = verb;
  r.resource = resource;
  r.ns = ns;
  r.name = name;
  r.sent = std::chrono::milliseconds(sentMs);
  r.status = 201;
  r.payload = std::move(payload);
  return r;
}

std::string vmiBody(const std::string& ns, const std::string& name) {
  return R"({"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":")" +
         name + R"(","namespace":")" + ns + R"(","labels":{"perfscale.kubevirt.io/run":")" +
         kSource +
         R"(","perfscale.kubevirt.io/workload":"w","perfscale.kubevirt.io/iteration":"1"},)"
         R"("annotations":{"note":"made by )" +
         kSource + R"("}},"spec":{}})";
}

}  // namespace

TEST_CASE("replay plan: names take the new id in place of the old, else a suffix", "[replay]") {
  CHECK(rewriteName("vmi-" + kSource + "-1", kSource, kNew) == "vmi-" + kNew + "-1");
  CHECK(rewriteName("vmi-0123abcd-1-7", kSource, kNew) == "vmi-fedc9876-1-7");
  CHECK(rewriteName("density-1", kSource, kNew) == "density-1-fedc9876");
  CHECK(rewriteName("", kSource, kNew).empty());
  // Still a valid namespace: shortened before the suffix, no dash left dangling.
  const std::string longName(60, 'a');
  const auto shortened = rewriteName(longName.substr(0, 54) + "-bbbbb", kSource, kNew, 63);
  CHECK(shortened.size() <= 63);
  CHECK(shortened == longName.substr(0, 54) + "-fedc9876");
  // A custom run id shorter than 8 characters is the whole id; its short form is not used.
  CHECK(rewriteName("my-run-1", "run", kNew) == "my-" + kNew + "-1");
  CHECK(rewriteName("other-1", "ab12", kNew) == "other-1-fedc9876");
}

TEST_CASE("replay plan: creates, deletes and create checks, rewritten and ordered", "[replay]") {
  std::vector<RequestRecord> recorded;
  recorded.push_back(request(1, "list", "virtualmachineinstances", "", "", 0));
  recorded.push_back(request(2, "create", "namespaces", "", "ns-1", 5,
                             R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns-1",)"
                             R"("labels":{"perfscale.kubevirt.io/run":")" +
                                 kSource + R"("}}})"));
  recorded.push_back(request(4, "create", "virtualmachineinstances", "ns-1", "vmi-0123abcd-1", 10,
                             vmiBody("ns-1", "vmi-0123abcd-1")));
  auto retry = request(5, "create", "virtualmachineinstances", "ns-1", "vmi-0123abcd-1", 1010);
  retry.tryNumber = 2;
  retry.retryOf = 4;
  recorded.push_back(retry);
  auto check = request(6, "get", "virtualmachineinstances", "ns-1", "vmi-0123abcd-1", 1020);
  check.tryNumber = 3;
  check.retryOf = 4;
  recorded.push_back(check);
  recorded.push_back(request(8, "deletecollection", "virtualmachineinstances", "ns-1", "", 2000));
  recorded.push_back(request(9, "delete", "namespaces", "", "ns-1", 2100));
  recorded.push_back(request(7, "watch", "virtualmachineinstances", "", "", 1));

  const auto plan = planReplay(kSource, kNew, recorded);
  CHECK(plan.sourceRequests == 8);
  REQUIRE(plan.items.size() == 6);  // the list and the watch are the replay's own
  const auto& ns = plan.items[0];
  CHECK(ns.verb == "create");
  CHECK(ns.path == "/api/v1/namespaces");
  CHECK(ns.name == "ns-1-fedc9876");
  CHECK_THAT(ns.body, Catch::Contains(R"("name":"ns-1-fedc9876")") &&
                          Catch::Contains(R"("perfscale.kubevirt.io/run":")" + kNew + "\""));

  const auto& vmi = plan.items[1];
  CHECK(vmi.path == "/apis/kubevirt.io/v1/namespaces/ns-1-fedc9876/virtualmachineinstances");
  CHECK(vmi.name == "vmi-fedc9876-1");
  CHECK(vmi.kind == "VirtualMachineInstance");
  CHECK(vmi.dependsOn == std::vector<long>{0});  // not before its namespace is there
  CHECK_THAT(vmi.body, Catch::Contains(R"("namespace":"ns-1-fedc9876")") &&
                           Catch::Contains("made by " + kNew) && !Catch::Contains(kSource));

  const auto& again = plan.items[2];
  CHECK(again.repeatsCreate);
  CHECK(again.tryNumber == 2);
  CHECK(again.sourceRetryOf == 4);
  CHECK(again.body == vmi.body);
  CHECK(again.offset == std::chrono::milliseconds(1010));

  const auto& get = plan.items[3];
  CHECK(get.method == "GET");
  CHECK(get.path ==
        "/apis/kubevirt.io/v1/namespaces/ns-1-fedc9876/virtualmachineinstances/vmi-fedc9876-1");

  const auto& collection = plan.items[4];
  CHECK(collection.method == "DELETE");
  REQUIRE(collection.query.size() == 1);
  CHECK(collection.query[0].second == "perfscale.kubevirt.io/run=" + kNew +
                                          ",perfscale.kubevirt.io/workload=w,"
                                          "perfscale.kubevirt.io/iteration=1");
  CHECK(collection.dependsOn == std::vector<long>{1, 2});  // both tries of the create

  const auto& gone = plan.items[5];
  CHECK(gone.path == "/api/v1/namespaces/ns-1-fedc9876");
  CHECK(gone.dependsOn == std::vector<long>{1, 2});

  const auto schedule = engine::describeSchedule(plan, 2);
  CHECK_THAT(schedule, Catch::Contains("6 requests of the 8 recorded, over 1.050 s at speed 2") &&
                           Catch::Contains("create virtualmachineinstances: 2") &&
                           Catch::Contains("first: at 0.003 s: create namespaces ns-1-fedc9876"));
}

TEST_CASE("replay plan: a deletion waits for every create it empties - not the last one only",
          "[replay]") {
  // A burst's creates leave together and are answered in any order: a deletecollection that
  // waited for the last one alone could go out while an earlier one was still on its way, and
  // that VMI, created after it, would be left running.
  std::vector<RequestRecord> recorded;
  uint64_t seq = 1;
  for (int iteration = 1; iteration <= 2; ++iteration) {
    for (int i = 1; i <= 3; ++i) {
      const std::string name =
          "vmi-0123abcd-" + std::to_string(iteration) + "-" + std::to_string(i);
      auto create = request(seq++, "create", "virtualmachineinstances", "team-a", name,
                            int64_t{1000} * iteration, vmiBody("team-a", name));
      create.iteration = iteration;
      recorded.push_back(create);
    }
    auto collection = request(seq++, "deletecollection", "virtualmachineinstances", "team-a", "",
                              int64_t{1000} * iteration + 500);
    collection.iteration = iteration;
    recorded.push_back(collection);
  }
  auto single =
      request(seq++, "delete", "virtualmachineinstances", "team-a", "vmi-0123abcd-2-2", 2600);
  single.iteration = 2;
  recorded.push_back(single);

  const auto plan = planReplay(kSource, kNew, recorded);
  REQUIRE(plan.items.size() == 9);
  CHECK(plan.items[3].verb == "deletecollection");
  CHECK(plan.items[3].dependsOn == std::vector<long>{0, 1, 2});
  // The second iteration's creates in the same namespace come after the first's collection,
  // and its collection waits for them alone.
  CHECK(plan.items[4].dependsOn.empty());
  CHECK(plan.items[7].verb == "deletecollection");
  CHECK(plan.items[7].dependsOn == std::vector<long>{4, 5, 6});
  // A delete of one object waits for that object's create.
  CHECK(plan.items[8].dependsOn == std::vector<long>{5});
}

TEST_CASE("replay plan: a namespace the source found or was given keeps its name", "[replay]") {
  // The source's namespace create was refused (403: the user works in a namespace given to
  // it) or found it there (409): the replay uses that namespace again, its objects renamed.
  for (const int status : {403, 409}) {
    INFO(status);
    std::vector<RequestRecord> recorded;
    auto ns = request(1, "create", "namespaces", "", "team-a", 0,
                      R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"}})");
    ns.status = status;
    recorded.push_back(ns);
    recorded.push_back(request(2, "create", "virtualmachineinstances", "team-a", "vmi-0123abcd-1",
                               10, vmiBody("team-a", "vmi-0123abcd-1")));
    recorded.push_back(
        request(3, "deletecollection", "virtualmachineinstances", "team-a", "", 2000));
    const auto plan = planReplay(kSource, kNew, recorded);
    REQUIRE(plan.items.size() == 3);
    CHECK(plan.items[0].name == "team-a");
    CHECK(plan.items[1].path == "/apis/kubevirt.io/v1/namespaces/team-a/virtualmachineinstances");
    CHECK(plan.items[1].name == "vmi-fedc9876-1");
    CHECK_THAT(plan.items[1].body, Catch::Contains(R"("namespace":"team-a")"));
    CHECK(plan.items[2].path == "/apis/kubevirt.io/v1/namespaces/team-a/virtualmachineinstances");
  }
}

// The message of the ReplayPlanError that planning `recorded` throws.
std::string planError(const std::string& uuid, const std::vector<RequestRecord>& recorded) {
  try {
    planReplay(kSource, uuid, recorded);
  } catch (const ReplayPlanError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST_CASE("replay plan: what cannot be replayed is one clear error", "[replay]") {
  CHECK_THAT(planError(kNew, {request(1, "create", "virtualmachineinstances", "ns", "vmi-1", 0)}),
             Catch::Contains("has no recorded body") && Catch::Contains("--mode scenario"));
  CHECK_THAT(planError(kNew, {request(1, "list", "namespaces", "", "", 0)}),
             Catch::Contains("nothing to replay"));
  CHECK_THAT(planError(kNew, {request(1, "delete", "configmaps", "ns", "cm", 0)}),
             Catch::Contains("configmaps"));
  CHECK_THAT(planError(kSource, {}), Catch::Contains("a new run id"));
  CHECK_THAT(planError(kNew, {request(1, "create", "virtualmachineinstances", "ns", "vmi-1", 0,
                                      "not json")}),
             Catch::Contains("not a JSON object"));
}
