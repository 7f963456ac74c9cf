// Shell completion and kubectl-style help, through the built binary: the bash script driven the
// way bash drives it (COMP_WORDS, COMP_CWORD, COMPREPLY), zsh and fish scripts, and real
// kubectl running kubectl_complete-perfscale. Every command the top-level --help lists is
// covered, so a new command is tested without a new line here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "tests/e2e/plugin_run_support.h"
#include "tests/support/process.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::kPlugin;
using perfscale::test::readFile;
using perfscale::test::runArgs;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;
using perfscale::test::TempDir;
using perfscale::test::writeFile;
using Lines = std::vector<std::string>;

namespace {

const std::string kPluginDir = std::filesystem::path(kPlugin).parent_path().string();

// PATH with the build directory first, as a user who installed the plugin has it.
std::map<std::string, std::string> pluginOnPath() {
  const char* path = std::getenv("PATH");
  return {{"PATH", kPluginDir + ":" + (path ? path : "/usr/bin:/bin")}};
}

Lines lines(const std::string& text) {
  Lines result;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) result.push_back(line);
  }
  return result;
}

Lines sorted(Lines values) {
  std::sort(values.begin(), values.end());
  return values;
}

// The first word of each line, or of each candidate ("value\tdescription").
Lines firstWords(const Lines& candidates) {
  Lines words;
  for (const auto& candidate : candidates)
    words.push_back(candidate.substr(0, candidate.find_first_of("\t ")));
  return words;
}

bool haveProgram(const std::string& name) {
  return runCommand({"sh", "-c", "command -v " + name}, {}, 10s).exitCode == 0;
}

// The commands the top-level --help lists, in its order.
Lines listedCommands() {
  const auto help = runCommand({kPlugin, "--help"});
  REQUIRE(help.exitCode == 0);
  const size_t start = help.out.find("\nCommands:\n");
  REQUIRE(start != std::string::npos);
  const size_t end = help.out.find("\n\n", start + 1);
  Lines names;
  for (const auto& line : lines(help.out.substr(start + 11, end - start - 11)))
    names.push_back(firstWords({line.substr(line.find_first_not_of(' '))}).front());
  REQUIRE(names.size() >= 8);
  return names;
}

// The lines of one section of a --help ("Examples:", "Flags:"), up to the next blank line
// followed by an unindented line.
std::string section(const std::string& help, const std::string& title) {
  const size_t start = help.find("\n" + title + "\n");
  if (start == std::string::npos) return "";
  const size_t body = start + title.size() + 2;
  size_t end = body;
  while (end < help.size()) {
    end = help.find("\n\n", end);
    if (end == std::string::npos || (end + 2 < help.size() && help[end + 2] != ' ')) break;
    end += 2;
  }
  return help.substr(body, end == std::string::npos ? std::string::npos : end - body);
}

// The plugin's own answer: `kubectl-perfscale __complete WORD...`.
Lines protocol(const Lines& words, const std::string& dir = ".") {
  std::string script = "cd \"$1\" && shift && exec kubectl-perfscale __complete \"$@\"";
  std::vector<std::string> argv = {"bash", "-c", script, "bash", dir};
  argv.insert(argv.end(), words.begin(), words.end());
  const auto result = runCommand(argv, pluginOnPath(), 30s);
  INFO(result.err);
  REQUIRE(result.exitCode == 0);
  return lines(result.out);
}

// COMPREPLY of the bash script's function, for `words` as bash splits them (the last is the word
// under the cursor; "--output=json" arrives as "--output" "=" "json"), run in `dir`.
Lines bashComplete(const Lines& words, const std::string& dir = ".") {
  const std::string script =
      "cd \"$1\" || exit 1; shift\n"
      "source <(kubectl-perfscale completion bash) || exit 1\n"
      "COMP_WORDS=(\"$@\"); COMP_CWORD=$(( $# - 1 ))\n"
      "COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}\n"
      "__kubectl_perfscale_complete || exit 1\n"
      "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
  std::vector<std::string> argv = {"bash", "-c", script, "bash", dir, "kubectl-perfscale"};
  argv.insert(argv.end(), words.begin(), words.end());
  const auto result = runCommand(argv, pluginOnPath(), 30s);
  INFO(result.err);
  REQUIRE(result.exitCode == 0);
  return sorted(lines(result.out));
}

}  // namespace

