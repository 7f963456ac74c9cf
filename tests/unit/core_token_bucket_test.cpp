// The token bucket, against a fake clock: burst, steady rate, idle refill, slow rates.
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>
#include <vector>

#include "core/kube/token_bucket.h"

using namespace std::chrono_literals;
using perfscale::kube::Clock;
using perfscale::kube::TokenBucket;

namespace {

// Time moves only when someone sleeps, so every grant time is exact.
class FakeClock final : public Clock {
 public:
  time_point now() const override { return now_; }
  void sleepUntil(time_point when) override { now_ = std::max(now_, when); }
  void advance(std::chrono::nanoseconds by) { now_ += by; }
  time_point start() const { return start_; }

 private:
  time_point start_ = time_point(1000s);
  time_point now_ = start_;
};

}  // namespace

TEST_CASE("token bucket: starts full, so the first `burst` requests pass at once") {
  auto clock = std::make_shared<FakeClock>();
  TokenBucket bucket(5, 10, clock);
  for (int i = 0; i < 10; ++i)
    CHECK(bucket.acquire() == clock->start());
  CHECK(bucket.acquire() == clock->start() + 200ms);
}

TEST_CASE("token bucket: after the burst, grants follow the rate on an absolute schedule") {
  auto clock = std::make_shared<FakeClock>();
  TokenBucket bucket(1000, 20, clock);
  for (int i = 0; i < 20; ++i)
    bucket.acquire();
  for (int n = 1; n <= 5000; ++n) {
    const auto grant = bucket.acquire();
    REQUIRE(grant == clock->start() + std::chrono::milliseconds(n));
  }
}

TEST_CASE("token bucket: over 10 s at qps 1000 the grants are 10,000 + burst within 0.5%") {
  auto clock = std::make_shared<FakeClock>();
  TokenBucket bucket(1000, 20, clock);
  const auto end = clock->start() + 10s;
  int grants = 0;
  for (int i = 0; i < 20000; ++i) {
    if (bucket.acquire() > end) break;
    ++grants;
  }
  CHECK(grants >= 10020 * 0.995);
  CHECK(grants <= 10020 * 1.005);
}

TEST_CASE("token bucket: a non-integer interval does not drift over many grants") {
  auto clock = std::make_shared<FakeClock>();
  TokenBucket bucket(3, 1, clock);  // 333.33... ms apart
  std::chrono::steady_clock::time_point last;
  for (int i = 0; i < 30001; ++i)
    last = bucket.acquire();
  // Grant 30000 (0-based) is due at exactly 10,000 s; ceil() of the ns may add one.
  CHECK(last - clock->start() >= 10000s);
  CHECK(last - clock->start() <= 10000s + 1ns);
}

TEST_CASE("token bucket: a long idle spell refills the bucket to `burst`, never more") {
  auto clock = std::make_shared<FakeClock>();
  TokenBucket bucket(10, 3, clock);
  for (int i = 0; i < 3; ++i)
    bucket.acquire();
  clock->advance(60s);
  const auto back = clock->now();
  for (int i = 0; i < 3; ++i)
    CHECK(bucket.acquire() == back);
  CHECK(bucket.acquire() == back + 100ms);
  CHECK(bucket.acquire() == back + 200ms);
}

TEST_CASE("token bucket: a partly refilled bucket grants what has refilled, then paces") {
  auto clock = std::make_shared<FakeClock>();
  TokenBucket bucket(10, 5, clock);
  for (int i = 0; i < 5; ++i)
    bucket.acquire();
  clock->advance(250ms);  // two and a half tokens back
  const auto now = clock->now();
  CHECK(bucket.acquire() == now);
  CHECK(bucket.acquire() == now);
  CHECK(bucket.acquire() == clock->start() + 300ms);
}

TEST_CASE("token bucket: qps below one spaces grants by more than a second") {
  auto clock = std::make_shared<FakeClock>();
  TokenBucket bucket(0.5, 1, clock);
  CHECK(bucket.acquire() == clock->start());
  CHECK(bucket.acquire() == clock->start() + 2s);
  CHECK(bucket.acquire() == clock->start() + 4s);
}

TEST_CASE("token bucket: invalid settings are refused - --qps 0 means unlimited") {
  CHECK_THROWS_AS(TokenBucket(-1, 10), std::invalid_argument);
  CHECK_THROWS_WITH(TokenBucket(10, 0), Catch::Contains("burst must be at least 1"));
  auto clock = std::make_shared<FakeClock>();
  auto unlimited = perfscale::kube::makeRateLimiter(0, 1, clock);
  for (int i = 0; i < 1000; ++i)
    unlimited->acquire();
  CHECK(clock->now() == clock->start());
  CHECK_THROWS(perfscale::kube::makeRateLimiter(-5, 1, clock));
}

TEST_CASE("token bucket: concurrent callers each get a distinct token of the schedule") {
  TokenBucket bucket(2000, 1);
  std::vector<std::chrono::steady_clock::time_point> grants;
  std::mutex mutex;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        const auto grant = bucket.acquire();
        std::lock_guard<std::mutex> lock(mutex);
        grants.push_back(grant);
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  std::sort(grants.begin(), grants.end());
  REQUIRE(grants.size() == 200);
  for (size_t i = 1; i < grants.size(); ++i) {
    CHECK(grants[i] - grants[i - 1] >= 500us - 1ns);
  }
}
