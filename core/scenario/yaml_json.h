// YAML to JSON with the typing Kubernetes gives YAML (sigs.k8s.io/yaml over yaml.v2):
// quoted and block scalars stay strings; plain scalars that read as null, booleans (YAML 1.1:
// true/false, yes/no, y/n, on/off, in lower, Capital and UPPER case), integers (decimal,
// 0x, 0o, 0b and 1.1 octal such as 0755) or floats become JSON null, booleans and numbers.
#pragma once

#include <string>
#include <string_view>

#include "core/scenario/json_value.h"

namespace YAML {
class Node;
}

namespace perfscale::scenario {

// Converts `node`. Duplicate keys, merge keys (<<), non-scalar keys, custom tags and plain
// .inf/.nan are errors at origin:line:col (ScenarioError); `origin` names the file.
JsonValue yamlToJson(const YAML::Node& node, const std::string& origin);

// What yaml-cpp's DeepRecursion (which it calls a "bad file") means, for messages.
std::string nestingProblem(int depth);

// How a plain (unquoted) scalar resolves, as above. Throws std::invalid_argument for
// infinities and NaN, which JSON cannot hold.
JsonValue resolvePlainScalar(std::string_view text);

}  // namespace perfscale::scenario
