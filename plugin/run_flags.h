// The flags that describe a run's scenario (the load generator's, single dash too), shared by
// `run` and `job`, which resolves the scenario for the pods it starts; and the live metrics'
// flags, shared by `run` and `replay`.
#pragma once

#include <cxxopts.hpp>
#include <filesystem>
#include <optional>

#include "core/scenario/scenario.h"
#include "plugin/metrics_server.h"

namespace perfscale::plugin {

// The group "Load generator (the original's flags, same defaults)": -n/--namespace, --qps, ...
void addScenarioFlags(cxxopts::Options& options);

// The scenario of those flags (and --trace, when `options` has it) over `file` (-f), resolved
// and validated. Throws scenario::ScenarioError or std::invalid_argument for the user.
scenario::Scenario scenarioFromFlags(const cxxopts::ParseResult& parsed,
                                     const std::optional<std::filesystem::path>& file);

// The group "Live metrics": --metrics-addr, --metrics-allow-remote, --metrics-linger.
void addMetricsFlags(cxxopts::Options& options);

// What those flags ask for; nothing without --metrics-addr. Throws std::invalid_argument naming
// the flag (a bad address, a non-loopback one without --metrics-allow-remote, a bad duration).
std::optional<MetricsOptions> metricsFromFlags(const cxxopts::ParseResult& parsed);

}  // namespace perfscale::plugin
