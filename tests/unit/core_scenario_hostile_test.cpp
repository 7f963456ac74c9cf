// Hostile scenario files and templates: huge, endless, deeply nested, alias bombs, binary,
// unreadable, and templates that render to more than an object can be. Each is one error
// naming the file, in bounded time and memory.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "core/scenario/loader.h"
#include "core/scenario/render.h"
#include "tests/support/peak_memory.h"
#include "tests/support/process.h"

using Catch::Contains;
using namespace perfscale::scenario;
using perfscale::test::kMiB;
using perfscale::test::peakMemoryBytes;
using perfscale::test::resetPeakMemory;
using perfscale::test::TempDir;
using perfscale::test::writeFile;

namespace {

const char* const kVmiTemplate =
    "apiVersion: kubevirt.io/v1\nkind: VirtualMachineInstance\n"
    "metadata:\n  name: vmi-{{.iteration}}-{{.replica}}\n";

// A scenario whose one object is the template file `templateName` in `dir`.
std::string scenarioUsing(const std::string& templateName, const std::string& inputVars = "{}") {
  return "name: t\ncount: 1\nobject:\n  templateFile: " + templateName +
         "\n  inputVars: " + inputVars + "\n";
}

std::string loadError(const std::string& file) {
  try {
    loadScenario({}, file);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

// Loads the scenario and renders its first object, as a run does.
std::string renderError(const std::string& file) {
  try {
    const Scenario s = loadScenario({}, file);
    render(s.workloads.at(0).objects.at(0), renderContext(s, 0, 1, 1));
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

// YAML "billion laughs": nine levels of nine aliases each under `key`.
std::string aliasBomb() {
  std::string text = "bomb:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 10; ++i) {
    text += "  a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 9; ++k)
      text += (k ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  return text;
}

}  // namespace

TEST_CASE("scenario hostile: a 50 MB scenario file is refused by its size, naming the file",
          "[scenario]") {
  TempDir dir;
  writeFile(dir.file("s.yaml"), scenarioUsing("t.yaml") + "# " + std::string(50'000'000, 'x'));
  resetPeakMemory();
  CHECK_THAT(loadError(dir.file("s.yaml")),
             Contains(dir.file("s.yaml")) && Contains("larger than 16 MiB"));
  CHECK(peakMemoryBytes() < 1024 * kMiB);
}

TEST_CASE("scenario hostile: an endless scenario file (/dev/zero) stops at the size limit",
          "[scenario]") {
  resetPeakMemory();
  CHECK_THAT(loadError("/dev/zero"), Contains("/dev/zero") && Contains("larger than 16 MiB"));
  CHECK(peakMemoryBytes() < 1024 * kMiB);
}

TEST_CASE("scenario hostile: 100,000 nested brackets or braces say how deep YAML may nest",
          "[scenario]") {
  TempDir dir;
  for (const std::string& deep :
       {std::string(100'000, '['), "name: " + std::string(100'000, '{')}) {
    writeFile(dir.file("s.yaml"), deep);
    CHECK_THAT(loadError(dir.file("s.yaml")), Contains(dir.file("s.yaml") + ":") &&
                                                  Contains("nested deeper than") &&
                                                  !Contains("bad file"));
  }
}

TEST_CASE("scenario hostile: binary garbage and an unreadable file name the file", "[scenario]") {
  TempDir dir;
  std::string garbage;
  for (int i = 0; i < 4096; ++i)
    garbage.push_back(static_cast<char>((i * 7919 + 13) % 256));
  writeFile(dir.file("s.yaml"), garbage);
  CHECK_THAT(loadError(dir.file("s.yaml")), Contains(dir.file("s.yaml")));
  CHECK_THAT(loadError(dir.path()), Contains(dir.path()) && Contains("cannot read"));
  if (geteuid() == 0) {
    WARN("permission check skipped: running as root, whom file permissions do not stop");
    return;
  }
  writeFile(dir.file("s.yaml"), scenarioUsing("t.yaml"));
  ::chmod(dir.file("s.yaml").c_str(), 0);
  CHECK_THAT(loadError(dir.file("s.yaml")),
             Contains(dir.file("s.yaml")) && Contains("cannot read"));
}

TEST_CASE("scenario hostile: a 50 MB template file is refused by its size, naming it",
          "[scenario]") {
  TempDir dir;
  writeFile(dir.file("t.yaml"), std::string(kVmiTemplate) + "# " + std::string(50'000'000, 'x'));
  writeFile(dir.file("s.yaml"), scenarioUsing("t.yaml"));
  resetPeakMemory();
  CHECK_THAT(loadError(dir.file("s.yaml")),
             Contains(dir.file("t.yaml")) && Contains("larger than 16 MiB"));
  CHECK(peakMemoryBytes() < 1024 * kMiB);
}

TEST_CASE("scenario hostile: a template that renders to gigabytes stops at the object limit",
          "[scenario]") {
  TempDir dir;
  // 200,000 uses of a 1 MB variable: 200 GB if rendered.
  std::string text = std::string(kVmiTemplate) + "spec:\n  x: '";
  for (int i = 0; i < 200'000; ++i)
    text += "{{.big}}";
  writeFile(dir.file("t.yaml"), text + "'\n");
  writeFile(dir.file("s.yaml"),
            scenarioUsing("t.yaml", "{big: " + std::string(1'000'000, 'b') + "}"));
  resetPeakMemory();
  const auto started = std::chrono::steady_clock::now();
  CHECK_THAT(renderError(dir.file("s.yaml")),
             Contains(dir.file("t.yaml")) && Contains("renders to more than 16 MiB"));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  CHECK(peakMemoryBytes() < 1024 * kMiB);
}

TEST_CASE("scenario hostile: a template with an alias bomb stops at the expansion limit",
          "[scenario]") {
  TempDir dir;
  writeFile(dir.file("t.yaml"), std::string(kVmiTemplate) + aliasBomb());
  writeFile(dir.file("s.yaml"), scenarioUsing("t.yaml"));
  resetPeakMemory();
  const auto started = std::chrono::steady_clock::now();
  CHECK_THAT(renderError(dir.file("s.yaml")), Contains(dir.file("t.yaml")) && Contains("aliases"));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  CHECK(peakMemoryBytes() < 1024 * kMiB);
}

TEST_CASE("scenario hostile: a template nested 100,000 deep says how deep YAML may nest",
          "[scenario]") {
  TempDir dir;
  writeFile(dir.file("t.yaml"), std::string(kVmiTemplate) + "spec: " + std::string(100'000, '['));
  writeFile(dir.file("s.yaml"), scenarioUsing("t.yaml"));
  CHECK_THAT(renderError(dir.file("s.yaml")),
             Contains(dir.file("t.yaml")) && Contains("nested deeper than"));
}

TEST_CASE("scenario hostile: a template cannot include itself or another template", "[scenario]") {
  TempDir dir;
  writeFile(
      dir.file("t.yaml"),
      std::string(kVmiTemplate) + "{{define \"t\"}}{{template \"t\"}}{{end}}{{template \"t\"}}\n");
  writeFile(dir.file("s.yaml"), scenarioUsing("t.yaml"));
  CHECK_THAT(loadError(dir.file("s.yaml")),
             Contains(dir.file("t.yaml") + ":5:") && Contains("unsupported template construct"));
}
