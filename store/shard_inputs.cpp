// Finding the run that the input traces are the shards of (see shard_inputs.h).
#include "store/shard_inputs.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "store/trace_file.h"
#include "store/trace_rows.h"

namespace perfscale::store {

namespace {

constexpr size_t kListedAtMost = 5;

// "a, b, c" (and "and N more" past kListedAtMost).
std::string listOf(const std::vector<std::string>& items, const std::string& none) {
  if (items.empty()) return none;
  std::string text;
  for (size_t i = 0; i < items.size() && i < kListedAtMost; ++i)
    text += (i == 0 ? "" : ", ") + items[i];
  if (items.size() > kListedAtMost)
    text += " and " + std::to_string(items.size() - kListedAtMost) + " more";
  return text;
}

std::vector<std::string> runsIn(const Database& db) {
  Statement s(db, "SELECT uuid FROM runs ORDER BY started_wall_ns, id");
  std::vector<std::string> uuids;
  while (s.step())
    uuids.push_back(s.text(0));
  return uuids;
}

bool holds(const std::vector<std::string>& uuids, const std::string& uuid) {
  return std::find(uuids.begin(), uuids.end(), uuid) != uuids.end();
}

// What each input holds, for messages: "a.db holds run X; b.db holds runs Y, Z".
std::string holdings(const std::vector<std::string>& paths,
                     const std::vector<std::vector<std::string>>& uuids) {
  std::string text;
  for (size_t i = 0; i < paths.size(); ++i) {
    text += (i == 0 ? "" : "; ") + paths[i] + " holds " +
            (uuids[i].empty()       ? "no run"
             : uuids[i].size() == 1 ? "run " + uuids[i].front()
                                    : "runs " + listOf(uuids[i], ""));
  }
  return text;
}

std::string chooseRun(const std::vector<std::string>& paths,
                      const std::vector<std::vector<std::string>>& uuids, const std::string& uuid) {
  if (!uuid.empty()) {
    std::vector<std::string> lacking;
    for (size_t i = 0; i < paths.size(); ++i)
      if (!holds(uuids[i], uuid)) lacking.push_back(paths[i]);
    if (!lacking.empty()) {
      throw TraceError("cannot merge run " + uuid + ": " + listOf(lacking, "") +
                       (lacking.size() == 1 ? " does" : " do") + " not hold it (" +
                       holdings(paths, uuids) + "). Give the traces of that run's shards");
    }
    return uuid;
  }
  std::vector<std::string> common;
  for (const auto& candidate : uuids.front()) {
    if (std::all_of(uuids.begin(), uuids.end(),
                    [&](const auto& held) { return holds(held, candidate); }))
      common.push_back(candidate);
  }
  if (common.empty()) {
    throw TraceError("cannot merge: the traces are not of one run (" + holdings(paths, uuids) +
                     "). merge joins the traces of one run's shards, all run with the same "
                     "--uuid: give only those");
  }
  if (common.size() > 1) {
    throw TraceError("cannot merge: the traces hold " + std::to_string(common.size()) +
                     " runs in common (" + listOf(common, "") + "): choose one with --uuid");
  }
  return common.front();
}

// Reads the run's row; `shard` and `count` from its scenario's "shard" member, when it has one.
// Returns whether it has one.
bool readRun(ShardInput& input, const std::string& uuid) {
  Statement s(
      input.db,
      "SELECT id, name, kind, coalesce(replay_of, ''), started_wall_ns, ended_wall_ns, outcome, "
      "exit_code, coalesce(error, ''), arguments, scenario_given, scenario_resolved, server_url, "
      "context_name, user_name, cluster_version, host, tool_version, last_ns, "
      "coalesce(first_request_id, 1), coalesce(last_request_id, 0), "
      "(SELECT count(*) FROM shards WHERE run_id = runs.id), "
      "CASE WHEN json_valid(scenario_resolved) THEN json_type(scenario_resolved, '$.shard') END, "
      "CASE WHEN json_valid(scenario_resolved) THEN json_extract(scenario_resolved, '$.shard') "
      "END, "
      "CASE WHEN json_valid(scenario_resolved) AND "
      "json_type(scenario_resolved, '$.shard.index') = 'integer' "
      "THEN json_extract(scenario_resolved, '$.shard.index') END, "
      "CASE WHEN json_valid(scenario_resolved) AND "
      "json_type(scenario_resolved, '$.shard.count') = 'integer' "
      "THEN json_extract(scenario_resolved, '$.shard.count') END, "
      "CASE WHEN json_valid(scenario_resolved) THEN json_remove(scenario_resolved, '$.shard') "
      "ELSE scenario_resolved END "
      "FROM runs WHERE uuid = ?");
  s.bind(1, std::string_view(uuid));
  if (!s.step()) throw TraceError("trace " + input.path + ": holds no run " + uuid);
  input.runId = s.int64(0);
  input.name = s.text(1);
  input.kind = s.text(2);
  input.replayOf = s.text(3);
  input.startedWallNs = s.int64(4);
  input.endedWallNs = s.optionalInt64(5);
  input.outcome = parseRunOutcome(s.textView(6)).value_or(RunOutcome::Incomplete);
  if (!s.isNull(7)) input.exitCode = static_cast<int>(s.int64(7));
  input.error = s.text(8);
  input.arguments = s.text(9);
  input.scenarioGiven = s.text(10);
  input.scenarioResolved = s.text(11);
  input.serverUrl = s.text(12);
  input.contextName = s.text(13);
  input.userName = s.text(14);
  input.clusterVersion = s.text(15);
  input.host = s.text(16);
  input.toolVersion = s.text(17);
  input.lastNs = s.int64(18);
  input.firstRequestId = s.int64(19);
  input.lastRequestId = s.int64(20);
  if (s.int64(21) > 0) {
    throw TraceError("trace " + input.path + ": run " + uuid + " was itself merged from " +
                     std::to_string(s.int64(21)) +
                     " shards: merge the shards' own traces together instead");
  }
  input.wholeScenario = s.text(26);
  if (s.isNull(22)) return false;
  const bool valid = s.textView(22) == "object" && !s.isNull(24) && !s.isNull(25) &&
                     s.int64(25) >= 1 && s.int64(25) <= 1'000'000 && s.int64(24) >= 0 &&
                     s.int64(24) < s.int64(25);
  if (!valid) {
    throw TraceError("trace " + input.path + ": run " + uuid +
                     "'s scenario has \"shard\": " + s.text(23) +
                     ", which is not {\"index\": i, \"count\": N} with 0 <= i < N: merge "
                     "cannot tell which shard it is; give the traces that `run --shard i/N` "
                     "wrote");
  }
  input.shard = static_cast<int>(s.int64(24));
  input.count = static_cast<int>(s.int64(25));
  return true;
}

std::string shardName(const ShardInput& input) {
  return "shard " + std::to_string(input.shard) + " of " + std::to_string(input.count.value_or(0));
}

// Shards named by index: one count, each index once. Fills `missing`.
void checkShardIndexes(ShardSelection& selection) {
  auto& shards = selection.shards;
  for (const auto& input : shards) {
    if (input.count != shards.front().count) {
      throw TraceError("cannot merge: the shard counts disagree: " + shards.front().path + " is " +
                       shardName(shards.front()) + ", " + input.path + " is " + shardName(input) +
                       ". Give the traces of one sharded run");
    }
  }
  std::stable_sort(shards.begin(), shards.end(),
                   [](const auto& a, const auto& b) { return a.shard < b.shard; });
  for (size_t i = 1; i < shards.size(); ++i) {
    if (shards[i].shard == shards[i - 1].shard) {
      throw TraceError("cannot merge: " + shards[i - 1].path + " and " + shards[i].path +
                       " are both " + shardName(shards[i]) + " of run " + selection.uuid +
                       ": give each shard's trace once");
    }
  }
  selection.count = shards.front().count;
  std::set<int> present;
  for (const auto& input : shards)
    present.insert(input.shard);
  for (int i = 0; i < *selection.count; ++i)
    if (!present.count(i)) selection.missing.push_back(i);
}

void warnOnDifferences(ShardSelection& selection) {
  const auto& base = selection.shards.front();
  for (const auto& input : selection.shards) {
    if (input.wholeScenario != base.wholeScenario) {
      selection.warnings.push_back(input.path + " recorded another scenario than " + base.path +
                                   " (other than its shard); the merged run keeps " + base.path +
                                   "'s");
    }
    if (input.serverUrl != base.serverUrl) {
      selection.warnings.push_back(input.path + " ran against " + input.serverUrl + ", " +
                                   base.path + " against " + base.serverUrl);
    }
  }
}

}  // namespace

std::string sourceName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

ShardSelection selectShards(const std::vector<std::string>& paths, const std::string& uuid) {
  if (paths.empty()) throw TraceError("cannot merge: no shard traces given");
  for (size_t i = 0; i < paths.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      std::error_code error;
      if (std::filesystem::equivalent(paths[i], paths[j], error)) {
        throw TraceError("cannot merge: " + paths[j] + " is given twice" +
                         (paths[i] == paths[j] ? "" : " (also as " + paths[i] + ")") +
                         ": give each shard's trace once");
      }
    }
  }
  ShardSelection selection;
  std::vector<std::vector<std::string>> uuids;
  for (const auto& path : paths) {
    selection.shards.emplace_back(path, openTraceUnchanged(path));
    uuids.push_back(runsIn(selection.shards.back().db));
  }
  selection.uuid = chooseRun(paths, uuids, uuid);

