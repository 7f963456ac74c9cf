// A run's figures from its records (see run_figures.h).
#include "core/stats/run_figures.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <array>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "core/compact_string.h"
#include "core/indexed_deque.h"
#include "core/redact.h"

namespace perfscale::stats {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kMaxSeconds = int64_t{7} * 24 * 3600;  // a week of per-second figures
const char* const kVmis = "virtualmachineinstances";

const std::vector<std::string>& knownPhaseOrder() {
  static const std::vector<std::string> order = {"Pending", "Scheduling", "Scheduled",
                                                 "Running", "Succeeded",  "Failed"};
  return order;
}

size_t phaseRank(const std::string& phase) {
  const auto& order = knownPhaseOrder();
  const auto it = std::find(order.begin(), order.end(), phase);
  return it == order.end() ? order.size() : static_cast<size_t>(it - order.begin());
}

bool phaseBefore(const std::string& a, const std::string& b) {
  return std::make_pair(phaseRank(a), a) < std::make_pair(phaseRank(b), b);
}

int64_t secondOf(RunClock at) {
  return at.count() < 0 ? 0 : at.count() / kSecond;
}

constexpr int64_t kUnset = std::numeric_limits<int64_t>::min();

bool isSet(int64_t at) {
  return at != kUnset;
}

// Strings that repeat across VMIs (namespaces, phases), each kept once and named by an index.
class Interner {
 public:
  uint32_t id(const std::string& text) {
    const auto it = ids_.find(text);
    if (it != ids_.end()) return it->second;
    const auto id = static_cast<uint32_t>(texts_.size());
    texts_.push_back(text);
    ids_.emplace(text, id);
    return id;
  }
  // The id of a string when it has one.
  std::optional<uint32_t> find(const std::string& text) const {
    const auto it = ids_.find(text);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }
  const std::string& text(uint32_t id) const { return texts_[id]; }
  uint32_t size() const { return static_cast<uint32_t>(texts_.size()); }

 private:
  std::vector<std::string> texts_;
  std::unordered_map<std::string, uint32_t> ids_;
};

// A phase a VMI was seen in: ~24 bytes, as a run tracks ~5 of them for every VMI.
struct PhaseSeen {
  uint32_t phase = 0;  // Interner id
  int64_t observed = 0;
  int64_t server = kUnset;
};

// A VMI's phases in arrival order: the usual five (Pending, Scheduling, Scheduled, Running, and
// Succeeded or Failed) inline, where a vector would cost a heap block per VMI; a strange
// server's extra ones on the heap.
class PhaseList {
 public:
  class Iterator {
   public:
    Iterator(const PhaseList& list, size_t at) : list_(list), at_(at) {}
    PhaseSeen operator*() const { return list_[at_]; }
    Iterator& operator++() {
      ++at_;
      return *this;
    }
    bool operator!=(const Iterator& other) const { return at_ != other.at_; }

   private:
    const PhaseList& list_;
    size_t at_;
  };

  void push_back(const PhaseSeen& seen) {
    if (!more_ && inline_ < kInline && seen.phase < kInlineIds) {
      observed_[inline_] = seen.observed;
      server_[inline_] = seen.server;
      ids_[inline_] = static_cast<uint8_t>(seen.phase);
      ++inline_;
      return;
    }
    if (!more_) {
      auto all = std::make_unique<std::vector<PhaseSeen>>();
      for (size_t i = 0; i < inline_; ++i)
        all->push_back((*this)[i]);
      more_ = std::move(all);
    }
    more_->push_back(seen);
  }
  PhaseSeen operator[](size_t i) const {
    if (more_) return (*more_)[i];
    return PhaseSeen{ids_[i], observed_[i], server_[i]};
  }
  Iterator begin() const { return Iterator(*this, 0); }
  Iterator end() const { return Iterator(*this, size()); }
  size_t size() const { return more_ ? more_->size() : inline_; }

