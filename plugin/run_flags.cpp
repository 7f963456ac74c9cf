// The scenario flags `run` and `job` share, and the metrics flags of `run` and `replay` (see
// run_flags.h).
#include "plugin/run_flags.h"

#include <string>

#include "core/scenario/duration.h"
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

void addMetricsFlags(cxxopts::Options& options) {
  options.add_options("Live metrics (Prometheus text format at GET /metrics, plain HTTP)")(
      "metrics-addr",
      "Serve the run's metrics at http://HOST:PORT/metrics while it lasts; port 0: a free one, "
      "logged",
      cxxopts::value<std::string>(), "HOST:PORT")(
      "metrics-allow-remote",
      "Let --metrics-addr be an address other than loopback (anyone who reaches it reads the "
      "metrics)")("metrics-linger",
                  "Keep serving the metrics this long after the run ends, for a last scrape (Go "
                  "duration, e.g. 30s; SIGINT ends it)",
                  cxxopts::value<std::string>(), "DURATION");
}

std::optional<MetricsOptions> metricsFromFlags(const cxxopts::ParseResult& parsed) {
  if (!parsed.count("metrics-addr")) {
    for (const char* flag : {"metrics-linger", "metrics-allow-remote"}) {
      if (parsed.count(flag)) {
        throw std::invalid_argument(
            std::string("--") + flag +
            " is for the metrics of --metrics-addr HOST:PORT: give that too");
      }
    }
    return std::nullopt;
  }
  MetricsOptions metrics;
  metrics.address = metricsAddress(parsed["metrics-addr"].as<std::string>(),
                                   parsed.count("metrics-allow-remote") > 0);
  if (parsed.count("metrics-linger")) {
    const std::string text = parsed["metrics-linger"].as<std::string>();
    try {
      metrics.linger = scenario::parseGoDuration(text);
    } catch (const std::exception& e) {
      throw std::invalid_argument("--metrics-linger " + text + ": " + e.what());
    }
    if (metrics.linger.count() < 0)
      throw std::invalid_argument("--metrics-linger " + text +
                                  ": expected a duration of 0 or more");
  }
  return metrics;
}

}  // namespace perfscale::plugin
