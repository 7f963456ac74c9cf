// Reading a trace (see trace_reader.h).
#include "store/trace_reader.h"

#include <algorithm>

#include "store/sqlite_db.h"
#include "store/trace_file.h"

namespace perfscale::store {

namespace {

constexpr std::string_view kRunColumns =
    "SELECT id, uuid, name, kind, coalesce(replay_of, ''), started_wall_ns, arguments, "
    "scenario_given, scenario_resolved, server_url, context_name, user_name, cluster_version, "
    "host, tool_version, outcome, ended_wall_ns, exit_code, coalesce(error, ''), requests, "
    "vmis, last_ns FROM runs ";

std::optional<RunClock> optionalClock(const Statement& s, int column) {
  if (s.isNull(column)) return std::nullopt;
  return RunClock(s.int64(column));
}

int iterationOf(const Statement& s, int column) {
  return s.isNull(column) ? -1 : static_cast<int>(s.int64(column));
}

StoredRun decodeRun(const Database& db, const Statement& s) {
  StoredRun run;
  run.id = s.int64(0);
  run.info.uuid = s.text(1);
  run.info.name = s.text(2);
  run.info.kind = s.text(3);
  run.info.replayOf = s.text(4);
  run.info.startedWallNs = s.int64(5);
  run.info.arguments = jsonStrings(db, s.text(6));
  run.info.scenarioGiven = s.text(7);
  run.info.scenarioResolved = s.text(8);
  run.info.serverUrl = s.text(9);
  run.info.contextName = s.text(10);
  run.info.userName = s.text(11);
  run.info.clusterVersion = s.text(12);
  run.info.host = s.text(13);
  run.info.toolVersion = s.text(14);
  run.outcome = parseRunOutcome(s.textView(15)).value_or(RunOutcome::Incomplete);
  run.endedWallNs = s.optionalInt64(16);
  if (!s.isNull(17)) run.exitCode = static_cast<int>(s.int64(17));
  run.error = s.text(18);
  run.requests = s.int64(19);
  run.vmis = s.int64(20);
  run.lastRecordAt = RunClock(s.int64(21));
  return run;
}

void decodeRequest(const Statement& s, RequestRecord& r) {
  r.seq = static_cast<uint64_t>(s.int64(0));
  r.iteration = iterationOf(s, 1);
  r.verb = s.textView(2);
  r.resource = s.textView(3);
  r.ns = s.textView(4);
  r.name = s.textView(5);
  r.scheduled = RunClock(s.int64(6));
  r.granted = RunClock(s.int64(7));
  r.sent = RunClock(s.int64(8));
  r.firstByte = RunClock(s.isNull(9) ? 0 : s.int64(9));
  r.done = RunClock(s.int64(10));
  r.status = static_cast<int>(s.int64(11));
  r.reason = s.textView(12);
  r.tryNumber = static_cast<int>(s.int64(13));
  r.retryOf = static_cast<uint64_t>(s.isNull(14) ? 0 : s.int64(14));
  r.bytesOut = s.int64(15);
  r.bytesIn = s.int64(16);
  r.error = s.textView(17);
  r.priorityLevel = s.textView(18);
  r.flowSchema = s.textView(19);
  r.payload = s.textView(20);
}

void decodeObject(const Statement& s, StoredObject& o) {
  o.id = s.int64(0);
  o.kind = s.textView(1);
  o.ns = s.textView(2);
  o.name = s.textView(3);
  o.uid = s.textView(4);
  o.iteration = iterationOf(s, 5);
  o.created = optionalClock(s, 6);
  o.deletionRequested = optionalClock(s, 7);
  o.gone = optionalClock(s, 8);
  o.createdServerNs = s.optionalInt64(9);
  o.deletionServerNs = s.optionalInt64(10);
}

void decodePhase(const Statement& s, StoredPhase& p) {
  p.objectId = s.int64(0);
  p.phase.ns = s.textView(1);
  p.phase.name = s.textView(2);
  p.phase.uid = s.textView(3);
  p.phase.phase = s.textView(4);
  p.phase.observedAt = RunClock(s.int64(5));
  p.phase.serverNs = s.optionalInt64(6);
  p.phase.resourceVersion = s.textView(7);
  p.phase.late = s.int64(8) != 0;
}

void decodeIteration(const Statement& s, StoredIteration& i) {
  i.index = static_cast<int>(s.int64(0));
  i.namespaces.clear();
  // Column 1 holds the names joined by the unit separator (see iterations()).
  const std::string_view joined = s.textView(1);
  for (size_t start = 0; start < joined.size();) {
    const size_t end = std::min(joined.find('\x1f', start), joined.size());
    i.namespaces.emplace_back(joined.substr(start, end - start));
    start = end + 1;
  }
  i.started = optionalClock(s, 2);
  i.created = optionalClock(s, 3);
  i.allRunning = optionalClock(s, 4);
  i.deletionStarted = optionalClock(s, 5);
  i.allGone = optionalClock(s, 6);
  i.ended = optionalClock(s, 7);
}

void decodeEvent(const Statement& s, EventRecord& e) {
  e.at = RunClock(s.int64(0));
  e.iteration = iterationOf(s, 1);
  e.kind = s.textView(2);
  e.message = s.textView(3);
}

}  // namespace

std::optional<RunOutcome> parseRunOutcome(std::string_view name) {
  for (const auto outcome : {RunOutcome::Ok, RunOutcome::Timeout, RunOutcome::Error,
                             RunOutcome::Interrupted, RunOutcome::Incomplete}) {
    if (name == toString(outcome)) return outcome;
  }
  return std::nullopt;
}

TraceReader::TraceReader(const std::string& path, OlderTrace older)
    : db_(std::make_shared<const Database>(openTraceForReading(path, older))) {}

std::vector<StoredRun> TraceReader::runs() const {
  Statement s(*db_, std::string(kRunColumns) + "ORDER BY started_wall_ns, id");
  std::vector<StoredRun> result;
  while (s.step())
    result.push_back(decodeRun(*db_, s));
  return result;
}

std::optional<StoredRun> TraceReader::findRun(std::string_view uuid) const {
  Statement s(*db_, std::string(kRunColumns) + "WHERE uuid = ?");
  s.bind(1, uuid);
  if (!s.step()) return std::nullopt;
  return decodeRun(*db_, s);
}

Cursor<RequestRecord> TraceReader::requests(int64_t runId, RequestQuery query) const {
  // The run's rows lie between its first and last request ids (runs of other writers may
  // interleave there, hence the run_id test too).
  Statement range(*db_, "SELECT first_request_id, last_request_id FROM runs WHERE id = ?");
  range.bind(1, runId);
  const bool found = range.step();
  const int64_t first = found && !range.isNull(0) ? range.int64(0) : 1;
  const int64_t last = found && !range.isNull(1) ? range.int64(1) : 0;
  std::string sql =
      "SELECT r.seq, r.iteration, o.verb, o.resource, ns.text, n.text, r.scheduled_ns, "
      "r.granted_ns, r.sent_ns, r.first_byte_ns, r.done_ns, r.status, rs.text, r.try, "
      "r.retry_of, r.bytes_out, r.bytes_in, e.text, f.priority_level, f.flow_schema, ";
  sql += query.withPayloads ? "p.body " : "NULL ";
  sql +=
      "FROM requests r JOIN operations o ON o.id = r.operation_id "
      "LEFT JOIN strings ns ON ns.id = r.namespace_id LEFT JOIN strings n ON n.id = r.name_id "
      "LEFT JOIN strings rs ON rs.id = r.reason_id LEFT JOIN strings e ON e.id = r.error_id "
      "LEFT JOIN flows f ON f.id = r.flow_id ";
  if (query.withPayloads) sql += "LEFT JOIN payloads p ON p.id = r.payload_id ";
  sql += "WHERE r.id BETWEEN ? AND ? AND r.run_id = ? ";
  sql += query.order == RequestQuery::Order::Seq ? "ORDER BY r.seq, r.id" : "ORDER BY r.id";
  Statement s(*db_, sql);
  s.bind(1, first).bind(2, last).bind(3, runId);
  return Cursor<RequestRecord>(db_, std::move(s), decodeRequest);
}

Cursor<StoredObject> TraceReader::objects(int64_t runId) const {
  Statement s(
      *db_,
      "SELECT id, kind, coalesce(namespace, ''), name, uid, iteration, created_ns, "
      "deletion_requested_ns, gone_ns, created_server_ns, deletion_server_ns FROM objects_v "
      "WHERE run_id = ? ORDER BY id");
  s.bind(1, runId);
  return Cursor<StoredObject>(db_, std::move(s), decodeObject);
}

Cursor<StoredPhase> TraceReader::phases(int64_t runId) const {
  Statement s(*db_,
              "SELECT object_id, namespace, name, uid, phase, observed_ns, server_ns, "
              "resource_version, late FROM phases_v WHERE run_id = ? "
              "ORDER BY object_id, observed_ns");
  s.bind(1, runId);
  return Cursor<StoredPhase>(db_, std::move(s), decodePhase);
}

Cursor<StoredIteration> TraceReader::iterations(int64_t runId) const {
  Statement s(
      *db_,
      "SELECT iteration, (SELECT group_concat(value, char(31)) FROM json_each(namespaces)), "
      "started_ns, created_ns, all_running_ns, "
      "deletion_started_ns, all_gone_ns, ended_ns FROM iterations WHERE run_id = ? "
      "ORDER BY iteration");
  s.bind(1, runId);
  return Cursor<StoredIteration>(db_, std::move(s), decodeIteration);
}

Cursor<EventRecord> TraceReader::events(int64_t runId) const {
  Statement s(*db_,
              "SELECT at_ns, iteration, kind, message FROM events WHERE run_id = ? "
              "ORDER BY at_ns, id");
  s.bind(1, runId);
  return Cursor<EventRecord>(db_, std::move(s), decodeEvent);
}

std::vector<StoredShard> TraceReader::shards(int64_t runId) const {
  Statement s(*db_,
              "SELECT shard, shard_count, source, host, started_wall_ns, offset_ns, ended_wall_ns, "
              "outcome, exit_code, requests, vmis, arguments FROM shards WHERE run_id = ? "
              "ORDER BY shard");
  s.bind(1, runId);
  std::vector<StoredShard> result;
  while (s.step()) {
    StoredShard shard;
    shard.shard = static_cast<int>(s.int64(0));
    if (!s.isNull(1)) shard.count = static_cast<int>(s.int64(1));
    shard.source = s.text(2);
    shard.host = s.text(3);
    shard.startedWallNs = s.int64(4);
    shard.offset = RunClock(s.int64(5));
    shard.endedWallNs = s.optionalInt64(6);
    shard.outcome = parseRunOutcome(s.textView(7)).value_or(RunOutcome::Incomplete);
    if (!s.isNull(8)) shard.exitCode = static_cast<int>(s.int64(8));
    shard.requests = s.int64(9);
    shard.vmis = s.int64(10);
    shard.arguments = jsonStrings(*db_, s.text(11));
    result.push_back(std::move(shard));
  }
  return result;
}

}  // namespace perfscale::store
