// Every kind of credential end to end against perfscale-sim: bearer token, a token file that
// changes, basic auth, client certificates (EC, RSA, with a chain), and exec plugins (v1 and
// v1beta1) written here as shell scripts.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "core/kube/authenticator.h"
#include "core/kube/rest_client.h"
#include "tests/e2e/kube_test_support.h"

using namespace std::chrono_literals;
using perfscale::kube::ClusterConfig;
using perfscale::kube::CredentialError;
using perfscale::kube::ExecConfig;
using perfscale::kube::RestClient;
using perfscale::kube::RestRequest;
using perfscale::kube::RestResponse;
using perfscale::kube::TryReport;
using perfscale::test::readFile;
using perfscale::test::SimCluster;
using perfscale::test::TempDir;
using perfscale::test::writeFile;
using namespace perfscale::test::kube;

namespace {

struct Sent {
  RestResponse response;
  std::vector<TryReport> tries;
};

Sent listNamespaces(RestClient& client) {
  Sent sent;
  RestRequest request;
  request.path = kNamespaces;
  request.onTry = [&](const TryReport& report) { sent.tries.push_back(report); };
  sent.response = client.send(request);
  return sent;
}

ClusterConfig withoutCredentials(const SimCluster& sim) {
  auto config = simConfig(sim);
  config.credentials = {};
  return config;
}

std::string executable(const TempDir& dir, const std::string& name, const std::string& script) {
  const std::string path = dir.file(name);
  writeFile(path, "#!/bin/sh\n" + script);
  ::chmod(path.c_str(), 0700);
  return path;
}

size_t lineCount(const std::string& path) {
  if (::access(path.c_str(), F_OK) != 0) return 0;
  const std::string text = readFile(path);
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A plugin that logs each run to dir/runs and prints the ExecCredential made by `status`, a
// shell snippet that sets STATUS from N, the number of this run (1, 2, ...).
ExecConfig plugin(const TempDir& dir, const std::string& apiVersion, const std::string& status) {
  ExecConfig exec;
  exec.apiVersion = apiVersion;
  exec.command = executable(dir, "plugin",
                            "echo run >> " + dir.file("runs") + "\nN=$(wc -l < " +
                                dir.file("runs") + ")\n" + status +
                                "\nprintf '{\"kind\":\"ExecCredential\","
                                "\"apiVersion\":\"" +
                                apiVersion + "\",\"status\":%s}' \"$STATUS\"\n");
  exec.installHint = "see https://example.com/plugin";
  exec.interactiveMode = "Never";
  exec.origin = dir.file("kubeconfig");
  return exec;
}

// Catches what this process writes to stderr (fd 2) during its lifetime.
class StderrCapture {
 public:
  explicit StderrCapture(const std::string& path) : path_(path) {
    std::fflush(stderr);
    saved_ = ::dup(2);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, 2);
    ::close(fd);
  }
  ~StderrCapture() { restore(); }
  std::string text() {
    restore();
    return readFile(path_);
  }

 private:
  void restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, 2);
    ::close(saved_);
    saved_ = -1;
  }
  std::string path_;
  int saved_ = -1;
};

const std::string kV1 = "client.authentication.k8s.io/v1";
const std::string kV1beta1 = "client.authentication.k8s.io/v1beta1";

}  // namespace

TEST_CASE("credentials: a wrong bearer token gets 401 with the Status decoded, not retried") {
  SimCluster sim({"--profile", "instant"});
  auto config = simConfig(sim);
  config.credentials.token = "wrong";
  RestClient client(config, nullptr);
  const auto sent = listNamespaces(client);
  CHECK(sent.response.status == 401);
  REQUIRE(sent.response.apiStatus);
  CHECK(sent.response.apiStatus->reason == "Unauthorized");
  CHECK(sent.response.tries == 1);
  CHECK(sent.tries.at(0).reason == "Unauthorized");
}

TEST_CASE("credentials: a token file is read again after a 401 and the retry succeeds") {
  SimCluster sim({"--profile", "instant"});
  TempDir dir;
  writeFile(dir.file("token"), "wrong-token\n");
  auto config = withoutCredentials(sim);
  config.credentials.tokenFile = dir.file("token");
  RestClient client(config, nullptr);

  auto sent = listNamespaces(client);  // re-read after the 401 finds the same token: no retry
  CHECK(sent.response.status == 401);
  CHECK(sent.response.tries == 1);

  writeFile(dir.file("token"), sim.token() + "\n");  // rotated, within the minute of caching
  sent = listNamespaces(client);
  CHECK(sent.response.status == 200);
  REQUIRE(sent.tries.size() == 2);
  CHECK(sent.tries[0].status == 401);
  CHECK_THAT(sent.tries[0].nextStep, Catch::Contains("refreshed credentials"));
  CHECK(sent.tries[1].status == 200);
}

