// What one try of a request did, as the trace records it (see core/record.h RequestRecord):
// handed to the caller after every try, the failed and retried ones included.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace perfscale::kube {

struct TryReport {
  using TimePoint = std::chrono::steady_clock::time_point;

  int tryNumber = 1;         // 1 for the first try; counts every try of the request
  std::string method;        // of this try: GET when it checks whether a cut-off create landed
  std::string url;           // server URL with path and query, no credentials
  bool createCheck = false;  // a GET by name after a create's outcome was lost
  std::chrono::milliseconds waitBefore{0};  // Retry-After or backoff slept before this try

  // steady_clock; a time stays default (epoch) when the try never got that far.
  TimePoint granted;    // the rate limiter's token (for streams: when the try started)
  TimePoint sent;       // request line, headers and body written
  TimePoint firstByte;  // the answer's status line and headers arrived
  TimePoint done;       // the answer was read completely, or the try failed

  int status = 0;             // HTTP status; 0 when no answer arrived
  std::string reason;         // the Status reason of an error answer, else empty
  int64_t bytesOut = 0;       // request body bytes
  int64_t bytesIn = 0;        // response body bytes (for streams: until the headers)
  std::string priorityLevel;  // X-Kubernetes-PF-PriorityLevel-UID
  std::string flowSchema;     // X-Kubernetes-PF-FlowSchema-UID
  std::string error;          // why no answer arrived, empty when one did
  std::string nextStep;       // why another try follows (retry reasons), empty for the last try
};

// Called on the requesting thread after each try, before any wait for the next one.
using TryObserver = std::function<void(const TryReport&)>;

}  // namespace perfscale::kube
