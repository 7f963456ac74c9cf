// Schema upgrades (see migrations.h).
//
// Version 1 was the first draft of the trace: one text column per string, absolute times,
// '' / 0 / -1 for "none", payloads keyed by a hex hash. It stored a request in about 87 bytes;
// version 2 interns strings, stores times as deltas with the absolute ones as generated
// columns, and uses NULL for "none" (about 60 bytes). tests/data/trace_schema_v1.sql is a
// version 1 trace that keeps this upgrade tested.
#include "store/migrations.h"

#include <iterator>
#include <string>

#include "store/lookup_tables.h"
#include "store/schema.h"

namespace perfscale::store {

namespace {

void sqlPayloadHash(sqlite3_context* context, int, sqlite3_value** values) {
  const auto* body = reinterpret_cast<const char*>(sqlite3_value_text(values[0]));
  const auto size = static_cast<size_t>(sqlite3_value_bytes(values[0]));
  sqlite3_result_int64(context, payloadHash(std::string_view(body ? body : "", size)));
}

constexpr std::string_view kRenameVersion1 = R"sql(
DROP INDEX IF EXISTS objects_by_run;
ALTER TABLE meta RENAME TO v1_meta;
ALTER TABLE runs RENAME TO v1_runs;
ALTER TABLE iterations RENAME TO v1_iterations;
ALTER TABLE requests RENAME TO v1_requests;
ALTER TABLE objects RENAME TO v1_objects;
ALTER TABLE phases RENAME TO v1_phases;
ALTER TABLE events RENAME TO v1_events;
ALTER TABLE payloads RENAME TO v1_payloads;
)sql";

constexpr std::string_view kCopyVersion1 = R"sql(
INSERT INTO meta (key, value) SELECT key, value FROM v1_meta WHERE key <> 'schema_version';

INSERT OR IGNORE INTO strings (text)
  SELECT namespace FROM v1_requests WHERE namespace <> ''
  UNION SELECT name FROM v1_requests WHERE name <> ''
  UNION SELECT reason FROM v1_requests WHERE reason <> ''
  UNION SELECT error FROM v1_requests WHERE error <> ''
  UNION SELECT kind FROM v1_objects
  UNION SELECT namespace FROM v1_objects WHERE namespace <> ''
  UNION SELECT name FROM v1_objects
  UNION SELECT phase FROM v1_phases;
INSERT OR IGNORE INTO operations (verb, resource)
  SELECT DISTINCT verb, resource FROM v1_requests;
INSERT OR IGNORE INTO flows (priority_level, flow_schema)
  SELECT DISTINCT priority_level, flow_schema FROM v1_requests
  WHERE priority_level <> '' OR flow_schema <> '';

INSERT INTO runs (id, uuid, name, kind, replay_of, started_wall_ns, ended_wall_ns, outcome,
                  exit_code, arguments, scenario_given, scenario_resolved, server_url,
                  context_name, user_name, cluster_version, host, tool_version)
  SELECT id, uuid, name, kind, NULLIF(replay_of, ''), started_wall_ns, ended_wall_ns, outcome,
         exit_code, arguments, scenario_given, scenario_resolved, server_url, context_name,
         user_name, cluster_version, host, tool_version
  FROM v1_runs;

INSERT INTO iterations (run_id, iteration, namespaces, started_ns, created_ns, all_running_ns,
                        deletion_started_ns, all_gone_ns, ended_ns)
  SELECT run_id, iteration,
         CASE WHEN namespaces = '' THEN '[]'
              ELSE '["' || replace(namespaces, ',', '","') || '"]' END,
         started_ns, created_ns, all_running_ns, deletion_started_ns, all_gone_ns, ended_ns
  FROM v1_iterations;

INSERT INTO payloads (id, hash, body)
  SELECT id, perfscale_payload_hash(body), body FROM v1_payloads;

INSERT INTO requests (run_id, seq, iteration, operation_id, namespace_id, name_id,
                      scheduled_ns, token_wait_ns, dispatch_ns, ttfb_ns, read_ns, status,
                      reason_id, try, retry_of, bytes_out, bytes_in, error_id, flow_id,
                      payload_id)
  SELECT r.run_id, r.seq, NULLIF(r.iteration, -1), o.id, ns.id, n.id,
         r.scheduled_ns, r.granted_ns - r.scheduled_ns, r.sent_ns - r.granted_ns,
         CASE WHEN r.first_byte_ns = 0 THEN NULL ELSE r.first_byte_ns - r.sent_ns END,
         CASE WHEN r.first_byte_ns = 0 THEN r.done_ns - r.sent_ns
              ELSE r.done_ns - r.first_byte_ns END,
         r.status, rs.id, r.try, NULLIF(r.retry_of, 0), r.bytes_out, r.bytes_in, e.id, f.id,
         r.payload_id
  FROM v1_requests r
  JOIN operations o ON o.verb = r.verb AND o.resource = r.resource
  LEFT JOIN strings ns ON ns.text = NULLIF(r.namespace, '')
  LEFT JOIN strings n ON n.text = NULLIF(r.name, '')
  LEFT JOIN strings rs ON rs.text = NULLIF(r.reason, '')
  LEFT JOIN strings e ON e.text = NULLIF(r.error, '')
  LEFT JOIN flows f ON f.priority_level = r.priority_level AND f.flow_schema = r.flow_schema
  ORDER BY r.run_id, r.seq;

INSERT INTO objects (id, run_id, kind_id, namespace_id, name_id, uid, iteration, created_ns,
                     deletion_requested_ns, gone_ns)
  SELECT o.id, o.run_id, k.id, ns.id, n.id, NULLIF(o.uid, ''), NULLIF(o.iteration, -1),
         o.created_ns, o.deletion_requested_ns, o.gone_ns
  FROM v1_objects o
  JOIN strings k ON k.text = o.kind
  LEFT JOIN strings ns ON ns.text = NULLIF(o.namespace, '')
  JOIN strings n ON n.text = o.name;

INSERT INTO phases (id, object_id, phase_id, observed_ns, server_ns, resource_version, late)
  SELECT p.id, p.object_id, s.id, p.observed_ns, p.server_ns,
         CASE WHEN (p.resource_version GLOB '[1-9]*' AND p.resource_version NOT GLOB '*[^0-9]*'
                    AND length(p.resource_version) <= 18) OR p.resource_version = '0'
              THEN CAST(p.resource_version AS INTEGER)
              ELSE NULLIF(p.resource_version, '') END,
         p.late
  FROM v1_phases p JOIN strings s ON s.text = p.phase;

INSERT INTO events (id, run_id, at_ns, iteration, kind, message)
  SELECT id, run_id, at_ns, NULLIF(iteration, -1), kind, message FROM v1_events;

UPDATE runs SET
  requests = (SELECT count(*) FROM requests WHERE run_id = runs.id),
  first_request_id = (SELECT min(id) FROM requests WHERE run_id = runs.id),
  last_request_id = (SELECT max(id) FROM requests WHERE run_id = runs.id),
  vmis = (SELECT count(*) FROM objects_v WHERE run_id = runs.id
          AND kind = 'VirtualMachineInstance'),
  last_ns = max(
    coalesce((SELECT max(done_ns) FROM requests WHERE run_id = runs.id), 0),
    coalesce((SELECT max(max(coalesce(created_ns, 0), coalesce(deletion_requested_ns, 0),
                             coalesce(gone_ns, 0)))
              FROM objects WHERE run_id = runs.id), 0),
    coalesce((SELECT max(p.observed_ns) FROM phases p JOIN objects o ON o.id = p.object_id
              WHERE o.run_id = runs.id), 0),
    coalesce((SELECT max(at_ns) FROM events WHERE run_id = runs.id), 0),
    coalesce((SELECT max(max(coalesce(started_ns, 0), coalesce(created_ns, 0),
                             coalesce(all_running_ns, 0), coalesce(deletion_started_ns, 0),
                             coalesce(all_gone_ns, 0), coalesce(ended_ns, 0)))
              FROM iterations WHERE run_id = runs.id), 0));

DROP TABLE v1_meta;
DROP TABLE v1_runs;
DROP TABLE v1_iterations;
DROP TABLE v1_requests;
DROP TABLE v1_objects;
DROP TABLE v1_phases;
DROP TABLE v1_events;
DROP TABLE v1_payloads;
)sql";

