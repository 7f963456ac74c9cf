// perfscale-sim's HTTPS front: TLS, authentication, routing, priority-and-fairness
// limits, fault injection, discovery documents and watch streams.
#pragma once

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "tests/sim/controller.h"
#include "tests/sim/faults.h"
#include "tests/sim/ground_truth.h"
#include "tests/sim/object_store.h"
#include "tests/sim/resources.h"
#include "tests/sim/tls.h"

namespace perfscale::sim {

struct ServerConfig {
  std::string listenHost = "127.0.0.1";
  uint16_t listenPort = 0;
  std::string token;          // full access
  std::string readOnlyToken;  // may read, gets 403 on writes; empty = none
  std::string basicUser;      // "user:password"; empty = none
  std::string adminToken;     // for /sim/*
  size_t maxMutatingInflight = 200;
  size_t maxReadOnlyInflight = 400;
  int overloadRetryAfterSeconds = 1;
  std::chrono::seconds bookmarkInterval{5};
  size_t watchHistory = 200000;
  int maxThreads = 1024;
  bool fractionalTimestamps = false;
};

class Server {
 public:
  Server(ServerConfig config, const CertificateAuthority& ca, const PemPair& serving,
         ControllerConfig controller, FaultSettings faults);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Starts listening and serving; returns the URL clients use.
  std::string start();
  void stop();

  // One request, from the HTTP layer; public so the handler can reach it.
  void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

 private:
  struct Identity;
  void streamWatch(const WatchPlan& plan, Poco::Net::HTTPServerRequest& request,
                   Poco::Net::HTTPServerResponse& response);
  ApiResponse discovery(const std::string& path) const;
  ApiResponse admin(const std::string& method, const std::string& path, const std::string& body);

  ServerConfig config_;
  const CertificateAuthority& ca_;
  PemPair serving_;
  ObjectStore store_;
  GroundTruth truth_;
  Faults faults_;
  Controller controller_;
  Resources resources_;
  std::atomic<size_t> mutatingInflight_{0};
  std::atomic<size_t> readOnlyInflight_{0};
  std::string url_;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> http_;
};

}  // namespace perfscale::sim
