// See session_pool.h.
#include "core/kube/session_pool.h"

namespace perfscale::kube {

SessionPool::Lease::~Lease() {
  if (session_) pool_->giveBack(std::move(session_));
}

SessionPool::SessionPool(Factory factory, size_t maxIdle)
    : factory_(std::move(factory)), maxIdle_(maxIdle) {}

SessionPool::Lease SessionPool::lease(const Poco::Net::Context::Ptr& context) {
  std::vector<std::unique_ptr<HttpsSession>> stale;  // closed outside the lock
  {
    std::lock_guard<std::mutex> lock(mutex_);
    while (!idle_.empty()) {
      auto session = std::move(idle_.back());
      idle_.pop_back();
      if (session->tlsContext() == context) return Lease(*this, std::move(session));
      stale.push_back(std::move(session));
    }
  }
  return Lease(*this, factory_(context));
}

size_t SessionPool::idleCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return idle_.size();
}

void SessionPool::giveBack(std::unique_ptr<HttpsSession> session) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (idle_.size() < maxIdle_) idle_.push_back(std::move(session));
}

}  // namespace perfscale::kube