TEST_CASE("help: every command's --help opens with its kubectl usage line and shows examples") {
  for (const auto& name : listedCommands()) {
    INFO(name);
    const auto help = runCommand({kPlugin, name, "--help"});
    REQUIRE(help.exitCode == 0);
    CHECK_THAT(help.out, Catch::StartsWith("Usage: kubectl perfscale " + name + " "));
    const auto examples = section(help.out, "Examples:");
    CHECK_THAT(examples, Catch::StartsWith("  # "));
    CHECK_THAT(examples, Catch::Contains("\n  kubectl perfscale " + name) ||
                             Catch::Contains("kubectl perfscale " + name + " "));
    CHECK_THAT(help.out, Catch::Contains("\nFlags:\n") && Catch::Contains("--help"));
  }
  const auto top = runCommand({kPlugin, "--help"});
  CHECK_THAT(top.out, Catch::StartsWith("Usage: kubectl perfscale <command> [flags]\n"));
  CHECK_THAT(section(top.out, "Examples:"), Catch::StartsWith("  # "));
}

TEST_CASE("help: every example a --help shows is a command line the plugin accepts") {
  std::vector<std::pair<std::string, std::string>> helps = {
      {"", runCommand({kPlugin, "--help"}).out}};
  for (const auto& name : listedCommands())
    helps.emplace_back(name, runCommand({kPlugin, name, "--help"}).out);
  size_t checked = 0;
  for (const auto& [name, help] : helps) {
    for (const auto& line : lines(section(help, "Examples:"))) {
      const std::string prefix = "  kubectl perfscale ";
      // Lines that pipe or redirect (completion's) would do more than parse here.
      const std::string unquoted = std::regex_replace(line, std::regex("'[^']*'"), "''");
      if (line.rfind(prefix, 0) != 0 || unquoted.find_first_of("|<>;&$`") != std::string::npos) {
        continue;
      }
      // The example's own words (the shell splits them, quotes and all), with --help: a flag
      // it does not declare, or a value of the wrong type, fails before the help is printed.
      INFO(line);
      const auto result =
          runCommand({"bash", "-c", "kubectl-perfscale " + line.substr(prefix.size()) + " --help"},
                     pluginOnPath(), 30s);
      INFO(result.err);
      CHECK(result.exitCode == 0);
      CHECK_THAT(result.out, Catch::StartsWith("Usage: kubectl perfscale "));
      ++checked;
    }
  }
  CHECK(checked >= 2 * listedCommands().size());
}

TEST_CASE("completion: __complete answers in cobra's protocol, candidates then the directive") {
  const auto answer = protocol({""});
  REQUIRE_FALSE(answer.empty());
  CHECK(answer.back() == ":4");  // no file names
  const Lines candidates(answer.begin(), answer.end() - 1);
  CHECK(firstWords(candidates) == listedCommands());
  for (const auto& candidate : candidates)
    CHECK_THAT(candidate, Catch::Contains("\t"));  // each with its summary
  CHECK(protocol({"explode", ""}) == Lines{":4"});
  CHECK(protocol({"report", "-o", ""}) ==
        Lines{"text", "json", "markdown", "html", "audit-json", ":4"});
  CHECK(protocol({"report", ""}) == Lines{"db", ":8"});  // files ending in .db
}

TEST_CASE("completion: bash completes the subcommands") {
  CHECK(bashComplete({""}) == sorted(listedCommands()));
  CHECK(bashComplete({"re"}) == Lines{"replay", "report"});
  CHECK(bashComplete({"--"}) == Lines{"--help", "--version"});
}

