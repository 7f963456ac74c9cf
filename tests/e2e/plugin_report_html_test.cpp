// `kubectl perfscale report -o html`: the real binary reports a real run's trace, and a real
// browser (headless Chromium) opens the page from file:// with no network: it loads without
// errors, draws its five plots, and stays self-contained and small.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/e2e/plugin_run_support.h"
#include "tests/support/process.h"
#include "tests/support/sim_cluster.h"

using namespace std::chrono_literals;
using perfscale::test::CommandResult;
using perfscale::test::kPlugin;
using perfscale::test::readFile;
using perfscale::test::runArgs;
using perfscale::test::runCommand;
using perfscale::test::SimCluster;
using perfscale::test::TempDir;
using perfscale::test::TraceQuery;

namespace {

const std::string kChromium = "/usr/bin/chromium";
constexpr size_t kMaxPageBytes = 2 * 1024 * 1024;

// Files for people to look at after the run (the screenshot): next to the test binary.
std::filesystem::path artifactDir() {
  auto dir = std::filesystem::read_symlink("/proc/self/exe").parent_path() / "test-artifacts";
  std::filesystem::create_directories(dir);
  return dir;
}

// A sim whose VMIs take 1.1 s to reach Running: every iteration's VMIs are then present at the
// end of some second, so the phases plot (VMIs present at the end of each second) has data
// however the iterations fall between second boundaries on a loaded machine.
SimCluster slowEnoughSim() {
  return SimCluster({"--profile", "instant", "--delay-running", "1100ms"});
}

// Records the run every test here reports on: 30 VMIs in two iterations.
std::string recordRun(const SimCluster& sim) {
  const auto trace = sim.dir().file("trace.db");
  const auto run = runCommand(runArgs(sim, trace,
                                      {"--vmi-count", "30", "--qps", "50", "--burst", "5",
                                       "--wait-when-finished", "0s", "--iteration-count", "2"}),
                              {}, 120s);
  INFO(run.out << run.err);
  REQUIRE(run.exitCode == 0);
  return trace;
}

// Chromium, headless, with a profile of its own so that tests do not share one.
CommandResult chromium(const TempDir& profile, std::vector<std::string> args) {
  std::vector<std::string> argv = {kChromium,        "--headless",
                                   "--no-sandbox",   "--disable-gpu",
                                   "--no-first-run", "--user-data-dir=" + profile.file("chromium")};
  argv.insert(argv.end(), args.begin(), args.end());
  return runCommand(argv, {}, 120s);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string withoutAll(std::string text, const std::string& part) {
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at))
    text.erase(at, part.size());
  return text;
}

// The <svg id="ID"> element of `html`, or "" when there is none.
std::string svgElement(const std::string& html, const std::string& id) {
  const auto start = html.find("<svg id=\"" + id + "\"");
  if (start == std::string::npos) return "";
  const auto end = html.find("</svg>", start);
  return end == std::string::npos ? "" : html.substr(start, end - start);
}

// The value of attribute `name` in `tag` ("" when absent).
std::string attribute(const std::string& tag, const std::string& name) {
  const auto at = tag.find(" " + name + "=\"");
  if (at == std::string::npos) return "";
  const auto start = at + name.size() + 3;
  return tag.substr(start, tag.find('"', start) - start);
}

// How many of the plot's data elements (class "data ...") draw something: a path through at
// least two points, a marker, or a bar of some width.
size_t drawnDataElements(const std::string& svg) {
  size_t drawn = 0;
  for (auto at = svg.find("class=\"data"); at != std::string::npos;
       at = svg.find("class=\"data", at + 1)) {
    const auto open = svg.rfind('<', at);
    const std::string tag = svg.substr(open, svg.find('>', at) - open);
    const std::string d = attribute(tag, "d");
    const std::string width = attribute(tag, "width");
    if ((d.size() >= 8 && d[0] == 'M') || (!width.empty() && std::stod(width) > 0)) ++drawn;
  }
  return drawn;
}

}  // namespace

