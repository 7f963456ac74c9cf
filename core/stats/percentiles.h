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
  int64_t p95 = 0;
  int64_t p99 = 0;
  int64_t max = 0;
  double mean = 0;
};

// Nearest-rank percentiles (P = the smallest value with at least P% of the sample at or
// below it), so every figure is a value that was measured. Sorts `values`.
Distribution distribution(std::vector<int64_t>& values);

// The nearest-rank percentile p (0 < p <= 100) of sorted values; 0 for none.
int64_t percentile(const std::vector<int64_t>& sorted, double p);

}  // namespace perfscale::stats
