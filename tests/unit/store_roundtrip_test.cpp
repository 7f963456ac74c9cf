// What the writer is given, the reader gives back: every record kind, field by field.
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <thread>

#include "store/trace_reader.h"
#include "store/trace_writer.h"
#include "tests/support/process.h"

using namespace std::chrono_literals;
using perfscale::EventRecord;
using perfscale::IterationRecord;
using perfscale::ObjectRecord;
using perfscale::PhaseRecord;
using perfscale::RequestRecord;
using perfscale::RunClock;
using perfscale::RunEnd;
using perfscale::RunInfo;
using perfscale::RunOutcome;
using perfscale::store::RequestQuery;
using perfscale::store::StoredIteration;
using perfscale::store::StoredObject;
using perfscale::store::StoredPhase;
using perfscale::store::TraceReader;
using perfscale::store::TraceWriter;
using perfscale::test::TempDir;

namespace {

RunInfo sampleRun(const std::string& uuid) {
  RunInfo run;
  run.uuid = uuid;
  run.name = "kubevirt-test-default";
  run.startedWallNs = 1'700'000'000'000'000'000;
  run.arguments = {"--vmi-count", "3", "--namespace", "perf \"quoted\"\n"};
  run.scenarioGiven = "vmi-count: 3\n";
  run.scenarioResolved = R"({"vmiCount":3})";
  run.serverUrl = "https://127.0.0.1:6443";
  run.contextName = "sim";
  run.userName = "sim-admin";
  run.clusterVersion = "v1.28.0";
  run.host = "builder";
  run.toolVersion = "0.1.0";
  return run;
}

RequestRecord sampleRequest(uint64_t seq) {
  RequestRecord r;
  r.seq = seq;
  r.iteration = 0;
  r.verb = "create";
  r.resource = "virtualmachineinstances";
  r.ns = "perf-0";
  r.name = "vmi-" + std::to_string(seq);
  r.scheduled = RunClock(1'000'000 * seq);
  r.granted = r.scheduled + 5us;
  r.sent = r.granted + 20us;
  r.firstByte = r.sent + 12ms;
  r.done = r.firstByte + 300us;
  r.status = 201;
  r.bytesOut = 900;
  r.bytesIn = 2100;
  r.priorityLevel = "pl-uid";
  r.flowSchema = "fs-uid";
  r.payload =
      R"({"kind":"VirtualMachineInstance","metadata":{"name":"vmi-)" + std::to_string(seq) + "\"}}";
  return r;
}

void requireSame(const RequestRecord& a, const RequestRecord& b) {
  CHECK(a.seq == b.seq);
  CHECK(a.iteration == b.iteration);
  CHECK(a.verb == b.verb);
  CHECK(a.resource == b.resource);
  CHECK(a.ns == b.ns);
  CHECK(a.name == b.name);
  CHECK(a.scheduled == b.scheduled);
  CHECK(a.granted == b.granted);
  CHECK(a.sent == b.sent);
  CHECK(a.firstByte == b.firstByte);
  CHECK(a.done == b.done);
  CHECK(a.status == b.status);
  CHECK(a.reason == b.reason);
  CHECK(a.tryNumber == b.tryNumber);
  CHECK(a.retryOf == b.retryOf);
  CHECK(a.bytesOut == b.bytesOut);
  CHECK(a.bytesIn == b.bytesIn);
  CHECK(a.error == b.error);
  CHECK(a.priorityLevel == b.priorityLevel);
  CHECK(a.flowSchema == b.flowSchema);
  CHECK(a.payload == b.payload);
}

// A stage of VMI `name` in namespace perf-0, iteration 0.
ObjectRecord vmiStage(const std::string& name, const std::string& uid, ObjectRecord::Stage stage,
                      RunClock at) {
  ObjectRecord o;
  o.kind = perfscale::kKindVmi;
  o.ns = "perf-0";
  o.name = name;
  o.uid = uid;
  o.stage = stage;
  o.at = at;
  o.iteration = 0;
  return o;
}

