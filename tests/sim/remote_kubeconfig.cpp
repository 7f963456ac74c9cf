// Kubeconfig reading for `perfscale-sim controller` (see remote_kubeconfig.h).
#include "tests/sim/remote_kubeconfig.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Exception.h>
#include <Poco/URI.h>
#include <arpa/inet.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace perfscale::sim {

namespace {

class Reader {
 public:
  Reader(std::string displayName, std::string baseDirectory)
      : displayName_(std::move(displayName)), baseDirectory_(std::move(baseDirectory)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
    throw KubeconfigError("kubeconfig " + displayName_ + ": " + field + ": " + problem);
  }

  // The entry of list `section` (contexts, clusters, users) named `name`, or a failure.
  YAML::Node named(const YAML::Node& root, const std::string& section, const std::string& name,
                   const std::string& referencedBy) const {
    const YAML::Node list = root[section];
    if (list && !list.IsSequence()) fail(section, "expected a list");
    if (list) {
      for (const auto& entry : list) {
        if (entry.IsMap() && entry["name"] && entry["name"].IsScalar() &&
            entry["name"].as<std::string>() == name)
          return entry;
      }
    }
    fail(referencedBy, "no entry named \"" + name + "\" in " + section);
  }

  std::string string(const YAML::Node& parent, const std::string& key,
                     const std::string& field) const {
    const YAML::Node node = parent[key];
    if (!node || node.IsNull()) return "";
    if (!node.IsScalar()) fail(field, "expected a string");
    return node.as<std::string>();
  }

  bool boolean(const YAML::Node& parent, const std::string& key, const std::string& field) const {
    const YAML::Node node = parent[key];
    if (!node || node.IsNull()) return false;
    try {
      return node.as<bool>();
    } catch (const YAML::Exception&) {
      fail(field, "expected true or false");
    }
  }

  std::string path(const std::string& file) const {
    if (file.empty() || file.front() == '/' || baseDirectory_.empty()) return file;
    return baseDirectory_ + "/" + file;
  }

  std::string readFile(const std::string& file, const std::string& field) const {
    const std::string resolved = path(file);
    std::ifstream in(resolved, std::ios::binary);
    if (!in) fail(field, "cannot read " + resolved);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
  }

