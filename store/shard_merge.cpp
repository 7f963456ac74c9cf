// Merging shard traces (see shard_merge.h).
//
// Iterations of the same number are combined by what each column means for the whole run:
// started_ns and deletion_started_ns are the earliest shard's (the iteration, and its deletion,
// began when the first shard's did); created_ns, all_running_ns, all_gone_ns and ended_ns are
// the latest shard's, and NULL unless every shard reached that stage (the iteration's VMIs were
// all Running only once they were in every shard; a shard without the iteration reached none of
// its stages); namespaces are the union, in shard order.
#include "store/shard_merge.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <queue>
#include <unordered_map>

#include "store/json_text.h"
#include "store/shard_inputs.h"
#include "store/shard_lookups.h"
#include "store/sqlite_db.h"
#include "store/trace_file.h"

namespace perfscale::store {

namespace {

using IdMap = std::unordered_map<int64_t, int64_t>;

int outcomeRank(RunOutcome outcome) {
  switch (outcome) {
    case RunOutcome::Ok:
      return 0;
    case RunOutcome::Timeout:
      return 1;
    case RunOutcome::Error:
      return 2;
    case RunOutcome::Interrupted:
      return 3;
    case RunOutcome::Incomplete:
      return 4;
  }
  return 4;
}

std::optional<int64_t> shifted(const Statement& row, int column, int64_t offset) {
  if (row.isNull(column)) return std::nullopt;
  return row.int64(column) + offset;
}

// A shard's arguments without its --shard flag: what the shards have in common.
std::vector<std::string> withoutShardFlag(const std::vector<std::string>& arguments) {
  std::vector<std::string> result;
  for (size_t i = 0; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    if (argument == "--shard" || argument == "-shard") {
      ++i;  // and its value
    } else if (argument.rfind("--shard=", 0) != 0 && argument.rfind("-shard=", 0) != 0) {
      result.push_back(argument);
    }
  }
  return result;
}

// "a", or "a, b, c and 4 more" for shards on several hosts.
std::string hostsOf(const std::vector<ShardInput>& shards) {
  std::vector<std::string> hosts;
  for (const auto& input : shards)
    if (std::find(hosts.begin(), hosts.end(), input.host) == hosts.end())
      hosts.push_back(input.host);
  constexpr size_t kNamed = 3;
  std::string text;
  for (size_t i = 0; i < hosts.size() && i < kNamed; ++i)
    text += (i == 0 ? "" : ", ") + hosts[i];
  if (hosts.size() > kNamed) text += " and " + std::to_string(hosts.size() - kNamed) + " more";
  return text;
}

std::string shardLabel(const ShardInput& input) {
  std::string label =
      input.count ? "shard " + std::to_string(input.shard) + " of " + std::to_string(*input.count)
                  : "piece " + std::to_string(input.shard);
  return label + " (" + sourceName(input.path) + ")";
}

// What the merge learns of each shard while copying it.
struct ShardTally {
  int64_t offset = 0;  // added to the shard's *_ns
  int64_t requests = 0;
  int64_t vmis = 0;
};

constexpr size_t kStages = 6;  // started, created, all_running, deletion_started, all_gone, ended
constexpr std::array<bool, kStages> kEarliest = {true, false, false, true, false, false};

struct MergedIteration {
  std::vector<std::string> namespaces;
  std::array<std::optional<int64_t>, kStages> at;
  std::array<size_t, kStages> reached{};  // shards that recorded each stage
};

class MergeWriter {
 public:
  MergeWriter(const Database& out, ShardSelection& selection)
      : out_(out), selection_(selection), lookups_(out) {
    zero_ = selection_.shards.front().startedWallNs;
    for (const auto& input : selection_.shards)
      zero_ = std::min(zero_, input.startedWallNs);
    for (const auto& input : selection_.shards)
      tallies_.push_back(ShardTally{input.startedWallNs - zero_, 0, 0});
    shardLookups_.reserve(selection_.shards.size());
    for (auto& input : selection_.shards)
      shardLookups_.emplace_back(input.db, lookups_);
  }