 private:
  static constexpr size_t kInline = 5;
  static constexpr uint32_t kInlineIds = 256;  // phase ids kept inline in a byte
  // Column by column: 96 bytes where an array of PhaseSeen would take 120 with its padding.
  std::array<int64_t, kInline> observed_{};
  std::array<int64_t, kInline> server_{};
  std::array<uint8_t, kInline> ids_{};
  uint8_t inline_ = 0;                            // how many are inline, while more_ is not set
  std::unique_ptr<std::vector<PhaseSeen>> more_;  // all of them, once one does not fit inline
};

// Times are ns on the run's clock (server ones: since the epoch), kUnset when unknown.
static_assert(sizeof(PhaseList) == 96, "a VMI's usual phases in 96 bytes");

struct Vmi {
  int iteration = -1;
  uint32_t ns = 0;              // Interner id; with the name, the VMI's key
  int64_t createSent = kUnset;  // first try of its create
  int64_t created = kUnset;
  int64_t deletionRequested = kUnset;
  int64_t gone = kUnset;
  int64_t createdServer = kUnset;
  int64_t deletionServer = kUnset;
  PhaseList phases;  // in arrival order
  ShortString name;
};

// Every VMI's figures, in the order first seen (never moved as they grow), found by namespace
// and name: ~180 bytes a VMI, where a deque and a FlatMap holding a copy of each key took ~205
// and an unordered_map's node and bucket ~250.
class VmiMap {
 public:
  Vmi& find(uint32_t ns, std::string_view name) {
    return vmis_.findOrAdd({ns, name}, [&] {
      Vmi vmi;
      vmi.ns = ns;
      vmi.name = ShortString(name);
      return vmi;
    });
  }
  size_t size() const { return vmis_.size(); }
  // The VMIs, in the order first seen.
  const std::deque<Vmi>& values() const { return vmis_.entries(); }

 private:
  IndexedDeque<Vmi, NamespacedNameKey<Vmi>> vmis_;
};

struct RequestTotals {
  size_t requests = 0;
  size_t tries = 0;
  size_t retries = 0;
  size_t throttled = 0;
  size_t errors = 0;
  LatencyHistogram latency;
  LatencyHistogram limiterWait;
  std::map<int, size_t> byStatus;
  int64_t bytesOut = 0;
  int64_t bytesIn = 0;
};

struct SecondTotals {
  size_t asked = 0;
  size_t sent = 0;
  size_t created = 0;
  size_t throttled = 0;
  size_t errors = 0;
  std::vector<int64_t> latencies;
};

struct CreateSpan {
  size_t creates = 0;
  int64_t firstGrant = 0;
  int64_t lastGrant = 0;
};

bool isNamespaceCreate(const RequestRecord& r) {
  return r.verb == "create" && r.resource == "namespaces";
}

// A 409 on a namespace create: the namespace existed and is used as it is, not an error.
bool reusedNamespace(const RequestRecord& r) {
  return isNamespaceCreate(r) && r.status == 409;
}

std::string reasonOf(const RequestRecord& r) {
  return r.status == 0 ? "connection: " + r.error : std::to_string(r.status) + " " + r.reason;
}

}  // namespace

struct FigureBuilder::State {
  RunInfo info;
  std::optional<RunEnd> end;
  std::optional<RunOutcome> incompleteOutcome;
  RunClock lastAt{0};
  std::vector<std::string> workloadKinds;
  double askedRate = 0;
  int askedBurst = 1;

  VmiMap vmis;
  Interner namespaces;
  Interner phaseNames;
  std::map<std::pair<std::string, std::string>, RequestTotals> requests;
  std::map<std::string, std::vector<int64_t>> watchStreams;  // when each stream was opened
  std::map<std::string, size_t> relists;
  size_t namespacesGone = 0;
  std::map<std::string, size_t> errorsByReason;
  size_t throttled = 0;
  size_t errors = 0;
  LatencyHistogram lateness;  // of the paced first tries
  size_t lateOver10ms = 0;
  size_t asked = 0;
  size_t created = 0;  // objects other than namespaces
  std::map<int64_t, SecondTotals> seconds;
  std::map<int, CreateSpan> createsByIteration;
  std::vector<std::string> reusedNamespaces;
  std::map<int, IterationFigures> iterations;
  std::vector<std::pair<int64_t, std::string>> workloadStarts;  // at, kind
  std::string lastProblem;                                      // timeout or error event
  std::string outcomeMessage;                                   // the "outcome" event

