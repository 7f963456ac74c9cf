// The SQL of schema version 4 (see schema.h and the README's "The trace" section).
#include "store/schema.h"

#include <string>

namespace perfscale::store {

namespace {

// Times are integer nanoseconds: *_ns on the run clock (since runs.started_wall_ns) unless
// named *_wall_ns or server_ns (since the Unix epoch). Repeated strings live in `strings`,
// `operations` and `flows`; views (*_v, timeline) join them back for people.
constexpr std::string_view kSchema = R"sql(
-- schema_version, created_by (tool version), upgraded_from, upgraded_by
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Every repeated string (names, namespaces, reasons, errors, phases, kinds), once.
CREATE TABLE strings (
  id   INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE
);

CREATE TABLE operations (
  id       INTEGER PRIMARY KEY,
  verb     TEXT NOT NULL,
  resource TEXT NOT NULL,
  UNIQUE (verb, resource)
);

CREATE TABLE flows (
  id             INTEGER PRIMARY KEY,
  priority_level TEXT NOT NULL,
  flow_schema    TEXT NOT NULL,
  UNIQUE (priority_level, flow_schema)
);

CREATE TABLE runs (
  id                INTEGER PRIMARY KEY,
  uuid              TEXT NOT NULL UNIQUE,
  name              TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('run', 'replay')),
  replay_of         TEXT,                -- uuid of the run a replay re-issued
  started_wall_ns   INTEGER NOT NULL,    -- wall clock at run-clock zero: add it to *_ns
  ended_wall_ns     INTEGER,
  outcome           TEXT NOT NULL DEFAULT 'incomplete'
                    CHECK (outcome IN ('ok', 'timeout', 'error', 'interrupted', 'incomplete')),
  exit_code         INTEGER,
  error             TEXT,                -- why writing the trace failed, if it did
  arguments         TEXT NOT NULL,       -- JSON array, secrets redacted
  scenario_given    TEXT NOT NULL,
  scenario_resolved TEXT NOT NULL,
  server_url        TEXT NOT NULL,
  context_name      TEXT NOT NULL,
  user_name         TEXT NOT NULL,
  cluster_version   TEXT NOT NULL,
  host              TEXT NOT NULL,
  tool_version      TEXT NOT NULL,
  requests          INTEGER NOT NULL DEFAULT 0,  -- rows committed so far
  vmis              INTEGER NOT NULL DEFAULT 0,
  last_ns           INTEGER NOT NULL DEFAULT 0,  -- latest record time committed
  first_request_id  INTEGER,            -- requests.id range of the run
  last_request_id   INTEGER
);

CREATE TABLE iterations (
  run_id              INTEGER NOT NULL REFERENCES runs,
  iteration           INTEGER NOT NULL,
  namespaces          TEXT NOT NULL DEFAULT '[]',  -- JSON array
  started_ns          INTEGER,
  created_ns          INTEGER,
  all_running_ns      INTEGER,
  deletion_started_ns INTEGER,
  all_gone_ns         INTEGER,
  ended_ns            INTEGER,
  PRIMARY KEY (run_id, iteration)
) WITHOUT ROWID;

CREATE TABLE payloads (
  id   INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,  -- 64-bit; equal hashes are told apart by body
  body TEXT NOT NULL
);
CREATE INDEX payloads_by_hash ON payloads (hash);

CREATE TABLE requests (
  id            INTEGER PRIMARY KEY,    -- commit order
  run_id        INTEGER NOT NULL REFERENCES runs,
  seq           INTEGER NOT NULL,       -- dispatch order in the run
  iteration     INTEGER,                -- NULL outside iterations
  operation_id  INTEGER NOT NULL REFERENCES operations,
  namespace_id  INTEGER REFERENCES strings,
  name_id       INTEGER REFERENCES strings,
  scheduled_ns  INTEGER NOT NULL,
  token_wait_ns INTEGER NOT NULL,       -- granted - scheduled
  dispatch_ns   INTEGER NOT NULL,       -- sent - granted
  ttfb_ns       INTEGER,                -- first byte - sent; NULL: no answer
  read_ns       INTEGER NOT NULL,       -- done - first byte (or - sent)
  status        INTEGER NOT NULL,       -- HTTP status; 0: no answer
  reason_id     INTEGER REFERENCES strings,
  try           INTEGER NOT NULL,       -- 1 for a first try
  retry_of      INTEGER,                -- seq of the first try
  bytes_out     INTEGER NOT NULL,
  bytes_in      INTEGER NOT NULL,
  error_id      INTEGER REFERENCES strings,
  flow_id       INTEGER REFERENCES flows,
  payload_id    INTEGER REFERENCES payloads,
  granted_ns    INTEGER GENERATED ALWAYS AS (scheduled_ns + token_wait_ns) VIRTUAL,
  sent_ns       INTEGER GENERATED ALWAYS AS (scheduled_ns + token_wait_ns + dispatch_ns) VIRTUAL,
  first_byte_ns INTEGER GENERATED ALWAYS AS (sent_ns + ttfb_ns) VIRTUAL,
  done_ns       INTEGER GENERATED ALWAYS AS (sent_ns + coalesce(ttfb_ns, 0) + read_ns) VIRTUAL,
  latency_ns    INTEGER GENERATED ALWAYS AS (coalesce(ttfb_ns, 0) + read_ns) VIRTUAL
);

CREATE TABLE objects (
  id                    INTEGER PRIMARY KEY,
  run_id                INTEGER NOT NULL REFERENCES runs,
  kind_id               INTEGER NOT NULL REFERENCES strings,
  namespace_id          INTEGER REFERENCES strings,
  name_id               INTEGER NOT NULL REFERENCES strings,
  uid                   TEXT,     -- NULL until a record names it
  iteration             INTEGER,
  created_ns            INTEGER,
  deletion_requested_ns INTEGER,
  gone_ns               INTEGER,
  created_server_ns     INTEGER,  -- metadata.creationTimestamp, ns since the epoch (VMIs)
  deletion_server_ns    INTEGER   -- metadata.deletionTimestamp, ns since the epoch (VMIs)
);
CREATE INDEX objects_by_uid ON objects (run_id, uid) WHERE uid IS NOT NULL;
CREATE INDEX objects_by_name ON objects (run_id, name_id);

CREATE TABLE phases (
  id               INTEGER PRIMARY KEY,
  object_id        INTEGER NOT NULL REFERENCES objects,
  phase_id         INTEGER NOT NULL REFERENCES strings,
  observed_ns      INTEGER NOT NULL,
  server_ns        INTEGER,  -- phaseTransitionTimestamp, ns since the epoch
  resource_version,         -- no type: integer when all digits, else text
  late             INTEGER NOT NULL DEFAULT 0  -- 1: learned from a relist, not an event
);
CREATE INDEX phases_by_object ON phases (object_id, observed_ns);

CREATE TABLE events (
  id        INTEGER PRIMARY KEY,
  run_id    INTEGER NOT NULL REFERENCES runs,
  at_ns     INTEGER NOT NULL,
  iteration INTEGER,
  kind      TEXT NOT NULL,
  message   TEXT NOT NULL,
  shard     INTEGER           -- of a merged run: the shard (shards.shard) that recorded it
);
CREATE INDEX events_by_run ON events (run_id, at_ns);

CREATE VIEW requests_v AS
SELECT r.run_id, r.seq, r.iteration, o.verb, o.resource, ns.text AS namespace, n.text AS name,
       r.scheduled_ns, r.granted_ns, r.sent_ns, r.first_byte_ns, r.done_ns, r.latency_ns,
       r.status, rs.text AS reason, r.try, r.retry_of, r.bytes_out, r.bytes_in,
       e.text AS error, f.priority_level, f.flow_schema, r.payload_id
FROM requests r
JOIN operations o ON o.id = r.operation_id
LEFT JOIN strings ns ON ns.id = r.namespace_id
LEFT JOIN strings n ON n.id = r.name_id
LEFT JOIN strings rs ON rs.id = r.reason_id
LEFT JOIN strings e ON e.id = r.error_id
LEFT JOIN flows f ON f.id = r.flow_id;

CREATE VIEW timeline AS
SELECT run_id, at_ns, iteration, kind, message FROM events
UNION ALL SELECT run_id, started_ns, iteration, 'iteration-started', namespaces
  FROM iterations WHERE started_ns IS NOT NULL
UNION ALL SELECT run_id, created_ns, iteration, 'iteration-created', ''
  FROM iterations WHERE created_ns IS NOT NULL
UNION ALL SELECT run_id, all_running_ns, iteration, 'iteration-all-running', ''
  FROM iterations WHERE all_running_ns IS NOT NULL
UNION ALL SELECT run_id, deletion_started_ns, iteration, 'iteration-deletion-started', ''
  FROM iterations WHERE deletion_started_ns IS NOT NULL
UNION ALL SELECT run_id, all_gone_ns, iteration, 'iteration-all-gone', ''
  FROM iterations WHERE all_gone_ns IS NOT NULL
UNION ALL SELECT run_id, ended_ns, iteration, 'iteration-ended', ''
  FROM iterations WHERE ended_ns IS NOT NULL;
)sql";

