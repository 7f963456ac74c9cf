// TLS as the transport does it against perfscale-sim: CA bundles, the server name verified for
// IP addresses and loopback too, tls-server-name, expired and untrusted certificates, and
// HTTP CONNECT proxies.
#include <catch2/catch.hpp>

#include "core/kube/rest_client.h"
#include "core/kube/tls_context.h"
#include "tests/e2e/kube_test_support.h"

using namespace std::chrono_literals;
using perfscale::kube::ConnectionErrorKind;
using perfscale::kube::RestClient;
using perfscale::kube::RestRequest;
using perfscale::kube::RestResponse;
using perfscale::kube::TlsConfigError;
using perfscale::test::readFile;
using perfscale::test::SimCluster;
using perfscale::test::TempDir;
using perfscale::test::writeFile;
using namespace perfscale::test::kube;

namespace {

RestResponse listNamespaces(RestClient& client) {
  RestRequest request;
  request.path = kNamespaces;
  return client.send(request);
}

// A sim serving a certificate for `sans` only, from a CA made here: dir/ca.crt.
std::unique_ptr<SimCluster> simWithCertificate(const TempDir& dir, const std::string& sans,
                                               const std::string& startDate,
                                               const std::string& endDate) {
  makeCa(dir, "ca", "/CN=test-ca");
  makeCsr(dir, "server", "/CN=server");
  signWithDates(dir, "ca", "server", startDate, endDate,
                "subjectAltName = " + sans + "\nextendedKeyUsage = serverAuth");
  return std::make_unique<SimCluster>(
      std::vector<std::string>{"--profile", "instant", "--ca-cert-file", dir.file("ca.crt"),
                               "--ca-key-file", dir.file("ca.key"), "--tls-cert-file",
                               dir.file("server.crt"), "--tls-key-file", dir.file("server.key")});
}

}  // namespace

TEST_CASE("tls: every certificate of a CA bundle is trusted, not only the first") {
  SimCluster sim({"--profile", "instant"});
  TempDir dir;
  makeCa(dir, "other", "/CN=some-other-ca");
  auto config = simConfig(sim);
  config.tls.caPem = readFile(dir.file("other.crt")) + "\n# comment between blocks\n" + sim.caPem();
  RestClient client(config, nullptr);
  CHECK(listNamespaces(client).status == 200);
}

TEST_CASE("tls: a server signed by another CA fails once, saying what to check") {
  SimCluster sim({"--profile", "instant"});
  TempDir dir;
  makeCa(dir, "other", "/CN=some-other-ca");
  auto config = simConfig(sim);
  config.tls.caPem = readFile(dir.file("other.crt"));
  RestClient client(config, nullptr);
  const auto response = listNamespaces(client);
  REQUIRE(response.connectionError);
  CHECK(response.status == 0);
  CHECK(response.tries == 1);
  const auto& error = *response.connectionError;
  CHECK(error.kind() == ConnectionErrorKind::Tls);
  CHECK_FALSE(error.mayHaveReachedServer());
  CHECK(error.url() == sim.url() + kNamespaces);
  const std::string text = error.what();
  INFO(text);
  CHECK_THAT(text, Catch::Contains("not signed by a trusted certificate authority") &&
                       Catch::Contains("perfscale-sim") &&
                       Catch::Contains("certificate-authority"));
}

TEST_CASE("tls: tls-server-name not in the certificate fails, listing the names it has") {
  SimCluster sim({"--profile", "instant"});
  auto config = simConfig(sim);
  config.tls.serverName = "wrong.example";
  RestClient client(config, nullptr);
  const auto response = listNamespaces(client);
  REQUIRE(response.connectionError);
  CHECK(response.connectionError->kind() == ConnectionErrorKind::Tls);
  CHECK(response.tries == 1);
  const std::string text = response.connectionError->what();
  INFO(text);
  CHECK_THAT(text, Catch::Contains("valid for localhost, 127.0.0.1, ::1, not wrong.example") &&
                       Catch::Contains("tls-server-name"));
}

TEST_CASE("tls: tls-server-name=localhost lets 127.0.0.1 through") {
  SimCluster sim({"--profile", "instant"});
  auto config = simConfig(sim);
  config.tls.serverName = "localhost";
  RestClient client(config, nullptr);
  CHECK(listNamespaces(client).status == 200);
}

TEST_CASE("tls: 127.0.0.1 is verified against IP subjectAltNames, loopback or not") {
  TempDir dir;
  auto sim = simWithCertificate(dir, "DNS:localhost", opensslDate(-24h), opensslDate(24h));
  auto config = simConfig(*sim);
  config.tls.caPem = readFile(dir.file("ca.crt"));
  {
    RestClient client(config, nullptr);
    const auto response = listNamespaces(client);
    REQUIRE(response.connectionError);
    CHECK(response.connectionError->kind() == ConnectionErrorKind::Tls);
    CHECK_THAT(response.connectionError->what(),
               Catch::Contains("valid for localhost, not 127.0.0.1"));
  }
  config.tls.serverName = "localhost";
  RestClient client(config, nullptr);
  CHECK(listNamespaces(client).status == 200);
}

