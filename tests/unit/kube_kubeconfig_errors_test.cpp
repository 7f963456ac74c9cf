// Every configuration mistake gets one message naming the file (and line), the field, what was
// wrong and what to do.
#include <catch2/catch.hpp>

#include "tests/unit/kube_kubeconfig_fixture.h"

using Catch::Contains;
using perfscale::kube::KubeconfigError;
using perfscale::kube::KubeconfigOverrides;
using perfscale::test::base64;
using perfscale::test::kCaPem;
using perfscale::test::kCertPem;
using perfscale::test::kKeyPem;
using perfscale::test::KubeconfigFixture;
using perfscale::test::oneContextKubeconfig;

namespace {

const char* const kExecHead =
    "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: plugin\n";

}  // namespace

TEST_CASE("kubeconfig errors: a missing --kubeconfig file") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.kubeconfig = fx.path("nope.yaml");

  CHECK_THROWS_AS(fx.load(flags), KubeconfigError);
  CHECK_THROWS_WITH(fx.load(flags), Contains("--kubeconfig " + fx.path("nope.yaml")) &&
                                        Contains("no such file") && Contains("check the path"));
}

TEST_CASE("kubeconfig errors: bad YAML names file:line:col") {
  KubeconfigFixture fx;
  const std::string text = "current-context: a\nclusters:\n- name: a\n  cluster: {server: x\n";
  CHECK_THROWS_WITH(fx.loadKubeconfig(text),
                    Contains(fx.path("kubeconfig.yaml") + ":5:") && Contains("not valid YAML"));
  CHECK_THROWS_WITH(fx.loadKubeconfig("a: b\n  c: d\n"),
                    Contains(fx.path("kubeconfig.yaml") + ":2:") && Contains("not valid YAML"));
}

TEST_CASE("kubeconfig errors: a field of the wrong type names the line, field and what was found") {
  KubeconfigFixture fx;
  CHECK_THROWS_WITH(fx.loadKubeconfig("current-context: a\nclusters:\n  a: {server: x}\n"),
                    Contains("kubeconfig.yaml:3:3: clusters must be a list of {name, cluster}; "
                             "found a map"));
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig("", "    insecure-skip-tls-verify: maybe\n")),
      Contains("kubeconfig.yaml:8:31: clusters[\"main\"].cluster.insecure-skip-tls-verify must be "
               "true or false; found \"maybe\""));
  CHECK_THROWS_WITH(fx.loadKubeconfig(oneContextKubeconfig("    token: [a, b]\n")),
                    Contains("users[\"main\"].user.token must be a string; found a list"));
  CHECK_THROWS_WITH(fx.loadKubeconfig("[1, 2]\n"), Contains("must be a kubeconfig"));
}

TEST_CASE("kubeconfig errors: an entry without a name, or a name declared twice in one file") {
  KubeconfigFixture fx;
  CHECK_THROWS_WITH(fx.loadKubeconfig("users:\n- user: {token: t}\n"),
                    Contains("kubeconfig.yaml:2:3: users[0] has no name"));
  CHECK_THROWS_WITH(
      fx.loadKubeconfig("users:\n- name: u\n  user: {token: a}\n- name: u\n  user: {token: b}\n"),
      Contains("kubeconfig.yaml:4:9: users[\"u\"] is declared twice in this file (first at line "
               "2)"));
}

TEST_CASE("kubeconfig errors: an unknown --context lists the defined ones") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.context = "staging";
  CHECK_THROWS_WITH(fx.loadKubeconfig(oneContextKubeconfig(""), flags),
                    Contains("context \"staging\" (from --context) is not defined in " +
                             fx.path("kubeconfig.yaml")) &&
                        Contains("defined contexts: main"));
}

TEST_CASE("kubeconfig errors: a current-context naming no context points at the line") {
  KubeconfigFixture fx;
  CHECK_THROWS_WITH(
      fx.loadKubeconfig("current-context: ghost\ncontexts: []\n"),
      Contains("kubeconfig.yaml:1:1: current-context \"ghost\" names a context that is not "
               "defined") &&
          Contains("defined contexts: none") && Contains("kubectl config use-context"));
}