TEST_CASE("credentials: basic auth") {
  SimCluster sim({"--profile", "instant", "--basic-auth", "alice:s3cret"});
  auto config = withoutCredentials(sim);
  config.credentials.username = "alice";
  config.credentials.password = "s3cret";
  RestClient client(config, nullptr);
  CHECK(listNamespaces(client).response.status == 200);
  config.credentials.password = "wrong";
  RestClient wrong(config, nullptr);
  CHECK(listNamespaces(wrong).response.status == 401);
}

TEST_CASE("credentials: the sim's client certificate (EC, PKCS#8) authenticates") {
  SimCluster sim({"--profile", "instant", "--client-cert-user", "carol"});
  const auto user = simUser(sim, "sim-cert");
  auto config = withoutCredentials(sim);
  config.tls.clientCertificatePem = base64Decode(user["client-certificate-data"].as<std::string>());
  config.tls.clientKeyPem = base64Decode(user["client-key-data"].as<std::string>());
  RestClient client(config, nullptr);
  CHECK(listNamespaces(client).response.status == 200);
  RestClient anonymous(withoutCredentials(sim), nullptr);
  CHECK(listNamespaces(anonymous).response.status == 401);
}

TEST_CASE("credentials: an RSA client certificate from an intermediate CA, sent with its chain") {
  TempDir dir;
  makeCa(dir, "root", "/CN=root");
  makeCsr(dir, "intermediate", "/CN=intermediate");
  signWithDates(dir, "root", "intermediate", opensslDate(-24h), opensslDate(48h),
                "basicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign");
  openssl({"genrsa", "-traditional", "-out", dir.file("client.key"), "2048"});
  openssl({"req", "-new", "-key", dir.file("client.key"), "-subj", "/CN=dave", "-out",
           dir.file("client.csr")});
  signWithDates(dir, "intermediate", "client", opensslDate(-24h), opensslDate(24h),
                "extendedKeyUsage = clientAuth");
  REQUIRE_THAT(readFile(dir.file("client.key")), Catch::Contains("BEGIN RSA PRIVATE KEY"));
  SimCluster sim({"--profile", "instant", "--ca-cert-file", dir.file("root.crt"), "--ca-key-file",
                  dir.file("root.key")});
  auto config = withoutCredentials(sim);
  config.tls.clientKeyPem = readFile(dir.file("client.key"));
  config.tls.clientCertificatePem = readFile(dir.file("client.crt"));
  {
    RestClient leafOnly(config, nullptr);  // the server cannot build the chain: handshake fails
    const auto sent = listNamespaces(leafOnly);
    REQUIRE(sent.response.connectionError);
    // With TLS 1.3 the server judges our certificate after we sent the request; its alert may
    // reach us, or be lost to the reset that follows it (then a GET is tried again).
    const auto& error = *sent.response.connectionError;
    CAPTURE(error.what());
    CHECK_THAT(error.what(),
               Catch::Contains("client-certificate") && Catch::Contains("intermediate CAs"));
  }
  config.tls.clientCertificatePem += readFile(dir.file("intermediate.crt"));
  RestClient client(config, nullptr);
  CHECK(listNamespaces(client).response.status == 200);
}

TEST_CASE("credentials: an EC key with an EC PARAMETERS block is read") {
  TempDir dir;
  makeCa(dir, "root", "/CN=root");
  openssl({"ecparam", "-name", "prime256v1", "-genkey", "-out", dir.file("client.key")});
  REQUIRE_THAT(readFile(dir.file("client.key")), Catch::Contains("BEGIN EC PARAMETERS"));
  openssl({"req", "-new", "-key", dir.file("client.key"), "-subj", "/CN=erin", "-out",
           dir.file("client.csr")});
  signWithDates(dir, "root", "client", opensslDate(-24h), opensslDate(24h),
                "extendedKeyUsage = clientAuth");
  SimCluster sim({"--profile", "instant", "--ca-cert-file", dir.file("root.crt"), "--ca-key-file",
                  dir.file("root.key")});
  auto config = withoutCredentials(sim);
  config.tls.clientCertificatePem = readFile(dir.file("client.crt"));
  config.tls.clientKeyPem = readFile(dir.file("client.key"));
  RestClient client(config, nullptr);
  CHECK(listNamespaces(client).response.status == 200);
}

