-- A kubectl-perfscale trace in schema version 1 (the first draft of the trace: a text column per
-- string, absolute times, '' / 0 / -1 for "none"). store_migration_test loads it into a temporary
-- file and checks that opening it upgrades it to the current version without losing anything.
-- Two runs: a finished run with two iterations, and a replay of it that was killed (incomplete).
PRAGMA application_id = 1348883299;
PRAGMA user_version = 1;
BEGIN;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO meta VALUES ('schema_version', '1'), ('created_by', '0.1.0-draft');

CREATE TABLE runs (
  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL,
  replay_of TEXT NOT NULL, started_wall_ns INTEGER NOT NULL, ended_wall_ns INTEGER,
  outcome TEXT NOT NULL DEFAULT 'incomplete', exit_code INTEGER, arguments TEXT NOT NULL,
  scenario_given TEXT NOT NULL, scenario_resolved TEXT NOT NULL, server_url TEXT NOT NULL,
  context_name TEXT NOT NULL, user_name TEXT NOT NULL, cluster_version TEXT NOT NULL,
  host TEXT NOT NULL, tool_version TEXT NOT NULL);
INSERT INTO runs VALUES
  (1, '3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01', 'kubevirt-test-default', 'run', '',
   1700000000000000000, 1700000012500000000, 'ok', 0,
   '["--vmi-count","2","--iteration-count","2","--token","REDACTED"]',
   'vmi-count: 2', '{"vmiCount":2}', 'https://127.0.0.1:6443', 'sim', 'sim-admin',
   'v1.28.0', 'builder', '0.1.0-draft'),
  (2, '9a8b7c6d-1111-4222-8333-944455556666', 'kubevirt-test-default', 'replay',
   '3f1c2a5e-0b7d-4c41-9a7e-5d2b8c6f1e01', 1700000100000000000, NULL, 'incomplete', NULL,
   '["3f1c"]', '', '{}', 'https://127.0.0.1:6443', 'sim', 'sim-admin', 'v1.28.0', 'builder',
   '0.1.0-draft');

CREATE TABLE iterations (
  run_id INTEGER NOT NULL, iteration INTEGER NOT NULL, namespaces TEXT NOT NULL DEFAULT '',
  started_ns INTEGER, created_ns INTEGER, all_running_ns INTEGER, deletion_started_ns INTEGER,
  all_gone_ns INTEGER, ended_ns INTEGER, PRIMARY KEY (run_id, iteration)) WITHOUT ROWID;
INSERT INTO iterations VALUES
  (1, 0, 'perf-0', 1000000, 60000000, 5000000000, 5100000000, 6000000000, 6000000001),
  (1, 1, 'perf-1,perf-1b', 6500000000, 6600000000, NULL, NULL, NULL, 12400000000);

CREATE TABLE payloads (id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, body TEXT NOT NULL);
INSERT INTO payloads VALUES
  (1, 'draft-1', '{"kind":"Namespace","metadata":{"name":"perf-0"}}'),
  (2, 'draft-2', '{"kind":"VirtualMachineInstance","metadata":{"name":"vmi-0"}}');

CREATE TABLE requests (
  run_id INTEGER NOT NULL, seq INTEGER NOT NULL, iteration INTEGER NOT NULL,
  verb TEXT NOT NULL, resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
  scheduled_ns INTEGER NOT NULL, granted_ns INTEGER NOT NULL, sent_ns INTEGER NOT NULL,
  first_byte_ns INTEGER NOT NULL, done_ns INTEGER NOT NULL, status INTEGER NOT NULL,
  reason TEXT NOT NULL, try INTEGER NOT NULL, retry_of INTEGER NOT NULL,
  bytes_out INTEGER NOT NULL, bytes_in INTEGER NOT NULL, error TEXT NOT NULL,
  priority_level TEXT NOT NULL, flow_schema TEXT NOT NULL, payload_id INTEGER,
  PRIMARY KEY (run_id, seq)) WITHOUT ROWID;
