// `run` given hostile input (a huge, endless or deeply nested scenario, a template that
// renders to gigabytes, a huge kubeconfig, flags out of range) fails with one message naming
// the file or flag, exit 1, before it contacts the server or creates its trace.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/e2e/hostile_server.h"
#include "tests/e2e/plugin_run_support.h"

using namespace std::chrono_literals;
using perfscale::test::kPlugin;
using perfscale::test::runCommand;
using perfscale::test::TempDir;
using perfscale::test::writeFile;
using perfscale::test::kube::hostileKubeconfig;
using perfscale::test::kube::HostileRequest;
using perfscale::test::kube::HostileServer;

TEST_CASE("hostile input: run refuses bad files and flags before any request or trace") {
  TempDir dir;
  HostileServer server(dir, [](HostileServer&, Poco::Net::StreamSocket&, const HostileRequest&) {
    return false;  // never reached
  });
  const std::string kubeconfig = hostileKubeconfig(dir, server);
  writeFile(dir.file("huge.yaml"), "name: t\ncount: 1\n# " + std::string(20'000'000, 'x'));
  writeFile(dir.file("deep.yaml"), std::string(100'000, '['));
  std::string manyVariables =
      "apiVersion: kubevirt.io/v1\nkind: VirtualMachineInstance\n"
      "metadata:\n  name: vmi-{{.replica}}\nspec:\n  x: '";
  for (int i = 0; i < 200'000; ++i)
    manyVariables += "{{.big}}";
  writeFile(dir.file("big.tmpl"), manyVariables + "'\n");
  writeFile(dir.file("bomb.yaml"),
            "name: t\ncount: 1\nobject:\n  templateFile: big.tmpl\n"
            "  inputVars: {big: " +
                std::string(1'000'000, 'b') + "}\n");
  writeFile(dir.file("huge-kubeconfig"), "# " + std::string(20'000'000, 'x'));

  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {{"-f", dir.file("huge.yaml")}, dir.file("huge.yaml") + ": the scenario file is larger than"},
      {{"-f", "/dev/zero"}, "/dev/zero: the scenario file is larger than 16 MiB"},
      {{"-f", dir.file("deep.yaml")}, "nested deeper than"},
      {{"-f", dir.file("bomb.yaml")}, dir.file("big.tmpl") + ": the template renders to more than"},
      {{"--kubeconfig", dir.file("huge-kubeconfig")}, "is larger than 16 MiB"},
      {{"--qps", "nan"}, "--qps: expected a number"},
      {{"--vmi-count", "-5"}, "--vmi-count: must be at least 1"},
      {{"--vmi-count", "99999999999"}, "--vmi-count: expected a whole number"},
      {{"--max-wait-timeout", "99999999999h"}, "--max-wait-timeout"},
      {{"--request-timeout", "1e9h"}, "--request-timeout"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> argv = {kPlugin,    "run",     "--kubeconfig",
                                     kubeconfig, "--trace", dir.file("t.db")};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    INFO(c.args.at(0) << " " << c.args.at(1));
    const auto started = std::chrono::steady_clock::now();
    const auto result = runCommand(argv, {}, 60s);
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK_THAT(result.err, Catch::Contains(c.expected));
    CHECK(std::chrono::steady_clock::now() - started < 20s);
    CHECK_FALSE(std::filesystem::exists(dir.file("t.db")));
  }
  CHECK(server.targets().empty());
}