TEST_CASE("exec plugin v1: its token is used and cached across requests") {
  SimCluster sim({"--profile", "instant"});
  TempDir dir;
  auto config = withoutCredentials(sim);
  config.credentials.exec = plugin(dir, kV1, "STATUS='{\"token\":\"" + sim.token() + "\"}'");
  RestClient client(config, nullptr);
  for (int i = 0; i < 3; ++i)
    CHECK(listNamespaces(client).response.status == 200);
  CHECK(lineCount(dir.file("runs")) == 1);
}

TEST_CASE("exec plugin v1: a rejected token makes it run again and the request is retried once") {
  SimCluster sim({"--profile", "instant"});
  TempDir dir;
  auto config = withoutCredentials(sim);
  config.credentials.exec = plugin(
      dir, kV1,
      "if [ \"$N\" -eq 1 ]; then T=stale; else T=" + sim.token() +
          "; fi\nSTATUS='{\"token\":\"'$T'\",\"expirationTimestamp\":\"2999-01-01T00:00:00Z\"}'");
  RestClient client(config, nullptr);
  const auto sent = listNamespaces(client);
  CHECK(sent.response.status == 200);
  REQUIRE(sent.tries.size() == 2);
  CHECK(sent.tries[0].status == 401);
  CHECK(sent.tries[1].status == 200);
  CHECK(lineCount(dir.file("runs")) == 2);
}

TEST_CASE("exec plugin v1beta1: an expired credential is replaced before each use") {
  SimCluster sim({"--profile", "instant"});
  TempDir dir;
  auto config = withoutCredentials(sim);
  config.credentials.exec = plugin(dir, kV1beta1,
                                   "STATUS='{\"token\":\"" + sim.token() +
                                       "\",\"expirationTimestamp\":\"2001-01-01T00:00:00Z\"}'");
  RestClient client(config, nullptr);
  for (int i = 0; i < 3; ++i)
    CHECK(listNamespaces(client).response.status == 200);
  CHECK(lineCount(dir.file("runs")) == 3);
}

TEST_CASE("exec plugin v1beta1: a short-lived token is refreshed once it expires") {
  SimCluster sim({"--profile", "instant"});
  TempDir dir;
  auto config = withoutCredentials(sim);
  // Valid for two seconds from each run.
  config.credentials.exec =
      plugin(dir, kV1beta1,
             "E=$(date -u -d @$(( $(date +%s) + 2 )) +%Y-%m-%dT%H:%M:%SZ)\nSTATUS='{\"token\":\"" +
                 sim.token() + "\",\"expirationTimestamp\":\"'$E'\"}'");
  RestClient client(config, nullptr);
  CHECK(listNamespaces(client).response.status == 200);
  CHECK(listNamespaces(client).response.status == 200);
  CHECK(lineCount(dir.file("runs")) == 1);
  std::this_thread::sleep_for(3s);
  CHECK(listNamespaces(client).response.status == 200);
  CHECK(lineCount(dir.file("runs")) == 2);
}

TEST_CASE("exec plugin: env, KUBERNETES_EXEC_INFO with the cluster, and no stdin reach it") {
  SimCluster sim({"--profile", "instant"});
  TempDir dir;
  auto config = withoutCredentials(sim);
  auto exec = plugin(dir, kV1,
                     "printf '%s' \"$KUBERNETES_EXEC_INFO\" > " + dir.file("info") +
                         "\nprintf '%s|%s' \"$PLUGIN_MODE\" \"$1\" > " + dir.file("env") +
                         "\nif read -r line; then echo stdin > " + dir.file("stdin") +
                         "; fi\nSTATUS='{\"token\":\"" + sim.token() + "\"}'");
  exec.args = {"--flag"};
  exec.env = {{"PLUGIN_MODE", "test"}};
  exec.provideClusterInfo = true;
  config.credentials.exec = exec;
  RestClient client(config, nullptr);
  CHECK(listNamespaces(client).response.status == 200);
  CHECK(readFile(dir.file("env")) == "test|--flag");
  CHECK(::access(dir.file("stdin").c_str(), F_OK) != 0);
  const auto info =
      Poco::JSON::Parser().parse(readFile(dir.file("info"))).extract<Poco::JSON::Object::Ptr>();
  CHECK(info->getValue<std::string>("apiVersion") == kV1);
  const auto spec = info->getObject("spec");
  CHECK(spec->getValue<bool>("interactive") == false);
  CHECK(spec->getObject("cluster")->getValue<std::string>("server") == sim.url());
  CHECK(base64Decode(spec->getObject("cluster")->getValue<std::string>(
            "certificate-authority-data")) == sim.caPem());
}

