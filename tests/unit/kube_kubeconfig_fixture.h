// What the kubeconfig tests share: a scratch directory for kubeconfigs and the files they
// reference, a fake environment (nothing leaks in from the real one), and PEM stand-ins.
#pragma once

#include <Poco/Base64Encoder.h>

#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "core/kube/kubeconfig.h"
#include "tests/support/process.h"

namespace perfscale::test {

// The loader only checks for a PEM block; the TLS layer parses the content.
inline const std::string kCaPem = "-----BEGIN CERTIFICATE-----\nY2E=\n-----END CERTIFICATE-----\n";
inline const std::string kCertPem =
    "-----BEGIN CERTIFICATE-----\nY2VydA==\n-----END CERTIFICATE-----\n";
inline const std::string kKeyPem =
    "-----BEGIN EC PRIVATE KEY-----\na2V5\n-----END EC PRIVATE KEY-----\n";

inline std::string base64(const std::string& text) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << text;
  encoder.close();
  return out.str();
}

class KubeconfigFixture {
 public:
  // Writes `content` at `relative` under the scratch directory (creating directories) and
  // returns the absolute path.
  std::string write(const std::string& relative, const std::string& content) const {
    const std::string path = dir_.file(relative);
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    writeFile(path, content);
    return path;
  }
  std::string path(const std::string& relative) const { return dir_.file(relative); }

  void setenv(const std::string& name, const std::string& value) { variables_[name] = value; }

  // HOME is a scratch directory too, so ~/.kube/config exists only if a test writes it.
  kube::Environment env() const {
    kube::Environment env;
    auto variables = variables_;
    variables.emplace("HOME", dir_.file("home"));
    env.getenv = [variables](const std::string& name) -> std::optional<std::string> {
      const auto found = variables.find(name);
      if (found == variables.end()) return std::nullopt;
      return found->second;
    };
    env.serviceAccountDir = dir_.file("serviceaccount");
    return env;
  }

  kube::ClusterConfig load(const kube::KubeconfigOverrides& flags = {}) const {
    return kube::loadClusterConfig(flags, env());
  }

  // Writes `content` as the only kubeconfig and loads it with `flags`.
  kube::ClusterConfig loadKubeconfig(const std::string& content,
                                     kube::KubeconfigOverrides flags = {}) const {
    flags.kubeconfig = write("kubeconfig.yaml", content);
    return load(flags);
  }

 private:
  TempDir dir_;
  std::map<std::string, std::string> variables_;
};

// A kubeconfig with one context "main" -> cluster "main" (https://main.example:6443), user
// "main"; `user` and `cluster` are extra YAML lines (indented 4) for their entries.
inline std::string oneContextKubeconfig(const std::string& user, const std::string& cluster = "") {
  return "apiVersion: v1\nkind: Config\ncurrent-context: main\n"
         "clusters:\n- name: main\n  cluster:\n    server: https://main.example:6443\n" +
         cluster +
         "contexts:\n- name: main\n  context: {cluster: main, user: main}\n"
         "users:\n- name: main\n  user:\n" +
         user;
}

}  // namespace perfscale::test
