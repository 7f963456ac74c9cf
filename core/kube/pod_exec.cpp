// See pod_exec.h.
#include "core/kube/pod_exec.h"

#include <Poco/Buffer.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/WebSocket.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "core/kube/connection_error.h"

namespace perfscale::kube {

namespace {

using Poco::Net::WebSocket;

constexpr int kMaxMessage = 16 << 20;  // one message; servers send tens of KiB at a time
constexpr size_t kMaxErrorBody = size_t{64} * 1024;

enum Channel : unsigned char { kStdout = 1, kStderr = 2, kStatus = 3 };

Poco::Timespan timespan(std::chrono::milliseconds duration) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(duration.count()) * 1000);
}

// The body of a refused upgrade, still unread in the session: a Status, usually. Only a body
// of known length is read (a chunked one would need its framing undone and says the same as
// the status line); a broken read leaves what came.
std::string refusalBody(HttpsSession& session, const Poco::Net::HTTPResponse& response) {
  std::string body;
  if (!response.hasContentLength()) return body;
  const auto length = response.getContentLength64();
  if (length <= 0 || static_cast<size_t>(length) > kMaxErrorBody) return body;
  body.resize(static_cast<size_t>(length));
  size_t got = 0;
  try {
    while (got < body.size()) {
      const int n = session.readRaw(&body[got], static_cast<int>(body.size() - got));
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
  } catch (const Poco::Exception&) {
  }
  body.resize(got);
  return body;
}

std::string podName(const PodExecRequest& request) {
  return "pod " + request.ns + "/" + request.pod +
         (request.container.empty() ? "" : " (container " + request.container + ")");
}

// Reads messages until the server closes the connection; the status ends the command.
PodExecResult readChannels(WebSocket& socket, const PodExecRequest& request, const std::string& url,
                           const std::function<void(const char*, size_t)>& onStdout) {
  PodExecResult result;
  std::optional<std::string> status;
  Poco::Buffer<char> buffer(0);
  unsigned char channel = 0;  // of the message a continuation frame belongs to
  const auto broken = [&](const std::string& what) {
    return PodExecError(
        "exec in " + podName(request) + " (GET " + url + "): " + what +
            (result.stdoutBytes > 0
                 ? " after " + std::to_string(result.stdoutBytes) + " bytes of its output"
                 : ""),
        0, std::nullopt);
  };
  for (;;) {
    buffer.resize(0);
    int flags = 0;
    int n = 0;
    try {
      n = socket.receiveFrame(buffer, flags);
    } catch (const Poco::TimeoutException&) {
      if (status) break;  // the command has ended; a server that does not close is done too
      throw broken("nothing arrived for " + std::to_string(request.idleTimeout.count() / 1000) +
                   " s; the command may hang, or a proxy holds the stream");
    } catch (const Poco::Exception& e) {
      if (status) break;
      throw broken("the stream broke: " + e.displayText());
    }
    const int opcode = flags & WebSocket::FRAME_OP_BITMASK;
    if (n == 0 && flags == 0) break;  // the server closed the connection
    if (opcode == WebSocket::FRAME_OP_CLOSE) break;
    if (opcode == WebSocket::FRAME_OP_PING) {
      const int pong =
          static_cast<int>(WebSocket::FRAME_FLAG_FIN) | static_cast<int>(WebSocket::FRAME_OP_PONG);
      socket.sendFrame(buffer.begin(), n, pong);
      continue;
    }
    if (opcode == WebSocket::FRAME_OP_PONG) continue;
    const char* data = buffer.begin();
    auto size = static_cast<size_t>(n);
    if (opcode != WebSocket::FRAME_OP_CONT) {
      if (size == 0) continue;
      channel = static_cast<unsigned char>(data[0]);
      ++data;
      --size;
    }
    switch (channel) {
      case kStdout:
        if (size > 0) onStdout(data, size);
        result.stdoutBytes += static_cast<int64_t>(size);
        break;
      case kStderr:
        result.stderrText.append(data, std::min(size, kMaxExecStderr - result.stderrText.size()));
        break;
      case kStatus:
        if (!status) status.emplace();
        if (status->size() < kMaxErrorBody) status->append(data, size);
        break;
      default:
        break;  // stdin and resize are the client's to write
    }
  }
  if (!status) {
    throw broken(
        "the connection closed before the command's status arrived: the exec was cut short");
  }
  try {
    result.exit = parseExecExit(*status);
  } catch (const std::invalid_argument& e) {
    throw broken(e.what());
  }
  return result;
}

}  // namespace