  Vmi& vmi(const std::string& ns, const std::string& name) {
    return vmis.find(namespaces.id(ns), name);
  }
  void seen(RunClock at) { lastAt = std::max(lastAt, at); }
};

FigureBuilder::FigureBuilder() : state_(std::make_unique<State>()) {}
FigureBuilder::~FigureBuilder() = default;
FigureBuilder::FigureBuilder(FigureBuilder&&) noexcept = default;
FigureBuilder& FigureBuilder::operator=(FigureBuilder&&) noexcept = default;

void FigureBuilder::begin(const RunInfo& run) {
  auto& s = *state_;
  s.info = run;
  s.info.arguments = redactArguments(run.arguments);
  s.info.serverUrl = redactUrl(run.serverUrl);
  s.workloadKinds.clear();
  try {
    const auto scenario =
        Poco::JSON::Parser().parse(run.scenarioResolved).extract<Poco::JSON::Object::Ptr>();
    if (const auto workloads = scenario->getArray("workloads")) {
      for (size_t i = 0; i < workloads->size(); ++i) {
        const auto workload = workloads->getObject(i);
        if (!workload) continue;
        s.workloadKinds.push_back(workload->optValue<std::string>("kind", "iterations"));
        if (i == 0) {
          s.askedRate = workload->optValue<double>("qps", 0);
          s.askedBurst = workload->optValue<int>("burst", 1);
        }
      }
    }
  } catch (const std::exception&) {
    // A trace whose scenario is not JSON still has figures; only its rates are unknown.
  }
}

void FigureBuilder::add(const RequestRecord& r) {
  auto& s = *state_;
  s.seen(r.done);
  if (r.verb == "watch") {
    s.watchStreams[r.resource].push_back(r.sent.count());
    return;
  }
  auto& totals = s.requests[{r.verb, r.resource}];
  ++totals.tries;
  // Paced: a run's first tries of creates of objects (namespaces are created as needed,
  // unpaced); in a replay every re-sent try (its watches and lists are its own). A try that
  // could not be sent (refused) has no send time, so no lateness.
  const bool paced = s.info.kind == "replay"
                         ? r.verb != "list"
                         : r.tryNumber == 1 && r.verb == "create" && r.resource != "namespaces";
  const bool wentOut = r.status != 0 || r.sent.count() > 0;
  if (paced && wentOut) {
    const int64_t late = (r.sent - r.scheduled).count();
    s.lateness.add(late);
    if (late > 10'000'000) ++s.lateOver10ms;
  }
  if (r.tryNumber == 1) {
    ++totals.requests;
    totals.limiterWait.add((r.granted - r.scheduled).count());
  } else {
    ++totals.retries;
  }
  ++totals.byStatus[r.status];
  totals.bytesOut += r.bytesOut;
  totals.bytesIn += r.bytesIn;
  auto& second = s.seconds[secondOf(r.done)];
  if (r.status != 0) {
    totals.latency.add((r.done - r.sent).count());
    second.latencies.push_back((r.done - r.sent).count());
  }
  if (r.status == 429) {
    ++totals.throttled;
    ++s.throttled;
    ++second.throttled;
    ++s.errorsByReason[reasonOf(r)];
  } else if (reusedNamespace(r)) {
    s.reusedNamespaces.push_back(r.name);
  } else if (r.status == 0 || r.status >= 400) {
    // A create's check by GET that finds nothing is how a cut create is resolved, not an error.
    if (!(r.verb == "get" && r.status == 404 && r.tryNumber > 1)) {
      ++totals.errors;
      ++s.errors;
      ++second.errors;
      ++s.errorsByReason[reasonOf(r)];
    }
  }
  if (r.verb == "create" && !isNamespaceCreate(r)) {
    if (r.tryNumber == 1) {
      ++s.asked;
      ++s.seconds[secondOf(r.scheduled)].asked;
      ++s.seconds[secondOf(r.sent)].sent;
      auto& span = s.createsByIteration[r.iteration];
      const int64_t granted = r.granted.count();
      if (span.creates == 0 || granted < span.firstGrant) span.firstGrant = granted;
      span.lastGrant = std::max(span.lastGrant, granted);
      ++span.creates;
      if (r.resource == kVmis) s.vmi(r.ns, r.name).createSent = r.sent.count();
    }
    if (r.status >= 200 && r.status < 300) ++second.created;
  }
}

