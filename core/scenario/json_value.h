// A small JSON document with ordered object members: what templates render into, what the
// built-in VMI is built as, and what toJson(Scenario) writes. Numbers keep their literal
// text, so 64-bit integers pass through exactly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_quote.h"

namespace perfscale::scenario {

class JsonValue {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };
  using Member = std::pair<std::string, JsonValue>;

  JsonValue() = default;  // null
  static JsonValue boolean(bool value);
  static JsonValue integer(int64_t value);
  static JsonValue number(double value);  // must be finite
  // A JSON number literal as is; the caller guarantees the syntax.
  static JsonValue numberLiteral(std::string literal);
  static JsonValue string(std::string value);
  static JsonValue array();
  static JsonValue object();

  Type type() const { return type_; }
  bool isNull() const { return type_ == Type::Null; }
  bool isString() const { return type_ == Type::String; }
  bool isObject() const { return type_ == Type::Object; }
  bool isArray() const { return type_ == Type::Array; }
  bool asBool() const { return bool_; }
  // The string's content, or a number's literal.
  const std::string& text() const { return text_; }

  const std::vector<JsonValue>& items() const { return items_; }
  const std::vector<Member>& members() const { return members_; }
  JsonValue& push(JsonValue item);  // for arrays; returns the new item
  // For objects: replaces the member named `key` in place, or appends it; returns it.
  JsonValue& set(std::string key, JsonValue value);
  const JsonValue* find(std::string_view key) const;
  JsonValue* find(std::string_view key);

  friend bool operator==(const JsonValue& a, const JsonValue& b);
  friend bool operator!=(const JsonValue& a, const JsonValue& b) { return !(a == b); }

 private:
  Type type_ = Type::Null;
  bool bool_ = false;
  std::string text_;
  std::vector<JsonValue> items_;
  std::vector<Member> members_;
};

// Compact JSON when indent is 0, else one member per line indented by `indent` spaces.
std::string toJsonText(const JsonValue& value, int indent = 0);

using perfscale::quoteJson;  // core/json_quote.h

// The shortest literal that reads back as `value` (Go's encoding/json style): 1, 0.5, 1e+21.
std::string formatJsonNumber(double value);

}  // namespace perfscale::scenario
