// A whole-try time limit. kubectl's --request-timeout bounds a request, but a socket timeout
// bounds only each wait for bytes: a server that trickles its answer a byte a second would hold
// a request forever. One timer thread shuts down (never closes) the socket of a try that
// outlives its deadline, which wakes the thread reading it with an error.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "core/kube/https_session.h"

namespace perfscale::kube {

class TryDeadlines {
 public:
  using Clock = std::chrono::steady_clock;

  TryDeadlines();
  ~TryDeadlines();
  TryDeadlines(const TryDeadlines&) = delete;
  TryDeadlines& operator=(const TryDeadlines&) = delete;

  // While it lives, `session`'s socket is shut down at `deadline` (or as soon as it is
  // connected after that). Destroy it before the session.
  class Armed {
   public:
    Armed(TryDeadlines& owner, const HttpsSession& session, Clock::time_point deadline);
    ~Armed();
    Armed(const Armed&) = delete;
    Armed& operator=(const Armed&) = delete;
    // Takes the try off the timer and says whether its deadline passed and its socket was shut
    // down. Once it returns, the timer no longer touches the session: the answer it gives is
    // final, which a bare look at the flag would not be while the timer may still fire.
    bool disarm();

   private:
    friend class TryDeadlines;
    TryDeadlines& owner_;
    const HttpsSession& session_;
    std::multimap<Clock::time_point, Armed*>::iterator position_;
    bool queued_ = false;   // guarded by owner_.mutex_
    bool expired_ = false;  // guarded by owner_.mutex_
  };

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::multimap<Clock::time_point, Armed*> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace perfscale::kube
