// Users and clusters: every kind of credential and TLS setting a kubeconfig can hold.
#include <catch2/catch.hpp>

#include "tests/unit/kube_kubeconfig_fixture.h"

using perfscale::kube::KubeconfigOverrides;
using perfscale::test::base64;
using perfscale::test::kCaPem;
using perfscale::test::kCertPem;
using perfscale::test::kKeyPem;
using perfscale::test::KubeconfigFixture;
using perfscale::test::oneContextKubeconfig;

TEST_CASE("kubeconfig credentials: a static token") {
  KubeconfigFixture fx;
  const auto config = fx.loadKubeconfig(oneContextKubeconfig("    token: abc.def\n"));

  CHECK(config.credentials.token == "abc.def");
  CHECK(config.credentials.tokenFile.empty());
}

TEST_CASE("kubeconfig credentials: a tokenFile is passed on for re-reading, not read into token") {
  KubeconfigFixture fx;
  fx.write("sa-token", "rotating");
  const auto config = fx.loadKubeconfig(oneContextKubeconfig("    tokenFile: sa-token\n"));

  CHECK(config.credentials.token.empty());
  CHECK(config.credentials.tokenFile == fx.path("sa-token"));
}

TEST_CASE("kubeconfig credentials: token and tokenFile together are fine - the token wins") {
  KubeconfigFixture fx;
  // The file need not exist: kubectl does not read it when a token is given.
  const auto config =
      fx.loadKubeconfig(oneContextKubeconfig("    token: t\n    tokenFile: not-there\n"));

  CHECK(config.credentials.token == "t");
  CHECK(config.credentials.tokenFile == fx.path("not-there"));
}

TEST_CASE("kubeconfig credentials: client certificate and key files are read as PEM") {
  KubeconfigFixture fx;
  fx.write("u.crt", kCertPem);
  fx.write("u.key", kKeyPem);
  const auto config = fx.loadKubeconfig(
      oneContextKubeconfig("    client-certificate: u.crt\n    client-key: u.key\n"));

  CHECK(config.tls.clientCertificatePem == kCertPem);
  CHECK(config.tls.clientKeyPem == kKeyPem);
}

TEST_CASE("kubeconfig credentials: client certificate and key -data are base64 of PEM") {
  KubeconfigFixture fx;
  const auto config =
      fx.loadKubeconfig(oneContextKubeconfig("    client-certificate-data: " + base64(kCertPem) +
                                             "\n    client-key-data: " + base64(kKeyPem) + "\n"));

  CHECK(config.tls.clientCertificatePem == kCertPem);
  CHECK(config.tls.clientKeyPem == kKeyPem);
}

TEST_CASE(
    "kubeconfig credentials: a client certificate and a token together are allowed, as in "
    "kubectl") {
  KubeconfigFixture fx;
  const auto config = fx.loadKubeconfig(
      oneContextKubeconfig("    token: t\n    client-certificate-data: " + base64(kCertPem) +
                           "\n    client-key-data: " + base64(kKeyPem) + "\n"));

  CHECK(config.credentials.token == "t");
  CHECK(config.tls.clientCertificatePem == kCertPem);
}

TEST_CASE("kubeconfig credentials: username and password") {
  KubeconfigFixture fx;
  const auto config =
      fx.loadKubeconfig(oneContextKubeconfig("    username: admin\n    password: \"s3cr:t\"\n"));

  CHECK(config.credentials.username == "admin");
  CHECK(config.credentials.password == "s3cr:t");
}

