// Hostile kubeconfigs: huge, endless, deeply nested, alias bombs, binary, unreadable, the wrong
// kind of document, a FIFO nobody writes. Each is one error naming the file, in bounded time and
// memory.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "tests/support/peak_memory.h"
#include "tests/unit/kube_kubeconfig_fixture.h"

using Catch::Contains;
using perfscale::kube::KubeconfigError;
using perfscale::kube::KubeconfigOverrides;
using perfscale::test::kMiB;
using perfscale::test::KubeconfigFixture;
using perfscale::test::oneContextKubeconfig;
using perfscale::test::peakMemoryBytes;
using perfscale::test::resetPeakMemory;

namespace {

// YAML "billion laughs": ten levels of nine aliases each, 9^9 strings when expanded.
std::string aliasBomb(const std::string& indent) {
  std::string text = indent + "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 10; ++i) {
    const std::string previous = "*a" + std::to_string(i - 1);
    text += indent + "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 9; ++k)
      text += (k ? ", " : "") + previous;
    text += "]\n";
  }
  return text;
}

}  // namespace

TEST_CASE("kubeconfig hostile: a 50 MB file is refused by its size, naming the file") {
  KubeconfigFixture fx;
  const std::string huge =
      oneContextKubeconfig("    token: t\n") + "# " + std::string(50 * 1000 * 1000, 'x') + "\n";
  const std::string path = fx.write("kubeconfig.yaml", huge);
  KubeconfigOverrides flags;
  flags.kubeconfig = path;
  resetPeakMemory();
  const auto started = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(fx.load(flags), Contains("kubeconfig " + path) &&
                                        Contains("larger than 16 MiB") && Contains("--kubeconfig"));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  CHECK(peakMemoryBytes() < 1024 * kMiB);
}

TEST_CASE("kubeconfig hostile: an endless file (/dev/zero) stops at the size limit") {
  KubeconfigFixture fx;
  KubeconfigOverrides flags;
  flags.kubeconfig = "/dev/zero";
  resetPeakMemory();
  CHECK_THROWS_WITH(fx.load(flags),
                    Contains("kubeconfig /dev/zero") && Contains("larger than 16 MiB"));
  CHECK(peakMemoryBytes() < 1024 * kMiB);
}

TEST_CASE("kubeconfig hostile: 100,000 nested brackets or braces say how deep YAML may nest") {
  KubeconfigFixture fx;
  const std::string path = fx.path("kubeconfig.yaml");
  for (const std::string& deep : {std::string(100'000, '['), "x: " + std::string(100'000, '{'),
                                  std::string(100'000, '[') + std::string(100'000, ']')}) {
    CHECK_THROWS_WITH(fx.loadKubeconfig(deep), Contains(path + ":") &&
                                                   Contains("nested deeper than") &&
                                                   !Contains("bad file"));
  }
}

TEST_CASE("kubeconfig hostile: an alias bomb is refused or ignored, in bounded time and memory") {
  KubeconfigFixture fx;
  const std::string base = oneContextKubeconfig("    token: t\n");
  resetPeakMemory();
  const auto started = std::chrono::steady_clock::now();
  // Fields kubectl ignores (preferences, extensions) may hold anything; a bomb there is not
  // expanded. One in a field we read is a type error at its line.
  CHECK(fx.loadKubeconfig(base + "preferences:\n" + aliasBomb("  ")).server ==
        "https://main.example:6443");
  CHECK_THROWS_WITH(fx.loadKubeconfig("bomb:\n" + aliasBomb("  ") + "clusters: *a9\n"),
                    Contains(fx.path("kubeconfig.yaml") + ":"));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  CHECK(peakMemoryBytes() < 1024 * kMiB);
}

TEST_CASE("kubeconfig hostile: binary garbage is not valid YAML, naming the file") {
  KubeconfigFixture fx;
  std::string garbage;
  for (int i = 0; i < 4096; ++i)
    garbage.push_back(static_cast<char>((i * 7919 + 13) % 256));
  CHECK_THROWS_AS(fx.loadKubeconfig(garbage), KubeconfigError);
  CHECK_THROWS_WITH(fx.loadKubeconfig(garbage), Contains(fx.path("kubeconfig.yaml")));
  CHECK_THROWS_WITH(fx.loadKubeconfig(std::string("\x7f"
                                                  "ELF\x02\x01\x01\0\0\0",
                                                  10)),
                    Contains(fx.path("kubeconfig.yaml")));
}

TEST_CASE("kubeconfig hostile: a file without read permission says so and what to do") {
  if (geteuid() == 0) {
    WARN("skipped: running as root, whom file permissions do not stop");
    return;
  }
  KubeconfigFixture fx;
  const std::string path = fx.write("kubeconfig.yaml", oneContextKubeconfig("    token: t\n"));
  ::chmod(path.c_str(), 0);
  KubeconfigOverrides flags;
  flags.kubeconfig = path;
  CHECK_THROWS_WITH(fx.load(flags), Contains("kubeconfig " + path) &&
                                        Contains("Permission denied") &&
                                        Contains("fix its permissions"));
}

TEST_CASE("kubeconfig hostile: a document that is a list or a scalar is not a kubeconfig") {
  KubeconfigFixture fx;
  const std::string path = fx.path("kubeconfig.yaml");
  CHECK_THROWS_WITH(
      fx.loadKubeconfig("- clusters\n- users\n"),
      Contains(path + ":1:1") && Contains("must be a kubeconfig") && Contains("found a list"));
  CHECK_THROWS_WITH(fx.loadKubeconfig("just text\n"),
                    Contains(path + ":1:1") && Contains("must be a kubeconfig"));
  CHECK_THROWS_WITH(fx.loadKubeconfig("clusters: {a: b}\n"),
                    Contains(path + ":1:") && Contains("clusters"));
}

TEST_CASE(
    "kubeconfig hostile: a pipe is read as it arrives, a FIFO without a writer ends at once") {
  KubeconfigFixture fx;
  // As --kubeconfig <(generate-kubeconfig) passes it: written a little later, then closed.
  int ends[2];
  REQUIRE(::pipe(ends) == 0);
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const std::string text = oneContextKubeconfig("    token: t\n");
    CHECK(::write(ends[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    ::close(ends[1]);
  });
  KubeconfigOverrides flags;
  flags.kubeconfig = "/proc/self/fd/" + std::to_string(ends[0]);
  CHECK(fx.load(flags).server == "https://main.example:6443");
  writer.join();
  ::close(ends[0]);

  const std::string fifo = fx.path("fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  flags.kubeconfig = fifo;
  const auto started = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(fx.load(flags), KubeconfigError);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}