TEST_CASE("completion: bash completes the flags of run and report from their own options") {
  const auto run = bashComplete({"run", "--"});
  for (const char* flag : {"--vmi-count", "--qps", "--burst", "--trace", "--dry-run", "--output",
                           "--filename", "--threshold", "--kubeconfig", "--context", "--uuid"}) {
    CHECK(std::count(run.begin(), run.end(), flag) == 1);
  }
  CHECK(bashComplete({"run", "--vmi-c"}) == Lines{"--vmi-count", "--vmi-cpu-limit"});
  // A flag already given is not offered again; one that repeats is.
  const auto again = bashComplete({"run", "--dry-run", "--threshold", "x", "--"});
  CHECK(std::count(again.begin(), again.end(), "--dry-run") == 0);
  CHECK(std::count(again.begin(), again.end(), "--threshold") == 1);

  const auto report = bashComplete({"report", "--"});
  const Lines prometheusFlags = {"--prometheus",
                                 "--prometheus-certificate-authority",
                                 "--prometheus-client-certificate",
                                 "--prometheus-client-key",
                                 "--prometheus-insecure-skip-tls-verify",
                                 "--prometheus-token",
                                 "--prometheus-token-file"};
  Lines reportFlags = {"--help", "--out", "--output"};
  reportFlags.insert(reportFlags.end(), prometheusFlags.begin(), prometheusFlags.end());
  reportFlags.insert(reportFlags.end(), {"--threshold", "--thresholds"});
  CHECK(report == reportFlags);
  reportFlags.insert(reportFlags.end(), {"-h", "-o"});
  CHECK(bashComplete({"report", "-"}) == reportFlags);
}

TEST_CASE("completion: every flag a command's --help lists is completed for it") {
  const std::regex longFlag("--([a-z][a-z0-9-]*)");
  for (const auto& name : listedCommands()) {
    INFO(name);
    const auto help = runCommand({kPlugin, name, "--help"}).out;
    const auto flagsText = help.substr(help.find("\nFlags:\n"));
    std::set<std::string> listed;
    for (std::sregex_iterator it(flagsText.begin(), flagsText.end(), longFlag), end; it != end;
         ++it) {
      // Flag names only: "--name" at the start of a flag's line, not in a description.
      const size_t lineStart = flagsText.rfind('\n', static_cast<size_t>(it->position())) + 1;
      const auto before =
          flagsText.substr(lineStart, static_cast<size_t>(it->position()) - lineStart);
      if (before.find_first_not_of(" -,abcdefghijklmnopqrstuvwxyz") == std::string::npos &&
          before.size() <= 6) {
        listed.insert(it->str());
      }
    }
    REQUIRE(listed.count("--help") == 1);
    const auto offered = firstWords(protocol({name, "--"}));
    for (const auto& flag : listed) {
      INFO(flag);
      CHECK(std::count(offered.begin(), offered.end(), flag) == 1);
    }
  }
}

TEST_CASE("completion: bash completes -o with the formats the command declares") {
  CHECK(bashComplete({"run", "-o", ""}) == Lines{"json", "markdown", "text"});
  CHECK(bashComplete({"report", "--output", "=", ""}) ==
        Lines{"audit-json", "html", "json", "markdown", "text"});
  CHECK(bashComplete({"report", "-o", "m"}) == Lines{"markdown"});
  CHECK(bashComplete({"runs", "--output", "=", "j"}) == Lines{"json"});
  CHECK(bashComplete({"version", "-o", ""}) == Lines{"json", "text"});
  CHECK(bashComplete({"replay", "--mode", ""}) == Lines{"scenario", "timing"});
  CHECK(bashComplete({"completion", ""}) == Lines{"bash", "fish", "zsh"});
  // Go's single-dash spelling of a long flag, as the original load generator's users write it.
  CHECK(bashComplete({"run", "-output", "j"}) == Lines{"json"});
}

TEST_CASE("completion: bash completes trace files for --trace and for trace arguments") {
  TempDir dir;
  for (const char* file : {"a.db", "b.db", "notes.txt", "scenario.yaml"})
    writeFile(dir.file(file), "x");
  std::filesystem::create_directory(dir.file("old"));
  const Lines traces = {"a.db", "b.db", "old"};
  CHECK(bashComplete({"report", ""}, dir.path()) == traces);
  CHECK(bashComplete({"run", "--trace", ""}, dir.path()) == traces);
  CHECK(bashComplete({"run", "--trace", "=", ""}, dir.path()) == traces);
  CHECK(bashComplete({"diff", "a.db", ""}, dir.path()) == traces);
  CHECK(bashComplete({"replay", "b"}, dir.path()) == Lines{"b.db"});
  CHECK(bashComplete({"runs", ""}, dir.path()) == traces);
  // A scenario file is any file.
  CHECK(bashComplete({"run", "-f", ""}, dir.path()) ==
        Lines{"a.db", "b.db", "notes.txt", "old", "scenario.yaml"});
}