TEST_CASE(
    "report -o html: a run's page opens offline in Chromium without errors, draws its five "
    "plots and stays self-contained and under 2 MB",
    "[html]") {
  INFO("needs " << kChromium << " (tests/scripts/install-deps.sh installs it)");
  REQUIRE(std::filesystem::exists(kChromium));
  SimCluster sim = slowEnoughSim();
  const auto trace = recordRun(sim);
  const auto page = sim.dir().file("report.html");

  const auto report = runCommand({kPlugin, "report", trace, "-o", "html", "--out", page}, {}, 60s);
  INFO(report.out << report.err);
  REQUIRE(report.exitCode == 0);
  const std::string html = readFile(page);
  INFO("page: " << html.size() << " bytes");
  CHECK(html.size() < kMaxPageBytes);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);

  // Self-contained: no script, and nothing to fetch. The only URL is the run's own server's,
  // which the page shows as data.
  const std::string lowered = lower(html);
  CHECK(lowered.find("<script") == std::string::npos);
  const std::string outsideRunData = withoutAll(lowered, lower(sim.url()));
  CHECK(outsideRunData.find("http://") == std::string::npos);
  CHECK(outsideRunData.find("https://") == std::string::npos);
  CHECK(lowered.find(" src=") == std::string::npos);
  CHECK(lowered.find("url(") == std::string::npos);
  CHECK(lowered.find("@import") == std::string::npos);
  CHECK(withoutAll(lowered, "href=\"#").find("href=") == std::string::npos);

  TempDir profile;
  const auto screenshot = (artifactDir() / "plugin_report_html.png").string();
  std::filesystem::remove(screenshot);
  const auto shot = chromium(
      profile, {"--screenshot=" + screenshot, "--window-size=1400,6000", "file://" + page});
  INFO(shot.err);
  CHECK(shot.exitCode == 0);
  CHECK(std::filesystem::exists(screenshot));
  CHECK((std::filesystem::exists(screenshot) && std::filesystem::file_size(screenshot) > 10000));
  WARN("screenshot of the HTML report (" << html.size() << " bytes): " << screenshot);

  const auto dump =
      chromium(profile, {"--enable-logging=stderr", "--v=0", "--dump-dom", "file://" + page});
  INFO(dump.err);
  REQUIRE(dump.exitCode == 0);
  CHECK_FALSE(dump.timedOut);
  // Console messages (errors, refused loads) and failed fetches are all failures: the page has
  // no script and loads nothing.
  CHECK(dump.err.find("CONSOLE") == std::string::npos);
  CHECK(dump.err.find("Uncaught") == std::string::npos);
  CHECK(dump.err.find("ERR_FILE_NOT_FOUND") == std::string::npos);
  CHECK(dump.err.find("net::ERR_") == std::string::npos);
  const std::string& dom = dump.out;
  for (const char* id :
       {"plot-phases", "plot-cdf", "plot-rate", "plot-latency", "plot-iterations"}) {
    INFO(id);
    const auto svg = svgElement(dom, id);
    REQUIRE_FALSE(svg.empty());
    CHECK(drawnDataElements(svg) > 0);
    CHECK(svg.find("no data") == std::string::npos);
  }
  // Every creation phase a VMI went through has its CDF panel, both iterations their bars.
  const auto cdf = svgElement(dom, "plot-cdf");
  for (const char* phase : {"Pending", "Scheduled", "Running"}) {
    INFO(phase);
    CHECK(cdf.find(std::string("Creation → ") + phase) != std::string::npos);
  }
  const auto iterations = svgElement(dom, "plot-iterations");
  CHECK(iterations.find(">#1<") != std::string::npos);
  CHECK(iterations.find(">#2<") != std::string::npos);

  // The tables name the run and its figures.
  TraceQuery q(trace);
  CHECK(dom.find(q.text("SELECT uuid FROM runs")) != std::string::npos);
  for (const char* heading :
       {"Latency from creation to each phase", "Deletion latency", "Requests by verb and resource",
        "Watches", "Errors by reason", "VMIs that never ran", "Stuck VMIs", "Reused namespaces",
        "Iterations and cycles", "Configuration"}) {
    INFO(heading);
    CHECK(dom.find(heading) != std::string::npos);
  }
  CHECK(dom.find("<td class=\"name\">virtualmachineinstances</td>") != std::string::npos);
  CHECK(dom.find("is incomplete") == std::string::npos);
  CHECK(dom.find("did not complete") == std::string::npos);
}

TEST_CASE(
    "report -o html without --out writes perfscale-report-<uuid8>.html in the working directory "
    "and prints its path",
    "[html]") {
  SimCluster sim = slowEnoughSim();
  const auto trace = recordRun(sim);
  TraceQuery q(trace);
  const std::string uuid8 = q.text("SELECT uuid FROM runs").substr(0, 8);
  REQUIRE(uuid8.size() == 8);
  TempDir workdir;

  const auto report = runCommand(
      {"sh", "-c",
       "cd '" + workdir.path() + "' && exec '" + kPlugin + "' report '" + trace + "' -o html"},
      {}, 60s);
  INFO(report.out << report.err);
  REQUIRE(report.exitCode == 0);
  const std::string name = "perfscale-report-" + uuid8 + ".html";
  const auto page = workdir.file(name);
  REQUIRE(std::filesystem::exists(page));
  CHECK_THAT(report.out + report.err, Catch::Contains(name));
  const std::string html = readFile(page);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<svg id=\"plot-phases\"") != std::string::npos);
  CHECK(lower(html).find("<script") == std::string::npos);
  CHECK(html.size() < kMaxPageBytes);
}