TEST_CASE("exec plugin: command and arguments reach it verbatim, through no shell") {
  SimCluster sim({"--profile", "instant"});
  TempDir dir;
  auto config = withoutCredentials(sim);
  // Each argument on a line of its own, as the plugin received it.
  auto exec = plugin(dir, kV1,
                     "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > " + dir.file("args") +
                         "\nSTATUS='{\"token\":\"" + sim.token() + "\"}'");
  const std::string marker = dir.file("expanded");
  const std::vector<std::string> args = {"$(touch " + marker + ")",
                                         "`touch " + marker + "`",
                                         "a b; touch " + marker,
                                         "*",
                                         "$HOME",
                                         "'quoted'"};
  exec.args = args;
  config.credentials.exec = exec;
  RestClient client(config, nullptr);
  CHECK(listNamespaces(client).response.status == 200);
  std::string expected;
  for (const auto& arg : args)
    expected += arg + "\n";
  CHECK(readFile(dir.file("args")) == expected);
  CHECK(::access(marker.c_str(), F_OK) != 0);
}

TEST_CASE("exec plugin: a client certificate from the plugin authenticates") {
  SimCluster sim({"--profile", "instant", "--client-cert-user", "frank"});
  const auto user = simUser(sim, "sim-cert");
  TempDir dir;
  writeFile(dir.file("cert.pem"), base64Decode(user["client-certificate-data"].as<std::string>()));
  writeFile(dir.file("key.pem"), base64Decode(user["client-key-data"].as<std::string>()));
  auto config = withoutCredentials(sim);
  // JSON strings need the newlines of PEM escaped.
  config.credentials.exec =
      plugin(dir, kV1,
             "C=$(awk '{printf \"%s\\\\n\", $0}' " + dir.file("cert.pem") + ")\nK=$(awk '{printf " +
                 "\"%s\\\\n\", $0}' " + dir.file("key.pem") +
                 ")\nSTATUS='{\"clientCertificateData\":\"'$C'\",\"clientKeyData\":\"'$K'\"}'");
  RestClient client(config, nullptr);
  const auto sent = listNamespaces(client);
  INFO(sent.response.body);
  CHECK(sent.response.status == 200);
}

TEST_CASE("exec plugin: a failing plugin is an error naming it, its hint, and its stderr shows") {
  SimCluster sim({"--profile", "instant"});
  TempDir dir;
  auto config = withoutCredentials(sim);
  auto exec = plugin(dir, kV1, "echo 'plugin says: log in first' >&2\nexit 3");
  config.credentials.exec = exec;
  RestClient client(config, nullptr);
  std::string message;
  std::string stderrText;
  {
    StderrCapture capture(dir.file("stderr"));
    try {
      listNamespaces(client);
    } catch (const CredentialError& e) {
      message = e.what();
    }
    stderrText = capture.text();
  }
  CHECK_THAT(message, Catch::Contains(exec.command) && Catch::Contains("exited with status 3") &&
                          Catch::Contains("see https://example.com/plugin") &&
                          Catch::Contains(dir.file("kubeconfig")));
  CHECK_THAT(stderrText, Catch::Contains("plugin says: log in first"));
}

TEST_CASE("exec plugin: bad JSON, a wrong apiVersion and a missing command are errors") {
  SimCluster sim({"--profile", "instant"});
  TempDir dir;
  auto config = withoutCredentials(sim);
  auto failure = [&](ExecConfig exec) -> std::string {
    config.credentials.exec = exec;
    RestClient client(config, nullptr);
    try {
      listNamespaces(client);
    } catch (const CredentialError& e) {
      return e.what();
    }
    return "no error";
  };
  auto exec = plugin(dir, kV1, "echo not-json; exit 0");
  CHECK_THAT(failure(exec), Catch::Contains("not an ExecCredential"));
  exec = plugin(dir, kV1, "STATUS='{\"token\":\"x\"}'");
  exec.apiVersion = kV1beta1;  // the plugin answers v1
  CHECK_THAT(failure(exec), Catch::Contains("returned version"));
  exec.command = "perfscale-no-such-plugin";
  CHECK_THAT(failure(exec), Catch::Contains("perfscale-no-such-plugin not found") &&
                                Catch::Contains("see https://example.com/plugin"));
}