TEST_CASE(
    "completion: the runs of a trace recorded against the sim complete as TRACE:RUN and "
    "--uuid, and the trace is only read") {
  SimCluster sim({"--profile", "instant"});
  TempDir dir;
  const auto trace = dir.file("perfscale.db");
  const std::string first = "0b5f1c2a-1111-4111-8111-000000000001";
  const std::string second = "0b5f9d7e-2222-4222-8222-000000000002";
  for (const auto& uuid : {first, second}) {
    const auto run = runCommand(
        runArgs(sim, trace,
                {"--vmi-count", "2", "--qps", "20", "--uuid", uuid, "--wait-when-finished", "0s"}),
        {}, 120s);
    INFO(run.out << run.err);
    REQUIRE(run.exitCode == 0);
  }
  const std::string before = readFile(trace);

  // "perfscale.db:0b5f" arrives as "perfscale.db" ":" "0b5f"; readline keeps "perfscale.db:".
  CHECK(bashComplete({"report", "perfscale.db", ":", ""}, dir.path()) == Lines{first, second});
  CHECK(bashComplete({"report", "perfscale.db", ":", "0b5f9"}, dir.path()) == Lines{second});
  CHECK(bashComplete({"replay", "perfscale.db", ":", "0b5f1"}, dir.path()) == Lines{first});
  CHECK(bashComplete({"diff", "perfscale.db", ":", first, "perfscale.db", ":", ""}, dir.path()) ==
        Lines{first, second});
  // A whole trace name: itself (its latest run), or on to one of its runs.
  CHECK(bashComplete({"runs", "perfscale.db"}, dir.path()) ==
        Lines{"perfscale.db", "perfscale.db:" + first, "perfscale.db:" + second});
  // cleanup --uuid: the runs of perfscale.db in the working directory.
  CHECK(bashComplete({"cleanup", "--uuid", ""}, dir.path()) == Lines{first, second});
  CHECK(bashComplete({"cleanup", "--uuid", "=", "0b5f1"}, dir.path()) == Lines{first});
  // Each run is described: name, kind, start, outcome.
  const auto described = protocol({"cleanup", "--uuid", "0b5f1"}, dir.path());
  REQUIRE(described.size() == 2);
  CHECK_THAT(described[0], Catch::StartsWith(first + "\tkubevirt-test-default, run, ") &&
                               Catch::EndsWith(", ok"));
  // A trace elsewhere, named in full.
  CHECK(bashComplete({"report", trace, ":", "0b5f9"}) == Lines{second});

  CHECK(readFile(trace) == before);
}

TEST_CASE(
    "completion: --context, --cluster and --user complete from the kubeconfig, which is "
    "only read") {
  TempDir dir;
  // A user whose credential plugin leaves a mark when it runs: completing must not run it, nor
  // contact the server.
  const auto mark = dir.file("credential-plugin-ran");
  const auto kubeconfig = dir.file("config");
  writeFile(kubeconfig,
            "apiVersion: v1\nkind: Config\ncurrent-context: alpha\n"
            "clusters:\n"
            "- name: lab\n  cluster: {server: 'https://127.0.0.1:9'}\n"
            "- name: prod\n  cluster: {server: 'https://127.0.0.1:10'}\n"
            "users:\n"
            "- name: admin\n  user: {token: secret-token-value}\n"
            "- name: robot\n  user:\n    exec:\n"
            "      apiVersion: client.authentication.k8s.io/v1\n"
            "      command: /bin/sh\n"
            "      args: ['-c', 'touch " +
                mark +
                "']\n"
                "contexts:\n"
                "- name: alpha\n  context: {cluster: lab, user: admin}\n"
                "- name: beta\n  context: {cluster: prod, user: robot}\n");
  CHECK(bashComplete({"run", "--kubeconfig", kubeconfig, "--context", ""}) ==
        Lines{"alpha", "beta"});
  CHECK(bashComplete({"cleanup", "--kubeconfig", kubeconfig, "--cluster", "p"}) == Lines{"prod"});
  CHECK(bashComplete({"replay", "--kubeconfig", kubeconfig, "--user", "=", ""}) ==
        Lines{"admin", "robot"});
  const auto described = protocol({"cleanup", "--kubeconfig", kubeconfig, "--context", "a"});
  CHECK(described == Lines{"alpha\tcluster lab, user admin (current)", ":4"});
  // The secret stays out of what completion prints.
  CHECK_THAT(
      runCommand({kPlugin, "__complete", "run", "--kubeconfig", kubeconfig, "--user", ""}).out,
      !Catch::Contains("secret-token-value"));
  // KUBECONFIG, as kubectl reads it, when no --kubeconfig is given.
  auto environment = pluginOnPath();
  environment["KUBECONFIG"] = kubeconfig;
  const auto fromEnvironment =
      runCommand({kPlugin, "__complete", "run", "--context", ""}, environment, 30s);
  CHECK(lines(fromEnvironment.out) ==
        Lines{"alpha\tcluster lab, user admin (current)", "beta\tcluster prod, user robot", ":4"});
  CHECK_FALSE(std::filesystem::exists(mark));
}

