// Metrics in the Prometheus data model: families of counters, gauges and histograms, each series
// a child of its family by label values. Children are resolved once and kept (references stay
// valid for the registry's life), so updating one is an atomic operation, no lookup.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace perfscale::metrics {

enum class Type { Counter, Gauge, Histogram };
const char* toString(Type type);

class Counter {
 public:
  void inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  // For a count kept elsewhere (it only grows there): the counter mirrors it.
  void mirror(uint64_t value) { value_.store(value, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void set(double value) { value_.store(value, std::memory_order_relaxed); }
  void add(double delta);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  // `bounds`: the buckets' upper bounds (le), strictly increasing; +Inf is implied.
  explicit Histogram(std::vector<double> bounds);
  void observe(double value);

  struct Snapshot {
    std::vector<uint64_t> cumulative;  // per bound, then +Inf (== count)
    double sum = 0;
    uint64_t count = 0;
  };
  Snapshot snapshot() const;
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  const std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // per bound, then one past the last
  std::atomic<double> sum_{0};
};

// A metric family: one name, help, type and label names; a series per label values.
class Family {
 public:
  Family(std::string name, std::string help, Type type, std::vector<std::string> labelNames,
         std::vector<double> buckets);

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  Type type() const { return type_; }
  const std::vector<std::string>& labelNames() const { return labelNames_; }

  // The series of `labelValues` (one per label name), created at first use. Throws
  // std::logic_error for the wrong type or number of values.
  Counter& counter(const std::vector<std::string>& labelValues);
  Gauge& gauge(const std::vector<std::string>& labelValues);
  Histogram& histogram(const std::vector<std::string>& labelValues);

  // Each series in label-value order.
  void forEach(const std::function<void(const std::vector<std::string>&, const Counter*,
                                        const Gauge*, const Histogram*)>& visit) const;

 private:
  void check(Type wanted, const std::vector<std::string>& labelValues) const;

  const std::string name_;
  const std::string help_;
  const Type type_;
  const std::vector<std::string> labelNames_;
  const std::vector<double> buckets_;
  mutable std::mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<Counter>> counters_;
  std::map<std::vector<std::string>, std::unique_ptr<Gauge>> gauges_;
  std::map<std::vector<std::string>, std::unique_ptr<Histogram>> histograms_;
};

class Registry {
 public:
  // Throws std::invalid_argument for a name or label name Prometheus would refuse, a name
  // given twice, or histogram buckets that do not increase.
  Family& add(const std::string& name, const std::string& help, Type type,
              std::vector<std::string> labelNames, std::vector<double> buckets = {});

  // Labels every series carries, before its own (the run's uuid and scenario).
  void setConstantLabels(std::vector<std::pair<std::string, std::string>> labels);
  std::vector<std::pair<std::string, std::string>> constantLabels() const;

  // Called before each exposition: the place to read figures kept elsewhere into gauges.
  void onCollect(std::function<void()> collect);
  void collect() const;

  // In registration order.
  std::vector<const Family*> families() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Family>> families_;
  std::vector<std::pair<std::string, std::string>> constantLabels_;
  std::vector<std::function<void()>> collectors_;
};

}  // namespace perfscale::metrics
