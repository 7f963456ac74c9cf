// The scenario model: one validated description of a run, whatever it was written as
// (the load generator's flags, its two file formats, or ours; see loader.h). The engine
// reads it and nothing else; every duration is a std::chrono duration.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "core/scenario/default_vmi.h"
#include "core/scenario/duration.h"
#include "core/scenario/go_template.h"
#include "core/scenario/scenario_error.h"

namespace perfscale::scenario {

// Iterations: the first and second designs (create, wait Running, clean up, repeat).
// Burst and SteadyState: the third design's two types.
enum class WorkloadKind { Iterations, Burst, SteadyState };
enum class OnTimeout { Stop, Continue };
enum class ScenarioFormat { Flags, Perfscale, OriginalWorkloads, OriginalSingleWorkload };

// What to create: the built-in VMI or a template file, `replicas` times per iteration.
struct ObjectTemplate {
  std::variant<DefaultVmiSpec, GoTemplate> source;
  int replicas = 100;  // Iterations only; Burst and SteadyState create Workload::count
  // Variables the template sees besides iteration, replica, namespace, uuid, scenario and
  // workload. Values are the scalars' text, so a template can place them anywhere.
  std::map<std::string, std::string> inputVars;

  bool isDefaultVmi() const { return std::holds_alternative<DefaultVmiSpec>(source); }
  // "the built-in VMI" or the template's file name, for messages.
  std::string describe() const;
};

struct Workload {
  std::string name;
  WorkloadKind kind = WorkloadKind::Iterations;

  // Iterations
  int iterationCount = 1;
  Duration iterationInterval{0};      // pause between iterations
  bool iterationCreationWait = true;  // wait for every object Running before going on
  bool iterationCleanup = true;       // delete the iteration's objects and namespaces
  bool iterationDeletionWait = true;  // wait until they are really gone
  bool namespacedIterations = false;  // one namespace per iteration: <namespace>-<i>
  // Iterations and Burst: 0 puts an iteration's objects in one namespace; N > 0 spreads them
  // over namespaces <namespace>-<iteration>-<k> of N objects each (kube-burner's
  // iterationsPerNamespace), k = 1, 2, ...
  int vmisPerNamespace = 0;

  // Every kind
  Duration waitWhenFinished = std::chrono::seconds(30);  // pause after the workload
  std::string ns = "kubevirt-test-default";  // namespace, or the base of per-iteration ones
  Duration maxWaitTimeout = std::chrono::minutes(5);  // bound on each wait
  double qps = 20;  // creation rate (token bucket); 0 = unlimited, only when written so
  int burst = 20;   // bucket size, >= 1 when qps > 0

  // Burst and SteadyState
  int count = 0;  // objects alive at once
  int churn = 0;  // SteadyState: objects replaced per cycle
  // SteadyState: pause before each replacement cycle.
  Duration minChurnSleep = std::chrono::seconds(20);
  // Burst: bound on the whole workload; SteadyState: how long it lasts.
  Duration timeout = std::chrono::minutes(5);
  // Burst: delete this long after all are Running; unset: keep them (cleanup --uuid).
  std::optional<Duration> deleteAfter;

  std::vector<ObjectTemplate> objects;
  SourceLocation definedAt;  // where the workload was written; file empty for flags
};

// One of `count` processes that share a run (run --shard index/count, one pod of an Indexed
// Job each): it creates its slice of every iteration at 1/count of the rates (shard.h).
struct Shard {
  int index = 0;  // 0-based, as JOB_COMPLETION_INDEX
  int count = 1;
};

struct Scenario {
  std::string name = "kubevirt-test-default";  // a label value
  std::string uuid;                            // labels every object; a DNS-1123 label
  std::vector<Workload> workloads;

  OnTimeout onTimeout = OnTimeout::Stop;  // when a wait times out: stop the run, or go on
  double maxErrorRatio = 0;               // failed creations tolerated, 0..1
  int parallelism = 0;                    // concurrent requests; 0 = chosen by the engine
  bool keepOnInterrupt = false;           // on Ctrl-C keep created objects (else delete)
  std::string traceFile;                  // empty = the command's default
  // A limiter for every request of the run (the second design's globalConfig); 0 = none.
  double clientQps = 0;
  int clientBurst = 0;
  std::optional<Shard> shard;  // this process's part of a sharded run (applyShard)

  // Where it came from, for messages and --dry-run; not part of toJson.
  ScenarioFormat format = ScenarioFormat::Flags;
  std::string file;
  std::string fileText;        // the file as the user wrote it (for the trace); empty for flags
  bool uuidGenerated = false;  // neither the flags nor the file gave the uuid
};

const char* toString(WorkloadKind kind);    // iterations, burst, steady-state
const char* toString(OnTimeout onTimeout);  // stop, continue
const char* toString(ScenarioFormat format);

// The namespace of the object at `slot` (0-based, over the iteration's objects in order) of
// `workload` in `iteration` (1-based): <ns>-<iteration>-<slot / vmisPerNamespace + 1> with
// vmisPerNamespace, else <ns>-<iteration> with namespacedIterations, else <ns>.
std::string objectNamespace(const Workload& workload, int iteration, size_t slot);
// How many objects an iteration of `workload` creates (Burst, SteadyState: count).
size_t objectsPerIteration(const Workload& workload);
// Every namespace the objects of `iteration` go into, in order.
std::vector<std::string> iterationNamespaces(const Workload& workload, int iteration);
// Whether `workload` puts its iterations in namespaces of their own (namespacedIterations or
// vmisPerNamespace), which the run creates and deletes.
bool perIterationNamespaces(const Workload& workload);
// Every namespace the run's objects go into, when that is known before it starts: no workload
// has per-iteration namespaces. Nothing otherwise.
std::optional<std::set<std::string>> fixedNamespaces(const Scenario& scenario);

}  // namespace perfscale::scenario
