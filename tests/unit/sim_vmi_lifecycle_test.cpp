// The VMI lifecycle parts the built-in and the remote controller share: the status each
// phase change writes, the finalizer, the capacity model, and the remote controller's
// reading of API timestamps.
#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <sstream>

#include "tests/sim/remote_controller.h"
#include "tests/sim/vmi_lifecycle.h"

using perfscale::sim::applyPending;
using perfscale::sim::applyPhase;
using perfscale::sim::finalPhase;
using perfscale::sim::hasFinalizer;
using perfscale::sim::NodeCapacity;
using perfscale::sim::observedAtNs;
using perfscale::sim::parseRfc3339Ns;
using perfscale::sim::removeFinalizer;

namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string json(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

}  // namespace

TEST_CASE("vmi lifecycle: taking a VMI over adds the finalizer once and sets Pending") {
  auto vmi = parse(R"({"metadata":{"name":"a","finalizers":["other/x"]},"spec":{}})");
  applyPending(*vmi, "2024-01-01T00:00:00Z");
  auto finalizers = vmi->getObject("metadata")->getArray("finalizers");
  REQUIRE(finalizers->size() == 2);
  CHECK(finalizers->getElement<std::string>(0) == "other/x");
  CHECK(finalizers->getElement<std::string>(1) == "kubevirt.io/foregroundDeleteVirtualMachine");
  CHECK(hasFinalizer(*vmi));
  auto status = vmi->getObject("status");
  CHECK(status->getValue<std::string>("phase") == "Pending");
  auto transitions = status->getArray("phaseTransitionTimestamps");
  REQUIRE(transitions->size() == 1);
  CHECK(transitions->getObject(0)->getValue<std::string>("phaseTransitionTimestamp") ==
        "2024-01-01T00:00:00Z");
  CHECK(status->has("guestOSInfo"));
  applyPending(*vmi, "2024-01-01T00:00:01Z");
  CHECK(vmi->getObject("metadata")->getArray("finalizers")->size() == 2);
}

TEST_CASE("vmi lifecycle: Scheduled sets the node, every phase appends and sets Ready") {
  auto original = parse(R"({"metadata":{"name":"a","labels":{"app":"x"}},
                            "status":{"phase":"Scheduling","phaseTransitionTimestamps":[
                              {"phase":"Pending","phaseTransitionTimestamp":"t0"}]}})");
  const std::string before = json(*original);
  Poco::JSON::Object copy(*original);
  applyPhase(copy, "Scheduled", "t1", "sim-node-003");
  CHECK(json(*original) == before);  // copy-on-write: the shared parts are untouched
  auto status = copy.getObject("status");
  CHECK(status->getValue<std::string>("phase") == "Scheduled");
  CHECK(status->getValue<std::string>("nodeName") == "sim-node-003");
  auto labels = copy.getObject("metadata")->getObject("labels");
  CHECK(labels->getValue<std::string>("kubevirt.io/nodeName") == "sim-node-003");
  CHECK(labels->getValue<std::string>("app") == "x");
  CHECK(status->getArray("phaseTransitionTimestamps")->size() == 2);
  auto ready = status->getArray("conditions")->getObject(0);
  CHECK(ready->getValue<std::string>("type") == "Ready");
  CHECK(ready->getValue<std::string>("status") == "False");
  CHECK(ready->getValue<std::string>("reason") == "NotReady");
  CHECK(ready->getValue<std::string>("lastTransitionTime") == "t1");

  applyPhase(copy, "Running", "t2", "");
  ready = copy.getObject("status")->getArray("conditions")->getObject(0);
  CHECK(ready->getValue<std::string>("status") == "True");
  CHECK_FALSE(ready->has("reason"));
  CHECK(copy.getObject("status")->getValue<std::string>("nodeName") == "sim-node-003");
  applyPhase(copy, "Succeeded", "t3", "");
  ready = copy.getObject("status")->getArray("conditions")->getObject(0);
  CHECK(ready->getValue<std::string>("reason") == "PodCompleted");
  CHECK(copy.getObject("status")->getArray("conditions")->size() == 1);
  CHECK(copy.getObject("status")->getArray("phaseTransitionTimestamps")->size() == 4);
}

