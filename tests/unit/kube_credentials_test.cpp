// Credentials that need no server: which authenticator a config gets, basic encoding, token
// files re-read on a clock, and the User-Agent.
#include <catch2/catch.hpp>

#include "core/kube/authenticator.h"
#include "core/kube/tls_context.h"
#include "core/kube/token_file.h"
#include "core/kube/user_agent.h"
#include "core/version.h"
#include "tests/support/process.h"

using namespace std::chrono_literals;
using perfscale::kube::ClusterConfig;
using perfscale::kube::CredentialError;
using perfscale::kube::makeAuthenticator;
using perfscale::kube::StaticAuthenticator;
using perfscale::kube::TokenFileAuthenticator;
using perfscale::test::TempDir;
using perfscale::test::writeFile;

TEST_CASE("credentials: a static token wins over a token file") {
  ClusterConfig config;
  config.credentials.token = "abc";
  config.credentials.tokenFile = "/nonexistent";
  auto auth = makeAuthenticator(config);
  CHECK(auth->current().authorization == "Bearer abc");
  CHECK_FALSE(auth->refreshAfterUnauthorized(auth->current()));
}

TEST_CASE("credentials: basic auth is base64 of user:password") {
  CHECK(StaticAuthenticator::basic("admin", "s3cr:et")->current().authorization ==
        "Basic YWRtaW46czNjcjpldA==");
  ClusterConfig config;
  config.credentials.username = "admin";
  config.credentials.password = "s3cr:et";
  CHECK(makeAuthenticator(config)->current().authorization == "Basic YWRtaW46czNjcjpldA==");
}

TEST_CASE("credentials: nothing configured sends no Authorization") {
  CHECK(makeAuthenticator(ClusterConfig{})->current().authorization.empty());
}

TEST_CASE("token file: trimmed, cached for a minute, then read again") {
  TempDir dir;
  writeFile(dir.file("token"), "first\n");
  auto now = std::chrono::steady_clock::time_point{} + 1h;
  TokenFileAuthenticator auth(dir.file("token"), [&] { return now; });
  CHECK(auth.current().authorization == "Bearer first");
  writeFile(dir.file("token"), "second");
  now += 59s;
  CHECK(auth.current().authorization == "Bearer first");
  now += 1s;
  CHECK(auth.current().authorization == "Bearer second");
}

TEST_CASE("token file: a 401 re-reads at once and says whether the token changed") {
  TempDir dir;
  writeFile(dir.file("token"), "old");
  auto now = std::chrono::steady_clock::time_point{} + 1h;
  TokenFileAuthenticator auth(dir.file("token"), [&] { return now; });
  const auto rejected = auth.current();
  CHECK_FALSE(auth.refreshAfterUnauthorized(rejected));  // same token: a retry would not help
  writeFile(dir.file("token"), "new");
  CHECK(auth.refreshAfterUnauthorized(rejected));
  CHECK(auth.current().authorization == "Bearer new");
}

TEST_CASE(
    "token file: missing at first is an error naming the file - missing later keeps the "
    "token") {
  TempDir dir;
  TokenFileAuthenticator missing(dir.file("absent"));
  CHECK_THROWS_MATCHES(missing.current(), CredentialError,
                       Catch::Matchers::Predicate<CredentialError>([&](const CredentialError& e) {
                         return std::string(e.what()).find(dir.file("absent")) != std::string::npos;
                       }));
  writeFile(dir.file("token"), "kept");
  auto now = std::chrono::steady_clock::time_point{} + 1h;
  TokenFileAuthenticator auth(dir.file("token"), [&] { return now; });
  CHECK(auth.current().authorization == "Bearer kept");
  std::remove(dir.file("token").c_str());
  now += 2min;
  CHECK(auth.current().authorization == "Bearer kept");
}

TEST_CASE("user agent: kubectl-perfscale/<version> (os/arch)") {
  CHECK(perfscale::kube::userAgent() ==
        "kubectl-perfscale/" + std::string(perfscale::toolVersion()) + " (linux/amd64)");
}

TEST_CASE("tls: a PEM bundle is counted block by block, and a broken block is named") {
  TempDir dir;
  const auto made = perfscale::test::runCommand(
      {"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
       "-subj", "/CN=unit", "-days", "1", "-keyout", dir.file("k"), "-out", dir.file("c")});
  REQUIRE(made.exitCode == 0);
  const std::string pem = perfscale::test::readFile(dir.file("c"));
  CHECK(perfscale::kube::countPemCertificates(pem, "ca") == 1);
  CHECK(perfscale::kube::countPemCertificates(pem + "junk between\n" + pem, "ca") == 2);
  std::string broken = pem;
  broken[broken.find('\n') + 5] = '!';
  CHECK_THROWS_WITH(perfscale::kube::countPemCertificates(pem + broken, "certificate-authority"),
                    Catch::Contains("certificate-authority") && Catch::Contains("malformed"));
  CHECK_THROWS_WITH(perfscale::kube::countPemCertificates("", "ca"),
                    Catch::Contains("no PEM certificate"));
}
