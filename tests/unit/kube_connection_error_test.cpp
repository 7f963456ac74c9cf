// Exceptions from Poco and OpenSSL, turned into connection errors that say whether the request
// may have reached the server.
#include <catch2/catch.hpp>

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

#include "core/kube/connection_error.h"

using perfscale::kube::classifyConnectionFailure;
using perfscale::kube::ConnectionErrorKind;
using perfscale::kube::TryPhase;

TEST_CASE("connection errors: OpenSSL 3's unexpected eof is a reset") {
  const auto error = classifyConnectionFailure(
      Poco::Net::SSLException("error:0A000126:SSL routines::unexpected eof while reading"),
      TryPhase::Receiving, "GET", "https://h:1/x");
  CHECK(error.kind() == ConnectionErrorKind::Reset);
  CHECK(error.mayHaveReachedServer());
  CHECK(error.transient());
  CHECK(error.url() == "https://h:1/x");
  CHECK(std::string(error.what()).find("GET https://h:1/x: ") == 0);
}

TEST_CASE("connection errors: failures while connecting never reached the server") {
  const auto refused = classifyConnectionFailure(Poco::Net::ConnectionRefusedException("h:1"),
                                                 TryPhase::Connecting, "POST", "https://h:1/x");
  CHECK(refused.kind() == ConnectionErrorKind::Connect);
  CHECK_FALSE(refused.mayHaveReachedServer());
  CHECK(std::string(refused.what()).find("not sent") != std::string::npos);
  const auto proxy = classifyConnectionFailure(Poco::Net::HTTPException("proxy answered 407"),
                                               TryPhase::Connecting, "GET", "https://h:1/x");
  CHECK(proxy.kind() == ConnectionErrorKind::Connect);
}

TEST_CASE("connection errors: kinds from Poco's exception types") {
  auto kindOf = [](const std::exception& e, TryPhase phase = TryPhase::Receiving) {
    return classifyConnectionFailure(e, phase, "GET", "u").kind();
  };
  CHECK(kindOf(Poco::Net::ConnectionResetException("x")) == ConnectionErrorKind::Reset);
  CHECK(kindOf(Poco::Net::NoMessageException()) == ConnectionErrorKind::Reset);
  CHECK(kindOf(Poco::TimeoutException()) == ConnectionErrorKind::Timeout);
  CHECK(kindOf(Poco::Net::CertificateValidationException("x")) == ConnectionErrorKind::Tls);
  CHECK(kindOf(Poco::Net::SSLException("error:0A000086:SSL routines::certificate verify failed"),
               TryPhase::Connecting) == ConnectionErrorKind::Tls);
  CHECK(kindOf(Poco::Net::MessageException("Malformed message")) == ConnectionErrorKind::Protocol);
  CHECK(kindOf(Poco::IOException("I/O error: Connection reset by peer")) ==
        ConnectionErrorKind::Reset);
}

TEST_CASE("connection errors: TLS failures are not worth another try") {
  const auto error = classifyConnectionFailure(Poco::Net::CertificateValidationException("expired"),
                                               TryPhase::Connecting, "GET", "u");
  CHECK_FALSE(error.transient());
}
