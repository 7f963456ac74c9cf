// The --dry-run description of a scenario (see plan.h).
#include "core/scenario/plan.h"

#include <cmath>
#include <sstream>

#include "core/scenario/json_value.h"
#include "core/scenario/render.h"

namespace perfscale::scenario {
namespace {

std::string dur(Duration value) {
  return formatGoDuration(value);
}

std::string indented(const std::string& text, const std::string& prefix) {
  std::string out = prefix;
  for (char c : text) {
    out.push_back(c);
    if (c == '\n') out += prefix;
  }
  return out;
}

std::string describeObject(const ObjectTemplate& object) {
  if (const auto* spec = std::get_if<DefaultVmiSpec>(&object.source)) {
    std::string text = "the built-in VMI (";
    text += spec->disk == VmiDisk::ContainerDisk
                ? "containerDisk " + containerDiskImage(*spec)
                : "emptyDisk " + spec->emptyDiskCapacity + ", no image";
    return text + ", cpu " + spec->cpu + ", memory " + spec->memory + ")";
  }
  std::string text = object.describe();
  if (!object.inputVars.empty()) {
    text += " with";
    for (const auto& entry : object.inputVars)
      text += " " + entry.first + "=" + entry.second;
  }
  return text;
}

std::string pacing(int count, const Workload& workload) {
  if (workload.qps == 0)
    return "unlimited rate (qps 0): " + std::to_string(count) + " creations at once";
  std::ostringstream out;
  out << formatJsonNumber(workload.qps) << " qps, burst " << workload.burst << ": " << count
      << " creations ";
  if (count <= workload.burst) {
    out << "at once (within the burst)";
  } else {
    out << "take about " << dur(creationTime(count, workload.qps, workload.burst));
  }
  return out.str();
}

// Objects spread over namespaces of vmisPerNamespace each.
void describeSpread(std::ostringstream& out, const Workload& w, int iterations) {
  const auto first = iterationNamespaces(w, 1);
  out << "  Namespaces: " << first.size() << " per iteration of " << w.vmisPerNamespace
      << " objects each, " << first.front();
  const auto last = iterationNamespaces(w, iterations);
  if (first.size() > 1 || iterations > 1) out << " .. " << last.back();
  out << "\n";
}

void describeWorkload(std::ostringstream& out, const Scenario& scenario, std::size_t index) {
  const Workload& w = scenario.workloads[index];
  out << "\nWorkload " << index + 1 << " of " << scenario.workloads.size() << ": \"" << w.name
      << "\" (" << toString(w.kind) << ")\n";
  int perRound = 0;
  switch (w.kind) {
    case WorkloadKind::Iterations: {
      for (const ObjectTemplate& object : w.objects)
        perRound += object.replicas;
      out << "  Iterations: " << w.iterationCount << ", " << dur(w.iterationInterval) << " apart\n";
      if (w.vmisPerNamespace > 0) {
        describeSpread(out, w, w.iterationCount);
      } else if (w.namespacedIterations) {
        out << "  Namespaces: one per iteration, " << iterationNamespaces(w, 1).front();
        if (w.iterationCount > 1) out << " .. " << iterationNamespaces(w, w.iterationCount).front();
        out << "\n";
      } else {
        out << "  Namespace: " << w.ns << " (every iteration)\n";
      }
      out << "  Objects per iteration: " << perRound << "\n";
      for (const ObjectTemplate& object : w.objects)
        out << "    " << object.replicas << " x " << describeObject(object) << "\n";
      out << "  Pacing: " << pacing(perRound, w) << " per iteration\n";
      out << "  Each iteration: create";
      if (w.iterationCreationWait)
        out << ", wait until all are Running (at most " << dur(w.maxWaitTimeout) << ")";
      if (w.iterationCleanup) {
        out << ", delete the objects and namespaces";
        if (w.iterationDeletionWait)
          out << ", wait until gone (at most " << dur(w.maxWaitTimeout) << ")";
      } else {
        out << ", keep the objects";
      }
      out << "\n  Objects created in all: " << static_cast<long long>(perRound) * w.iterationCount
          << "\n";
      break;
    }
    case WorkloadKind::Burst:
      perRound = w.count;
      if (w.vmisPerNamespace > 0)
        describeSpread(out, w, 1);
      else
        out << "  Namespace: " << w.ns << "\n";
      out << "  Creates " << w.count << " x " << describeObject(w.objects.front())
          << ", waits until all are Running (at most " << dur(w.maxWaitTimeout) << "), then ";
      if (w.deleteAfter) {
        out << "deletes them after " << dur(*w.deleteAfter) << " and waits until gone\n";
      } else {
        out << "keeps them (kubectl perfscale cleanup --uuid " << scenario.uuid
            << " deletes them)\n";
      }
      out << "  Pacing: " << pacing(w.count, w) << "\n";
      out << "  Timeout for the whole workload: " << dur(w.timeout) << "\n";
      break;
    case WorkloadKind::SteadyState:
      perRound = w.count;
      out << "  Namespace: " << w.ns << "\n";
      out << "  Ramps up to " << w.count << " x " << describeObject(w.objects.front())
          << ", then every " << dur(w.minChurnSleep) << " deletes " << w.churn << " and creates "
          << w.churn << " until " << dur(w.timeout)
          << " have passed, then deletes all; each wait at most " << dur(w.maxWaitTimeout) << "\n";
      out << "  Pacing: " << pacing(w.count, w) << " for the ramp up\n";
      break;
  }
  if (w.waitWhenFinished.count() > 0)
    out << "  After the workload: wait " << dur(w.waitWhenFinished) << "\n";
  const RenderedObject first = render(w.objects.front(), renderContext(scenario, index, 1, 1));
  out << "  First object: " << first.kind << " " << first.ns << "/" << first.name << "\n";
  out << indented(toJsonText(first.object, 2), "    ") << "\n";
}

}  // namespace

Duration creationTime(int count, double qps, int burst) {
  if (qps <= 0 || count <= burst) return Duration(0);
  return Duration(
      static_cast<int64_t>(std::llround(static_cast<double>(count - burst) / qps * 1e9)));
}

std::string describePlan(const Scenario& scenario) {
  std::ostringstream out;
  out << "Scenario \"" << scenario.name << "\", uuid " << scenario.uuid << "\n";
  out << "  From: " << (scenario.file.empty() ? "" : scenario.file + ", ")
      << toString(scenario.format) << "\n";
  out << "  Objects are labelled perfscale.kubevirt.io/run=" << scenario.uuid << "\n";
  if (scenario.shard) {
    out << "  Shard " << scenario.shard->index << " of " << scenario.shard->count
        << " (0-based): creates its slice of every iteration, labelled perfscale.kubevirt.io/shard="
        << scenario.shard->index
        << "; the counts below are the whole run's, the rates this shard's share (1/"
        << scenario.shard->count << ")\n";
  }
  out << "  On timeout: " << toString(scenario.onTimeout)
      << "; failed creations tolerated: " << formatJsonNumber(scenario.maxErrorRatio * 100)
      << "%; parallelism: "
      << (scenario.parallelism == 0 ? std::string("automatic")
                                    : std::to_string(scenario.parallelism))
      << "; on Ctrl-C: " << (scenario.keepOnInterrupt ? "keep" : "delete") << " created objects\n";
  if (scenario.clientQps > 0) {
    out << "  Every request limited to " << formatJsonNumber(scenario.clientQps) << " qps, burst "
        << scenario.clientBurst << "\n";
  }
  if (!scenario.traceFile.empty()) out << "  Trace: " << scenario.traceFile << "\n";
  for (std::size_t i = 0; i < scenario.workloads.size(); ++i)
    describeWorkload(out, scenario, i);
  return out.str();
}

}  // namespace perfscale::scenario