TEST_CASE(
    "completion: bad input: an unknown shell, a file that is not a trace, an unreadable "
    "kubeconfig") {
  const auto unknown = runCommand({kPlugin, "completion", "powershell"});
  CHECK(unknown.exitCode == 1);
  CHECK_THAT(unknown.err,
             Catch::Contains("\"powershell\"") && Catch::Contains("bash, zsh or fish"));
  const auto none = runCommand({kPlugin, "completion"});
  CHECK(none.exitCode == 1);
  CHECK_THAT(none.err, Catch::Contains("expected one shell"));

  TempDir dir;
  writeFile(dir.file("notes.db"), "these are notes, not a trace\n");
  CHECK(protocol({"report", "notes.db:"}, dir.path()) == Lines{":4"});
  CHECK(protocol({"cleanup", "--uuid", ""}, dir.path()) == Lines{":4"});  // no perfscale.db
  CHECK(readFile(dir.file("notes.db")) == "these are notes, not a trace\n");
  writeFile(dir.file("config"), "clusters: [this is not: a kubeconfig\n");
  CHECK(protocol({"run", "--kubeconfig", dir.file("config"), "--context", ""}) == Lines{":4"});
  CHECK(protocol({"run", "--kubeconfig", dir.file("missing"), "--context", ""}) == Lines{":4"});
}

TEST_CASE("completion: kubectl completes `kubectl perfscale` through kubectl_complete-perfscale") {
  const auto helper = std::filesystem::path(kPluginDir) / "kubectl_complete-perfscale";
  REQUIRE(std::filesystem::exists(helper));
  CHECK((std::filesystem::status(helper).permissions() & std::filesystem::perms::owner_exec) !=
        std::filesystem::perms::none);
  if (!haveProgram("kubectl")) {
    WARN("kubectl is not on PATH: SKIPPING kubectl's plugin completion");
    return;
  }
  const auto commands = runCommand({"kubectl", "__complete", "perfscale", ""}, pluginOnPath(), 30s);
  INFO(commands.err);
  REQUIRE(commands.exitCode == 0);
  const auto answer = lines(commands.out);
  REQUIRE_FALSE(answer.empty());
  CHECK(answer.back() == ":4");
  CHECK(firstWords(Lines(answer.begin(), answer.end() - 1)) == listedCommands());
  const auto formats =
      runCommand({"kubectl", "__complete", "perfscale", "report", "-o", ""}, pluginOnPath(), 30s);
  CHECK(lines(formats.out) == Lines{"text", "json", "markdown", "html", "audit-json", ":4"});
}

TEST_CASE("completion: kubectl's own bash completion completes `kubectl perfscale`") {
  const std::string bashCompletion = "/usr/share/bash-completion/bash_completion";
  if (!haveProgram("kubectl") || !std::filesystem::exists(bashCompletion)) {
    WARN(
        "kubectl or bash-completion (tests/scripts/install-deps.sh installs it) is missing: "
        "SKIPPING");
    return;
  }
  TempDir dir;
  writeFile(dir.file("a.db"), "x");
  writeFile(dir.file("notes.txt"), "x");
  // As bash calls kubectl's completion function: the line, the cursor, the words it split.
  auto kubectlComplete = [&](const std::string& line, const Lines& words) {
    const std::string script = "cd \"$1\" || exit 1; source " + bashCompletion +
                               " || exit 1; source <(kubectl completion bash) || exit 1\n"
                               "COMP_LINE=$2; COMP_POINT=${#COMP_LINE}; shift 2\n"
                               "COMP_WORDS=(\"$@\"); COMP_CWORD=$(( $# - 1 ))\n"
                               "__start_kubectl 2>/dev/null\n"
                               "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    std::vector<std::string> argv = {"bash", "-c", script, "bash", dir.path(), line};
    argv.insert(argv.end(), words.begin(), words.end());
    const auto result = runCommand(argv, pluginOnPath(), 60s);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    return sorted(lines(result.out));
  };
  CHECK(kubectlComplete("kubectl perfscale re", {"kubectl", "perfscale", "re"}) ==
        Lines{"replay", "report"});
  CHECK(kubectlComplete("kubectl perfscale report -o ",
                        {"kubectl", "perfscale", "report", "-o", ""}) ==
        Lines{"audit-json", "html", "json", "markdown", "text"});
  CHECK(kubectlComplete("kubectl perfscale report ", {"kubectl", "perfscale", "report", ""}) ==
        Lines{"a.db"});
}

