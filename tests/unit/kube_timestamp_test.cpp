// RFC 3339 timestamps as Kubernetes writes them.
#include <catch2/catch.hpp>

#include "core/kube/timestamp.h"

using perfscale::kube::parseRfc3339;
using perfscale::kube::parseRfc3339Ns;

TEST_CASE("rfc3339: whole seconds, fractions and offsets parse to ns since the epoch") {
  CHECK(parseRfc3339Ns("1970-01-01T00:00:00Z") == 0);
  CHECK(parseRfc3339Ns("2026-11-28T00:53:28Z") == int64_t{1795827208} * 1'000'000'000);
  CHECK(parseRfc3339Ns("1970-01-01T00:00:01.5Z") == 1'500'000'000);
  CHECK(parseRfc3339Ns("1970-01-01T00:00:00.000001Z") == 1000);
  CHECK(parseRfc3339Ns("1970-01-01T00:00:00.123456789Z") == 123456789);
  CHECK(parseRfc3339Ns("1970-01-01T01:00:00+01:00") == 0);
  CHECK(parseRfc3339Ns("1970-01-01t01:00:00-00:30z").has_value() == false);
  CHECK_FALSE(parseRfc3339Ns("yesterday").has_value());
  CHECK_FALSE(parseRfc3339Ns("2026-11-28 00:53:28Z").has_value());
  CHECK_FALSE(parseRfc3339Ns("2026-11-28T00:53:28").has_value());
  CHECK_FALSE(parseRfc3339Ns("2026-13-28T00:53:28Z").has_value());
  CHECK_FALSE(parseRfc3339Ns("2026-11-28T24:53:28Z").has_value());
  CHECK_FALSE(parseRfc3339Ns("2026-11-28T00:53:28.Z").has_value());
}

TEST_CASE("rfc3339: a time past 2262 does not fit in ns, and is the latest system_clock time") {
  CHECK_FALSE(parseRfc3339Ns("9999-12-31T23:59:59Z").has_value());
  CHECK(parseRfc3339("9999-12-31T23:59:59Z") == std::chrono::system_clock::time_point::max());
  const auto at = parseRfc3339("2030-01-02T03:04:05.25Z");
  REQUIRE(at);
  CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(at->time_since_epoch()).count() ==
        int64_t{1893553445250});
}
