// kubectl's connection flags on top of a kubeconfig, each with kubectl's meaning.
#include <catch2/catch.hpp>

#include "tests/unit/kube_kubeconfig_fixture.h"

using namespace std::chrono_literals;
using perfscale::kube::KubeconfigOverrides;
using perfscale::test::base64;
using perfscale::test::kCaPem;
using perfscale::test::kCertPem;
using perfscale::test::kKeyPem;
using perfscale::test::KubeconfigFixture;

namespace {

// Two contexts over two clusters and two users; "dev" is current.
const char* const kTwoContexts = R"(
current-context: dev
clusters:
- name: dev-cluster
  cluster:
    server: https://dev.example:6443
    tls-server-name: dev.internal
    insecure-skip-tls-verify: true
- name: prod-cluster
  cluster: {server: "https://prod.example:6443"}
users:
- name: dev-user
  user: {token: dev-token, as: dev-admin, as-groups: [dev-group]}
- name: prod-user
  user: {token: prod-token}
contexts:
- name: dev
  context: {cluster: dev-cluster, user: dev-user, namespace: dev-ns}
- name: prod
  context: {cluster: prod-cluster, user: prod-user}
)";

}  // namespace

TEST_CASE("kubeconfig flags: without flags the current context decides everything") {
  KubeconfigFixture fx;
  const auto config = fx.loadKubeconfig(kTwoContexts);

  CHECK(config.contextName == "dev");
  CHECK(config.clusterName == "dev-cluster");
  CHECK(config.userName == "dev-user");
  CHECK(config.server == "https://dev.example:6443");
  CHECK(config.tls.serverName == "dev.internal");
  CHECK(config.tls.insecureSkipVerify);
  CHECK(config.credentials.token == "dev-token");
  CHECK(config.credentials.impersonateUser == "dev-admin");
  CHECK(config.ns == "dev-ns");
  CHECK(config.requestTimeout == 0ms);
  CHECK_FALSE(config.inCluster);
}

TEST_CASE("kubeconfig flags: --context selects another context's cluster, user and namespace") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.context = "prod";
  const auto config = fx.loadKubeconfig(kTwoContexts, flags);

  CHECK(config.contextName == "prod");
  CHECK(config.server == "https://prod.example:6443");
  CHECK(config.credentials.token == "prod-token");
  CHECK(config.ns == "default");  // prod sets none
}

TEST_CASE("kubeconfig flags: --cluster and --user replace the context's choices") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.cluster = "prod-cluster";
  flags.user = "prod-user";
  const auto config = fx.loadKubeconfig(kTwoContexts, flags);

  CHECK(config.contextName == "dev");
  CHECK(config.clusterName == "prod-cluster");
  CHECK(config.server == "https://prod.example:6443");
  CHECK(config.userName == "prod-user");
  CHECK(config.credentials.token == "prod-token");
  CHECK(config.ns == "dev-ns");  // still the context's
}

TEST_CASE("kubeconfig flags: namespace is -n, else the context's, else default") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.ns = "from-flag";
  CHECK(fx.loadKubeconfig(kTwoContexts, flags).ns == "from-flag");
  CHECK(fx.loadKubeconfig(kTwoContexts).ns == "dev-ns");
  flags = {};
  flags.context = "prod";
  CHECK(fx.loadKubeconfig(kTwoContexts, flags).ns == "default");
}

TEST_CASE("kubeconfig flags: empty flag values count as absent, as in kubectl") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.context = "";
  flags.ns = "";
  flags.server = "";
  const auto config = fx.loadKubeconfig(kTwoContexts, flags);

  CHECK(config.contextName == "dev");
  CHECK(config.ns == "dev-ns");
  CHECK(config.server == "https://dev.example:6443");
}

