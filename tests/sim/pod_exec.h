// pods/exec as the API server and the kubelet serve it together: a GET upgraded to a WebSocket
// with the v4.channel.k8s.io (or v5) subprotocol, each message prefixed with its channel (1 stdout,
// 2 stderr, 3 the end as a Status). The sim plays the kubelet: the pod's "container" is this
// machine, and the command runs as a local process (no shell), so a test's pods stand for the
// processes it started itself. stdin and tty are not offered.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <string>
#include <variant>
#include <vector>

#include "tests/sim/api_status.h"

namespace perfscale::sim {

struct ExecPlan {
  // v5.channel.k8s.io when offered (kubectl's), else v4.channel.k8s.io: the same for a
  // command without stdin (v5 adds a channel to close stdin).
  std::string subprotocol;
  std::vector<std::string> command;
  bool stdoutWanted = false;
  bool stderrWanted = false;
};

// What to run, or the answer the API server gives instead of upgrading: 400 for a request
// without the upgrade, the subprotocol, a command or a valid container, or for a pod that
// has ended.
std::variant<ExecPlan, ApiResponse> planExec(const Poco::Net::HTTPServerRequest& request,
                                             const Poco::JSON::Object& pod);

// Upgrades the connection (101) and runs the command to its end, or until the client goes.
void serveExec(const ExecPlan& plan, Poco::Net::HTTPServerRequest& request,
               Poco::Net::HTTPServerResponse& response);

}  // namespace perfscale::sim
