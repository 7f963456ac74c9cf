// `kubectl perfscale runs FILE[:RUN]`: the runs a trace file holds, as a table or as JSON.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdio>
#include <ctime>
#include <cxxopts.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "plugin/command.h"
#include "plugin/command_help.h"
#include "plugin/flag_syntax.h"
#include "plugin/flag_values.h"
#include "plugin/render/figure_tables.h"
#include "plugin/render/renderer.h"
#include "store/run_selector.h"
#include "store/trace_error.h"
#include "store/trace_reader.h"

namespace perfscale::plugin {

namespace {

using render::utcTime;
using store::StoredRun;

// As Go prints durations, shortened: 850ms, 12.5s, 3m4s, 1h2m3s.
std::string shortDuration(RunClock duration) {
  const int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
  char text[32];
  if (ms < 1000) {
    std::snprintf(text, sizeof text, "%lldms", static_cast<long long>(ms));
  } else if (ms < 60'000) {
    std::snprintf(text, sizeof text, "%.1fs", static_cast<double>(ms) / 1000);
  } else if (ms < 3'600'000) {
    std::snprintf(text, sizeof text, "%lldm%llds", static_cast<long long>(ms / 60'000),
                  static_cast<long long>(ms / 1000 % 60));
  } else {
    std::snprintf(text, sizeof text, "%lldh%lldm%llds", static_cast<long long>(ms / 3'600'000),
                  static_cast<long long>(ms / 60'000 % 60), static_cast<long long>(ms / 1000 % 60));
  }
  return text;
}

// "merged from 2 of 3 shards (0, 2; missing: 1)", or "merged from 2 traces".
std::string mergedFrom(const std::vector<store::StoredShard>& shards) {
  if (!shards.front().count) return "merged from " + std::to_string(shards.size()) + " traces";
  const int count = *shards.front().count;
  std::string present;
  std::string missing;
  size_t next = 0;
  for (int i = 0; i < count; ++i) {
    const bool held = next < shards.size() && shards[next].shard == i;
    std::string& list = held ? present : missing;
    list += (list.empty() ? "" : ", ") + std::to_string(i);
    if (held) ++next;
  }
  return "merged from " + std::to_string(shards.size()) + " of " + std::to_string(count) +
         " shards (" + present + (missing.empty() ? "" : "; missing: " + missing) + ")";
}

void printTable(const std::vector<StoredRun>& runs,
                const std::vector<std::vector<store::StoredShard>>& shards, std::ostream& out) {
  std::vector<std::vector<std::string>> rows = {
      {"UUID", "NAME", "KIND", "STARTED", "DURATION", "VMIS", "REQUESTS", "OUTCOME"}};
  for (const auto& run : runs) {
    rows.push_back({run.info.uuid, run.info.name, run.info.kind, utcTime(run.info.startedWallNs),
                    shortDuration(run.duration()), std::to_string(run.vmis),
                    std::to_string(run.requests), toString(run.outcome)});
  }
  std::vector<size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 3, ' ');
    }
    out << line << '\n';
  }
  for (size_t i = 0; i < runs.size(); ++i)
    if (!shards[i].empty()) out << runs[i].info.uuid << ": " << mergedFrom(shards[i]) << '\n';
}

Poco::JSON::Array shardsJson(const std::vector<store::StoredShard>& shards) {
  Poco::JSON::Array items;
  for (const auto& shard : shards) {
    Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
    item.set("shard", shard.shard);
    item.set("count", shard.count ? Poco::Dynamic::Var(*shard.count) : Poco::Dynamic::Var());
    item.set("source", shard.source);
    item.set("host", shard.host);
    item.set("offsetSeconds", std::chrono::duration<double>(shard.offset).count());
    item.set("vmis", shard.vmis);
    item.set("requests", shard.requests);
    item.set("outcome", std::string(toString(shard.outcome)));
    items.add(item);
  }
  return items;
}

void printJson(const std::string& path, const std::vector<StoredRun>& runs,
               const std::vector<std::vector<store::StoredShard>>& shards, std::ostream& out) {
  Poco::JSON::Array items;
  for (size_t i = 0; i < runs.size(); ++i) {
    const StoredRun& run = runs[i];
    Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
    item.set("uuid", run.info.uuid);
    item.set("name", run.info.name);
    item.set("kind", run.info.kind);
    item.set("replayOf", run.info.replayOf.empty() ? Poco::Dynamic::Var()
                                                   : Poco::Dynamic::Var(run.info.replayOf));
    item.set("started", utcTime(run.info.startedWallNs));
    item.set("startedWallNs", run.info.startedWallNs);
    item.set("ended", run.endedWallNs ? Poco::Dynamic::Var(utcTime(*run.endedWallNs))
                                      : Poco::Dynamic::Var());
    item.set("durationSeconds", std::chrono::duration<double>(run.duration()).count());
    item.set("vmis", run.vmis);
    item.set("requests", run.requests);
    item.set("outcome", std::string(toString(run.outcome)));
    item.set("exitCode", run.exitCode ? Poco::Dynamic::Var(*run.exitCode) : Poco::Dynamic::Var());
    if (!run.error.empty()) item.set("error", run.error);
    item.set("toolVersion", run.info.toolVersion);
    if (!shards[i].empty()) item.set("shards", shardsJson(shards[i]));
    items.add(item);
  }
  Poco::JSON::Object document(Poco::JSON_PRESERVE_KEY_ORDER);
  document.set("trace", path);
  document.set("runs", items);
  render::writeJson(out, document);
}

}  // namespace

const CommandUsage kRunsUsage = {"FILE[:RUN] [flags]",
                                 "  # Every run perfscale.db holds\n"
                                 "  kubectl perfscale runs perfscale.db\n"
                                 "\n"
                                 "  # The latest run, as JSON\n"
                                 "  kubectl perfscale runs perfscale.db:-1 -o json\n"
                                 "\n"
                                 "  # The run whose uuid starts with 3f1c\n"
                                 "  kubectl perfscale runs perfscale.db:3f1c\n"};

cxxopts::Options runsOptions() {
  cxxopts::Options options(
      "kubectl perfscale runs",
      "List the runs a trace file holds, oldest first; FILE:RUN lists one run, RUN being a uuid, "
      "a uuid prefix, -1 (the latest), -2, ...");
  options.add_options()("o,output", "Output format",
                        cxxopts::value<std::string>()->default_value("table"),
                        values::oneOf({"table", "json"}))("h,help", "Show this help")(
      "trace", "", cxxopts::value<std::vector<std::string>>(), std::string(values::kRunSelector));
  options.parse_positional({"trace"});
  return options;
}

int runsMain(int argc, char** argv) {
  auto options = runsOptions();
  const auto parsed = parseGoStyle(options, argc, argv);
  if (parsed.count("help")) {
    std::cout << commandHelp(options, kRunsUsage);
    return 0;
  }
  const auto format = parsed["output"].as<std::string>();
  if (format != "table" && format != "json") {
    std::cerr << "error: --output " << format << ": expected table or json\n";
    return 1;
  }
  if (parsed.count("trace") != 1 || parsed["trace"].as<std::vector<std::string>>().size() != 1) {
    std::cerr << "error: expected one trace file: kubectl perfscale runs FILE[:RUN]\n";
    return 1;
  }
  const auto selector = store::parseRunSelector(parsed["trace"].as<std::vector<std::string>>()[0]);
  try {
    const store::TraceReader reader(selector.path);
    std::vector<StoredRun> runs;
    if (selector.run.empty()) {
      runs = reader.runs();
    } else {
      runs.push_back(store::selectRun(reader, selector));
    }
    std::vector<std::vector<store::StoredShard>> shards;
    shards.reserve(runs.size());
    for (const auto& run : runs)
      shards.push_back(reader.shards(run.id));
    if (format == "json") {
      printJson(selector.path, runs, shards, std::cout);
    } else if (runs.empty()) {
      std::cerr << "No runs recorded in " << selector.path << ".\n";
    } else {
      printTable(runs, shards, std::cout);
    }
  } catch (const store::TraceError& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace perfscale::plugin
