// Where and how to reach the API server, fully resolved from kubeconfig files, flags
// and the environment. Loading it is kubeconfig.h's job; using it is the transport's.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace perfscale::kube {

struct TlsConfig {
  std::string caPem;                 // one or more PEM certificates; empty = the system's CAs
  bool insecureSkipVerify = false;   // never together with caPem
  std::string serverName;            // tls-server-name: SNI and the name to verify
  std::string clientCertificatePem;  // certificate (and chain), from file or -data
  std::string clientKeyPem;          // RSA or EC key
};

// A client.authentication.k8s.io exec credential plugin, as the kubeconfig declares it.
struct ExecConfig {
  std::string apiVersion;  // client.authentication.k8s.io/v1 or /v1beta1
  std::string command;     // resolved relative to the kubeconfig's directory when it has a '/'
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string installHint;
  bool provideClusterInfo = false;
  std::string interactiveMode = "IfAvailable";  // Never, IfAvailable, Always
  std::string origin;  // the kubeconfig file that declared it, for error messages
};

struct Credentials {
  std::string token;      // static bearer token (wins over tokenFile)
  std::string tokenFile;  // re-read periodically and after a 401
  std::string username;   // basic auth
  std::string password;
  std::optional<ExecConfig> exec;
  std::string impersonateUser;                 // --as
  std::vector<std::string> impersonateGroups;  // --as-group
};

struct ClusterConfig {
  std::string server;       // https://host:port, maybe with a path prefix
  std::string contextName;  // empty for in-cluster or --server without a context
  std::string clusterName;
  std::string userName;        // the kubeconfig's user entry name (never a secret)
  std::string ns = "default";  // -n, else the context's, else default
  TlsConfig tls;
  Credentials credentials;
  std::string proxyUrl;                         // cluster proxy-url (http:// or https:// CONNECT)
  std::chrono::milliseconds requestTimeout{0};  // --request-timeout; 0 = none
  bool inCluster = false;
  std::vector<std::string> sources;  // the files it was merged from, in order
};

}  // namespace perfscale::kube
