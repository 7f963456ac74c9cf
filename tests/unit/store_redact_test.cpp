// Secrets never reach the trace: credential flags and URL passwords are redacted, and a run
// written the way a token-authenticated run writes it holds no trace of its token.
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/redact.h"
#include "store/trace_reader.h"
#include "store/trace_writer.h"
#include "tests/support/process.h"

using perfscale::redactArguments;
using perfscale::redactUrl;
using perfscale::test::readFile;
using perfscale::test::TempDir;
using Args = std::vector<std::string>;

TEST_CASE("store: credential flags are redacted in every spelling") {
  CHECK(redactArguments({"--token", "abc", "--qps", "5"}) ==
        Args{"--token", "REDACTED", "--qps", "5"});
  CHECK(redactArguments({"--token=abc"}) == Args{"--token=REDACTED"});
  CHECK(redactArguments({"-token", "abc"}) == Args{"-token", "REDACTED"});
  CHECK(redactArguments({"-token=abc"}) == Args{"-token=REDACTED"});
  CHECK(redactArguments({"--password", "pw", "--username", "admin"}) ==
        Args{"--password", "REDACTED", "--username", "admin"});
  CHECK(redactArguments({"--client-key-data=LS0t"}) == Args{"--client-key-data=REDACTED"});
  CHECK(redactArguments({"Authorization: Bearer abc"}) == Args{"Authorization: REDACTED"});
  CHECK(redactArguments({"authorization:basic abc"}) == Args{"Authorization: REDACTED"});
}

TEST_CASE("store: paths to credentials and other flags are kept") {
  const Args kept = {
      "--client-key", "/home/me/key.pem", "--kubeconfig", "/k", "--tokens-per-s", "5", "--name",
      "token"};
  CHECK(redactArguments(kept) == kept);
  CHECK(redactArguments({"--token"}) == Args{"--token"});  // nothing follows: nothing to hide
}

TEST_CASE("store: a password in a URL is redacted, the rest kept") {
  CHECK(redactUrl("https://admin:secret@api.example:6443/x@y") ==
        "https://REDACTED@api.example:6443/x@y");
  CHECK(redactUrl("https://api.example:6443") == "https://api.example:6443");
  CHECK(redactUrl("https://token@host") == "https://REDACTED@host");
}

TEST_CASE("store: the trace of a token-authenticated run holds no trace of the token") {
  const std::string token = "eyJhbGciOiJSUzI1NiIsImtpZCI6InNlY3JldC10b2tlbi0xMjM0NTY3ODkw";
  const std::string password = "hunter2-the-password";
  TempDir dir;
  const auto path = dir.file("t.db");
  {
    perfscale::store::TraceWriter writer(path);
    perfscale::RunInfo run;
    run.uuid = "u-1";
    run.name = "secrets";
    // What the plugin hands over, unredacted by mistake: the writer redacts again.
    run.arguments = {"--vmi-count", "2", "--token", token, "--password=" + password};
    run.serverUrl = "https://admin:" + password + "@127.0.0.1:6443";
    run.userName = "sim-admin";
    writer.beginRun(run);
    for (uint64_t seq = 1; seq <= 100; ++seq) {
      perfscale::RequestRecord request;  // requests carry no headers at all
      request.seq = seq;
      request.verb = "create";
      request.resource = "virtualmachineinstances";
      request.ns = "perf-0";
      request.name = "vmi-" + std::to_string(seq);
      request.status = 201;
      request.payload = R"({"kind":"VirtualMachineInstance"})";
      writer.record(request);
    }
    writer.endRun({});
  }
  std::string bytes;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    bytes += readFile(entry.path().string());
  REQUIRE(bytes.find("vmi-100") != std::string::npos);  // the grep does see the trace's text
  CHECK(bytes.find(token) == std::string::npos);
  CHECK(bytes.find(token.substr(0, 16)) == std::string::npos);
  CHECK(bytes.find(password) == std::string::npos);
  const auto run = perfscale::store::TraceReader(path).findRun("u-1");
  REQUIRE(run);
  CHECK(run->info.arguments ==
        Args{"--vmi-count", "2", "--token", "REDACTED", "--password=REDACTED"});
  CHECK(run->info.serverUrl == "https://REDACTED@127.0.0.1:6443");
}