  // Writes the merged run; the caller's transaction makes it all or nothing.
  MergedRun write() {
    insertRun();
    copyRequests();
    for (size_t i = 0; i < selection_.shards.size(); ++i)
      copyObjects(i);
    copyIterations();
    addEvent(0, "merge", mergeNote(), std::nullopt);
    for (size_t i = 0; i < selection_.shards.size(); ++i)
      copyEvents(i);
    if (outcome_ != RunOutcome::Ok) addEvent(endNs(), "outcome", outcomeNote(), std::nullopt);
    insertShards();
    finishRun();
    return result();
  }

 private:
  int64_t lastNs() const {
    int64_t last = 0;
    for (size_t i = 0; i < selection_.shards.size(); ++i)
      last = std::max(last, selection_.shards[i].lastNs + tallies_[i].offset);
    return last;
  }

  // Every shard ended: the latest end; else none (the run has not ended).
  std::optional<int64_t> endedWallNs() const {
    std::optional<int64_t> ended;
    for (const auto& input : selection_.shards) {
      if (!input.endedWallNs) return std::nullopt;
      ended = std::max(ended.value_or(*input.endedWallNs), *input.endedWallNs);
    }
    return ended;
  }

  int64_t endNs() const {
    const auto ended = endedWallNs();
    return ended ? std::max(*ended - zero_, lastNs()) : lastNs();
  }

