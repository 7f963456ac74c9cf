// See response_stream.h.
#include "core/kube/response_stream.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <strings.h>
#include <sys/socket.h>

#include <algorithm>

namespace perfscale::kube {

namespace {

constexpr size_t kMaxFramingLine = 4096;
constexpr size_t kMaxErrorBody = size_t{1024} * 1024;

}  // namespace

ResponseStream::ResponseStream(std::unique_ptr<HttpsSession> session, HttpOutcome head,
                               HttpCall call)
    : session_(std::move(session)), head_(std::move(head)), call_(std::move(call)) {
  fd_ = static_cast<int>(session_->socket().impl()->sockfd());
  const auto encoding = findHeader(head_.headers, "Transfer-Encoding");
  const auto length = findHeader(head_.headers, "Content-Length");
  if (encoding && strcasecmp(encoding->c_str(), "chunked") == 0) {
    framing_ = Framing::Chunked;
  } else if (length) {
    framing_ = Framing::Length;
    left_ = Poco::NumberParser::parse64(*length);
    if (left_ == 0) finish(End::Closed, "");
  }
  if (head_.status < 200 || head_.status > 299) {
    std::string text;
    char buffer[16 * 1024];
    size_t n = 0;
    while (text.size() < kMaxErrorBody && (n = fill(buffer, sizeof buffer)) > 0)
      text.append(buffer, n);
    errorStatus_ = statusOfAnswer(head_.status, text);
    finish(End::Closed, "");
  }
}

ResponseStream::~ResponseStream() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    fd_ = -1;
  }
  session_.reset();
}

std::optional<std::string> ResponseStream::header(const std::string& name) const {
  return findHeader(head_.headers, name);
}

ResponseStream::End ResponseStream::end() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return end_;
}

std::string ResponseStream::endDetail() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return endDetail_;
}

void ResponseStream::finish(End end, std::string detail) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (end_ != End::Open) return;
  end_ = cancelled_ ? End::Cancelled : end;
  endDetail_ = cancelled_ ? "cancelled" : std::move(detail);
}

void ResponseStream::cancel() {
  std::lock_guard<std::mutex> lock(mutex_);
  cancelled_ = true;
  // shutdown(2), not close: the reading thread owns the descriptor; this only wakes it.
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

bool ResponseStream::receive() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (end_ != End::Open) return false;
    if (cancelled_) {
      end_ = End::Cancelled;
      endDetail_ = "cancelled";
      return false;
    }
  }
  // What was decoded goes once per read, not once per chunk: a read brings dozens of events.
  raw_.erase(0, rawAt_);
  rawAt_ = 0;
  char buffer[16 * 1024];
  try {
    const int n = session_->readRaw(buffer, sizeof buffer);
    if (n > 0) {
      raw_.append(buffer, static_cast<size_t>(n));
      return true;
    }
    if (framing_ == Framing::UntilClose) {
      finish(End::Closed, "");
    } else {
      finish(End::Cut, framing_ == Framing::Chunked
                           ? "the connection was closed before the stream's last chunk"
                           : "the connection was closed before the end of the body");
    }
  } catch (const Poco::TimeoutException&) {
    finish(End::IdleTimeout, "nothing arrived for the idle timeout");
  } catch (const Poco::Exception& e) {
    finish(End::Cut,
           classifyConnectionFailure(e, TryPhase::Receiving, call_.method, call_.url).detail());
  }
  return false;
}

