// Fuzz target: a scenario file, loaded without flags as if it sat in tests/scenarios (so its
// templateFile entries can name the templates there), then every object rendered for its first
// replicas, and the resolved scenario written as JSON and read back, as a repeated run does.
// ScenarioError is the only failure the contract allows; the JSON must read back the same.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/scenario/loader.h"
#include "core/scenario/plan.h"
#include "core/scenario/render.h"
#include "core/scenario/scenario_json.h"

namespace {

using namespace perfscale::scenario;

// The scenario file's name: templates resolve against its directory.
const std::filesystem::path kScenarioFile =
    std::filesystem::path(PERFSCALE_FUZZ_SCENARIO_DIR) / "fuzz-input.yaml";

void renderFirstObjects(const Scenario& scenario) {
  for (std::size_t w = 0; w < scenario.workloads.size(); ++w) {
    std::size_t slot = 0;
    for (const ObjectTemplate& object : scenario.workloads[w].objects) {
      for (int replica = 1; replica <= std::min(object.replicas, 2); ++replica) {
        const RenderContext context = renderContext(scenario, w, 1, replica, slot++);
        (void)render(object, context).json();
        (void)renderNamespace(context).json();
      }
    }
  }
}

void requireSameAfterRereading(const Scenario& scenario) {
  const std::string json = toJson(scenario);
  const std::string reread = toJson(loadScenarioText({}, json, kScenarioFile));
  if (reread != json) {
    std::fprintf(stderr, "resolved scenario reads back differently:\n%s\nread back as:\n%s\n",
                 json.c_str(), reread.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  Scenario scenario;
  try {
    scenario = loadScenarioText({}, yaml, kScenarioFile);
  } catch (const ScenarioError&) {
    return 0;
  }
  try {
    renderFirstObjects(scenario);
    (void)describePlan(scenario);
  } catch (const ScenarioError&) {
  }
  requireSameAfterRereading(scenario);
  return 0;
}
