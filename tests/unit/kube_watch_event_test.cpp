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
    CHECK(event->object.meta.name == "a");
    CHECK(event->object.meta.ns == "n");
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

TEST_CASE("watch events: a VMI's metadata times, deletion and phase transitions are read") {
  const std::string line =
      R"({"type":"MODIFIED","object":{"apiVersion":"kubevirt.io/v1",)"
      R"("metadata":{"creationTimestamp":"1970-01-01T00:00:01Z",)"
      R"("deletionTimestamp":"1970-01-01T00:00:09.5Z","labels":{"a":"b"},)"
      R"("name":"vmi-1","namespace":"ns","resourceVersion":"8","uid":"u-1",)"
      R"("managedFields":[{"fieldsV1":{"f:status":{}}}]},)"
      R"("spec":{"domain":{"devices":{"disks":[{"name":"d\"0"}]}}},)"
      R"("status":{"nodeName":"n","phase":"Running","phaseTransitionTimestamps":[)"
      R"({"phase":"Pending","phaseTransitionTimestamp":"1970-01-01T00:00:02Z"},)"
      R"({"phase":"Running","phaseTransitionTimestamp":"1970-01-01T00:00:03Z"},)"
      R"({"phase":"","phaseTransitionTimestamp":"1970-01-01T00:00:04Z"},)"
      R"({"phase":"Odd","phaseTransitionTimestamp":"not a time"},7]}}})";
  auto event = decodeWatchLine(line, kNow);
  REQUIRE(event);
  const auto& vmi = event->object;
  CHECK(vmi.meta.uid == "u-1");
  CHECK(vmi.meta.resourceVersion == "8");
  CHECK(event->resourceVersion == "8");
  CHECK(vmi.createdNs == 1'000'000'000);
  CHECK(vmi.deleting);
  CHECK(vmi.deletionNs == 9'500'000'000);
  CHECK(vmi.phase == "Running");
  using Transitions = std::vector<std::pair<std::string, int64_t>>;
  CHECK(vmi.transitions == Transitions{{"Pending", 2'000'000'000}, {"Running", 3'000'000'000}});
}

TEST_CASE("watch events: fields of another type than expected count as absent") {
  auto event = decodeWatchLine(
      R"({"type":"ADDED","object":{"metadata":{"name":5,"namespace":null,"uid":["x"],)"
      R"("deletionTimestamp":null},"status":"odd"}})",
      kNow);
  REQUIRE(event);
  CHECK(event->object.meta.name.empty());
  CHECK(event->object.meta.ns.empty());
  CHECK(event->object.meta.uid.empty());
  CHECK(event->object.deleting);
  CHECK_FALSE(event->object.deletionNs);
  CHECK(event->object.phase.empty());
}

TEST_CASE("watch events: escapes in strings are decoded, keys included") {
  auto event = decodeWatchLine(
      R"({"type":"ADDED","object":{"metadata":{"n\u0061me":"a\u00e9\ud83d\ude00\n\/"}}})", kNow);
  REQUIRE(event);
  CHECK(event->object.meta.name == "a\xc3\xa9\xf0\x9f\x98\x80\n/");
}

TEST_CASE("watch events: one event object decodes line after line without leftovers") {
  WatchEvent event;
  REQUIRE(perfscale::kube::decodeWatchLine(
      R"({"type":"ADDED","object":{"metadata":{"name":"a","uid":"1"},"status":{"phase":"Running"}}})",
      kNow, event));
  CHECK(event.object.phase == "Running");
  REQUIRE(perfscale::kube::decodeWatchLine(
      R"({"object":{"metadata":{"name":"b"}},"type":"DELETED"})", kNow, event));
  CHECK(event.type == WatchEvent::Type::Deleted);
  CHECK(event.object.meta.name == "b");
  CHECK(event.object.meta.uid.empty());
  CHECK(event.object.phase.empty());
  CHECK_FALSE(perfscale::kube::decodeWatchLine(" ", kNow, event));
}

TEST_CASE("watch events: JSON that a strict reader refuses is an error") {
  for (const char* line :
       {R"({"type":"ADDED","object":{}} x)", R"({"type":"ADDED","object":{},})",
        R"({"type":"ADDED","object":{"a":01}})", R"({"type":"ADDED","object":{"a":"\x"}})",
        "{\"type\":\"ADDED\",\"object\":{\"a\":\"\t\"}}", R"({"type":"ADDED","object":{"a":tru}})",
        R"({"type":"ADDED" "object":{}})"}) {
    CAPTURE(line);
    CHECK_THROWS_WITH(decodeWatchLine(line, kNow), Catch::Contains("not valid JSON"));
  }
}

TEST_CASE("watch events: nesting deeper than the limit is refused, not a stack overflow") {
  const std::string deep = R"({"type":"ADDED","object":{"a":)" + std::string(100000, '[') +
                           std::string(100000, ']') + "}}";
  CHECK_THROWS_WITH(decodeWatchLine(deep, kNow), Catch::Contains("nested deeper than 500"));
}

TEST_CASE("watch events: strings of any length end, unescape and refuse at the right byte") {
  // The reader scans strings eight bytes at a time: a quote, escape or control character
  // at every position of the first bytes, past UTF-8 and bytes of every value.
  const std::string utf8 = "\xc3\xa9\xf0\x9f\x98\x80~\x7f";
  for (size_t length = 0; length < 40; ++length) {
    std::string name;
    for (size_t i = 0; i < length; ++i)
      name += i % 9 == 8 ? utf8[i % utf8.size()] : static_cast<char>('a' + i % 26);
    CAPTURE(length);
    auto plain = decodeWatchLine(
        R"({"type":"ADDED","object":{"metadata":{"name":")" + name + R"("}}})", kNow);
    REQUIRE(plain);
    CHECK(plain->object.meta.name == name);
    auto escaped = decodeWatchLine(
        R"({"type":"ADDED","object":{"metadata":{"name":")" + name + R"(\"x\\y"}}})", kNow);
    REQUIRE(escaped);
    CHECK(escaped->object.meta.name == name + "\"x\\y");
    CHECK_THROWS_WITH(
        decodeWatchLine(
            R"({"type":"ADDED","object":{"metadata":{"name":")" + name + "\x1f" + R"("}}})", kNow),
        Catch::Contains("control character"));
    CHECK_THROWS_WITH(
        decodeWatchLine(R"({"type":"ADDED","object":{"metadata":{"name":")" + name, kNow),
        Catch::Contains("not valid JSON"));
  }
}
