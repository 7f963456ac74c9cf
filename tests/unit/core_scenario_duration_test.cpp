// Go durations as the load generator's flags and files spell them, both ways.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "core/scenario/duration.h"

using namespace std::chrono_literals;
using perfscale::scenario::Duration;
using perfscale::scenario::formatGoDuration;
using perfscale::scenario::parseGoDuration;

TEST_CASE("scenario duration: Go spellings parse to nanoseconds", "[scenario]") {
  CHECK(parseGoDuration("5m") == 5min);
  CHECK(parseGoDuration("30s") == 30s);
  CHECK(parseGoDuration("1h30m") == 90min);
  CHECK(parseGoDuration("0") == Duration(0));
  CHECK(parseGoDuration("0s") == Duration(0));
  CHECK(parseGoDuration("1.5s") == 1500ms);
  CHECK(parseGoDuration(".5m") == 30s);
  CHECK(parseGoDuration("500ms") == 500ms);
  CHECK(parseGoDuration("7us") == 7us);
  CHECK(parseGoDuration("7\xC2\xB5s") == 7us);  // µs
  CHECK(parseGoDuration("12ns") == 12ns);
  CHECK(parseGoDuration("1h2m3s4ms") == 1h + 2min + 3s + 4ms);
  CHECK(parseGoDuration("-2m") == -2min);
  CHECK(parseGoDuration("+3s") == 3s);
}

TEST_CASE("scenario duration: malformed text is rejected with the reason", "[scenario]") {
  const auto reason = [](const char* text) {
    try {
      parseGoDuration(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK_THAT(reason("5"), Catch::Contains("missing unit"));
  CHECK_THAT(reason("30"), Catch::Contains("e.g. 30s"));
  CHECK_THAT(reason("5x"), Catch::Contains("unknown unit \"x\""));
  CHECK_THAT(reason("5 minutes"), Catch::Contains("unknown unit"));
  CHECK_THAT(reason(""), Catch::Contains("empty"));
  CHECK_THAT(reason("-"), Catch::Contains("empty"));
  CHECK_THAT(reason(".s"), Catch::Contains("needs digits"));
  CHECK_THAT(reason("m"), Catch::Contains("expected a number"));
  CHECK_THAT(reason("3000000h"), Catch::Contains("overflows"));
}

TEST_CASE("scenario duration: printing follows Go's Duration.String", "[scenario]") {
  CHECK(formatGoDuration(Duration(0)) == "0s");
  CHECK(formatGoDuration(5min) == "5m0s");
  CHECK(formatGoDuration(30s) == "30s");
  CHECK(formatGoDuration(90min) == "1h30m0s");
  CHECK(formatGoDuration(1500ms) == "1.5s");
  CHECK(formatGoDuration(250ms) == "250ms");
  CHECK(formatGoDuration(1500ns) == "1.5\xC2\xB5s");
  CHECK(formatGoDuration(12ns) == "12ns");
  CHECK(formatGoDuration(-2min) == "-2m0s");
  CHECK(formatGoDuration(26h + 3s + 1ms) == "26h0m3.001s");
}

TEST_CASE("scenario duration: what is printed parses back to the same value", "[scenario]") {
  for (Duration d : {Duration(1), Duration(999), Duration(1234567), Duration(59s), Duration(61min),
                     Duration(49h + 1ns), Duration(-3s)})
    CHECK(parseGoDuration(formatGoDuration(d)) == d);
}
