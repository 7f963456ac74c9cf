// Scenario validation (see validate.h).
#include "core/scenario/validate.h"

#include <cmath>
#include <set>
#include <utility>

#include "core/scenario/json_value.h"
#include "core/scenario/names.h"
#include "core/scenario/render.h"

namespace perfscale::scenario {
namespace {

std::string number(double value) {
  return formatJsonNumber(value);
}

class WorkloadCheck {
 public:
  WorkloadCheck(const Scenario& scenario, std::size_t index)
      : scenario_(scenario), index_(index), workload_(scenario.workloads[index]) {}

  void run() const {
    checkNamespace();
    checkPacing();
    checkShape();
    for (const ObjectTemplate& object : workload_.objects)
      if (const auto* spec = std::get_if<DefaultVmiSpec>(&object.source)) {
        try {
          checkDefaultVmiSpec(*spec, "the built-in VMI");
        } catch (const ScenarioError& e) {
          fail(e.what());
        }
      }
    checkRenders();
  }

 private:
  std::string where() const {
    return workload_.definedAt.file.empty() ? std::string("flags") : toString(workload_.definedAt);
  }

  [[noreturn]] void fail(const std::string& problem) const {
    throw ScenarioError(where() + ": workload \"" + workload_.name + "\": " + problem);
  }

  void checkNamespace() const {
    if (auto problem = dns1123LabelProblem(workload_.ns)) fail("namespace: " + *problem);
    if (workload_.vmisPerNamespace < 0)
      fail("vmisPerNamespace must be 0 (one namespace) or more, found " +
           std::to_string(workload_.vmisPerNamespace));
    if (workload_.vmisPerNamespace > 0 && workload_.kind == WorkloadKind::SteadyState)
      fail("vmisPerNamespace applies to iterations and burst workloads, not steady-state");
    const int lastIteration =
        workload_.kind == WorkloadKind::Iterations ? workload_.iterationCount : 1;
    const std::string last = iterationNamespaces(workload_, lastIteration).back();
    if (auto problem = dns1123LabelProblem(last)) {
      fail("the namespace of iteration " + std::to_string(workload_.iterationCount) + ": " +
           *problem + "; use a shorter namespace");
    }
  }

  void checkPacing() const {
    if (!std::isfinite(workload_.qps) || workload_.qps < 0)
      fail("qps must be 0 (unlimited) or more, found " + number(workload_.qps));
    if (workload_.qps > 0 && workload_.burst < 1) {
      fail("burst must be at least 1 when qps is " + number(workload_.qps) + ", found " +
           std::to_string(workload_.burst) + "; set burst (--burst), or qps 0 for no limit");
    }
    if (workload_.maxWaitTimeout.count() <= 0)
      fail("maxWaitTimeout must be greater than zero (e.g. 5m)");
    if (workload_.waitWhenFinished.count() < 0) fail("waitWhenFinished must not be negative");
  }

  void checkShape() const {
    if (workload_.objects.empty()) fail("it has no objects to create");
    if (workload_.kind == WorkloadKind::Iterations) {
      if (workload_.iterationCount < 1)
        fail("iterationCount must be at least 1, found " +
             std::to_string(workload_.iterationCount));
      if (workload_.iterationInterval.count() < 0) fail("iterationInterval must not be negative");
      for (const ObjectTemplate& object : workload_.objects) {
        if (object.replicas < 1) {
          fail("replicas of " + object.describe() + " must be at least 1, found " +
               std::to_string(object.replicas));
        }
      }
      return;
    }
    if (workload_.objects.size() != 1) {
      fail(std::string("a ") + toString(workload_.kind) +
           " workload has exactly one object, found " + std::to_string(workload_.objects.size()));
    }
    if (workload_.count < 1)
      fail("count must be at least 1, found " + std::to_string(workload_.count));
    if (workload_.timeout.count() <= 0) fail("timeout must be greater than zero (e.g. 5m)");
    if (workload_.kind == WorkloadKind::SteadyState) {
      if (workload_.churn < 0 || workload_.churn > workload_.count) {
        fail("churn must be between 0 and count (" + std::to_string(workload_.count) + "), found " +
             std::to_string(workload_.churn));
      }
      if (workload_.minChurnSleep.count() <= 0) fail("minChurnSleep must be greater than zero");
      if (workload_.deleteAfter) fail("deleteAfter applies to burst workloads only");
    } else {
      if (workload_.churn != 0) fail("churn applies to steady-state workloads only");
      if (workload_.deleteAfter && workload_.deleteAfter->count() < 0)
        fail("deleteAfter must not be negative");
    }
  }

