// The scenario flags `run` and `job` share (see run_flags.h).
#include "plugin/run_flags.h"

#include <string>

#include "core/scenario/flags.h"
#include "core/scenario/loader.h"

namespace perfscale::plugin {

void addScenarioFlags(cxxopts::Options& options) {
  auto add = options.add_options("Load generator (the original's flags, same defaults)");
  for (const auto& spec : scenario::loadGeneratorFlagSpecs()) {
    const std::string name(spec.name);
    const std::string help = std::string(spec.help) + " (default " +
                             (spec.defaultValue.empty() ? "none" : std::string(spec.defaultValue)) +
                             ")";
    const std::string declared = name == "namespace" ? "n,namespace" : name;
    if (spec.boolean) {
      add(declared, help, cxxopts::value<std::string>()->implicit_value("true"));
    } else {
      add(declared, help, cxxopts::value<std::string>());
    }
  }
}

scenario::Scenario scenarioFromFlags(const cxxopts::ParseResult& parsed,
                                     const std::optional<std::filesystem::path>& file) {
  scenario::LoadGeneratorFlags flags;
  for (const auto& spec : scenario::loadGeneratorFlagSpecs()) {
    const std::string name(spec.name);
    if (parsed.count(name))
      scenario::setLoadGeneratorFlag(flags, name, parsed[name].as<std::string>());
  }
  if (parsed.count("trace")) flags.traceFile = parsed["trace"].as<std::string>();
  return scenario::loadScenario(flags, file);
}

}  // namespace perfscale::plugin
