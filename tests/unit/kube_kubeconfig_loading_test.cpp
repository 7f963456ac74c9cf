// Which kubeconfig files are read, how they merge, and where relative paths point.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "core/kube/kubeconfig_loader.h"
#include "tests/unit/kube_kubeconfig_fixture.h"

using perfscale::kube::KubeconfigOverrides;
using perfscale::test::base64;
using perfscale::test::kCaPem;
using perfscale::test::kCertPem;
using perfscale::test::KubeconfigFixture;

namespace {

std::string singleCluster(const std::string& name, const std::string& server) {
  return "current-context: " + name + "\nclusters:\n- name: " + name + "\n  cluster: {server: '" +
         server + "'}\ncontexts:\n- name: " + name + "\n  context: {cluster: " + name + "}\n";
}

}  // namespace

TEST_CASE("kubeconfig: --kubeconfig alone is read - KUBECONFIG and ~/.kube/config are ignored") {
  KubeconfigFixture fx;
  const auto flagFile = fx.write("flag.yaml", singleCluster("flag", "https://flag:1"));
  const auto envFile = fx.write("env.yaml", singleCluster("env", "https://env:1"));
  fx.write("home/.kube/config", singleCluster("home", "https://home:1"));
  fx.setenv("KUBECONFIG", envFile);
  KubeconfigOverrides flags;
  flags.kubeconfig = flagFile;

  const auto config = fx.load(flags);

  CHECK(config.server == "https://flag:1");
  CHECK(config.sources == std::vector<std::string>{flagFile});
}

TEST_CASE(
    "kubeconfig: KUBECONFIG files merge in order, skipping a missing one - the first file "
    "to name a cluster, user or context owns it whole, the first current-context wins") {
  KubeconfigFixture fx;
  // The first file sets no current-context but owns "shared" and "alice".
  const auto first = fx.write("one.yaml", R"(
clusters:
- name: shared
  cluster: {server: "https://one:6443"}
users:
- name: alice
  user: {token: token-one}
)");
  // Its "shared" and "alice" are ignored, even the fields the first file lacks.
  const auto second = fx.write("two.yaml", R"(
current-context: work
clusters:
- name: shared
  cluster: {server: "https://two:6443", tls-server-name: two.internal}
users:
- name: alice
  user: {token: token-two, as: someone}
contexts:
- name: work
  context: {cluster: shared, user: alice, namespace: from-two}
)");
  const auto third = fx.write("three.yaml", R"(
current-context: other
contexts:
- name: work
  context: {cluster: extra, user: alice, namespace: from-three}
- name: other
  context: {cluster: extra}
clusters:
- name: extra
  cluster: {server: "https://three:6443"}
)");
  fx.setenv("KUBECONFIG", first + ":" + fx.path("missing.yaml") + ":" + second + ":" + third);

  const auto config = fx.load();

  CHECK(config.contextName == "work");
  CHECK(config.clusterName == "shared");
  CHECK(config.server == "https://one:6443");
  CHECK(config.tls.serverName.empty());
  CHECK(config.userName == "alice");
  CHECK(config.credentials.token == "token-one");
  CHECK(config.credentials.impersonateUser.empty());
  CHECK(config.ns == "from-two");
  CHECK(config.sources == std::vector<std::string>{first, second, third});
}

TEST_CASE("kubeconfig: a later file's entries are used when the earlier files lack them") {
  KubeconfigFixture fx;
  const auto first = fx.write("one.yaml", "current-context: other\n");
  const auto second = fx.write("two.yaml", singleCluster("other", "https://other:443"));
  fx.setenv("KUBECONFIG", first + ":" + second);

  CHECK(fx.load().server == "https://other:443");
}

TEST_CASE("kubeconfig: empty and repeated KUBECONFIG entries are ignored") {
  KubeconfigFixture fx;
  const auto file = fx.write("config", singleCluster("c", "https://c:1"));
  fx.setenv("KUBECONFIG", ":" + file + "::" + file + ":");

  CHECK(fx.load().sources == std::vector<std::string>{file});
}

TEST_CASE("kubeconfig: without KUBECONFIG, $HOME/.kube/config is read") {
  KubeconfigFixture fx;
  const auto home = fx.write("home/.kube/config", singleCluster("home", "https://home:1"));

  const auto config = fx.load();

  CHECK(config.server == "https://home:1");
  CHECK(config.sources == std::vector<std::string>{home});
}

TEST_CASE("kubeconfig: an empty KUBECONFIG counts as unset") {
  KubeconfigFixture fx;
  fx.write("home/.kube/config", singleCluster("home", "https://home:1"));
  fx.setenv("KUBECONFIG", "");

  CHECK(fx.load().server == "https://home:1");
}

TEST_CASE("kubeconfig: KUBECONFIG naming only missing files does not fall back to ~/.kube/config") {
  KubeconfigFixture fx;
  fx.write("home/.kube/config", singleCluster("home", "https://home:1"));
  fx.setenv("KUBECONFIG", fx.path("gone.yaml"));

  CHECK_THROWS_WITH(fx.load(), Catch::Contains("KUBECONFIG lists only files that do not exist") &&
                                   Catch::Contains("gone.yaml"));
}

