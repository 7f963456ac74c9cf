// Idle keep-alive sessions waiting for the next request. A session is leased by one thread at a
// time and never shared; N worker threads end up with N sessions, reused request after request.
#pragma once

#include <Poco/Net/Context.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/kube/https_session.h"

namespace perfscale::kube {

class SessionPool {
 public:
  using Factory = std::function<std::unique_ptr<HttpsSession>(Poco::Net::Context::Ptr)>;

  // A session held by one thread; back to the pool when the lease ends, unless discarded.
  class Lease {
   public:
    Lease(SessionPool& pool, std::unique_ptr<HttpsSession> session)
        : pool_(&pool), session_(std::move(session)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    HttpsSession& operator*() const { return *session_; }
    HttpsSession* operator->() const { return session_.get(); }
    // After a failure the connection's state is unknown: close it instead of reusing it.
    void discard() { session_.reset(); }
    // Takes the session out of the pool for good (a stream that outlives the request).
    std::unique_ptr<HttpsSession> release() { return std::move(session_); }

   private:
    SessionPool* pool_;
    std::unique_ptr<HttpsSession> session_;
  };

  SessionPool(Factory factory, size_t maxIdle);
  // An idle session made with `context`, else a new one. Idle sessions of another context (a
  // rotated client certificate) are closed.
  Lease lease(const Poco::Net::Context::Ptr& context);
  size_t idleCount() const;

 private:
  void giveBack(std::unique_ptr<HttpsSession> session);

  Factory factory_;
  size_t maxIdle_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<HttpsSession>> idle_;
};

}  // namespace perfscale::kube
