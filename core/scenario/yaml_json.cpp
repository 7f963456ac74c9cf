// YAML to JSON with Kubernetes' scalar typing (see yaml_json.h). yaml-cpp tags a plain
// scalar "?" and a quoted or block scalar "!", which is what tells them apart.
#include "core/scenario/yaml_json.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <set>
#include <stdexcept>

#include "core/scenario/scenario_error.h"

namespace perfscale::scenario {
namespace {

constexpr std::string_view kYamlTag = "tag:yaml.org,2002:";

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

bool oneOf(std::string_view text, std::initializer_list<std::string_view> options) {
  for (std::string_view option : options)
    if (text == option) return true;
  return false;
}

int digitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// strconv.ParseInt(text, 0, 64), falling back to ParseUint: the decimal literal, or nullopt.
std::optional<std::string> parseGoInteger(std::string_view text) {
  bool negative = false;
  bool signed_ = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    signed_ = true;
    text.remove_prefix(1);
  }
  int base = 10;
  if (text.size() >= 2 && text[0] == '0') {
    const char p = text[1];
    if (p == 'x' || p == 'X') base = 16;
    if (p == 'o' || p == 'O') base = 8;
    if (p == 'b' || p == 'B') base = 2;
    if (base != 10) {
      text.remove_prefix(2);
    } else {
      base = 8;  // a leading 0 is octal
      text.remove_prefix(1);
    }
  }
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    const int digit = digitValue(c);
    if (digit >= base) return std::nullopt;
    if (value > (std::numeric_limits<uint64_t>::max() - static_cast<uint64_t>(digit)) /
                    static_cast<uint64_t>(base))
      return std::nullopt;
    value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(digit);
  }
  if (negative) {
    if (value > uint64_t{1} << 63) return std::nullopt;
    return value == 0 ? "0" : "-" + std::to_string(value);
  }
  if (signed_ && value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
    return std::nullopt;  // ParseUint takes no sign
  return std::to_string(value);
}

// yaml.v2's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool isYamlStyleFloat(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  if (i < text.size() && text[i] == '.') {
    const std::size_t start = ++i;
    while (i < text.size() && isDigit(text[i]))
      ++i;
    if (i == start) return false;
  } else {
    const std::size_t start = i;
    while (i < text.size() && isDigit(text[i]))
      ++i;
    if (i == start) return false;
    if (i < text.size() && text[i] == '.') {
      ++i;
      while (i < text.size() && isDigit(text[i]))
        ++i;
    }
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    const std::size_t start = i;
    while (i < text.size() && isDigit(text[i]))
      ++i;
    if (i == start) return false;
  }
  return i == text.size();
}

std::optional<JsonValue> parseFloat(std::string_view text) {
  const std::string copy(text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(value)) return std::nullopt;
  return JsonValue::number(value);
}

SourceLocation locate(const std::string& origin, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {origin, 0, 0};
  return {origin, mark.line + 1, mark.column + 1};
}

std::string tagOf(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  if (tag.compare(0, kYamlTag.size(), kYamlTag) == 0) return "!!" + tag.substr(kYamlTag.size());
  return tag;
}

JsonValue scalarToJson(const YAML::Node& node, const std::string& origin) {
  const std::string tag = tagOf(node);
  const std::string& text = node.Scalar();
  if (tag == "!" || tag == "!!str" || tag == "!!timestamp") return JsonValue::string(text);
  JsonValue value;
  try {
    value = resolvePlainScalar(text);
  } catch (const std::invalid_argument& e) {
    throw ScenarioError(locate(origin, node), e.what());
  }
  if (tag == "?") return value;
  const auto mismatch = [&](const char* what) {
    return ScenarioError(locate(origin, node),
                         "\"" + text + "\" tagged " + tag + " is not " + what);
  };
  if (tag == "!!int") {
    if (value.type() != JsonValue::Type::Number || !parseGoInteger(text))
      throw mismatch("an integer");
    return value;
  }
  if (tag == "!!float") {
    if (value.type() != JsonValue::Type::Number) throw mismatch("a number");
    return value;
  }
  if (tag == "!!bool") {
    if (value.type() != JsonValue::Type::Bool) throw mismatch("a boolean");
    return value;
  }
  if (tag == "!!null") {
    if (!value.isNull()) throw mismatch("null");
    return value;
  }
  throw ScenarioError(locate(origin, node),
                      "unsupported YAML tag " + tag + " on \"" + text +
                          "\" (Kubernetes objects use plain or quoted scalars; remove the tag)");
}