void FigureBuilder::add(const ObjectRecord& o) {
  auto& s = *state_;
  s.seen(o.at);
  if (o.kind == kKindNamespace) {
    if (o.stage == ObjectRecord::Stage::Gone) ++s.namespacesGone;
    return;
  }
  if (o.stage == ObjectRecord::Stage::Created) ++s.created;
  if (o.kind != kKindVmi) return;
  auto& v = s.vmi(o.ns, o.name);
  if (o.iteration >= 0 && v.iteration < 0) v.iteration = o.iteration;
  const int64_t at = o.at.count();
  switch (o.stage) {
    case ObjectRecord::Stage::Created:
      if (!isSet(v.created)) v.created = at;
      break;
    case ObjectRecord::Stage::DeletionRequested:
      if (!isSet(v.deletionRequested)) v.deletionRequested = at;
      break;
    case ObjectRecord::Stage::Gone:
      if (!isSet(v.gone)) v.gone = at;
      break;
  }
}

void FigureBuilder::add(const PhaseRecord& p) {
  auto& s = *state_;
  s.seen(p.observedAt);
  auto& v = s.vmi(p.ns, p.name);
  if (p.createdServerNs && !isSet(v.createdServer)) v.createdServer = *p.createdServerNs;
  if (p.deletionServerNs && !isSet(v.deletionServer)) v.deletionServer = *p.deletionServerNs;
  v.phases.push_back(
      PhaseSeen{s.phaseNames.id(p.phase), p.observedAt.count(), p.serverNs.value_or(kUnset)});
}

void FigureBuilder::add(const IterationRecord& i) {
  auto& s = *state_;
  s.seen(i.at);
  auto& it = s.iterations[i.index];
  it.index = i.index;
  auto set = [&](std::optional<RunClock>& field) {
    if (!field) field = i.at;
  };
  switch (i.stage) {
    case IterationRecord::Stage::Started:
      set(it.started);
      if (!i.namespaces.empty()) it.namespaces = i.namespaces;
      break;
    case IterationRecord::Stage::Created:
      set(it.created);
      break;
    case IterationRecord::Stage::AllRunning:
      set(it.allRunning);
      break;
    case IterationRecord::Stage::DeletionStarted:
      set(it.deletionStarted);
      break;
    case IterationRecord::Stage::AllGone:
      set(it.allGone);
      break;
    case IterationRecord::Stage::Ended:
      it.ended = i.at;  // the last one: a burst ends its first iteration after its cycles
      break;
  }
}

void FigureBuilder::add(const EventRecord& e) {
  auto& s = *state_;
  s.seen(e.at);
  if (e.kind == "relist") {
    const bool namespaces = e.message.rfind("namespace", 0) == 0;
    ++s.relists[namespaces ? "namespaces" : kVmis];
  } else if (e.kind == "timeout" || e.kind == "error") {
    s.lastProblem = e.message;
  } else if (e.kind == "outcome") {
    s.outcomeMessage = e.message;
  } else if (e.kind == "workload-start") {
    // "<name> (<kind>)"
    const auto open = e.message.rfind('(');
    const auto close = e.message.rfind(')');
    if (open != std::string::npos && close != std::string::npos && close > open)
      s.workloadStarts.emplace_back(e.at.count(), e.message.substr(open + 1, close - open - 1));
  }
}

void FigureBuilder::end(const RunEnd& end) {
  state_->end = end;
  state_->seen(end.endedAt);
}

void FigureBuilder::endIncomplete(RunOutcome outcome, RunClock lastRecordAt) {
  state_->incompleteOutcome = outcome;
  state_->seen(lastRecordAt);
}

