// Nearest-rank order statistics (see percentiles.h).
#include "core/stats/percentiles.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace perfscale::stats {

size_t nearestRank(double p, size_t count) {
  if (count == 0) return 0;
  // p * count / 100 in exact arithmetic where it is whole (95 * 100 / 100 is rank 95, not the
  // 96 that 0.95 * 100 = 95.000000000000014 would give).
  const long double exact = static_cast<long double>(p) * static_cast<long double>(count) / 100.0L;
  const long double rounded = std::round(exact);
  const long double rank =
      std::fabs(exact - rounded) < 1e-9L * std::max(1.0L, exact) ? rounded : std::ceil(exact);
  return static_cast<size_t>(std::clamp(rank, 1.0L, static_cast<long double>(count)));
}

int64_t percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[nearestRank(p, sorted.size()) - 1];
}

Distribution distribution(std::vector<int64_t>& values) {
  Distribution d;
  d.count = values.size();
  if (values.empty()) return d;
  std::sort(values.begin(), values.end());
  d.min = values.front();
  d.max = values.back();
  d.p50 = percentile(values, 50);
  d.p90 = percentile(values, 90);
  d.p95 = percentile(values, 95);
  d.p99 = percentile(values, 99);
  d.mean = static_cast<double>(std::accumulate(values.begin(), values.end(), 0.0L) /
                               static_cast<long double>(values.size()));
  return d;
}

}  // namespace perfscale::stats
