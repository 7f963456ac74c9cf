// Decoding of watch stream lines.
#include <catch2/catch.hpp>

#include "core/kube/watch_event.h"

using perfscale::kube::decodeWatchLine;
using perfscale::kube::WatchDecodeError;
using perfscale::kube::WatchEvent;

namespace {
const auto kNow = std::chrono::steady_clock::time_point(std::chrono::seconds(5));
}

TEST_CASE("watch events: each type decodes with its object and resourceVersion") {
  const std::pair<const char*, WatchEvent::Type> cases[] = {
      {"ADDED", WatchEvent::Type::Added},
      {"MODIFIED", WatchEvent::Type::Modified},
      {"DELETED", WatchEvent::Type::Deleted},
      {"BOOKMARK", WatchEvent::Type::Bookmark}};
  for (const auto& [name, type] : cases) {
    auto event = decodeWatchLine(std::string("{\"type\":\"") + name +
                                     "\",\"object\":{\"metadata\":{\"name\":\"a\","
                                     "\"namespace\":\"n\",\"resourceVersion\":\"42\"}}}",
                                 kNow);
    REQUIRE(event);
    CHECK(event->type == type);
    CHECK(event->resourceVersion == "42");
    CHECK(event->receivedAt == kNow);
    CHECK(perfscale::kube::metaOf(*event->object).name == "a");
  }
}

TEST_CASE("watch events: an ERROR event carries its Status, such as 410 Expired") {
  const std::string line =
      "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
      "\"status\":\"Failure\",\"message\":\"too old resource version: 5 (9)\","
      "\"reason\":\"Expired\",\"code\":410}}";
  auto event = decodeWatchLine(line, kNow);
  REQUIRE(event);
  CHECK(event->type == WatchEvent::Type::Error);
  REQUIRE(event->status);
  CHECK(event->status->code == 410);
  CHECK(event->status->reason == "Expired");
}

TEST_CASE("watch events: an empty keep-alive line is no event") {
  CHECK_FALSE(decodeWatchLine("", kNow));
  CHECK_FALSE(decodeWatchLine("  \r", kNow));
}

TEST_CASE("watch events: malformed lines are errors that quote the line") {
  CHECK_THROWS_AS(decodeWatchLine("{\"type\":\"ADDED\",\"object\":", kNow), WatchDecodeError);
  CHECK_THROWS_WITH(decodeWatchLine(R"({"type":"RENAMED","object":{}})", kNow),
                    Catch::Contains("unknown type \"RENAMED\""));
  CHECK_THROWS_WITH(decodeWatchLine(R"({"type":"ADDED"})", kNow),
                    Catch::Contains("without an object"));
  CHECK_THROWS_WITH(decodeWatchLine("[1,2]", kNow), Catch::Contains("not a JSON object"));
}