namespace {

// The phases the VMIs were seen in, as figures list them (phaseBefore).
std::vector<uint32_t> phasesSeen(const VmiMap& vmis, const Interner& phaseNames) {
  std::vector<bool> seen(phaseNames.size(), false);
  for (const Vmi& vmi : vmis.values())
    for (const auto& phase : vmi.phases)
      seen[phase.phase] = true;
  std::vector<uint32_t> ids;
  for (uint32_t id = 0; id < phaseNames.size(); ++id)
    if (seen[id]) ids.push_back(id);
  std::sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) {
    return phaseBefore(phaseNames.text(a), phaseNames.text(b));
  });
  return ids;
}

// Per-phase histograms by both clocks, deletion histograms, and what never ran or is stuck.
// `order` is phasesSeen().
void vmiFigures(const VmiMap& vmis, const Interner& namespaces, const Interner& phaseNames,
                const std::vector<uint32_t>& order, RunFigures& f) {
  // The latencies of each phase id: from creation by both clocks, and (Succeeded and Failed)
  // from the deletion request by both clocks.
  enum Series : size_t { kServer, kClient, kEndClient, kEndServer, kSeries };
  std::vector<std::array<LatencyHistogram, kSeries>> byPhase(phaseNames.size());
  LatencyHistogram toGone;
  const uint32_t kNone = std::numeric_limits<uint32_t>::max();
  const uint32_t running = phaseNames.find("Running").value_or(kNone);
  const uint32_t failedPhase = phaseNames.find("Failed").value_or(kNone);
  const uint32_t succeeded = phaseNames.find("Succeeded").value_or(kNone);
  // Calls each(phase id, series, ns) for every latency one VMI adds, and each(kNone, 0, ns) for
  // its time to gone.
  const auto samplesOf = [&](const Vmi& v, const auto& each) {
    for (const auto& seen : v.phases) {
      if (isSet(seen.server) && isSet(v.createdServer))
        each(seen.phase, kServer, seen.server - v.createdServer);
      if (isSet(v.createSent)) each(seen.phase, kClient, seen.observed - v.createSent);
      if (isSet(v.deletionRequested) && (seen.phase == succeeded || seen.phase == failedPhase) &&
          seen.observed >= v.deletionRequested) {
        each(seen.phase, kEndClient, seen.observed - v.deletionRequested);
        if (isSet(seen.server) && isSet(v.deletionServer))
          each(seen.phase, kEndServer, seen.server - v.deletionServer);
      }
    }
    if (isSet(v.deletionRequested) && isSet(v.gone)) each(kNone, 0, v.gone - v.deletionRequested);
  };
  // Counted first, so that each histogram holds its samples in one block: with 100,000 VMIs
  // they are ~8 MB, and vectors that double as they grow took up to twice that at the run's end.
  {
    std::vector<std::array<size_t, kSeries>> counts(phaseNames.size(),
                                                    std::array<size_t, kSeries>{});
    size_t gone = 0;
    for (const Vmi& vmi : vmis.values()) {
      samplesOf(vmi, [&](uint32_t phase, size_t series, int64_t) {
        ++(phase == kNone ? gone : counts[phase][series]);
      });
    }
    for (size_t phase = 0; phase < counts.size(); ++phase)
      for (size_t series = 0; series < kSeries; ++series)
        byPhase[phase][series].reserve(counts[phase][series]);
    toGone.reserve(gone);
  }
  // Samples in the order of the VMIs' names, so that a trace always gives the same ones.
  std::vector<const Vmi*> ordered;
  ordered.reserve(vmis.size());
  for (const Vmi& vmi : vmis.values())
    ordered.push_back(&vmi);
  std::sort(ordered.begin(), ordered.end(), [&](const Vmi* a, const Vmi* b) {
    return std::tie(namespaces.text(a->ns), a->name) < std::tie(namespaces.text(b->ns), b->name);
  });
  for (const Vmi* v : ordered) {
    samplesOf(*v, [&](uint32_t phase, size_t series, int64_t ns) {
      (phase == kNone ? toGone : byPhase[phase][series]).add(ns);
    });
    bool ran = false;
    bool failed = false;
    uint32_t last = kNone;
    int64_t lastAt = -1;
    for (const auto& seen : v->phases) {
      ran = ran || seen.phase == running;
      failed = failed || (seen.phase == failedPhase && !ran);
      if (seen.observed >= lastAt) {
        lastAt = seen.observed;
        last = seen.phase;
      }
    }
    if (!isSet(v->created) && !isSet(v->createSent)) continue;  // seen by the watch only
    if (ran) continue;
    const bool goneOnItsOwn =
        isSet(v->gone) && (!isSet(v->deletionRequested) || v->gone < v->deletionRequested);
    const std::string lastPhase = last == kNone ? "" : phaseNames.text(last);
    if (failed || goneOnItsOwn) {
      f.neverRan.push_back(VmiState{namespaces.text(v->ns), v->name.str(), lastPhase});
    } else if (isSet(v->created)) {
      f.stuck.push_back(VmiState{namespaces.text(v->ns), v->name.str(), lastPhase});
    }
  }
  ordered = {};
  // The samples move into the figures: the histograms end here.
  for (const uint32_t phase : order) {
    auto& series = byPhase[phase];
    auto& server = series[kServer];
    auto& client = series[kClient];
    // cdf() before takeSamples(), which ends the exact answers.
    auto serverCdf = server.cdf();
    auto clientCdf = client.cdf();
    f.phases.push_back(PhaseFigures{phaseNames.text(phase), server.summary(), client.summary(),
                                    std::move(serverCdf), std::move(clientCdf),
                                    server.takeSamples(), client.takeSamples()});
  }
  for (const uint32_t phase : {succeeded, failedPhase}) {
    if (phase == kNone) continue;
    auto& client = byPhase[phase][kEndClient];
    auto& server = byPhase[phase][kEndServer];
    if (client.count() == 0) continue;
    const Distribution clientSummary = client.summary();
    const Distribution serverSummary = server.summary();
    f.deletion.push_back(DeletionFigures{phaseNames.text(phase), clientSummary, serverSummary,
                                         client.takeSamples(), server.takeSamples()});
  }
  if (toGone.count() > 0) {
    const Distribution summary = toGone.summary();
    f.deletion.push_back(DeletionFigures{"gone", summary, {}, toGone.takeSamples(), {}});
  }
}