std::optional<std::string> ResponseStream::rawLine() {
  while (true) {
    const auto newline = raw_.find('\n', rawAt_);
    if (newline != std::string::npos) {
      std::string line = raw_.substr(rawAt_, newline - rawAt_);
      rawAt_ = newline + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    if (raw_.size() - rawAt_ > kMaxFramingLine) {
      finish(End::Cut, "malformed chunked encoding: a chunk header line is too long");
      return std::nullopt;
    }
    if (!receive()) return std::nullopt;
  }
}

size_t ResponseStream::fill(char* buffer, size_t size) {
  while (true) {
    if (end() != End::Open) return 0;
    if (framing_ == Framing::Chunked && !inChunk_) {
      const auto line = rawLine();
      if (!line) return 0;
      const std::string digits = line->substr(0, line->find_first_of("; \t"));
      Poco::UInt64 chunk = 0;
      if (digits.empty() || !Poco::NumberParser::tryParseHex64(digits, chunk)) {
        finish(End::Cut, "malformed chunked encoding: chunk size \"" + digits + "\"");
        return 0;
      }
      if (chunk == 0) {
        // The last chunk; trailers (if any) end with an empty line.
        while (auto trailer = rawLine()) {
          if (trailer->empty()) break;
        }
        finish(End::Closed, "");
        return 0;
      }
      left_ = static_cast<int64_t>(chunk);
      inChunk_ = true;
    }
    if (rawAt_ == raw_.size() && !receive()) return 0;
    size_t n = std::min(size, raw_.size() - rawAt_);
    if (framing_ != Framing::UntilClose) n = std::min(n, static_cast<size_t>(left_));
    raw_.copy(buffer, n, rawAt_);
    rawAt_ += n;
    left_ -= static_cast<int64_t>(n);
    bytesIn_ += static_cast<int64_t>(n);
    if (framing_ == Framing::Length && left_ == 0) finish(End::Closed, "");
    if (framing_ == Framing::Chunked && left_ == 0) {
      inChunk_ = false;
      const auto crlf = rawLine();  // the CRLF after the chunk's data
      if (crlf && !crlf->empty())
        finish(End::Cut, "malformed chunked encoding: no CRLF after data");
    }
    if (n > 0) return n;
  }
}

size_t ResponseStream::read(char* buffer, size_t size) {
  if (pendingAt_ < pending_.size()) {
    const size_t n = std::min(size, pending_.size() - pendingAt_);
    pending_.copy(buffer, n, pendingAt_);
    pendingAt_ += n;
    return n;
  }
  pending_.clear();
  pendingAt_ = 0;
  return fill(buffer, size);
}

std::optional<std::string_view> ResponseStream::nextLine() {
  size_t searched = pendingAt_;
  while (true) {
    const auto newline = pending_.find('\n', searched);
    if (newline != std::string::npos) {
      const size_t start = pendingAt_;
      pendingAt_ = newline + 1;
      return std::string_view(pending_).substr(start, newline - start);
    }
    // No whole line left: drop what earlier lines used, then read more.
    pending_.erase(0, pendingAt_);
    pendingAt_ = 0;
    searched = pending_.size();
    if (pending_.size() > kMaxStreamLine) {
      finish(End::LineTooLong, "a line longer than " + std::to_string(kMaxStreamLine) + " bytes");
      pending_.clear();
      return std::nullopt;
    }
    const size_t before = pending_.size();
    pending_.resize(before + kReadSize);
    const size_t n = fill(pending_.data() + before, kReadSize);
    pending_.resize(before + n);
    if (n == 0) {
      if (pending_.empty()) return std::nullopt;
      pendingAt_ = pending_.size();
      return std::string_view(pending_);
    }
  }
}

std::optional<std::string> ResponseStream::readLine() {
  const auto line = nextLine();
  if (!line) return std::nullopt;
  return std::string(*line);
}

const char* toString(ResponseStream::End end) {
  switch (end) {
    case ResponseStream::End::Open:
      return "open";
    case ResponseStream::End::Closed:
      return "closed";
    case ResponseStream::End::Cut:
      return "cut";
    case ResponseStream::End::IdleTimeout:
      return "idle-timeout";
    case ResponseStream::End::Cancelled:
      return "cancelled";
    case ResponseStream::End::LineTooLong:
      return "line-too-long";
  }
  return "unknown";
}

}  // namespace perfscale::kube
