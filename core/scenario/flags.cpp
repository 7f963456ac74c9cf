// The flag table, parsing of flag text, and range checks (see flags.h).
#include "core/scenario/flags.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/scenario/names.h"
#include "core/scenario/quantity.h"
#include "core/scenario/scenario_error.h"

namespace perfscale::scenario {
namespace {

[[noreturn]] void fail(std::string_view name, const std::string& problem) {
  throw ScenarioError("--" + std::string(name) + ": " + problem);
}

std::string found(std::string_view value) {
  return "found \"" + std::string(value) + "\"";
}

double parseNumber(std::string_view name, std::string_view value) {
  const std::string text(value);
  char* end = nullptr;
  errno = 0;
  const double number = std::strtod(text.c_str(), &end);
  // strtod and strtol skip leading white space; Go's parsers, like ours, do not.
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front())) ||
      end != text.c_str() + text.size() || errno != 0 || !std::isfinite(number))
    fail(name, "expected a number, " + found(value));
  return number;
}

int parseInteger(std::string_view name, std::string_view value) {
  const std::string text(value);
  char* end = nullptr;
  errno = 0;
  const long number = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front())) ||
      end != text.c_str() + text.size() || errno != 0 || number > std::numeric_limits<int>::max() ||
      number < std::numeric_limits<int>::min())
    fail(name, "expected a whole number, " + found(value));
  return static_cast<int>(number);
}

Duration parseDuration(std::string_view name, std::string_view value) {
  try {
    return parseGoDuration(value);
  } catch (const std::invalid_argument& e) {
    fail(name, e.what());
  }
}

}  // namespace

bool parseGoBool(std::string_view name, std::string_view value) {
  for (std::string_view yes : {"1", "t", "T", "true", "True", "TRUE"})
    if (value == yes) return true;
  for (std::string_view no : {"0", "f", "F", "false", "False", "FALSE"})
    if (value == no) return false;
  fail(name, "expected true or false, " + found(value));
}

const std::vector<FlagSpec>& loadGeneratorFlagSpecs() {
  static const std::vector<FlagSpec> specs = {
      {"burst", "20", "token-bucket burst for VMI creation", false, true},
      {"qps", "20", "token-bucket rate for VMI creation (0 = unlimited)", false, true},
      {"img-prefix", "quay.io/kubevirt", "image repository prefix", false, true},
      {"img-tag", "latest", "image tag or digest", false, true},
      {"vmi-img", "cirros",
       "image name: cirros, alpine or fedora-cloud (<prefix>/<img>-container-disk-demo:<tag>)",
       false, true},
      {"vmi-count", "100", "VMIs per iteration", false, true},
      {"vmi-cpu-limit", "100m", "CPU request and limit", false, true},
      {"vmi-mem-limit", "90Mi", "memory request and limit", false, true},
      {"iteration-count", "1", "how many times the scenario runs", false, true},
      {"iteration-interval", "0", "pause between iterations (duration)", false, true},
      {"iteration-cleanup", "true", "delete VMIs and namespaces before the next iteration", true,
       true},
      {"iteration-vmi-wait", "true", "wait for all VMIs Running before moving on", true, true},
      {"iteration-wait-for-deletion", "true", "wait until deleted objects are really gone", true,
       true},
      {"namespaced-iterations", "false", "one namespace per iteration (<namespace>-<i>)", true,
       true},
      {"namespace", "kubevirt-test-default", "namespace base name", false, true},
      {"name", "kubevirt-test-default", "scenario name", false, true},
      {"uuid", "random", "run id; labels every object the run creates", false, true},
      {"max-wait-timeout", "5m", "bound on each wait", false, true},
      {"wait-when-finished", "30s", "delay before the program ends", false, true},
      {"vmi-disk", "containerDisk",
       "the VMI's first disk: containerDisk (the image) or emptyDisk (a scratch disk, no pull)",
       false, false},
      {"on-timeout", "stop", "when a wait times out: stop or continue", false, false},
      {"max-error-ratio", "0", "share of failed creations tolerated (0..1)", false, false},
      {"parallelism", "0", "concurrent requests (0 = automatic)", false, false},
      {"keep-on-interrupt", "false", "on Ctrl-C keep created objects instead of deleting them",
       true, false},
      {"trace-file", "", "the SQLite trace to write", false, false},
      {"vmis-per-namespace", "0",
       "spread each iteration's VMIs over namespaces <namespace>-<iteration>-<k> of this many "
       "each (1: one VMI per namespace; 0: one namespace)",
       false, false},
      {"delete", "false",
       "the load generator v1.x's -delete: delete a burst workload's VMIs once all are Running "
       "(with -run=false: delete what earlier runs of the workload left behind)",
       true, false},
  };
  return specs;
}