// VMIs present by phase at the end of each second: a sweep over every VMI's transitions.
// `seen` is phasesSeen().
void phaseTimeline(const VmiMap& vmis, const Interner& phaseNames,
                   const std::vector<uint32_t>& seen, RunFigures& f) {
  std::vector<std::string>& order = f.phaseOrder;
  for (const uint32_t phase : seen)
    order.push_back(phaseNames.text(phase));
  // Each phase id's place in the order (the order's size when it has none).
  std::vector<int> place(phaseNames.size(), static_cast<int>(seen.size()));
  for (size_t at = 0; at < seen.size(); ++at)
    place[seen[at]] = static_cast<int>(at);
  // The changes of every VMI, each counted in the first second that ends after it, in time
  // order (arrival order when equal). Laid out second by second (a counting sort) at 16 bytes
  // each and sorted a second at a time: with 100,000 VMIs there are ~600,000 of them, and a
  // sort of them all was the run's largest allocation.
  struct Change {
    int64_t at;
    uint32_t vmi;
    int32_t phase;  // index in order; -1: gone
  };
  std::vector<int64_t> ends;  // of each second
  ends.reserve(f.seconds.size());
  for (const auto& second : f.seconds)
    ends.push_back((second.second + 1) * kSecond);
  const auto secondOfChange = [&ends](int64_t at) {
    return static_cast<size_t>(std::upper_bound(ends.begin(), ends.end(), at) - ends.begin());
  };
  const auto forEachChange = [&](const auto& each) {
    uint32_t index = 0;
    for (const Vmi& v : vmis.values()) {
      for (const auto& seen : v.phases)
        each(Change{seen.observed, index, place[seen.phase]});
      if (isSet(v.gone)) each(Change{v.gone, index, -1});
      ++index;
    }
    return index;
  };
  std::vector<size_t> firstOf(ends.size() + 1, 0);  // where each second's changes start
  const uint32_t vmiCount = forEachChange([&](const Change& c) {
    const size_t at = secondOfChange(c.at);
    if (at < ends.size()) ++firstOf[at + 1];
  });
  for (size_t i = 1; i < firstOf.size(); ++i)
    firstOf[i] += firstOf[i - 1];
  std::vector<Change> changes(firstOf.back());
  std::vector<size_t> fill(firstOf.begin(), firstOf.end() - 1);
  forEachChange([&](const Change& c) {
    const size_t at = secondOfChange(c.at);
    if (at < ends.size()) changes[fill[at]++] = c;
  });
  std::vector<int> current(vmiCount, -2);  // -2: not seen yet
  std::vector<size_t> counts(order.size(), 0);
  size_t at = 0;
  for (auto& second : f.seconds) {
    const auto first = changes.begin() + static_cast<std::ptrdiff_t>(firstOf[at]);
    const auto last = changes.begin() + static_cast<std::ptrdiff_t>(firstOf[at + 1]);
    std::stable_sort(first, last, [](const Change& a, const Change& b) { return a.at < b.at; });
    for (auto c = first; c != last; ++c) {
      int& now = current[c->vmi];
      if (now == -1) continue;  // gone stays gone
      if (now >= 0) --counts[static_cast<size_t>(now)];
      now = c->phase;
      if (now >= 0) ++counts[static_cast<size_t>(now)];
    }
    second.byPhase = counts;
    ++at;
  }
}

}  // namespace

