// perfscale-audit's input file (where Prometheus is, what is expected), its expectations judged
// with our ratio semantics, and the result names this tool asks Prometheus for.
#include <catch2/catch.hpp>

#include <map>

#include "core/stats/audit_input.h"
#include "core/stats/thresholds.h"
#include "tests/support/process.h"

using Catch::Matchers::Contains;
using perfscale::stats::AuditExpectation;
using perfscale::stats::judgeAudit;
using perfscale::stats::readAuditInput;
using perfscale::stats::requirePrometheusResult;
using perfscale::stats::ThresholdError;
using perfscale::test::TempDir;
using perfscale::test::writeFile;

namespace {

std::string readError(const std::string& path) {
  try {
    readAuditInput(path);
  } catch (const ThresholdError& e) {
    return e.what();
  }
  FAIL("no error for " << path);
  return "";
}

std::string nameError(const std::string& name) {
  try {
    requirePrometheusResult(name, {"audit.json", 3, 5});
  } catch (const ThresholdError& e) {
    return e.what();
  }
  FAIL("no error for " << name);
  return "";
}

perfscale::stats::AuditLookup lookupIn(const std::map<std::string, double>& values) {
  return [values](const std::string& name) -> std::optional<double> {
    const auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

AuditExpectation value(const std::string& name, double limit) {
  AuditExpectation e;
  e.name = name;
  e.value = limit;
  return e;
}

AuditExpectation ratio(const std::string& name, const std::string& other, double r) {
  AuditExpectation e;
  e.name = name;
  e.metric = other;
  e.ratio = r;
  return e;
}

}  // namespace

TEST_CASE("audit input: the Prometheus settings and expectations are read in file order",
          "[audit]") {
  TempDir dir;
  const std::string path = dir.file("audit.json");
  writeFile(path, R"({
  "startTime": "2024-01-01T00:00:00Z",
  "duration": "10m",
  "prometheusURL": "https://prometheus.example:9090",
  "prometheusBearerToken": "s3cret",
  "prometheusVerifyTLS": false,
  "prometheusScrapeInterval": "30s",
  "thresholdExpectations": {
    "vmiCreationToRunningSecondsP95": {"value": 60},
    "PATCH-virtualmachineinstances-count": {"metric": "CREATE-pods-count", "ratio": 2.5}
  }
})");
  const auto input = readAuditInput(path);
  REQUIRE(input);
  CHECK(input->prometheusURL == "https://prometheus.example:9090");
  CHECK(input->prometheusBearerToken == "s3cret");
  REQUIRE(input->prometheusVerifyTLS);
  CHECK_FALSE(*input->prometheusVerifyTLS);
  REQUIRE(input->expectations.size() == 2);
  CHECK(input->expectations[0].name == "vmiCreationToRunningSecondsP95");
  CHECK(input->expectations[0].value == 60.0);
  CHECK(input->expectations[0].where.line == 9);
  CHECK(input->expectations[1].metric == "CREATE-pods-count");
  CHECK(input->expectations[1].ratio == 2.5);
  CHECK(input->expectations[1].metricWhere.line == 10);
}

TEST_CASE("audit input: a thresholds file of another kind is not an audit input", "[audit]") {
  TempDir dir;
  const std::string path = dir.file("kube-burner.yaml");
  writeFile(path, "- conditionType: VMIRunning\n  metric: P99\n  threshold: 60s\n");
  CHECK_FALSE(readAuditInput(path));
}

TEST_CASE("audit input: bad input is one error naming the file, line and field", "[audit]") {
  TempDir dir;
  const std::string path = dir.file("audit.json");

  writeFile(path, R"({"prometheusURL": "http://p:9090", "prometheusVerifyTLS": "yes",
"thresholdExpectations": {}})");
  CHECK_THAT(readError(path),
             Contains(path + ":1:") && Contains("prometheusVerifyTLS") && Contains("expected"));

