-- A kubectl-perfscale trace (schema version 4) of one run, for the pinned-figures test.
PRAGMA foreign_keys=OFF;
PRAGMA application_id = 1348883299;
PRAGMA user_version = 4;
BEGIN TRANSACTION;
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta VALUES('created_by','0.1.0');
INSERT INTO meta VALUES('schema_version','4');
CREATE TABLE strings (
  id   INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE
);
INSERT INTO strings VALUES(1,'kubevirt-test-default-1');
INSERT INTO strings VALUES(2,'Namespace');
INSERT INTO strings VALUES(3,'VirtualMachineInstance');
INSERT INTO strings VALUES(4,'vmi-270d84f1-1-1');
INSERT INTO strings VALUES(5,'Pending');
INSERT INTO strings VALUES(6,'vmi-270d84f1-1-2');
INSERT INTO strings VALUES(7,'vmi-270d84f1-1-3');
INSERT INTO strings VALUES(8,'vmi-270d84f1-1-5');
INSERT INTO strings VALUES(9,'vmi-270d84f1-1-4');
INSERT INTO strings VALUES(10,'vmi-270d84f1-1-6');
INSERT INTO strings VALUES(11,'vmi-270d84f1-1-7');
INSERT INTO strings VALUES(12,'Scheduling');
INSERT INTO strings VALUES(13,'vmi-270d84f1-1-8');
INSERT INTO strings VALUES(14,'vmi-270d84f1-1-9');
INSERT INTO strings VALUES(15,'vmi-270d84f1-1-10');
INSERT INTO strings VALUES(16,'vmi-270d84f1-1-11');
INSERT INTO strings VALUES(17,'vmi-270d84f1-1-12');
INSERT INTO strings VALUES(18,'vmi-270d84f1-1-13');
INSERT INTO strings VALUES(19,'Scheduled');
INSERT INTO strings VALUES(20,'vmi-270d84f1-1-14');
INSERT INTO strings VALUES(21,'vmi-270d84f1-1-15');
INSERT INTO strings VALUES(22,'vmi-270d84f1-1-16');
INSERT INTO strings VALUES(23,'vmi-270d84f1-1-17');
INSERT INTO strings VALUES(24,'vmi-270d84f1-1-18');
INSERT INTO strings VALUES(25,'vmi-270d84f1-1-19');
INSERT INTO strings VALUES(26,'vmi-270d84f1-1-20');
INSERT INTO strings VALUES(27,'vmi-270d84f1-1-21');
INSERT INTO strings VALUES(28,'vmi-270d84f1-1-22');
INSERT INTO strings VALUES(29,'vmi-270d84f1-1-23');
INSERT INTO strings VALUES(30,'vmi-270d84f1-1-24');
INSERT INTO strings VALUES(31,'vmi-270d84f1-1-25');
INSERT INTO strings VALUES(32,'vmi-270d84f1-1-26');
INSERT INTO strings VALUES(33,'vmi-270d84f1-1-27');
INSERT INTO strings VALUES(34,'vmi-270d84f1-1-28');
INSERT INTO strings VALUES(35,'vmi-270d84f1-1-29');
INSERT INTO strings VALUES(36,'Running');
INSERT INTO strings VALUES(37,'vmi-270d84f1-1-30');
INSERT INTO strings VALUES(38,'vmi-270d84f1-1-31');
INSERT INTO strings VALUES(39,'vmi-270d84f1-1-32');
INSERT INTO strings VALUES(40,'vmi-270d84f1-1-33');
INSERT INTO strings VALUES(41,'vmi-270d84f1-1-34');
INSERT INTO strings VALUES(42,'vmi-270d84f1-1-35');
INSERT INTO strings VALUES(43,'vmi-270d84f1-1-36');
INSERT INTO strings VALUES(44,'vmi-270d84f1-1-37');
INSERT INTO strings VALUES(45,'vmi-270d84f1-1-38');
INSERT INTO strings VALUES(46,'vmi-270d84f1-1-39');
INSERT INTO strings VALUES(47,'vmi-270d84f1-1-40');
INSERT INTO strings VALUES(48,'Failed');
INSERT INTO strings VALUES(49,'Succeeded');
INSERT INTO strings VALUES(50,'kubevirt-test-default-2');
INSERT INTO strings VALUES(51,'vmi-270d84f1-2-2');
INSERT INTO strings VALUES(52,'vmi-270d84f1-2-3');
INSERT INTO strings VALUES(53,'vmi-270d84f1-2-5');
INSERT INTO strings VALUES(54,'vmi-270d84f1-2-4');
INSERT INTO strings VALUES(55,'vmi-270d84f1-2-1');
INSERT INTO strings VALUES(56,'vmi-270d84f1-2-6');
INSERT INTO strings VALUES(57,'vmi-270d84f1-2-7');
INSERT INTO strings VALUES(58,'vmi-270d84f1-2-8');
INSERT INTO strings VALUES(59,'vmi-270d84f1-2-9');
INSERT INTO strings VALUES(60,'vmi-270d84f1-2-10');
INSERT INTO strings VALUES(61,'vmi-270d84f1-2-11');
INSERT INTO strings VALUES(62,'vmi-270d84f1-2-12');
INSERT INTO strings VALUES(63,'vmi-270d84f1-2-13');
INSERT INTO strings VALUES(64,'vmi-270d84f1-2-14');
INSERT INTO strings VALUES(65,'vmi-270d84f1-2-15');
INSERT INTO strings VALUES(66,'vmi-270d84f1-2-16');
INSERT INTO strings VALUES(67,'vmi-270d84f1-2-17');
INSERT INTO strings VALUES(68,'vmi-270d84f1-2-18');
INSERT INTO strings VALUES(69,'vmi-270d84f1-2-19');
INSERT INTO strings VALUES(70,'vmi-270d84f1-2-20');
INSERT INTO strings VALUES(71,'vmi-270d84f1-2-21');
INSERT INTO strings VALUES(72,'vmi-270d84f1-2-22');
INSERT INTO strings VALUES(73,'vmi-270d84f1-2-23');
INSERT INTO strings VALUES(74,'vmi-270d84f1-2-24');
INSERT INTO strings VALUES(75,'vmi-270d84f1-2-25');
INSERT INTO strings VALUES(76,'vmi-270d84f1-2-26');
INSERT INTO strings VALUES(77,'vmi-270d84f1-2-27');
INSERT INTO strings VALUES(78,'vmi-270d84f1-2-28');
INSERT INTO strings VALUES(79,'vmi-270d84f1-2-29');
INSERT INTO strings VALUES(80,'vmi-270d84f1-2-30');
INSERT INTO strings VALUES(81,'vmi-270d84f1-2-31');
INSERT INTO strings VALUES(82,'vmi-270d84f1-2-32');
INSERT INTO strings VALUES(83,'vmi-270d84f1-2-33');
INSERT INTO strings VALUES(84,'vmi-270d84f1-2-34');
INSERT INTO strings VALUES(85,'vmi-270d84f1-2-35');
INSERT INTO strings VALUES(86,'vmi-270d84f1-2-36');
INSERT INTO strings VALUES(87,'vmi-270d84f1-2-37');
INSERT INTO strings VALUES(88,'vmi-270d84f1-2-38');
INSERT INTO strings VALUES(89,'vmi-270d84f1-2-39');
INSERT INTO strings VALUES(90,'vmi-270d84f1-2-40');
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
INSERT INTO runs VALUES(1,'270d84f1-ef3d-4f15-b72d-d4100e01bb0a','kubevirt-test-default','run',NULL,1796605185313160367,1796605219161294888,'error',1,NULL,'["--kubeconfig","kubeconfig","--trace","fixture.db","--vmi-count","40","--qps","40","--burst","5","--iteration-count","2","--namespaced-iterations"]','',replace('{\n  "apiVersion": "perfscale.kubevirt.io/v1alpha1",\n  "kind": "Scenario",\n  "name": "kubevirt-test-default",\n  "uuid": "270d84f1-ef3d-4f15-b72d-d4100e01bb0a",\n  "onTimeout": "stop",\n  "maxErrorRatio": 0,\n  "parallelism": 0,\n  "keepOnInterrupt": false,\n  "traceFile": "fixture.db",\n  "client": {\n    "qps": 0,\n    "burst": 0\n  },\n  "workloads": [\n    {\n      "name": "kubevirt-test-default",\n      "kind": "iterations",\n      "namespace": "kubevirt-test-default",\n      "qps": 40,\n      "burst": 5,\n      "maxWaitTimeout": "5m0s",\n      "waitWhenFinished": "30s",\n      "iterationCount": 2,\n      "iterationInterval": "0s",\n      "iterationCreationWait": true,\n      "iterationCleanup": true,\n      "iterationDeletionWait": true,\n      "namespacedIterations": true,\n      "objects": [\n        {\n          "vmi": {\n            "image": "cirros",\n            "imagePrefix": "quay.io/kubevirt",\n            "imageTag": "latest",\n            "cpu": "100m",\n            "memory": "90Mi",\n            "disk": "containerDisk",\n            "emptyDiskCapacity": "1Gi"\n          },\n          "replicas": 40\n        }\n      ]\n    }\n  ]\n}','\n',char(10)),'https://127.0.0.1:35893','perfscale-sim','sim-admin','v1.30.0-perfscale-sim','vm','0.1.0',90,80,33848134521,1,90);
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
INSERT INTO iterations VALUES(1,1,'["kubevirt-test-default-1"]',75736426,1200906437,1834536846,1834539229,1987324525,1987326518);
INSERT INTO iterations VALUES(1,2,'["kubevirt-test-default-2"]',1987332687,3091005967,3697901354,3697903838,3847235713,3847238517);
CREATE TABLE payloads (
  id   INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,  -- 64-bit; equal hashes are told apart by body
  body TEXT NOT NULL
);
INSERT INTO payloads VALUES(1,5870774716162893387,'{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}}}');
INSERT INTO payloads VALUES(2,206107838477320003,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-1","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(3,-12412693028285934,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-2","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(4,1555623446917927611,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-3","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(5,-1921131166081598505,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-5","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(6,4577293715879692532,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-4","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(7,4582823547105565621,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-6","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(8,3105637620688367094,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-7","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(9,7322779291725100688,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-8","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(10,-8466700760254078889,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-9","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(11,-7581697693215948571,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-10","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(12,-5460984796069240443,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-11","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(13,1919380125450546617,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-12","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(14,-321116008458742334,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-13","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(15,-8636722219056496485,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-14","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(16,-8295162904389593047,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-15","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(17,-3014026828324241135,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-16","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(18,-1942386305632245547,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-17","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(19,-4762803970324439778,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-18","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(20,-7107907133653842251,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-19","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(21,1988888026658713419,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-20","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(22,7502793416758147466,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-21","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(23,-583543576431230921,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-22","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(24,9050989386537992424,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-23","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(25,6325223204248845214,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-24","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(26,5055331531361895030,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-25","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(27,-976718972256680194,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-26","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(28,1204234187845635402,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-27","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(29,-7733034474917102022,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-28","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(30,-7700506555636602319,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-29","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(31,-898144645606945655,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-30","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(32,-9089666662327189639,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-31","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(33,-5207019882108512579,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-32","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(34,2485785525635955006,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-33","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(35,-897062692089381699,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-34","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(36,7985594233092785415,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-35","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(37,3159312602486538993,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-36","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(38,2813088479442469693,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-37","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(39,-4172049237200143618,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-38","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(40,2556020900191206766,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-39","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(41,6510054949162273738,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-1-40","namespace":"kubevirt-test-default-1","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"1"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(42,281840438946574911,'{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}}}');
INSERT INTO payloads VALUES(43,3147116716298127105,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-3","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(44,-2516586559977304665,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-2","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(45,2913576786726889118,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-5","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(46,1520660193528846680,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-4","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(47,-113460292227096178,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-1","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(48,2075142862978902314,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-6","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(49,-6014455889164268163,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-7","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(50,404790145051547366,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-8","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(51,-5478561213922765175,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-9","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(52,4236502359867416306,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-10","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(53,-4199260062401956023,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-11","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(54,3926118053721217918,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-12","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(55,3997750793028941243,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-13","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(56,-3982360448166839900,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-14","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(57,-3768574963986956502,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-15","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(58,5041427887221039987,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-16","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(59,-7850802221641876858,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-17","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(60,-4273896187981791819,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-18","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(61,-37172337900124310,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-19","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(62,-4578337267064569504,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-20","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(63,-6307705211806880773,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-21","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(64,-7900897176581668900,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-22","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(65,-3881850058018037135,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-23","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(66,-6093431044964935641,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-24","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(67,6337527281521530878,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-25","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(68,221741991252844484,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-26","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(69,220860367689837836,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-27","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(70,-9080910360971905700,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-28","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(71,1719093749632386098,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-29","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(72,-4044778439121971088,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-30","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(73,574343233301170799,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-31","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(74,-5246544601663980957,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-32","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(75,-5211298167966019347,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-33","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(76,5792871230946461126,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-34","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(77,1728537563283754928,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-35","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(78,-6578771498120336187,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-36","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(79,-8010896142793757112,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-37","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(80,-1269949262331493348,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-38","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(81,7984442551451684494,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-39","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
INSERT INTO payloads VALUES(82,-3275838493400682070,'{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vmi-270d84f1-2-40","namespace":"kubevirt-test-default-2","labels":{"perfscale.kubevirt.io/run":"270d84f1-ef3d-4f15-b72d-d4100e01bb0a","perfscale.kubevirt.io/scenario":"kubevirt-test-default","perfscale.kubevirt.io/workload":"kubevirt-test-default","perfscale.kubevirt.io/iteration":"2"}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}},{"name":"disk1","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}},{"name":"disk1","cloudInitNoCloud":{"userData":"#!/bin/sh\necho hello"}}]}}');
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
INSERT INTO requests VALUES(1,1,1,NULL,1,NULL,NULL,69324052,0,77525,239236,2444,200,NULL,1,NULL,0,113,NULL,1,NULL);
INSERT INTO requests VALUES(2,1,2,NULL,2,NULL,NULL,69737507,0,2597636,319336,41942,200,NULL,1,NULL,0,0,NULL,1,NULL);
INSERT INTO requests VALUES(3,1,3,NULL,3,NULL,NULL,72734928,0,37957,172587,2353,200,NULL,1,NULL,0,88,NULL,1,NULL);
INSERT INTO requests VALUES(4,1,4,NULL,4,NULL,NULL,73040193,0,2427292,226608,9564,200,NULL,1,NULL,0,0,NULL,1,NULL);
INSERT INTO requests VALUES(5,1,5,1,5,NULL,1,75753331,0,44226,268069,2023,201,NULL,1,NULL,314,545,NULL,2,1);
INSERT INTO requests VALUES(6,1,6,1,6,1,4,92089355,467190,43976,724428,8383,201,NULL,1,NULL,805,1136,NULL,2,2);
INSERT INTO requests VALUES(7,1,7,1,6,1,6,92089355,554360,263012,535577,4567,201,NULL,1,NULL,805,1136,NULL,2,3);
INSERT INTO requests VALUES(8,1,8,1,6,1,7,92089355,650103,29303,757393,8282,201,NULL,1,NULL,805,1136,NULL,2,4);
INSERT INTO requests VALUES(9,1,9,1,6,1,8,92089355,276126,96133,1289575,5788,201,NULL,1,NULL,805,1136,NULL,2,5);
INSERT INTO requests VALUES(10,1,10,1,6,1,9,92089355,762490,115722,828729,4387,201,NULL,1,NULL,805,1136,NULL,2,6);
INSERT INTO requests VALUES(11,1,11,1,6,1,10,117089355,184685,455979,157114,8362,201,NULL,1,NULL,805,1137,NULL,2,7);
INSERT INTO requests VALUES(12,1,12,1,6,1,11,142089355,167490,152356,543409,7982,201,NULL,1,NULL,805,1137,NULL,2,8);
INSERT INTO requests VALUES(13,1,13,1,6,1,13,167089355,158220,95322,574721,10005,201,NULL,1,NULL,805,1137,NULL,2,9);
INSERT INTO requests VALUES(14,1,14,1,6,1,14,192089355,173032,102433,638245,17827,201,NULL,1,NULL,805,1137,NULL,2,10);
INSERT INTO requests VALUES(15,1,15,1,6,1,15,217089355,203297,89884,408298,10746,201,NULL,1,NULL,806,1138,NULL,2,11);
INSERT INTO requests VALUES(16,1,16,1,6,1,16,242089355,151490,83394,474376,5388,201,NULL,1,NULL,806,1138,NULL,2,12);
INSERT INTO requests VALUES(17,1,17,1,6,1,17,267089355,149157,97895,402379,5138,201,NULL,1,NULL,806,1138,NULL,2,13);
INSERT INTO requests VALUES(18,1,18,1,6,1,18,292089355,166938,164315,505833,4747,201,NULL,1,NULL,806,1138,NULL,2,14);
INSERT INTO requests VALUES(19,1,19,1,6,1,20,317089355,1243010,186828,507295,5168,201,NULL,1,NULL,806,1138,NULL,2,15);
INSERT INTO requests VALUES(20,1,20,1,6,1,21,342089355,181370,190383,644580,10295,201,NULL,1,NULL,806,1138,NULL,2,16);
INSERT INTO requests VALUES(21,1,21,1,6,1,22,367089355,179207,188911,891006,5208,201,NULL,1,NULL,806,1138,NULL,2,17);
INSERT INTO requests VALUES(22,1,22,1,6,1,23,392089355,186608,202211,693982,6710,201,NULL,1,NULL,806,1138,NULL,2,18);
INSERT INTO requests VALUES(23,1,23,1,6,1,24,417089355,152507,163884,1294807,4967,201,NULL,1,NULL,806,1138,NULL,2,19);
INSERT INTO requests VALUES(24,1,24,1,6,1,25,442089355,154655,151475,516779,4267,201,NULL,1,NULL,806,1138,NULL,2,20);
INSERT INTO requests VALUES(25,1,25,1,6,1,26,467089355,166813,102272,465483,6429,201,NULL,1,NULL,806,1138,NULL,2,21);
INSERT INTO requests VALUES(26,1,26,1,6,1,27,492089355,171530,456759,255501,7942,201,NULL,1,NULL,806,1138,NULL,2,22);
INSERT INTO requests VALUES(27,1,27,1,6,1,28,517089355,161705,96684,537950,7041,201,NULL,1,NULL,806,1138,NULL,2,23);
INSERT INTO requests VALUES(28,1,28,1,6,1,29,542089355,161024,170013,578361,5007,201,NULL,1,NULL,806,1138,NULL,2,24);
INSERT INTO requests VALUES(29,1,29,1,6,1,30,567089355,161715,165336,733602,4927,201,NULL,1,NULL,806,1138,NULL,2,25);
INSERT INTO requests VALUES(30,1,30,1,6,1,31,592089355,153202,167810,719230,4577,201,NULL,1,NULL,806,1138,NULL,2,26);
INSERT INTO requests VALUES(31,1,31,1,6,1,32,617089355,140974,164395,592922,5538,201,NULL,1,NULL,806,1138,NULL,2,27);
INSERT INTO requests VALUES(32,1,32,1,6,1,33,642089355,141174,141931,543589,4838,201,NULL,1,NULL,806,1138,NULL,2,28);
INSERT INTO requests VALUES(33,1,33,1,6,1,34,667089355,147193,131396,434907,5819,201,NULL,1,NULL,806,1138,NULL,2,29);
INSERT INTO requests VALUES(34,1,34,1,6,1,35,692089355,153172,162281,629127,5929,201,NULL,1,NULL,806,1138,NULL,2,30);
INSERT INTO requests VALUES(35,1,35,1,6,1,37,717089355,819433,111597,676016,6850,201,NULL,1,NULL,806,1138,NULL,2,31);
INSERT INTO requests VALUES(36,1,36,1,6,1,38,742089355,153062,169852,685070,5448,201,NULL,1,NULL,806,1138,NULL,2,32);
INSERT INTO requests VALUES(37,1,37,1,6,1,39,767089355,167743,113900,604400,4847,201,NULL,1,NULL,806,1138,NULL,2,33);
INSERT INTO requests VALUES(38,1,38,1,6,1,40,792089355,175265,164735,836064,7281,201,NULL,1,NULL,806,1138,NULL,2,34);
INSERT INTO requests VALUES(39,1,39,1,6,1,41,817089355,142035,165677,645861,6349,201,NULL,1,NULL,806,1138,NULL,2,35);
INSERT INTO requests VALUES(40,1,40,1,6,1,42,842089355,163637,203814,711749,6049,201,NULL,1,NULL,806,1138,NULL,2,36);
INSERT INTO requests VALUES(41,1,41,1,6,1,43,867089355,179851,177044,586843,8483,201,NULL,1,NULL,806,1139,NULL,2,37);
INSERT INTO requests VALUES(42,1,42,1,6,1,44,892089355,175445,170894,747903,7191,201,NULL,1,NULL,806,1139,NULL,2,38);
INSERT INTO requests VALUES(43,1,43,1,6,1,45,917089355,175865,196352,734253,8173,201,NULL,1,NULL,806,1139,NULL,2,39);
INSERT INTO requests VALUES(44,1,44,1,6,1,46,942089355,174223,183473,673112,6910,201,NULL,1,NULL,806,1139,NULL,2,40);
INSERT INTO requests VALUES(45,1,45,1,6,1,47,967089355,176606,203363,797156,13140,201,NULL,1,NULL,806,1139,NULL,2,41);
INSERT INTO requests VALUES(46,1,46,1,7,1,NULL,1834554442,0,2151051,1081420,704809,200,NULL,1,NULL,0,64383,NULL,2,NULL);
INSERT INTO requests VALUES(47,1,47,1,8,NULL,1,1838626312,0,49885,894261,4376,200,NULL,1,NULL,0,595,NULL,2,NULL);
INSERT INTO requests VALUES(48,1,48,2,5,NULL,50,1987354900,0,59558,195021,4116,201,NULL,1,NULL,314,547,NULL,2,42);
INSERT INTO requests VALUES(49,1,49,2,6,50,52,1990782211,295715,924687,25428,8893,201,NULL,1,NULL,805,1138,NULL,2,43);
INSERT INTO requests VALUES(50,1,50,2,6,50,51,1990782211,263277,319486,907831,5658,201,NULL,1,NULL,805,1138,NULL,2,44);
INSERT INTO requests VALUES(51,1,51,2,6,50,53,1990782211,491166,197925,1049833,7200,201,NULL,1,NULL,805,1138,NULL,2,45);
INSERT INTO requests VALUES(52,1,52,2,6,50,54,1990782211,416055,268639,1088000,4486,201,NULL,1,NULL,805,1138,NULL,2,46);
INSERT INTO requests VALUES(53,1,53,2,6,50,55,1990782211,446169,234499,1115260,5699,201,NULL,1,NULL,805,1138,NULL,2,47);
INSERT INTO requests VALUES(54,1,54,2,6,50,56,2015782211,189087,156983,454106,9845,201,NULL,1,NULL,805,1138,NULL,2,48);
INSERT INTO requests VALUES(55,1,55,2,6,50,57,2040782211,205561,178436,625781,10696,201,NULL,1,NULL,805,1138,NULL,2,49);
INSERT INTO requests VALUES(56,1,56,2,6,50,58,2065782211,166163,153989,552562,8202,201,NULL,1,NULL,805,1138,NULL,2,50);
INSERT INTO requests VALUES(57,1,57,2,6,50,59,2090782211,141075,438863,188321,7911,201,NULL,1,NULL,805,1138,NULL,2,51);
INSERT INTO requests VALUES(58,1,58,2,6,50,60,2115782211,244189,152867,563178,10426,201,NULL,1,NULL,806,1139,NULL,2,52);
INSERT INTO requests VALUES(59,1,59,2,6,50,61,2140782211,978922,501446,212367,3815,201,NULL,1,NULL,806,1139,NULL,2,53);
INSERT INTO requests VALUES(60,1,60,2,6,50,62,2165782211,158541,148771,528747,3696,201,NULL,1,NULL,806,1139,NULL,2,54);
INSERT INTO requests VALUES(61,1,61,2,6,50,63,2190782211,194595,177624,753001,5758,201,NULL,1,NULL,806,1139,NULL,2,55);
INSERT INTO requests VALUES(62,1,62,2,6,50,64,2215782211,154785,152477,737197,4607,201,NULL,1,NULL,806,1139,NULL,2,56);
INSERT INTO requests VALUES(63,1,63,2,6,50,65,2240782211,119052,71547,431482,3896,201,NULL,1,NULL,806,1139,NULL,2,57);
INSERT INTO requests VALUES(64,1,64,2,6,50,66,2265782211,134906,128040,512463,3966,201,NULL,1,NULL,806,1139,NULL,2,58);
INSERT INTO requests VALUES(65,1,65,2,6,50,67,2290782211,148706,144555,546934,3696,201,NULL,1,NULL,806,1139,NULL,2,59);
INSERT INTO requests VALUES(66,1,66,2,6,50,68,2315782211,159973,485282,167840,4156,201,NULL,1,NULL,806,1139,NULL,2,60);
INSERT INTO requests VALUES(67,1,67,2,6,50,69,2340782211,1012742,388949,277773,6430,201,NULL,1,NULL,806,1139,NULL,2,61);
INSERT INTO requests VALUES(68,1,68,2,6,50,70,2365782211,147394,160699,681214,8282,201,NULL,1,NULL,806,1139,NULL,2,62);
INSERT INTO requests VALUES(69,1,69,2,6,50,71,2390782211,131560,145487,461687,4737,201,NULL,1,NULL,806,1139,NULL,2,63);
INSERT INTO requests VALUES(70,1,70,2,6,50,72,2415782211,154845,148541,426845,5258,201,NULL,1,NULL,806,1139,NULL,2,64);
INSERT INTO requests VALUES(71,1,71,2,6,50,73,2440782211,233121,540946,28212,5157,201,NULL,1,NULL,806,1139,NULL,2,65);
INSERT INTO requests VALUES(72,1,72,2,6,50,74,2465782211,155256,152096,454827,6970,201,NULL,1,NULL,806,1139,NULL,2,66);
INSERT INTO requests VALUES(73,1,73,2,6,50,75,2490782211,163518,181039,677028,8553,201,NULL,1,NULL,806,1139,NULL,2,67);
INSERT INTO requests VALUES(74,1,74,2,6,50,76,2515782211,171480,155141,1015501,10075,201,NULL,1,NULL,806,1139,NULL,2,68);
INSERT INTO requests VALUES(75,1,75,2,6,50,77,2540782211,144600,155441,480976,7651,201,NULL,1,NULL,806,1139,NULL,2,69);
INSERT INTO requests VALUES(76,1,76,2,6,50,78,2565782211,208935,220128,642696,8754,201,NULL,1,NULL,806,1139,NULL,2,70);
INSERT INTO requests VALUES(77,1,77,2,6,50,79,2590782211,167033,181470,641855,9785,201,NULL,1,NULL,806,1139,NULL,2,71);
INSERT INTO requests VALUES(78,1,78,2,6,50,80,2615782211,161595,150574,490780,6600,201,NULL,1,NULL,806,1139,NULL,2,72);
INSERT INTO requests VALUES(79,1,79,2,6,50,81,2640782211,156237,174800,659812,9414,201,NULL,1,NULL,806,1139,NULL,2,73);
INSERT INTO requests VALUES(80,1,80,2,6,50,82,2665782211,156577,153439,473745,6209,201,NULL,1,NULL,806,1139,NULL,2,74);
INSERT INTO requests VALUES(81,1,81,2,6,50,83,2690782211,161264,148852,469518,7311,201,NULL,1,NULL,806,1139,NULL,2,75);
INSERT INTO requests VALUES(82,1,82,2,6,50,84,2715782211,154624,149112,479594,6740,201,NULL,1,NULL,806,1139,NULL,2,76);
INSERT INTO requests VALUES(83,1,83,2,6,50,85,2740782211,126893,147399,458242,7632,201,NULL,1,NULL,806,1139,NULL,2,77);
INSERT INTO requests VALUES(84,1,84,2,6,50,86,2765782211,139381,148662,420315,6520,201,NULL,1,NULL,806,1139,NULL,2,78);
INSERT INTO requests VALUES(85,1,85,2,6,50,87,2790782211,126142,561135,106458,6991,201,NULL,1,NULL,806,1139,NULL,2,79);
INSERT INTO requests VALUES(86,1,86,2,6,50,88,2815782211,126362,502578,220718,7331,201,NULL,1,NULL,806,1139,NULL,2,80);
INSERT INTO requests VALUES(87,1,87,2,6,50,89,2840782211,138931,151375,478963,6680,201,NULL,1,NULL,806,1139,NULL,2,81);
INSERT INTO requests VALUES(88,1,88,2,6,50,90,2865782211,201824,662096,102662,6750,201,NULL,1,NULL,806,1139,NULL,2,82);
INSERT INTO requests VALUES(89,1,89,2,7,50,NULL,3697918349,0,78277,2995298,64746,200,NULL,1,NULL,0,64383,NULL,2,NULL);
INSERT INTO requests VALUES(90,1,90,2,8,NULL,50,3701148647,0,49254,327707,3485,200,NULL,1,NULL,0,595,NULL,2,NULL);
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
INSERT INTO objects VALUES(1,1,2,NULL,1,'3dcec3a1-9a44-4a02-8ca8-4a29c6c2387d',1,76080898,1839595765,1987259593,NULL,NULL);
INSERT INTO objects VALUES(2,1,3,1,4,'4fdf410e-bfbd-45f9-b7ad-75758c6c7a9e',1,93357237,1838548246,1954494300,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(3,1,3,1,6,'8b4adc06-f4c0-4776-8ad1-3b5d017b10d4',1,93455113,1838548246,1899219469,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(4,1,3,1,7,'b35bf89a-e4f8-4f89-87c5-420befd7c637',1,93555658,1838548246,1893913011,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(5,1,3,1,8,'bbf280b8-a39d-4c4b-951b-f138a020bbc0',1,93769085,1838548246,1892357285,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(6,1,3,1,9,'7c32125f-7128-420c-8529-831a76686eb9',1,93807162,1838548246,1922123540,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(7,1,3,1,10,'b3094f21-cd4b-4c6a-8a5a-647bca6bc70a',1,117913602,1838548246,1892067164,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(8,1,3,1,11,'32a2e1dd-f68d-41e9-840d-9c9a86f93a16',1,142978218,1838548246,1980368551,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(9,1,3,1,13,'0a1b7a4b-edf8-4552-acc2-80299faa471a',1,167950667,1838548246,1908536126,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(10,1,3,1,14,'efdb6f71-7d8d-43d8-82da-603f93b2a9a1',1,193170224,1838548246,1986885882,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(11,1,3,1,15,'342098bf-7015-42b0-84f6-038f5febfb48',1,217824935,1838548246,1975991076,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(12,1,3,1,16,'a2f4c32f-a4b6-45fe-8bbf-b83d8c7e5ab0',1,242826407,1838548246,1896066937,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(13,1,3,1,17,'5ead7eaa-c35e-4244-a5f0-561c77dc27d6',1,267765937,1838548246,1959164351,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(14,1,3,1,18,'62cda0fb-b5fb-4058-bdc0-075b0c419461',1,292947773,1838548246,1950791399,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(15,1,3,1,20,'2415b6cf-208d-4e48-8aed-0c0ef67342b6',1,319054019,1838548246,1955235533,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(16,1,3,1,21,'1549f797-6e07-48c4-8bf4-153e5624b51e',1,343149813,1838548246,1891321604,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(17,1,3,1,22,'744b9715-7a20-44f9-b263-cace79b61faa',1,368376050,1838548246,1903532148,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(18,1,3,1,23,'e2266f29-5862-4010-8e71-22e1f1b2a012',1,393205376,1838548246,1975951988,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(19,1,3,1,24,'bed79e74-5587-405c-bb1e-c3e0a4812936',1,418724098,1838548246,1936259169,1796605185000000000,NULL);
INSERT INTO objects VALUES(20,1,3,1,25,'e718c9d7-c2bd-4fda-a5ec-93bda3bdba14',1,442933105,1838548246,1897182948,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(21,1,3,1,26,'5e0947fc-f8d5-4f42-a6fc-f322f53e6d33',1,467856812,1838548246,1902537658,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(22,1,3,1,27,'efbbefb9-995a-4dfa-9763-73cbc3463b16',1,493007846,1838548246,1958366093,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(23,1,3,1,28,'c8f2df0c-e9aa-4b01-97a3-1a83c6ef3432',1,517960516,1838548246,1941267023,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(24,1,3,1,29,'b17d572b-72c8-4e44-8ac1-0a83a60ead50',1,543023770,1838548246,1932848813,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(25,1,3,1,30,'45b9b875-f0ca-4b4a-88ed-8ac634f9c4a6',1,568173142,1838548246,1931399736,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(26,1,3,1,31,'383f7c5f-9d1f-4773-b0cc-90030870fad2',1,593151740,1838548246,1894597029,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(27,1,3,1,32,'f0a24e25-5c1e-4ad8-8fa6-81e15ab351c5',1,618012002,1838548246,1979350536,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(28,1,3,1,33,'7591e7ef-a2d3-44af-be3d-0bfc13f35986',1,642941497,1838548246,1931325135,1796605185000000000,1796605187000000000);
INSERT INTO objects VALUES(29,1,3,1,34,'b665db3b-93ec-4a82-b0f3-6abbed8b0169',1,667828830,1838548246,1945724457,1796605185000000000,NULL);
INSERT INTO objects VALUES(30,1,3,1,35,'f60a369d-5b62-4891-850c-dd8d8f9e4dd5',1,693059313,1838548246,1984609534,1796605186000000000,1796605187000000000);
INSERT INTO objects VALUES(31,1,3,1,37,'6cb2b175-c673-46e2-acc9-aac6450d9689',1,718731894,1838548246,1910288124,1796605186000000000,1796605187000000000);
INSERT INTO objects VALUES(32,1,3,1,38,'156dc5cf-32c2-4175-9858-f18d2f7a80f0',1,743170628,1838548246,1952444149,1796605186000000000,1796605187000000000);
INSERT INTO objects VALUES(33,1,3,1,39,'8304851d-c24c-41a5-938e-d01a7e9b46d3',1,768001556,1838548246,1987309072,1796605186000000000,1796605187000000000);
INSERT INTO objects VALUES(34,1,3,1,40,'eaacf38c-30f8-4945-94f6-409476cc63a4',1,793298358,1838548246,1928084572,1796605186000000000,1796605187000000000);
INSERT INTO objects VALUES(35,1,3,1,41,'deea2407-0091-4954-9cc7-b5d020bedbe6',1,818072893,1838548246,1903479620,1796605186000000000,1796605187000000000);
INSERT INTO objects VALUES(36,1,3,1,42,'de71e4df-f5fe-4870-8d09-b2c2e4e9ef82',1,843198780,1838548246,1941312921,1796605186000000000,1796605187000000000);
INSERT INTO objects VALUES(37,1,3,1,43,'9140b3d5-dff4-4216-85a4-9d302a0bcc99',1,868070699,1838548246,1902671066,1796605186000000000,1796605187000000000);
INSERT INTO objects VALUES(38,1,3,1,44,'36eb45d4-0bcb-4168-95e6-6fdbcc8eda93',1,893218329,1838548246,1955199430,1796605186000000000,1796605187000000000);
INSERT INTO objects VALUES(39,1,3,1,45,'6d70b620-a308-47d3-8fe0-1c0356426c7d',1,918268143,1838548246,1982808012,1796605186000000000,1796605187000000000);
INSERT INTO objects VALUES(40,1,3,1,46,'ee10f568-3c6a-4e0c-9c65-5a130c5218d8',1,943153342,1838548246,1952499591,1796605186000000000,1796605187000000000);
INSERT INTO objects VALUES(41,1,3,1,47,'cad73cb4-ecaf-4745-9fc9-0a8141eb587f',1,968302484,1838548246,1965918965,1796605186000000000,1796605187000000000);
INSERT INTO objects VALUES(42,1,2,NULL,50,'8387ba79-1701-4290-90d5-43d03f618d3f',2,1987628968,3701536935,3847123051,NULL,NULL);
INSERT INTO objects VALUES(43,1,3,50,51,'1e1c31d6-579b-43f0-8f7f-6fa301997174',2,1992287066,3701097631,3767315069,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(44,1,3,50,52,'b6e7c96f-2ed2-4d64-93e8-72b5756e4045',2,1992057895,3701097631,3778557142,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(45,1,3,50,53,'2c6859e9-ebf2-453b-ad55-7df7f01fec90',2,1992536477,3701097631,3812964634,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(46,1,3,50,54,'31a3c37b-f5a9-4161-85ac-684675b71cb1',2,1992563898,3701097631,3818851205,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(47,1,3,50,55,'c4c0c4b1-e6c7-4a47-a1e6-d65b0e4b8876',2,1992588966,3701097631,3781263690,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(48,1,3,50,56,'c09e69c0-c9d1-4bc7-9c0e-b7fbac112cb0',2,2016615537,3701097631,3816817358,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(49,1,3,50,57,'e8edb590-b069-42be-933f-0be6446bec06',2,2041825800,3701097631,3756700050,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(50,1,3,50,58,'f063bb8d-7e85-40f8-bd7e-1001007c0c25',2,2066716737,3701097631,3800857213,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(51,1,3,50,59,'7677b85e-feb8-4294-8807-10067b74cc28',2,2091575136,3701097631,3767176263,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(52,1,3,50,60,'d240dde3-327c-4eae-99cf-12e815f9b12f',2,2116808133,3701097631,3752490254,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(53,1,3,50,61,'43ed50cf-91bb-460e-879e-28a90213bb14',2,2142521885,3701097631,3788344840,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(54,1,3,50,62,'10a0e8fd-fc95-41db-a779-6158377e6946',2,2166639682,3701097631,3764387181,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(55,1,3,50,63,'792cbd52-0263-47cf-8b7d-0bc5cee0bbd9',2,2191936624,3701097631,3841776998,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(56,1,3,50,64,'4af8e6ae-fbf2-4a4c-9646-2b8f15902013',2,2216858778,3701097631,3807445920,1796605187000000000,NULL);
INSERT INTO objects VALUES(57,1,3,50,65,'c1079041-6452-4018-af88-2ec467913772',2,2241425854,3701097631,3787100928,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(58,1,3,50,66,'de0776b2-daaf-447d-bf11-c92678329f2c',2,2266578281,3701097631,3786848022,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(59,1,3,50,67,'0665c77a-9c14-4220-973d-764ddbfc8ad8',2,2291643147,3701097631,3812926657,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(60,1,3,50,68,'19adb1b8-846a-47a3-8c28-176ba24fdebc',2,2316617199,3701097631,3759036227,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(61,1,3,50,69,'886fcaf4-f7ee-4a58-bd9d-d032ebe9991c',2,2342496087,3701097631,3833021076,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(62,1,3,50,70,'f10ff83d-5898-473b-b97c-afe026796053',2,2366812119,3701097631,3805491972,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(63,1,3,50,71,'ed636f41-15a2-48a9-bb2d-15c9ded17c6d',2,2391546944,3701097631,3775021379,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(64,1,3,50,72,'fac47633-0ca4-4acc-ac9f-b0d631ac8d0e',2,2416542026,3701097631,3816186489,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(65,1,3,50,73,'da4dc89c-b549-43fa-9345-d5d7f6fdf753',2,2441638310,3701097631,3847219559,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(66,1,3,50,74,'e1da1dc8-b818-4cbb-9775-5996bf54bbf9',2,2466578661,3701097631,3809181914,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(67,1,3,50,75,'e6281618-ca60-4036-b7ba-54b3b2b60b21',2,2491845788,3701097631,3809344386,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(68,1,3,50,76,'3dfd5415-8a99-450b-9ba4-8f10574b33a7',2,2517172054,3701097631,3792488658,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(69,1,3,50,77,'ce9194ea-2c47-4b24-81b3-d6c14abc945f',2,2541598290,3701097631,3786002203,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(70,1,3,50,78,'9cc8c85f-92a2-456d-b52b-344207e15902',2,2566896954,3701097631,3818390950,1796605187000000000,NULL);
INSERT INTO objects VALUES(71,1,3,50,79,'dd635f08-5b79-4772-81ca-c369efff68f3',2,2591940229,3701097631,3845807728,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(72,1,3,50,80,'00b1317c-d540-462e-9b7f-856b91166f2d',2,2616620222,3701097631,3818792278,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(73,1,3,50,81,'b9728b62-10f2-45fa-99f7-3aa671ec580d',2,2641817326,3701097631,3793538520,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(74,1,3,50,82,'3ce33115-5b85-4696-9475-11bed6a32afc',2,2666599371,3701097631,3783561480,1796605187000000000,1796605189000000000);
INSERT INTO objects VALUES(75,1,3,50,83,'9591807a-6b1a-4b6b-9b46-5ea9c205a485',2,2691623377,3701097631,3816950266,1796605188000000000,1796605189000000000);
INSERT INTO objects VALUES(76,1,3,50,84,'4ad3eda0-a52e-42e6-9f99-0842f0adc2d7',2,2716598250,3701097631,3759831741,1796605188000000000,1796605189000000000);
INSERT INTO objects VALUES(77,1,3,50,85,'bd911cc6-eaf7-4854-aebb-00c4a750626d',2,2741549066,3701097631,3827131049,1796605188000000000,1796605189000000000);
INSERT INTO objects VALUES(78,1,3,50,86,'386366ac-6cc2-403e-bfdb-ab83f49ca74f',2,2766522417,3701097631,3827100003,1796605188000000000,1796605189000000000);
INSERT INTO objects VALUES(79,1,3,50,87,'d4a639a6-466b-48fc-9e39-74860018f62c',2,2791607023,3701097631,3762395267,1796605188000000000,1796605189000000000);
INSERT INTO objects VALUES(80,1,3,50,88,'bae3261a-40de-4071-8910-64e2eb03303c',2,2816746330,3701097631,3803508249,1796605188000000000,1796605189000000000);
INSERT INTO objects VALUES(81,1,3,50,89,'d98f677f-7db0-4847-891c-9d4f38048b08',2,2841584699,3701097631,3784151338,1796605188000000000,1796605189000000000);
INSERT INTO objects VALUES(82,1,3,50,90,'8499f3c6-1251-4bfc-8a33-8a048f019596',2,2866826549,3701097631,3826436796,1796605188000000000,1796605189000000000);
CREATE TABLE phases (
  id               INTEGER PRIMARY KEY,
  object_id        INTEGER NOT NULL REFERENCES objects,
  phase_id         INTEGER NOT NULL REFERENCES strings,
  observed_ns      INTEGER NOT NULL,
  server_ns        INTEGER,  -- phaseTransitionTimestamp, ns since the epoch
  resource_version,         -- no type: integer when all digits, else text
  late             INTEGER NOT NULL DEFAULT 0  -- 1: learned from a relist, not an event
);
INSERT INTO phases VALUES(1,2,5,93154210,1796605185000000000,5,0);
INSERT INTO phases VALUES(2,3,5,93183364,1796605185000000000,6,0);
INSERT INTO phases VALUES(3,4,5,93651050,1796605185000000000,7,0);
INSERT INTO phases VALUES(4,5,5,93660053,1796605185000000000,8,0);
INSERT INTO phases VALUES(5,6,5,93664900,1796605185000000000,9,0);
INSERT INTO phases VALUES(6,7,5,117801896,1796605185000000000,10,0);
INSERT INTO phases VALUES(7,8,5,142836107,1796605185000000000,11,0);
INSERT INTO phases VALUES(8,5,12,166247502,1796605185000000000,12,0);
INSERT INTO phases VALUES(9,9,5,167834174,1796605185000000000,13,0);
INSERT INTO phases VALUES(10,7,12,176937964,1796605185000000000,14,0);
INSERT INTO phases VALUES(11,10,5,193109263,1796605185000000000,15,0);
INSERT INTO phases VALUES(12,3,12,194796515,1796605185000000000,16,0);
INSERT INTO phases VALUES(13,6,12,196453000,1796605185000000000,17,0);
INSERT INTO phases VALUES(14,4,12,205082574,1796605185000000000,18,0);
INSERT INTO phases VALUES(15,11,5,217928474,1796605185000000000,19,0);
INSERT INTO phases VALUES(16,2,12,230254630,1796605185000000000,20,0);
INSERT INTO phases VALUES(17,12,5,242838310,1796605185000000000,21,0);
INSERT INTO phases VALUES(18,9,12,245181097,1796605185000000000,22,0);
INSERT INTO phases VALUES(19,8,12,263133848,1796605185000000000,23,0);
INSERT INTO phases VALUES(20,13,5,267759422,1796605185000000000,24,0);
INSERT INTO phases VALUES(21,14,5,292869226,1796605185000000000,25,0);
INSERT INTO phases VALUES(22,11,12,303079553,1796605185000000000,26,0);
INSERT INTO phases VALUES(23,10,12,305374989,1796605185000000000,27,0);
INSERT INTO phases VALUES(24,7,19,306407276,1796605185000000000,28,0);
INSERT INTO phases VALUES(25,15,5,318956674,1796605185000000000,29,0);
INSERT INTO phases VALUES(26,16,5,342988553,1796605185000000000,30,0);
INSERT INTO phases VALUES(27,13,12,351646279,1796605185000000000,31,0);
INSERT INTO phases VALUES(28,12,12,353660918,1796605185000000000,32,0);
INSERT INTO phases VALUES(29,2,19,361171026,1796605185000000000,33,0);
INSERT INTO phases VALUES(30,14,12,367952349,1796605185000000000,34,0);
INSERT INTO phases VALUES(31,17,5,368239727,1796605185000000000,35,0);
INSERT INTO phases VALUES(32,18,5,393082934,1796605185000000000,36,0);
INSERT INTO phases VALUES(33,8,19,403169537,1796605185000000000,37,0);
INSERT INTO phases VALUES(34,19,5,418637068,1796605185000000000,38,0);
INSERT INTO phases VALUES(35,5,19,427475664,1796605185000000000,39,0);
INSERT INTO phases VALUES(36,15,12,436496405,1796605185000000000,40,0);
INSERT INTO phases VALUES(37,6,19,436879024,1796605185000000000,41,0);
INSERT INTO phases VALUES(38,20,5,442860988,1796605185000000000,42,0);
INSERT INTO phases VALUES(39,3,19,445040762,1796605185000000000,43,0);
INSERT INTO phases VALUES(40,16,12,463690561,1796605185000000000,44,0);
INSERT INTO phases VALUES(41,17,12,464212157,1796605185000000000,45,0);
INSERT INTO phases VALUES(42,21,5,467781740,1796605185000000000,46,0);
INSERT INTO phases VALUES(43,22,5,492954056,1796605185000000000,47,0);
INSERT INTO phases VALUES(44,11,19,504574752,1796605185000000000,48,0);
INSERT INTO phases VALUES(45,4,19,504725056,1796605185000000000,49,0);
INSERT INTO phases VALUES(46,23,5,517886626,1796605185000000000,50,0);
INSERT INTO phases VALUES(47,18,12,524867666,1796605185000000000,51,0);
INSERT INTO phases VALUES(48,21,12,528476027,1796605185000000000,52,0);
INSERT INTO phases VALUES(49,24,5,542937632,1796605185000000000,53,0);
INSERT INTO phases VALUES(50,9,19,545119019,1796605185000000000,54,0);
INSERT INTO phases VALUES(51,19,12,545950236,1796605185000000000,55,0);
INSERT INTO phases VALUES(52,20,12,548438830,1796605185000000000,56,0);
INSERT INTO phases VALUES(53,13,19,552996804,1796605185000000000,57,0);
INSERT INTO phases VALUES(54,10,19,557456542,1796605185000000000,58,0);
INSERT INTO phases VALUES(55,25,5,567989259,1796605185000000000,59,0);
INSERT INTO phases VALUES(56,12,19,572603376,1796605185000000000,60,0);
INSERT INTO phases VALUES(57,26,5,593034586,1796605185000000000,61,0);
INSERT INTO phases VALUES(58,22,12,594251768,1796605185000000000,62,0);
INSERT INTO phases VALUES(59,27,5,617923751,1796605185000000000,63,0);
INSERT INTO phases VALUES(60,23,12,625756569,1796605185000000000,64,0);
INSERT INTO phases VALUES(61,17,19,640107720,1796605185000000000,65,0);
INSERT INTO phases VALUES(62,28,5,642853266,1796605185000000000,66,0);
INSERT INTO phases VALUES(63,15,19,656564844,1796605185000000000,67,0);
INSERT INTO phases VALUES(64,14,19,659500394,1796605185000000000,68,0);
INSERT INTO phases VALUES(65,19,19,664488558,1796605185000000000,69,0);
INSERT INTO phases VALUES(66,25,12,666178704,1796605185000000000,70,0);
INSERT INTO phases VALUES(67,29,5,667748841,1796605185000000000,71,0);
INSERT INTO phases VALUES(68,24,12,668923349,1796605185000000000,72,0);
INSERT INTO phases VALUES(69,30,5,692937061,1796605186000000000,73,0);
INSERT INTO phases VALUES(70,7,36,696813290,1796605186000000000,74,0);
INSERT INTO phases VALUES(71,27,12,702381438,1796605186000000000,75,0);
INSERT INTO phases VALUES(72,26,12,712279590,1796605186000000000,76,0);
INSERT INTO phases VALUES(73,31,5,718633888,1796605186000000000,77,0);
INSERT INTO phases VALUES(74,16,19,719083257,1796605186000000000,78,0);
INSERT INTO phases VALUES(75,21,19,726394749,1796605186000000000,79,0);
INSERT INTO phases VALUES(76,18,19,733963985,1796605186000000000,80,0);
INSERT INTO phases VALUES(77,32,5,742923600,1796605186000000000,81,0);
INSERT INTO phases VALUES(78,28,12,762752033,1796605186000000000,82,0);
INSERT INTO phases VALUES(79,33,5,767866015,1796605186000000000,83,0);
INSERT INTO phases VALUES(80,5,36,772254146,1796605186000000000,84,0);
INSERT INTO phases VALUES(81,4,36,784551559,1796605186000000000,85,0);
INSERT INTO phases VALUES(82,34,5,793050920,1796605186000000000,86,0);
INSERT INTO phases VALUES(83,10,36,799952552,1796605186000000000,87,0);
INSERT INTO phases VALUES(84,29,12,804728971,1796605186000000000,88,0);
INSERT INTO phases VALUES(85,30,12,812521850,1796605186000000000,89,0);
INSERT INTO phases VALUES(86,35,5,817900706,1796605186000000000,90,0);
INSERT INTO phases VALUES(87,32,12,822444760,1796605186000000000,91,0);
INSERT INTO phases VALUES(88,31,12,827574945,1796605186000000000,92,0);
INSERT INTO phases VALUES(89,2,36,832582228,1796605186000000000,93,0);
INSERT INTO phases VALUES(90,22,19,833353376,1796605186000000000,94,0);
INSERT INTO phases VALUES(91,20,19,839290052,1796605186000000000,95,0);
INSERT INTO phases VALUES(92,36,5,842998882,1796605186000000000,96,0);
INSERT INTO phases VALUES(93,25,19,849630122,1796605186000000000,97,0);
INSERT INTO phases VALUES(94,9,36,849997649,1796605186000000000,98,0);
INSERT INTO phases VALUES(95,23,19,864228270,1796605186000000000,99,0);
INSERT INTO phases VALUES(96,33,12,865342348,1796605186000000000,100,0);
INSERT INTO phases VALUES(97,37,5,867872604,1796605186000000000,101,0);
INSERT INTO phases VALUES(98,34,12,872170842,1796605186000000000,102,0);
INSERT INTO phases VALUES(99,35,12,880522683,1796605186000000000,103,0);
INSERT INTO phases VALUES(100,8,36,886522353,1796605186000000000,104,0);
INSERT INTO phases VALUES(101,38,5,893013584,1796605186000000000,105,0);
INSERT INTO phases VALUES(102,28,19,908196412,1796605186000000000,106,0);
INSERT INTO phases VALUES(103,39,5,917982928,1796605186000000000,107,0);
INSERT INTO phases VALUES(104,29,19,918857050,1796605186000000000,108,0);
INSERT INTO phases VALUES(105,24,19,927032237,1796605186000000000,109,0);
INSERT INTO phases VALUES(106,27,19,929680419,1796605186000000000,110,0);
INSERT INTO phases VALUES(107,36,12,930336926,1796605186000000000,111,0);
INSERT INTO phases VALUES(108,40,5,942949549,1796605186000000000,112,0);
INSERT INTO phases VALUES(109,38,12,951922815,1796605186000000000,113,0);
INSERT INTO phases VALUES(110,13,36,968110679,1796605186000000000,114,0);
INSERT INTO phases VALUES(111,41,5,968157548,1796605186000000000,115,0);
INSERT INTO phases VALUES(112,21,36,973771043,1796605186000000000,116,0);
INSERT INTO phases VALUES(113,26,19,975037609,1796605186000000000,117,0);
INSERT INTO phases VALUES(114,31,19,978751216,1796605186000000000,118,0);
INSERT INTO phases VALUES(115,3,36,986800757,1796605186000000000,119,0);
INSERT INTO phases VALUES(116,11,36,987603411,1796605186000000000,120,0);
INSERT INTO phases VALUES(117,37,12,989480986,1796605186000000000,121,0);
INSERT INTO phases VALUES(118,39,12,996008892,1796605186000000000,122,0);
INSERT INTO phases VALUES(119,16,36,999044070,1796605186000000000,123,0);
INSERT INTO phases VALUES(120,14,36,999907335,1796605186000000000,124,0);
INSERT INTO phases VALUES(121,30,19,1015847670,1796605186000000000,125,0);
INSERT INTO phases VALUES(122,6,36,1019354800,1796605186000000000,126,0);
INSERT INTO phases VALUES(123,17,36,1030725164,1796605186000000000,127,0);
INSERT INTO phases VALUES(124,41,12,1040376609,1796605186000000000,128,0);
INSERT INTO phases VALUES(125,40,12,1058410561,1796605186000000000,129,0);
INSERT INTO phases VALUES(126,18,36,1061312921,1796605186000000000,130,0);
INSERT INTO phases VALUES(127,33,19,1082403392,1796605186000000000,131,0);
INSERT INTO phases VALUES(128,34,19,1085272181,1796605186000000000,132,0);
INSERT INTO phases VALUES(129,25,36,1108512853,1796605186000000000,133,0);
INSERT INTO phases VALUES(130,32,19,1114503620,1796605186000000000,134,0);
INSERT INTO phases VALUES(131,39,19,1123881197,1796605186000000000,135,0);
INSERT INTO phases VALUES(132,12,36,1136967495,1796605186000000000,136,0);
INSERT INTO phases VALUES(133,35,19,1140751927,1796605186000000000,137,0);
INSERT INTO phases VALUES(134,36,19,1146586862,1796605186000000000,138,0);
INSERT INTO phases VALUES(135,38,19,1156343354,1796605186000000000,139,0);
INSERT INTO phases VALUES(136,26,36,1189381057,1796605186000000000,140,0);
INSERT INTO phases VALUES(137,19,48,1220754533,1796605186000000000,141,0);
INSERT INTO phases VALUES(138,15,36,1230310346,1796605186000000000,142,0);
INSERT INTO phases VALUES(139,37,19,1267215466,1796605186000000000,143,0);
INSERT INTO phases VALUES(140,41,19,1280922898,1796605186000000000,144,0);
INSERT INTO phases VALUES(141,23,36,1323094265,1796605186000000000,145,0);
INSERT INTO phases VALUES(142,39,36,1328340173,1796605186000000000,146,0);
INSERT INTO phases VALUES(143,20,36,1331008184,1796605186000000000,147,0);
INSERT INTO phases VALUES(144,24,36,1333926318,1796605186000000000,148,0);
INSERT INTO phases VALUES(145,22,36,1343671643,1796605186000000000,149,0);
INSERT INTO phases VALUES(146,40,19,1348087605,1796605186000000000,150,0);
INSERT INTO phases VALUES(147,30,36,1356118769,1796605186000000000,151,0);
INSERT INTO phases VALUES(148,35,36,1374942616,1796605186000000000,152,0);
INSERT INTO phases VALUES(149,29,48,1403650225,1796605186000000000,153,0);
INSERT INTO phases VALUES(150,31,36,1428819076,1796605186000000000,154,0);
INSERT INTO phases VALUES(151,28,36,1438702567,1796605186000000000,155,0);
INSERT INTO phases VALUES(152,27,36,1438752882,1796605186000000000,156,0);
INSERT INTO phases VALUES(153,38,36,1442889448,1796605186000000000,157,0);
INSERT INTO phases VALUES(154,33,36,1463603850,1796605186000000000,158,0);
INSERT INTO phases VALUES(155,34,36,1560452369,1796605186000000000,159,0);
INSERT INTO phases VALUES(156,32,36,1614617388,1796605186000000000,160,0);
INSERT INTO phases VALUES(157,36,36,1655011530,1796605186000000000,161,0);
INSERT INTO phases VALUES(158,37,36,1700972999,1796605187000000000,162,0);
INSERT INTO phases VALUES(159,40,36,1766826596,1796605187000000000,163,0);
INSERT INTO phases VALUES(160,41,36,1834468304,1796605187000000000,164,0);
INSERT INTO phases VALUES(161,16,49,1891268174,1796605187000000000,206,0);
INSERT INTO phases VALUES(162,7,49,1892035557,1796605187000000000,208,0);
INSERT INTO phases VALUES(163,5,49,1892331487,1796605187000000000,210,0);
INSERT INTO phases VALUES(164,4,49,1893881614,1796605187000000000,212,0);
INSERT INTO phases VALUES(165,26,49,1894570550,1796605187000000000,214,0);
INSERT INTO phases VALUES(166,12,49,1896038314,1796605187000000000,216,0);
INSERT INTO phases VALUES(167,20,49,1897159563,1796605187000000000,218,0);
INSERT INTO phases VALUES(168,3,49,1899194602,1796605187000000000,220,0);
INSERT INTO phases VALUES(169,21,49,1902507633,1796605187000000000,222,0);
INSERT INTO phases VALUES(170,37,49,1902651958,1796605187000000000,224,0);
INSERT INTO phases VALUES(171,35,49,1903457207,1796605187000000000,226,0);
INSERT INTO phases VALUES(172,17,49,1903516885,1796605187000000000,228,0);
INSERT INTO phases VALUES(173,9,49,1908497779,1796605187000000000,230,0);
INSERT INTO phases VALUES(174,31,49,1910255225,1796605187000000000,232,0);
INSERT INTO phases VALUES(175,6,49,1922074046,1796605187000000000,234,0);
INSERT INTO phases VALUES(176,34,49,1928040206,1796605187000000000,236,0);
INSERT INTO phases VALUES(177,28,49,1931279097,1796605187000000000,238,0);
INSERT INTO phases VALUES(178,25,49,1931378585,1796605187000000000,240,0);
INSERT INTO phases VALUES(179,24,49,1932806009,1796605187000000000,242,0);
INSERT INTO phases VALUES(180,23,49,1941074326,1796605187000000000,245,0);
INSERT INTO phases VALUES(181,36,49,1941296917,1796605187000000000,247,0);
INSERT INTO phases VALUES(182,14,49,1950750127,1796605187000000000,250,0);
INSERT INTO phases VALUES(183,32,49,1952412051,1796605187000000000,252,0);
INSERT INTO phases VALUES(184,40,49,1952485841,1796605187000000000,254,0);
INSERT INTO phases VALUES(185,2,49,1954459148,1796605187000000000,256,0);
INSERT INTO phases VALUES(186,38,49,1955078319,1796605187000000000,258,0);
INSERT INTO phases VALUES(187,15,49,1955221913,1796605187000000000,260,0);
INSERT INTO phases VALUES(188,22,49,1958328237,1796605187000000000,262,0);
INSERT INTO phases VALUES(189,13,49,1959135178,1796605187000000000,264,0);
INSERT INTO phases VALUES(190,41,49,1965858194,1796605187000000000,266,0);
INSERT INTO phases VALUES(191,18,49,1975902043,1796605187000000000,268,0);
INSERT INTO phases VALUES(192,11,49,1975977476,1796605187000000000,270,0);
INSERT INTO phases VALUES(193,27,49,1979304938,1796605187000000000,272,0);
INSERT INTO phases VALUES(194,8,49,1980331346,1796605187000000000,274,0);
INSERT INTO phases VALUES(195,39,49,1982769355,1796605187000000000,276,0);
INSERT INTO phases VALUES(196,30,49,1984572518,1796605187000000000,278,0);
INSERT INTO phases VALUES(197,10,49,1986809518,1796605187000000000,280,0);
INSERT INTO phases VALUES(198,33,49,1987280709,1796605187000000000,282,0);
INSERT INTO phases VALUES(199,43,5,1991615551,1796605187000000000,286,0);
INSERT INTO phases VALUES(200,44,5,1991802209,1796605187000000000,287,0);
INSERT INTO phases VALUES(201,45,5,1992001776,1796605187000000000,288,0);
INSERT INTO phases VALUES(202,46,5,1992265078,1796605187000000000,289,0);
INSERT INTO phases VALUES(203,47,5,1992494910,1796605187000000000,290,0);
INSERT INTO phases VALUES(204,48,5,2016710513,1796605187000000000,291,0);
INSERT INTO phases VALUES(205,49,5,2043790048,1796605187000000000,292,0);
INSERT INTO phases VALUES(206,47,12,2046993626,1796605187000000000,293,0);
INSERT INTO phases VALUES(207,50,5,2066530650,1796605187000000000,294,0);
INSERT INTO phases VALUES(208,44,12,2071237215,1796605187000000000,295,0);
INSERT INTO phases VALUES(209,48,12,2073872648,1796605187000000000,296,0);
INSERT INTO phases VALUES(210,43,12,2091403651,1796605187000000000,297,0);
INSERT INTO phases VALUES(211,51,5,2091468548,1796605187000000000,298,0);
INSERT INTO phases VALUES(212,45,12,2098410370,1796605187000000000,299,0);
INSERT INTO phases VALUES(213,52,5,2116589558,1796605187000000000,300,0);
INSERT INTO phases VALUES(214,49,12,2117623867,1796605187000000000,301,0);
INSERT INTO phases VALUES(215,46,12,2137290128,1796605187000000000,302,0);
INSERT INTO phases VALUES(216,53,5,2142393014,1796605187000000000,303,0);
INSERT INTO phases VALUES(217,54,5,2166499494,1796605187000000000,304,0);
INSERT INTO phases VALUES(218,55,5,2191677849,1796605187000000000,305,0);
INSERT INTO phases VALUES(219,50,12,2196968494,1796605187000000000,306,0);
INSERT INTO phases VALUES(220,48,19,2209401509,1796605187000000000,307,0);
INSERT INTO phases VALUES(221,45,19,2211021200,1796605187000000000,308,0);
INSERT INTO phases VALUES(222,56,5,2216604660,1796605187000000000,309,0);
INSERT INTO phases VALUES(223,51,12,2223564209,1796605187000000000,310,0);
INSERT INTO phases VALUES(224,52,12,2231173244,1796605187000000000,311,0);
INSERT INTO phases VALUES(225,46,19,2240761074,1796605187000000000,312,0);
INSERT INTO phases VALUES(226,57,5,2241304894,1796605187000000000,313,0);
INSERT INTO phases VALUES(227,53,12,2261605059,1796605187000000000,314,0);
INSERT INTO phases VALUES(228,58,5,2266446374,1796605187000000000,315,0);
INSERT INTO phases VALUES(229,54,12,2268020617,1796605187000000000,316,0);
INSERT INTO phases VALUES(230,44,19,2280325402,1796605187000000000,317,0);
INSERT INTO phases VALUES(231,59,5,2291509649,1796605187000000000,318,0);
INSERT INTO phases VALUES(232,55,12,2298249069,1796605187000000000,319,0);
INSERT INTO phases VALUES(233,49,19,2308326979,1796605187000000000,320,0);
INSERT INTO phases VALUES(234,60,5,2316510830,1796605187000000000,321,0);
INSERT INTO phases VALUES(235,47,19,2318443046,1796605187000000000,322,0);
INSERT INTO phases VALUES(236,57,12,2329214929,1796605187000000000,323,0);
INSERT INTO phases VALUES(237,43,19,2329970744,1796605187000000000,324,0);
INSERT INTO phases VALUES(238,56,12,2336300189,1796605187000000000,325,0);
INSERT INTO phases VALUES(239,61,5,2342485546,1796605187000000000,326,0);
INSERT INTO phases VALUES(240,58,12,2344584550,1796605187000000000,327,0);
INSERT INTO phases VALUES(241,51,19,2348762799,1796605187000000000,328,0);
INSERT INTO phases VALUES(242,50,19,2359445789,1796605187000000000,329,0);
INSERT INTO phases VALUES(243,62,5,2366678024,1796605187000000000,330,0);
INSERT INTO phases VALUES(244,63,5,2391567539,1796605187000000000,331,0);
INSERT INTO phases VALUES(245,64,5,2416603963,1796605187000000000,332,0);
INSERT INTO phases VALUES(246,60,12,2428774247,1796605187000000000,333,0);
INSERT INTO phases VALUES(247,53,19,2431568026,1796605187000000000,334,0);
INSERT INTO phases VALUES(248,61,12,2437729096,1796605187000000000,335,0);
INSERT INTO phases VALUES(249,59,12,2441117349,1796605187000000000,336,0);
INSERT INTO phases VALUES(250,65,5,2441562752,1796605187000000000,337,0);
INSERT INTO phases VALUES(251,55,19,2453942788,1796605187000000000,338,0);
INSERT INTO phases VALUES(252,63,12,2454133893,1796605187000000000,339,0);
INSERT INTO phases VALUES(253,62,12,2460997819,1796605187000000000,340,0);
INSERT INTO phases VALUES(254,45,36,2461782186,1796605187000000000,341,0);
INSERT INTO phases VALUES(255,66,5,2466555982,1796605187000000000,342,0);
INSERT INTO phases VALUES(256,52,19,2477730063,1796605187000000000,343,0);
INSERT INTO phases VALUES(257,67,5,2491742900,1796605187000000000,344,0);
INSERT INTO phases VALUES(258,64,12,2496934707,1796605187000000000,345,0);
INSERT INTO phases VALUES(259,68,5,2517071920,1796605187000000000,346,0);
INSERT INTO phases VALUES(260,58,19,2517109015,1796605187000000000,347,0);
INSERT INTO phases VALUES(261,69,5,2541579236,1796605187000000000,348,0);
INSERT INTO phases VALUES(262,54,19,2547513339,1796605187000000000,349,0);
INSERT INTO phases VALUES(263,65,12,2550185486,1796605187000000000,350,0);
INSERT INTO phases VALUES(264,57,19,2551877474,1796605187000000000,351,0);
INSERT INTO phases VALUES(265,56,19,2552740078,1796605187000000000,352,0);
INSERT INTO phases VALUES(266,70,5,2566809599,1796605187000000000,353,0);
INSERT INTO phases VALUES(267,50,36,2584125001,1796605187000000000,354,0);
INSERT INTO phases VALUES(268,48,36,2586580586,1796605187000000000,355,0);
INSERT INTO phases VALUES(269,71,5,2591655470,1796605187000000000,356,0);
INSERT INTO phases VALUES(270,51,36,2592036777,1796605187000000000,357,0);
INSERT INTO phases VALUES(271,62,19,2593050696,1796605187000000000,358,0);
INSERT INTO phases VALUES(272,68,12,2599015154,1796605187000000000,359,0);
INSERT INTO phases VALUES(273,64,19,2604229535,1796605187000000000,360,0);
INSERT INTO phases VALUES(274,66,12,2610815517,1796605187000000000,361,0);
INSERT INTO phases VALUES(275,72,5,2616606256,1796605187000000000,362,0);
INSERT INTO phases VALUES(276,67,12,2630344564,1796605187000000000,363,0);
INSERT INTO phases VALUES(277,46,36,2635454961,1796605187000000000,364,0);
INSERT INTO phases VALUES(278,73,5,2641717752,1796605187000000000,365,0);
INSERT INTO phases VALUES(279,69,12,2650232165,1796605187000000000,366,0);
INSERT INTO phases VALUES(280,74,5,2666587969,1796605187000000000,367,0);
INSERT INTO phases VALUES(281,59,19,2683242708,1796605187000000000,368,0);
INSERT INTO phases VALUES(282,60,19,2684446389,1796605187000000000,369,0);
INSERT INTO phases VALUES(283,75,5,2691559797,1796605188000000000,370,0);
INSERT INTO phases VALUES(284,44,36,2692518674,1796605188000000000,371,0);
INSERT INTO phases VALUES(285,43,36,2693950005,1796605188000000000,372,0);
INSERT INTO phases VALUES(286,70,12,2708245161,1796605188000000000,373,0);
INSERT INTO phases VALUES(287,76,5,2716580608,1796605188000000000,374,0);
INSERT INTO phases VALUES(288,63,19,2724741685,1796605188000000000,375,0);
INSERT INTO phases VALUES(289,61,19,2736350844,1796605188000000000,376,0);
INSERT INTO phases VALUES(290,71,12,2740958973,1796605188000000000,377,0);
INSERT INTO phases VALUES(291,77,5,2741426799,1796605188000000000,378,0);
INSERT INTO phases VALUES(292,72,12,2758008219,1796605188000000000,379,0);
INSERT INTO phases VALUES(293,68,19,2763533302,1796605188000000000,380,0);
INSERT INTO phases VALUES(294,73,12,2764546811,1796605188000000000,381,0);
INSERT INTO phases VALUES(295,52,36,2765499619,1796605188000000000,382,0);
INSERT INTO phases VALUES(296,78,5,2766460068,1796605188000000000,383,0);
INSERT INTO phases VALUES(297,54,36,2775078536,1796605188000000000,384,0);
INSERT INTO phases VALUES(298,49,36,2783479771,1796605188000000000,385,0);
INSERT INTO phases VALUES(299,75,12,2791397696,1796605188000000000,386,0);
INSERT INTO phases VALUES(300,79,5,2791516823,1796605188000000000,387,0);
INSERT INTO phases VALUES(301,65,19,2811011919,1796605188000000000,388,0);
INSERT INTO phases VALUES(302,66,19,2811046761,1796605188000000000,389,0);
INSERT INTO phases VALUES(303,76,12,2812935152,1796605188000000000,390,0);
INSERT INTO phases VALUES(304,80,5,2816612185,1796605188000000000,391,0);
INSERT INTO phases VALUES(305,74,12,2816646916,1796605188000000000,392,0);
INSERT INTO phases VALUES(306,78,12,2822376564,1796605188000000000,393,0);
INSERT INTO phases VALUES(307,58,36,2827973164,1796605188000000000,394,0);
INSERT INTO phases VALUES(308,81,5,2841570332,1796605188000000000,395,0);
INSERT INTO phases VALUES(309,55,36,2849958137,1796605188000000000,396,0);
INSERT INTO phases VALUES(310,71,19,2850912708,1796605188000000000,397,0);
INSERT INTO phases VALUES(311,47,36,2853479768,1796605188000000000,398,0);
INSERT INTO phases VALUES(312,79,12,2855977997,1796605188000000000,399,0);
INSERT INTO phases VALUES(313,53,36,2857350660,1796605188000000000,400,0);
INSERT INTO phases VALUES(314,77,12,2866539607,1796605188000000000,401,0);
INSERT INTO phases VALUES(315,82,5,2866679124,1796605188000000000,402,0);
INSERT INTO phases VALUES(316,67,19,2868941361,1796605188000000000,403,0);
INSERT INTO phases VALUES(317,72,19,2882900438,1796605188000000000,404,0);
INSERT INTO phases VALUES(318,80,12,2924086389,1796605188000000000,405,0);
INSERT INTO phases VALUES(319,64,36,2926045125,1796605188000000000,406,0);
INSERT INTO phases VALUES(320,82,12,2934406740,1796605188000000000,407,0);
INSERT INTO phases VALUES(321,69,19,2950234688,1796605188000000000,408,0);
INSERT INTO phases VALUES(322,75,19,2958696152,1796605188000000000,409,0);
INSERT INTO phases VALUES(323,81,12,2986195182,1796605188000000000,410,0);
INSERT INTO phases VALUES(324,70,19,2995452190,1796605188000000000,411,0);
INSERT INTO phases VALUES(325,74,19,2998288211,1796605188000000000,412,0);
INSERT INTO phases VALUES(326,76,19,2998875956,1796605188000000000,413,0);
INSERT INTO phases VALUES(327,73,19,3003973443,1796605188000000000,414,0);
INSERT INTO phases VALUES(328,79,19,3013090843,1796605188000000000,415,0);
INSERT INTO phases VALUES(329,66,36,3029075665,1796605188000000000,416,0);
INSERT INTO phases VALUES(330,57,36,3038576746,1796605188000000000,417,0);
INSERT INTO phases VALUES(331,62,36,3044763304,1796605188000000000,418,0);
INSERT INTO phases VALUES(332,56,48,3054145038,1796605188000000000,419,0);
INSERT INTO phases VALUES(333,77,19,3058919014,1796605188000000000,420,0);
INSERT INTO phases VALUES(334,78,19,3100913709,1796605188000000000,421,0);
INSERT INTO phases VALUES(335,59,36,3115681809,1796605188000000000,422,0);
INSERT INTO phases VALUES(336,61,36,3149977325,1796605188000000000,423,0);
INSERT INTO phases VALUES(337,81,19,3159851401,1796605188000000000,424,0);
INSERT INTO phases VALUES(338,69,36,3173392977,1796605188000000000,425,0);
INSERT INTO phases VALUES(339,80,19,3189833006,1796605188000000000,426,0);
INSERT INTO phases VALUES(340,71,36,3190409234,1796605188000000000,427,0);
INSERT INTO phases VALUES(341,63,36,3202521772,1796605188000000000,428,0);
INSERT INTO phases VALUES(342,60,36,3218464431,1796605188000000000,429,0);
INSERT INTO phases VALUES(343,76,36,3219541584,1796605188000000000,430,0);
INSERT INTO phases VALUES(344,68,36,3221806015,1796605188000000000,431,0);
INSERT INTO phases VALUES(345,82,19,3224949403,1796605188000000000,432,0);
INSERT INTO phases VALUES(346,72,36,3254406227,1796605188000000000,433,0);
INSERT INTO phases VALUES(347,65,36,3283074747,1796605188000000000,434,0);
INSERT INTO phases VALUES(348,73,36,3285493307,1796605188000000000,435,0);
INSERT INTO phases VALUES(349,77,36,3317391414,1796605188000000000,436,0);
INSERT INTO phases VALUES(350,74,36,3360738271,1796605188000000000,437,0);
INSERT INTO phases VALUES(351,78,36,3384033333,1796605188000000000,438,0);
INSERT INTO phases VALUES(352,75,36,3397600847,1796605188000000000,439,0);
INSERT INTO phases VALUES(353,70,48,3420122518,1796605188000000000,440,0);
INSERT INTO phases VALUES(354,67,36,3432138173,1796605188000000000,441,0);
INSERT INTO phases VALUES(355,79,36,3452911902,1796605188000000000,442,0);
INSERT INTO phases VALUES(356,82,36,3491156435,1796605188000000000,443,0);
INSERT INTO phases VALUES(357,80,36,3640515721,1796605188000000000,444,0);
INSERT INTO phases VALUES(358,81,36,3697820664,1796605189000000000,445,0);
INSERT INTO phases VALUES(359,52,49,3752435032,1796605189000000000,487,0);
INSERT INTO phases VALUES(360,49,49,3756624918,1796605189000000000,489,0);
INSERT INTO phases VALUES(361,60,49,3759010939,1796605189000000000,491,0);
INSERT INTO phases VALUES(362,76,49,3759802698,1796605189000000000,493,0);
INSERT INTO phases VALUES(363,79,49,3762370540,1796605189000000000,495,0);
INSERT INTO phases VALUES(364,54,49,3764360452,1796605189000000000,497,0);
INSERT INTO phases VALUES(365,51,49,3767111877,1796605189000000000,499,0);
INSERT INTO phases VALUES(366,43,49,3767297143,1796605189000000000,501,0);
INSERT INTO phases VALUES(367,63,49,3774970684,1796605189000000000,503,0);
INSERT INTO phases VALUES(368,44,49,3778523271,1796605189000000000,505,0);
INSERT INTO phases VALUES(369,47,49,3781229159,1796605189000000000,507,0);
INSERT INTO phases VALUES(370,74,49,3783525737,1796605189000000000,509,0);
INSERT INTO phases VALUES(371,81,49,3784131909,1796605189000000000,511,0);
INSERT INTO phases VALUES(372,69,49,3785972509,1796605189000000000,513,0);
INSERT INTO phases VALUES(373,58,49,3786821683,1796605189000000000,515,0);
INSERT INTO phases VALUES(374,57,49,3787081980,1796605189000000000,517,0);
INSERT INTO phases VALUES(375,53,49,3788322166,1796605189000000000,519,0);
INSERT INTO phases VALUES(376,68,49,3792448037,1796605189000000000,521,0);
INSERT INTO phases VALUES(377,73,49,3793506783,1796605189000000000,523,0);
INSERT INTO phases VALUES(378,50,49,3800810344,1796605189000000000,525,0);
INSERT INTO phases VALUES(379,80,49,3803478835,1796605189000000000,527,0);
INSERT INTO phases VALUES(380,62,49,3805457771,1796605189000000000,529,0);
INSERT INTO phases VALUES(381,66,49,3809153732,1796605189000000000,532,0);
INSERT INTO phases VALUES(382,67,49,3809332187,1796605189000000000,534,0);
INSERT INTO phases VALUES(383,59,49,3812796313,1796605189000000000,536,0);
INSERT INTO phases VALUES(384,45,49,3812949561,1796605189000000000,538,0);
INSERT INTO phases VALUES(385,64,49,3816148753,1796605189000000000,540,0);
INSERT INTO phases VALUES(386,48,49,3816793583,1796605189000000000,542,0);
INSERT INTO phases VALUES(387,75,49,3816937577,1796605189000000000,544,0);
INSERT INTO phases VALUES(388,72,49,3818777255,1796605189000000000,547,0);
INSERT INTO phases VALUES(389,46,49,3818827030,1796605189000000000,549,0);
INSERT INTO phases VALUES(390,82,49,3826386201,1796605189000000000,551,0);
INSERT INTO phases VALUES(391,78,49,3827076678,1796605189000000000,553,0);
INSERT INTO phases VALUES(392,77,49,3827118741,1796605189000000000,555,0);
INSERT INTO phases VALUES(393,61,49,3832973535,1796605189000000000,557,0);
INSERT INTO phases VALUES(394,55,49,3841717830,1796605189000000000,559,0);
INSERT INTO phases VALUES(395,71,49,3845771434,1796605189000000000,561,0);
INSERT INTO phases VALUES(396,65,49,3847190536,1796605189000000000,563,0);
CREATE TABLE events (
  id        INTEGER PRIMARY KEY,
  run_id    INTEGER NOT NULL REFERENCES runs,
  at_ns     INTEGER NOT NULL,
  iteration INTEGER,
  kind      TEXT NOT NULL,
  message   TEXT NOT NULL,
  shard     INTEGER           -- of a merged run: the shard (shards.shard) that recorded it
);
INSERT INTO events VALUES(1,1,69309260,NULL,'watch','opening watches on perfscale.kubevirt.io/run=270d84f1-ef3d-4f15-b72d-d4100e01bb0a',NULL);
INSERT INTO events VALUES(2,1,75725219,NULL,'workload-start','kubevirt-test-default (iterations)',NULL);
INSERT INTO events VALUES(3,1,1200914689,1,'wait-start','waiting for VMIs to be Running',NULL);
INSERT INTO events VALUES(4,1,1834531998,1,'vmis-failed','2 VMIs never ran: 2 Failed; e.g. kubevirt-test-default-1/vmi-270d84f1-1-18(Failed) kubevirt-test-default-1/vmi-270d84f1-1-28(Failed)',NULL);
INSERT INTO events VALUES(5,1,1834535974,1,'wait-end','all VMIs Running or failed',NULL);
INSERT INTO events VALUES(6,1,1839597808,1,'wait-start','waiting for deleted objects to be gone',NULL);
INSERT INTO events VALUES(7,1,1987322652,1,'wait-end','all deleted objects gone',NULL);
INSERT INTO events VALUES(8,1,3091010985,2,'wait-start','waiting for VMIs to be Running',NULL);
INSERT INTO events VALUES(9,1,3697895796,2,'vmis-failed','2 VMIs never ran: 2 Failed; e.g. kubevirt-test-default-2/vmi-270d84f1-2-14(Failed) kubevirt-test-default-2/vmi-270d84f1-2-28(Failed)',NULL);
INSERT INTO events VALUES(10,1,3697900533,2,'wait-end','all VMIs Running or failed',NULL);
INSERT INTO events VALUES(11,1,3701539008,2,'wait-start','waiting for deleted objects to be gone',NULL);
INSERT INTO events VALUES(12,1,3847233660,2,'wait-end','all deleted objects gone',NULL);
INSERT INTO events VALUES(13,1,3847240861,NULL,'workload-end','kubevirt-test-default',NULL);
INSERT INTO events VALUES(14,1,3847242633,NULL,'wait-when-finished','30000 ms',NULL);
INSERT INTO events VALUES(15,1,33848128291,NULL,'outcome','0 creations failed and 4 VMIs never ran of 80 asked, more than --max-error-ratio 0',NULL);
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