INSERT INTO requests VALUES
  (1, 1, -1, 'watch', 'virtualmachineinstances', '', '', 100, 100, 200, 900000, 12400000000,
   200, '', 1, 0, 0, 5120, '', '', '', NULL),
  (1, 2, 0, 'create', 'namespaces', '', 'perf-0', 1000000, 1000100, 1000200, 3000000, 3000500,
   201, '', 1, 0, 52, 400, '', 'pl-uid-1', 'fs-uid-1', 1),
  (1, 3, 0, 'create', 'virtualmachineinstances', 'perf-0', 'vmi-0', 4000000, 4000000, 4000300,
   20000000, 20000900, 201, '', 1, 0, 61, 1500, '', 'pl-uid-1', 'fs-uid-1', 2),
  (1, 4, 0, 'create', 'virtualmachineinstances', 'perf-0', 'vmi-1', 5000000, 9000000, 9000300,
   11000000, 11000100, 429, 'TooManyRequests', 1, 0, 61, 180, '', 'pl-uid-1', 'fs-uid-2', 2),
  (1, 5, 0, 'create', 'virtualmachineinstances', 'perf-0', 'vmi-1', 1011000100, 1011000100,
   1011000400, 1030000000, 1030000700, 201, '', 2, 4, 61, 1500, '', 'pl-uid-1', 'fs-uid-1', 2),
  (1, 6, 0, 'deletecollection', 'virtualmachineinstances', 'perf-0', '', 5100000000,
   5100000000, 5100000100, 0, 5130000000, 0, '', 1, 0, 0, 0, 'connection reset by peer', '',
   '', NULL),
  (1, 7, 1, 'create', 'namespaces', '', 'perf-1', 6500000000, 6500000000, 6500000050,
   6502000000, 6502000010, 409, 'AlreadyExists', 1, 0, 52, 300, '', 'pl-uid-1', 'fs-uid-1', 1),
  (2, 1, 0, 'create', 'virtualmachineinstances', 'perf-0', 'vmi-0', 0, 10, 20, 30, 40, 201, '',
   1, 0, 61, 1500, '', '', '', 2);

CREATE TABLE objects (
  id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, kind TEXT NOT NULL, namespace TEXT NOT NULL,
  name TEXT NOT NULL, uid TEXT NOT NULL, iteration INTEGER NOT NULL, created_ns INTEGER,
  deletion_requested_ns INTEGER, gone_ns INTEGER);
CREATE INDEX objects_by_run ON objects (run_id, uid);
INSERT INTO objects VALUES
  (1, 1, 'Namespace', '', 'perf-0', 'uid-ns-0', 0, 3000500, 5200000000, 6000000000),
  (2, 1, 'VirtualMachineInstance', 'perf-0', 'vmi-0', 'uid-vmi-0', 0, 20000900, 5100000000,
   5900000000),
  (3, 1, 'VirtualMachineInstance', 'perf-0', 'vmi-1', 'uid-vmi-1', 0, 1030000700, 5100000000,
   NULL),
  (4, 2, 'VirtualMachineInstance', 'perf-0', 'vmi-0', '', -1, 40, NULL, NULL);

CREATE TABLE phases (
  id INTEGER PRIMARY KEY, object_id INTEGER NOT NULL, phase TEXT NOT NULL,
  observed_ns INTEGER NOT NULL, server_ns INTEGER, resource_version TEXT NOT NULL,
  late INTEGER NOT NULL);
INSERT INTO phases VALUES
  (1, 2, 'Pending', 25000000, 1700000000025000000, '1001', 0),
  (2, 2, 'Scheduling', 900000000, 1700000000900000000, '1005', 0),
  (3, 2, 'Running', 4100000000, NULL, '1010', 1),
  (4, 3, 'Pending', 1035000000, 1700000001035000000, '0042', 0),
  (5, 3, 'Running', 4200000000, 1700000004000000000, 'abc-7', 0);

CREATE TABLE events (
  id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, at_ns INTEGER NOT NULL,
  iteration INTEGER NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL);
INSERT INTO events VALUES
  (1, 1, 1000000, 0, 'wait-start', 'waiting for 2 VMIs to be Running'),
  (2, 1, 4200000000, 0, 'wait-end', 'all 2 VMIs Running'),
  (3, 1, 12450000000, -1, 'note', 'done'),
  (4, 2, 50, -1, 'signal', 'SIGKILL is not catchable; this event is here for the test');
COMMIT;
