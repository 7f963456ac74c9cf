-- A version 3 trace, as kubectl-perfscale wrote it before version 4 (sqlite3 .dump of a
-- 3-VMI run against perfscale-sim): the upgrade to version 4 is tested on it.
PRAGMA foreign_keys=OFF;
PRAGMA application_id = 1348883299;
PRAGMA user_version = 3;
BEGIN TRANSACTION;
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta VALUES('created_by','0.1.0');
INSERT INTO meta VALUES('schema_version','3');
CREATE TABLE strings (
  id   INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE
);
INSERT INTO strings VALUES(1,'kubevirt-test-default');
INSERT INTO strings VALUES(2,'Namespace');
INSERT INTO strings VALUES(3,'vmi-0c3d5e7f-1-2');
INSERT INTO strings VALUES(4,'VirtualMachineInstance');
INSERT INTO strings VALUES(5,'Pending');
INSERT INTO strings VALUES(6,'vmi-0c3d5e7f-1-3');
INSERT INTO strings VALUES(7,'Scheduling');
INSERT INTO strings VALUES(8,'Scheduled');
INSERT INTO strings VALUES(9,'Running');
INSERT INTO strings VALUES(10,'vmi-0c3d5e7f-1-1');
INSERT INTO strings VALUES(11,'Succeeded');
CREATE TABLE operations (
  id       INTEGER PRIMARY KEY,
  verb     TEXT NOT NULL,
  resource TEXT NOT NULL,
  UNIQUE (verb, resource)
);
INSERT INTO operations VALUES(1,'list','virtualmachineinstances');
INSERT INTO operations VALUES(2,'watch','virtualmachineinstances');
INSERT INTO operations VALUES(3,'list','namespaces');
INSERT INTO operations VALUES(4,'watch','namespaces');
INSERT INTO operations VALUES(5,'create','namespaces');
INSERT INTO operations VALUES(6,'create','virtualmachineinstances');
INSERT INTO operations VALUES(7,'deletecollection','virtualmachineinstances');
INSERT INTO operations VALUES(8,'delete','namespaces');
CREATE TABLE flows (
  id             INTEGER PRIMARY KEY,
  priority_level TEXT NOT NULL,
  flow_schema    TEXT NOT NULL,
  UNIQUE (priority_level, flow_schema)
);
INSERT INTO flows VALUES(1,'9a3e2f10-7b4c-4d2a-8e61-3f5a9c2b7d02','6d1b4a3e-5c1f-4a7e-9f0e-2b7c0d6a1e02');
INSERT INTO flows VALUES(2,'9a3e2f10-7b4c-4d2a-8e61-3f5a9c2b7d01','6d1b4a3e-5c1f-4a7e-9f0e-2b7c0d6a1e01');
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
INSERT INTO runs VALUES(1,'0c3d5e7f-0000-4000-8000-000000000003','fixture-v3','run',NULL,1796592484664390807,1796592484844121828,'ok',0,NULL,'["--kubeconfig","kc","--trace","t.db","--vmi-count","3","--wait-when-finished","0s","--uuid","0c3d5e7f-0000-4000-8000-000000000003","--name","fixture-v3","-o","json"]','',replace('{\n  "apiVersion": "perfscale.kubevirt.io/v1alpha1",\n  "kind": "Scenario",\n  "name": "fixture-v3",\n  "uuid": "0c3d5e7f-0000-4000-8000-000000000003",\n  "onTimeout": "stop",\n  "maxErrorRatio": 0,\n  "parallelism": 0,\n  "keepOnInterrupt": false,\n  "traceFile": "t.db",\n  "client": {\n    "qps": 0,\n    "burst": 0\n  },\n  "workloads": [\n    {\n      "name": "fixture-v3",\n      "kind": "iterations",\n      "namespace": "kubevirt-test-default",\n      "qps": 20,\n      "burst": 20,\n      "maxWaitTimeout": "5m0s",\n      "waitWhenFinished": "0s",\n      "iterationCount": 1,\n      "iterationInterval": "0s",\n      "iterationCreationWait": true,\n      "iterationCleanup": true,\n      "iterationDeletionWait": true,\n      "namespacedIterations": false,\n      "objects": [\n        {\n          "vmi": {\n            "image": "cirros",\n            "imagePrefix": "quay.io/kubevirt",\n            "imageTag": "latest",\n            "cpu": "100m",\n            "memory": "90Mi",\n            "disk": "containerDisk",\n            "emptyDiskCapacity": "1Gi"\n          },\n          "replicas": 3\n        }\n      ]\n    }\n  ]\n}','\n',char(10)),'https://127.0.0.1:42917','perfscale-sim','sim-admin','v1.30.0-perfscale-sim','vm','0.1.0',10,3,179731021,1,10);
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
INSERT INTO iterations VALUES(1,1,'["kubevirt-test-default"]',138259405,173206610,173874394,173875646,179185809,179186561);
CREATE TABLE payloads (
  id   INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,  -- 64-bit; equal hashes are told apart by body
  body TEXT NOT NULL
);
INSERT INTO payloads VALUES(1,-5182726371530172186,'{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"kubevirt-test-default","labels":{"perfscale.kubevirt.io/run":"0c3d5e7f-0000-4000-8000-000000000003","perfscale.kubevirt.io/scenario":"fixture-v3","perfscale.kubevirt.io/workload":"fixture-v3","perfscale.kubevirt.io/iteration":"1"}}}');
INSERT INTO payloads VALUES(2,5164070476118637047,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-0c3d5e7f-1-2","namespace":"kubevirt-test-default","labels":{"perfscale.kubevirt.io/run":"0c3d5e7f-0000-4000-8000-000000000003","perfscale.kubevirt.io/scenario":"fixture-v3","perfscale.kubevirt.io/workload":"fixture-v3","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(3,6360250669020363754,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-0c3d5e7f-1-3","namespace":"kubevirt-test-default","labels":{"perfscale.kubevirt.io/run":"0c3d5e7f-0000-4000-8000-000000000003","perfscale.kubevirt.io/scenario":"fixture-v3","perfscale.kubevirt.io/workload":"fixture-v3","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(4,343538598678498321,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-0c3d5e7f-1-1","namespace":"kubevirt-test-default","labels":{"perfscale.kubevirt.io/run":"0c3d5e7f-0000-4000-8000-000000000003","perfscale.kubevirt.io/scenario":"fixture-v3","perfscale.kubevirt.io/workload":"fixture-v3","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
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
INSERT INTO requests VALUES(1,1,1,NULL,1,NULL,NULL,67759163,0,55232,214519,3275,200,NULL,1,NULL,0,113,NULL,1,NULL);
INSERT INTO requests VALUES(2,1,2,NULL,2,NULL,NULL,68198466,0,10929838,10589812,17326,200,NULL,1,NULL,0,0,NULL,1,NULL);
INSERT INTO requests VALUES(3,1,3,NULL,3,NULL,NULL,89809673,0,74651,454676,5048,200,NULL,1,NULL,0,88,NULL,1,NULL);
INSERT INTO requests VALUES(4,1,4,NULL,4,NULL,NULL,90556624,0,20284422,27333813,17977,200,NULL,1,NULL,0,0,NULL,1,NULL);
INSERT INTO requests VALUES(5,1,5,1,5,NULL,1,138278844,0,53660,402629,3085,201,NULL,1,NULL,290,519,NULL,2,1);
INSERT INTO requests VALUES(6,1,6,1,6,1,3,163311312,325625,887170,113710,8963,201,NULL,1,NULL,781,1112,NULL,2,2);
INSERT INTO requests VALUES(7,1,7,1,6,1,6,163311312,854292,6633133,1074629,8853,201,NULL,1,NULL,781,1112,NULL,2,3);
INSERT INTO requests VALUES(8,1,8,1,6,1,10,163311312,175231,91807,9496874,10416,201,NULL,1,NULL,781,1113,NULL,2,4);
INSERT INTO requests VALUES(9,1,9,1,7,1,NULL,173893582,0,66850,4303065,19479,200,NULL,1,NULL,0,4853,NULL,2,NULL);
INSERT INTO requests VALUES(10,1,10,1,8,NULL,1,178356235,0,47671,396440,2654,200,NULL,1,NULL,0,568,NULL,2,NULL);
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
INSERT INTO objects VALUES(1,1,2,NULL,1,'ea0f890b-264e-453a-9589-d909065cf8f5',1,138774311,178814136,178935537,NULL,NULL);
INSERT INTO objects VALUES(2,1,4,1,3,'101569db-5f10-4cce-b963-5a18ed968c70',1,164671737,178339700,178358258,1796592484000000000,1796592484000000000);
INSERT INTO objects VALUES(3,1,4,1,6,'280cd9c5-9472-4a9e-b250-eb7099dc555a',1,171915889,178339700,179105810,1796592484000000000,1796592484000000000);
INSERT INTO objects VALUES(4,1,4,1,10,'3c2ea37f-6fbc-4bdb-9467-f57382bf5c8f',1,173120201,NULL,178237418,1796592484000000000,1796592484000000000);
CREATE TABLE phases (
  id               INTEGER PRIMARY KEY,
  object_id        INTEGER NOT NULL REFERENCES objects,
  phase_id         INTEGER NOT NULL REFERENCES strings,
  observed_ns      INTEGER NOT NULL,
  server_ns        INTEGER,  -- phaseTransitionTimestamp, ns since the epoch
  resource_version,         -- no type: integer when all digits, else text
  late             INTEGER NOT NULL DEFAULT 0  -- 1: learned from a relist, not an event
);
INSERT INTO phases VALUES(1,2,5,164740359,1796592484000000000,5,0);
INSERT INTO phases VALUES(2,2,7,172006364,1796592484000000000,6,0);
INSERT INTO phases VALUES(3,2,8,172073444,1796592484000000000,7,0);
INSERT INTO phases VALUES(4,2,9,172122046,1796592484000000000,8,0);
INSERT INTO phases VALUES(5,3,5,172163999,1796592484000000000,9,0);
INSERT INTO phases VALUES(6,4,5,172637744,1796592484000000000,10,0);
INSERT INTO phases VALUES(7,3,7,172951661,1796592484000000000,11,0);
INSERT INTO phases VALUES(8,3,8,173001705,1796592484000000000,12,0);
INSERT INTO phases VALUES(9,3,9,173048135,1796592484000000000,13,0);
INSERT INTO phases VALUES(10,4,7,173373949,1796592484000000000,14,0);
INSERT INTO phases VALUES(11,4,8,173489662,1796592484000000000,15,0);
INSERT INTO phases VALUES(12,4,9,173676510,1796592484000000000,16,0);
INSERT INTO phases VALUES(13,4,11,178164820,1796592484000000000,20,0);
INSERT INTO phases VALUES(14,2,11,178310677,1796592484000000000,22,0);
INSERT INTO phases VALUES(15,3,11,178983819,1796592484000000000,24,0);
CREATE TABLE events (
  id        INTEGER PRIMARY KEY,
  run_id    INTEGER NOT NULL REFERENCES runs,
  at_ns     INTEGER NOT NULL,
  iteration INTEGER,
  kind      TEXT NOT NULL,
  message   TEXT NOT NULL
);
INSERT INTO events VALUES(1,1,67746464,NULL,'watch','opening watches on perfscale.kubevirt.io/run=0c3d5e7f-0000-4000-8000-000000000003');
INSERT INTO events VALUES(2,1,138241368,NULL,'workload-start','fixture-v3 (iterations)');
INSERT INTO events VALUES(3,1,173209554,1,'wait-start','waiting for VMIs to be Running');
INSERT INTO events VALUES(4,1,173872822,1,'wait-end','all VMIs Running or failed');
INSERT INTO events VALUES(5,1,178816590,1,'wait-start','waiting for deleted objects to be gone');
INSERT INTO events VALUES(6,1,179185219,1,'wait-end','all deleted objects gone');
INSERT INTO events VALUES(7,1,179188113,NULL,'workload-end','fixture-v3');
CREATE INDEX payloads_by_hash ON payloads (hash);
CREATE INDEX objects_by_uid ON objects (run_id, uid) WHERE uid IS NOT NULL;
CREATE INDEX objects_by_name ON objects (run_id, name_id);
CREATE INDEX phases_by_object ON phases (object_id, observed_ns);
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
COMMIT;
