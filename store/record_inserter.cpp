// Records to rows (see record_inserter.h).
#include "store/record_inserter.h"

#include <algorithm>

#include "core/redact.h"
#include "store/json_text.h"

namespace perfscale::store {

namespace {

const char* const kIterationColumns[] = {"started_ns",          "created_ns",  "all_running_ns",
                                         "deletion_started_ns", "all_gone_ns", "ended_ns"};

size_t iterationColumn(IterationRecord::Stage stage) {
  switch (stage) {
    case IterationRecord::Stage::Started:
      return 0;
    case IterationRecord::Stage::Created:
      return 1;
    case IterationRecord::Stage::AllRunning:
      return 2;
    case IterationRecord::Stage::DeletionStarted:
      return 3;
    case IterationRecord::Stage::AllGone:
      return 4;
    case IterationRecord::Stage::Ended:
      return 5;
  }
  return 5;
}

std::optional<int64_t> iterationValue(int iteration) {
  if (iteration < 0) return std::nullopt;
  return iteration;
}

// resourceVersion is opaque, but nearly always the decimal digits of an integer: stored as an
// integer then (fewer bytes), as text otherwise, so the exact text always comes back.
bool isCanonicalInteger(const std::string& text) {
  if (text.empty() || text.size() > 18) return false;
  if (text.size() > 1 && text[0] == '0') return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

RecordInserter::RecordInserter(const Database& db)
    : db_(db),
      strings_(db),
      operations_(db, "operations", "verb", "resource"),
      flows_(db, "flows", "priority_level", "flow_schema"),
      payloads_(db),
      objects_(db),
      insertRun_(db,
                 "INSERT INTO runs (uuid, name, kind, replay_of, started_wall_ns, arguments, "
                 "scenario_given, scenario_resolved, server_url, context_name, user_name, "
                 "cluster_version, host, tool_version) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      endRun_(db,
              "UPDATE runs SET ended_wall_ns = started_wall_ns + ?, outcome = ?, exit_code = ? "
              "WHERE id = ?"),
      progress_(db,
                "UPDATE runs SET requests = requests + ?, vmis = vmis + ?, "
                "last_ns = max(last_ns, ?), first_request_id = coalesce(first_request_id, ?), "
                "last_request_id = coalesce(?, last_request_id) WHERE id = ?"),
      insertRequest_(db,
                     "INSERT INTO requests (run_id, seq, iteration, operation_id, namespace_id, "
                     "name_id, scheduled_ns, token_wait_ns, dispatch_ns, ttfb_ns, read_ns, "
                     "status, reason_id, try, retry_of, bytes_out, bytes_in, error_id, flow_id, "
                     "payload_id) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      insertPhase_(db,
                   "INSERT INTO phases (object_id, phase_id, observed_ns, server_ns, "
                   "resource_version, late) VALUES (?, ?, ?, ?, ?, ?)"),
      serverTimes_(db,
                   "UPDATE objects SET created_server_ns = coalesce(created_server_ns, ?2), "
                   "deletion_server_ns = coalesce(deletion_server_ns, ?3) WHERE id = ?1"),
      insertEvent_(db,
                   "INSERT INTO events (run_id, at_ns, iteration, kind, message) "
                   "VALUES (?, ?, ?, ?, ?)"),
      markFailed_(db,
                  "UPDATE runs SET outcome = 'error', error = ?, "
                  "ended_wall_ns = started_wall_ns + last_ns "
                  "WHERE id = ? AND outcome = 'incomplete'"),
      runExists_(db, "SELECT 1 FROM runs WHERE uuid = ?") {
  for (const char* column : kIterationColumns) {
    const std::string name = column;
    iterationStage_.emplace_back(
        db, "INSERT INTO iterations (run_id, iteration, namespaces, " + name +
                ") VALUES (?1, ?2, coalesce(?3, '[]'), ?4) "
                "ON CONFLICT (run_id, iteration) DO UPDATE SET " +
                name + " = excluded." + name +
                ", namespaces = CASE WHEN ?3 IS NULL THEN namespaces ELSE excluded.namespaces END");
  }
}

bool RecordInserter::accept() {
  if (runId_) return true;
  ++orphans_;
  return false;
}

void RecordInserter::advance(RunClock at) {
  lastNs_ = std::max(lastNs_, at.count());
}

void RecordInserter::beginRun(const RunInfo& run) {
  if (runId_) endRun(RunEnd{RunClock(lastNs_), RunOutcome::Incomplete, 0});
  lastRunId_.reset();
  if (run.kind != "run" && run.kind != "replay") {
    throw TraceError("trace " + db_.path() + ": run " + run.uuid + " has kind \"" + run.kind +
                     "\"; a trace knows runs of kind \"run\" and \"replay\"");
  }
  runExists_.bind(1, std::string_view(run.uuid));
  const bool exists = runExists_.step();
  runExists_.reset();
  if (exists) {
    throw TraceError("trace " + db_.path() + ": already holds a run with uuid " + run.uuid +
                     ": give the run another uuid, or write it to another trace file");
  }
  const std::string arguments = jsonStringArray(redactArguments(run.arguments));
  const std::string serverUrl = redactUrl(run.serverUrl);
  insertRun_.bind(1, std::string_view(run.uuid)).bind(2, std::string_view(run.name));
  insertRun_.bind(3, std::string_view(run.kind)).bindTextOrNull(4, run.replayOf);
  insertRun_.bind(5, run.startedWallNs).bind(6, std::string_view(arguments));
  insertRun_.bind(7, std::string_view(run.scenarioGiven));
  insertRun_.bind(8, std::string_view(run.scenarioResolved));
  insertRun_.bind(9, std::string_view(serverUrl)).bind(10, std::string_view(run.contextName));
  insertRun_.bind(11, std::string_view(run.userName));
  insertRun_.bind(12, std::string_view(run.clusterVersion));
  insertRun_.bind(13, std::string_view(run.host)).bind(14, std::string_view(run.toolVersion));
  runId_ = insertRun_.insert();
  lastRunId_ = runId_;
  objects_.startRun(*runId_);
  lastNs_ = 0;
}

void RecordInserter::endRun(const RunEnd& end) {
  if (!accept()) return;
  advance(end.endedAt);
  finishBatch();
  endRun_.bind(1, end.endedAt.count()).bind(2, std::string_view(toString(end.outcome)));
  endRun_.bind(3, int64_t{end.exitCode}).bind(4, *runId_).run();
  runId_.reset();
  // The caches hold an entry for every object, name and body of the run: ~20 MB after 100,000
  // VMIs, needed no more (a next run looks up what it misses).
  strings_.forget();
  payloads_.forget();
  objects_.forget();
}

void RecordInserter::add(const RequestRecord& r) {
  if (!accept()) return;
  auto& s = insertRequest_;
  s.bind(1, *runId_).bind(2, static_cast<int64_t>(r.seq)).bind(3, iterationValue(r.iteration));
  s.bind(4, operations_.intern(r.verb, r.resource));
  if (!r.ns.empty()) s.bind(5, strings_.intern(r.ns, requestNamespace_));
  if (!r.name.empty()) s.bind(6, strings_.intern(r.name, requestName_));
  s.bind(7, r.scheduled.count()).bind(8, (r.granted - r.scheduled).count());
  s.bind(9, (r.sent - r.granted).count());
  // No first byte (no answer): ttfb is NULL and read_ns spans sent..done.
  const bool answered = r.firstByte.count() != 0;
  if (answered) s.bind(10, (r.firstByte - r.sent).count());
  s.bind(11, (r.done - (answered ? r.firstByte : r.sent)).count());
  s.bind(12, int64_t{r.status});
  if (!r.reason.empty()) s.bind(13, strings_.intern(r.reason));
  s.bind(14, int64_t{r.tryNumber});
  if (r.retryOf != 0) s.bind(15, static_cast<int64_t>(r.retryOf));
  s.bind(16, r.bytesOut).bind(17, r.bytesIn);
  if (!r.error.empty()) s.bind(18, strings_.intern(r.error));
  if (!r.priorityLevel.empty() || !r.flowSchema.empty()) {
    s.bind(19, flows_.intern(r.priorityLevel, r.flowSchema));
  }
  if (!r.payload.empty()) s.bind(20, payloads_.intern(r.payload));
  const int64_t id = s.insert();
  if (!batchFirstRequestId_) batchFirstRequestId_ = id;
  batchLastRequestId_ = id;
  ++batchRequests_;
  advance(r.done);
}

ObjectTable::Key RecordInserter::objectKey(const std::string& kind, const std::string& ns,
                                           const std::string& name) {
  ObjectTable::Key key;
  key.kindId = strings_.intern(kind, objectKind_);
  if (!ns.empty()) key.namespaceId = strings_.intern(ns, objectNamespace_);
  key.nameId = strings_.intern(name);
  return key;
}

void RecordInserter::add(const ObjectRecord& o) {
  if (!accept()) return;
  advance(o.at);
  const ObjectTable::Stage stage{o.stage, o.at, o.iteration};
  if (const int64_t known = o.uid.empty() ? 0 : objects_.cachedByUid(o.uid)) {
    objects_.setStage(known, stage);
    return;
  }
  bool inserted = false;
  objects_.record(objectKey(o.kind, o.ns, o.name), o.uid, &stage, &inserted);
  if (inserted && o.kind == kKindVmi) ++batchVmis_;
}

void RecordInserter::add(const PhaseRecord& p) {
  if (!accept()) return;
  int64_t objectId = p.uid.empty() ? 0 : objects_.cachedByUid(p.uid);
  if (objectId == 0) {
    bool inserted = false;
    objectId = objects_.record(objectKey(kKindVmi, p.ns, p.name), p.uid, nullptr, &inserted);
    if (inserted) ++batchVmis_;
  }
  auto& s = insertPhase_;
  s.bind(1, objectId).bind(2, strings_.intern(p.phase, phase_)).bind(3, p.observedAt.count());
  s.bind(4, p.serverNs);
  if (isCanonicalInteger(p.resourceVersion)) {
    s.bind(5, static_cast<int64_t>(std::stoll(p.resourceVersion)));
  } else {
    s.bindTextOrNull(5, p.resourceVersion);
  }
  s.bind(6, int64_t{p.late ? 1 : 0}).run();
  if (p.createdServerNs || p.deletionServerNs) {
    serverTimes_.bind(1, objectId).bind(2, p.createdServerNs).bind(3, p.deletionServerNs).run();
  }
  advance(p.observedAt);
}

void RecordInserter::add(const IterationRecord& i) {
  if (!accept()) return;
  auto& s = iterationStage_[iterationColumn(i.stage)];
  const std::string namespaces = i.namespaces.empty() ? "" : jsonStringArray(i.namespaces);
  s.bind(1, *runId_).bind(2, int64_t{i.index}).bindTextOrNull(3, namespaces);
  s.bind(4, i.at.count()).run();
  advance(i.at);
}

void RecordInserter::add(const EventRecord& e) {
  if (!accept()) return;
  insertEvent_.bind(1, *runId_).bind(2, e.at.count()).bind(3, iterationValue(e.iteration));
  insertEvent_.bind(4, std::string_view(e.kind)).bind(5, std::string_view(e.message)).run();
  advance(e.at);
}

void RecordInserter::addWriterEvent(const std::string& kind, const std::string& message) {
  const auto run = runId_ ? runId_ : lastRunId_;
  if (!run) return;
  insertEvent_.bind(1, *run).bind(2, lastNs_).bindNull(3);
  insertEvent_.bind(4, std::string_view(kind)).bind(5, std::string_view(message)).run();
}

void RecordInserter::finishBatch() {
  if (!runId_) return;
  progress_.bind(1, batchRequests_).bind(2, batchVmis_).bind(3, lastNs_);
  progress_.bind(4, batchFirstRequestId_).bind(5, batchLastRequestId_).bind(6, *runId_).run();
  batchRequests_ = 0;
  batchVmis_ = 0;
  batchFirstRequestId_.reset();
  batchLastRequestId_.reset();
}

void RecordInserter::forgetUncommitted() {
  for (auto* memo : {&objectKind_, &requestNamespace_, &requestName_, &objectNamespace_, &phase_})
    *memo = {};
  strings_.forget();
  operations_.forget();
  flows_.forget();
  payloads_.forget();
  objects_.forget();
  batchRequests_ = 0;
  batchVmis_ = 0;
  batchFirstRequestId_.reset();
  batchLastRequestId_.reset();
}

void RecordInserter::recordFailure(const std::string& message) {
  if (!lastRunId_) return;
  try {
    Transaction transaction(db_);
    markFailed_.bind(1, std::string_view(message)).bind(2, *lastRunId_).run();
    // Only a run whose row survived, and was still running, gets the event.
    if (db_.changes() == 1) addWriterEvent("trace-error", message);
    transaction.commit();
    return;
  } catch (const TraceError&) {
    // No room for an event, perhaps: the run's row alone may still fit.
  }
  try {
    Transaction transaction(db_);
    markFailed_.bind(1, std::string_view(message)).bind(2, *lastRunId_).run();
    transaction.commit();
  } catch (const TraceError&) {
    // Nothing more can be written; the run stays 'incomplete', which is true too.
  }
}

}  // namespace perfscale::store