  RenderedObject renderAt(const ObjectTemplate& object, int iteration, int replica) const {
    try {
      return render(object, renderContext(scenario_, index_, iteration, replica));
    } catch (const ScenarioError& e) {
      // The template's own location comes first; the workload's follows.
      throw ScenarioError(
          e.where(), e.problem() + " (workload \"" + workload_.name + "\" at " + where() + ")");
    }
  }

  // Trial renders: the first and the last object of each template, and enough of the
  // others to see that replicas, iterations and objects never share a name.
  void checkRenders() const {
    const bool iterations = workload_.kind == WorkloadKind::Iterations;
    const int lastIteration = iterations ? workload_.iterationCount : 1;
    // Iterations reuse names safely only when the previous one is gone first.
    const bool iterationsShareNames =
        iterations && lastIteration > 1 && !workload_.namespacedIterations &&
        !(workload_.iterationCleanup && workload_.iterationDeletionWait);
    std::set<std::pair<std::string, std::string>> firstNames;
    for (const ObjectTemplate& object : workload_.objects) {
      const int replicas = iterations ? object.replicas : workload_.count;
      const RenderedObject first = renderAt(object, 1, 1);
      renderAt(object, lastIteration, replicas);
      if (replicas > 1 && renderAt(object, 1, 2).name == first.name) {
        fail(object.describe() + " renders the same name \"" + first.name +
             "\" for replicas 1 and 2; put {{.replica}} in metadata.name");
      }
      if (iterationsShareNames && renderAt(object, 2, 1).name == first.name) {
        fail(object.describe() + " renders the same name \"" + first.name +
             "\" in iterations 1 and 2, which share namespace \"" + workload_.ns +
             "\" and may overlap; put {{.iteration}} in metadata.name");
      }
      if (!firstNames.insert({first.kind, first.name}).second) {
        fail("two objects render the same " + first.kind + " name \"" + first.name +
             "\"; give each template its own name prefix");
      }
    }
  }

  const Scenario& scenario_;
  std::size_t index_;
  const Workload& workload_;
};

}  // namespace

void validate(const Scenario& scenario) {
  const std::string where = scenario.file.empty() ? std::string("flags") : scenario.file;
  const auto fail = [&](const std::string& problem) {
    throw ScenarioError(where + ": " + problem);
  };
  if (scenario.name.empty()) fail("the scenario name is empty");
  if (auto problem = labelValueProblem(scenario.name))
    fail("the scenario name labels every object: " + *problem);
  if (auto problem = dns1123LabelProblem(scenario.uuid))
    fail("the uuid labels every object and names VMIs: " + *problem);
  if (scenario.workloads.empty()) fail("the scenario has no workloads");
  if (!(scenario.maxErrorRatio >= 0 && scenario.maxErrorRatio <= 1))
    fail("maxErrorRatio must be between 0 and 1, found " + number(scenario.maxErrorRatio));
  if (scenario.parallelism < 0)
    fail("parallelism must be 0 (automatic) or more, found " +
         std::to_string(scenario.parallelism));
  if (!std::isfinite(scenario.clientQps) || scenario.clientQps < 0)
    fail("client qps must be 0 (no limit) or more, found " + number(scenario.clientQps));
  if (scenario.clientQps > 0 && scenario.clientBurst < 1)
    fail("client burst must be at least 1 when client qps is " + number(scenario.clientQps));

  std::set<std::string> names;
  for (const Workload& workload : scenario.workloads) {
    if (workload.name.empty()) fail("a workload has an empty name");
    if (auto problem = labelValueProblem(workload.name))
      fail("workload name labels its objects: " + *problem);
    if (!names.insert(workload.name).second)
      fail("two workloads are named \"" + workload.name + "\"; names must be unique");
  }
  for (std::size_t i = 0; i < scenario.workloads.size(); ++i)
    WorkloadCheck(scenario, i).run();
}

}  // namespace perfscale::scenario
