// Order statistics of a sample: the nearest-rank percentiles reports and diffs print.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace perfscale::stats {

struct Distribution {
  size_t count = 0;
  int64_t min = 0;
  int64_t p50 = 0;
  int64_t p90 = 0;
  int64_t p95 = 0;
  int64_t p99 = 0;
  int64_t max = 0;
  double mean = 0;
  // True when the percentiles are order statistics of the whole sample; false when they come
  // from a histogram's buckets (see latency_histogram.h), within 1.6% of the exact value.
  bool exact = true;
};

// Nearest-rank percentiles (P = the smallest value with at least P% of the sample at or
// below it), so every figure is a value that was measured. Sorts `values`.
Distribution distribution(std::vector<int64_t>& values);

// The nearest rank (1-based) of percentile p (0 < p <= 100) in a sample of `count`: the
// smallest rank with at least p% of the sample at or below it; 0 for an empty sample.
size_t nearestRank(double p, size_t count);

// The nearest-rank percentile p (0 < p <= 100) of sorted values; 0 for none.
int64_t percentile(const std::vector<int64_t>& sorted, double p);

}  // namespace perfscale::stats
