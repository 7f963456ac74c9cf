// See http_exchange.h.
#include "core/kube/http_exchange.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequest.h>

#include <strings.h>

namespace perfscale::kube {

namespace {

using Clock = std::chrono::steady_clock;

ConnectionError failure(HttpsSession& session, const HttpCall& call, const std::exception& e,
                        TryPhase phase) {
  if (phase != TryPhase::Receiving && session.failedWhileConnecting()) phase = TryPhase::Connecting;
  return classifyConnectionFailure(e, phase, call.method, call.url);
}

}  // namespace

std::optional<std::string> findHeader(const HeaderList& headers, const std::string& name) {
  for (const auto& [key, value] : headers) {
    if (strcasecmp(key.c_str(), name.c_str()) == 0) return value;
  }
  return std::nullopt;
}

ConnectionError bodyReadFailure(HttpsSession& session, const HttpCall& call,
                                const std::string& fallback) {
  if (const Poco::Exception* cause = session.networkException())
    return classifyConnectionFailure(*cause, TryPhase::Receiving, call.method, call.url);
  return ConnectionError(ConnectionErrorKind::Protocol, call.method, call.url, true, fallback);
}

HttpOutcome startExchange(HttpsSession& session, const HttpCall& call,
                          Poco::Net::HTTPResponse& response, std::istream** body) {
  HttpOutcome outcome;
  Poco::Net::HTTPRequest request(call.method, call.target, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setKeepAlive(true);
  for (const auto& [name, value] : call.headers)
    request.add(name, value);
  if (call.sendsBody) {
    request.setContentType(call.contentType);
    request.setContentLength(static_cast<std::streamsize>(call.body.size()));
  }
  try {
    std::ostream& out = session.sendRequest(request);
    out.write(call.body.data(), static_cast<std::streamsize>(call.body.size()));
    out.flush();
    if (!out.good()) {
      if (const Poco::Exception* cause = session.networkException()) cause->rethrow();
      throw Poco::IOException("writing the request failed");
    }
    outcome.sent = Clock::now();
    outcome.bytesOut = static_cast<int64_t>(call.body.size());
  } catch (const Poco::Exception& e) {
    outcome.done = Clock::now();
    outcome.error = failure(session, call, e, TryPhase::Sending);
    return outcome;
  }
  try {
    std::istream& in = session.receiveResponse(response);
    outcome.firstByte = Clock::now();
    outcome.status = static_cast<int>(response.getStatus());
    for (const auto& [name, value] : response)
      outcome.headers.emplace_back(name, value);
    *body = &in;
  } catch (const Poco::Exception& e) {
    outcome.done = Clock::now();
    outcome.error = failure(session, call, e, TryPhase::Receiving);
  }
  return outcome;
}

HttpOutcome exchange(HttpsSession& session, const HttpCall& call) {
  Poco::Net::HTTPResponse response;
  std::istream* in = nullptr;
  HttpOutcome outcome = startExchange(session, call, response, &in);
  if (outcome.error) return outcome;
  const bool keep = !(call.discardSuccessBody && outcome.status >= 200 && outcome.status < 300);
  int64_t received = 0;
  const auto tooLarge = [&](const std::string& size) {
    outcome.done = Clock::now();
    outcome.bytesIn = received;
    outcome.body.clear();
    outcome.body.shrink_to_fit();
    outcome.error = ConnectionError(
        ConnectionErrorKind::Protocol, call.method, call.url, true,
        "the answer (" + size + ") is larger than " + std::to_string(kMaxAnswerBytes >> 20) +
            " MiB, the most kept of one answer; check that the server is a Kubernetes API "
            "server");
    return outcome;
  };
  if (keep && response.hasContentLength() &&
      response.getContentLength64() > static_cast<Poco::Int64>(kMaxAnswerBytes))
    return tooLarge("Content-Length " + std::to_string(response.getContentLength64()));
  if (keep && response.hasContentLength() && response.getContentLength64() > 0)
    outcome.body.reserve(static_cast<size_t>(response.getContentLength64()));
  char buffer[16 * 1024];
  while (in->read(buffer, sizeof buffer), in->gcount() > 0) {
    if (keep) {
      if (outcome.body.size() + static_cast<size_t>(in->gcount()) > kMaxAnswerBytes)
        return tooLarge(std::to_string(received + in->gcount()) + " bytes so far");
      outcome.body.append(buffer, static_cast<size_t>(in->gcount()));
    }
    received += in->gcount();
  }
  outcome.done = Clock::now();
  outcome.bytesIn = received;
  if (in->bad()) {
    outcome.error = bodyReadFailure(session, call, "reading the answer's body failed");
  } else if (response.hasContentLength() &&
             response.getContentLength64() != static_cast<Poco::Int64>(received) &&
             call.method != "HEAD") {
    outcome.error = ConnectionError(ConnectionErrorKind::Reset, call.method, call.url, true,
                                    "the connection was closed in the middle of the answer (" +
                                        std::to_string(received) + " of " +
                                        std::to_string(response.getContentLength64()) + " bytes)");
  }
  return outcome;
}

}  // namespace perfscale::kube
