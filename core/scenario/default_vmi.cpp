// The built-in VMI (see default_vmi.h), field for field as the first design created it.
#include "core/scenario/default_vmi.h"

#include <algorithm>
#include <cctype>

#include "core/scenario/quantity.h"
#include "core/scenario/scenario_error.h"

namespace perfscale::scenario {
namespace {

constexpr const char* kUserData = "#!/bin/sh\necho hello";

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

JsonValue str(std::string text) {
  return JsonValue::string(std::move(text));
}

JsonValue resourceList(const DefaultVmiSpec& spec) {
  JsonValue list = JsonValue::object();
  list.set("memory", str(spec.memory));
  list.set("cpu", str(spec.cpu));
  return list;
}

JsonValue virtioDisk(const char* name) {
  JsonValue disk = JsonValue::object();
  disk.set("name", str(name));
  disk.set("disk", JsonValue::object()).set("bus", str("virtio"));
  return disk;
}

}  // namespace

const char* toString(VmiDisk disk) {
  return disk == VmiDisk::ContainerDisk ? "containerDisk" : "emptyDisk";
}

std::optional<VmiDisk> parseVmiDisk(std::string_view text) {
  const std::string name = lower(text);
  if (name == "containerdisk") return VmiDisk::ContainerDisk;
  if (name == "emptydisk" || name == "emptydir") return VmiDisk::EmptyDisk;
  return std::nullopt;
}

std::string containerDiskImage(const DefaultVmiSpec& spec) {
  std::string prefix = spec.imagePrefix;
  while (!prefix.empty() && prefix.back() == '/')
    prefix.pop_back();
  const bool digest = spec.imageTag.find(':') != std::string::npos;
  return prefix + "/" + spec.image + "-container-disk-demo" + (digest ? "@" : ":") + spec.imageTag;
}

void checkDefaultVmiSpec(const DefaultVmiSpec& spec, const std::string& where) {
  const auto fail = [&](const std::string& field, const std::string& problem) {
    throw ScenarioError(where + ": " + field + ": " + problem);
  };
  if (spec.image != "cirros" && spec.image != "alpine" && spec.image != "fedora-cloud") {
    fail("image (--vmi-img)", "\"" + spec.image +
                                  "\" is not a demo image; use cirros, alpine or fedora-cloud, "
                                  "or an object template for any other image");
  }
  std::string prefix = spec.imagePrefix;
  while (!prefix.empty() && prefix.back() == '/')
    prefix.pop_back();
  if (prefix.empty()) fail("imagePrefix (--img-prefix)", "it is empty (e.g. quay.io/kubevirt)");
  if (spec.imageTag.empty()) fail("imageTag (--img-tag)", "it is empty (e.g. latest or v1.2.0)");
  for (const std::string& text : {spec.imagePrefix, spec.imageTag}) {
    if (std::any_of(text.begin(), text.end(),
                    [](unsigned char c) { return std::isspace(c) || std::iscntrl(c); }))
      fail("image", "\"" + text + "\" contains white space");
  }
  if (auto problem = positiveQuantityProblem(spec.cpu)) fail("cpu (--vmi-cpu-limit)", *problem);
  if (auto problem = positiveQuantityProblem(spec.memory))
    fail("memory (--vmi-mem-limit)", *problem);
  if (spec.disk == VmiDisk::EmptyDisk) {
    if (auto problem = positiveQuantityProblem(spec.emptyDiskCapacity))
      fail("emptyDiskCapacity", *problem);
  }
}

std::string defaultVmiName(std::string_view uuid, std::size_t workloadIndex, int iteration,
                           int replica) {
  std::string shortId(uuid.substr(0, 8));
  while (!shortId.empty() && shortId.back() == '-')
    shortId.pop_back();
  std::string name = "vmi-" + shortId + "-";
  if (workloadIndex > 0) name += "w" + std::to_string(workloadIndex + 1) + "-";
  return name + std::to_string(iteration) + "-" + std::to_string(replica);
}

JsonValue defaultVmi(const DefaultVmiSpec& spec, const std::string& name, const std::string& ns) {
  JsonValue vmi = JsonValue::object();
  vmi.set("apiVersion", str("kubevirt.io/v1"));
  vmi.set("kind", str("VirtualMachineInstance"));
  JsonValue& metadata = vmi.set("metadata", JsonValue::object());
  metadata.set("name", str(name));
  metadata.set("namespace", str(ns));

  JsonValue& vmiSpec = vmi.set("spec", JsonValue::object());
  vmiSpec.set("terminationGracePeriodSeconds", JsonValue::integer(0));
  JsonValue& domain = vmiSpec.set("domain", JsonValue::object());
  JsonValue& resources = domain.set("resources", JsonValue::object());
  resources.set("requests", resourceList(spec));
  resources.set("limits", resourceList(spec));
  JsonValue& disks = domain.set("devices", JsonValue::object()).set("disks", JsonValue::array());
  disks.push(virtioDisk("disk0"));
  disks.push(virtioDisk("disk1"));

  JsonValue& volumes = vmiSpec.set("volumes", JsonValue::array());
  JsonValue& root = volumes.push(JsonValue::object());
  root.set("name", str("disk0"));
  if (spec.disk == VmiDisk::ContainerDisk) {
    root.set("containerDisk", JsonValue::object()).set("image", str(containerDiskImage(spec)));
  } else {
    root.set("emptyDisk", JsonValue::object()).set("capacity", str(spec.emptyDiskCapacity));
  }
  JsonValue& cloudInit = volumes.push(JsonValue::object());
  cloudInit.set("name", str("disk1"));
  cloudInit.set("cloudInitNoCloud", JsonValue::object()).set("userData", str(kUserData));
  return vmi;
}

}  // namespace perfscale::scenario
