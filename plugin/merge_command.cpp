// `kubectl perfscale merge OUT.db IN.db...`: the traces of one run's shards (each written by
// `run --shard i/N --uuid U`) merged into one run appended to OUT.db, which report, diff,
// replay and runs then read as the whole run (see store/shard_merge.h).
#include <cstdio>
#include <cxxopts.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "core/version.h"
#include "plugin/command.h"
#include "plugin/command_help.h"
#include "plugin/flag_syntax.h"
#include "plugin/flag_values.h"
#include "store/shard_merge.h"
#include "store/trace_error.h"

namespace perfscale::plugin {

namespace {

std::string seconds(RunClock offset) {
  char text[32];
  std::snprintf(text, sizeof text, "+%.3fs", std::chrono::duration<double>(offset).count());
  return text;
}

void printMerged(const store::MergedRun& merged, const std::string& outPath, std::ostream& out) {
  const auto& first = merged.shards.front();
  out << "merged run " << merged.uuid << " from " << merged.shards.size()
      << (first.count ? " shard" + std::string(merged.shards.size() == 1 ? "" : "s") + " of " +
                            std::to_string(*first.count)
                      : std::string(merged.shards.size() == 1 ? " trace" : " traces"))
      << " into " << outPath << ": " << merged.vmis << " VMIs, " << merged.requests
      << " requests, outcome " << toString(merged.outcome) << '\n';
  for (const auto& shard : merged.shards) {
    out << "  " << (shard.count ? "shard " : "piece ") << shard.shard << "  " << shard.source
        << "  host " << shard.host << "  started " << seconds(shard.offset) << "  " << shard.vmis
        << " VMIs  " << shard.requests << " requests  " << toString(shard.outcome) << '\n';
  }
}

}  // namespace

const CommandUsage kMergeUsage = {
    "OUT.db IN.db... [flags]",
    "  # The traces of three shards as one run, appended to run.db (created if missing)\n"
    "  kubectl perfscale merge run.db shard-0.db shard-1.db shard-2.db\n"
    "\n"
    "  # One run of several the inputs hold, then its report\n"
    "  kubectl perfscale merge run.db shard-0.db shard-1.db --uuid "
    "3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01\n"
    "  kubectl perfscale report run.db\n"};

cxxopts::Options mergeOptions() {
  cxxopts::Options options(
      "kubectl perfscale merge",
      "Merge the traces of one run's shards (each written by `run --shard i/N --uuid U`) into "
      "one run appended to OUT.db (created if missing), on one clock: report, diff, replay and "
      "runs then see the whole run. The shard traces are only read. A missing shard is merged "
      "without, with a warning; traces of different runs, a shard given twice, shard counts that "
      "disagree, or an OUT.db that holds the run already are refused, and OUT.db is left as it "
      "was.");
  options.add_options()("uuid", "The run to merge (default: the one run every input holds)",
                        cxxopts::value<std::string>(), "U")("h,help", "Show this help")(
      "traces", "", cxxopts::value<std::vector<std::string>>(), std::string(values::kTraceFile));
  options.parse_positional({"traces"});
  return options;
}

int mergeMain(int argc, char** argv) {
  auto options = mergeOptions();
  const auto parsed = parseGoStyle(options, argc, argv);
  if (parsed.count("help")) {
    std::cout << commandHelp(options, kMergeUsage);
    return 0;
  }
  const auto traces = parsed.count("traces") ? parsed["traces"].as<std::vector<std::string>>()
                                             : std::vector<std::string>{};
  if (traces.size() < 2) {
    std::cerr << "error: expected the trace to write and at least one shard trace to read: "
                 "kubectl perfscale merge OUT.db IN.db...\nSee 'kubectl perfscale merge --help'.\n";
    return 1;
  }
  store::MergeOptions merge;
  if (parsed.count("uuid")) merge.uuid = parsed["uuid"].as<std::string>();
  merge.toolVersion = std::string(toolVersion());
  try {
    const auto merged = store::mergeShards(
        traces.front(), std::vector<std::string>(traces.begin() + 1, traces.end()), merge);
    for (const auto& warning : merged.warnings)
      std::cerr << "warning: " << warning << '\n';
    printMerged(merged, traces.front(), std::cout);
  } catch (const store::TraceError& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace perfscale::plugin
