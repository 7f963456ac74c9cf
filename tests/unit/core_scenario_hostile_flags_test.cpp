// Flag values at the edges: NaN, infinities, numbers too large for their type, signs where none
// belong, leading blanks, durations that overflow, quantities that are not. Each is an error naming
// the flag; the largest counts a flag takes are accepted without building anything of their size.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "core/scenario/flags.h"
#include "core/scenario/loader.h"
#include "core/scenario/plan.h"
#include "tests/support/peak_memory.h"

using namespace perfscale::scenario;
using perfscale::test::kMiB;
using perfscale::test::peakMemoryBytes;
using perfscale::test::resetPeakMemory;

namespace {

std::string setError(const char* name, const std::string& value) {
  LoadGeneratorFlags flags;
  try {
    setLoadGeneratorFlag(flags, name, value);
    loadScenario(flags);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("hostile flags: qps NaN, infinities and overflowing numbers are not numbers",
          "[scenario]") {
  for (const char* value :
       {"nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e999", "0x1p99999", "1,5", " 5", "5 "}) {
    INFO(value);
    CHECK_THAT(setError("qps", value), Catch::StartsWith("--qps: expected a number, found"));
  }
  CHECK_THAT(setError("qps", "-0.5"), Catch::StartsWith("--qps: must be 0 (unlimited) or more"));
  CHECK_THAT(setError("max-error-ratio", "nan"),
             Catch::StartsWith("--max-error-ratio: expected a number"));
}

TEST_CASE("hostile flags: counts beyond a whole number's range or negative name the flag",
          "[scenario]") {
  for (const char* name : {"vmi-count", "iteration-count", "burst", "parallelism"}) {
    for (const char* value :
         {"99999999999999999999", "2147483648", "1e9", "0x10", "+-1", "1.0", " 5", "\t5"}) {
      INFO(name << " " << value);
      CHECK_THAT(setError(name, value),
                 Catch::StartsWith(std::string("--") + name + ": expected a whole number"));
    }
  }
  CHECK_THAT(setError("vmi-count", "-5"), Catch::StartsWith("--vmi-count: must be at least 1"));
  CHECK_THAT(setError("iteration-count", "-2147483648"),
             Catch::StartsWith("--iteration-count: must be at least 1"));
}

TEST_CASE("hostile flags: the largest counts are a plan, not an allocation of their size",
          "[scenario]") {
  LoadGeneratorFlags flags;
  setLoadGeneratorFlag(flags, "vmi-count", "2147483647");
  setLoadGeneratorFlag(flags, "iteration-count", "2147483647");
  resetPeakMemory();
  const auto started = std::chrono::steady_clock::now();
  const Scenario s = loadScenario(flags);
  CHECK_THAT(describePlan(s), Catch::Contains("2147483647"));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  CHECK(peakMemoryBytes() < 1024 * kMiB);
}

TEST_CASE("hostile flags: durations that overflow or are malformed name the flag", "[scenario]") {
  for (const char* value : {"9999999999999999999h", "2562048h", "1e3s", "1..5s", "s", "5", "-",
                            "1h-5m", "nan", "inf", "5 s"}) {
    INFO(value);
    CHECK_THAT(setError("max-wait-timeout", value),
               Catch::StartsWith("--max-wait-timeout: invalid duration"));
  }
}

TEST_CASE("hostile flags: malformed or negative quantities name the flag", "[scenario]") {
  for (const char* value : {"-1Gi", "Gi", "1GiB", "nan", "inf", "1 Gi", "0x10", "1e", "1.2.3"}) {
    INFO(value);
    CHECK_THAT(setError("vmi-mem-limit", value), Catch::StartsWith("--vmi-mem-limit:"));
  }
}