// Version 4 added the shards of merged runs (and events.shard).
constexpr std::string_view kShardsTable = R"sql(
-- The shards a merged run was put together from (`kubectl perfscale merge`), one row each;
-- a run recorded in one piece has none. Their *_ns were shifted by offset_ns onto the run's clock.
CREATE TABLE shards (
  run_id          INTEGER NOT NULL REFERENCES runs,
  shard           INTEGER NOT NULL,  -- i of --shard i/N; for traces that named none, 0, 1, ...
  shard_count     INTEGER,           -- N; NULL when the traces named no shard
  source          TEXT NOT NULL,     -- the shard trace's file name, without its directory
  host            TEXT NOT NULL,
  started_wall_ns INTEGER NOT NULL,  -- the shard's own run-clock zero
  offset_ns       INTEGER NOT NULL,  -- started_wall_ns - runs.started_wall_ns
  ended_wall_ns   INTEGER,
  outcome         TEXT NOT NULL,
  exit_code       INTEGER,
  requests        INTEGER NOT NULL,
  vmis            INTEGER NOT NULL,
  arguments       TEXT NOT NULL,     -- JSON array, as the shard recorded them
  PRIMARY KEY (run_id, shard)
) WITHOUT ROWID;
)sql";

// Views over objects and phases: version 3 added the server's times to objects_v.
constexpr std::string_view kObjectViews = R"sql(
CREATE VIEW objects_v AS
SELECT o.id, o.run_id, k.text AS kind, ns.text AS namespace, n.text AS name, o.uid, o.iteration,
       o.created_ns, o.deletion_requested_ns, o.gone_ns, o.created_server_ns,
       o.deletion_server_ns
