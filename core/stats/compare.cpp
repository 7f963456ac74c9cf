// Comparing two runs: the configurations, then one row per figure with its regression and
// significance flags (see compare.h for the rule).
#include "core/stats/compare.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <utility>

namespace perfscale::stats {
namespace {

double toMs(int64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

std::string number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

// The scenario as "path = value" leaves ("workloads[0].count" -> "20"), so that two scenarios
// differ by named settings rather than as two blobs of text.
void flatten(const Poco::Dynamic::Var& value, const std::string& path,
             std::map<std::string, std::string>& leaves) {
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
    const auto& object = value.extract<Poco::JSON::Object::Ptr>();
    for (const auto& [key, child] : *object)
      flatten(child, path.empty() ? key : path + "." + key, leaves);
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    const auto& array = value.extract<Poco::JSON::Array::Ptr>();
    for (size_t i = 0; i < array->size(); ++i)
      flatten(array->get(static_cast<unsigned>(i)), path + "[" + std::to_string(i) + "]", leaves);
  } else {
    leaves[path] = value.isEmpty() ? "null" : value.toString();
  }
}

struct Scenario {
  std::map<std::string, std::string> leaves;
  bool parsed = false;
};

Scenario scenarioOf(const RunInfo& run) {
  Scenario scenario;
  try {
    flatten(Poco::JSON::Parser().parse(run.scenarioResolved), "", scenario.leaves);
    scenario.parsed = true;
  } catch (const std::exception&) {
    scenario.leaves.clear();  // not JSON: compared as text below
  }
  // Different for every run by design.
  scenario.leaves.erase("uuid");
  scenario.leaves.erase("traceFile");
  return scenario;
}

std::string valueOr(const std::map<std::string, std::string>& leaves, const std::string& key) {
  const auto found = leaves.find(key);
  return found == leaves.end() ? "(none)" : found->second;
}

class RowBuilder {
 public:
  RowBuilder(const CompareOptions& options, double rateBase)
      : options_(options), rateBase_(rateBase) {}

  void add(std::string name, FigureKind kind, std::optional<double> a, std::optional<double> b,
           std::optional<double> p = std::nullopt) {
    ComparisonRow row;
    row.name = std::move(name);
    row.kind = kind;
    row.unit = kind == FigureKind::Latency ? "ms" : kind == FigureKind::Rate ? "/s" : "";
    row.a = a;
    row.b = b;
    row.p = p;
    if (a && b) {
      row.change = *b - *a;
      if (*a != 0) row.relativeChange = (*b - *a) / std::abs(*a);
      row.regression = isRegression(kind, *a, *b, options_.tolerance, floorOf(kind));
    }
    row.significant = p && *p < options_.significance;
    rows_.push_back(std::move(row));
  }

  // P50/P90/P95/P99/max of one distribution in each run, the test over their samples and the
  // sample counts (for information). A run without the distribution shows nothing for it.
  void distribution(const std::string& prefix, const Distribution* a, const Distribution* b,
                    const std::vector<int64_t>* samplesA, const std::vector<int64_t>* samplesB,
                    const std::string& countName) {
    const bool hasA = a != nullptr && a->count > 0;
    const bool hasB = b != nullptr && b->count > 0;
    if (!hasA && !hasB) return;
    std::optional<double> p;
    if (hasA && hasB && samplesA != nullptr && samplesB != nullptr && !samplesA->empty() &&
        !samplesB->empty())
      p = mannWhitneyU(*samplesA, *samplesB).p;
    const std::pair<const char*, int64_t Distribution::*> stats[] = {{"P50", &Distribution::p50},
                                                                     {"P90", &Distribution::p90},
                                                                     {"P95", &Distribution::p95},
                                                                     {"P99", &Distribution::p99},
                                                                     {"max", &Distribution::max}};
    for (const auto& [stat, member] : stats) {
      add(prefix + stat, FigureKind::Latency,
          hasA ? std::optional<double>(toMs(a->*member)) : std::nullopt,
          hasB ? std::optional<double>(toMs(b->*member)) : std::nullopt, p);
    }
    if (!countName.empty()) {
      add(countName, FigureKind::Info,
          hasA ? std::optional<double>(static_cast<double>(a->count)) : std::nullopt,
          hasB ? std::optional<double>(static_cast<double>(b->count)) : std::nullopt);
    }
  }

