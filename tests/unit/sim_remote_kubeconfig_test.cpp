// The kubeconfig reading of `perfscale-sim controller`.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <cstdio>
#include <fstream>
#include <string>

#include "tests/sim/remote_kubeconfig.h"

using perfscale::sim::isLoopbackHost;
using perfscale::sim::KubeconfigError;
using perfscale::sim::loadKubeconfig;
using perfscale::sim::parseKubeconfig;

namespace {

const std::string kCaPem = "-----BEGIN CERTIFICATE-----\nMIIBAA==\n-----END CERTIFICATE-----\n";

// A kubeconfig with two contexts; `clusterExtra` and `userExtra` are indented under
// cluster: and user:.
std::string kubeconfig(const std::string& server, const std::string& clusterExtra,
                       const std::string& userExtra, const std::string& current = "main") {
  return "apiVersion: v1\nkind: Config\ncurrent-context: " + current +
         "\n"
         "clusters:\n"
         "- name: c1\n"
         "  cluster:\n"
         "    server: " +
         server + "\n" + clusterExtra +
         "- name: c2\n"
         "  cluster:\n"
         "    server: https://127.0.0.2:7443/prefix/\n"
         "    insecure-skip-tls-verify: true\n"
         "contexts:\n"
         "- name: main\n"
         "  context: {cluster: c1, user: u1}\n"
         "- name: other\n"
         "  context: {cluster: c2, user: u2}\n"
         "users:\n"
         "- name: u1\n"
         "  user:\n" +
         userExtra +
         "- name: u2\n"
         "  user:\n"
         "    token: other-token\n";
}

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/sim-kubeconfig-XXXXXX";
    path_ = mkdtemp(pattern);
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(path_ + "/" + name) << content;
    return path_ + "/" + name;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

TEST_CASE("sim controller kubeconfig: current-context picks cluster, CA data and token") {
  // "-----BEGIN CERTIFICATE-----..." in base64.
  const auto cluster = parseKubeconfig(
      kubeconfig("https://127.0.0.1:6443",
                 "    certificate-authority-data: "
                 "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJBQT09Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0t"
                 "LS0K\n",
                 "    token: abc123\n"),
      "k", "/nowhere");
  CHECK(cluster.contextName == "main");
  CHECK(cluster.host == "127.0.0.1");
  CHECK(cluster.port == 6443);
  CHECK(cluster.pathPrefix.empty());
  CHECK(cluster.caPem == kCaPem);
  CHECK_FALSE(cluster.insecureSkipTlsVerify);
  CHECK(cluster.token == "abc123");
  CHECK(cluster.clientCertificatePem.empty());
}

TEST_CASE("sim controller kubeconfig: --context wins over current-context") {
  const auto cluster = parseKubeconfig(kubeconfig("https://127.0.0.1:6443", "", "    token: t\n"),
                                       "k", "/", "other");
  CHECK(cluster.contextName == "other");
  CHECK(cluster.host == "127.0.0.2");
  CHECK(cluster.port == 7443);
  CHECK(cluster.pathPrefix == "/prefix");
  CHECK(cluster.insecureSkipTlsVerify);
  CHECK(cluster.token == "other-token");
}

TEST_CASE("sim controller kubeconfig: files are read relative to the kubeconfig") {
  TempDir dir;
  dir.write("ca.crt", kCaPem);
  dir.write("token", "file-token\n");
  dir.write("client.crt", "CERT");
  dir.write("client.key", "KEY");
  const std::string path =
      dir.write("config", kubeconfig("https://[::1]:6443", "    certificate-authority: ca.crt\n",
                                     "    tokenFile: token\n"
                                     "    client-certificate: client.crt\n"
                                     "    client-key: " +
                                         dir.path() + "/client.key\n"));
  const auto cluster = loadKubeconfig(path);
  CHECK(cluster.host == "::1");
  CHECK(cluster.caPem == kCaPem);
  CHECK(cluster.token == "file-token");
  CHECK(cluster.clientCertificatePem == "CERT");
  CHECK(cluster.clientKeyPem == "KEY");
}

TEST_CASE("sim controller kubeconfig: a missing file is named with its field") {
  TempDir dir;
  const std::string path = dir.write(
      "config",
      kubeconfig("https://127.0.0.1:6443", "    certificate-authority: missing.crt\n", ""));
  CHECK_THROWS_WITH(loadKubeconfig(path),
                    Catch::Contains(path) &&
                        Catch::Contains("clusters[name=c1].cluster.certificate-authority") &&
                        Catch::Contains(dir.path() + "/missing.crt"));
  CHECK_THROWS_WITH(loadKubeconfig(dir.path() + "/absent"),
                    Catch::Contains(dir.path() + "/absent") && Catch::Contains("cannot read"));
}

TEST_CASE("sim controller kubeconfig: errors name the file and the field") {
  auto error = [](const std::string& text, const std::string& context = "") {
    try {
      parseKubeconfig(text, "/etc/k", "/etc", context);
    } catch (const KubeconfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(error(kubeconfig("https://127.0.0.1:1", "", ""), "nope"),
             Catch::Contains("kubeconfig /etc/k") && Catch::Contains("--context") &&
                 Catch::Contains("\"nope\""));
  CHECK_THAT(error(kubeconfig("https://127.0.0.1:1", "", "", "")),
             Catch::Contains("current-context") && Catch::Contains("--context"));
  CHECK_THAT(error(kubeconfig("http://127.0.0.1:1", "", "")),
             Catch::Contains("clusters[name=c1].cluster.server") && Catch::Contains("https://"));
  CHECK_THAT(error(kubeconfig("https://10.1.2.3:6443", "", "")),
             Catch::Contains("clusters[name=c1].cluster.server") && Catch::Contains("loopback"));
  CHECK_THAT(error(kubeconfig("https://example.com", "", "")), Catch::Contains("loopback"));
  CHECK_THAT(error(kubeconfig("https://127.0.0.1:1",
                              "    insecure-skip-tls-verify: true\n"
                              "    certificate-authority-data: " +
                                  std::string("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==\n"),
                              "")),
             Catch::Contains("insecure-skip-tls-verify") && Catch::Contains("choose one"));
  CHECK_THAT(
      error(kubeconfig("https://127.0.0.1:1", "    certificate-authority-data: '%%%'\n", "")),
      Catch::Contains("certificate-authority-data") && Catch::Contains("base64"));
  CHECK_THAT(error(kubeconfig("https://127.0.0.1:1", "",
                              "    exec: {command: get-token, apiVersion: "
                              "client.authentication.k8s.io/v1}\n")),
             Catch::Contains("users[name=u1].user.exec") && Catch::Contains("not supported"));
  CHECK_THAT(
      error(kubeconfig("https://127.0.0.1:1", "", "    client-certificate-data: Q0VSVA==\n")),
      Catch::Contains("users[name=u1].user.client-key") && Catch::Contains("missing"));
  CHECK_THAT(error("clusters: [\n"), Catch::Contains("/etc/k") && Catch::Contains("YAML"));
  CHECK_THAT(error("current-context: main\ncontexts:\n- name: main\n  context: {cluster: gone}\n"),
             Catch::Contains("contexts[name=main].context.cluster") && Catch::Contains("\"gone\""));
}

TEST_CASE("sim controller kubeconfig: loopback hosts") {
  CHECK(isLoopbackHost("127.0.0.1"));
  CHECK(isLoopbackHost("127.1.2.3"));
  CHECK(isLoopbackHost("::1"));
  CHECK(isLoopbackHost("localhost"));
  CHECK_FALSE(isLoopbackHost("128.0.0.1"));
  CHECK_FALSE(isLoopbackHost("10.0.0.1"));
  CHECK_FALSE(isLoopbackHost("::2"));
  CHECK_FALSE(isLoopbackHost("localhost.example.com"));
  CHECK_FALSE(isLoopbackHost(""));
}