FROM objects o
JOIN strings k ON k.id = o.kind_id
LEFT JOIN strings ns ON ns.id = o.namespace_id
JOIN strings n ON n.id = o.name_id;

CREATE VIEW phases_v AS
SELECT o.run_id, p.object_id, o.kind, o.namespace, o.name, o.uid, ph.text AS phase,
       p.observed_ns, p.observed_ns - o.created_ns AS since_created_ns, p.server_ns,
       p.resource_version, p.late
FROM phases p
JOIN objects_v o ON o.id = p.object_id
JOIN strings ph ON ph.id = p.phase_id;
)sql";

}  // namespace

std::string_view objectViewsSql() {
  return kObjectViews;
}

std::string_view shardsTableSql() {
  return kShardsTable;
}

std::string currentSchemaSql() {
  return std::string(kSchema) + std::string(kShardsTable) + std::string(kObjectViews);
}

void stampVersion(const Database& db, int version) {
  db.exec("PRAGMA user_version = " + std::to_string(version));
  Statement meta(db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)");
  const std::string text = std::to_string(version);
  meta.bind(1, std::string_view(text)).run();
}

void createSchema(const Database& db, std::string_view toolVersion) {
  db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
  db.exec(currentSchemaSql());
  stampVersion(db, kSchemaVersion);
  Statement meta(db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('created_by', ?)");
  meta.bind(1, toolVersion).run();
}

}  // namespace perfscale::store
