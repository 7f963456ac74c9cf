// The built-in VMI of the first design, field by field; its names; its checks.
#include <catch2/catch.hpp>

#include <string>

#include "core/scenario/default_vmi.h"
#include "core/scenario/quantity.h"
#include "core/scenario/render.h"
#include "core/scenario/scenario_error.h"

using perfscale::scenario::containerDiskImage;
using perfscale::scenario::defaultVmiName;
using perfscale::scenario::DefaultVmiSpec;
using perfscale::scenario::JsonValue;
using perfscale::scenario::ObjectTemplate;
using perfscale::scenario::positiveQuantityProblem;
using perfscale::scenario::RenderContext;
using perfscale::scenario::ScenarioError;
using perfscale::scenario::VmiDisk;

namespace {

const JsonValue& at(const JsonValue& value, std::initializer_list<const char*> path) {
  const JsonValue* node = &value;
  for (const char* key : path) {
    node = node->find(key);
    REQUIRE(node != nullptr);
  }
  return *node;
}

std::string text(const JsonValue& value, std::initializer_list<const char*> path) {
  return at(value, path).text();
}

RenderContext context() {
  RenderContext c;
  c.scenario = "kubevirt-test-default";
  c.uuid = "5f0c1a2b-1111-4222-8333-444455556666";
  c.workload = "kubevirt-test-default";
  c.iteration = 2;
  c.replica = 17;
  c.ns = "kubevirt-test-default";
  return c;
}

std::string checkError(const DefaultVmiSpec& spec) {
  try {
    perfscale::scenario::checkDefaultVmiSpec(spec, "flags");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("scenario default VMI: the object matches the first design field by field",
          "[scenario]") {
  ObjectTemplate object;  // the built-in VMI with the flags' defaults
  const auto rendered = render(object, context());
  const JsonValue& vmi = rendered.object;
  CHECK(rendered.kind == "VirtualMachineInstance");
  CHECK(rendered.resource == "virtualmachineinstances");
  CHECK(text(vmi, {"apiVersion"}) == "kubevirt.io/v1");
  CHECK(text(vmi, {"kind"}) == "VirtualMachineInstance");
  CHECK(text(vmi, {"metadata", "name"}) == "vmi-5f0c1a2b-2-17");
  CHECK(text(vmi, {"metadata", "namespace"}) == "kubevirt-test-default");
  CHECK(text(vmi, {"metadata", "labels", "perfscale.kubevirt.io/run"}) ==
        "5f0c1a2b-1111-4222-8333-444455556666");
  CHECK(text(vmi, {"metadata", "labels", "perfscale.kubevirt.io/iteration"}) == "2");

  const JsonValue& spec = at(vmi, {"spec"});
  CHECK(at(spec, {"terminationGracePeriodSeconds"}).type() == JsonValue::Type::Number);
  CHECK(text(spec, {"terminationGracePeriodSeconds"}) == "0");
  for (const char* list : {"requests", "limits"}) {
    CHECK(text(spec, {"domain", "resources", list, "memory"}) == "90Mi");
    CHECK(text(spec, {"domain", "resources", list, "cpu"}) == "100m");
  }
  const auto& disks = at(spec, {"domain", "devices", "disks"}).items();
  REQUIRE(disks.size() == 2);
  CHECK(text(disks[0], {"name"}) == "disk0");
  CHECK(text(disks[0], {"disk", "bus"}) == "virtio");
  CHECK(text(disks[1], {"name"}) == "disk1");
  CHECK(text(disks[1], {"disk", "bus"}) == "virtio");

  const auto& volumes = at(spec, {"volumes"}).items();
  REQUIRE(volumes.size() == 2);
  CHECK(text(volumes[0], {"name"}) == "disk0");
  CHECK(text(volumes[0], {"containerDisk", "image"}) ==
        "quay.io/kubevirt/cirros-container-disk-demo:latest");
  CHECK(text(volumes[1], {"name"}) == "disk1");
  CHECK(text(volumes[1], {"cloudInitNoCloud", "userData"}) == "#!/bin/sh\necho hello");
}

TEST_CASE("scenario default VMI: the whole object as JSON", "[scenario]") {
  DefaultVmiSpec spec;
  spec.image = "alpine";
  spec.cpu = "1";
  spec.memory = "1Gi";
  CHECK(toJsonText(perfscale::scenario::defaultVmi(spec, "v", "ns")) ==
        R"({"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":)"
        R"({"name":"v","namespace":"ns"},"spec":{"terminationGracePeriodSeconds":0,"domain":)"
        R"({"resources":{"requests":{"memory":"1Gi","cpu":"1"},"limits":{"memory":"1Gi",)"
        R"("cpu":"1"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},)"
        R"({"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0",)"
        R"("containerDisk":{"image":"quay.io/kubevirt/alpine-container-disk-demo:latest"}},)"
        R"({"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}})");
}

TEST_CASE("scenario default VMI: the emptyDisk option replaces the container disk", "[scenario]") {
  ObjectTemplate object;
  DefaultVmiSpec spec;
  spec.disk = VmiDisk::EmptyDisk;
  spec.emptyDiskCapacity = "2Gi";
  object.source = spec;
  const auto rendered = render(object, context());
  const auto& volumes = at(rendered.object, {"spec", "volumes"}).items();
  REQUIRE(volumes.size() == 2);
  CHECK(volumes[0].find("containerDisk") == nullptr);
  CHECK(text(volumes[0], {"emptyDisk", "capacity"}) == "2Gi");
  CHECK(text(volumes[1], {"cloudInitNoCloud", "userData"}) == "#!/bin/sh\necho hello");
  CHECK(perfscale::scenario::parseVmiDisk("emptyDir") == VmiDisk::EmptyDisk);
  CHECK(perfscale::scenario::parseVmiDisk("containerdisk") == VmiDisk::ContainerDisk);
  CHECK_FALSE(perfscale::scenario::parseVmiDisk("pvc"));
}

TEST_CASE("scenario default VMI: images follow <prefix>/<img>-container-disk-demo:<tag>",
          "[scenario]") {
  DefaultVmiSpec spec;
  spec.imagePrefix = "registry:5000/kubevirt/";
  spec.image = "fedora-cloud";
  spec.imageTag = "devel";
  CHECK(containerDiskImage(spec) ==
        "registry:5000/kubevirt/fedora-cloud-container-disk-demo:devel");
  spec.imageTag = "sha256:0123abcd";
  CHECK(containerDiskImage(spec) ==
        "registry:5000/kubevirt/fedora-cloud-container-disk-demo@sha256:0123abcd");
}

TEST_CASE(
    "scenario default VMI: names are deterministic DNS labels unique per iteration, "
    "replica and workload",
    "[scenario]") {
  const std::string uuid = "5f0c1a2b-1111-4222-8333-444455556666";
  CHECK(defaultVmiName(uuid, 0, 1, 1) == "vmi-5f0c1a2b-1-1");
  CHECK(defaultVmiName(uuid, 0, 12, 100) == "vmi-5f0c1a2b-12-100");
  CHECK(defaultVmiName(uuid, 1, 1, 1) == "vmi-5f0c1a2b-w2-1-1");
  CHECK(defaultVmiName(uuid, 0, 1, 11) != defaultVmiName(uuid, 0, 11, 1));
  CHECK(defaultVmiName("abc-defg", 0, 1, 1) == "vmi-abc-defg-1-1");
  CHECK(defaultVmiName("abcdefg-h", 0, 1, 1) == "vmi-abcdefg-1-1");  // no "--"
}

TEST_CASE("scenario default VMI: quantities are checked as Kubernetes parses them", "[scenario]") {
  for (const char* good : {"100m", "90Mi", "1", "1.5Gi", "0.5", ".5", "2e3", "1E-2", "128974848",
                           "1k", "500u", "+1Gi"})
    CHECK_FALSE(positiveQuantityProblem(good));
  CHECK_THAT(*positiveQuantityProblem("100x"), Catch::Contains("unknown suffix \"x\""));
  CHECK_THAT(*positiveQuantityProblem("90MB"), Catch::Contains("unknown suffix \"MB\""));
  CHECK_THAT(*positiveQuantityProblem("Mi"), Catch::Contains("no number"));
  CHECK_THAT(*positiveQuantityProblem(""), Catch::Contains("empty"));
  CHECK_THAT(*positiveQuantityProblem("0"), Catch::Contains("greater than zero"));
  CHECK_THAT(*positiveQuantityProblem("-1Gi"), Catch::Contains("greater than zero"));
  CHECK_THAT(*positiveQuantityProblem("1 Gi"), Catch::Contains("unknown suffix"));
}

TEST_CASE("scenario default VMI: a bad spec is an error naming the field and its flag",
          "[scenario]") {
  DefaultVmiSpec spec;
  spec.cpu = "100x";
  CHECK_THAT(checkError(spec), Catch::StartsWith("flags: cpu (--vmi-cpu-limit): \"100x\""));
  spec = {};
  spec.memory = "0";
  CHECK_THAT(checkError(spec), Catch::StartsWith("flags: memory (--vmi-mem-limit)"));
  spec = {};
  spec.image = "cirrus";
  CHECK_THAT(checkError(spec), Catch::Contains("cirros, alpine or fedora-cloud"));
  spec = {};
  spec.imageTag = "";
  CHECK_THAT(checkError(spec), Catch::Contains("imageTag (--img-tag)"));
  spec = {};
  spec.disk = VmiDisk::EmptyDisk;
  spec.emptyDiskCapacity = "lots";
  CHECK_THAT(checkError(spec), Catch::Contains("emptyDiskCapacity"));
  CHECK(checkError(DefaultVmiSpec{}) == "no error");
}