RunFigures FigureBuilder::figures() const {
  const auto& s = *state_;
  RunFigures f;
  f.info = s.info;
  f.workloadKinds = s.workloadKinds;
  if (s.end) {
    f.outcome = s.end->outcome;
    f.exitCode = s.end->exitCode;
    f.duration = s.end->endedAt;
  } else {
    f.outcome = s.incompleteOutcome.value_or(RunOutcome::Incomplete);
    f.duration = s.lastAt;
  }
  f.message = !s.outcomeMessage.empty()     ? s.outcomeMessage
              : f.outcome != RunOutcome::Ok ? s.lastProblem
                                            : "";

  // Creations and rates.
  f.asked = s.asked;
  f.created = s.created;
  f.failed = f.asked > f.created ? f.asked - f.created : 0;
  f.askedRate = s.askedRate;
  f.askedBurst = s.askedBurst;
  {
    const size_t free = static_cast<size_t>(std::max(1, s.askedBurst));
    size_t paced = 0;
    int64_t span = 0;
    for (const auto& [iteration, batch] : s.createsByIteration) {
      if (batch.creates <= free) continue;
      paced += batch.creates - free;
      span += batch.lastGrant - batch.firstGrant;
    }
    if (span > 0 && paced > 0)
      f.achievedRate = static_cast<double>(paced) / (static_cast<double>(span) / 1e9);
  }
  f.reusedNamespaces = s.reusedNamespaces;

  // Requests and watches.
  for (const auto& [key, totals] : s.requests) {
    RequestFigures r;
    r.verb = key.first;
    r.resource = key.second;
    r.requests = totals.requests;
    r.tries = totals.tries;
    r.retries = totals.retries;
    r.throttled = totals.throttled;
    r.errors = totals.errors;
    r.latency = totals.latency.summary();
    r.limiterWait = totals.limiterWait.summary();
    r.byStatus = totals.byStatus;
    r.bytesOut = totals.bytesOut;
    r.bytesIn = totals.bytesIn;
    r.latencySamples = totals.latency.samples();
    r.limiterWaitSamples = totals.limiterWait.samples();
    f.requests.push_back(std::move(r));
  }
  for (const auto& [resource, streams] : s.watchStreams) {
    WatchFigures w;
    w.resource = resource;
    w.streams = streams.size();
    w.reconnects = streams.empty() ? 0 : streams.size() - 1;
    // A stream's record is written when it opens; it stays open until the next one of its
    // resource opens (a reconnect) or the run ends.
    std::vector<int64_t> starts = streams;
    std::sort(starts.begin(), starts.end());
    LatencyHistogram open;
    for (size_t i = 0; i < starts.size(); ++i) {
      const int64_t until = i + 1 < starts.size() ? starts[i + 1] : f.duration.count();
      open.add(std::max<int64_t>(0, until - starts[i]));
    }
    w.openFor = open.summary();
    const auto relists = s.relists.find(resource);
    w.relists = relists == s.relists.end() ? 0 : relists->second;
    if (resource == kVmis) {
      for (const Vmi& vmi : s.vmis.values())
        w.events += vmi.phases.size() + (isSet(vmi.gone) ? 1 : 0);
    } else if (resource == "namespaces") {
      w.events = s.namespacesGone;
    }
    f.watches.push_back(std::move(w));
  }
  f.errorsByReason = s.errorsByReason;
  f.throttled = s.throttled;
  f.errors = s.errors;
  f.schedule.lateness = s.lateness.summary();
  f.schedule.requests = f.schedule.lateness.count;
  f.schedule.lateOver10ms = s.lateOver10ms;

  // Seconds, from 0 to the end of the run, every one present; at most kMaxSeconds, so that a
  // damaged time in a trace cannot ask for billions of them.
  const int64_t lastSecond =
      std::min(kMaxSeconds - 1,
               std::max(secondOf(f.duration), s.seconds.empty() ? 0 : s.seconds.rbegin()->first));
  if (f.duration.count() > 0 || !s.seconds.empty()) {
    for (int64_t second = 0; second <= lastSecond; ++second) {
      SecondFigures out;
      out.second = second;
      const auto it = s.seconds.find(second);
      if (it != s.seconds.end()) {
        out.asked = it->second.asked;
        out.sent = it->second.sent;
        out.created = it->second.created;
        out.throttled = it->second.throttled;
        out.errors = it->second.errors;
        if (!it->second.latencies.empty()) {
          auto latencies = it->second.latencies;
          std::sort(latencies.begin(), latencies.end());
          out.latencyP99 = percentile(latencies, 99);
        }
      }
      f.seconds.push_back(std::move(out));
    }
  }
  // The timeline before the latencies: each needs ~10 MB for 100,000 VMIs while it is built,
  // and the latencies' samples stay in the figures.
  const std::vector<uint32_t> phases = phasesSeen(s.vmis, s.phaseNames);
  phaseTimeline(s.vmis, s.phaseNames, phases, f);
  vmiFigures(s.vmis, s.namespaces, s.phaseNames, phases, f);

  // Iterations; a steady-state workload's are cycles.
  std::map<int, size_t> vmisByIteration;
  for (const Vmi& vmi : s.vmis.values())
    if (isSet(vmi.created)) ++vmisByIteration[vmi.iteration];
  for (const auto& [index, iteration] : s.iterations) {
    IterationFigures out = iteration;
    const auto count = vmisByIteration.find(index);
    out.vmis = count == vmisByIteration.end() ? 0 : count->second;
    if (out.started) {
      std::string kind;
      for (const auto& [at, workloadKind] : s.workloadStarts)
        if (at <= out.started->count()) kind = workloadKind;
      out.cycle = kind == "steady-state";
    }
    f.iterations.push_back(std::move(out));
  }
  return f;
}

void FiguresRecorder::beginRun(const RunInfo& run) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    builder_.begin(run);
  }
  next_.beginRun(run);
}

void FiguresRecorder::record(RequestRecord request) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    builder_.add(request);
  }
  next_.record(std::move(request));
}

void FiguresRecorder::record(ObjectRecord object) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    builder_.add(object);
  }
  next_.record(std::move(object));
}

void FiguresRecorder::record(PhaseRecord phase) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    builder_.add(phase);
  }
  next_.record(std::move(phase));
}

void FiguresRecorder::record(IterationRecord iteration) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    builder_.add(iteration);
  }
  next_.record(std::move(iteration));
}

void FiguresRecorder::record(EventRecord event) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    builder_.add(event);
  }
  next_.record(std::move(event));
}

void FiguresRecorder::endRun(const RunEnd& end) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    builder_.end(end);
  }
  next_.endRun(end);
}

RunFigures FiguresRecorder::figures() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return builder_.figures();
}

}  // namespace perfscale::stats