TEST_CASE("tls: an expired server certificate fails, saying it expired and when") {
  TempDir dir;
  auto sim =
      simWithCertificate(dir, "DNS:localhost,IP:127.0.0.1", "20200101000000Z", "20200201000000Z");
  auto config = simConfig(*sim);
  config.tls.caPem = readFile(dir.file("ca.crt"));
  RestClient client(config, nullptr);
  const auto response = listNamespaces(client);
  REQUIRE(response.connectionError);
  CHECK(response.connectionError->kind() == ConnectionErrorKind::Tls);
  CHECK(response.tries == 1);
  const std::string text = response.connectionError->what();
  INFO(text);
  CHECK_THAT(text, Catch::Contains("has expired") && Catch::Contains("Feb  1 00:00:00 2020") &&
                       Catch::Contains("clock"));
}

TEST_CASE("tls: insecure-skip-tls-verify talks to a server no CA vouches for") {
  TempDir dir;
  auto sim = simWithCertificate(dir, "DNS:elsewhere.example", opensslDate(-24h), opensslDate(24h));
  auto config = simConfig(*sim);
  config.tls.caPem.clear();
  config.tls.insecureSkipVerify = true;
  RestClient client(config, nullptr);
  CHECK(listNamespaces(client).status == 200);
}

TEST_CASE("tls: with no CA configured the system's CAs are used, which do not know the sim") {
  SimCluster sim({"--profile", "instant"});
  auto config = simConfig(sim);
  config.tls.caPem.clear();
  RestClient client(config, nullptr);
  const auto response = listNamespaces(client);
  REQUIRE(response.connectionError);
  CHECK_THAT(response.connectionError->what(),
             Catch::Contains("not signed by a trusted certificate authority"));
}

TEST_CASE("tls: a CA setting without a certificate, or a mismatched client key, is refused") {
  perfscale::kube::ClusterConfig config;
  config.server = "https://127.0.0.1:1";
  config.tls.caPem = "not a certificate";
  CHECK_THROWS_AS(RestClient(config, nullptr), TlsConfigError);
  CHECK_THROWS_WITH(RestClient(config, nullptr), Catch::Contains("no PEM certificate"));

  TempDir dir;
  makeCa(dir, "a", "/CN=a");
  makeCa(dir, "b", "/CN=b");
  config.tls.caPem.clear();
  config.tls.clientCertificatePem = readFile(dir.file("a.crt"));
  config.tls.clientKeyPem = readFile(dir.file("b.key"));
  CHECK_THROWS_WITH(RestClient(config, nullptr),
                    Catch::Contains("client key does not belong to the client certificate"));
  config.tls.clientKeyPem.clear();
  CHECK_THROWS_WITH(RestClient(config, nullptr), Catch::Contains("both the certificate and"));
}

TEST_CASE("tls: an IPv6 server at [::1] is verified against its IP subjectAltName") {
  SimCluster sim({"--profile", "instant", "--listen", "[::1]:0"});
  REQUIRE(sim.url().rfind("https://[::1]:", 0) == 0);
  RestClient client(simConfig(sim), nullptr);
  CHECK(listNamespaces(client).status == 200);
}

TEST_CASE("proxy: proxy-url tunnels through HTTP CONNECT, one tunnel per kept-alive session") {
  SimCluster sim({"--profile", "instant"});
  ConnectProxy proxy;
  auto config = simConfig(sim);
  config.proxyUrl = proxy.url();
  RestClient client(config, nullptr);
  for (int i = 0; i < 5; ++i)
    CHECK(listNamespaces(client).status == 200);
  const auto port = sim.url().substr(sim.url().rfind(':') + 1);
  CHECK(proxy.targets() == std::vector<std::string>{"CONNECT 127.0.0.1:" + port});
}

TEST_CASE("proxy: credentials in proxy-url are sent as Proxy-Authorization") {
  SimCluster sim({"--profile", "instant"});
  ConnectProxy proxy("Basic dXNlcjpwdw==");
  auto config = simConfig(sim);
  config.proxyUrl = proxy.url("user:pw");
  RestClient client(config, nullptr);
  CHECK(listNamespaces(client).status == 200);
}

TEST_CASE("proxy: a proxy that refuses the tunnel fails before anything was sent") {
  SimCluster sim({"--profile", "instant"});
  ConnectProxy proxy("Basic dXNlcjpwdw==");
  auto config = simConfig(sim);
  config.proxyUrl = proxy.url();  // no credentials: 407
  RestClient client(config, nullptr);
  RestRequest request;
  request.method = "POST";
  request.path = kNamespaces;
  request.body = R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"p"}})";
  const auto response = client.send(request);
  REQUIRE(response.connectionError);
  CHECK(response.connectionError->kind() == ConnectionErrorKind::Connect);
  CHECK_FALSE(response.connectionError->mayHaveReachedServer());
  CHECK(response.tries == 1);
  CHECK_THAT(response.connectionError->what(), Catch::Contains("407"));
}
