// One HTTP/1.1 request and its answer over a leased session: what was sent, what came back, when,
// and if nothing came back, why (as a ConnectionError). Never throws for network failures.
#pragma once

#include <Poco/Net/HTTPResponse.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/kube/connection_error.h"
#include "core/kube/https_session.h"

namespace perfscale::kube {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The most of an answer's body exchange() keeps (a body it discards is only counted). Lists
// come in pages and objects are at most a few MiB; a larger answer is an error, not memory.
inline constexpr size_t kMaxAnswerBytes = size_t{64} << 20;

struct HttpCall {
  std::string method;
  std::string target;  // origin-form: path and query
  std::string url;     // the full URL, for messages
  HeaderList headers;
  std::string body;
  std::string contentType;          // with a body
  bool sendsBody = false;           // Content-Length is set whenever this is true, even for ""
  bool discardSuccessBody = false;  // a 2xx body is read and counted, not kept
};

struct HttpOutcome {
  using TimePoint = std::chrono::steady_clock::time_point;
  int status = 0;
  HeaderList headers;
  std::string body;
  std::optional<ConnectionError> error;
  TimePoint sent, firstByte, done;
  int64_t bytesOut = 0;
  int64_t bytesIn = 0;
};

// Case-insensitive header lookup.
std::optional<std::string> findHeader(const HeaderList& headers, const std::string& name);

// Sends `call` and reads the whole answer; a body over kMaxAnswerBytes is a Protocol error.
HttpOutcome exchange(HttpsSession& session, const HttpCall& call);

// Sends `call` and reads the status and headers only; the body is left in the session for the
// caller (a stream). `body` is set only when an answer arrived.
HttpOutcome startExchange(HttpsSession& session, const HttpCall& call,
                          Poco::Net::HTTPResponse& response, std::istream** body);

// Why a body read failed (the session's recorded exception), classified for `call`.
ConnectionError bodyReadFailure(HttpsSession& session, const HttpCall& call,
                                const std::string& fallback);

}  // namespace perfscale::kube
