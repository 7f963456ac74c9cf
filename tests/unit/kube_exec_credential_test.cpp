// The ExecCredential exchange with credential plugins, and the cache in front of the plugin.
#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "core/kube/authenticator.h"
#include "core/kube/exec_authenticator.h"
#include "core/kube/exec_credential.h"
#include "core/kube/timestamp.h"

using namespace std::chrono_literals;
using perfscale::kube::ClusterConfig;
using perfscale::kube::CredentialError;
using perfscale::kube::ExecAuthenticator;
using perfscale::kube::ExecConfig;
using perfscale::kube::execInfoJson;
using perfscale::kube::parseExecCredential;
using perfscale::kube::parseRfc3339;

namespace {

ExecConfig plugin(const std::string& apiVersion = "client.authentication.k8s.io/v1") {
  ExecConfig exec;
  exec.apiVersion = apiVersion;
  exec.command = "get-token";
  exec.installHint = "Install get-token from https://example.com/get-token";
  exec.origin = "/home/me/.kube/config";
  exec.interactiveMode = "Never";
  return exec;
}

std::string credential(const std::string& status,
                       const std::string& apiVersion = "client.authentication.k8s.io/v1") {
  return R"({"kind":"ExecCredential","apiVersion":")" + apiVersion + R"(","status":)" + status +
         "}";
}

Poco::JSON::Object::Ptr parse(const std::string& json) {
  return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

TEST_CASE("exec info: non-interactive, with the configured apiVersion and no cluster by default") {
  ClusterConfig cluster;
  cluster.server = "https://10.0.0.1:6443";
  const auto info = parse(execInfoJson(plugin(), cluster));
  CHECK(info->getValue<std::string>("kind") == "ExecCredential");
  CHECK(info->getValue<std::string>("apiVersion") == "client.authentication.k8s.io/v1");
  CHECK(info->getObject("spec")->getValue<bool>("interactive") == false);
  CHECK_FALSE(info->getObject("spec")->has("cluster"));
}

TEST_CASE("exec info: provideClusterInfo adds server, CA data, tls-server-name and proxy-url") {
  ClusterConfig cluster;
  cluster.server = "https://10.0.0.1:6443";
  cluster.tls.caPem = "PEM";
  cluster.tls.serverName = "api.example";
  cluster.proxyUrl = "http://proxy:3128";
  auto exec = plugin("client.authentication.k8s.io/v1beta1");
  exec.provideClusterInfo = true;
  const auto spec = parse(execInfoJson(exec, cluster))->getObject("spec");
  const auto info = spec->getObject("cluster");
  REQUIRE(info);
  CHECK(info->getValue<std::string>("server") == "https://10.0.0.1:6443");
  CHECK(info->getValue<std::string>("certificate-authority-data") == "UEVN");
  CHECK(info->getValue<std::string>("tls-server-name") == "api.example");
  CHECK(info->getValue<std::string>("proxy-url") == "http://proxy:3128");
}

TEST_CASE("exec credential: a token with an expiration is parsed") {
  const auto status = parseExecCredential(
      credential(R"({"token":"abc","expirationTimestamp":"2030-01-02T03:04:05Z"})"), plugin());
  CHECK(status.token == "abc");
  REQUIRE(status.expiration);
  CHECK(std::chrono::system_clock::to_time_t(*status.expiration) == 1893553445);
}

TEST_CASE("exec credential: v1beta1 client certificate data is parsed") {
  const auto status =
      parseExecCredential(credential(R"({"clientCertificateData":"CERT","clientKeyData":"KEY"})",
                                     "client.authentication.k8s.io/v1beta1"),
                          plugin("client.authentication.k8s.io/v1beta1"));
  CHECK(status.token.empty());
  CHECK(status.clientCertificatePem == "CERT");
  CHECK(status.clientKeyPem == "KEY");
  CHECK_FALSE(status.expiration);
}

TEST_CASE("exec credential: bad output names the command and gives the install hint") {
  const auto exec = plugin();
  auto failsWith = [&](const std::string& output, const std::string& part) {
    CAPTURE(output);
    CHECK_THROWS_MATCHES(parseExecCredential(output, exec), CredentialError,
                         Catch::Matchers::Predicate<CredentialError>([&](const CredentialError& e) {
                           const std::string text = e.what();
                           return text.find("exec plugin \"get-token\"") != std::string::npos &&
                                  text.find("/home/me/.kube/config") != std::string::npos &&
                                  text.find(part) != std::string::npos &&
                                  text.find("Install get-token") != std::string::npos;
                         }));
  };
  failsWith("not json", "not an ExecCredential");
  failsWith(R"({"kind":"Other","apiVersion":"client.authentication.k8s.io/v1"})", "kind");
  failsWith(credential(R"({"token":"x"})", "client.authentication.k8s.io/v1beta1"),
            "returned version");
  failsWith(R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1"})",
            "no status");
  failsWith(credential("{}"), "neither a token nor a client certificate");
  failsWith(credential(R"({"clientCertificateData":"C"})"), "not both");
  failsWith(credential(R"({"token":"x","expirationTimestamp":"tomorrow"})"), "RFC 3339");
}

TEST_CASE("rfc 3339: fractions and offsets are understood, other text is not") {
  CHECK(parseRfc3339("2030-01-02T03:04:05Z"));
  CHECK(parseRfc3339("2030-01-02T03:04:05.123456Z"));
  const auto offset = parseRfc3339("2030-01-02T05:04:05+02:00");
  REQUIRE(offset);
  CHECK(*offset == *parseRfc3339("2030-01-02T03:04:05Z"));
  CHECK_FALSE(parseRfc3339("2030-01-02"));
  CHECK_FALSE(parseRfc3339("2030-01-02 03:04:05"));
  CHECK_FALSE(parseRfc3339(""));
}

TEST_CASE("exec authenticator: the plugin runs once while its credential is valid") {
  int runs = 0;
  auto now = std::chrono::system_clock::now();
  ExecAuthenticator auth(
      plugin(), ClusterConfig{},
      [&](const ExecConfig&, const std::string&) {
        ++runs;
        return credential(R"({"token":"t)" + std::to_string(runs) +
                          R"(","expirationTimestamp":"2999-01-01T00:00:00Z"})");
      },
      [&] { return now; });
  CHECK(auth.current().authorization == "Bearer t1");
  CHECK(auth.current().authorization == "Bearer t1");
  CHECK(runs == 1);
}

