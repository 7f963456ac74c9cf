// The kubectl-perfscale executable's command line, and its discovery as a kubectl plugin.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/support/process.h"

using namespace std::chrono_literals;
using perfscale::test::runCommand;

namespace {
const std::string kPlugin = PERFSCALE_PLUGIN_BINARY;
}

TEST_CASE("plugin: version prints the version, commit and build date") {
  for (const auto& flag : {"version", "--version"}) {
    auto result = runCommand({kPlugin, flag});
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(result.out, Catch::StartsWith("kubectl-perfscale v") && Catch::Contains("commit ") &&
                               Catch::Contains("built "));
  }
  auto json = runCommand({kPlugin, "version", "-o", "json"});
  REQUIRE(json.exitCode == 0);
  CHECK_THAT(json.out, Catch::Contains("\"gitCommit\":") && Catch::Contains("\"buildDate\":"));
  CHECK(runCommand({kPlugin, "version", "-o", "yaml"}).exitCode == 1);
}

TEST_CASE("plugin: --help lists every subcommand with a one-line summary") {
  auto result = runCommand({kPlugin, "--help"});
  REQUIRE(result.exitCode == 0);
  for (const char* command : {"run", "report", "diff", "replay", "runs", "cleanup", "version"}) {
    CHECK_THAT(result.out, Catch::Contains(std::string("\n  ") + command + " "));
  }
}

TEST_CASE("plugin: an unknown command or flag fails with a pointer to --help") {
  auto unknown = runCommand({kPlugin, "explode"});
  CHECK(unknown.exitCode == 1);
  CHECK_THAT(unknown.err,
             Catch::Contains("unknown command \"explode\"") && Catch::Contains("--help"));
  auto badFlag = runCommand({kPlugin, "version", "--no-such-flag"});
  CHECK(badFlag.exitCode == 1);
  CHECK_THAT(badFlag.err, Catch::Contains("no-such-flag"));
  auto nothing = runCommand({kPlugin});
  CHECK(nothing.exitCode == 1);
  CHECK_THAT(nothing.err, Catch::Contains("Usage"));
}

TEST_CASE(
    "plugin: a short flag takes its value attached and a boolean Go's spellings, as kubectl") {
  perfscale::test::TempDir dir;
  const std::map<std::string, std::string> noKubeconfig{{"KUBECONFIG", dir.file("none")},
                                                        {"HOME", dir.path()}};
  auto plan = [&](std::vector<std::string> flags) {
    std::vector<std::string> args{kPlugin, "run", "--dry-run", "--server", "https://127.0.0.1:1"};
    args.insert(args.end(), flags.begin(), flags.end());
    return runCommand(args, noKubeconfig, 30s);
  };
  // "-nteam-a" is -n team-a (not -n -t -e ...), whatever characters the value has.
  auto result = plan({"-nteam-a", "--insecure-skip-tls-verify=T"});
  INFO(result.err);
  CHECK(result.exitCode == 0);
  CHECK_THAT(result.out, Catch::Contains("Namespace: team-a (every iteration)"));
  const std::string scenario =
      std::string(PERFSCALE_SOURCE_DIR) + "/tests/scenarios/kubevirt-burst.yaml";
  result = plan({"-f" + scenario, "--insecure-skip-tls-verify=FALSE"});
  INFO(result.err);
  CHECK(result.exitCode == 0);
  CHECK_THAT(result.out, Catch::Contains("From: " + scenario));
  for (const std::string value : {"1", "t", "true", "True", "0", "f", "F", "false", "False"}) {
    INFO(value);
    CHECK(plan({"--insecure-skip-tls-verify=" + value}).exitCode == 0);
  }
  // Anything else names the flag and the spellings it takes.
  result = plan({"-insecure-skip-tls-verify=yes"});
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Catch::Contains("--insecure-skip-tls-verify=yes: not true or false") &&
                             Catch::Contains("TRUE"));
}

TEST_CASE("plugin: kubectl finds it on PATH as 'kubectl perfscale'") {
  if (runCommand({"kubectl", "version", "--client"}, {}, 20s).exitCode != 0) {
    WARN("kubectl is not on PATH: SKIPPING plugin discovery");
    return;
  }
  const std::string dir = std::filesystem::path(kPlugin).parent_path();
  const std::string path = dir + ":" + std::string(getenv("PATH") ? getenv("PATH") : "");
  auto result = runCommand({"kubectl", "perfscale", "version"}, {{"PATH", path}});
  INFO(result.err);
  REQUIRE(result.exitCode == 0);
  CHECK_THAT(result.out, Catch::StartsWith("kubectl-perfscale v"));
  auto listed = runCommand({"kubectl", "plugin", "list"}, {{"PATH", path}});
  CHECK_THAT(listed.out, Catch::Contains("kubectl-perfscale"));
}