// The rows of `sql` as "a|b" lines, read with SQLite itself.
std::string queryText(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::string out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    if (!out.empty()) out += '\n';
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const auto* text = sqlite3_column_text(stmt, i);
      out += (i ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "");
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

std::vector<RequestRecord> readRequests(const TraceReader& reader, int64_t runId,
                                        RequestQuery query = {}) {
  std::vector<RequestRecord> rows;
  for (const auto& row : reader.requests(runId, query))
    rows.push_back(row);
  return rows;
}

std::vector<StoredObject> readObjects(const TraceReader& reader, int64_t runId) {
  std::vector<StoredObject> objects;
  for (const auto& object : reader.objects(runId))
    objects.push_back(object);
  return objects;
}

}  // namespace

TEST_CASE("store: a run's metadata comes back as written, outcome and end included") {
  TempDir dir;
  const auto path = dir.file("t.db");
  const RunInfo run = sampleRun("5b0c4a1e-1111-4222-8333-944455556666");
  {
    TraceWriter writer(path);
    writer.beginRun(run);
    writer.endRun(RunEnd{RunClock(12'500'000'000), RunOutcome::Timeout, 2});
  }
  TraceReader reader(path);
  const auto stored = reader.findRun(run.uuid);
  REQUIRE(stored);
  CHECK(stored->info.uuid == run.uuid);
  CHECK(stored->info.name == run.name);
  CHECK(stored->info.kind == "run");
  CHECK(stored->info.replayOf.empty());
  CHECK(stored->info.startedWallNs == run.startedWallNs);
  CHECK(stored->info.arguments == run.arguments);
  CHECK(stored->info.scenarioGiven == run.scenarioGiven);
  CHECK(stored->info.scenarioResolved == run.scenarioResolved);
  CHECK(stored->info.serverUrl == run.serverUrl);
  CHECK(stored->info.contextName == run.contextName);
  CHECK(stored->info.userName == run.userName);
  CHECK(stored->info.clusterVersion == run.clusterVersion);
  CHECK(stored->info.host == run.host);
  CHECK(stored->info.toolVersion == run.toolVersion);
  CHECK(stored->outcome == RunOutcome::Timeout);
  CHECK(stored->exitCode == 2);
  CHECK(stored->endedWallNs == run.startedWallNs + 12'500'000'000);
  CHECK(stored->duration() == 12'500ms);
  CHECK_FALSE(reader.findRun("no-such-uuid"));
}

TEST_CASE("store: a run is 'incomplete' until endRun, with its duration up to its last record") {
  TempDir dir;
  const auto path = dir.file("t.db");
  TraceWriter writer(path);
  writer.beginRun(sampleRun("u-1"));
  writer.record(sampleRequest(7));
  writer.flush();
  const auto stored = TraceReader(path).findRun("u-1");
  REQUIRE(stored);
  CHECK(stored->outcome == RunOutcome::Incomplete);
  CHECK_FALSE(stored->endedWallNs);
  CHECK_FALSE(stored->exitCode);
  CHECK(stored->requests == 1);
  CHECK(stored->duration() == sampleRequest(7).done);
}

TEST_CASE("store: requests come back field by field, including retries and failed tries") {
  TempDir dir;
  const auto path = dir.file("t.db");
  std::vector<RequestRecord> written;
  written.push_back(sampleRequest(1));
  RequestRecord throttled = sampleRequest(2);
  throttled.status = 429;
  throttled.reason = "TooManyRequests";
  written.push_back(throttled);
  RequestRecord retry = sampleRequest(3);
  retry.name = throttled.name;
  retry.tryNumber = 2;
  retry.retryOf = 2;
  retry.payload = throttled.payload;
  written.push_back(retry);
  RequestRecord reset;  // no answer at all: no first byte, no status
  reset.seq = 4;
  reset.iteration = -1;
  reset.verb = "deletecollection";
  reset.resource = "virtualmachineinstances";
  reset.ns = "perf-0";
  reset.scheduled = 5s;
  reset.granted = 5s;
  reset.sent = 5s + 1us;
  reset.done = 5s + 30ms;
  reset.error = "connection reset by peer";
  written.push_back(reset);
  RequestRecord clusterScoped = sampleRequest(5);  // no namespace, no PF headers, no body
  clusterScoped.ns.clear();
  clusterScoped.resource = "namespaces";
  clusterScoped.priorityLevel.clear();
  clusterScoped.flowSchema.clear();
  clusterScoped.payload.clear();
  written.push_back(clusterScoped);
  RequestRecord onlyFlow = sampleRequest(6);  // one PF header without the other
  onlyFlow.priorityLevel.clear();
  written.push_back(onlyFlow);
  {
    TraceWriter writer(path);
    writer.beginRun(sampleRun("u-1"));
    for (const auto& r : written)
      writer.record(r);
    writer.endRun({});
  }
  TraceReader reader(path);
  const auto run = reader.findRun("u-1");
  REQUIRE(run);
  CHECK(run->requests == static_cast<int64_t>(written.size()));
  const auto read = readRequests(reader, run->id, {RequestQuery::Order::Seq, true});
  REQUIRE(read.size() == written.size());
  for (size_t i = 0; i < read.size(); ++i) {
    INFO("seq " << written[i].seq);
    requireSame(read[i], written[i]);
  }
  // Without payloads, everything but the body.
  const auto lean = readRequests(reader, run->id);
  REQUIRE(lean.size() == written.size());
  CHECK(lean[0].payload.empty());
  CHECK(lean[0].name == written[0].name);
}

TEST_CASE("store: requests stream in commit order or in seq order") {
  TempDir dir;
  const auto path = dir.file("t.db");
  {
    TraceWriter writer(path);
    writer.beginRun(sampleRun("u-1"));
    for (uint64_t seq : {3, 1, 2, 5, 4})
      writer.record(sampleRequest(seq));
    writer.endRun({});
  }
  TraceReader reader(path);
  const auto id = reader.findRun("u-1")->id;
  std::vector<uint64_t> committed, bySeq;
  for (const auto& r : reader.requests(id))
    committed.push_back(r.seq);
  for (const auto& r : reader.requests(id, {RequestQuery::Order::Seq, false}))
    bySeq.push_back(r.seq);
  CHECK(committed == std::vector<uint64_t>{3, 1, 2, 5, 4});
  CHECK(bySeq == std::vector<uint64_t>{1, 2, 3, 4, 5});
}

TEST_CASE("store: equal request bodies are stored once") {
  TempDir dir;
  const auto path = dir.file("t.db");
  {
    TraceWriter writer(path);
    writer.beginRun(sampleRun("u-1"));
    for (uint64_t seq = 1; seq <= 10; ++seq) {
      auto r = sampleRequest(seq);
      r.payload = seq % 2 ? "{\"body\":\"odd\"}" : "{\"body\":\"even\"}";
      writer.record(r);
    }
    writer.endRun({});
  }
  TraceReader reader(path);
  const auto read = readRequests(reader, reader.findRun("u-1")->id, {{}, true});
  REQUIRE(read.size() == 10);
  CHECK(read[0].payload == "{\"body\":\"odd\"}");
  CHECK(read[1].payload == "{\"body\":\"even\"}");
  CHECK(queryText(path, "SELECT count(*), count(DISTINCT hash) FROM payloads") == "2|2");
}

TEST_CASE("store: object stages fold into one row per object, found by uid or by name") {
  TempDir dir;
  const auto path = dir.file("t.db");
  auto object = [](const std::string& kind, std::string ns, std::string name, std::string uid,
                   ObjectRecord::Stage stage, RunClock at, int iteration) {
    ObjectRecord o;
    o.kind = kind;
    o.ns = std::move(ns);
    o.name = std::move(name);
    o.uid = std::move(uid);
    o.stage = stage;
    o.at = at;
    o.iteration = iteration;
    return o;
  };
  using Stage = ObjectRecord::Stage;
  {
    TraceWriter writer(path);
    writer.beginRun(sampleRun("u-1"));
    writer.record(
        object(perfscale::kKindNamespace, "", "perf-0", "ns-uid", Stage::Created, 1ms, 0));
    writer.record(object(perfscale::kKindVmi, "perf-0", "vmi-0", "uid-a", Stage::Created, 2ms, 0));
    // Without a uid, a stage goes to the latest object of that name.
    writer.record(
        object(perfscale::kKindVmi, "perf-0", "vmi-0", "", Stage::DeletionRequested, 3ms, -1));
    writer.record(object(perfscale::kKindVmi, "perf-0", "vmi-0", "uid-a", Stage::Gone, 4ms, -1));
    // The same name in the next iteration is another object (another uid).
    writer.record(object(perfscale::kKindVmi, "perf-0", "vmi-0", "uid-b", Stage::Created, 5ms, 1));
    writer.record(object(perfscale::kKindNamespace, "", "perf-0", "ns-uid", Stage::Gone, 6ms, -1));
    // A template's object of another kind keeps its kind.
    writer.record(object("ConfigMap", "perf-0", "settings", "uid-c", Stage::Created, 7ms, 1));
    writer.endRun({});
  }
  TraceReader reader(path);
  const auto run = reader.findRun("u-1");
  REQUIRE(run);
  CHECK(run->vmis == 2);
  const auto objects = readObjects(reader, run->id);
  REQUIRE(objects.size() == 4);
  CHECK(objects[0].kind == perfscale::kKindNamespace);
  CHECK(objects[0].ns.empty());
  CHECK(objects[0].name == "perf-0");
  CHECK(objects[0].created == 1ms);
  CHECK(objects[0].gone == 6ms);
  CHECK(objects[1].kind == perfscale::kKindVmi);
  CHECK(objects[1].uid == "uid-a");
  CHECK(objects[1].iteration == 0);
  CHECK(objects[1].created == 2ms);
  CHECK(objects[1].deletionRequested == 3ms);
  CHECK(objects[1].gone == 4ms);
  CHECK(objects[2].uid == "uid-b");
  CHECK(objects[2].iteration == 1);
  CHECK(objects[2].created == 5ms);
  CHECK_FALSE(objects[2].deletionRequested);
  CHECK_FALSE(objects[2].gone);
  CHECK(objects[3].kind == "ConfigMap");
  CHECK(objects[3].name == "settings");
}

TEST_CASE("store: phases come back per object in time order, late and server times included") {
  TempDir dir;
  const auto path = dir.file("t.db");
  auto phase = [](std::string name, std::string uid, std::string value, RunClock at,
                  std::optional<int64_t> server, std::string rv, bool late) {
    PhaseRecord p;
    p.ns = "perf-0";
    p.name = std::move(name);
    p.uid = std::move(uid);
    p.phase = std::move(value);
    p.observedAt = at;
    p.serverNs = server;
    p.resourceVersion = std::move(rv);
    p.late = late;
    return p;
  };
  {
    TraceWriter writer(path);
    writer.beginRun(sampleRun("u-1"));
    // A phase may arrive before the object's Created record: both land on one object.
    writer.record(
        phase("vmi-0", "uid-a", "Pending", 10ms, 1'700'000'000'010'000'000, "1001", false));
    ObjectRecord created;
    created.ns = "perf-0";
    created.name = "vmi-0";
    created.uid = "uid-a";
    created.iteration = 0;
    created.at = 11ms;
    writer.record(created);
    writer.record(phase("vmi-1", "uid-b", "Pending", 12ms, std::nullopt, "0042", false));
    writer.record(phase("vmi-0", "uid-a", "Running", 30ms, std::nullopt, "abc", true));
    writer.record(phase("vmi-0", "uid-a", "Scheduled", 20ms, 1'700'000'000'020'000'000,
                        "99999999999999999999", false));
    writer.endRun({});
  }
  TraceReader reader(path);
  const auto run = reader.findRun("u-1");
  REQUIRE(run);
  CHECK(run->vmis == 2);
  std::vector<StoredPhase> phases;
  for (const auto& p : reader.phases(run->id))
    phases.push_back(p);
  REQUIRE(phases.size() == 4);
  CHECK(phases[0].phase.name == "vmi-0");
  CHECK(phases[0].phase.phase == "Pending");
  CHECK(phases[0].phase.uid == "uid-a");
  CHECK(phases[0].phase.serverNs == 1'700'000'000'010'000'000);
  CHECK(phases[0].phase.resourceVersion == "1001");
  CHECK(phases[1].phase.phase == "Scheduled");
  CHECK(phases[1].phase.resourceVersion == "99999999999999999999");
  CHECK(phases[2].phase.phase == "Running");
  CHECK(phases[2].phase.late);
  CHECK_FALSE(phases[2].phase.serverNs);
  CHECK(phases[2].phase.resourceVersion == "abc");
  CHECK(phases[0].objectId == phases[2].objectId);
  CHECK(phases[3].phase.name == "vmi-1");
  CHECK(phases[3].phase.resourceVersion == "0042");
  const auto objects = readObjects(reader, run->id);
  REQUIRE(objects.size() == 2);
  CHECK(objects[0].id == phases[0].objectId);
  CHECK(objects[0].created == 11ms);
  CHECK(objects[0].iteration == 0);
}

TEST_CASE("store: a phase record keeps long names and uids of any case through the queue") {
  // The queue keeps names of up to 23 bytes inline and packs canonical lowercase uids: what
  // does not fit either way must come back as it went in.
  TempDir dir;
  const auto path = dir.file("t.db");
  const std::string ns = "a-namespace-name-longer-than-twenty-three-bytes";
  const std::string name = "a-vmi-name-longer-than-twenty-three-bytes-0";
  const std::string phaseName = "APhaseNameLongerThanTwentyThreeBytes";
  const std::string upperUid = "0F8FAD5B-D9CB-469F-A165-70867728950E";
  const std::string lowerUid = "0f8fad5b-d9cb-469f-a165-70867728950f";
  {
    TraceWriter writer(path);
    writer.beginRun(sampleRun("u-1"));
    PhaseRecord p;
    p.ns = ns;
    p.name = name;
    p.uid = upperUid;
    p.phase = phaseName;
    p.observedAt = 5ms;
    p.serverNs = 0;  // set, though zero
    p.resourceVersion = "";
    writer.record(p);
    p.name = "vmi-1";
    p.uid = lowerUid;
    p.phase = "Running";
    p.serverNs.reset();
    p.resourceVersion = "123456789012345678901234567890";
    p.deletionServerNs = -1;
    writer.record(p);
    writer.endRun({});
  }
  TraceReader reader(path);
  const auto run = reader.findRun("u-1");
  REQUIRE(run);
  std::vector<StoredPhase> phases;
  for (const auto& p : reader.phases(run->id))
    phases.push_back(p);
  REQUIRE(phases.size() == 2);
  CHECK(phases[0].phase.ns == ns);
  CHECK(phases[0].phase.name == name);
  CHECK(phases[0].phase.uid == upperUid);
  CHECK(phases[0].phase.phase == phaseName);
  CHECK(phases[0].phase.serverNs == 0);
  CHECK(phases[0].phase.resourceVersion.empty());
  CHECK(phases[1].phase.name == "vmi-1");
  CHECK(phases[1].phase.uid == lowerUid);
  CHECK_FALSE(phases[1].phase.serverNs);
  CHECK(phases[1].phase.resourceVersion == "123456789012345678901234567890");
  const auto objects = readObjects(reader, run->id);
  REQUIRE(objects.size() == 2);
  CHECK_FALSE(objects[0].deletionServerNs);
  CHECK(objects[1].deletionServerNs == -1);
}

TEST_CASE("store: iteration stages fold into one row per iteration with its namespaces") {
  TempDir dir;
  const auto path = dir.file("t.db");
  auto stage = [](int index, IterationRecord::Stage s, RunClock at,
                  std::vector<std::string> namespaces = {}) {
    IterationRecord i;
    i.index = index;
    i.stage = s;
    i.at = at;
    i.namespaces = std::move(namespaces);
    return i;
  };
  using S = IterationRecord::Stage;
  {
    TraceWriter writer(path);
    writer.beginRun(sampleRun("u-1"));
    writer.record(stage(0, S::Started, 1ms, {"perf-0", "perf-0b"}));
    writer.record(stage(0, S::Created, 2ms));
    writer.record(stage(0, S::AllRunning, 3ms));
    writer.record(stage(0, S::DeletionStarted, 4ms));
    writer.record(stage(0, S::AllGone, 5ms));
    writer.record(stage(0, S::Ended, 6ms));
    writer.record(stage(1, S::Started, 7ms, {"perf-1"}));
    writer.endRun({});
  }
  TraceReader reader(path);
  std::vector<StoredIteration> rows;
  for (const auto& i : reader.iterations(reader.findRun("u-1")->id))
    rows.push_back(i);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].index == 0);
  CHECK(rows[0].namespaces == std::vector<std::string>{"perf-0", "perf-0b"});
  CHECK(rows[0].started == 1ms);
  CHECK(rows[0].created == 2ms);
  CHECK(rows[0].allRunning == 3ms);
  CHECK(rows[0].deletionStarted == 4ms);
  CHECK(rows[0].allGone == 5ms);
  CHECK(rows[0].ended == 6ms);
  CHECK(rows[1].namespaces == std::vector<std::string>{"perf-1"});
  CHECK(rows[1].started == 7ms);
  CHECK_FALSE(rows[1].ended);
}

TEST_CASE("store: events come back in time order") {
  TempDir dir;
  const auto path = dir.file("t.db");
  {
    TraceWriter writer(path);
    writer.beginRun(sampleRun("u-1"));
    writer.record(EventRecord{20ms, 0, "wait-end", "all 3 VMIs Running"});
    writer.record(EventRecord{10ms, 0, "wait-start", "waiting for 3 VMIs"});
    writer.record(EventRecord{30ms, -1, "signal", "SIGINT: stopping"});
    writer.endRun({});
  }
  TraceReader reader(path);
  std::vector<EventRecord> events;
  for (const auto& e : reader.events(reader.findRun("u-1")->id))
    events.push_back(e);
  REQUIRE(events.size() == 3);
  CHECK(events[0].kind == "wait-start");
  CHECK(events[0].at == 10ms);
  CHECK(events[0].iteration == 0);
  CHECK(events[1].message == "all 3 VMIs Running");
  CHECK(events[2].iteration == -1);
}

TEST_CASE("store: two runs in one file stay apart, and a replay points at its original") {
  TempDir dir;
  const auto path = dir.file("t.db");
  {
    TraceWriter writer(path);
    writer.beginRun(sampleRun("run-a"));
    for (uint64_t seq = 1; seq <= 3; ++seq)
      writer.record(sampleRequest(seq));
    writer.endRun({});
    RunInfo replay = sampleRun("run-b");
    replay.kind = "replay";
    replay.replayOf = "run-a";
    writer.beginRun(replay);
    for (uint64_t seq = 1; seq <= 2; ++seq)
      writer.record(sampleRequest(seq + 100));
    writer.endRun({});
  }
  TraceReader reader(path);
  const auto a = reader.findRun("run-a");
  const auto b = reader.findRun("run-b");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(readRequests(reader, a->id).size() == 3);
  CHECK(readRequests(reader, b->id).size() == 2);
  CHECK(readRequests(reader, b->id)[0].seq == 101);
  CHECK(b->info.kind == "replay");
  CHECK(b->info.replayOf == "run-a");
}

TEST_CASE("store: a run after another in one writer reuses its strings and bodies, not objects") {
  // endRun drops the writer's caches of names, bodies and objects: the next run finds them
  // in the tables instead.
  TempDir dir;
  const auto path = dir.file("t.db");
  const auto vmi = [](const std::string& uid, ObjectRecord::Stage stage, RunClock at) {
    return vmiStage("vmi-0", uid, stage, at);
  };
  {
    TraceWriter writer(path);
    for (const std::string uuid : {"run-a", "run-b"}) {
      writer.beginRun(sampleRun(uuid));
      auto request = sampleRequest(1);
      request.payload = "{\"body\":\"same\"}";
      writer.record(request);
      const std::string uid = "uid-" + uuid;
      writer.record(vmi(uid, ObjectRecord::Stage::Created, 2ms));
      // No uid: the stage goes to this run's object of the name, not the last run's.
      writer.record(vmi("", ObjectRecord::Stage::DeletionRequested, 3ms));
      writer.record(vmi(uid, ObjectRecord::Stage::Gone, 4ms));
      writer.endRun({});
    }
  }
  CHECK(queryText(path, "SELECT count(*) FROM payloads") == "1");
  CHECK(queryText(path, "SELECT count(*) FROM strings WHERE text = 'vmi-0'") == "1");
  TraceReader reader(path);
  for (const std::string uuid : {"run-a", "run-b"}) {
    const auto run = reader.findRun(uuid);
    REQUIRE(run);
    const auto read = readRequests(reader, run->id, {{}, true});
    REQUIRE(read.size() == 1);
    CHECK(read[0].payload == "{\"body\":\"same\"}");
    const auto objects = readObjects(reader, run->id);
    REQUIRE(objects.size() == 1);
    CHECK(objects[0].uid == "uid-" + uuid);
    CHECK(objects[0].deletionRequested == 3ms);
    CHECK(objects[0].gone == 4ms);
  }
}

TEST_CASE("store: objects and names whose row ids pass 32 bits are found through SQL") {
  // The writer's caches keep row ids in 32 bits; larger ones are looked up in the tables.
  TempDir dir;
  const auto path = dir.file("t.db");
  {
    TraceWriter writer(path);
    writer.beginRun(sampleRun("run-a"));
    writer.record(vmiStage("vmi-a", "uid-a", ObjectRecord::Stage::Created, 2ms));
    writer.endRun({});
  }
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    const char* sql =
        "INSERT INTO strings (id, text) VALUES (5000000000, 'filler');"
        "INSERT INTO objects (id, run_id, kind_id, name_id) "
        "SELECT 3000000000, run_id, kind_id, name_id FROM objects LIMIT 1;";
    CHECK(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  {
    TraceWriter writer(path);
    writer.beginRun(sampleRun("run-b"));
    // vmi-a: its name's id is small, its object's past 31 bits; vmi-b: both past.
    for (const std::string name : {"vmi-a", "vmi-b"}) {
      const std::string uid = "uid-" + name;
      writer.record(vmiStage(name, uid, ObjectRecord::Stage::Created, 2ms));
      writer.record(vmiStage(name, "", ObjectRecord::Stage::DeletionRequested, 3ms));  // by name
      writer.record(vmiStage(name, uid, ObjectRecord::Stage::Gone, 4ms));              // by uid
    }
    writer.endRun({});
  }
  CHECK(queryText(path, "SELECT id > 4294967296 FROM strings WHERE text = 'vmi-b'") == "1");
  TraceReader reader(path);
  const auto run = reader.findRun("run-b");
  REQUIRE(run);
  const auto objects = readObjects(reader, run->id);
  REQUIRE(objects.size() == 2);
  for (const auto& o : objects) {
    CHECK(o.id > 3000000000);
    CHECK((o.uid == "uid-vmi-a" || o.uid == "uid-vmi-b"));
    CHECK(o.deletionRequested == 3ms);
    CHECK(o.gone == 4ms);
  }
}

TEST_CASE("store: records from many threads all arrive") {
  TempDir dir;
  const auto path = dir.file("t.db");
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;
  {
    perfscale::store::TraceWriterOptions options;
    options.commitEvery = 1000;  // several transactions, and the queue swapped under load
    TraceWriter writer(path, options);
    writer.beginRun(sampleRun("u-1"));
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&writer, t] {
        for (int i = 0; i < kPerThread; ++i) {
          writer.record(sampleRequest(static_cast<uint64_t>(t * kPerThread + i + 1)));
        }
      });
    }
    for (auto& thread : threads)
      thread.join();
    writer.endRun({});
    writer.flush();
    CHECK(writer.stats().dropped == 0);
    CHECK(writer.stats().committed == writer.stats().queued);
  }
  TraceReader reader(path);
  const auto run = reader.findRun("u-1");
  CHECK(run->requests == kThreads * kPerThread);
  std::vector<bool> seen(kThreads * kPerThread + 1, false);
  for (const auto& r : reader.requests(run->id, {RequestQuery::Order::Seq, false}))
    seen[r.seq] = true;
  CHECK(std::count(seen.begin() + 1, seen.end(), true) == kThreads * kPerThread);
}

TEST_CASE("store: records are committed within the commit interval without a flush") {
  TempDir dir;
  const auto path = dir.file("t.db");
  TraceWriter writer(path);
  writer.beginRun(sampleRun("u-1"));
  writer.record(sampleRequest(1));
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  int64_t seen = 0;
  while (seen == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
    seen = TraceReader(path).findRun("u-1").value_or(perfscale::store::StoredRun{}).requests;
  }
  CHECK(seen == 1);
}

TEST_CASE("store: records outside beginRun/endRun are not stored") {
  TempDir dir;
  const auto path = dir.file("t.db");
  {
    TraceWriter writer(path);
    writer.record(sampleRequest(1));
    writer.beginRun(sampleRun("u-1"));
    writer.record(sampleRequest(2));
    writer.endRun({});
    writer.record(sampleRequest(3));
  }
  TraceReader reader(path);
  const auto read = readRequests(reader, reader.findRun("u-1")->id);
  REQUIRE(read.size() == 1);
  CHECK(read[0].seq == 2);
}

TEST_CASE("store: a VMI's creation and deletion timestamps come back on its object, first wins") {
  TempDir dir;
  const auto path = dir.file("t.db");
  {
    TraceWriter writer(path);
    writer.beginRun(sampleRun("u-1"));
    PhaseRecord pending;
    pending.ns = "perf-0";
    pending.name = "vmi-0";
    pending.uid = "uid-a";
    pending.phase = "Pending";
    pending.observedAt = 10ms;
    pending.createdServerNs = 1'700'000'000'000'000'000;
    writer.record(pending);
    PhaseRecord succeeded = pending;
    succeeded.phase = "Succeeded";
    succeeded.observedAt = 20ms;
    succeeded.createdServerNs = 1;  // a later record does not move the first time
    succeeded.deletionServerNs = 1'700'000'005'000'000'000;
    writer.record(succeeded);
    writer.endRun({});
  }
  TraceReader reader(path);
  const auto run = reader.findRun("u-1");
  REQUIRE(run);
  const auto objects = readObjects(reader, run->id);
  REQUIRE(objects.size() == 1);
  CHECK(objects[0].createdServerNs == 1'700'000'000'000'000'000);
  CHECK(objects[0].deletionServerNs == 1'700'000'005'000'000'000);
}
