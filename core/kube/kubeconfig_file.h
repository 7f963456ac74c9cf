// One kubeconfig file, parsed: named clusters, users and contexts as the file declares them,
// with relative paths already resolved against the file's directory and *-data decoded.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/kube/cluster_config.h"

namespace perfscale::kube {

// Where something was declared, for error messages: "file:line:col" (line 0 = unknown).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string str() const;
};

// Keeps the location of each field it saw, so errors can point at the offending line.
struct Declared {
  std::string yamlPath;                          // users["admin"].user; empty when synthetic
  SourceLocation location;                       // of the entry's name
  std::map<std::string, SourceLocation> fields;  // key -> where the key was written
  SourceLocation where(const std::string& field) const;
  // "file:line:col: users["admin"].user.token", or the flag ("--token") that set the field.
  std::string describe(const std::string& field) const;
};

struct KubeconfigCluster : Declared {
  std::string server;
  std::string certificateAuthority;      // absolute path
  std::string certificateAuthorityData;  // decoded (PEM expected)
  bool insecureSkipTlsVerify = false;
  std::string tlsServerName;
  std::string proxyUrl;
};

struct KubeconfigUser : Declared {
  std::string clientCertificate;      // absolute path
  std::string clientCertificateData;  // decoded
  std::string clientKey;              // absolute path
  std::string clientKeyData;          // decoded
  std::string token;
  std::string tokenFile;  // absolute path
  std::string username;
  std::string password;
  std::string as;
  std::vector<std::string> asGroups;
  std::optional<ExecConfig> exec;  // command already resolved when it holds a '/'
  std::string authProvider;        // name of a legacy auth-provider (unsupported)
};

struct KubeconfigContext : Declared {
  std::string cluster;
  std::string user;
  std::string ns;
};

// A kubeconfig, as one file declares it or as several files merge into.
struct Kubeconfig {
  std::map<std::string, KubeconfigCluster> clusters;
  std::map<std::string, KubeconfigUser> users;
  std::map<std::string, KubeconfigContext> contexts;
  std::string currentContext;
  SourceLocation currentContextLocation;
  std::optional<bool> colors;        // preferences.colors
  std::vector<std::string> sources;  // files it came from, in precedence order
};

// Parses kubeconfig YAML; `path` names the file in errors and anchors relative paths.
// Throws KubeconfigError on bad YAML, wrong types, duplicate names and bad base64.
Kubeconfig parseKubeconfig(const std::string& text, const std::string& path);

}  // namespace perfscale::kube