  std::vector<ComparisonRow> take() { return std::move(rows_); }

 private:
  double floorOf(FigureKind kind) const {
    switch (kind) {
      case FigureKind::Latency:
        return toMs(options_.latencyFloor.count());
      case FigureKind::Rate:
        return options_.rateFloor * rateBase_;
      case FigureKind::Count:
        return options_.countFloor;
      case FigureKind::Info:
        break;
    }
    return 0;
  }

  const CompareOptions& options_;
  double rateBase_;
  std::vector<ComparisonRow> rows_;
};

template <typename T, typename Key>
const T* findBy(const std::vector<T>& items, const Key& key) {
  for (const auto& item : items)
    if (key(item)) return &item;
  return nullptr;
}

// The names of `a`'s items, then those only `b` has.
template <typename T, typename Name>
std::vector<std::string> unionOfNames(const std::vector<T>& a, const std::vector<T>& b, Name name) {
  std::vector<std::string> names;
  for (const auto* items : {&a, &b})
    for (const auto& item : *items)
      if (std::find(names.begin(), names.end(), name(item)) == names.end())
        names.push_back(name(item));
  return names;
}

std::optional<double> meanIterationMs(const RunFigures& run) {
  double total = 0;
  size_t counted = 0;
  for (const auto& iteration : run.iterations) {
    if (!iteration.started || !iteration.ended) continue;
    total += toMs((*iteration.ended - *iteration.started).count());
    ++counted;
  }
  if (counted == 0) return std::nullopt;
  return total / static_cast<double>(counted);
}

void compareConfig(const RunFigures& a, const RunFigures& b, RunComparison& out) {
  const Scenario scenarioA = scenarioOf(a.info);
  const Scenario scenarioB = scenarioOf(b.info);
  auto parallelism = [](const Scenario& s) { return valueOr(s.leaves, "parallelism"); };
  out.config = {
      {"VMIs asked", std::to_string(a.asked), std::to_string(b.asked)},
      {"qps", number(a.askedRate), number(b.askedRate)},
      {"burst", std::to_string(a.askedBurst), std::to_string(b.askedBurst)},
      {"parallelism", parallelism(scenarioA), parallelism(scenarioB)},
      {"tool version", a.info.toolVersion, b.info.toolVersion},
      {"server", a.info.serverUrl, b.info.serverUrl},
      {"cluster version", a.info.clusterVersion, b.info.clusterVersion},
  };
  std::vector<std::string> scenarioDiffers;
  if (scenarioA.parsed && scenarioB.parsed) {
    std::set<std::string> keys;
    for (const auto* leaves : {&scenarioA.leaves, &scenarioB.leaves})
      for (const auto& [key, value] : *leaves)
        keys.insert(key);
    for (const auto& key : keys) {
      const auto valueA = valueOr(scenarioA.leaves, key);
      const auto valueB = valueOr(scenarioB.leaves, key);
      if (valueA == valueB) continue;
      scenarioDiffers.push_back(key);
      out.config.push_back({"scenario " + key, valueA, valueB});
    }
  } else if (a.info.scenarioResolved != b.info.scenarioResolved) {
    scenarioDiffers.emplace_back("(not JSON)");
    out.config.push_back({"scenario", a.info.scenarioResolved, b.info.scenarioResolved});
  }
  for (const auto& item : out.config)
    if (item.a != item.b) out.differences.push_back(item);

  std::vector<std::string> reasons;
  if (a.asked != b.asked)
    reasons.push_back("VMIs asked differ (" + std::to_string(a.asked) + " vs " +
                      std::to_string(b.asked) + ")");
  if (!scenarioDiffers.empty()) {
    std::string keys;
    for (const auto& key : scenarioDiffers)
      keys += (keys.empty() ? "" : ", ") + key;
    reasons.push_back("the scenarios differ in " + keys);
  }
  out.comparable = reasons.empty();
  if (!out.comparable) {
    out.warning = "the runs are not comparable: ";
    for (size_t i = 0; i < reasons.size(); ++i)
      out.warning += (i == 0 ? "" : "; ") + reasons[i];
  }
}

}  // namespace

MannWhitney mannWhitneyU(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  MannWhitney result;
  if (a.empty() || b.empty()) return result;
  const auto n1 = static_cast<double>(a.size());
  const auto n2 = static_cast<double>(b.size());
  // Every value with the sample it came from, ranked together; ties get their mean rank.
  std::vector<std::pair<int64_t, bool>> all;
  all.reserve(a.size() + b.size());
  for (const int64_t value : a)
    all.emplace_back(value, true);
  for (const int64_t value : b)
    all.emplace_back(value, false);
  std::sort(all.begin(), all.end());
  double rankSumA = 0;
  double tieTerm = 0;  // sum of t^3 - t over groups of t tied values
  for (size_t first = 0; first < all.size();) {
    size_t last = first;
    while (last + 1 < all.size() && all[last + 1].first == all[first].first)
      ++last;
    const double meanRank = (static_cast<double>(first + last) / 2) + 1;
    const auto tied = static_cast<double>(last - first + 1);
    tieTerm += (tied * tied * tied) - tied;
    for (size_t i = first; i <= last; ++i)
      if (all[i].second) rankSumA += meanRank;
    first = last + 1;
  }
  result.u = rankSumA - (n1 * (n1 + 1) / 2);
  const double n = n1 + n2;
  const double mean = n1 * n2 / 2;
  const double variance = n1 * n2 / 12 * ((n + 1) - (tieTerm / (n * (n - 1))));
  if (variance <= 0) return result;  // every value ties
  const double distance = result.u - mean;
  // Continuity correction: U moves in steps of 1/2 at least, the normal curve does not.
  const double corrected = std::max(std::abs(distance) - 0.5, 0.0);
  result.z = std::copysign(corrected, distance) / std::sqrt(variance);
  result.p = std::min(1.0, std::erfc(std::abs(result.z) / std::sqrt(2.0)));
  return result;
}

bool isRegression(FigureKind kind, double a, double b, double tolerance, double floor) {
  double worse = 0;
  switch (kind) {
    case FigureKind::Latency:
    case FigureKind::Count:
      worse = b - a;
      break;
    case FigureKind::Rate:
      worse = a - b;
      break;
    case FigureKind::Info:
      return false;
  }
  return worse > 0 && worse > floor && worse > tolerance * std::abs(a);
}

RunComparison compareRuns(const RunFigures& a, const RunFigures& b, const CompareOptions& options) {
  RunComparison out;
  compareConfig(a, b, out);
  const double rateBase = a.askedRate > 0 ? a.askedRate : a.achievedRate.value_or(0);
  RowBuilder rows(options, rateBase);

  const auto phaseName = [](const PhaseFigures& p) { return p.phase; };
  for (const auto& phase : unionOfNames(a.phases, b.phases, phaseName)) {
    const auto named = [&](const PhaseFigures& p) { return p.phase == phase; };
    const PhaseFigures* pa = findBy(a.phases, named);
    const PhaseFigures* pb = findBy(b.phases, named);
    rows.distribution(phase + ".", pa ? &pa->client : nullptr, pb ? &pb->client : nullptr,
                      pa ? &pa->clientSamples : nullptr, pb ? &pb->clientSamples : nullptr,
                      phase + ".count");
    rows.distribution(phase + ".server.", pa ? &pa->server : nullptr, pb ? &pb->server : nullptr,
                      pa ? &pa->serverSamples : nullptr, pb ? &pb->serverSamples : nullptr, "");
  }

  const auto deletionName = [](const DeletionFigures& d) { return d.to; };
  for (const auto& to : unionOfNames(a.deletion, b.deletion, deletionName)) {
    const auto named = [&](const DeletionFigures& d) { return d.to == to; };
    const DeletionFigures* da = findBy(a.deletion, named);
    const DeletionFigures* db = findBy(b.deletion, named);
    const std::string prefix = to == "gone" ? "deleted." : "deleted." + to + ".";
    rows.distribution(prefix, da ? &da->client : nullptr, db ? &db->client : nullptr,
                      da ? &da->clientSamples : nullptr, db ? &db->clientSamples : nullptr,
                      prefix + "count");
    if (to != "gone")
      rows.distribution(prefix + "server.", da ? &da->server : nullptr, db ? &db->server : nullptr,
                        da ? &da->serverSamples : nullptr, db ? &db->serverSamples : nullptr, "");
  }

  const auto requestName = [](const RequestFigures& r) { return r.verb + "." + r.resource; };
  for (const auto& name : unionOfNames(a.requests, b.requests, requestName)) {
    const auto named = [&](const RequestFigures& r) { return requestName(r) == name; };
    const RequestFigures* ra = findBy(a.requests, named);
    const RequestFigures* rb = findBy(b.requests, named);
    const auto figure = [](const RequestFigures* r, auto get) {
      return r != nullptr ? std::optional<double>(get(*r)) : std::nullopt;
    };
    std::optional<double> p;
    if (ra && rb && !ra->latencySamples.empty() && !rb->latencySamples.empty())
      p = mannWhitneyU(ra->latencySamples, rb->latencySamples).p;
    const auto latency = [&](const RequestFigures* r, int64_t Distribution::*member) {
      return r != nullptr && r->latency.count > 0 ? std::optional<double>(toMs(r->latency.*member))
                                                  : std::nullopt;
    };
    rows.add(name + ".P50", FigureKind::Latency, latency(ra, &Distribution::p50),
             latency(rb, &Distribution::p50), p);
    rows.add(name + ".P99", FigureKind::Latency, latency(ra, &Distribution::p99),
             latency(rb, &Distribution::p99), p);
    rows.add(name + ".count", FigureKind::Info,
             figure(ra, [](const RequestFigures& r) { return static_cast<double>(r.requests); }),
             figure(rb, [](const RequestFigures& r) { return static_cast<double>(r.requests); }));
    rows.add(name + ".errors", FigureKind::Count,
             figure(ra, [](const RequestFigures& r) { return static_cast<double>(r.errors); }),
             figure(rb, [](const RequestFigures& r) { return static_cast<double>(r.errors); }));
    rows.add(name + ".429s", FigureKind::Count,
             figure(ra, [](const RequestFigures& r) { return static_cast<double>(r.throttled); }),
             figure(rb, [](const RequestFigures& r) { return static_cast<double>(r.throttled); }));
    std::optional<double> waitP;
    if (ra && rb && !ra->limiterWaitSamples.empty() && !rb->limiterWaitSamples.empty())
      waitP = mannWhitneyU(ra->limiterWaitSamples, rb->limiterWaitSamples).p;
    const auto wait = [](const RequestFigures* r) {
      return r != nullptr && r->limiterWait.count > 0
                 ? std::optional<double>(toMs(r->limiterWait.p99))
                 : std::nullopt;
    };
    rows.add(name + ".limiterWait.P99", FigureKind::Latency, wait(ra), wait(rb), waitP);
  }

  rows.add("errors", FigureKind::Count, static_cast<double>(a.errors),
           static_cast<double>(b.errors));
  rows.add("429s", FigureKind::Count, static_cast<double>(a.throttled),
           static_cast<double>(b.throttled));
  rows.add("vmis.failed", FigureKind::Count, static_cast<double>(a.failed),
           static_cast<double>(b.failed));
  rows.add("rate.asked", FigureKind::Info, a.askedRate, b.askedRate);
  rows.add("rate.achieved", FigureKind::Rate, a.achievedRate, b.achievedRate);
  rows.add("iterations.mean", FigureKind::Latency, meanIterationMs(a), meanIterationMs(b));
  rows.add("duration", FigureKind::Latency, toMs(a.duration.count()), toMs(b.duration.count()));

  out.rows = rows.take();
  out.regressed = std::any_of(out.rows.begin(), out.rows.end(),
                              [](const ComparisonRow& row) { return row.regression; });
  return out;
}

}  // namespace perfscale::stats
