// Counters, gauges, histograms and their families (see registry.h).
#include "core/metrics/registry.h"

#include <algorithm>
#include <stdexcept>

namespace perfscale::metrics {
namespace {

void addTo(std::atomic<double>& target, double delta) {
  double old = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(old, old + delta, std::memory_order_relaxed)) {
  }
}

bool validName(const std::string& name, bool colons) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colons && c == ':');
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

template <typename T, typename Make>
T& childOf(std::map<std::vector<std::string>, std::unique_ptr<T>>& children,
           const std::vector<std::string>& labelValues, Make make) {
  auto& child = children[labelValues];
  if (!child) child = make();
  return *child;
}

}  // namespace

const char* toString(Type type) {
  switch (type) {
    case Type::Counter:
      return "counter";
    case Type::Gauge:
      return "gauge";
    case Type::Histogram:
      return "histogram";
  }
  return "untyped";
}

void Gauge::add(double delta) {
  addTo(value_, delta);
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      counts_(std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::observe(double value) {
  // le: the first bound at or above the value; past the last, the +Inf bucket.
  const auto at = std::lower_bound(bounds_.begin(), bounds_.end(), value);
  counts_[static_cast<size_t>(at - bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
  addTo(sum_, value);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  s.cumulative.reserve(bounds_.size() + 1);
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    s.count += counts_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(s.count);
  }
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

Family::Family(std::string name, std::string help, Type type, std::vector<std::string> labelNames,
               std::vector<double> buckets)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(type),
      labelNames_(std::move(labelNames)),
      buckets_(std::move(buckets)) {}

void Family::check(Type wanted, const std::vector<std::string>& labelValues) const {
  if (wanted != type_) {
    throw std::logic_error("metric " + name_ + " is a " + toString(type_) + ", not a " +
                           toString(wanted));
  }
  if (labelValues.size() != labelNames_.size()) {
    throw std::logic_error("metric " + name_ + " takes " + std::to_string(labelNames_.size()) +
                           " label values, given " + std::to_string(labelValues.size()));
  }
}

Counter& Family::counter(const std::vector<std::string>& labelValues) {
  check(Type::Counter, labelValues);
  std::lock_guard<std::mutex> lock(mutex_);
  return childOf(counters_, labelValues, [] { return std::make_unique<Counter>(); });
}

Gauge& Family::gauge(const std::vector<std::string>& labelValues) {
  check(Type::Gauge, labelValues);
  std::lock_guard<std::mutex> lock(mutex_);
  return childOf(gauges_, labelValues, [] { return std::make_unique<Gauge>(); });
}

Histogram& Family::histogram(const std::vector<std::string>& labelValues) {
  check(Type::Histogram, labelValues);
  std::lock_guard<std::mutex> lock(mutex_);
  return childOf(histograms_, labelValues,
                 [this] { return std::make_unique<Histogram>(buckets_); });
}

void Family::forEach(const std::function<void(const std::vector<std::string>&, const Counter*,
                                              const Gauge*, const Histogram*)>& visit) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [labels, counter] : counters_)
    visit(labels, counter.get(), nullptr, nullptr);
  for (const auto& [labels, gauge] : gauges_)
    visit(labels, nullptr, gauge.get(), nullptr);
  for (const auto& [labels, histogram] : histograms_)
    visit(labels, nullptr, nullptr, histogram.get());
}

Family& Registry::add(const std::string& name, const std::string& help, Type type,
                      std::vector<std::string> labelNames, std::vector<double> buckets) {
  if (!validName(name, true))
    throw std::invalid_argument("metric name \"" + name + "\": expected [a-zA-Z_:][a-zA-Z0-9_:]*");
  for (const auto& label : labelNames) {
    if (!validName(label, false) || label.rfind("__", 0) == 0 ||
        (type == Type::Histogram && label == "le")) {
      throw std::invalid_argument("metric " + name + ": label name \"" + label +
                                  "\": expected [a-zA-Z_][a-zA-Z0-9_]*, not reserved");
    }
  }
  for (size_t i = 1; i < buckets.size(); ++i) {
    if (!(buckets[i] > buckets[i - 1]))
      throw std::invalid_argument("metric " + name + ": histogram buckets must increase");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& family : families_) {
    if (family->name() == name)
      throw std::invalid_argument("metric " + name + " is registered already");
  }
  families_.push_back(
      std::make_unique<Family>(name, help, type, std::move(labelNames), std::move(buckets)));
  return *families_.back();
}

void Registry::setConstantLabels(std::vector<std::pair<std::string, std::string>> labels) {
  for (const auto& [label, value] : labels) {
    if (!validName(label, false))
      throw std::invalid_argument("label name \"" + label + "\": expected [a-zA-Z_][a-zA-Z0-9_]*");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  constantLabels_ = std::move(labels);
}

std::vector<std::pair<std::string, std::string>> Registry::constantLabels() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return constantLabels_;
}

void Registry::onCollect(std::function<void()> collect) {
  std::lock_guard<std::mutex> lock(mutex_);
  collectors_.push_back(std::move(collect));
}

void Registry::collect() const {
  std::vector<std::function<void()>> collectors;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    collectors = collectors_;
  }
  for (const auto& collect : collectors)
    collect();
}

std::vector<const Family*> Registry::families() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<const Family*> out;
  for (const auto& family : families_)
    out.push_back(family.get());
  return out;
}

}  // namespace perfscale::metrics
