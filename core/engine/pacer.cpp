// Pacers and the stream that hands their hits out (see pacer.h).
#include "core/engine/pacer.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <thread>

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

PacedStream::Hit PacedStream::next(const std::atomic<bool>* stop) {
  Hit hit;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    hit.index = next_.fetch_add(1);
    hit.due = start_ + shift_ + pacer_.at(hit.index);
    const auto behind = std::chrono::steady_clock::now() - hit.due;
    const auto allowed = pacer_.catchUp();
    if (allowed != std::chrono::nanoseconds::max() && behind > allowed) {
      shift_ += behind - allowed;
      hit.due += behind - allowed;
    }
  }
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
  std::atomic<size_t> next{0};
  std::atomic<bool> ended{false};
  std::atomic<size_t> waiting{0};  // threads waiting for their next hit
  // One thread at a time claims a hit and sleeps until it is due; the others wait their turn
  // here, asleep, not each in slices toward a hit further ahead (at 5 creates a second, four
  // threads did so, 80 wake-ups a second).
  std::mutex turn;
  std::mutex poolMutex;  // guards pool
  std::vector<std::thread> pool;
  pool.reserve(maxThreads);
  std::function<void()> work;
  auto spawn = [&] {
    std::lock_guard<std::mutex> lock(poolMutex);
    if (pool.size() < maxThreads) pool.emplace_back(work);
  };
  work = [&] {
    while (!stop.load() && !ended.load() && next.load() < count) {
      ++waiting;
      PacedStream::Hit hit;
      size_t index = 0;
      {
        std::lock_guard<std::mutex> lock(turn);
        if (!stop.load() && !ended.load() && next.load() < count) hit = stream.next(&stop);
        index = next.fetch_add(1);
      }
      --waiting;
      if (stop.load() || ended.load() || index >= count) return;
      // Nobody is waiting for the next hit while this thread is busy with this one.
      if (waiting.load() == 0 && index + 1 < count) spawn();
      if (!each(index, hit)) ended = true;
    }
  };
  spawn();
  for (size_t joined = 0;; ++joined) {
    std::thread thread;
    {
      std::lock_guard<std::mutex> lock(poolMutex);
      if (joined == pool.size()) break;
      thread = std::move(pool[joined]);
    }
    thread.join();
  }
}

}  // namespace perfscale::engine
