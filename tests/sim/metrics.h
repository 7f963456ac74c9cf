// Prometheus metric primitives for perfscale-sim and their text exposition format (0.0.4):
// counters and histograms with labels, one child per label set that is created once, kept
// for good (a stable reference) and updated with atomics; gauges computed when scraped.
// perfscale-sim shares no code with core/, so this is its own.
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

namespace perfscale::sim::metrics {

inline constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

using LabelValues = std::vector<std::string>;

class Counter {
 public:
  void add(uint64_t amount = 1) { value_.fetch_add(amount, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// Bucket counts are kept per bucket and made cumulative when written out.
class Histogram {
 public:
  explicit Histogram(const std::vector<double>& upperBounds);
  void observe(double value);
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const;

 private:
  friend class HistogramFamily;
  const std::vector<double>& bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // one per bound, then +Inf
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sumBits_{0};  // a double, added to with compare-exchange
};

class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> labelNames);
  virtual ~Family() = default;
  Family(const Family&) = delete;
  Family& operator=(const Family&) = delete;
  const std::string& name() const { return name_; }
  // Appends # HELP, # TYPE and every sample.
  virtual void write(std::string& out) const = 0;

 protected:
  void writeHeader(std::string& out, const char* type) const;
  // `name{a="x",b="y"[,extra]}` with values escaped.
  std::string series(const std::string& sampleName, const LabelValues& values,
                     const std::string& extraLabel = "") const;
  // The key a label set is stored under; throws std::invalid_argument on a wrong count.
  std::string key(const LabelValues& values) const;

  const std::string name_;
  const std::string help_;
  const std::vector<std::string> labelNames_;
};

class CounterFamily : public Family {
 public:
  using Family::Family;
  // The child for these label values, created on first use. Callers on a hot path keep it.
  Counter& with(const LabelValues& values);
  void write(std::string& out) const override;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<LabelValues, std::unique_ptr<Counter>>> children_;
};

class HistogramFamily : public Family {
 public:
  HistogramFamily(std::string name, std::string help, std::vector<std::string> labelNames,
                  std::vector<double> upperBounds);
  Histogram& with(const LabelValues& values);
  const std::vector<double>& upperBounds() const { return bounds_; }
  void write(std::string& out) const override;

 private:
  const std::vector<double> bounds_;
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<LabelValues, std::unique_ptr<Histogram>>> children_;
};

// A gauge whose samples are read when it is scraped (as a Prometheus collector does).
class GaugeFamily : public Family {
 public:
  using Samples = std::vector<std::pair<LabelValues, double>>;
  GaugeFamily(std::string name, std::string help, std::vector<std::string> labelNames,
              std::function<Samples()> collect);
  void write(std::string& out) const override;

 private:
  const std::function<Samples()> collect_;
};

// A number as Prometheus writes one: the shortest text that reads back the same, and +Inf,
// -Inf, NaN.
std::string formatNumber(double value);
// A label value with \, " and newline escaped.
std::string escapeLabelValue(const std::string& value);

}  // namespace perfscale::sim::metrics