TEST_CASE(
    "kubeconfig credentials: a v1beta1 exec plugin is parsed whole - interactiveMode "
    "defaults to IfAvailable") {
  KubeconfigFixture fx;
  const auto path = fx.write("kubeconfig.yaml", oneContextKubeconfig(R"(    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [eks, get-token, --cluster-name, prod]
      env:
      - name: AWS_PROFILE
        value: perf
      - name: EMPTY
      installHint: install the aws CLI
      provideClusterInfo: true
)"));
  KubeconfigOverrides flags;
  flags.kubeconfig = path;
  const auto config = fx.load(flags);

  REQUIRE(config.credentials.exec.has_value());
  const auto& exec = *config.credentials.exec;
  CHECK(exec.apiVersion == "client.authentication.k8s.io/v1beta1");
  CHECK(exec.command == "aws");
  CHECK(exec.args == std::vector<std::string>{"eks", "get-token", "--cluster-name", "prod"});
  CHECK(exec.env ==
        std::vector<std::pair<std::string, std::string>>{{"AWS_PROFILE", "perf"}, {"EMPTY", ""}});
  CHECK(exec.installHint == "install the aws CLI");
  CHECK(exec.provideClusterInfo);
  CHECK(exec.interactiveMode == "IfAvailable");
  CHECK(exec.origin == path);
  CHECK(config.credentials.token.empty());
}

TEST_CASE("kubeconfig credentials: a v1 exec plugin states its interactiveMode") {
  KubeconfigFixture fx;
  const auto config = fx.loadKubeconfig(oneContextKubeconfig(R"(    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: kubelogin
      interactiveMode: Never
)"));

  REQUIRE(config.credentials.exec.has_value());
  CHECK(config.credentials.exec->interactiveMode == "Never");
  CHECK_FALSE(config.credentials.exec->provideClusterInfo);
  CHECK(config.credentials.exec->args.empty());
}

TEST_CASE(
    "kubeconfig credentials: an exec plugin steps aside for a token, basic auth or a client "
    "certificate, as client-go's exec authenticator does") {
  KubeconfigFixture fx;
  const std::string exec =
      "    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: plugin}\n";
  CHECK_FALSE(fx.loadKubeconfig(oneContextKubeconfig(exec + "    token: t\n"))
                  .credentials.exec.has_value());
  CHECK_FALSE(fx.loadKubeconfig(oneContextKubeconfig(exec + "    username: u\n"))
                  .credentials.exec.has_value());
  CHECK_FALSE(fx.loadKubeconfig(
                    oneContextKubeconfig(exec + "    client-certificate-data: " + base64(kCertPem) +
                                         "\n    client-key-data: " + base64(kKeyPem) + "\n"))
                  .credentials.exec.has_value());
}

TEST_CASE("kubeconfig credentials: impersonation from the kubeconfig's as and as-groups") {
  KubeconfigFixture fx;
  const auto config =
      fx.loadKubeconfig(oneContextKubeconfig("    token: t\n    as: bob\n    as-groups: [a, b]\n"));

  CHECK(config.credentials.impersonateUser == "bob");
  CHECK(config.credentials.impersonateGroups == std::vector<std::string>{"a", "b"});
}

TEST_CASE("kubeconfig credentials: a context without a user is anonymous") {
  KubeconfigFixture fx;
  const auto config = fx.loadKubeconfig(R"(
current-context: c
clusters:
- name: c
  cluster: {server: "https://c:1"}
contexts:
- name: c
  context: {cluster: c}
)");

  CHECK(config.userName.empty());
  CHECK(config.credentials.token.empty());
  CHECK_FALSE(config.credentials.exec.has_value());
}

TEST_CASE("kubeconfig TLS: the CA comes from certificate-authority or certificate-authority-data") {
  KubeconfigFixture fx;
  fx.write("ca.crt", kCaPem);
  CHECK(fx.loadKubeconfig(oneContextKubeconfig("", "    certificate-authority: ca.crt\n"))
            .tls.caPem == kCaPem);
  CHECK(fx.loadKubeconfig(
              oneContextKubeconfig("", "    certificate-authority-data: " + base64(kCaPem) + "\n"))
            .tls.caPem == kCaPem);
  CHECK(fx.loadKubeconfig(oneContextKubeconfig("")).tls.caPem.empty());  // the system's CAs
}

TEST_CASE("kubeconfig TLS: insecure-skip-tls-verify alone, tls-server-name and proxy-url") {
  KubeconfigFixture fx;
  const auto config =
      fx.loadKubeconfig(oneContextKubeconfig("",
                                             "    insecure-skip-tls-verify: true\n"
                                             "    tls-server-name: kubernetes.default\n"
                                             "    proxy-url: http://proxy.corp:3128\n"));

  CHECK(config.tls.insecureSkipVerify);
  CHECK(config.tls.serverName == "kubernetes.default");
  CHECK(config.proxyUrl == "http://proxy.corp:3128");
}

TEST_CASE("kubeconfig TLS: unknown fields and extensions are ignored, as in kubectl") {
  KubeconfigFixture fx;
  const auto config = fx.loadKubeconfig(oneContextKubeconfig(
      "    token: t\n    as-user-extra: {reason: [test]}\n",
      "    disable-compression: true\n    extensions:\n    - name: x\n      extension: {a: 1}\n"));

  CHECK(config.server == "https://main.example:6443");
  CHECK(config.credentials.token == "t");
}

TEST_CASE(
    "kubeconfig TLS: a plain http:// server gets no credentials and no TLS settings, as "
    "in kubectl") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.server = "http://127.0.0.1:8080";
  flags.as = "jane";
  const auto config = fx.loadKubeconfig(oneContextKubeconfig("    token: secret\n"), flags);

  CHECK(config.server == "http://127.0.0.1:8080");
  CHECK(config.credentials.token.empty());
  CHECK(config.credentials.impersonateUser == "jane");
}
