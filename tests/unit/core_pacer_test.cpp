// Pacers are pure schedules; the stream hands their hits out in order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "core/engine/pacer.h"
#include "core/kube/token_bucket.h"

using namespace perfscale::engine;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

TEST_CASE("token-bucket pacer: the burst at once, then one every 1/qps", "[pacer]") {
  const TokenBucketPacer pacer(10, 3);
  CHECK(pacer.at(0) == nanoseconds(0));
  CHECK(pacer.at(2) == nanoseconds(0));
  CHECK(pacer.at(3) == milliseconds(100));
  CHECK(pacer.at(4) == milliseconds(200));
  // No drift after many intervals: hit 1,000,002 is due at exactly 100,000 s.
  CHECK(pacer.at(1'000'002) == std::chrono::seconds(100'000));
  // A third of a millisecond, rounded to the nearest nanosecond.
  CHECK(TokenBucketPacer(3000, 1).at(1) == nanoseconds(333'333));
}

TEST_CASE("token-bucket pacer agrees with the transport's token bucket", "[pacer]") {
  // Under constant demand from the start, the pacer and client-go's bucket grant alike.
  const auto start = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  for (const auto& [qps, burst] :
       std::vector<std::pair<double, int>>{{7, 1}, {1000, 10}, {0.5, 4}}) {
    perfscale::kube::TokenBucketSchedule bucket(qps, burst, start);
    const TokenBucketPacer pacer(qps, burst);
    for (uint64_t k = 0; k < 2000; ++k) {
      const auto granted = bucket.reserve(start) - start;
      INFO("qps " << qps << " burst " << burst << " hit " << k);
      REQUIRE(std::abs((granted - pacer.at(k)).count()) <= 1);
    }
  }
}

TEST_CASE("token-bucket pacer without a rate sends everything at once", "[pacer]") {
  const TokenBucketPacer pacer(0, 1);
  CHECK(pacer.at(0) == nanoseconds(0));
  CHECK(pacer.at(123456) == nanoseconds(0));
}

TEST_CASE("offsets pacer plays recorded offsets at a speed", "[pacer]") {
  const OffsetsPacer once({milliseconds(0), milliseconds(10), milliseconds(400)}, 1);
  CHECK(once.at(1) == milliseconds(10));
  CHECK(once.at(2) == milliseconds(400));
  CHECK(once.at(9) == milliseconds(400));  // past the end: with the last
  const OffsetsPacer fast({milliseconds(0), milliseconds(10), milliseconds(400)}, 4);
  CHECK(fast.at(2) == milliseconds(100));
  const OffsetsPacer slow({milliseconds(10)}, 0.1);
  CHECK(slow.at(0) == milliseconds(100));
  CHECK(OffsetsPacer({}, 1).at(3) == nanoseconds(0));
  CHECK_THROWS_WITH(OffsetsPacer({milliseconds(1)}, 0), "the speed must be greater than 0");
  CHECK_THROWS_WITH(OffsetsPacer({milliseconds(2), milliseconds(1)}, 1),
                    "the offsets must not decrease");
}

TEST_CASE("paced stream: each hit once, in order, never before it is due", "[pacer]") {
  // 1 ms apart: 40 hits over about 40 ms, taken by 4 threads.
  const OffsetsPacer pacer(
      [] {
        std::vector<nanoseconds> offsets;
        for (int i = 0; i < 40; ++i)
          offsets.push_back(milliseconds(i));
        return offsets;
      }(),
      1);
  PacedStream stream(pacer, std::chrono::steady_clock::now());
  std::mutex mutex;
  std::vector<uint64_t> seen;
  bool early = false;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        const auto hit = stream.next();
        const auto woke = std::chrono::steady_clock::now();
        std::lock_guard<std::mutex> lock(mutex);
        seen.push_back(hit.index);
        if (woke < hit.due || hit.due != stream.start() + pacer.at(hit.index)) early = true;
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  CHECK_FALSE(early);
  std::sort(seen.begin(), seen.end());
  REQUIRE(seen.size() == 40);
  for (uint64_t i = 0; i < 40; ++i)
    CHECK(seen[i] == i);
}

TEST_CASE("paced stream: a stop flag ends a long wait", "[pacer]") {
  const OffsetsPacer pacer({std::chrono::hours(1)}, 1);
  PacedStream stream(pacer, std::chrono::steady_clock::now());
  std::atomic<bool> stop{false};
  std::thread stopper([&] {
    std::this_thread::sleep_for(milliseconds(20));
    stop = true;
  });
  const auto hit = stream.next(&stop);
  stopper.join();
  CHECK(hit.due - stream.start() == std::chrono::hours(1));
  CHECK(std::chrono::steady_clock::now() < hit.due);
}

TEST_CASE("paced stream: a token bucket does not bank more than its burst", "[pacer]") {
  // Nobody claimed hits for a second: 1,000 of them are past due, but a bucket of burst 2 at
  // 1,000/s holds two tokens, so the schedule moves on from now.
  const TokenBucketPacer pacer(1000, 2);
  CHECK(pacer.catchUp() == milliseconds(1));
  const auto start = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  PacedStream stream(pacer, start);
  const auto first = stream.next();
  const auto second = stream.next();
  const auto third = stream.next();
  CHECK(first.due - start > milliseconds(990));
  // From then on at most a burst is due at once: the third hit is not due before the first
  // plus an interval (each claim may move the schedule by the microseconds it came late).
  CHECK(second.due >= first.due);
  CHECK(third.due - first.due >= milliseconds(1));
  CHECK(third.due - first.due <= milliseconds(50));
  // A replay's recorded offsets are caught up however late: open loop.
  CHECK(OffsetsPacer({milliseconds(1)}, 1).catchUp() == nanoseconds::max());
}

TEST_CASE("for each paced: every index once, from several workers, in schedule order", "[pacer]") {
  const TokenBucketPacer pacer(0, 1);  // unlimited: every hit due at once
  PacedStream stream(pacer, std::chrono::steady_clock::now());
  std::mutex mutex;
  std::vector<size_t> seen;
  std::vector<uint64_t> hits;
  std::atomic<bool> stop{false};
  forEachPaced(stream, 100, 4, stop, [&](size_t index, const PacedStream::Hit& hit) {
    std::lock_guard<std::mutex> lock(mutex);
    seen.push_back(index);
    hits.push_back(hit.index);
    return true;
  });
  std::sort(seen.begin(), seen.end());
  REQUIRE(seen.size() == 100);
  for (size_t i = 0; i < seen.size(); ++i)
    CHECK(seen[i] == i);
  CHECK(std::set<uint64_t>(hits.begin(), hits.end()).size() == 100);
}

TEST_CASE("for each paced: threads start only when hits would go out late", "[pacer]") {
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::set<std::thread::id> threads;
  const auto each = [&](size_t, const PacedStream::Hit&) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      threads.insert(std::this_thread::get_id());
    }
    std::this_thread::sleep_for(milliseconds(60));
    return true;
  };
  // A hit every 40 ms, each call 60 ms: two threads keep the pace, taking every other hit with
  // 20 ms to spare. Starting one whenever every thread was busy at a claim started a third.
  const TokenBucketPacer steady(25, 1);
  PacedStream paced(steady, std::chrono::steady_clock::now());
  forEachPaced(paced, 8, 8, stop, each);
  CHECK(threads.size() <= 2);
  // Sixteen hits due at once (a burst): every thread allowed is needed.
  threads.clear();
  const TokenBucketPacer burst(0, 1);
  PacedStream atOnce(burst, std::chrono::steady_clock::now());
  forEachPaced(atOnce, 16, 8, stop, each);
  CHECK(threads.size() == 8);
  // The same burst due 50 ms from now (--start-at): the first thread sleeps until then, and
  // the others start when it wakes.
  threads.clear();
  PacedStream later(burst, std::chrono::steady_clock::now() + milliseconds(50));
  forEachPaced(later, 16, 8, stop, each);
  CHECK(threads.size() == 8);
}

TEST_CASE("for each paced: a stall of the server does not start a thread per late hit", "[pacer]") {
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::set<std::thread::id> threads;
  size_t calls = 0;
  std::optional<std::chrono::steady_clock::time_point> stallEnds;
  const auto each = [&](size_t index, const PacedStream::Hit&) {
    std::chrono::steady_clock::time_point until =
        std::chrono::steady_clock::now() + milliseconds(10);
    {
      std::lock_guard<std::mutex> lock(mutex);
      threads.insert(std::this_thread::get_id());
      ++calls;
      // At the tenth hit the server stops answering for 300 ms; every call under way then
      // waits until it answers again.
      if (index == 10) stallEnds = std::chrono::steady_clock::now() + milliseconds(300);
      if (stallEnds) until = std::max(until, *stallEnds);
    }
    std::this_thread::sleep_until(until);
    return true;
  };
  // A hit every 20 ms (recorded offsets: a replay, which makes up for lost time), calls of
  // 10 ms: one thread keeps the pace. The stall makes 15 hits late; a thread for each of them
  // (the rule before) started all 16 allowed. Twice what the pace needs, and two more, is 4; 6
  // leaves room for a slow machine's longer calls.
  std::vector<std::chrono::nanoseconds> offsets;
  for (int i = 0; i < 40; ++i)
    offsets.push_back(milliseconds(20 * i));
  const OffsetsPacer pacer(offsets, 1.0);
  PacedStream paced(pacer, std::chrono::steady_clock::now());
  forEachPaced(paced, 40, 16, stop, each);
  CHECK(calls == 40);
  CHECK(threads.size() <= 6);
}

TEST_CASE("for each paced: a burst's slow first calls do not start a thread per late hit",
          "[pacer]") {
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::set<std::thread::id> threads;
  size_t calls = 0;
  const auto each = [&](size_t, const PacedStream::Hit&) {
    bool first = false;
    {
      std::lock_guard<std::mutex> lock(mutex);
      first = threads.insert(std::this_thread::get_id()).second;
      ++calls;
    }
    // A thread's first call opens its connection: a TLS handshake, slow with eight at once.
    std::this_thread::sleep_for(first ? milliseconds(100) : milliseconds(1));
    return true;
  };
  // Eight hits at once, then one every 5 ms (recorded offsets, which make up for lost time).
  // While the eight handshake, 19 hits fall due; a thread for each of them (the rule before)
  // made 27 threads, each with a slow first call of its own. The eight, back, clear the
  // backlog in a few ms, so few more are needed.
  std::vector<std::chrono::nanoseconds> offsets(8, milliseconds(0));
  for (int i = 1; i <= 52; ++i)
    offsets.push_back(milliseconds(5 * i));
  const OffsetsPacer pacer(offsets, 1.0);
  PacedStream paced(pacer, std::chrono::steady_clock::now());
  forEachPaced(paced, offsets.size(), 64, stop, each);
  CHECK(calls == offsets.size());
  CHECK(threads.size() <= 14);
}

TEST_CASE("for each paced: a server slower than the pace gets the threads it needs", "[pacer]") {
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::set<std::thread::id> threads;
  std::chrono::nanoseconds latest{0};  // lateness of the last hits
  const auto each = [&](size_t index, const PacedStream::Hit& hit) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      threads.insert(std::this_thread::get_id());
      if (index >= 90) latest = std::max(latest, std::chrono::steady_clock::now() - hit.due);
    }
    std::this_thread::sleep_for(milliseconds(50));
    return true;
  };
  // A hit every 5 ms, calls of 50 ms: ten threads busy. The pool grows by a quarter at a time
  // while its new threads are on their first call, and still catches up within the 500 ms.
  std::vector<std::chrono::nanoseconds> offsets;
  for (int i = 0; i < 100; ++i)
    offsets.push_back(milliseconds(5 * i));
  const OffsetsPacer pacer(offsets, 1.0);
  PacedStream paced(pacer, std::chrono::steady_clock::now());
  forEachPaced(paced, offsets.size(), 64, stop, each);
  CHECK(threads.size() >= 10);
  CHECK(threads.size() <= 26);  // 2 * 11 + 2 when sleeps overshoot, and two more
  CHECK(latest < milliseconds(40));
}