TEST_CASE("kubeconfig flags: --server replaces the server and drops the file's tls-server-name") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.server = "https://elsewhere:443/prefix";
  const auto config = fx.loadKubeconfig(kTwoContexts, flags);

  CHECK(config.server == "https://elsewhere:443/prefix");
  CHECK(config.tls.serverName.empty());
  CHECK(config.credentials.token == "dev-token");  // the user stays
}

TEST_CASE("kubeconfig flags: --tls-server-name replaces the file's, also together with --server") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.tlsServerName = "api.internal";
  CHECK(fx.loadKubeconfig(kTwoContexts, flags).tls.serverName == "api.internal");
  flags.server = "https://10.0.0.1:6443";
  CHECK(fx.loadKubeconfig(kTwoContexts, flags).tls.serverName == "api.internal");
}

TEST_CASE("kubeconfig flags: --server alone works with no kubeconfig at all: no credentials") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.server = "https://10.1.2.3:6443";
  const auto config = fx.load(flags);

  CHECK(config.server == "https://10.1.2.3:6443");
  CHECK(config.contextName.empty());
  CHECK(config.clusterName.empty());
  CHECK(config.credentials.token.empty());
  CHECK_FALSE(config.credentials.exec.has_value());
  CHECK(config.tls.caPem.empty());
  CHECK(config.ns == "default");
  CHECK(config.sources.empty());
  CHECK_FALSE(config.inCluster);
}

TEST_CASE(
    "kubeconfig flags: --server stands in for a cluster the context names but nobody "
    "defines") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.server = "https://rescue:6443";
  const auto config = fx.loadKubeconfig(R"(
current-context: c
contexts:
- name: c
  context: {cluster: deleted, user: u}
users:
- name: u
  user: {token: t}
)",
                                        flags);

  CHECK(config.server == "https://rescue:6443");
  CHECK(config.credentials.token == "t");
}

TEST_CASE(
    "kubeconfig flags: --token replaces the user's token and exec plugin - a tokenFile stays "
    "but the token wins") {
  KubeconfigFixture fx;
  fx.write("token", "from-file");
  KubeconfigOverrides flags;
  flags.token = "from-flag";
  const auto config = fx.loadKubeconfig(
      perfscale::test::oneContextKubeconfig("    tokenFile: token\n"
                                            "    exec: {apiVersion: "
                                            "client.authentication.k8s.io/v1beta1, command: x}\n"),
      flags);

  CHECK(config.credentials.token == "from-flag");
  CHECK(config.credentials.tokenFile == fx.path("token"));
  CHECK_FALSE(config.credentials.exec.has_value());
}

TEST_CASE("kubeconfig flags: --token works when the context names a user nobody defines") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.token = "t";
  const auto config = fx.loadKubeconfig(R"(
current-context: c
clusters:
- name: c
  cluster: {server: "https://c:1"}
contexts:
- name: c
  context: {cluster: c, user: gone}
)",
                                        flags);

  CHECK(config.credentials.token == "t");
  CHECK(config.userName == "gone");
}

TEST_CASE(
    "kubeconfig flags: --certificate-authority replaces the file's CA data and its insecure "
    "setting") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.certificateAuthority = fx.write("flag-ca.crt", kCaPem);
  const auto config = fx.loadKubeconfig(
      perfscale::test::oneContextKubeconfig(
          "", "    certificate-authority-data: " + base64("-----BEGIN CERTIFICATE-----\nold\n") +
                  "\n    insecure-skip-tls-verify: false\n"),
      flags);
  CHECK(config.tls.caPem == kCaPem);

  // Against a cluster that skips verification, the CA turns verification back on.
  flags.context = "dev";
  const auto dev = fx.loadKubeconfig(kTwoContexts, flags);
  CHECK(dev.tls.caPem == kCaPem);
  CHECK_FALSE(dev.tls.insecureSkipVerify);
}

