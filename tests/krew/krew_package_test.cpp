// The krew package (cmake --build build --target krew-package): the rendered manifest against
// krew-index's rules, the archive through the real kubectl, and the archive's binary in a clean
// Debian bookworm root with none of the project's libraries. Each test prints "SKIPPED:" and
// passes (ctest counts it as skipped) when the package has not been built.
#include <sqlite3.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/process.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::CommandResult;
using perfscale::test::readFile;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;
using perfscale::test::TempDir;
using perfscale::test::writeFile;

namespace {

const std::string kArchive = PERFSCALE_KREW_ARCHIVE;
const std::string kManifest = PERFSCALE_KREW_MANIFEST;
const std::string kVersion = PERFSCALE_VERSION;
const std::string kSourceDir = PERFSCALE_SOURCE_DIR;

// True when the package is there; otherwise says why the test is skipped.
bool packageBuilt() {
  namespace fs = std::filesystem;
  if (fs::exists(kArchive) && fs::exists(kManifest)) return true;
  std::cout << "SKIPPED: the krew package is not built (cmake --build <build> --target "
               "krew-package writes "
            << kArchive << ")\n";
  return false;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// The archive's members, without a leading "./".
std::set<std::string> archiveMembers() {
  auto listing = runCommand({"tar", "-tzf", kArchive});
  REQUIRE(listing.exitCode == 0);
  std::set<std::string> members;
  for (auto name : lines(listing.out)) {
    if (name.rfind("./", 0) == 0) name = name.substr(2);
    members.insert(name);
  }
  return members;
}

void unpackArchive(const std::string& dir) {
  std::filesystem::create_directories(dir);
  auto result = runCommand({"tar", "-xzf", kArchive, "-C", dir});
  INFO(result.err);
  REQUIRE(result.exitCode == 0);
}

// The highest GLIBC_ symbol version `binary` needs, by objdump -T.
std::string highestGlibc(const std::string& binary) {
  auto dump = runCommand({"objdump", "-T", binary});
  REQUIRE(dump.exitCode == 0);
  std::string highest;
  auto numbers = [](const std::string& v) {
    std::vector<int> parts;
    std::istringstream in(v);
    for (std::string part; std::getline(in, part, '.');)
      parts.push_back(std::stoi(part));
    return parts;
  };
  const std::regex symbolVersion(R"(GLIBC_([0-9]+(\.[0-9]+)*))");
  for (auto it = std::sregex_iterator(dump.out.begin(), dump.out.end(), symbolVersion);
       it != std::sregex_iterator(); ++it) {
    const std::string v = (*it)[1];
    if (highest.empty() || numbers(v) > numbers(highest)) highest = v;
  }
  return highest;
}

std::optional<std::string> findOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream in(path ? path : "");
  for (std::string dir; std::getline(in, dir, ':');) {
    const auto candidate = dir + "/" + name;
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

int64_t traceInteger(const std::string& trace, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(trace.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  INFO(sql);
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
  int64_t value = -1;
  if (sqlite3_step(statement) == SQLITE_ROW) value = sqlite3_column_int64(statement, 0);
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return value;
}

}  // namespace

TEST_CASE("krew: the rendered manifest follows krew-index's rules and matches its archive") {
  if (!packageBuilt()) return;
  namespace fs = std::filesystem;
  const YAML::Node manifest = YAML::LoadFile(kManifest);

  CHECK(manifest["apiVersion"].as<std::string>() ==
        "krew.googlecontainertools.github.com/v1alpha2");
  CHECK(manifest["kind"].as<std::string>() == "Plugin");
  const auto name = manifest["metadata"]["name"].as<std::string>();
  CHECK(name == "perfscale");
  CHECK(std::regex_match(name, std::regex(R"([A-Za-z0-9_-]+)")));
  CHECK(fs::path(kManifest).stem().string() == name);  // krew-index: file name = plugin name

  const YAML::Node spec = manifest["spec"];
  REQUIRE(spec.IsMap());
  const std::set<std::string> known = {"version",     "homepage", "shortDescription",
                                       "description", "caveats",  "platforms"};
  for (const auto& entry : spec) {
    INFO(entry.first.as<std::string>());
    CHECK(known.count(entry.first.as<std::string>()) == 1);  // krew decodes strictly
  }

  const auto version = spec["version"].as<std::string>();
  CHECK(std::regex_match(
      version,
      std::regex(
          R"(v(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*)){2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?)")));
  CHECK(version == "v" + kVersion);

  CHECK(std::regex_match(spec["homepage"].as<std::string>(), std::regex("https://[^ ]+")));

  const auto shortDescription = spec["shortDescription"].as<std::string>();
  INFO("shortDescription: " << shortDescription);
  CHECK(!shortDescription.empty());
  CHECK(shortDescription.size() < 70);
  CHECK(shortDescription.find('\n') == std::string::npos);

  const auto description = spec["description"].as<std::string>();
  CHECK_THAT(description, Catch::Contains("VirtualMachineInstances"));
  CHECK_THAT(description, Catch::Contains("Example"));
  CHECK_THAT(description, Catch::Contains("kubectl perfscale run"));

  const auto caveats = spec["caveats"].as<std::string>();
  CHECK_THAT(caveats, Catch::Contains("kubevirt.io/v1 virtualmachineinstances"));
  CHECK_THAT(caveats, Catch::Contains("create, get, list, watch, delete and deletecollection"));
  CHECK_THAT(caveats, Catch::Contains("namespaces"));

  // Exactly one platform: linux/amd64 or linux/arm64, the archive that was built.
  const YAML::Node platforms = spec["platforms"];
  REQUIRE(platforms.IsSequence());
  REQUIRE(platforms.size() == 1);
  const YAML::Node platform = platforms[0];
  const YAML::Node labels = platform["selector"]["matchLabels"];
  REQUIRE(labels.IsMap());
  for (const auto& label : labels) {
    INFO("matchLabels key " << label.first.as<std::string>());
    CHECK((label.first.as<std::string>() == "os" || label.first.as<std::string>() == "arch"));
  }
  CHECK(labels["os"].as<std::string>() == "linux");
  const auto arch = labels["arch"].as<std::string>();
  CHECK((arch == "amd64" || arch == "arm64"));
  CHECK(fs::path(kArchive).filename().string() ==
        "kubectl-perfscale_v" + kVersion + "_linux_" + arch + ".tar.gz");

  const auto uri = platform["uri"].as<std::string>();
  CHECK(std::regex_match(uri, std::regex("https://[^ ]+")));
  CHECK(fs::path(uri).filename().string() == fs::path(kArchive).filename().string());

  const auto sha256 = platform["sha256"].as<std::string>();
  CHECK(std::regex_match(sha256, std::regex("[0-9a-f]{64}")));
  auto sum = runCommand({"sha256sum", kArchive});
  REQUIRE(sum.exitCode == 0);
  CHECK(sum.out.substr(0, 64) == sha256);

  // Every `from` is in the archive, LICENSE among them; `bin` is where `files` put it.
  const auto members = archiveMembers();
  std::set<std::string> installed;
  bool license = false;
  for (const auto& file : platform["files"]) {
    const auto from = file["from"].as<std::string>();
    const auto to = file["to"].as<std::string>();
    INFO("files: from " << from << " to " << to);
    CHECK(members.count(from) == 1);
    CHECK(to == ".");
    installed.insert(from);
    license = license || from == "LICENSE";
  }
  CHECK(license);
  for (const auto& member : members) {
    INFO(member << " is in the archive but not in the manifest's files");
    CHECK(installed.count(member) == 1);
  }
  const auto bin = platform["bin"].as<std::string>();
  CHECK(bin == "kubectl-perfscale");
  CHECK(installed.count(bin) == 1);

  // The binary says the manifest's version; the caveats name the glibc it needs.
  TempDir dir;
  unpackArchive(dir.file("plugin"));
  auto reported = runCommand({dir.file("plugin/" + bin), "version", "-o", "json"});
  INFO(reported.err);
  REQUIRE(reported.exitCode == 0);
  CHECK_THAT(reported.out, Catch::Contains("\"version\":\"" + version + "\""));
  const auto glibc = highestGlibc(dir.file("plugin/" + bin));
  REQUIRE(!glibc.empty());
  CHECK_THAT(caveats, Catch::Contains("glibc " + glibc + " or newer"));
}

TEST_CASE("krew: the archive's binaries need glibc alone, at most the version in the manifest") {
  if (!packageBuilt()) return;
  TempDir dir;
  unpackArchive(dir.path());
  const std::regex glibcLibrary(
      R"((libc|libm|libdl|libpthread|librt|libresolv)\.so\.[0-9]+|ld-linux-[a-z0-9_-]+\.so\.[0-9]+)");
  int elfs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    const auto path = entry.path().string();
    if (readFile(path).rfind("\x7f"
                             "ELF",
                             0) != 0) {
      continue;
    }
    ++elfs;
    auto headers = runCommand({"objdump", "-p", path});
    REQUIRE(headers.exitCode == 0);
    for (const auto& line : lines(headers.out)) {
      std::istringstream in(line);
      std::string key, library;
      in >> key >> library;
      if (key != "NEEDED") continue;
      INFO(path << " needs " << library);
      CHECK(std::regex_match(library, glibcLibrary));
    }
    // Static libstdc++ and OpenSSL: no C++ runtime or OpenSSL symbol comes from outside.
    auto dynamic = runCommand({"objdump", "-T", path});
    REQUIRE(dynamic.exitCode == 0);
    CHECK_THAT(dynamic.out, !Catch::Contains("GLIBCXX_") && !Catch::Contains("CXXABI_") &&
                                !Catch::Contains("OPENSSL_") && !Catch::Contains("GCC_"));
  }
  CHECK(elfs >= 1);
  // Name lookups go through the system's glibc and its NSS modules, not a static copy.
  auto plugin = runCommand({"objdump", "-T", dir.file("kubectl-perfscale")});
  REQUIRE(plugin.exitCode == 0);
  CHECK(std::regex_search(plugin.out, std::regex(R"(\*UND\*.*GLIBC_[0-9.]+\)?\s+getaddrinfo\n)")));
  const auto manifest = readFile(kManifest);
  const auto glibc = highestGlibc(dir.file("kubectl-perfscale"));
  INFO("highest GLIBC_ symbol version: " << glibc);
  CHECK_THAT(manifest, Catch::Contains("glibc " + glibc + " or newer"));
  // Debian bookworm has glibc 2.36: the package must run on the system it is built on.
  CHECK(std::stod(glibc.substr(2)) <= 36);
}

TEST_CASE("krew: kubectl finds the unpacked archive on a PATH of its own and runs it") {
  if (!packageBuilt()) return;
  const auto kubectl = findOnPath("kubectl");
  if (!kubectl) {
    std::cout << "SKIPPED: kubectl is not on PATH\n";
    return;
  }
  namespace fs = std::filesystem;
  TempDir dir;
  const auto plugins = dir.file("plugins");
  unpackArchive(plugins);
  const auto kubectlDir = fs::canonical(*kubectl).parent_path().string();
  const std::map<std::string, std::string> env = {{"PATH", plugins + ":" + kubectlDir},
                                                  {"HOME", dir.path()},
                                                  {"KUBECONFIG", dir.file("no-kubeconfig")}};

  auto list = runCommand({"kubectl", "plugin", "list"}, env, 60s);
  INFO(list.out << list.err);
  CHECK(list.exitCode == 0);
  CHECK_THAT(list.out, Catch::Contains(plugins + "/kubectl-perfscale"));

  auto version = runCommand({"kubectl", "perfscale", "version"}, env, 60s);
  INFO(version.out << version.err);
  CHECK(version.exitCode == 0);
  CHECK_THAT(version.out, Catch::StartsWith("kubectl-perfscale v" + kVersion + " (commit "));
}

TEST_CASE(
    "krew: in a clean Debian bookworm root with none of the project's libraries, the archive's "
    "plugin prints its version and runs 5 VMIs against perfscale-sim on localhost, traced") {
  if (!packageBuilt()) return;
  const auto chroot = findOnPath("chroot");
  if (::geteuid() != 0 || !chroot) {
    std::cout << "SKIPPED: making and entering the clean root needs root and chroot\n";
    return;
  }
  namespace fs = std::filesystem;
  auto made = runCommand({kSourceDir + "/krew/clean-root.sh"}, {}, 900s);
  INFO(made.err);
  REQUIRE(made.exitCode == 0);
  const auto tarball = lines(made.out).back();

  TempDir dir;
  const auto root = dir.file("root");
  fs::create_directories(root);
  auto unpacked = runCommand({"tar", "-xf", tarball, "-C", root}, {}, 120s);
  INFO(unpacked.err);
  REQUIRE(unpacked.exitCode == 0);
  REQUIRE(fs::exists(root + "/usr/lib/os-release"));
  CHECK_THAT(readFile(root + "/usr/lib/os-release"), Catch::Contains("bookworm"));

  // None of what the project links is in the root. Minbase has libstdc++, libgcc_s and zlib
  // (apt needs them): this copy of the root loses them, so the plugin cannot use them either.
  std::vector<fs::path> removed;
  for (const auto& entry : fs::recursive_directory_iterator(root + "/usr/lib")) {
    const auto file = entry.path().filename().string();
    for (const char* prefix : {"libstdc++.so", "libgcc_s.so", "libz.so"}) {
      if (file.rfind(prefix, 0) == 0) removed.push_back(entry.path());
    }
  }
  CHECK(removed.size() >= 3);
  for (const auto& path : removed)
    fs::remove(path);
  auto libraries =
      runCommand({"find",  root + "/usr/lib", root + "/lib", "-name", "libPoco*",      "-o",
                  "-name", "libssl.so*",      "-o",          "-name", "libcrypto.so*", "-o",
                  "-name", "libyaml-cpp*",    "-o",          "-name", "libsqlite3*",   "-o",
                  "-name", "libfmt*",         "-o",          "-name", "libspdlog*",    "-o",
                  "-name", "libexpat*",       "-o",          "-name", "libpcre.so*",   "-o",
                  "-name", "libstdc++.so*",   "-o",          "-name", "libgcc_s.so*",  "-o",
                  "-name", "libz.so*"});
  CHECK(libraries.out == "");

  unpackArchive(root + "/opt/kubectl-perfscale");
  const std::string plugin = "/opt/kubectl-perfscale/kubectl-perfscale";
  const std::map<std::string, std::string> env = {
      {"PATH", "/usr/local/bin:/usr/bin:/bin"}, {"HOME", "/root"}, {"KUBECONFIG", "/kubeconfig"}};

  auto version = runCommand({*chroot, root, plugin, "version"}, env, 60s);
  INFO(version.out << version.err);
  REQUIRE(version.exitCode == 0);
  CHECK_THAT(version.out, Catch::StartsWith("kubectl-perfscale v" + kVersion));

  // The server by name: getaddrinfo resolves it through the root's own glibc and
  // /etc/hosts, as on any machine (the sim's certificate names localhost).
  SimCluster sim({"--profile", "instant"});
  auto kubeconfig = readFile(sim.kubeconfig());
  const std::string byAddress = "server: https://127.0.0.1:";
  const auto at = kubeconfig.find(byAddress);
  REQUIRE(at != std::string::npos);
  kubeconfig.replace(at, byAddress.size(), "server: https://localhost:");
  writeFile(root + "/kubeconfig", kubeconfig);
  writeFile(root + "/etc/hosts", "127.0.0.1 localhost\n");
  auto run = runCommand({*chroot, root, plugin, "run", "--vmi-count", "5", "--trace", "/trace.db",
                         "--wait-when-finished", "0s"},
                        env, 120s);
  INFO(run.out << run.err);
  REQUIRE(run.exitCode == 0);
  CHECK_THAT(run.out, Catch::Contains("5 asked, 5 created, 0 failed"));

  const auto trace = root + "/trace.db";
  CHECK(traceInteger(trace, "SELECT count(*) FROM runs WHERE outcome='ok'") == 1);
  CHECK(traceInteger(trace,
                     "SELECT count(*) FROM objects_v WHERE kind='VirtualMachineInstance' AND "
                     "created_ns IS NOT NULL AND gone_ns IS NOT NULL") == 5);
  CHECK(traceInteger(trace, "SELECT count(DISTINCT name) FROM phases_v WHERE phase='Running'") ==
        5);
}