// Version 1 is copied into the current schema at once: it returns the version it reached.
int upgradeFrom1(const Database& db) {
  sqlite3_create_function(db.handle(), "perfscale_payload_hash", 1,
                          SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, sqlPayloadHash, nullptr,
                          nullptr);
  db.exec(kRenameVersion1);
  db.exec(currentSchemaSql());
  db.exec(kCopyVersion1);
  return kSchemaVersion;
}

// Version 3 keeps the server's creation and deletion timestamps of VMIs on their objects.
int upgradeFrom2(const Database& db) {
  db.exec(
      "DROP VIEW phases_v;\n"
      "DROP VIEW objects_v;\n"
      "ALTER TABLE objects ADD COLUMN created_server_ns INTEGER;\n"
      "ALTER TABLE objects ADD COLUMN deletion_server_ns INTEGER;\n");
  db.exec(objectViewsSql());
  return 3;
}

// Version 4 records the shards a merged run was put together from, and which shard each of its
// events came from.
int upgradeFrom3(const Database& db) {
  db.exec("ALTER TABLE events ADD COLUMN shard INTEGER;\n");
  db.exec(shardsTableSql());
  return 4;
}

using UpgradeStep = int (*)(const Database&);
// kSteps[v - 1] upgrades version v to a later one, and returns that version.
constexpr UpgradeStep kSteps[] = {upgradeFrom1, upgradeFrom2, upgradeFrom3};
static_assert(std::size(kSteps) == kSchemaVersion - kOldestUpgradableVersion);

}  // namespace

void upgradeTrace(const Database& db, std::string_view toolVersion) {
  Transaction transaction(db);
  const int from = static_cast<int>(db.queryInt("PRAGMA user_version"));
  if (from >= kSchemaVersion) return;
  if (from < kOldestUpgradableVersion) {
    throw TraceError("trace " + db.path() + ": schema version " + std::to_string(from) +
                     " is too old to upgrade");
  }
  for (int version = from; version < kSchemaVersion;)
    version = kSteps[version - 1](db);
  stampVersion(db, kSchemaVersion);
  Statement meta(db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
  const std::string fromText = std::to_string(from);
  meta.bind(1, std::string_view("upgraded_from")).bind(2, std::string_view(fromText)).run();
  meta.bind(1, std::string_view("upgraded_by")).bind(2, toolVersion).run();
  transaction.commit();
}

}  // namespace perfscale::store
