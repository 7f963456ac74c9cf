// perfscale-sim's HTTPS front: TLS, authentication, routing, priority-and-fairness
// limits, fault injection, discovery documents, watch streams, and /metrics (the KubeVirt and
// kube-apiserver families of cluster_metrics.h, for full-access users only).
#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/sim/cluster_metrics.h"
#include "tests/sim/controller.h"
#include "tests/sim/faults.h"
#include "tests/sim/ground_truth.h"
#include "tests/sim/listener.h"
#include "tests/sim/object_store.h"
#include "tests/sim/pods.h"
#include "tests/sim/resources.h"
#include "tests/sim/tls.h"

namespace perfscale::sim {

// A user confined to VMIs in one namespace, as a ServiceAccount with a namespaced Role is:
// `verbs` there (create, get, list, watch, delete, deletecollection by default), 403 on
// everything else, discovery aside.
struct NamespaceUser {
  std::string ns;
  std::string token;
  std::set<std::string> verbs;
  std::string name() const { return "system:serviceaccount:" + ns + ":runner"; }
  // NS:TOKEN or NS:TOKEN:VERB+VERB+... (a comma would split the flag's values)
  static NamespaceUser parse(const std::string& text);
};

struct ServerConfig {
  std::string listenHost = "127.0.0.1";
  uint16_t listenPort = 0;
  std::string token;          // full access
  std::string readOnlyToken;  // may read, gets 403 on writes; empty = none
  std::string basicUser;      // "user:password"; empty = none
  std::vector<NamespaceUser> namespaceUsers;
  std::string adminToken;  // for /sim/*
  size_t maxMutatingInflight = 200;
  size_t maxReadOnlyInflight = 400;
  int overloadRetryAfterSeconds = 1;
  std::chrono::seconds bookmarkInterval{5};
  size_t watchHistory = 200000;
  int maxThreads = 1024;
  bool fractionalTimestamps = false;
  // A cluster without KubeVirt: kubevirt.io is absent from discovery and its paths are 404.
  bool withoutKubevirt = false;
  // A server that does not serve pods/exec (404, as for any path it does not know).
  bool withoutExec = false;
  std::optional<OutageSpec> outage;  // scheduled at start, `after` counted from then
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

  // Schedules an outage `spec.after` from now, replacing one not yet started; one under way
  // runs to its end first.
  void scheduleOutage(const OutageSpec& spec);

 private:
  struct Identity;
  struct PlannedOutage {
    OutageSpec spec;
    std::chrono::steady_clock::time_point startAt;
    std::chrono::steady_clock::time_point endAt;  // set when it starts
  };
  struct Served;
  // Pods and pods/exec, from the path's segments; false when the path is none of theirs.
  bool handlePods(const std::vector<std::string>& segments, const Identity& identity,
                  const std::string& body, const Query& query, Served& served,
                  Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
  ApiResponse metricsAnswer(const std::string& method, const Identity& identity) const;
  void streamWatch(const WatchPlan& plan, uint64_t epoch, Poco::Net::HTTPServerRequest& request,
                   Poco::Net::HTTPServerResponse& response);
  ApiResponse discovery(const std::string& path) const;
  // `toSchedule` gets an outage the caller schedules once the answer is sent.
  ApiResponse admin(const std::string& method, const std::string& path, const std::string& body,
                    std::optional<OutageSpec>& toSchedule);
  void dropConnection(Poco::Net::HTTPServerRequest& request,
                      Poco::Net::HTTPServerResponse& response);
  // The number of connection cuts so far (refuse and restart outages).
  uint64_t cutEpoch() const;
  // Waits while a freeze lasts; false when the connection was cut meanwhile (epoch moved on)
  // or the server stops: then the request is dropped.
  bool holdWhileFrozen(uint64_t epoch);
  void runOutages();
  void reopenListener();
  // Ends an active outage now (freeze: the held requests are answered) and forgets a
  // scheduled one.
  void cancelOutages();
  std::string outageJson() const;

  ServerConfig config_;
  const CertificateAuthority& ca_;
  PemPair serving_;
  KubevirtMetrics kubevirtMetrics_;
  ApiserverMetrics apiserverMetrics_;
  ObjectStore store_;
  GroundTruth truth_;
  Faults faults_;
  Controller controller_;
  Resources resources_;
  Pods pods_{store_};
  std::atomic<size_t> mutatingInflight_{0};
  std::atomic<size_t> readOnlyInflight_{0};
  std::string url_;
  std::atomic<uint16_t> port_{0};     // the bound port, once start() knows it
  Poco::Net::SocketAddress address_;  // bound at start; reopened on the same port
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Listener> listener_;

  mutable std::mutex outageMutex_;
  std::condition_variable outageChanged_;
  std::optional<PlannedOutage> nextOutage_;    // scheduled, not started
  std::optional<PlannedOutage> activeOutage_;  // under way
  bool endOutageEarly_ = false;
  // Written under outageMutex_ (waiters use outageChanged_), read without it on the fast path.
  std::atomic<bool> frozen_{false};
  std::atomic<uint64_t> cutEpoch_{0};
  bool stopping_ = false;
  uint64_t outagesStarted_ = 0;
  uint64_t outagesEnded_ = 0;
  std::thread outageThread_;
};

}  // namespace perfscale::sim
