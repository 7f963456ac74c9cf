// Flags and scenario files into one validated Scenario. Precedence: built-in defaults
// (the first design's flag defaults) < the file < flags given explicitly.
//
// Scenario files. `-f FILE` takes one of three formats, told apart by their top-level
// fields:
//   apiVersion (perfscale.kubevirt.io/v1alpha1)  our format, below
//   workloads or globalConfig                     the load generator's second format
//   anything else (name, type, count, object)     the load generator's third format
// In every format: an unknown field, a field given twice or a value of the wrong type is
// an error at file:line:col; durations are Go durations (30s, 5m, 1h30m; a bare 0 is zero,
// any other bare number is an error, since the original read it as nanoseconds); template
// paths are relative to the scenario file; absent fields take the first design's flag
// defaults; flags given explicitly override the file (see "Flags over files").
//
// Our format (defaults in parentheses):
//   apiVersion: perfscale.kubevirt.io/v1alpha1   required
//   kind: Scenario                  optional
//   name: density                   scenario name, a label value (kubevirt-test-default)
//   uuid: 0b5f...                   run id, a DNS-1123 label (a random v4 uuid)
//   onTimeout: stop                 stop or continue the run when a wait times out (stop)
//   maxErrorRatio: 0.01             share of failed creations tolerated, 0..1 (0)
//   parallelism: 0                  concurrent requests, 0 = automatic (0)
//   keepOnInterrupt: false          on Ctrl-C keep what was created (false: delete it)
//   traceFile: density.db           relative to this file (the command's default)
//   client: {qps: 0, burst: 0}      a limit on every request of the run, 0 = none (0)
//   shard: {index: 0, count: 4}     recorded by a shard of a sharded run (run --shard), whose
//                                   rates are already its share: creates only its slice
//   workloads:                      run one after the other
//   - name: density                 a label value (workload-<n>)
//     kind: iterations              iterations, burst or steady-state (iterations)
//     namespace: perfscale          the namespace, or the base of per-iteration ones
//                                   (kubevirt-test-default)
//     qps: 20                       creation rate, 0 = unlimited (20)
//     burst: 20                     creation burst, at least 1 unless qps is 0 (20)
//     maxWaitTimeout: 5m            bound on each wait (5m; burst, steady-state: timeout)
//     waitWhenFinished: 30s         pause after the workload (30s)
//     # kind iterations only:
//     iterationCount: 3             (1)
//     iterationInterval: 10s        pause between iterations (0)
//     iterationCreationWait: true   wait for every object Running (true)
//     iterationCleanup: true        delete the iteration's objects and namespaces (true)
//     iterationDeletionWait: true   wait until they are gone (true)
//     namespacedIterations: true    namespace <namespace>-<iteration> (false)
//     # kinds iterations and burst:
//     vmisPerNamespace: 10          spread each iteration's objects over namespaces
//                                   <namespace>-<iteration>-<k> of 10 each (0: one namespace)
//     # kinds burst and steady-state only:
//     count: 50                     required: how many objects exist at once
//     timeout: 10m                  burst: bound on the whole; steady-state: its length (5m)
//     deleteAfter: 1m               burst only: delete this long after all are Running
//                                   (unset: keep them)
//     churn: 5                      steady-state only: objects replaced per cycle (0)
//     minChurnSleep: 20s            steady-state only: pause before each cycle (20s)
//     objects:                      one or more; exactly one for burst and steady-state
//     - vmi:                        the built-in VMI; each field defaults to its flag
//         image: cirros             --vmi-img: cirros, alpine or fedora-cloud
//         imagePrefix: quay.io/kubevirt   --img-prefix
//         imageTag: latest          --img-tag (a digest sha256:... works too)
//         cpu: 100m                 --vmi-cpu-limit, request and limit
//         memory: 90Mi              --vmi-mem-limit, request and limit
//         disk: containerDisk       --vmi-disk: containerDisk or emptyDisk
//         emptyDiskCapacity: 1Gi    the scratch disk's size for emptyDisk
//       replicas: 100               per iteration, iterations only (--vmi-count, 100)
//     - templateFile: vmi.yaml      an object template, relative to this file
//       replicas: 10
//       inputVars: {tier: gold}     more template variables (text, one line each)
//     - template: |                 or the template inline
//         apiVersion: kubevirt.io/v1
//         ...
//       templateName: vmi.yaml      optional: what errors call the inline template
//
// Templates hold one YAML object with {{.var}} or {{ .var }} (and the {{- and -}} trims),
// where var is iteration, replica, namespace, uuid, scenario, workload or an inputVars
// key. Anything else between {{ and }} is an error, and so is a variable without a value.
// The rendered object is placed in the iteration's namespace (a metadata.namespace other
// than {{.namespace}} is an error) and labelled perfscale.kubevirt.io/run=<uuid>,
// perfscale.kubevirt.io/scenario=<name>, perfscale.kubevirt.io/workload=<workload> and
// perfscale.kubevirt.io/iteration=<i>; its name must be a DNS-1123 name, distinct for
// each replica. The built-in VMI is named as defaultVmiName() says.
//
// The second format, read as the original wrote it:
//   globalConfig.qps, globalConfig.burst     client qps and burst (0 = none)
//   workloads[].name, iterationCount, iterationInterval, iterationCreationWait,
//     iterationCleanup, iterationDeletionWait, namespacedIterations, maxWaitTimeout, qps,
//     burst, waitWhenFinished                the same fields of an iterations workload
//   workloads[].uuid                         the run's uuid (workloads must agree)
//   workloads[].objects[].templateFile, replicas, inputVars    its objects
//   inputVars.namespace                      the workload's namespace (objects must agree)
//   inputVars containerPrefix, containerTag  when empty: --img-prefix, --img-tag
//   (no scenario name)                       the file's name without its extension
// The third format, read as the original wrote it:
//   name                                     scenario and workload name
//   type: burst or steady-state (any case)   the workload's kind (burst)
//   count, churn, minChurnSleep, timeout     the same fields; every wait is also bounded
//                                            by timeout (maxWaitTimeout = timeout)
//   object.templateFile, object.inputVars    the one object; inputVars.namespace as above
//   waitWhenFinished is 0 (the original ended at once); burst objects are kept (no
//   deleteAfter), as the original kept them until a run with -delete; a timeout of 30s or
//   less is replaced by the default 5m, as the original did (logged at -v 2).
//
// Flags over files: an explicit --qps, --burst, --namespace, --max-wait-timeout or
// --wait-when-finished sets every workload's; --iteration-count, --iteration-interval,
// --iteration-cleanup, --iteration-vmi-wait, --iteration-wait-for-deletion and
// --namespaced-iterations every iterations workload's; --vmi-count every object's
// replicas (iterations) and every count (burst, steady-state); --vmi-img, --img-prefix,
// --img-tag, --vmi-cpu-limit, --vmi-mem-limit and --vmi-disk every built-in VMI's;
// --vmis-per-namespace every iterations and burst workload's; -delete (the load generator's
// v1.x flag) sets every burst workload's deleteAfter to 0 (delete as soon as all are Running)
// and -delete=false removes it (steady states always ramp down, iterations follow
// iterationCleanup); --name, --uuid, --on-timeout, --max-error-ratio, --parallelism,
// --keep-on-interrupt and --trace-file the scenario's. A flag that applies to nothing in the
// file is an error, except -delete, which the load generator accepted with every workload.
// Without a file the flags describe the first design: one iterations workload of
// --vmi-count built-in VMIs, named like the scenario.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "core/scenario/flags.h"
#include "core/scenario/scenario.h"

namespace perfscale::scenario {

// Reads `file` when given, applies the explicit flags, picks the uuid (--uuid, the file's,
// else a random v4) and validates (validate.h). Throws ScenarioError.
Scenario loadScenario(const LoadGeneratorFlags& flags,
                      const std::optional<std::filesystem::path>& file = std::nullopt);

// The same for a file's text already read; `file` names it and anchors relative paths.
Scenario loadScenarioText(const LoadGeneratorFlags& flags, std::string_view yaml,
                          const std::filesystem::path& file);

}  // namespace perfscale::scenario
