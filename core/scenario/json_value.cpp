// The JSON document and its writer (see json_value.h).
#include "core/scenario/json_value.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace perfscale::scenario {

JsonValue JsonValue::boolean(bool value) {
  JsonValue v;
  v.type_ = Type::Bool;
  v.bool_ = value;
  return v;
}

JsonValue JsonValue::integer(int64_t value) {
  return numberLiteral(std::to_string(value));
}

JsonValue JsonValue::number(double value) {
  if (!std::isfinite(value)) throw std::invalid_argument("JSON has no infinity or NaN");
  return numberLiteral(formatJsonNumber(value));
}

JsonValue JsonValue::numberLiteral(std::string literal) {
  JsonValue v;
  v.type_ = Type::Number;
  v.text_ = std::move(literal);
  return v;
}

JsonValue JsonValue::string(std::string value) {
  JsonValue v;
  v.type_ = Type::String;
  v.text_ = std::move(value);
  return v;
}

JsonValue JsonValue::array() {
  JsonValue v;
  v.type_ = Type::Array;
  return v;
}

JsonValue JsonValue::object() {
  JsonValue v;
  v.type_ = Type::Object;
  return v;
}

JsonValue& JsonValue::push(JsonValue item) {
  items_.push_back(std::move(item));
  return items_.back();
}

JsonValue& JsonValue::set(std::string key, JsonValue value) {
  if (JsonValue* existing = find(key)) {
    *existing = std::move(value);
    return *existing;
  }
  members_.emplace_back(std::move(key), std::move(value));
  return members_.back().second;
}

const JsonValue* JsonValue::find(std::string_view key) const {
  for (const Member& member : members_)
    if (member.first == key) return &member.second;
  return nullptr;
}

JsonValue* JsonValue::find(std::string_view key) {
  for (Member& member : members_)
    if (member.first == key) return &member.second;
  return nullptr;
}

bool operator==(const JsonValue& a, const JsonValue& b) {
  return a.type_ == b.type_ && a.bool_ == b.bool_ && a.text_ == b.text_ && a.items_ == b.items_ &&
         a.members_ == b.members_;
}

std::string formatJsonNumber(double value) {
  if (value == 0) return "0";
  // The fewest significant digits that read back as `value`, as d.ddddde±x.
  char buffer[40];
  for (int precision = 0; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*e", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  const std::string scientific = buffer;
  const std::size_t e = scientific.find('e');
  const bool negative = scientific[0] == '-';
  std::string digits;
  for (std::size_t i = negative ? 1 : 0; i < e; ++i)
    if (scientific[i] != '.') digits.push_back(scientific[i]);
  const int exponent = std::atoi(scientific.c_str() + e + 1);
  std::string out = negative ? "-" : "";
  const double magnitude = std::fabs(value);
  if (magnitude < 1e-6 || magnitude >= 1e21) {  // Go's encoding/json switches to exponents
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    return out + (exponent < 0 ? "e-" : "e+") + std::to_string(std::abs(exponent));
  }
  if (exponent < 0)
    return out + "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  const auto integerDigits = static_cast<std::size_t>(exponent) + 1;
  if (digits.size() <= integerDigits)
    return out + digits + std::string(integerDigits - digits.size(), '0');
  return out + digits.substr(0, integerDigits) + "." + digits.substr(integerDigits);
}

namespace {

void write(std::string& out, const JsonValue& value, int indent, int depth) {
  const auto newline = [&](int level) {
    if (indent == 0) return;
    out.push_back('\n');
    out.append(static_cast<std::size_t>(indent) * static_cast<std::size_t>(level), ' ');
  };
  switch (value.type()) {
    case JsonValue::Type::Null:
      out += "null";
      return;
    case JsonValue::Type::Bool:
      out += value.asBool() ? "true" : "false";
      return;
    case JsonValue::Type::Number:
      out += value.text();
      return;
    case JsonValue::Type::String:
      out += quoteJson(value.text());
      return;
    case JsonValue::Type::Array: {
      if (value.items().empty()) {
        out += "[]";
        return;
      }
      out.push_back('[');
      bool first = true;
      for (const JsonValue& item : value.items()) {
        if (!first) out.push_back(',');
        first = false;
        newline(depth + 1);
        write(out, item, indent, depth + 1);
      }
      newline(depth);
      out.push_back(']');
      return;
    }
    case JsonValue::Type::Object: {
      if (value.members().empty()) {
        out += "{}";
        return;
      }
      out.push_back('{');
      bool first = true;
      for (const JsonValue::Member& member : value.members()) {
        if (!first) out.push_back(',');
        first = false;
        newline(depth + 1);
        out += quoteJson(member.first);
        out += indent == 0 ? ":" : ": ";
        write(out, member.second, indent, depth + 1);
      }
      newline(depth);
      out.push_back('}');
      return;
    }
  }
}

}  // namespace

std::string toJsonText(const JsonValue& value, int indent) {
  std::string out;
  write(out, value, indent, 0);
  return out;
}

}  // namespace perfscale::scenario
