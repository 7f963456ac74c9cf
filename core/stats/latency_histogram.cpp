// Log-linear latency buckets with exact samples while they fit (see latency_histogram.h).
#include "core/stats/latency_histogram.h"

#include <algorithm>
#include <numeric>

namespace perfscale::stats {
namespace {

constexpr int kSubBits = 6;  // 64 sub-buckets per power of two
constexpr int64_t kSub = int64_t{1} << kSubBits;

}  // namespace

// Values below 64 ns have a bucket each; above, bucket (k, s) holds the values whose highest
// bit is k and whose next six bits are s. Negative values (clock skew between client and
// server) share bucket 0; their exact value still reaches min and the exact percentiles.
size_t LatencyHistogram::bucketOf(int64_t ns) {
  if (ns < kSub) return static_cast<size_t>(std::max<int64_t>(ns, 0));
  const int high = 63 - __builtin_clzll(static_cast<unsigned long long>(ns));
  const int shift = high - kSubBits;
  const int64_t sub = (ns >> shift) - kSub;  // 0..63
  return static_cast<size_t>(kSub + (shift * kSub) + sub);
}

int64_t LatencyHistogram::upperBound(size_t bucket) {
  const auto b = static_cast<int64_t>(bucket);
  if (b < kSub) return b;
  const int64_t shift = (b - kSub) / kSub;
  const int64_t sub = (b - kSub) % kSub;
  return (((kSub + sub + 1) << shift) - 1);
}

void LatencyHistogram::add(int64_t ns) {
  const size_t bucket = bucketOf(ns);
  if (bucket >= buckets_.size()) buckets_.resize(bucket + 1, 0);
  ++buckets_[bucket];
  if (count_ == 0) {
    min_ = max_ = ns;
  } else {
    min_ = std::min(min_, ns);
    max_ = std::max(max_, ns);
  }
  ++count_;
  sum_ += ns;
  if (count_ <= kExactLimit) {
    samples_.push_back(ns);
  } else if (!samples_.empty()) {
    samples_ = {};  // past the limit the buckets alone answer
  }
}

void LatencyHistogram::reserve(size_t count) {
  if (count_ + count <= kExactLimit) samples_.reserve(count_ + count);
}

int64_t LatencyHistogram::bucketValueAtRank(size_t rank) const {
  uint64_t seen = 0;
  for (size_t b = 0; b < buckets_.size(); ++b) {
    seen += buckets_[b];
    if (seen >= rank) return std::clamp(upperBound(b), min_, max_);
  }
  return max_;
}

Distribution LatencyHistogram::summary() const {
  if (count_ == 0) return {};
  if (count_ == samples_.size()) {
    auto copy = samples_;
    return distribution(copy);
  }
  Distribution d;
  d.count = count_;
  d.exact = false;
  d.min = min_;
  d.max = max_;
  d.p50 = bucketValueAtRank(nearestRank(50, count_));
  d.p90 = bucketValueAtRank(nearestRank(90, count_));
  d.p95 = bucketValueAtRank(nearestRank(95, count_));
  d.p99 = bucketValueAtRank(nearestRank(99, count_));
  d.mean = static_cast<double>(sum_ / static_cast<long double>(count_));
  return d;
}

std::vector<CdfPoint> LatencyHistogram::cdf(size_t points) const {
  std::vector<CdfPoint> out;
  if (count_ == 0 || points < 2) return out;
  const auto total = static_cast<double>(count_);
  if (count_ == samples_.size()) {
    auto sorted = samples_;
    std::sort(sorted.begin(), sorted.end());
    // Evenly spaced ranks, the first and the last included.
    for (size_t i = 0; i < points; ++i) {
      const size_t index = std::min(sorted.size() - 1, i * (sorted.size() - 1) / (points - 1));
      const double fraction = static_cast<double>(index + 1) / total;
      if (!out.empty() && out.back().ns == sorted[index]) {
        out.back().fraction = fraction;
        continue;
      }
      out.push_back({sorted[index], fraction});
      if (index + 1 == sorted.size()) break;
    }
    return out;
  }
  // From the buckets: one point per non-empty bucket, thinned to `points`.
  std::vector<CdfPoint> all;
  uint64_t seen = 0;
  for (size_t b = 0; b < buckets_.size(); ++b) {
    if (buckets_[b] == 0) continue;
    seen += buckets_[b];
    all.push_back({std::clamp(upperBound(b), min_, max_), static_cast<double>(seen) / total});
  }
  if (all.size() <= points) return all;
  for (size_t i = 0; i < points; ++i)
    out.push_back(all[i * (all.size() - 1) / (points - 1)]);
  return out;
}

}  // namespace perfscale::stats