TEST_CASE("kubeconfig errors: an unknown --cluster or --user") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.cluster = "nope";
  CHECK_THROWS_WITH(fx.loadKubeconfig(oneContextKubeconfig(""), flags),
                    Contains("cluster \"nope\" (from --cluster) is not defined") &&
                        Contains("defined clusters: main"));
  flags = {};
  flags.user = "nobody";
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig(""), flags),
      Contains("user \"nobody\" (from --user) is not defined") && Contains("defined users: main"));
}

TEST_CASE("kubeconfig errors: a context naming a cluster or user nobody defines") {
  KubeconfigFixture fx;
  const std::string clusterless = R"(current-context: c
contexts:
- name: c
  context: {cluster: gone, user: u}
users:
- name: u
  user: {token: t}
)";
  CHECK_THROWS_WITH(fx.loadKubeconfig(clusterless),
                    Contains("kubeconfig.yaml:4:13: contexts[\"c\"].context.cluster: context "
                             "\"c\" names cluster \"gone\", which is not defined") &&
                        Contains("--server URL"));
  const std::string userless = R"(current-context: c
contexts:
- name: c
  context: {cluster: k, user: gone}
clusters:
- name: k
  cluster: {server: "https://k:1"}
)";
  CHECK_THROWS_WITH(fx.loadKubeconfig(userless),
                    Contains("contexts[\"c\"].context.user: context \"c\" names user \"gone\", "
                             "which is not defined") &&
                        Contains("defined users: none"));
}

TEST_CASE("kubeconfig errors: a missing client certificate, key, CA or token file") {
  KubeconfigFixture fx;
  fx.write("ok.key", kKeyPem);
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig("    client-certificate: missing.crt\n"
                                             "    client-key: ok.key\n")),
      Contains("kubeconfig.yaml:14:5: users[\"main\"].user.client-certificate: cannot read " +
               fx.path("missing.crt") + " (No such file or directory)") &&
          Contains("fix the path") && Contains("client-certificate-data"));
  fx.write("ok.crt", kCertPem);
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig("    client-certificate: ok.crt\n"
                                             "    client-key: missing.key\n")),
      Contains("users[\"main\"].user.client-key: cannot read " + fx.path("missing.key")));
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig("", "    certificate-authority: missing-ca.crt\n")),
      Contains("clusters[\"main\"].cluster.certificate-authority: cannot read " +
               fx.path("missing-ca.crt")));
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig("    tokenFile: missing-token\n")),
      Contains("users[\"main\"].user.tokenFile: cannot read " + fx.path("missing-token")));
  KubeconfigOverrides flags;
  flags.certificateAuthority = fx.path("flag-ca.crt");
  CHECK_THROWS_WITH(fx.loadKubeconfig(oneContextKubeconfig(""), flags),
                    Contains("--certificate-authority: cannot read " + fx.path("flag-ca.crt")));
}

TEST_CASE("kubeconfig errors: bad base64 in a -data field names file:line:col and the field") {
  KubeconfigFixture fx;
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig("    client-key-data: LS0t%%%\n")),
      Contains("kubeconfig.yaml:14:22: users[\"main\"].user.client-key-data is not valid base64 "
               "(unexpected '%' at character 5)") &&
          Contains("base64 -w0"));
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig("", "    certificate-authority-data: QUJDRA=\n")),
      Contains("clusters[\"main\"].cluster.certificate-authority-data is not valid base64") &&
          Contains("not a multiple of 4"));
  CHECK_THROWS_WITH(fx.loadKubeconfig(oneContextKubeconfig("    client-certificate-data: QU=JD\n")),
                    Contains("unexpected '=' at character 3"));
}

TEST_CASE("kubeconfig errors: -data or a file that holds no PEM") {
  KubeconfigFixture fx;
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig(
          "", "    certificate-authority-data: " + base64(base64(kCaPem)) + "\n")),
      Contains("clusters[\"main\"].cluster.certificate-authority-data: holds no PEM block"));
  fx.write("der.crt", "\x30\x82\x01\x0a");
  CHECK_THROWS_WITH(fx.loadKubeconfig(oneContextKubeconfig("    client-certificate: der.crt\n"
                                                           "    client-key-data: " +
                                                           base64(kKeyPem) + "\n")),
                    Contains("users[\"main\"].user.client-certificate (" + fx.path("der.crt") +
                             "): holds no PEM block") &&
                        Contains("a PEM certificate"));
}