TEST_CASE(
    "kubeconfig flags: --insecure-skip-tls-verify drops the file's CA instead of "
    "colliding with it") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.insecureSkipTlsVerify = true;
  const auto config =
      fx.loadKubeconfig(perfscale::test::oneContextKubeconfig(
                            "", "    certificate-authority-data: " + base64(kCaPem) + "\n"),
                        flags);

  CHECK(config.tls.insecureSkipVerify);
  CHECK(config.tls.caPem.empty());
}

TEST_CASE("kubeconfig flags: --insecure-skip-tls-verify=false turns the file's setting off") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.insecureSkipTlsVerify = false;

  CHECK_FALSE(fx.loadKubeconfig(kTwoContexts, flags).tls.insecureSkipVerify);
}

TEST_CASE(
    "kubeconfig flags: --client-certificate and --client-key replace the file's, "
    "embedded or not") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.clientCertificate = fx.write("flag.crt", kCertPem);
  flags.clientKey = fx.write("flag.key", kKeyPem);
  const auto config = fx.loadKubeconfig(
      perfscale::test::oneContextKubeconfig(
          "    client-certificate-data: " + base64("-----BEGIN CERTIFICATE-----\nold\n") +
          "\n    client-key-data: " + base64("-----BEGIN PRIVATE KEY-----\nold\n") + "\n"),
      flags);

  CHECK(config.tls.clientCertificatePem == kCertPem);
  CHECK(config.tls.clientKeyPem == kKeyPem);
}

TEST_CASE(
    "kubeconfig flags: --client-certificate and --client-key authenticate a kubeconfig-less "
    "--server") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.server = "https://s:1";
  flags.clientCertificate = fx.write("c.crt", kCertPem);
  flags.clientKey = fx.write("c.key", kKeyPem);
  const auto config = fx.load(flags);

  CHECK(config.tls.clientCertificatePem == kCertPem);
  CHECK(config.tls.clientKeyPem == kKeyPem);
}

TEST_CASE("kubeconfig flags: --as and --as-group replace the user's impersonation") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.as = "jane";
  flags.asGroups = {"system:masters", "ops"};
  const auto config = fx.loadKubeconfig(kTwoContexts, flags);

  CHECK(config.credentials.impersonateUser == "jane");
  CHECK(config.credentials.impersonateGroups == std::vector<std::string>{"system:masters", "ops"});
  CHECK(config.credentials.token == "dev-token");

  flags.asGroups.clear();  // --as alone keeps the file's groups
  CHECK(fx.loadKubeconfig(kTwoContexts, flags).credentials.impersonateGroups ==
        std::vector<std::string>{"dev-group"});
}

TEST_CASE("kubeconfig flags: --request-timeout takes 0, whole seconds or a Go duration") {
  KubeconfigFixture fx;
  const auto timeout = [&](const std::string& text) {
    KubeconfigOverrides flags;
    flags.requestTimeout = text;
    return fx.loadKubeconfig(kTwoContexts, flags).requestTimeout;
  };
  CHECK(timeout("0") == 0ms);
  CHECK(timeout("30") == 30s);
  CHECK(timeout("5s") == 5s);
  CHECK(timeout("500ms") == 500ms);
  CHECK(timeout("1.5s") == 1500ms);
  CHECK(timeout("1m30s") == 90s);
  CHECK(timeout("2h") == 7200s);
  CHECK(timeout("0s") == 0ms);
  CHECK(timeout("250us") == 1ms);  // rounded up: a tiny timeout must not mean "none"
}

TEST_CASE("kubeconfig flags: a malformed --request-timeout names the value and the forms") {
  KubeconfigFixture fx;
  for (const char* text : {"abc", "5d", "-5s", "1.5", "s", "5s5", "99999999999"}) {
    KubeconfigOverrides flags;
    flags.requestTimeout = text;
    CHECK_THROWS_WITH(fx.loadKubeconfig(kTwoContexts, flags),
                      Catch::Contains("--request-timeout \"" + std::string(text) + "\"") &&
                          Catch::Contains("0 for no timeout"));
  }
}