TEST_CASE("kubeconfig: an empty file or one holding only comments is an empty kubeconfig") {
  KubeconfigFixture fx;
  const auto empty = fx.write("empty.yaml", "");
  const auto comments = fx.write("comments.yaml", "# nothing yet\n");
  const auto real = fx.write("real.yaml", singleCluster("real", "https://real:1"));
  fx.setenv("KUBECONFIG", empty + ":" + comments + ":" + real);

  const auto config = fx.load();

  CHECK(config.server == "https://real:1");
  CHECK(config.sources.size() == 3);
}

TEST_CASE("kubeconfig: preferences merge like scalars, the first file to set one wins") {
  KubeconfigFixture fx;
  const auto none = fx.write("a.yaml", "preferences: {}\n");
  const auto off = fx.write("b.yaml", "preferences: {colors: false}\n");
  const auto on = fx.write("c.yaml", "preferences: {colors: true}\n");
  perfscale::kube::KubeconfigSearch search;
  search.origin = perfscale::kube::KubeconfigSearch::Origin::EnvironmentVariable;
  search.candidates = {none, off, on};

  const auto merged = perfscale::kube::loadKubeconfigs(search);

  REQUIRE(merged.colors.has_value());
  CHECK_FALSE(*merged.colors);
}

TEST_CASE(
    "kubeconfig: relative certificate-authority, client-certificate, client-key and "
    "tokenFile are relative to the file that holds them") {
  KubeconfigFixture fx;
  fx.write("a/pki/ca.crt", kCaPem);
  fx.write("b/creds/client.crt", kCertPem);
  fx.write("b/creds/client.key", perfscale::test::kKeyPem);
  fx.write("b/creds/token", "file-token");
  const auto clusterFile = fx.write("a/config", R"(
current-context: c
clusters:
- name: c
  cluster: {server: "https://c:1", certificate-authority: pki/ca.crt}
contexts:
- name: c
  context: {cluster: c, user: u}
)");
  const auto userFile = fx.write("b/config", R"(
users:
- name: u
  user:
    client-certificate: creds/client.crt
    client-key: ./creds/../creds/client.key
    tokenFile: creds/token
)");
  fx.setenv("KUBECONFIG", clusterFile + ":" + userFile);

  const auto config = fx.load();

  CHECK(config.tls.caPem == kCaPem);
  CHECK(config.tls.clientCertificatePem == kCertPem);
  CHECK(config.tls.clientKeyPem == perfscale::test::kKeyPem);
  CHECK(config.credentials.tokenFile == fx.path("b/creds/token"));
}

TEST_CASE(
    "kubeconfig: an exec command holding a '/' is relative to the kubeconfig - a bare "
    "command is left to PATH") {
  KubeconfigFixture fx;
  const auto exec = [](const std::string& command) {
    return "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
           "      command: " +
           command + "\n";
  };

  CHECK(fx.loadKubeconfig(perfscale::test::oneContextKubeconfig(exec("bin/get-token")))
            .credentials.exec->command == fx.path("bin/get-token"));
  CHECK(fx.loadKubeconfig(perfscale::test::oneContextKubeconfig(exec("aws")))
            .credentials.exec->command == "aws");
  CHECK(fx.loadKubeconfig(perfscale::test::oneContextKubeconfig(exec("/usr/bin/aws")))
            .credentials.exec->command == "/usr/bin/aws");
}

TEST_CASE("kubeconfig: absolute paths are used as written") {
  KubeconfigFixture fx;
  const auto ca = fx.write("elsewhere/ca.crt", kCaPem);
  const auto config = fx.loadKubeconfig(
      perfscale::test::oneContextKubeconfig("", "    certificate-authority: " + ca + "\n"));

  CHECK(config.tls.caPem == kCaPem);
}

TEST_CASE("kubeconfig: *-data fields hold base64 that may be wrapped over several lines") {
  KubeconfigFixture fx;
  std::string wrapped = base64(kCaPem);
  wrapped.insert(20, "\n      ");
  const auto config = fx.loadKubeconfig(perfscale::test::oneContextKubeconfig(
      "", "    certificate-authority-data: |\n      " + wrapped + "\n"));

  CHECK(config.tls.caPem == kCaPem);
}

TEST_CASE(
    "kubeconfig: Environment::process reads the real environment and the standard "
    "service-account directory") {
  ::setenv("PERFSCALE_KUBECONFIG_TEST_VARIABLE", "set", 1);
  const auto env = perfscale::kube::Environment::process();

  CHECK(env.getenv("PERFSCALE_KUBECONFIG_TEST_VARIABLE") == std::optional<std::string>("set"));
  CHECK_FALSE(env.getenv("PERFSCALE_KUBECONFIG_TEST_UNSET").has_value());
  CHECK(env.serviceAccountDir == "/var/run/secrets/kubernetes.io/serviceaccount");
  ::unsetenv("PERFSCALE_KUBECONFIG_TEST_VARIABLE");
}