  writeFile(path, R"({"prometheusURL": ["http://p:9090"], "thresholdExpectations": {}})");
  CHECK_THAT(readError(path), Contains("prometheusURL"));

  writeFile(path, R"({"thresholdExpectations": {"CREATE-pods-count": {"value": 1, )"
                  R"("metric": "running-phase-count", "ratio": 2}}})");
  CHECK_THAT(readError(path), Contains("CREATE-pods-count: has both value and metric"));

  writeFile(path, R"({"thresholdExpectations": {"CREATE-pods-count": {"ratio": 2}}})");
  CHECK_THAT(readError(path), Contains("ratio needs a metric"));

  writeFile(path, R"({"thresholdExpectations": {"CREATE-pods-count": {"metric": "x"}}})");
  CHECK_THAT(readError(path), Contains("needs a ratio"));

  writeFile(path, R"({"thresholdExpectations": {"CREATE-pods-count": {"value": 1, "limit": 2}}})");
  CHECK_THAT(readError(path), Contains("unknown field \"limit\""));

  writeFile(path, R"({"thresholdExpectations": ["vmiCreationToRunningSecondsP95"]})");
  CHECK_THAT(readError(path), Contains("thresholdExpectations"));

  writeFile(path, "{\"thresholdExpectations\": {\n");
  CHECK_THAT(readError(path), Contains(path + ":") && Contains("not valid YAML or JSON"));

  CHECK_THAT(readError(dir.file("missing.json")), Contains("missing.json"));
}

TEST_CASE("audit input: a ratio is exceeded when the result is above ratio times the other",
          "[audit]") {
  // 150 PATCHes for 100 pods, ratio 2: a limit of 200, not exceeded. perfscale-audit itself
  // flags 150 * 2 < 100, false too; at 250 PATCHes ours is exceeded and perfscale-audit's is not.
  const auto patch = ratio("PATCH-virtualmachineinstances-count", "CREATE-pods-count", 2);
  auto judged = judgeAudit({patch}, lookupIn({{"PATCH-virtualmachineinstances-count", 150},
                                              {"CREATE-pods-count", 100}}));
  REQUIRE(judged.size() == 1);
  CHECK_FALSE(judged[0].exceeded);
  CHECK(judged[0].thresholdValue == 200.0);
  CHECK(judged[0].thresholdRatio == 1.5);
  judged = judgeAudit({patch}, lookupIn({{"PATCH-virtualmachineinstances-count", 250},
                                         {"CREATE-pods-count", 100}}));
  CHECK(judged[0].exceeded);
  // At the limit is not above it.
  judged = judgeAudit({patch}, lookupIn({{"PATCH-virtualmachineinstances-count", 200},
                                         {"CREATE-pods-count", 100}}));
  CHECK_FALSE(judged[0].exceeded);
}

TEST_CASE("audit input: a value is exceeded above it, and a missing figure fails", "[audit]") {
  const auto judged = judgeAudit(
      {value("vmiCreationToRunningSecondsP50", 45), value("vmiCreationToRunningSecondsP95", 60),
       value("vmiDeletionToFailedSecondsP99", 30),
       ratio("CREATE-pods-count", "vmiDeletionToFailedSecondsP50", 1)},
      lookupIn({{"vmiCreationToRunningSecondsP50", 45},
                {"vmiCreationToRunningSecondsP95", 60.5},
                {"CREATE-pods-count", 3}}));
  REQUIRE(judged.size() == 4);
  CHECK_FALSE(judged[0].exceeded);
  CHECK(judged[1].exceeded);
  CHECK(judged[2].exceeded);
  CHECK_THAT(judged[2].note, Contains("vmiDeletionToFailedSecondsP99"));
  CHECK(judged[3].exceeded);
  CHECK_THAT(judged[3].note, Contains("vmiDeletionToFailedSecondsP50"));
}

TEST_CASE("audit input: the results asked of Prometheus are named as perfscale-audit names them",
          "[audit]") {
  for (const char* name : {"vmiCreationToRunningSecondsP50", "vmiDeletionToSucceededSecondsP99",
                           "vmiDeletionToFailedSecondsP95", "PATCH-virtualmachineinstances-count",
                           "CREATE-pods-count", "running-phase-count", "Scheduling-phase-count"}) {
    INFO(name);
    CHECK_NOTHROW(requirePrometheusResult(name, {"audit.json", 3, 5}));
  }
  CHECK_THAT(nameError("avgVirtAPICPUUsage"),
             Contains("audit.json:3:5") && Contains("CPU or memory") && Contains("remove it"));
  CHECK_THAT(nameError("vmiCreationToRunningSecondsP90"), Contains("P50, P95 and P99 only"));
  CHECK_THAT(nameError("patch-pods-count"), Contains("unknown perfscale-audit result name"));
  CHECK_THAT(nameError("vmiCreationToScheduledSecondsP50"),
             Contains("unknown perfscale-audit result name"));
}