  size_t named = 0;
  for (size_t i = 0; i < selection.shards.size(); ++i) {
    auto& input = selection.shards[i];
    if (readRun(input, selection.uuid)) {
      ++named;
    } else {
      input.shard = static_cast<int>(i);
    }
    if (input.kind != selection.shards.front().kind) {
      throw TraceError("cannot merge: run " + selection.uuid + " is a " + input.kind + " in " +
                       input.path + " but a " + selection.shards.front().kind + " in " +
                       selection.shards.front().path + ": give the traces of one run's shards");
    }
  }
  if (named != 0 && named != selection.shards.size()) {
    const auto with = std::find_if(selection.shards.begin(), selection.shards.end(),
                                   [](const auto& s) { return s.count.has_value(); });
    const auto without = std::find_if(selection.shards.begin(), selection.shards.end(),
                                      [](const auto& s) { return !s.count.has_value(); });
    throw TraceError("cannot merge: " + with->path + " is " + shardName(*with) + " of run " +
                     selection.uuid + " but " + without->path +
                     "'s scenario names no shard: give either the traces of `run --shard i/N` "
                     "or pieces of one run recorded without --shard, not both");
  }
  if (named != 0) {
    checkShardIndexes(selection);
    if (!selection.missing.empty()) {
      std::vector<std::string> missing;
      for (int i : selection.missing)
        missing.push_back(std::to_string(i));
      selection.warnings.push_back("shard" + std::string(missing.size() == 1 ? " " : "s ") +
                                   listOf(missing, "") + " of " + std::to_string(*selection.count) +
                                   " missing: the merged run holds " +
                                   std::to_string(selection.shards.size()) + " of its " +
                                   std::to_string(*selection.count) + " shards, and records which");
    }
  }
  warnOnDifferences(selection);
  return selection;
}

}  // namespace perfscale::store