TEST_CASE("completion: the zsh script is valid zsh and hands the plugin's candidates to zsh") {
  if (!haveProgram("zsh")) {
    WARN("zsh is not installed (tests/scripts/install-deps.sh installs it): SKIPPING");
    return;
  }
  TempDir dir;
  const auto script = dir.file("_kubectl-perfscale");
  writeFile(script, runCommand({kPlugin, "completion", "zsh"}).out);
  const auto syntax = runCommand({"zsh", "-n", script}, {}, 30s);
  INFO(syntax.err);
  CHECK(syntax.exitCode == 0);
  writeFile(dir.file("a.db"), "x");
  // compinit registers the function; zsh's own _describe and _files, which need a live line
  // editor, are replaced by ones that print what they are given.
  const std::string driver =
      "cd " + dir.path() +
      " || exit 1\n"
      "autoload -U compinit && compinit -u -D\n"
      "source " +
      script +
      "\n"
      "print -r -- \"registered: ${_comps[kubectl-perfscale]}\"\n"
      "_describe() { print -rl -- \"${(@P)4}\" }\n"
      "_files() { print -r -- \"_files $*\" }\n"
      "compset() { : }\n"
      "words=(kubectl-perfscale re); CURRENT=2; _kubectl-perfscale\n"
      "words=(kubectl-perfscale report -o ''); CURRENT=4; _kubectl-perfscale\n"
      "words=(kubectl-perfscale report ''); CURRENT=3; _kubectl-perfscale\n";
  const auto result = runCommand({"zsh", "-f", "-c", driver}, pluginOnPath(), 30s);
  INFO(result.err);
  REQUIRE(result.exitCode == 0);
  CHECK(lines(result.out) ==
        Lines{"registered: _kubectl-perfscale",
              "report:Summarize recorded runs: latencies, rates, errors, plots, thresholds",
              "replay:Re-issue a recorded run against the current cluster", "text", "json",
              "markdown", "html", "audit-json", "_files -g *.(db)"});
}

TEST_CASE("completion: fish completes kubectl-perfscale with the plugin's candidates") {
  if (!haveProgram("fish")) {
    WARN("fish is not installed (tests/scripts/install-deps.sh installs it): SKIPPING");
    return;
  }
  TempDir dir;
  const auto script = dir.file("kubectl-perfscale.fish");
  writeFile(script, runCommand({kPlugin, "completion", "fish"}).out);
  const auto syntax = runCommand({"fish", "--no-config", "-n", script}, {}, 30s);
  INFO(syntax.err);
  CHECK(syntax.exitCode == 0);
  writeFile(dir.file("a.db"), "x");
  writeFile(dir.file("notes.txt"), "x");
  auto fishComplete = [&](const std::string& line) {
    const auto result = runCommand(
        {"fish", "--no-config", "-c",
         "cd " + dir.path() + "; and source " + script + "; and complete -C'" + line + "'"},
        pluginOnPath(), 30s);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    return lines(result.out);
  };
  CHECK(fishComplete("kubectl-perfscale re") ==
        Lines{"replay\tRe-issue a recorded run against the current cluster",
              "report\tSummarize recorded runs: latencies, rates, errors, plots, thresholds"});
  CHECK(fishComplete("kubectl-perfscale run --output=m") == Lines{"--output=markdown"});
  CHECK(fishComplete("kubectl-perfscale report ") == Lines{"a.db"});
  CHECK(fishComplete("kubectl-perfscale run --trace=") == Lines{"--trace=a.db"});
}