TEST_CASE("for each paced: a false answer or the stop flag ends it early", "[pacer]") {
  const TokenBucketPacer pacer(0, 1);
  std::atomic<bool> stop{false};
  std::atomic<size_t> calls{0};
  PacedStream first(pacer, std::chrono::steady_clock::now());
  forEachPaced(first, 1000, 1, stop, [&](size_t index, const PacedStream::Hit&) {
    ++calls;
    return index < 9;
  });
  CHECK(calls == 10);

  // At 10/s, hit k is due at k/10 s: stopped after about 50 ms, only the burst went out.
  const TokenBucketPacer slow(10, 1);
  PacedStream second(slow, std::chrono::steady_clock::now());
  calls = 0;
  std::thread stopper([&] {
    std::this_thread::sleep_for(milliseconds(50));
    stop = true;
  });
  forEachPaced(second, 1000, 2, stop, [&](size_t, const PacedStream::Hit&) {
    ++calls;
    return true;
  });
  stopper.join();
  CHECK(calls == 1);

  PacedStream third(pacer, std::chrono::steady_clock::now());
  calls = 0;
  forEachPaced(third, 0, 4, stop, [&](size_t, const PacedStream::Hit&) {
    ++calls;
    return true;
  });
  CHECK(calls == 0);
}