  std::string base64(const std::string& text, const std::string& field) const {
    std::string compact;
    for (char c : text) {
      if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
    }
    for (char c : compact) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/' && c != '=')
        fail(field, "not base64");
    }
    try {
      std::istringstream in(compact);
      Poco::Base64Decoder decoder(in);
      std::string out((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
      if (out.empty() && !compact.empty()) fail(field, "not base64");
      return out;
    } catch (const Poco::Exception& e) {
      fail(field, "not base64: " + e.displayText());
    }
  }

  // Inline data (base64) wins over a file, as in kubectl.
  std::string fileOrData(const YAML::Node& parent, const std::string& fileKey,
                         const std::string& prefix) const {
    const std::string data = string(parent, fileKey + "-data", prefix + fileKey + "-data");
    if (!data.empty()) return base64(data, prefix + fileKey + "-data");
    const std::string file = string(parent, fileKey, prefix + fileKey);
    if (!file.empty()) return readFile(file, prefix + fileKey);
    return "";
  }

 private:
  std::string displayName_;
  std::string baseDirectory_;
};

std::string directoryOf(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

bool isLoopbackHost(const std::string& host) {
  if (host == "localhost" || host == "localhost.") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1)
    return (ntohl(v4.s_addr) >> 24) == 127;  // 127.0.0.0/8
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

RemoteCluster parseKubeconfig(const std::string& text, const std::string& displayName,
                              const std::string& baseDirectory, const std::string& context) {
  const Reader reader(displayName, baseDirectory);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw KubeconfigError("kubeconfig " + displayName + ": not YAML: " + e.what());
  }
  if (!root.IsMap()) throw KubeconfigError("kubeconfig " + displayName + ": expected a mapping");

  RemoteCluster out;
  out.contextName = context;
  if (out.contextName.empty()) {
    out.contextName = reader.string(root, "current-context", "current-context");
    if (out.contextName.empty())
      reader.fail("current-context", "not set (pass --context NAME to choose one)");
  }
  const std::string contextField = "contexts[name=" + out.contextName + "]";
  const YAML::Node contextEntry = reader.named(root, "contexts", out.contextName,
                                               context.empty() ? "current-context" : "--context");
  const YAML::Node contextBody = contextEntry["context"];
  if (!contextBody || !contextBody.IsMap()) reader.fail(contextField + ".context", "missing");
  const std::string clusterName =
      reader.string(contextBody, "cluster", contextField + ".context.cluster");
  if (clusterName.empty()) reader.fail(contextField + ".context.cluster", "missing");
  const std::string userName = reader.string(contextBody, "user", contextField + ".context.user");

  // The cluster.
  const std::string clusterField = "clusters[name=" + clusterName + "].cluster.";
  const YAML::Node clusterEntry =
      reader.named(root, "clusters", clusterName, contextField + ".context.cluster");
  const YAML::Node cluster = clusterEntry["cluster"];
  if (!cluster || !cluster.IsMap())
    reader.fail("clusters[name=" + clusterName + "].cluster", "missing");
  out.server = reader.string(cluster, "server", clusterField + "server");
  if (out.server.empty()) reader.fail(clusterField + "server", "missing");
  Poco::URI uri;
  try {
    uri = Poco::URI(out.server);
  } catch (const Poco::Exception& e) {
    reader.fail(clusterField + "server", "\"" + out.server + "\" is not a URL: " + e.message());
  }
  if (uri.getScheme() != "https")
    reader.fail(clusterField + "server",
                "\"" + out.server + "\": perfscale-sim controller needs an https:// server");
  out.host = uri.getHost();
  if (out.host.empty()) reader.fail(clusterField + "server", "\"" + out.server + "\" has no host");
  if (out.host.size() > 2 && out.host.front() == '[' && out.host.back() == ']')
    out.host = out.host.substr(1, out.host.size() - 2);
  if (!isLoopbackHost(out.host))
    reader.fail(clusterField + "server",
                "\"" + out.server +
                    "\" is not a loopback address: perfscale-sim controller is a test tool and "
                    "only talks to API servers on 127.0.0.0/8, ::1 or localhost");
  out.port = uri.getPort() == 0 ? 443 : uri.getPort();
  out.pathPrefix = uri.getPath();
  while (!out.pathPrefix.empty() && out.pathPrefix.back() == '/')
    out.pathPrefix.pop_back();
  out.insecureSkipTlsVerify = reader.boolean(cluster, "insecure-skip-tls-verify",
                                             clusterField + "insecure-skip-tls-verify");
  out.caPem = reader.fileOrData(cluster, "certificate-authority", clusterField);
  if (out.insecureSkipTlsVerify && !out.caPem.empty())
    reader.fail(clusterField + "insecure-skip-tls-verify",
                "set together with a certificate authority; choose one");
  if (!out.caPem.empty() && out.caPem.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
    reader.fail(clusterField + "certificate-authority", "no PEM certificate in it");

  // The user (none: anonymous).
  if (userName.empty()) return out;
  const std::string userField = "users[name=" + userName + "].user.";
  const YAML::Node userEntry =
      reader.named(root, "users", userName, contextField + ".context.user");
  const YAML::Node user = userEntry["user"];
  if (!user || user.IsNull()) return out;
  if (!user.IsMap()) reader.fail("users[name=" + userName + "].user", "expected a mapping");
  for (const char* unsupported : {"exec", "auth-provider", "username", "password"}) {
    if (user[unsupported])
      reader.fail(userField + unsupported,
                  "not supported by perfscale-sim controller (use a token or a client "
                  "certificate)");
  }
  out.token = reader.string(user, "token", userField + "token");
  if (out.token.empty()) {
    const std::string tokenFile = reader.string(user, "tokenFile", userField + "tokenFile");
    if (!tokenFile.empty()) {
      out.token = reader.readFile(tokenFile, userField + "tokenFile");
      while (!out.token.empty() && std::isspace(static_cast<unsigned char>(out.token.back())))
        out.token.pop_back();
      if (out.token.empty()) reader.fail(userField + "tokenFile", "the file is empty");
    }
  }
  out.clientCertificatePem = reader.fileOrData(user, "client-certificate", userField);
  out.clientKeyPem = reader.fileOrData(user, "client-key", userField);
  if (out.clientCertificatePem.empty() != out.clientKeyPem.empty())
    reader.fail(userField + (out.clientKeyPem.empty() ? "client-key" : "client-certificate"),
                "missing: a client certificate needs both the certificate and its key");
  return out;
}

RemoteCluster loadKubeconfig(const std::string& path, const std::string& context) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw KubeconfigError("kubeconfig " + path + ": cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return parseKubeconfig(text.str(), path, directoryOf(path), context);
}

}  // namespace perfscale::sim
