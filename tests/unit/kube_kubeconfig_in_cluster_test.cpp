// The in-cluster fallback: a pod's service account when no kubeconfig selects a cluster.
#include <catch2/catch.hpp>

#include "tests/unit/kube_kubeconfig_fixture.h"

using perfscale::kube::KubeconfigOverrides;
using perfscale::test::kCaPem;
using perfscale::test::KubeconfigFixture;

namespace {

// A pod: the service variables and a mounted service account with token, CA and namespace.
void becomePod(KubeconfigFixture& fx, const std::string& host = "10.96.0.1") {
  fx.setenv("KUBERNETES_SERVICE_HOST", host);
  fx.setenv("KUBERNETES_SERVICE_PORT", "443");
  fx.write("serviceaccount/token", "sa-token");
  fx.write("serviceaccount/ca.crt", kCaPem);
  fx.write("serviceaccount/namespace", "perf-ns\n");
}

}  // namespace

TEST_CASE("in-cluster: with no kubeconfig, a pod uses its service account") {
  KubeconfigFixture fx;
  becomePod(fx);
  const auto config = fx.load();

  CHECK(config.inCluster);
  CHECK(config.server == "https://10.96.0.1:443");
  CHECK(config.credentials.tokenFile == fx.path("serviceaccount/token"));
  CHECK(config.credentials.token.empty());  // re-read by the transport: the token rotates
  CHECK(config.tls.caPem == kCaPem);
  CHECK(config.ns == "perf-ns");
  CHECK(config.contextName.empty());
  CHECK(config.sources.empty());
}

TEST_CASE("in-cluster: POD_NAMESPACE beats the namespace file, and -n beats both") {
  KubeconfigFixture fx;
  becomePod(fx);
  fx.setenv("POD_NAMESPACE", "from-downward-api");
  CHECK(fx.load().ns == "from-downward-api");

  KubeconfigOverrides flags;
  flags.ns = "from-flag";
  CHECK(fx.load(flags).ns == "from-flag");
}

TEST_CASE("in-cluster: without a namespace file or POD_NAMESPACE the namespace is default") {
  KubeconfigFixture fx;
  becomePod(fx);
  std::filesystem::remove(fx.path("serviceaccount/namespace"));

  CHECK(fx.load().ns == "default");
}

TEST_CASE("in-cluster: an IPv6 service host is bracketed") {
  KubeconfigFixture fx;
  becomePod(fx, "fd00:10:96::1");

  CHECK(fx.load().server == "https://[fd00:10:96::1]:443");
}

TEST_CASE("in-cluster: without ca.crt the system's CAs verify the server") {
  KubeconfigFixture fx;
  becomePod(fx);
  std::filesystem::remove(fx.path("serviceaccount/ca.crt"));

  const auto config = fx.load();
  CHECK(config.inCluster);
  CHECK(config.tls.caPem.empty());
}

TEST_CASE(
    "in-cluster: a kubeconfig that selects no cluster still falls back to the pod's "
    "service account") {
  KubeconfigFixture fx;
  becomePod(fx);
  fx.write("home/.kube/config", "preferences: {}\nusers:\n- name: u\n  user: {token: t}\n");

  const auto config = fx.load();
  CHECK(config.inCluster);
  CHECK(config.credentials.tokenFile == fx.path("serviceaccount/token"));
}

TEST_CASE("in-cluster: a kubeconfig that selects a cluster wins over the pod's service account") {
  KubeconfigFixture fx;
  becomePod(fx);
  const auto config = fx.loadKubeconfig(perfscale::test::oneContextKubeconfig("    token: t\n"));

  CHECK_FALSE(config.inCluster);
  CHECK(config.server == "https://main.example:6443");
}

TEST_CASE("in-cluster: --server in a pod means that server, without the service account") {
  KubeconfigFixture fx;
  becomePod(fx);
  KubeconfigOverrides flags;
  flags.server = "https://other:6443";

  const auto config = fx.load(flags);
  CHECK_FALSE(config.inCluster);
  CHECK(config.server == "https://other:6443");
  CHECK(config.credentials.tokenFile.empty());
}

TEST_CASE("in-cluster: connection flags apply on top of the service account") {
  KubeconfigFixture fx;
  becomePod(fx);
  std::filesystem::remove(fx.path("serviceaccount/token"));  // not needed with --token
  KubeconfigOverrides flags;
  flags.token = "flag-token";
  flags.tlsServerName = "kubernetes.default.svc";
  flags.as = "auditor";
  flags.requestTimeout = "10s";

  const auto config = fx.load(flags);
  CHECK(config.inCluster);
  CHECK(config.credentials.token == "flag-token");
  CHECK(config.credentials.tokenFile.empty());
  CHECK(config.tls.serverName == "kubernetes.default.svc");
  CHECK(config.credentials.impersonateUser == "auditor");
  CHECK(config.requestTimeout == std::chrono::seconds(10));
}

TEST_CASE("in-cluster: a missing service-account token is an error naming the file") {
  KubeconfigFixture fx;
  becomePod(fx);
  std::filesystem::remove(fx.path("serviceaccount/token"));

  CHECK_THROWS_WITH(fx.load(),
                    Catch::Contains("KUBERNETES_SERVICE_HOST=10.96.0.1") &&
                        Catch::Contains(fx.path("serviceaccount/token") + " cannot be read") &&
                        Catch::Contains("automountServiceAccountToken") &&
                        Catch::Contains("--kubeconfig"));
}

TEST_CASE("in-cluster: only one of the service variables is not a pod") {
  KubeconfigFixture fx;
  fx.setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1");
  fx.write("serviceaccount/token", "t");

  CHECK_THROWS_WITH(fx.load(), Catch::Contains("no configuration has been provided"));
}