  void insertRun() {
    const ShardInput& base = selection_.shards.front();
    std::optional<int64_t> exitCode;
    std::string errors;
    outcome_ = RunOutcome::Ok;
    std::vector<std::string> arguments = withoutShardFlag(jsonStrings(base.db, base.arguments));
    for (const auto& input : selection_.shards) {
      outcome_ = worseOutcome(outcome_, input.outcome);
      if (input.exitCode)
        exitCode = std::max<int64_t>(exitCode.value_or(*input.exitCode), *input.exitCode);
      if (!input.error.empty())
        errors += (errors.empty() ? "" : "; ") + shardLabel(input) + ": " + input.error;
    }
    const std::string argumentsJson = jsonStringArray(arguments);
    const std::string hosts = hostsOf(selection_.shards);
    const bool named = selection_.count.has_value();
    Statement s(out_,
                "INSERT INTO runs (uuid, name, kind, replay_of, started_wall_ns, ended_wall_ns, "
                "outcome, exit_code, error, arguments, scenario_given, scenario_resolved, "
                "server_url, context_name, user_name, cluster_version, host, tool_version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, std::string_view(selection_.uuid)).bind(2, std::string_view(base.name));
    s.bind(3, std::string_view(base.kind)).bindTextOrNull(4, base.replayOf);
    // A run with a shard that has not ended has no end, and so no exit code yet.
    const auto ended = endedWallNs();
    s.bind(5, zero_).bind(6, ended);
    s.bind(7, std::string_view(toString(outcome_))).bind(8, ended ? exitCode : std::nullopt);
    s.bindTextOrNull(9, errors).bind(10, std::string_view(argumentsJson));
    s.bind(11, std::string_view(base.scenarioGiven));
    // The whole run's scenario: a shard's without the member that made it a shard.
    s.bind(12, std::string_view(named ? base.wholeScenario : base.scenarioResolved));
    s.bind(13, std::string_view(base.serverUrl)).bind(14, std::string_view(base.contextName));
    s.bind(15, std::string_view(base.userName)).bind(16, std::string_view(base.clusterVersion));
    s.bind(17, std::string_view(hosts)).bind(18, std::string_view(base.toolVersion));
    runId_ = s.insert();
  }

  // Every shard's requests in the order of their scheduled times on the merged clock (then
  // shard, then the shard's own seq), numbered anew; retry_of follows its first try.
  void copyRequests() {
    struct Stream {
      Statement rows;
      int64_t offset;
    };
    std::vector<Stream> streams;
    for (size_t i = 0; i < selection_.shards.size(); ++i) {
      const auto& input = selection_.shards[i];
      Statement rows(input.db,
                     "SELECT seq, iteration, operation_id, namespace_id, name_id, scheduled_ns, "
                     "token_wait_ns, dispatch_ns, ttfb_ns, read_ns, status, reason_id, try, "
                     "retry_of, bytes_out, bytes_in, error_id, flow_id, payload_id FROM requests "
                     "WHERE id BETWEEN ? AND ? AND run_id = ? ORDER BY scheduled_ns, seq, id");
      rows.bind(1, input.firstRequestId).bind(2, input.lastRequestId).bind(3, input.runId);
      streams.push_back(Stream{std::move(rows), tallies_[i].offset});
    }
    auto later = [&streams](size_t a, size_t b) {
      const auto key = [&streams](size_t i) {
        return std::make_tuple(streams[i].rows.int64(5) + streams[i].offset, i,
                               streams[i].rows.int64(0));
      };
      return key(a) > key(b);
    };
    std::priority_queue<size_t, std::vector<size_t>, decltype(later)> next(later);
    for (size_t i = 0; i < streams.size(); ++i)
      if (streams[i].rows.step()) next.push(i);

    Statement insert(out_,
                     "INSERT INTO requests (run_id, seq, iteration, operation_id, namespace_id, "
                     "name_id, scheduled_ns, token_wait_ns, dispatch_ns, ttfb_ns, read_ns, status, "
                     "reason_id, try, retry_of, bytes_out, bytes_in, error_id, flow_id, "
                     "payload_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                     "?, ?)");
    struct Retry {
      int64_t id;
      size_t shard;
      int64_t firstTry;  // the shard's seq
    };
    std::vector<Retry> retries;
    std::vector<std::vector<std::pair<int64_t, int64_t>>> seqs(streams.size());  // old, new
    int64_t seq = 0;
    while (!next.empty()) {
      const size_t i = next.top();
      next.pop();
      const Statement& row = streams[i].rows;
      ShardLookups& t = shardLookups_[i];
      insert.bind(1, runId_).bind(2, ++seq).bindColumn(3, row, 1);
      insert.bind(4, t.operation(row, 2)).bind(5, t.string(row, 3)).bind(6, t.string(row, 4));
      insert.bind(7, row.int64(5) + streams[i].offset);
      insert.bindColumn(8, row, 6).bindColumn(9, row, 7).bindColumn(10, row, 8);
      insert.bindColumn(11, row, 9).bindColumn(12, row, 10).bind(13, t.string(row, 11));
      insert.bindColumn(14, row, 12).bindNull(15).bindColumn(16, row, 14).bindColumn(17, row, 15);
      insert.bind(18, t.string(row, 16)).bind(19, t.flow(row, 17)).bind(20, t.payload(row, 18));
      const int64_t id = insert.insert();
      if (!firstRequestId_) firstRequestId_ = id;
      lastRequestId_ = id;
      seqs[i].emplace_back(row.int64(0), seq);
      if (!row.isNull(13)) retries.push_back(Retry{id, i, row.int64(13)});
      ++tallies_[i].requests;
      if (streams[i].rows.step()) next.push(i);
    }
    for (auto& shard : seqs)
      std::sort(shard.begin(), shard.end());
    Statement link(out_, "UPDATE requests SET retry_of = ? WHERE id = ?");
    for (const auto& retry : retries) {
      const auto& shard = seqs[retry.shard];
      const auto found =
          std::lower_bound(shard.begin(), shard.end(), std::make_pair(retry.firstTry, int64_t{0}));
      if (found != shard.end() && found->first == retry.firstTry) {
        link.bind(1, found->second).bind(2, retry.id).run();
      } else {
        selection_.warnings.push_back(
            shardLabel(selection_.shards[retry.shard]) + ": a request retries seq " +
            std::to_string(retry.firstTry) +
            ", which the trace does not hold; its retry_of is left empty");
      }
    }
  }

  void copyObjects(size_t shard) {
    const ShardInput& input = selection_.shards[shard];
    ShardLookups& t = shardLookups_[shard];
    const int64_t offset = tallies_[shard].offset;
    Statement rows(input.db,
                   "SELECT o.id, o.kind_id, o.namespace_id, o.name_id, o.uid, o.iteration, "
                   "o.created_ns, o.deletion_requested_ns, o.gone_ns, o.created_server_ns, "
                   "o.deletion_server_ns, k.text = 'VirtualMachineInstance' FROM objects o "
                   "JOIN strings k ON k.id = o.kind_id WHERE o.run_id = ? ORDER BY o.id");
    rows.bind(1, input.runId);
    Statement insert(out_,
                     "INSERT INTO objects (run_id, kind_id, namespace_id, name_id, uid, "
                     "iteration, created_ns, deletion_requested_ns, gone_ns, created_server_ns, "
                     "deletion_server_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    IdMap objects;
    while (rows.step()) {
      insert.bind(1, runId_).bind(2, t.string(rows, 1)).bind(3, t.string(rows, 2));
      insert.bind(4, t.string(rows, 3)).bindColumn(5, rows, 4).bindColumn(6, rows, 5);
      insert.bind(7, shifted(rows, 6, offset)).bind(8, shifted(rows, 7, offset));
      insert.bind(9, shifted(rows, 8, offset)).bindColumn(10, rows, 9).bindColumn(11, rows, 10);
      objects.emplace(rows.int64(0), insert.insert());
      if (rows.int64(11) == 1) ++tallies_[shard].vmis;
    }

    Statement phases(input.db,
                     "SELECT p.object_id, p.phase_id, p.observed_ns, p.server_ns, "
                     "p.resource_version, p.late FROM phases p JOIN objects o ON o.id = "
                     "p.object_id WHERE o.run_id = ? ORDER BY p.id");
    phases.bind(1, input.runId);
    Statement insertPhase(out_,
                          "INSERT INTO phases (object_id, phase_id, observed_ns, server_ns, "
                          "resource_version, late) VALUES (?, ?, ?, ?, ?, ?)");
    while (phases.step()) {
      insertPhase.bind(1, objects.at(phases.int64(0))).bind(2, t.string(phases, 1));
      insertPhase.bind(3, phases.int64(2) + offset).bindColumn(4, phases, 3);
      insertPhase.bindColumn(5, phases, 4).bindColumn(6, phases, 5).run();
    }
  }

  void copyIterations() {
    std::map<int64_t, MergedIteration> merged;
    for (size_t i = 0; i < selection_.shards.size(); ++i) {
      const ShardInput& input = selection_.shards[i];
      Statement rows(input.db,
                     "SELECT iteration, namespaces, started_ns, created_ns, all_running_ns, "
                     "deletion_started_ns, all_gone_ns, ended_ns FROM iterations "
                     "WHERE run_id = ? ORDER BY iteration");
      rows.bind(1, input.runId);
      while (rows.step()) {
        MergedIteration& it = merged[rows.int64(0)];
        for (auto& ns : jsonStrings(input.db, rows.text(1)))
          if (std::find(it.namespaces.begin(), it.namespaces.end(), ns) == it.namespaces.end())
            it.namespaces.push_back(std::move(ns));
        for (size_t stage = 0; stage < kStages; ++stage) {
          const auto at = shifted(rows, static_cast<int>(stage) + 2, tallies_[i].offset);
          if (!at) continue;
          ++it.reached[stage];
          auto& value = it.at[stage];
          value = !value ? *at : kEarliest[stage] ? std::min(*value, *at) : std::max(*value, *at);
        }
      }
    }
    Statement insert(out_,
                     "INSERT INTO iterations (run_id, iteration, namespaces, started_ns, "
                     "created_ns, all_running_ns, deletion_started_ns, all_gone_ns, ended_ns) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& [index, it] : merged) {
      const std::string namespaces = jsonStringArray(it.namespaces);
      insert.bind(1, runId_).bind(2, index).bind(3, std::string_view(namespaces));
      for (size_t stage = 0; stage < kStages; ++stage) {
        const bool everyShard = it.reached[stage] == selection_.shards.size();
        insert.bind(static_cast<int>(stage) + 4,
                    kEarliest[stage] || everyShard ? it.at[stage] : std::nullopt);
      }
      insert.run();
    }
  }

  void copyEvents(size_t shard) {
    const ShardInput& input = selection_.shards[shard];
    Statement rows(input.db,
                   "SELECT at_ns, iteration, kind, message FROM events WHERE run_id = ? "
                   "ORDER BY id");
    rows.bind(1, input.runId);
    while (rows.step()) {
      addEvent(rows.int64(0) + tallies_[shard].offset, rows.textView(2), rows.textView(3),
               input.shard, &rows);
    }
  }

  // An event of the merged run; `row` (events of a shard) gives its iteration.
  void addEvent(int64_t at, std::string_view kind, std::string_view message,
                std::optional<int64_t> shard, const Statement* row = nullptr) {
    if (!insertEvent_) {
      insertEvent_.emplace(out_,
                           "INSERT INTO events (run_id, at_ns, iteration, kind, message, shard) "
                           "VALUES (?, ?, ?, ?, ?, ?)");
    }
    auto& s = *insertEvent_;
    s.bind(1, runId_).bind(2, at);
    if (row) s.bindColumn(3, *row, 1);
    s.bind(4, kind).bind(5, message).bind(6, shard).run();
  }

  std::string mergeNote() const {
    std::vector<std::string> sources;
    std::string shards;
    for (const auto& input : selection_.shards) {
      sources.push_back(sourceName(input.path));
      shards += (shards.empty() ? "" : ", ") + std::to_string(input.shard);
    }
    std::string sourceList;
    for (const auto& source : sources)
      sourceList += (sourceList.empty() ? "" : ", ") + source;
    if (!selection_.count) {
      return "merged from " + std::to_string(sources.size()) + " traces of the run: " + sourceList;
    }
    std::string note = "merged from shards " + shards + " of " + std::to_string(*selection_.count) +
                       ": " + sourceList;
    if (!selection_.missing.empty()) {
      std::string missing;
      for (int i : selection_.missing)
        missing += (missing.empty() ? "" : ", ") + std::to_string(i);
      note += "; missing: " + missing;
    }
    return note;
  }

  // Why the merged run ended as it did: the least finished shard, and its own last word.
  std::string outcomeNote() const {
    const ShardInput* worst = &selection_.shards.front();
    for (const auto& input : selection_.shards)
      if (outcomeRank(input.outcome) > outcomeRank(worst->outcome)) worst = &input;
    Statement last(worst->db,
                   "SELECT message FROM events WHERE run_id = ? AND kind IN ('outcome', "
                   "'timeout', 'error') ORDER BY kind = 'outcome', at_ns, id");
    last.bind(1, worst->runId);
    std::string message;
    while (last.step())
      message = last.text(0);
    std::string note = shardLabel(*worst) + " ended " + toString(worst->outcome);
    if (worst->outcome == RunOutcome::Incomplete) note = shardLabel(*worst) + " has not ended";
    return message.empty() ? note : note + ": " + message;
  }

  void insertShards() {
    Statement insert(out_,
                     "INSERT INTO shards (run_id, shard, shard_count, source, host, "
                     "started_wall_ns, offset_ns, ended_wall_ns, outcome, exit_code, requests, "
                     "vmis, arguments) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (size_t i = 0; i < selection_.shards.size(); ++i) {
      const ShardInput& input = selection_.shards[i];
      const std::string source = sourceName(input.path);
      insert.bind(1, runId_).bind(2, int64_t{input.shard});
      insert.bind(3, input.count ? std::optional<int64_t>(*input.count) : std::nullopt);
      insert.bind(4, std::string_view(source)).bind(5, std::string_view(input.host));
      insert.bind(6, input.startedWallNs).bind(7, tallies_[i].offset);
      insert.bind(8, input.endedWallNs).bind(9, std::string_view(toString(input.outcome)));
      insert.bind(10, input.exitCode ? std::optional<int64_t>(*input.exitCode) : std::nullopt);
      insert.bind(11, tallies_[i].requests).bind(12, tallies_[i].vmis);
      insert.bind(13, std::string_view(input.arguments)).run();
    }
  }

  void finishRun() {
    int64_t requests = 0;
    int64_t vmis = 0;
    for (const auto& tally : tallies_) {
      requests += tally.requests;
      vmis += tally.vmis;
    }
    Statement s(out_,
                "UPDATE runs SET requests = ?, vmis = ?, last_ns = ?, first_request_id = ?, "
                "last_request_id = ? WHERE id = ?");
    s.bind(1, requests).bind(2, vmis).bind(3, std::max(lastNs(), endNs()));
    s.bind(4, firstRequestId_).bind(5, lastRequestId_).bind(6, runId_).run();
  }

  MergedRun result() const {
    MergedRun merged;
    merged.uuid = selection_.uuid;
    merged.startedWallNs = zero_;
    merged.missingShards = selection_.missing;
    merged.outcome = outcome_;
    merged.warnings = selection_.warnings;
    for (size_t i = 0; i < selection_.shards.size(); ++i) {
      const ShardInput& input = selection_.shards[i];
      StoredShard shard;
      shard.shard = input.shard;
      shard.count = input.count;
      shard.source = sourceName(input.path);
      shard.host = input.host;
      shard.startedWallNs = input.startedWallNs;
      shard.offset = RunClock(tallies_[i].offset);
      shard.endedWallNs = input.endedWallNs;
      shard.outcome = input.outcome;
      shard.exitCode = input.exitCode;
      shard.requests = tallies_[i].requests;
      shard.vmis = tallies_[i].vmis;
      merged.requests += shard.requests;
      merged.vmis += shard.vmis;
      merged.shards.push_back(std::move(shard));
    }
    return merged;
  }

  const Database& out_;
  ShardSelection& selection_;
  MergedLookups lookups_;
  std::vector<ShardLookups> shardLookups_;  // by shard
  std::vector<ShardTally> tallies_;         // by shard
  int64_t zero_ = 0;                        // the merged run's started_wall_ns
  int64_t runId_ = 0;
  RunOutcome outcome_ = RunOutcome::Ok;
  std::optional<int64_t> firstRequestId_;
  std::optional<int64_t> lastRequestId_;
  std::optional<Statement> insertEvent_;
};

// Refuses an output that is not a trace, or that holds the run already; reads it only.
void refuseHeld(const std::string& outPath, const std::string& uuid) {
  const Database db = openTraceUnchanged(outPath);
  Statement held(db, "SELECT 1 FROM runs WHERE uuid = ?");
  held.bind(1, std::string_view(uuid));
  if (held.step()) {
    throw TraceError("trace " + outPath + ": already holds run " + uuid +
                     " (merged into it before?); it was left as it is. Merge into another file, "
                     "or see what it holds with 'kubectl perfscale runs " +
                     outPath + "'");
  }
}

}  // namespace

RunOutcome worseOutcome(RunOutcome a, RunOutcome b) {
  return outcomeRank(b) > outcomeRank(a) ? b : a;
}

MergedRun mergeShards(const std::string& outPath, const std::vector<std::string>& inputs,
                      const MergeOptions& options) {
  for (const auto& input : inputs) {
    std::error_code error;
    if (std::filesystem::equivalent(outPath, input, error)) {
      throw TraceError("cannot merge into " + outPath +
                       ": it is one of the shard traces given; write the merged run to another "
                       "file (the shard traces are only read)");
    }
  }
  ShardSelection selection = selectShards(inputs, options.uuid);
  std::error_code error;
  const bool existed = std::filesystem::exists(outPath, error);
  if (existed && std::filesystem::file_size(outPath, error) > 0 && !error)
    refuseHeld(outPath, selection.uuid);
  try {
    WriteOpenOptions open;
    open.toolVersion = options.toolVersion;
    open.minFreeBytes = 0;  // a merge that does not fit fails whole, leaving the file as it was
    open.writeAheadLog = false;
    const Database out = openTraceForWriting(outPath, open);
    Transaction transaction(out);
    MergedRun merged = MergeWriter(out, selection).write();
    transaction.commit();
    return merged;
  } catch (...) {
    if (!existed) {
      for (const char* suffix : {"", "-wal", "-shm"})
        std::remove((outPath + suffix).c_str());
    }
    throw;
  }
}

}  // namespace perfscale::store