TEST_CASE("kubeconfig errors: a CA together with insecure-skip-tls-verify") {
  KubeconfigFixture fx;
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig(
          "", "    insecure-skip-tls-verify: true\n    certificate-authority-data: " +
                  base64(kCaPem) + "\n")),
      Contains("specifying a root certificates file with the insecure flag is not allowed") &&
          Contains("cluster \"main\" (" + fx.path("kubeconfig.yaml") + ":5:9)") &&
          Contains("kubeconfig.yaml:8:5: clusters[\"main\"].cluster.insecure-skip-tls-verify") &&
          Contains("remove one"));

  KubeconfigOverrides flags;
  flags.insecureSkipTlsVerify = true;
  flags.certificateAuthority = fx.write("ca.crt", kCaPem);
  CHECK_THROWS_WITH(fx.loadKubeconfig(oneContextKubeconfig(""), flags),
                    Contains("insecure flag is not allowed") &&
                        Contains("(--insecure-skip-tls-verify)") &&
                        Contains("(--certificate-authority)"));
}

TEST_CASE("kubeconfig errors: a file and -data for the same thing") {
  KubeconfigFixture fx;
  fx.write("ca.crt", kCaPem);
  CHECK_THROWS_WITH(fx.loadKubeconfig(oneContextKubeconfig(
                        "", "    certificate-authority: ca.crt\n    certificate-authority-data: " +
                                base64(kCaPem) + "\n")),
                    Contains("certificate-authority-data and certificate-authority are both "
                             "specified for cluster \"main\""));
}

TEST_CASE("kubeconfig errors: two authentication methods on one user, in kubectl's words") {
  KubeconfigFixture fx;
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig("    token: t\n    username: u\n    password: p\n")),
      Contains("more than one authentication method found for user \"main\" (" +
               fx.path("kubeconfig.yaml") +
               ":12:9); found [token basicAuth], only one is "
               "allowed") &&
          Contains("kubeconfig.yaml:14:5: users[\"main\"].user.token") &&
          Contains("remove one of them"));
  fx.write("token", "t");
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig("    tokenFile: token\n    password: p\n")),
      Contains("found [token basicAuth]"));
  KubeconfigOverrides flags;
  flags.token = "t";
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig("    username: u\n"), flags),
      Contains("found [token basicAuth]") && Contains("the token comes from --token"));
}

TEST_CASE("kubeconfig errors: a client certificate without its key, or a key alone") {
  KubeconfigFixture fx;
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(
          oneContextKubeconfig("    client-certificate-data: " + base64(kCertPem) + "\n")),
      Contains("users[\"main\"].user.client-certificate-data: user \"main\"") &&
          Contains("has client-certificate-data but no client-key or client-key-data"));
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig("    client-key-data: " + base64(kKeyPem) + "\n")),
      Contains("has client-key-data but no client-certificate or client-certificate-data"));
}

TEST_CASE("kubeconfig errors: an incomplete or invalid exec plugin") {
  KubeconfigFixture fx;
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(
          oneContextKubeconfig("    exec: {apiVersion: client.authentication.k8s.io/v1beta1}\n")),
      Contains("users[\"main\"].user.exec: command must be specified for user \"main\""));
  CHECK_THROWS_WITH(fx.loadKubeconfig(oneContextKubeconfig("    exec: {command: x}\n")),
                    Contains("apiVersion must be specified"));
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig(
          "    exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: x}\n")),
      Contains("\"client.authentication.k8s.io/v1alpha1\" is not supported") &&
          Contains("removed in Kubernetes 1.24"));
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig(
          "    exec: {apiVersion: client.authentication.k8s.io/v1, command: x}\n")),
      Contains("interactiveMode must be specified") && Contains("Never, IfAvailable or Always"));
  CHECK_THROWS_WITH(fx.loadKubeconfig(oneContextKubeconfig(std::string(kExecHead) +
                                                           "      interactiveMode: Sometimes\n")),
                    Contains("invalid interactiveMode \"Sometimes\""));
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig(std::string(kExecHead) + "      env: [{value: v}]\n")),
      Contains("an exec.env entry has no name"));
}

