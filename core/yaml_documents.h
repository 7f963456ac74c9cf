// Every document of a YAML stream, as YAML::LoadAll reads them, for scenario, template and
// thresholds files: yaml-cpp 0.7's LoadAll never returns on a stream where a document starts
// with a ',' (",", "a: 1\n---\n,", "[a]\n,"), allocating a null document per turn.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace perfscale {

// Throws YAML::Exception (with its mark) for what LoadAll refuses, and YAML::ParserException at
// a document that would not advance the parser.
std::vector<YAML::Node> loadYamlDocuments(const std::string& text);

}  // namespace perfscale
