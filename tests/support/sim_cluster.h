// A perfscale-sim started for one test, and a small HTTPS client to talk to it directly.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPSClientSession.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/process.h"

namespace perfscale::test {

struct HttpAnswer {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  Poco::JSON::Object::Ptr json() const;  // throws when the body is not a JSON object
};

// A streaming GET (a watch); lines are read with a bound.
class HttpStream {
 public:
  HttpStream(std::unique_ptr<Poco::Net::HTTPSClientSession> session, int status,
             std::istream& body);
  int status() const { return status_; }
  // The next line, or nothing when the stream ended, failed or stayed quiet for `timeout`.
  std::optional<std::string> readLine(std::chrono::milliseconds timeout);

 private:
  std::unique_ptr<Poco::Net::HTTPSClientSession> session_;
  int status_;
  std::istream& body_;
};

class HttpsClient {
 public:
  // `authorization` is a whole header value ("Bearer X", "Basic Y"), or empty for none.
  HttpsClient(const std::string& url, const std::string& caPem, std::string authorization,
              const std::string& clientCertPem = "", const std::string& clientKeyPem = "");
  HttpAnswer request(const std::string& method, const std::string& pathAndQuery,
                     const std::string& body = "",
                     const std::string& contentType = "application/json");
  std::unique_ptr<HttpStream> stream(const std::string& pathAndQuery);

 private:
  std::unique_ptr<Poco::Net::HTTPSClientSession> newSession() const;
  std::string host_;
  uint16_t port_;
  std::string authorization_;
  Poco::Net::Context::Ptr context_;
  std::unique_ptr<Poco::Net::HTTPSClientSession> session_;  // keep-alive, reused
};

// The cluster a test runs against. By default a perfscale-sim of its own, started with
// `extraArgs`. With PERFSCALE_REAL_CLUSTER=DIR (a cluster started by tests/real/cluster.sh) it is
// that real kube-apiserver instead, with a `perfscale-sim controller` of its own moving the
// VMIs (started with the controller's share of `extraArgs`; a flag only the simulated server
// has fails the test, which then must not be tagged [real]). The test's VMIs and namespaces
// are deleted when it ends, so the next test finds the real cluster empty.
class SimCluster {
 public:
  explicit SimCluster(const std::vector<std::string>& extraArgs = {});
  ~SimCluster();
  SimCluster(const SimCluster&) = delete;
  SimCluster& operator=(const SimCluster&) = delete;
  // True when the tests run against a real API server (PERFSCALE_REAL_CLUSTER is set).
  static bool real();
  // A kubeconfig file and context for each kind of credential (Token, ClientCertificate,
  // Exec plugin); written on first use.
  enum class Credential { Token, ClientCertificate, Exec };
  std::pair<std::string, std::string> kubeconfigFor(Credential credential);
  // A kubeconfig (current context: namespace `ns`) for a user who may only touch VMIs in
  // `ns`: the sim's --namespace-user NS:TOKEN[:VERBS] (the namespace is created for it), or
  // a ServiceAccount with a namespaced Role that tests/real/cluster.sh made (team-a: every
  // verb on VMIs; team-b: all but deletecollection).
  std::string namespaceUserKubeconfig(const std::string& ns);
  const std::string& url() const { return url_; }
  std::string kubeconfig() const { return dir_.file("kubeconfig"); }
  const std::string& token() const { return token_; }
  const std::string& adminToken() const { return adminToken_; }
  const std::string& caPem() const { return caPem_; }
  const TempDir& dir() const { return dir_; }
  ChildProcess& process() { return *process_; }  // the sim, or the real tier's controller

  HttpsClient client() const;       // as the full-access user
  HttpsClient adminClient() const;  // for /sim/*
  HttpsClient clientWithAuthorization(const std::string& authorization) const;
  // The environment that points kubectl (or the plugin) at this cluster.
  std::map<std::string, std::string> kubeconfigEnvironment() const;

 private:
  void startSim(const std::vector<std::string>& extraArgs);
  void startRealController(const std::string& realDir, const std::vector<std::string>& extraArgs);
  void emptyRealCluster();

  TempDir dir_;
  std::string token_ = "test-token-0123456789";
  std::string adminToken_ = "test-admin-token-9876543210";
  std::unique_ptr<ChildProcess> process_;
  std::string url_;
  std::string caPem_;
  std::string adminUrl_;    // the controller's admin endpoint (real tier), else url_
  std::string adminCaPem_;  // its CA, else caPem_
  std::string realDir_;
  std::vector<std::string> extraArgs_;
};

// The path of a binary built alongside the tests.
std::string simBinary();

// Creates a VMI body the sim accepts, labelled `labels`.
std::string vmiJson(const std::string& name, const std::map<std::string, std::string>& labels = {},
                    int gracePeriodSeconds = 0);

}  // namespace perfscale::test