TEST_CASE("kubeconfig errors: a legacy auth-provider is not supported") {
  KubeconfigFixture fx;
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig("    auth-provider: {name: oidc, config: {}}\n")),
      Contains("users[\"main\"].user.auth-provider: auth-provider \"oidc\"") &&
          Contains("not supported") && Contains("exec credential plugin"));
  CHECK_THROWS_WITH(fx.loadKubeconfig(oneContextKubeconfig(std::string(kExecHead) +
                                                           "    auth-provider: {name: oidc}\n")),
                    Contains("auth-provider cannot be provided in combination with an exec "
                             "plugin"));
}

TEST_CASE("kubeconfig errors: impersonated groups without an impersonated user") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.asGroups = {"ops"};
  CHECK_THROWS_WITH(fx.loadKubeconfig(oneContextKubeconfig("    token: t\n"), flags),
                    Contains("--as-group: requesting groups for user \"main\"") &&
                        Contains("without impersonating a user") && Contains("--as USER"));
}

TEST_CASE("kubeconfig errors: no kubeconfig anywhere and not in a cluster") {
  KubeconfigFixture fx;
  CHECK_THROWS_WITH(fx.load(), Contains("no configuration has been provided") &&
                                   Contains("KUBECONFIG is unset and " +
                                            fx.path("home/.kube/config") + " does not exist") &&
                                   Contains("not running inside a cluster") &&
                                   Contains("--kubeconfig FILE") && Contains("set KUBECONFIG"));
}

TEST_CASE("kubeconfig errors: a kubeconfig that selects no cluster, outside a cluster") {
  KubeconfigFixture fx;
  CHECK_THROWS_WITH(
      fx.loadKubeconfig("contexts:\n- name: a\n  context: {user: u}\n"),
      Contains("no cluster selected: no current-context is set in " + fx.path("kubeconfig.yaml")) &&
          Contains("--context NAME (defined: a)"));
}

TEST_CASE("kubeconfig errors: a cluster without a server") {
  KubeconfigFixture fx;
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(R"(current-context: c
clusters:
- name: k
  cluster: {insecure-skip-tls-verify: true}
contexts:
- name: c
  context: {cluster: k}
)"),
      Contains("cluster \"k\" (" + fx.path("kubeconfig.yaml") + ":3:9) has no server") &&
          Contains("clusters[\"k\"].cluster") && Contains("--server URL"));
}

TEST_CASE("kubeconfig errors: a server or proxy-url that is not an http(s) URL") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.server = "10.0.0.1:6443";
  CHECK_THROWS_WITH(fx.load(flags), Contains("--server: server \"10.0.0.1:6443\" is not an "
                                             "https:// URL; write it as https://HOST:PORT"));
  CHECK_THROWS_WITH(
      fx.loadKubeconfig(oneContextKubeconfig("", "    proxy-url: socks5://proxy:1080\n")),
      Contains("clusters[\"main\"].cluster.proxy-url: proxy \"socks5://proxy:1080\" is SOCKS5"));
  CHECK_THROWS_WITH(fx.loadKubeconfig(oneContextKubeconfig("", "    proxy-url: proxy.corp:3128\n")),
                    Contains("is not an http:// or https:// URL"));
}

TEST_CASE("kubeconfig errors: a namespace that is not a valid name") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.ns = "Perf_Test";
  CHECK_THROWS_WITH(fx.loadKubeconfig(oneContextKubeconfig(""), flags),
                    Contains("-n/--namespace: namespace \"Perf_Test\" is not a valid namespace "
                             "name"));
  CHECK_THROWS_WITH(fx.loadKubeconfig(R"(current-context: c
clusters:
- name: k
  cluster: {server: "https://k:1"}
contexts:
- name: c
  context: {cluster: k, namespace: -bad}
)"),
                    Contains("contexts[\"c\"].context.namespace: namespace \"-bad\""));
}

TEST_CASE("kubeconfig errors: a KUBECONFIG entry that is a directory") {
  KubeconfigFixture fx;
  fx.write("dir/file", "");
  fx.setenv("KUBECONFIG", fx.path("dir"));
  CHECK_THROWS_WITH(fx.load(), Contains(fx.path("dir") + " is a directory"));
}
