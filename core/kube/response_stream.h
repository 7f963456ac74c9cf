// The body of a long-lived GET (a watch) as it arrives, on a session of its own: status and
// headers first, then lines or raw bytes; how it ended; cancel() from any other thread. The
// watch decoder sits on top of this and knows nothing of HTTP or TLS.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/kube/api_status.h"
#include "core/kube/http_exchange.h"
#include "core/kube/https_session.h"

namespace perfscale::kube {

inline constexpr std::chrono::milliseconds kDefaultStreamIdleTimeout{5 * 60 * 1000};
inline constexpr size_t kMaxStreamLine = size_t{64} * 1024 * 1024;

class ResponseStream {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  enum class End {
    Open,         // not ended yet
    Closed,       // the body ended without a transport error (server timeout, watch end)
    Cut,          // the connection broke: reset, unexpected EOF, malformed chunking
    IdleTimeout,  // nothing arrived for the idle timeout
    Cancelled,    // cancel() was called
    LineTooLong   // a line exceeded kMaxStreamLine (readLine only)
  };

  // Made by RestClient::openStream. For a status other than 2xx the body is read at once and
  // decoded into errorStatus(); the stream is then already ended.
  ResponseStream(std::unique_ptr<HttpsSession> session, HttpOutcome head, HttpCall call);
  ~ResponseStream();
  ResponseStream(const ResponseStream&) = delete;
  ResponseStream& operator=(const ResponseStream&) = delete;

  int status() const { return head_.status; }
  const HeaderList& headers() const { return head_.headers; }
  std::optional<std::string> header(const std::string& name) const;
  TimePoint sent() const { return head_.sent; }
  TimePoint firstByte() const { return head_.firstByte; }
  const std::optional<ApiStatus>& errorStatus() const { return errorStatus_; }

  // The next line without its "\n" (a trailing "\r" is kept), blocking until one is complete;
  // nothing once the stream has ended (see end()). A last line without "\n" is returned too.
  std::optional<std::string> readLine();
  // The same as a view into the stream's buffer, valid until the next read: no copy per line.
  std::optional<std::string_view> nextLine();
  // Up to `size` bytes, as soon as any are there; 0 once the stream has ended.
  size_t read(char* buffer, size_t size);

  End end() const;
  std::string endDetail() const;  // what broke, for Cut and IdleTimeout
  int64_t bytesIn() const { return bytesIn_; }
  const std::string& url() const { return call_.url; }

  // From any thread: a read in progress returns and the stream ends with End::Cancelled.
  void cancel();

 private:
  enum class Framing { Chunked, Length, UntilClose };

  size_t fill(char* buffer, size_t size);  // decoded body bytes; 0 once ended
  bool receive();                          // more raw bytes into raw_; false once ended
  std::optional<std::string> rawLine();    // a CRLF-terminated framing line
  void finish(End end, std::string detail);

  std::unique_ptr<HttpsSession> session_;
  HttpOutcome head_;
  HttpCall call_;
  std::optional<ApiStatus> errorStatus_;
  Framing framing_ = Framing::UntilClose;
  int64_t left_ = 0;      // of the current chunk, or of a Content-Length body
  bool inChunk_ = false;  // between a chunk's size line and its data's end
  std::string raw_;       // received; decoded up to rawAt_
  size_t rawAt_ = 0;
  static constexpr size_t kReadSize = size_t{16} * 1024;
  std::string pending_;  // decoded, not yet returned by readLine() from pendingAt_ on
  size_t pendingAt_ = 0;
  int64_t bytesIn_ = 0;

  mutable std::mutex mutex_;  // guards what cancel() touches and the end state
  int fd_ = -1;
  bool cancelled_ = false;
  End end_ = End::Open;
  std::string endDetail_;
};

// "closed", "cut", ...
const char* toString(ResponseStream::End end);

}  // namespace perfscale::kube