std::string keyText(const YAML::Node& key, const std::string& origin) {
  if (!key.IsScalar()) {
    if (key.IsNull()) throw ScenarioError(locate(origin, key), "a mapping key is empty");
    throw ScenarioError(locate(origin, key), "a mapping key must be a scalar, not a " +
                                                 std::string(key.IsMap() ? "mapping" : "list"));
  }
  if (key.Tag() != "?") return key.Scalar();
  if (key.Scalar() == "<<") {
    throw ScenarioError(locate(origin, key),
                        "merge keys (<<) are not supported; write the keys out in full");
  }
  // sigs.k8s.io/yaml turns non-string keys into their text: yes: -> "true", 1: -> "1".
  JsonValue resolved;
  try {
    resolved = resolvePlainScalar(key.Scalar());
  } catch (const std::invalid_argument& e) {
    throw ScenarioError(locate(origin, key), e.what());
  }
  switch (resolved.type()) {
    case JsonValue::Type::Bool:
      return resolved.asBool() ? "true" : "false";
    case JsonValue::Type::Number:
      return resolved.text();
    case JsonValue::Type::Null:
      return "null";
    default:
      return key.Scalar();
  }
}

}  // namespace

JsonValue resolvePlainScalar(std::string_view text) {
  if (oneOf(text, {"", "~", "null", "Null", "NULL"})) return JsonValue();
  if (oneOf(text, {"true", "True", "TRUE", "yes", "Yes", "YES", "y", "Y", "on", "On", "ON"}))
    return JsonValue::boolean(true);
  if (oneOf(text, {"false", "False", "FALSE", "no", "No", "NO", "n", "N", "off", "Off", "OFF"}))
    return JsonValue::boolean(false);
  if (oneOf(text, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
                   ".nan", ".NaN", ".NAN"})) {
    throw std::invalid_argument("\"" + std::string(text) +
                                "\" is infinity or NaN, which JSON cannot hold; quote it to "
                                "keep it as a string");
  }
  const char first = text[0];
  if (first == '.') {
    if (auto value = parseFloat(text)) return *value;
  } else if (isDigit(first) || first == '+' || first == '-') {
    std::string plain;
    for (char c : text)
      if (c != '_') plain.push_back(c);
    if (auto integer = parseGoInteger(plain)) return JsonValue::numberLiteral(*integer);
    if (isYamlStyleFloat(plain)) {
      if (auto value = parseFloat(plain)) return *value;
    }
  }
  return JsonValue::string(std::string(text));
}

namespace {

// YAML aliases let a small document stand for an exponential one ("billion laughs"); an
// object converted to JSON may hold at most this many values and scalar bytes.
constexpr std::size_t kMaxValues = 1'000'000;
constexpr std::size_t kMaxScalarBytes = std::size_t{16} << 20;

class Converter {
 public:
  explicit Converter(const std::string& origin) : origin_(origin) {}

  JsonValue convert(const YAML::Node& node) {
    if (++values_ > kMaxValues) tooLarge(node);
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return JsonValue();
      case YAML::NodeType::Scalar:
        scalarBytes_ += node.Scalar().size();
        if (scalarBytes_ > kMaxScalarBytes) tooLarge(node);
        return scalarToJson(node, origin_);
      case YAML::NodeType::Sequence: {
        JsonValue array = JsonValue::array();
        for (const YAML::Node& item : node)
          array.push(convert(item));
        return array;
      }
      case YAML::NodeType::Map: {
        JsonValue object = JsonValue::object();
        std::set<std::string> seen;
        for (const auto& entry : node) {
          std::string key = keyText(entry.first, origin_);
          if (!seen.insert(key).second) {
            throw ScenarioError(locate(origin_, entry.first),
                                "duplicate key \"" + key + "\" (each key may appear once)");
          }
          object.set(std::move(key), convert(entry.second));
        }
        return object;
      }
    }
    return JsonValue();
  }

 private:
  [[noreturn]] void tooLarge(const YAML::Node& node) const {
    throw ScenarioError(locate(origin_, node),
                        "the object expands to more than " + std::to_string(kMaxValues) +
                            " values or " + std::to_string(kMaxScalarBytes >> 20) +
                            " MiB of text (YAML aliases repeat what they name); a Kubernetes "
                            "object is far smaller: write it out without aliases");
  }

  const std::string& origin_;
  std::size_t values_ = 0;
  std::size_t scalarBytes_ = 0;
};

}  // namespace

JsonValue yamlToJson(const YAML::Node& node, const std::string& origin) {
  return Converter(origin).convert(node);
}

std::string nestingProblem(int depth) {
  return "nested deeper than " + std::to_string(depth) +
         " levels (the most YAML may nest here); is this the right file?";
}

}  // namespace perfscale::scenario
