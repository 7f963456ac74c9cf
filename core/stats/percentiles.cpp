// Nearest-rank order statistics (see percentiles.h).
#include "core/stats/percentiles.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace perfscale::stats {

int64_t percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const double rank = std::ceil(p / 100.0 * static_cast<double>(sorted.size()));
  const size_t index =
      static_cast<size_t>(std::clamp(rank, 1.0, static_cast<double>(sorted.size()))) - 1;
  return sorted[index];
}

Distribution distribution(std::vector<int64_t>& values) {
  Distribution d;
  d.count = values.size();
  if (values.empty()) return d;
  std::sort(values.begin(), values.end());
  d.min = values.front();
  d.max = values.back();
  d.p50 = percentile(values, 50);
  d.p95 = percentile(values, 95);
  d.p99 = percentile(values, 99);
  d.mean = static_cast<double>(std::accumulate(values.begin(), values.end(), 0.0L) /
                               static_cast<long double>(values.size()));
  return d;
}

}  // namespace perfscale::stats
