// A latency distribution that is cheap to read while it grows: log-linear buckets (64 per
// power of two, so a bucket's width is at most 1/64 = 1.6% of its values) for percentiles of
// any sample size, plus the samples themselves while there are at most kExactLimit of them, so
// that runs of ordinary size get exact nearest-rank percentiles.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/stats/percentiles.h"

namespace perfscale::stats {

// One point of an empirical CDF: `fraction` of the sample is at or below `ns`.
struct CdfPoint {
  int64_t ns = 0;
  double fraction = 0;
};

class LatencyHistogram {
 public:
  static constexpr size_t kExactLimit = size_t{1} << 20;

  void add(int64_t ns);
  // Room for `count` more samples (as many as stay exact), for a caller that knows how many
  // will come: a vector that doubles as it grows holds up to twice its samples.
  void reserve(size_t count);
  size_t count() const { return count_; }
  // Nearest-rank percentiles; exact (Distribution::exact) while every sample is kept, else the
  // upper bound of the bucket holding the rank, clamped to the observed min and max.
  Distribution summary() const;
  // The CDF at up to `points` points, the extremes always included.
  std::vector<CdfPoint> cdf(size_t points = 200) const;
  // Every sample, in arrival order, while all are kept (count() <= kExactLimit); else none.
  const std::vector<int64_t>& samples() const { return samples_; }
  // The same, moved out rather than copied: the histogram's last use (summary() and cdf()
  // then answer from the buckets).
  std::vector<int64_t> takeSamples() {
    std::vector<int64_t> out;
    out.swap(samples_);
    return out;
  }

 private:
  static size_t bucketOf(int64_t ns);
  static int64_t upperBound(size_t bucket);
  int64_t bucketValueAtRank(size_t rank) const;  // rank 1..count, from the buckets

  std::vector<uint64_t> buckets_;
  std::vector<int64_t> samples_;  // kept while count_ <= kExactLimit
  size_t count_ = 0;
  int64_t min_ = 0;
  int64_t max_ = 0;
  long double sum_ = 0;
};

}  // namespace perfscale::stats
