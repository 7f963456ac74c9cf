// Pacers and the stream that hands their hits out (see pacer.h).
#include "core/engine/pacer.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <stdexcept>
#include <thread>
#include <vector>

namespace perfscale::engine {

TokenBucketPacer::TokenBucketPacer(double qps, int burst)
    : qps_(qps), burst_(static_cast<uint64_t>(std::max(1, burst))) {}

std::chrono::nanoseconds TokenBucketPacer::at(uint64_t hit) const {
  if (qps_ <= 0 || hit < burst_) return std::chrono::nanoseconds(0);
  // long double keeps the n-th interval exact to the nanosecond for any realistic run.
  const long double ns = static_cast<long double>(hit - burst_ + 1) * 1e9L / qps_;
  return std::chrono::nanoseconds(static_cast<int64_t>(std::llround(ns)));
}

std::chrono::nanoseconds TokenBucketPacer::catchUp() const {
  if (qps_ <= 0) return std::chrono::nanoseconds::max();
  return std::chrono::nanoseconds(std::llround(static_cast<long double>(burst_ - 1) * 1e9L / qps_));
}

OffsetsPacer::OffsetsPacer(std::vector<std::chrono::nanoseconds> offsets, double speed)
    : offsets_(std::move(offsets)), speed_(speed) {
  if (!(speed > 0)) throw std::invalid_argument("the speed must be greater than 0");
  if (!std::is_sorted(offsets_.begin(), offsets_.end()))
    throw std::invalid_argument("the offsets must not decrease");
}

std::chrono::nanoseconds OffsetsPacer::at(uint64_t hit) const {
  if (offsets_.empty()) return std::chrono::nanoseconds(0);
  const auto offset = offsets_[std::min<uint64_t>(hit, offsets_.size() - 1)];
  return std::chrono::nanoseconds(
      static_cast<int64_t>(std::llround(static_cast<long double>(offset.count()) / speed_)));
}

PacedStream::Hit PacedStream::claim() {
  Hit hit;
  std::lock_guard<std::mutex> lock(mutex_);
  hit.index = next_.fetch_add(1);
  hit.due = dueOf(hit.index);
  const auto behind = std::chrono::steady_clock::now() - hit.due;
  const auto allowed = pacer_.catchUp();
  if (allowed != std::chrono::nanoseconds::max() && behind > allowed) {
    shift_ += behind - allowed;
    hit.due += behind - allowed;
  }
  return hit;
}

PacedStream::TimePoint PacedStream::nextDue() {
  std::lock_guard<std::mutex> lock(mutex_);
  return dueOf(next_.load());
}

PacedStream::Hit PacedStream::next(const std::atomic<bool>* stop) {
  const Hit hit = claim();
  // Long waits in slices, to hear `stop`; the last one sleeps until the due time itself. A
  // wake-up a little late is the lateness the trace shows.
  constexpr auto kSlice = std::chrono::milliseconds(50);
  for (auto now = std::chrono::steady_clock::now(); now < hit.due;
       now = std::chrono::steady_clock::now()) {
    if (stop != nullptr && stop->load()) break;
    std::this_thread::sleep_until(std::min(hit.due, now + kSlice));
  }
  return hit;
}

void forEachPaced(PacedStream& stream, size_t count, int workers, const std::atomic<bool>& stop,
                  const std::function<bool(size_t index, const PacedStream::Hit& hit)>& each) {
  if (count == 0) return;
  const size_t maxThreads = std::min<size_t>(static_cast<size_t>(std::max(1, workers)), count);
  // Each thread claims the next hit and sleeps on `wake` until it is due; the calling thread
  // notifies it when `stop` is set, and the thread whose `each` ends the loop does too. So a
  // hit costs one wake-up however far ahead it is, and no hand-over from thread to thread.
  std::mutex mutex;                  // guards everything below
  std::condition_variable wake;      // the workers sleep on it
  std::condition_variable finished;  // the calling thread sleeps on it
  std::vector<std::thread> pool;
  pool.reserve(maxThreads);
  size_t done = 0;     // threads that returned
  bool ended = false;  // an `each` returned false
  size_t claimed = 0;  // indexes handed out
  size_t waiting = 0;  // threads sleeping until their hit is due
  size_t fresh = 0;    // threads whose first call is not done yet
  // When the latest calls of `each` ended and how long they took (a ring), for the bound on
  // threads below.
  struct Call {
    std::chrono::steady_clock::time_point ended;
    std::chrono::nanoseconds took;
  };
  std::vector<Call> recent(std::min<size_t>(4096, std::max<size_t>(count, 64)));
  size_t calls = 0;
  std::vector<std::chrono::nanoseconds> latest;  // scratch for the median
  std::chrono::nanoseconds median{0};
  size_t medianAt = 0;  // `calls` when `median` was taken
  // Little's law: a pace of one hit per `interval` with calls that take L keeps L / interval
  // threads busy. A new thread is allowed while there are fewer than twice that and two more,
  // L the median of the calls of the latest second (at least the latest 2 * threads + 64). A
  // burst (hits due together) may use every thread; so may a server slower than the pace, once
  // its slow calls are the median.
  //
  // A stall of the server holds up one call per thread, and they come back late together, with
  // a few hundred slow ones after them while the server catches up: a thread started for each
  // hit that fell due meanwhile made 150 to 260 threads and connections at 2000/s where ~100
  // keep the pace, and so did a median of the latest 64 calls, or of 2 * threads + 64.
  //
  // And a new thread waits while a quarter of the pool are still on their first call: that call
  // opens a connection, whose TLS handshake, with a hundred others at once after a burst, took
  // up to 300 ms, long enough for the hits falling due meanwhile to start 120 more threads. So
  // the pool grows by at most a quarter each time its calls come back.
  const auto mayGrow = [&](std::chrono::nanoseconds interval) {
    if (interval.count() <= 0) return true;
    if (fresh > pool.size() / 4) return false;
    if (calls == 0) return true;
    // Taken again after every 16 calls: while the pool is behind, every send asks.
    if (medianAt == 0 || calls >= medianAt + 16) {
      const size_t least = std::min({calls, 2 * pool.size() + 64, recent.size()});
      const auto since = std::chrono::steady_clock::now() - std::chrono::seconds(1);
      latest.clear();
      for (size_t i = calls; i > calls - std::min(calls, recent.size()); --i) {
        const Call& call = recent[(i - 1) % recent.size()];
        if (latest.size() >= least && call.ended < since) break;
        latest.push_back(call.took);
      }
      const auto middle = latest.begin() + static_cast<std::ptrdiff_t>(latest.size() / 2);
      std::nth_element(latest.begin(), middle, latest.end());
      median = *middle;
      medianAt = calls;
    }
    const auto busy =
        static_cast<size_t>((median + interval - std::chrono::nanoseconds(1)) / interval);
    return pool.size() < 2 * busy + 2;
  };
  const auto over = [&] { return ended || stop.load(); };
  std::function<void()> work;
  const auto spawn = [&] {
    if (pool.size() < maxThreads) {
      pool.emplace_back(work);
      ++fresh;
    }
  };
  work = [&] {
    std::unique_lock<std::mutex> lock(mutex);
    bool first = true;
    while (!over() && claimed < count) {
      const size_t index = claimed++;
      const PacedStream::Hit hit = stream.claim();
      if (std::chrono::steady_clock::now() < hit.due) {
        ++waiting;
        wake.wait_until(lock, hit.due, over);
        --waiting;
        if (over()) break;
      }
      // About to send, with the next hit due already and no thread waiting to take it: the
      // threads there are cannot keep the pace (a burst, or a server slower than the pace),
      // and one more starts. A thread that is merely busy when the next hit is claimed is
      // usually back before it is due; starting one whenever all were busy grew the pool to
      // hundreds of threads (and as many TLS connections) at 2000/s.
      if (waiting == 0 && index + 1 < count) {
        const auto next = stream.nextDue();
        if (next <= std::chrono::steady_clock::now() && mayGrow(next - hit.due)) spawn();
      }
      lock.unlock();
      const auto started = std::chrono::steady_clock::now();
      const bool more = each(index, hit);
      const auto returned = std::chrono::steady_clock::now();
      lock.lock();
      recent[calls++ % recent.size()] = Call{returned, returned - started};
      if (first) {
        first = false;
        --fresh;
      }
      if (!more) {
        ended = true;
        wake.notify_all();
      }
    }
    if (first) --fresh;
    ++done;
    finished.notify_one();
  };
  std::unique_lock<std::mutex> lock(mutex);
  spawn();
  // Hears `stop` for the sleeping threads, within a quarter of a second: an interrupt reaches
  // `stop` once a second (the progress loop), and polling every 50 ms was a fifth of the
  // client's wake-ups in a run at qps 5.
  while (done < pool.size()) {
    if (stop.load()) wake.notify_all();
    finished.wait_for(lock, std::chrono::milliseconds(250));
  }
  lock.unlock();
  for (std::thread& thread : pool)
    thread.join();
}

}  // namespace perfscale::engine