TEST_CASE("vmi lifecycle: removing the finalizer keeps the others") {
  auto vmi = parse(
      R"({"metadata":{"finalizers":["a","kubevirt.io/foregroundDeleteVirtualMachine","b"]}})");
  CHECK(removeFinalizer(*vmi));
  auto finalizers = vmi->getObject("metadata")->getArray("finalizers");
  REQUIRE(finalizers->size() == 2);
  CHECK(finalizers->getElement<std::string>(0) == "a");
  CHECK(finalizers->getElement<std::string>(1) == "b");
  CHECK_FALSE(removeFinalizer(*vmi));
  CHECK_FALSE(hasFinalizer(*vmi));
  auto bare = parse(R"({"metadata":{}})");
  CHECK_FALSE(removeFinalizer(*bare));
}

TEST_CASE("vmi lifecycle: a finalized VMI Succeeded only if it ran") {
  CHECK(finalPhase("Running") == std::optional<std::string>("Succeeded"));
  CHECK(finalPhase("Scheduled") == std::optional<std::string>("Failed"));
  CHECK(finalPhase("Pending") == std::optional<std::string>("Failed"));
  CHECK(finalPhase("") == std::optional<std::string>("Failed"));
  CHECK_FALSE(finalPhase("Failed"));
}

TEST_CASE("vmi lifecycle: capacity fills the least loaded node and frees slots") {
  NodeCapacity capacity(2, 2);
  CHECK(capacity.capacity() == 4);
  CHECK(capacity.take() == std::optional<int>(0));
  CHECK(capacity.take() == std::optional<int>(1));
  CHECK(capacity.take() == std::optional<int>(0));
  CHECK(capacity.take() == std::optional<int>(1));
  CHECK_FALSE(capacity.take());
  CHECK(capacity.occupied() == 4);
  capacity.release(1);
  CHECK(capacity.take() == std::optional<int>(1));
  capacity.occupy(0);  // a VMI found running there: over capacity is allowed
  CHECK(capacity.occupied() == 5);
  capacity.occupy(7);  // no such node: ignored
  CHECK(capacity.occupied() == 5);
  CHECK_FALSE(NodeCapacity(0, 10).take());
}

TEST_CASE("remote controller: RFC 3339 times parse to nanoseconds") {
  CHECK(parseRfc3339Ns("1970-01-01T00:00:00Z") == std::optional<int64_t>(0));
  CHECK(parseRfc3339Ns("2024-05-01T10:00:00Z") ==
        std::optional<int64_t>(1714557600LL * 1000000000));
  CHECK(parseRfc3339Ns("2024-05-01T10:00:00.25Z") ==
        std::optional<int64_t>(1714557600LL * 1000000000 + 250000000));
  CHECK(parseRfc3339Ns("2024-05-01T12:00:00+02:00") ==
        std::optional<int64_t>(1714557600LL * 1000000000));
  CHECK_FALSE(parseRfc3339Ns(""));
  CHECK_FALSE(parseRfc3339Ns("yesterday"));
  CHECK_FALSE(parseRfc3339Ns("2024-05-01T10:00:00"));
}

TEST_CASE("remote controller: a whole-second time stands for the second that follows") {
  const int64_t second = 1714557600LL * 1000000000;
  // Seen within its second: now is the best bound.
  CHECK(observedAtNs("2024-05-01T10:00:00Z", second + 300000000) == second + 300000000);
  // Seen later (a list after a restart): the end of that second.
  CHECK(observedAtNs("2024-05-01T10:00:00Z", second + 5000000000) == second + 999999999);
  // Fractional times are exact.
  CHECK(observedAtNs("2024-05-01T10:00:00.5Z", second + 5000000000) == second + 500000000);
  CHECK(observedAtNs("", 42) == 42);
}
