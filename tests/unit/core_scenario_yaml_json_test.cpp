// YAML to JSON with Kubernetes' typing: quoted stays text, plain scalars are typed (YAML
// 1.1 booleans and octals included), and the JSON writer's escaping.
#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include <string>

#include "core/scenario/json_value.h"
#include "core/scenario/scenario_error.h"
#include "core/scenario/yaml_json.h"

using perfscale::scenario::JsonValue;
using perfscale::scenario::ScenarioError;
using perfscale::scenario::toJsonText;
using perfscale::scenario::yamlToJson;

namespace {

// The JSON of `value` in the one-key document "v: <value>".
std::string valueJson(const std::string& value) {
  const JsonValue json = yamlToJson(YAML::Load("v: " + value), "test.yaml");
  return toJsonText(*json.find("v"));
}

std::string errorOf(const std::string& yaml) {
  try {
    yamlToJson(YAML::Load(yaml), "test.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("scenario yaml: quoted and block scalars stay strings", "[scenario]") {
  CHECK(valueJson("'yes'") == "\"yes\"");
  CHECK(valueJson("\"on\"") == "\"on\"");
  CHECK(valueJson("\"1\"") == "\"1\"");
  CHECK(valueJson("'0755'") == "\"0755\"");
  CHECK(valueJson("\"null\"") == "\"null\"");
  CHECK(valueJson("\"\"") == "\"\"");
  CHECK(valueJson("|\n  #!/bin/sh\n  echo 1\n") == "\"#!/bin/sh\\necho 1\\n\"");
  CHECK(valueJson("!!str 5") == "\"5\"");
}

TEST_CASE("scenario yaml: plain YAML 1.1 booleans become JSON booleans", "[scenario]") {
  for (const char* yes : {"true", "True", "TRUE", "yes", "Yes", "YES", "y", "Y", "on", "On", "ON"})
    CHECK(valueJson(yes) == "true");
  for (const char* no :
       {"false", "False", "FALSE", "no", "No", "NO", "n", "N", "off", "Off", "OFF"})
    CHECK(valueJson(no) == "false");
  CHECK(valueJson("yES") == "\"yES\"");
  CHECK(valueJson("enabled") == "\"enabled\"");
}

TEST_CASE("scenario yaml: plain numbers become JSON numbers, as Kubernetes reads them",
          "[scenario]") {
  CHECK(valueJson("1") == "1");
  CHECK(valueJson("-42") == "-42");
  CHECK(valueJson("+7") == "7");
  CHECK(valueJson("0") == "0");
  CHECK(valueJson("0755") == "493");  // YAML 1.1 octal, e.g. a volume's defaultMode
  CHECK(valueJson("0o17") == "15");
  CHECK(valueJson("0x1F") == "31");
  CHECK(valueJson("0b101") == "5");
  CHECK(valueJson("1_000") == "1000");
  CHECK(valueJson("9223372036854775807") == "9223372036854775807");
  CHECK(valueJson("18446744073709551615") == "18446744073709551615");
  CHECK(valueJson("1.5") == "1.5");
  CHECK(valueJson("1.0") == "1");
  CHECK(valueJson(".5") == "0.5");
  CHECK(valueJson("1e3") == "1000");
  CHECK(valueJson("-2.5e-3") == "-0.0025");
  CHECK(valueJson("08") == "8");  // not octal, so a float as yaml.v2 reads it
}

TEST_CASE("scenario yaml: plain text that only looks numeric stays a string", "[scenario]") {
  CHECK(valueJson("100m") == "\"100m\"");
  CHECK(valueJson("90Mi") == "\"90Mi\"");
  CHECK(valueJson("1.2.3") == "\"1.2.3\"");
  CHECK(valueJson("12:30") == "\"12:30\"");
  CHECK(valueJson("2001-12-14") == "\"2001-12-14\"");
  CHECK(valueJson("0x") == "\"0x\"");
  CHECK(perfscale::scenario::resolvePlainScalar("-").text() == "-");
  CHECK(valueJson("v1") == "\"v1\"");
}

TEST_CASE("scenario yaml: null spellings and empty values become null", "[scenario]") {
  CHECK(valueJson("~") == "null");
  CHECK(valueJson("null") == "null");
  CHECK(valueJson("Null") == "null");
  CHECK(valueJson("") == "null");
}

TEST_CASE("scenario yaml: mappings keep their order, lists their items", "[scenario]") {
  const JsonValue json = yamlToJson(YAML::Load("b: 1\na: [x, 'y', 2]\nc: {d: no}\n"), "test.yaml");
  CHECK(toJsonText(json) == R"({"b":1,"a":["x","y",2],"c":{"d":false}})");
}

TEST_CASE("scenario yaml: plain keys are text, booleans and numbers as Kubernetes turns them",
          "[scenario]") {
  CHECK(toJsonText(yamlToJson(YAML::Load("yes: 1\n1: 2\n'on': 3\n"), "test.yaml")) ==
        R"({"true":1,"1":2,"on":3})");
}

TEST_CASE("scenario yaml: constructs JSON cannot hold are errors at file:line:col", "[scenario]") {
  CHECK_THAT(errorOf("a: 1\nb: .inf\n"),
             Catch::StartsWith("test.yaml:2:4:") && Catch::Contains("infinity or NaN"));
  CHECK_THAT(errorOf("a: 1\na: 2\n"),
             Catch::StartsWith("test.yaml:2:1:") && Catch::Contains("duplicate key \"a\""));
  CHECK_THAT(errorOf("base: &b {x: 1}\nc:\n  <<: *b\n"),
             Catch::StartsWith("test.yaml:3:3:") && Catch::Contains("merge keys"));
  CHECK_THAT(errorOf("a: !custom x\n"), Catch::Contains("unsupported YAML tag !custom"));
  CHECK_THAT(errorOf("a: !!int abc\n"), Catch::Contains("is not an integer"));
  CHECK_THAT(errorOf("? [a, b]\n: 1\n"), Catch::Contains("must be a scalar"));
}

TEST_CASE("scenario yaml: numbers print as Go's encoding/json prints float64", "[scenario]") {
  using perfscale::scenario::formatJsonNumber;
  CHECK(formatJsonNumber(20) == "20");
  CHECK(formatJsonNumber(5.5) == "5.5");
  CHECK(formatJsonNumber(0.01) == "0.01");
  CHECK(formatJsonNumber(-0.0025) == "-0.0025");
  CHECK(formatJsonNumber(1e20) == "100000000000000000000");
  CHECK(formatJsonNumber(1e21) == "1e+21");
  CHECK(formatJsonNumber(1.5e-7) == "1.5e-7");
  CHECK(formatJsonNumber(0.1 + 0.2) == "0.30000000000000004");
  CHECK(formatJsonNumber(123456.789) == "123456.789");
}

TEST_CASE("scenario yaml: JSON strings escape quotes, backslashes and control characters",
          "[scenario]") {
  CHECK(toJsonText(JsonValue::string("a\"b\\c\n\t\x01")) == R"("a\"b\\c\n\t\u0001")");
  CHECK(toJsonText(JsonValue::string("caf\xC3\xA9")) == "\"caf\xC3\xA9\"");
}

TEST_CASE("scenario yaml: indented JSON puts one member per line", "[scenario]") {
  JsonValue object = JsonValue::object();
  object.set("a", JsonValue::integer(1));
  object.set("b", JsonValue::array()).push(JsonValue::boolean(true));
  object.set("c", JsonValue::object());
  CHECK(toJsonText(object, 2) == "{\n  \"a\": 1,\n  \"b\": [\n    true\n  ],\n  \"c\": {}\n}");
}