ExecExit parseExecExit(std::string_view text) {
  Poco::JSON::Object::Ptr object;
  try {
    object = Poco::JSON::Parser().parse(std::string(text)).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
  }
  if (!object || !object->has("status")) {
    throw std::invalid_argument("the status channel carried \"" + std::string(text.substr(0, 200)) +
                                "\", not a Status: the server speaks another exec protocol");
  }
  ExecExit exit;
  exit.success = object->optValue<std::string>("status", "") == "Success";
  exit.reason = object->optValue<std::string>("reason", "");
  exit.message = object->optValue<std::string>("message", "");
  if (const auto details = object->getObject("details")) {
    if (const auto causes = details->getArray("causes")) {
      for (size_t i = 0; i < causes->size(); ++i) {
        const auto cause = causes->getObject(static_cast<unsigned>(i));
        if (!cause || cause->optValue<std::string>("reason", "") != "ExitCode") continue;
        try {
          exit.exitCode = std::stoi(cause->optValue<std::string>("message", ""));
        } catch (const std::exception&) {
          throw std::invalid_argument("the status gives the exit code as \"" +
                                      cause->optValue<std::string>("message", "") +
                                      "\", not a number");
        }
      }
    }
  }
  if (!exit.success && exit.reason == "NonZeroExitCode" && !exit.exitCode)
    throw std::invalid_argument("the status says NonZeroExitCode without the exit code");
  return exit;
}

std::string describe(const ExecExit& exit) {
  if (exit.success) return "success";
  // The message of a NonZeroExitCode status only repeats the code.
  if (exit.exitCode) return "exit code " + std::to_string(*exit.exitCode);
  std::string text = exit.reason.empty() ? "Failure" : exit.reason;
  if (!exit.message.empty()) text += ": " + exit.message;
  return text;
}

PodExecError::PodExecError(const std::string& message, int httpStatus,
                           std::optional<ApiStatus> status)
    : std::runtime_error(message), httpStatus_(httpStatus), status_(std::move(status)) {}

PodExecResult execInPod(RestClient& client, const PodExecRequest& request,
                        const std::function<void(const char*, size_t)>& onStdout) {
  QueryList query;
  for (const auto& argument : request.command)
    query.emplace_back("command", argument);
  if (!request.container.empty()) query.emplace_back("container", request.container);
  query.emplace_back("stdout", "true");
  query.emplace_back("stderr", "true");
  const std::string path = "/api/v1/namespaces/" + request.ns + "/pods/" + request.pod + "/exec";
  bool refreshed = false;
  for (;;) {
    auto upgrade = client.prepareUpgrade(path, query);
    const std::string& url = upgrade.call.url;
    Poco::Net::HTTPRequest handshake(Poco::Net::HTTPRequest::HTTP_GET, upgrade.call.target,
                                     Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : upgrade.call.headers)
      handshake.add(name, value);
    handshake.set("Sec-WebSocket-Protocol", kExecSubprotocol);
    Poco::Net::HTTPResponse response;
    std::unique_ptr<WebSocket> socket;
    try {
      socket = std::make_unique<WebSocket>(*upgrade.session, handshake, response);
    } catch (const Poco::Net::WebSocketException& e) {
      const int status = static_cast<int>(response.getStatus());
      if (status == 401 && !refreshed && client.refreshAfterUnauthorized(upgrade.credential)) {
        refreshed = true;
        continue;
      }
      if (status == 101) {
        throw PodExecError("exec in " + podName(request) + " (GET " + url +
                               "): the WebSocket handshake failed: " + e.displayText(),
                           0, std::nullopt);
      }
      const ApiStatus answer = statusOfAnswer(status, refusalBody(*upgrade.session, response));
      throw PodExecError(
          "exec in " + podName(request) + ": GET " + url + " answered " + describe(answer), status,
          answer);
    } catch (const Poco::Exception& e) {
      const auto phase =
          upgrade.session->failedWhileConnecting() ? TryPhase::Connecting : TryPhase::Receiving;
      throw PodExecError("exec in " + podName(request) + ": " +
                             classifyConnectionFailure(e, phase, "GET", url).what(),
                         0, std::nullopt);
    }
    const std::string protocol = response.get("Sec-WebSocket-Protocol", "");
    if (protocol != kExecSubprotocol) {
      throw PodExecError("exec in " + podName(request) + " (GET " + url + "): the server chose " +
                             (protocol.empty() ? "no subprotocol" : "subprotocol " + protocol) +
                             ", not " + kExecSubprotocol +
                             ", which every Kubernetes since v1.4 speaks",
                         0, std::nullopt);
    }
    spdlog::debug("exec in {}: {}", podName(request), url);
    socket->setReceiveTimeout(timespan(request.idleTimeout));
    socket->setMaxPayloadSize(kMaxMessage);
    auto result = readChannels(*socket, request, url, onStdout);
    try {
      socket->shutdown();
      socket->close();
    } catch (const Poco::Exception&) {
      // The command's end is known; how the connection closes changes nothing.
    }
    return result;
  }
}

}  // namespace perfscale::kube
