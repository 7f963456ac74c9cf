// Prometheus metric primitives and the text exposition format (see metrics.h).
#include "tests/sim/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace perfscale::sim::metrics {

namespace {

std::string escapeHelp(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

uint64_t bitsOf(double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

double doubleOf(uint64_t bits) {
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

}  // namespace

std::string formatNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // As Go's strconv.FormatFloat(value, 'g', -1, 64): the fewest digits that read back the
  // same, in exponent form below 1e-4 and from 1e6 on.
  char buffer[64];
  int digits = 1;
  for (; digits <= 17; ++digits) {
    std::snprintf(buffer, sizeof buffer, "%.*e", digits - 1, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  const int exponent = std::atoi(std::strchr(buffer, 'e') + 1);
  if (exponent < -4 || exponent >= 6) return buffer;
  std::snprintf(buffer, sizeof buffer, "%.*f", std::max(0, digits - 1 - exponent), value);
  return buffer;
}

std::string escapeLabelValue(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

Histogram::Histogram(const std::vector<double>& upperBounds)
    : bounds_(upperBounds), buckets_(new std::atomic<uint64_t>[upperBounds.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i)
    buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::observe(double value) {
  size_t bucket = 0;
  while (bucket < bounds_.size() && value > bounds_[bucket])
    ++bucket;
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  uint64_t expected = sumBits_.load(std::memory_order_relaxed);
  while (!sumBits_.compare_exchange_weak(expected, bitsOf(doubleOf(expected) + value),
                                         std::memory_order_relaxed)) {
  }
  count_.fetch_add(1, std::memory_order_relaxed);
}

double Histogram::sum() const {
  return doubleOf(sumBits_.load(std::memory_order_relaxed));
}

Family::Family(std::string name, std::string help, std::vector<std::string> labelNames)
    : name_(std::move(name)), help_(std::move(help)), labelNames_(std::move(labelNames)) {}

void Family::writeHeader(std::string& out, const char* type) const {
  out += "# HELP " + name_ + " " + escapeHelp(help_) + "\n# TYPE " + name_ + " " + type + "\n";
}

std::string Family::series(const std::string& sampleName, const LabelValues& values,
                           const std::string& extraLabel) const {
  std::string out = sampleName;
  if (labelNames_.empty() && extraLabel.empty()) return out;
  out += '{';
  for (size_t i = 0; i < labelNames_.size(); ++i) {
    if (i) out += ',';
    out += labelNames_[i] + "=\"" + escapeLabelValue(values[i]) + "\"";
  }
  if (!extraLabel.empty()) {
    if (!labelNames_.empty()) out += ',';
    out += extraLabel;
  }
  return out + '}';
}

std::string Family::key(const LabelValues& values) const {
  if (values.size() != labelNames_.size())
    throw std::invalid_argument(name_ + ": " + std::to_string(labelNames_.size()) +
                                " label values expected, got " + std::to_string(values.size()));
  std::string joined;
  for (const auto& value : values) {
    joined += value;
    joined += '\x1f';
  }
  return joined;
}

Counter& CounterFamily::with(const LabelValues& values) {
  const std::string k = key(values);
  std::lock_guard<std::mutex> lock(mutex_);
  auto& child = children_[k];
  if (!child.second) child = {values, std::make_unique<Counter>()};
  return *child.second;
}

void CounterFamily::write(std::string& out) const {
  writeHeader(out, "counter");
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [k, child] : children_)
    out += series(name_, child.first) + " " + std::to_string(child.second->value()) + "\n";
}

HistogramFamily::HistogramFamily(std::string name, std::string help,
                                 std::vector<std::string> labelNames,
                                 std::vector<double> upperBounds)
    : Family(std::move(name), std::move(help), std::move(labelNames)),
      bounds_(std::move(upperBounds)) {}

Histogram& HistogramFamily::with(const LabelValues& values) {
  const std::string k = key(values);
  std::lock_guard<std::mutex> lock(mutex_);
  auto& child = children_[k];
  if (!child.second) child = {values, std::make_unique<Histogram>(bounds_)};
  return *child.second;
}

void HistogramFamily::write(std::string& out) const {
  writeHeader(out, "histogram");
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [k, child] : children_) {
    const auto& [values, histogram] = child;
    // _count is the +Inf bucket, so the two agree even while observations land.
    uint64_t cumulative = 0;
    for (size_t i = 0; i < bounds_.size(); ++i) {
      cumulative += histogram->buckets_[i].load(std::memory_order_relaxed);
      out += series(name_ + "_bucket", values, "le=\"" + formatNumber(bounds_[i]) + "\"") + " " +
             std::to_string(cumulative) + "\n";
    }
    cumulative += histogram->buckets_[bounds_.size()].load(std::memory_order_relaxed);
    out +=
        series(name_ + "_bucket", values, "le=\"+Inf\"") + " " + std::to_string(cumulative) + "\n";
    out += series(name_ + "_sum", values) + " " + formatNumber(histogram->sum()) + "\n";
    out += series(name_ + "_count", values) + " " + std::to_string(cumulative) + "\n";
  }
}

GaugeFamily::GaugeFamily(std::string name, std::string help, std::vector<std::string> labelNames,
                         std::function<Samples()> collect)
    : Family(std::move(name), std::move(help), std::move(labelNames)),
      collect_(std::move(collect)) {}

void GaugeFamily::write(std::string& out) const {
  writeHeader(out, "gauge");
  if (!collect_) return;
  for (const auto& [values, value] : collect_()) {
    key(values);  // checks the label count
    out += series(name_, values) + " " + formatNumber(value) + "\n";
  }
}

}  // namespace perfscale::sim::metrics
