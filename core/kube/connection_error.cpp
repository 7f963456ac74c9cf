// See connection_error.h.
#include "core/kube/connection_error.h"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

#include <algorithm>
#include <cctype>

namespace perfscale::kube {

namespace {

bool contains(std::string text, std::string part) {
  auto lower = [](std::string& s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  };
  lower(text);
  lower(part);
  return text.find(part) != std::string::npos;
}

std::string textOf(const std::exception& failure) {
  // Our own messages (certificate checks, proxy answers) read better without Poco's prefix.
  if (dynamic_cast<const Poco::Net::CertificateValidationException*>(&failure) ||
      dynamic_cast<const Poco::Net::HTTPException*>(&failure)) {
    const auto& poco = dynamic_cast<const Poco::Exception&>(failure);
    if (!poco.message().empty()) return poco.message();
  }
  if (const auto* poco = dynamic_cast<const Poco::Exception*>(&failure)) {
    // displayText() is "name: message"; the message alone reads better after our own prefix.
    return poco->message().empty() ? poco->displayText()
                                   : std::string(poco->name()) + ": " + poco->message();
  }
  return failure.what();
}

ConnectionErrorKind kindOf(const std::exception& failure, const std::string& text) {
  using namespace Poco::Net;
  if (dynamic_cast<const CertificateValidationException*>(&failure))
    return ConnectionErrorKind::Tls;
  if (dynamic_cast<const Poco::TimeoutException*>(&failure)) return ConnectionErrorKind::Timeout;
  if (dynamic_cast<const ConnectionResetException*>(&failure) ||
      dynamic_cast<const ConnectionAbortedException*>(&failure) ||
      dynamic_cast<const SSLConnectionUnexpectedlyClosedException*>(&failure) ||
      dynamic_cast<const NoMessageException*>(&failure))
    return ConnectionErrorKind::Reset;
  if (dynamic_cast<const ConnectionRefusedException*>(&failure) ||
      dynamic_cast<const HostNotFoundException*>(&failure) ||
      dynamic_cast<const NoAddressFoundException*>(&failure) ||
      dynamic_cast<const DNSException*>(&failure))
    return ConnectionErrorKind::Connect;
  // OpenSSL 3 reports a peer that closed without close_notify as an SSL error, not EOF.
  if (contains(text, "unexpected eof") || contains(text, "connection reset") ||
      contains(text, "broken pipe") || contains(text, "connection aborted") ||
      contains(text, "no message received"))
    return ConnectionErrorKind::Reset;
  if (contains(text, "timeout") || contains(text, "timed out")) return ConnectionErrorKind::Timeout;
  if (contains(text, "certificate") || contains(text, "handshake") ||
      contains(text, "tlsv1 alert") || contains(text, "ssl alert") ||
      contains(text, "wrong version number"))
    return ConnectionErrorKind::Tls;
  if (dynamic_cast<const MessageException*>(&failure)) return ConnectionErrorKind::Protocol;
  if (contains(text, "refused") || contains(text, "unreachable") ||
      contains(text, "host not found") || contains(text, "no address"))
    return ConnectionErrorKind::Connect;
  return ConnectionErrorKind::Protocol;
}

}  // namespace

const char* toString(ConnectionErrorKind kind) {
  switch (kind) {
    case ConnectionErrorKind::Tls:
      return "tls";
    case ConnectionErrorKind::Connect:
      return "connect";
    case ConnectionErrorKind::Reset:
      return "reset";
    case ConnectionErrorKind::Timeout:
      return "timeout";
    case ConnectionErrorKind::Protocol:
      return "protocol";
    case ConnectionErrorKind::Cancelled:
      return "cancelled";
  }
  return "unknown";
}

ConnectionError::ConnectionError(ConnectionErrorKind kind, std::string method, std::string url,
                                 bool mayHaveReachedServer, std::string detail)
    : std::runtime_error(method + " " + url + ": " + detail +
                         (mayHaveReachedServer ? "" : " (the request was not sent)")),
      kind_(kind),
      method_(std::move(method)),
      url_(std::move(url)),
      mayHaveReachedServer_(mayHaveReachedServer),
      detail_(std::move(detail)) {}

bool ConnectionError::transient() const {
  return kind_ != ConnectionErrorKind::Tls && kind_ != ConnectionErrorKind::Cancelled;
}

ConnectionError classifyConnectionFailure(const std::exception& failure, TryPhase phase,
                                          const std::string& method, const std::string& url) {
  const std::string text = textOf(failure);
  ConnectionErrorKind kind = kindOf(failure, text);
  // A reset while connecting is a refused or failed connection attempt, e.g. a proxy or a TLS
  // server that hung up during the handshake; nothing was sent either way.
  if (phase == TryPhase::Connecting && kind == ConnectionErrorKind::Protocol)
    kind = ConnectionErrorKind::Connect;
  std::string detail;
  switch (kind) {
    case ConnectionErrorKind::Reset:
      detail = phase == TryPhase::Receiving
                   ? "the connection was closed before the answer arrived: " + text
                   : "the connection was closed: " + text;
      break;
    case ConnectionErrorKind::Timeout:
      detail = phase == TryPhase::Connecting ? "timed out connecting: " + text
                                             : "timed out waiting for the answer: " + text;
      break;
    case ConnectionErrorKind::Tls:
      detail = text;
      // Alerts the server sends about our certificate.
      if (contains(text, "alert unknown ca") || contains(text, "alert bad certificate") ||
          contains(text, "alert certificate required") ||
          contains(text, "alert certificate unknown") ||
          contains(text, "alert certificate expired"))
        detail +=
            " (the server refused the client certificate: check client-certificate(-data) and "
            "client-key(-data), and that the certificate is followed by its intermediate CAs)";
      break;
    default:
      detail = text;
  }
  return ConnectionError(kind, method, url, phase != TryPhase::Connecting, detail);
}

}  // namespace perfscale::kube
