// See try_deadline.h.
#include "core/kube/try_deadline.h"

#include <sys/socket.h>

namespace perfscale::kube {

namespace {

// A try past its deadline whose connection is still being made is looked at again this soon.
constexpr std::chrono::milliseconds kRecheck{20};

}  // namespace

TryDeadlines::TryDeadlines() : thread_([this] { run(); }) {}

TryDeadlines::~TryDeadlines() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_one();
  thread_.join();
}

TryDeadlines::Armed::Armed(TryDeadlines& owner, const HttpsSession& session,
                           Clock::time_point deadline)
    : owner_(owner), session_(session) {
  std::lock_guard<std::mutex> lock(owner_.mutex_);
  position_ = owner_.queue_.emplace(deadline, this);
  queued_ = true;
  if (position_ == owner_.queue_.begin()) owner_.changed_.notify_one();
}

TryDeadlines::Armed::~Armed() {
  disarm();
}

bool TryDeadlines::Armed::disarm() {
  std::lock_guard<std::mutex> lock(owner_.mutex_);
  if (queued_) owner_.queue_.erase(position_);
  queued_ = false;
  return expired_;
}

void TryDeadlines::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (queue_.empty()) {
      changed_.wait(lock);
      continue;
    }
    const auto next = queue_.begin()->first;
    if (Clock::now() < next) {
      changed_.wait_until(lock, next);
      continue;
    }
    Armed* armed = queue_.begin()->second;
    queue_.erase(queue_.begin());
    // The try's thread is blocked in the session or about to be; the Armed (and so the
    // session) lives until it takes the mutex. shutdown(2) wakes a blocked read; the
    // descriptor stays the session's to close.
    const int fd = armed->session_.connectedSocket();
    if (fd >= 0) {
      ::shutdown(fd, SHUT_RDWR);
      armed->expired_ = true;
      armed->queued_ = false;
    } else {
      armed->position_ = queue_.emplace(Clock::now() + kRecheck, armed);
    }
  }
}

}  // namespace perfscale::kube