void setLoadGeneratorFlag(LoadGeneratorFlags& flags, std::string_view name,
                          std::string_view value) {
  if (name == "qps")
    flags.qps = parseNumber(name, value);
  else if (name == "burst")
    flags.burst = parseInteger(name, value);
  else if (name == "img-prefix")
    flags.imgPrefix = std::string(value);
  else if (name == "img-tag")
    flags.imgTag = std::string(value);
  else if (name == "vmi-img")
    flags.vmiImg = std::string(value);
  else if (name == "vmi-count")
    flags.vmiCount = parseInteger(name, value);
  else if (name == "vmi-cpu-limit")
    flags.vmiCpuLimit = std::string(value);
  else if (name == "vmi-mem-limit")
    flags.vmiMemLimit = std::string(value);
  else if (name == "iteration-count")
    flags.iterationCount = parseInteger(name, value);
  else if (name == "iteration-interval")
    flags.iterationInterval = parseDuration(name, value);
  else if (name == "iteration-cleanup")
    flags.iterationCleanup = parseGoBool(name, value);
  else if (name == "iteration-vmi-wait")
    flags.iterationVmiWait = parseGoBool(name, value);
  else if (name == "iteration-wait-for-deletion")
    flags.iterationWaitForDeletion = parseGoBool(name, value);
  else if (name == "namespaced-iterations")
    flags.namespacedIterations = parseGoBool(name, value);
  else if (name == "namespace")
    flags.ns = std::string(value);
  else if (name == "name")
    flags.name = std::string(value);
  else if (name == "uuid")
    flags.uuid = std::string(value);
  else if (name == "max-wait-timeout")
    flags.maxWaitTimeout = parseDuration(name, value);
  else if (name == "wait-when-finished")
    flags.waitWhenFinished = parseDuration(name, value);
  else if (name == "vmi-disk") {
    flags.vmiDisk = parseVmiDisk(value);
    if (!flags.vmiDisk) fail(name, "expected containerDisk or emptyDisk, " + found(value));
  } else if (name == "on-timeout") {
    if (value == "stop")
      flags.onTimeout = OnTimeout::Stop;
    else if (value == "continue")
      flags.onTimeout = OnTimeout::Continue;
    else
      fail(name, "expected stop or continue, " + found(value));
  } else if (name == "max-error-ratio")
    flags.maxErrorRatio = parseNumber(name, value);
  else if (name == "parallelism")
    flags.parallelism = parseInteger(name, value);
  else if (name == "keep-on-interrupt")
    flags.keepOnInterrupt = parseGoBool(name, value);
  else if (name == "trace-file")
    flags.traceFile = std::string(value);
  else if (name == "vmis-per-namespace")
    flags.vmisPerNamespace = parseInteger(name, value);
  else if (name == "delete")
    flags.deleteAtEnd = parseGoBool(name, value);
  else
    throw ScenarioError("--" + std::string(name) + ": not a load generator flag");
}

void checkLoadGeneratorFlags(const LoadGeneratorFlags& flags) {
  if (flags.qps && *flags.qps < 0)
    fail("qps", "must be 0 (unlimited) or more, found " + std::to_string(*flags.qps));
  if (flags.burst && *flags.burst < 1 && !(flags.qps && *flags.qps == 0))
    fail("burst", "must be at least 1, found " + std::to_string(*flags.burst));
  if (flags.vmiCount && *flags.vmiCount < 1)
    fail("vmi-count", "must be at least 1, found " + std::to_string(*flags.vmiCount));
  if (flags.iterationCount && *flags.iterationCount < 1)
    fail("iteration-count", "must be at least 1, found " + std::to_string(*flags.iterationCount));
  if (flags.iterationInterval && flags.iterationInterval->count() < 0)
    fail("iteration-interval", "must not be negative");
  if (flags.waitWhenFinished && flags.waitWhenFinished->count() < 0)
    fail("wait-when-finished", "must not be negative");
  if (flags.maxWaitTimeout && flags.maxWaitTimeout->count() <= 0)
    fail("max-wait-timeout", "must be greater than zero (e.g. 5m)");
  if (flags.vmiCpuLimit) {
    if (auto problem = positiveQuantityProblem(*flags.vmiCpuLimit)) fail("vmi-cpu-limit", *problem);
  }
  if (flags.vmiMemLimit) {
    if (auto problem = positiveQuantityProblem(*flags.vmiMemLimit)) fail("vmi-mem-limit", *problem);
  }
  if (flags.ns) {
    if (auto problem = dns1123LabelProblem(*flags.ns)) fail("namespace", *problem);
  }
  if (flags.name) {
    if (flags.name->empty()) fail("name", "it is empty");
    if (auto problem = labelValueProblem(*flags.name)) fail("name", *problem);
  }
  if (flags.uuid) {
    if (auto problem = dns1123LabelProblem(*flags.uuid)) fail("uuid", *problem);
  }
  if (flags.maxErrorRatio && (*flags.maxErrorRatio < 0 || *flags.maxErrorRatio > 1))
    fail("max-error-ratio",
         "must be between 0 and 1, found " + std::to_string(*flags.maxErrorRatio));
  if (flags.vmisPerNamespace && *flags.vmisPerNamespace < 0)
    fail("vmis-per-namespace",
         "must be 0 (one namespace) or more, found " + std::to_string(*flags.vmisPerNamespace));
  if (flags.parallelism && *flags.parallelism < 0)
    fail("parallelism",
         "must be 0 (automatic) or more, found " + std::to_string(*flags.parallelism));
}

}  // namespace perfscale::scenario
