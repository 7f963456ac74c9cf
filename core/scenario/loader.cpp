// Detecting a file's format, building the flags-only scenario, and laying explicit flags
// over a file (see loader.h).
#include "core/scenario/loader.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <vector>

#include "core/scenario/formats.h"
#include "core/scenario/uuid.h"
#include "core/scenario/validate.h"
#include "core/scenario/yaml_json.h"
#include "core/text_file.h"
#include "core/yaml_documents.h"

namespace perfscale::scenario {
namespace {

Scenario fromFlags(const LoadGeneratorFlags& flags) {
  Scenario scenario;
  scenario.format = ScenarioFormat::Flags;
  Workload workload;
  workload.name = flags.name.value_or(scenario.name);
  ObjectTemplate object;
  object.source = defaultVmiFromFlags(flags);
  workload.objects.push_back(std::move(object));
  scenario.workloads.push_back(std::move(workload));
  return scenario;
}

Scenario fromFile(const LoadGeneratorFlags& flags, std::string_view yaml,
                  const std::filesystem::path& file) {
  const std::string name = file.string();
  std::vector<YAML::Node> documents;
  try {
    documents = loadYamlDocuments(std::string(yaml));
  } catch (const YAML::DeepRecursion& e) {
    throw ScenarioError(SourceLocation{name, e.mark.line + 1, e.mark.column + 1},
                        "not valid YAML: " + nestingProblem(e.depth()));
  } catch (const YAML::Exception& e) {
    throw ScenarioError(SourceLocation{name, e.mark.line + 1, e.mark.column + 1},
                        "not valid YAML: " + e.msg);
  }
  if (documents.size() != 1 || !documents.front().IsMap()) {
    throw ScenarioError(name + ": a scenario file holds one YAML mapping, found " +
                        (documents.empty()      ? std::string("nothing")
                         : documents.size() > 1 ? std::to_string(documents.size()) + " documents"
                                                : describeYaml(documents.front())));
  }
  const YAML::Node& root = documents.front();
  const ReadContext context{name, file.parent_path(), flags};
  if (root["apiVersion"]) return readPerfscaleFormat(root, context);
  if (root["workloads"] || root["globalConfig"]) return readWorkloadsFormat(root, context);
  return readSingleWorkloadFormat(root, context);
}

[[noreturn]] void appliesToNothing(const Scenario& scenario, const char* flag, const char* what) {
  throw ScenarioError(std::string("--") + flag + " applies to " + what + ", and " + scenario.file +
                      " has none; remove the flag or change the file");
}

void applyExplicitFlags(Scenario& scenario, const LoadGeneratorFlags& flags) {
  if (flags.name) scenario.name = *flags.name;
  if (flags.uuid) scenario.uuid = *flags.uuid;
  if (flags.onTimeout) scenario.onTimeout = *flags.onTimeout;
  if (flags.maxErrorRatio) scenario.maxErrorRatio = *flags.maxErrorRatio;
  if (flags.parallelism) scenario.parallelism = *flags.parallelism;
  if (flags.keepOnInterrupt) scenario.keepOnInterrupt = *flags.keepOnInterrupt;
  if (flags.traceFile) scenario.traceFile = *flags.traceFile;

  bool anyIterations = false;
  bool anyDefaultVmi = false;
  bool anySpreadable = false;
  for (Workload& workload : scenario.workloads) {
    if (workload.kind != WorkloadKind::SteadyState) {
      anySpreadable = true;
      if (flags.vmisPerNamespace) workload.vmisPerNamespace = *flags.vmisPerNamespace;
    }
    if (flags.deleteAtEnd && workload.kind == WorkloadKind::Burst) {
      if (*flags.deleteAtEnd)
        workload.deleteAfter = workload.deleteAfter.value_or(Duration(0));
      else
        workload.deleteAfter.reset();
    }
    if (flags.qps) workload.qps = *flags.qps;
    if (flags.burst) workload.burst = *flags.burst;
    if (flags.ns) workload.ns = *flags.ns;
    if (flags.maxWaitTimeout) workload.maxWaitTimeout = *flags.maxWaitTimeout;
    if (flags.waitWhenFinished) workload.waitWhenFinished = *flags.waitWhenFinished;
    if (workload.kind == WorkloadKind::Iterations) {
      anyIterations = true;
      if (flags.iterationCount) workload.iterationCount = *flags.iterationCount;
      if (flags.iterationInterval) workload.iterationInterval = *flags.iterationInterval;
      if (flags.iterationCleanup) workload.iterationCleanup = *flags.iterationCleanup;
      if (flags.iterationVmiWait) workload.iterationCreationWait = *flags.iterationVmiWait;
      if (flags.iterationWaitForDeletion)
        workload.iterationDeletionWait = *flags.iterationWaitForDeletion;
      if (flags.namespacedIterations) workload.namespacedIterations = *flags.namespacedIterations;
    } else if (flags.vmiCount) {
      workload.count = *flags.vmiCount;
    }
    for (ObjectTemplate& object : workload.objects) {
      if (flags.vmiCount && workload.kind == WorkloadKind::Iterations)
        object.replicas = *flags.vmiCount;
      auto* spec = std::get_if<DefaultVmiSpec>(&object.source);
      if (spec == nullptr) continue;
      anyDefaultVmi = true;
      if (flags.imgPrefix) spec->imagePrefix = *flags.imgPrefix;
      if (flags.imgTag) spec->imageTag = *flags.imgTag;
      if (flags.vmiImg) spec->image = *flags.vmiImg;
      if (flags.vmiCpuLimit) spec->cpu = *flags.vmiCpuLimit;
      if (flags.vmiMemLimit) spec->memory = *flags.vmiMemLimit;
      if (flags.vmiDisk) spec->disk = *flags.vmiDisk;
    }
  }
  if (scenario.format == ScenarioFormat::Flags) {
    scenario.workloads.front().name = scenario.name;
    return;
  }
  const char* const iterations = "iterations workloads";
  if (!anyIterations) {
    if (flags.iterationCount) appliesToNothing(scenario, "iteration-count", iterations);
    if (flags.iterationInterval) appliesToNothing(scenario, "iteration-interval", iterations);
    if (flags.iterationCleanup) appliesToNothing(scenario, "iteration-cleanup", iterations);
    if (flags.iterationVmiWait) appliesToNothing(scenario, "iteration-vmi-wait", iterations);
    if (flags.iterationWaitForDeletion)
      appliesToNothing(scenario, "iteration-wait-for-deletion", iterations);
    if (flags.namespacedIterations) appliesToNothing(scenario, "namespaced-iterations", iterations);
  }
  if (!anySpreadable && flags.vmisPerNamespace)
    appliesToNothing(scenario, "vmis-per-namespace", "iterations and burst workloads");
  // --img-prefix and --img-tag also fill empty containerPrefix/containerTag inputVars.
  const char* const vmi = "the built-in VMI (objects with vmi:)";
  if (!anyDefaultVmi) {
    if (flags.vmiImg) appliesToNothing(scenario, "vmi-img", vmi);
    if (flags.vmiCpuLimit) appliesToNothing(scenario, "vmi-cpu-limit", vmi);
    if (flags.vmiMemLimit) appliesToNothing(scenario, "vmi-mem-limit", vmi);
    if (flags.vmiDisk) appliesToNothing(scenario, "vmi-disk", vmi);
  }
}

Scenario finish(Scenario scenario, const LoadGeneratorFlags& flags) {
  applyExplicitFlags(scenario, flags);
  if (scenario.uuid.empty()) {
    scenario.uuid = randomUuidV4();
    scenario.uuidGenerated = true;
  }
  validate(scenario);
  return scenario;
}

}  // namespace

Scenario loadScenario(const LoadGeneratorFlags& flags,
                      const std::optional<std::filesystem::path>& file) {
  if (!file) {
    checkLoadGeneratorFlags(flags);
    return finish(fromFlags(flags), flags);
  }
  const TextFile text = readTextFile(file->string());
  if (text.tooLarge) {
    throw ScenarioError(file->string() + ": the scenario file " + text.problem() +
                        "; check the path given with -f");
  }
  if (!text.text) {
    throw ScenarioError(file->string() + ": cannot read the scenario file (" + text.readError +
                        "); check the path given with -f");
  }
  return loadScenarioText(flags, *text.text, *file);
}

Scenario loadScenarioText(const LoadGeneratorFlags& flags, std::string_view yaml,
                          const std::filesystem::path& file) {
  checkLoadGeneratorFlags(flags);
  Scenario scenario = fromFile(flags, yaml, file);
  scenario.fileText = std::string(yaml);
  return finish(std::move(scenario), flags);
}

}  // namespace perfscale::scenario
