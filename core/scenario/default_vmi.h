// The VMI the first design built in code: a small VMI booting a container-disk demo image
// (or, one option away, an empty scratch disk so no image is pulled), with a cloud-init
// disk, requests equal to limits and no termination grace period.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/scenario/json_value.h"

namespace perfscale::scenario {

// disk0's volume: the original used a containerDisk; an emptyDisk (KubeVirt's scratch disk,
// what the seed README called "emptyDir") loads the control plane without image pulls.
enum class VmiDisk { ContainerDisk, EmptyDisk };

struct DefaultVmiSpec {
  std::string imagePrefix = "quay.io/kubevirt";  // --img-prefix
  std::string imageTag = "latest";               // --img-tag: a tag, or a digest sha256:...
  std::string image = "cirros";                  // --vmi-img: cirros, alpine or fedora-cloud
  std::string cpu = "100m";                      // --vmi-cpu-limit: request and limit
  std::string memory = "90Mi";                   // --vmi-mem-limit: request and limit
  VmiDisk disk = VmiDisk::ContainerDisk;         // --vmi-disk
  std::string emptyDiskCapacity = "1Gi";         // for VmiDisk::EmptyDisk
};

const char* toString(VmiDisk disk);  // containerDisk, emptyDisk
// containerDisk, emptyDisk, any case; emptyDir is taken for emptyDisk.
std::optional<VmiDisk> parseVmiDisk(std::string_view text);

// <prefix>/<image>-container-disk-demo:<tag>, or @<digest> when the tag is a digest.
std::string containerDiskImage(const DefaultVmiSpec& spec);

// Throws ScenarioError naming `where` (a flag or file location) and the field.
void checkDefaultVmiSpec(const DefaultVmiSpec& spec, const std::string& where);

// Names are vmi-<first 8 characters of the uuid>-<iteration>-<replica> for the first
// workload and vmi-<uuid8>-w<k>-<iteration>-<replica> for the k-th (k >= 2): deterministic,
// DNS-1123 labels, distinct across iterations, workloads and (by the uuid) runs.
std::string defaultVmiName(std::string_view uuid, std::size_t workloadIndex, int iteration,
                           int replica);

// The VMI object without labels (the renderer adds them).
JsonValue defaultVmi(const DefaultVmiSpec& spec, const std::string& name, const std::string& ns);

}  // namespace perfscale::scenario
