// The load generator's first-design flags (same names, same defaults) and ours, as values
// that remember whether they were given: flags given explicitly override a scenario file.
// Not here: --kubeconfig and --master (cluster access, core/kube) and -v (logging).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scenario/default_vmi.h"
#include "core/scenario/duration.h"
#include "core/scenario/scenario.h"

namespace perfscale::scenario {

// Unset means "not on the command line": the file's value, else the default, applies.
struct LoadGeneratorFlags {
  std::optional<double> qps;                     // --qps 20; 0 = unlimited
  std::optional<int> burst;                      // --burst 20
  std::optional<std::string> imgPrefix;          // --img-prefix quay.io/kubevirt
  std::optional<std::string> imgTag;             // --img-tag latest
  std::optional<std::string> vmiImg;             // --vmi-img cirros
  std::optional<int> vmiCount;                   // --vmi-count 100
  std::optional<std::string> vmiCpuLimit;        // --vmi-cpu-limit 100m
  std::optional<std::string> vmiMemLimit;        // --vmi-mem-limit 90Mi
  std::optional<int> iterationCount;             // --iteration-count 1
  std::optional<Duration> iterationInterval;     // --iteration-interval 0
  std::optional<bool> iterationCleanup;          // --iteration-cleanup true
  std::optional<bool> iterationVmiWait;          // --iteration-vmi-wait true
  std::optional<bool> iterationWaitForDeletion;  // --iteration-wait-for-deletion true
  std::optional<bool> namespacedIterations;      // --namespaced-iterations false
  std::optional<std::string> ns;                 // --namespace kubevirt-test-default
  std::optional<std::string> name;               // --name kubevirt-test-default
  std::optional<std::string> uuid;               // --uuid (random v4)
  std::optional<Duration> maxWaitTimeout;        // --max-wait-timeout 5m
  std::optional<Duration> waitWhenFinished;      // --wait-when-finished 30s
  // Ours.
  std::optional<VmiDisk> vmiDisk;        // --vmi-disk containerDisk | emptyDisk
  std::optional<OnTimeout> onTimeout;    // --on-timeout stop | continue
  std::optional<double> maxErrorRatio;   // --max-error-ratio 0
  std::optional<int> parallelism;        // --parallelism 0 (auto)
  std::optional<bool> keepOnInterrupt;   // --keep-on-interrupt false
  std::optional<std::string> traceFile;  // --trace-file
  std::optional<int> vmisPerNamespace;   // --vmis-per-namespace 0 (one namespace)
  // The load generator v1.x's -delete: burst workloads delete their objects once all are
  // Running (true) or keep them (false); see loader.h.
  std::optional<bool> deleteAtEnd;  // -delete false
};

struct FlagSpec {
  std::string_view name;          // without dashes
  std::string_view defaultValue;  // as --help shows it
  std::string_view help;
  bool boolean = false;  // a bare --flag means true; --flag=false is accepted
  bool original = true;  // one of the load generator's flags (false: ours)
};

// Every flag above, in the order of the original's table, then ours.
const std::vector<FlagSpec>& loadGeneratorFlagSpecs();

// Sets flag `name` (without dashes) from its command-line text. Booleans accept Go's
// strconv.ParseBool spellings (1 t T true True TRUE, 0 f F false False FALSE); durations
// are Go durations. Throws ScenarioError: --qps: expected a number, found "abc".
void setLoadGeneratorFlag(LoadGeneratorFlags& flags, std::string_view name, std::string_view value);

// A boolean flag's text as Go's strconv.ParseBool reads it; throws ScenarioError naming `name`.
bool parseGoBool(std::string_view name, std::string_view value);

// Range checks of the explicit flags, naming the flag (--burst: must be at least 1, ...).
void checkLoadGeneratorFlags(const LoadGeneratorFlags& flags);

}  // namespace perfscale::scenario
