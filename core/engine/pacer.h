// When each request of a paced stream is due: a pure schedule `at(hit)` (hit 0 is the first
// request, the time is from the stream's start), as vegeta's Pacer. `run` paces a workload's
// creations with a token bucket; `replay` re-issues a trace's requests at their recorded
// offsets. PacedStream hands the hits out in order to whichever worker asks first, and the
// worker sleeps until its hit is due, so the time the trace calls `scheduled` is exactly at(hit)
// and a request sent later than that is late by the difference (no worker was free, or the
// machine was busy).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

#include "core/kube/rate_limiter.h"

namespace perfscale::engine {

class Pacer {
 public:
  virtual ~Pacer() = default;
  // Due time of hit `hit` (0-based) from the start; never decreasing in `hit`.
  virtual std::chrono::nanoseconds at(uint64_t hit) const = 0;
  // How far behind its schedule the stream may fall and still catch up by sending at once.
  // Beyond it, the schedule moves on from the late hit (PacedStream): a token bucket banks at
  // most `burst` tokens while nobody asks. Unlimited by default (open loop: replay catches up).
  virtual std::chrono::nanoseconds catchUp() const { return std::chrono::nanoseconds::max(); }
};

// client-go's token bucket under constant demand: `burst` hits at once, then one every 1/qps.
// Hit k is due at max(0, k - burst + 1) / qps. qps <= 0: every hit at once (no limit).
class TokenBucketPacer final : public Pacer {
 public:
  TokenBucketPacer(double qps, int burst);
  std::chrono::nanoseconds at(uint64_t hit) const override;
  // (burst - 1) / qps: a stream that fell behind sends at most `burst` at once, never more
  // than burst + qps * T in any T seconds, as client-go's bucket.
  std::chrono::nanoseconds catchUp() const override;

 private:
  double qps_;
  uint64_t burst_;
};

// Recorded offsets (ns from the start, in order) played at `speed` times their pace: hit k is
// due at offsets[k] / speed; hits past the end are due with the last one.
class OffsetsPacer final : public Pacer {
 public:
  // Throws std::invalid_argument unless speed > 0 and the offsets never decrease.
  OffsetsPacer(std::vector<std::chrono::nanoseconds> offsets, double speed);
  std::chrono::nanoseconds at(uint64_t hit) const override;
  size_t size() const { return offsets_.size(); }

 private:
  std::vector<std::chrono::nanoseconds> offsets_;
  double speed_;
};

// A pacer's hits handed out, from `start`, to concurrent callers. Thread-safe. As a
// RateLimiter it lets the transport pace a paced request's retries with the next hits.
class PacedStream final : public kube::RateLimiter {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  PacedStream(const Pacer& pacer, TimePoint start) : pacer_(pacer), start_(start) {}
  struct Hit {
    uint64_t index = 0;
    TimePoint due;
  };
  // Claims the next hit: which it is and when it is due.
  Hit claim();
  // When the hit the next claim gets is due (unless the claim comes so late that the schedule
  // moves on).
  TimePoint nextDue();
  // Claims the next hit and sleeps until it is due (not at all when it is past). With `stop`,
  // returns early once it is set (the caller checks it).
  Hit next(const std::atomic<bool>* stop = nullptr);
  TimePoint acquire() override { return next().due; }
  TimePoint start() const { return start_; }

 private:
  // When hit `index` is due as the schedule stands; under mutex_.
  TimePoint dueOf(uint64_t index) const { return start_ + shift_ + pacer_.at(index); }

  const Pacer& pacer_;
  const TimePoint start_;
  std::atomic<uint64_t> next_{0};
  std::mutex mutex_;                   // guards shift_
  std::chrono::nanoseconds shift_{0};  // how far the schedule moved on (Pacer::catchUp)
};

// Calls `each(index, hit)` for index 0, 1, ... count-1, each at its hit of `stream`, from up to
// `workers` threads; returns once all are done, or early when `stop` is set or an `each`
// returns false (the calls under way finish). Threads start as they are needed: one more
// whenever a thread is about to send while the next hit is due too and no idle thread waits
// for it (a burst, or a server slower than the pace), while there are fewer than twice as many
// as the pace needs with calls as long as the median of the latest second's, and while no more
// than a quarter of the pool are still on their first call (a new connection); so a fast server
// is kept paced by a few threads, a stall of the server or a burst's handshakes add none, and a
// slow server gets as many as it takes, up to `workers`.
void forEachPaced(PacedStream& stream, size_t count, int workers, const std::atomic<bool>& stop,
                  const std::function<bool(size_t index, const PacedStream::Hit& hit)>& each);

}  // namespace perfscale::engine
