// YAML streams as scenario, template and thresholds files are read: every document LoadAll
// reads, and an error (not an endless loop) where a document starts with a ','.
#include <catch2/catch.hpp>

#include <string>

#include "core/scenario/loader.h"
#include "core/scenario/scenario_error.h"
#include "core/yaml_documents.h"

using perfscale::loadYamlDocuments;

TEST_CASE("yaml documents: a stream reads as the documents LoadAll reads", "[yaml]") {
  for (const char* text : {"", "# nothing\n", "a: 1\n---\nb: 2\n", "---\n---\n", "a\n...\n"}) {
    CHECK(loadYamlDocuments(text).size() == YAML::LoadAll(text).size());
  }
  const auto documents = loadYamlDocuments("a: 1\n---\n[x, y]\n");
  REQUIRE(documents.size() == 2);
  CHECK(documents[0]["a"].as<int>() == 1);
  CHECK(documents[1][1].as<std::string>() == "y");
}

TEST_CASE("yaml documents: a document that starts with ',' is an error at its line, not a hang",
          "[yaml]") {
  for (const auto& [text, line] :
       {std::pair<std::string, int>{",", 0}, {"a: 1\n---\n,\n", 2}, {"[a]\n,", 1}}) {
    try {
      loadYamlDocuments(text);
      FAIL("no error for " << text);
    } catch (const YAML::ParserException& e) {
      CHECK(e.mark.line == line);
      CHECK(e.mark.column == 0);
      CHECK(e.msg == "expected a node, found ','");
    }
  }
}

TEST_CASE("yaml documents: a scenario file with a stray ',' names the file, line and column",
          "[yaml][scenario]") {
  CHECK_THROWS_WITH(perfscale::scenario::loadScenarioText({}, "a: 1\n---\n,\n", "s.yaml"),
                    "s.yaml:3:1: not valid YAML: expected a node, found ','");
}
