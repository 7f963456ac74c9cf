// Turns an object template into the object to create for one (workload, iteration,
// replica): rendered, typed as Kubernetes types YAML, named, placed in its namespace and
// labelled with the run, scenario, workload and iteration.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/scenario/json_value.h"
#include "core/scenario/scenario.h"

namespace perfscale::scenario {

// Everything a template can see besides its inputVars.
struct RenderContext {
  std::string scenario;  // {{.scenario}}: the scenario name
  std::string uuid;      // {{.uuid}}
  std::string workload;  // {{.workload}}: the workload name
  std::size_t workloadIndex = 0;
  int iteration = 1;         // {{.iteration}}, 1-based
  int replica = 1;           // {{.replica}}, 1-based
  std::string ns;            // {{.namespace}}: see objectNamespace()
  std::optional<int> shard;  // the perfscale.kubevirt.io/shard label of a sharded run's objects
};

// `slot` is the object's place among the iteration's objects (0-based), which picks its
// namespace when the workload spreads them (vmisPerNamespace).
RenderContext renderContext(const Scenario& scenario, std::size_t workloadIndex, int iteration,
                            int replica, std::size_t slot = 0);

struct RenderedObject {
  JsonValue object;
  std::string apiVersion;  // kubevirt.io/v1
  std::string kind;        // VirtualMachineInstance
  std::string resource;    // virtualmachineinstances (see resourceForKind)
  std::string ns;
  std::string name;
  std::string json() const { return toJsonText(object); }
};

// An object rendered as the text to send.
struct RenderedText {
  std::string json;
  std::string apiVersion;
  std::string kind;
  std::string resource;
  std::string ns;
  std::string name;
};

// Renders the objects of one batch as text, exactly as render(...).json() would. The built-in
// VMI's text is the same for every replica but for its name, which it holds once: it is
// rendered in full when the namespace or iteration changes, and for the other replicas only
// the name is put in (a full render builds a tree of ~80 allocations per VMI). Templates are
// rendered in full each time: any field may use {{.replica}}. Thread-safe.
class BatchRenderer {
 public:
  RenderedText render(const ObjectTemplate& object, const RenderContext& context);

 private:
  struct Cached {
    const ObjectTemplate* object = nullptr;
    RenderContext context;  // its replica aside
    RenderedText text;
    size_t nameAt = 0;  // where text.json holds text.name
  };
  std::mutex mutex_;
  std::optional<Cached> last_;
};

// Throws ScenarioError naming the template file (and line) for a missing variable, YAML
// that does not parse, a name that renders empty or invalid, a namespace other than the
// context's, or label values that are not strings.
RenderedObject render(const ObjectTemplate& object, const RenderContext& context);

// The Namespace context.ns, labelled like the objects in it.
RenderedObject renderNamespace(const RenderContext& context);

// The variables a template sees: the context's and the object's inputVars.
std::map<std::string, std::string> templateVariables(const ObjectTemplate& object,
                                                     const RenderContext& context);
// iteration, namespace, replica, scenario, uuid, workload.
const std::set<std::string>& contextVariableNames();

// The resource of a kind as apimachinery's UnsafeGuessKindToResource guesses it:
// lower case, plus "s" (VirtualMachineInstance -> virtualmachineinstances), "es" after an
// s, "ies" for a final y.
std::string resourceForKind(std::string_view kind);

}  // namespace perfscale::scenario