TEST_CASE("exec authenticator: an expired credential is replaced before use") {
  int runs = 0;
  auto now = *parseRfc3339("2030-01-01T00:00:00Z");
  ExecAuthenticator auth(
      plugin(), ClusterConfig{},
      [&](const ExecConfig&, const std::string&) {
        ++runs;
        return credential(R"({"token":"t)" + std::to_string(runs) +
                          R"(","expirationTimestamp":"2030-01-01T00:01:00Z"})");
      },
      [&] { return now; });
  CHECK(auth.current().authorization == "Bearer t1");
  now += 59s;
  CHECK(auth.current().authorization == "Bearer t1");
  now += 1s;
  CHECK(auth.current().authorization == "Bearer t2");
  CHECK(runs == 2);
}

TEST_CASE("exec authenticator: a 401 runs the plugin again, once for many rejected requests") {
  int runs = 0;
  ExecAuthenticator auth(plugin(), ClusterConfig{}, [&](const ExecConfig&, const std::string&) {
    ++runs;
    return credential(R"({"token":"t)" + std::to_string(runs) + R"("})");
  });
  const auto rejected = auth.current();
  CHECK(auth.refreshAfterUnauthorized(rejected));
  CHECK(auth.refreshAfterUnauthorized(rejected));  // a second thread with the same old token
  CHECK(runs == 2);
  CHECK(auth.current().authorization == "Bearer t2");
  CHECK(auth.current().generation != rejected.generation);
}

TEST_CASE("exec authenticator: a client certificate from the plugin is the credential") {
  ExecAuthenticator auth(plugin(), ClusterConfig{}, [&](const ExecConfig&, const std::string&) {
    return credential(R"({"clientCertificateData":"CERT","clientKeyData":"KEY"})");
  });
  const auto current = auth.current();
  CHECK(current.authorization.empty());
  REQUIRE(current.clientCertificate);
  CHECK(current.clientCertificate->certificatePem == "CERT");
}

TEST_CASE("exec authenticator: interactiveMode Always is refused up front") {
  auto exec = plugin();
  exec.interactiveMode = "Always";
  CHECK_THROWS_WITH(ExecAuthenticator(exec, ClusterConfig{}),
                    Catch::Contains("interactiveMode is Always"));
}
