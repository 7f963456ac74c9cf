// A line-by-line port of apimachinery's label selector lexer/parser and field selector
// splitter, so that accepted inputs, normal forms and error texts all match a real server.
#include "tests/sim/selector.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <set>
#include <utility>

#include "tests/sim/validation.h"

namespace perfscale::sim {
namespace {

struct ParseFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void appendHex(std::string& out, const char* prefix, unsigned value, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s%0*x", prefix, width, value);
  out += buf;
}

// Go's %q (strconv.Quote), which field.Error uses for bad string values. Printability of
// non-ASCII runes is approximated: only C1 controls, soft hyphen and BOM are escaped.
std::string goQuote(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '\a':
          out += "\\a";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\v':
          out += "\\v";
          break;
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            appendHex(out, "\\x", c, 2);
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    std::size_t len = 0;
    uint32_t cp = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
      cp = c & 0x1fu;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      cp = c & 0x0fu;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      cp = c & 0x07u;
    }
    bool valid = len != 0 && i + len <= s.size();
    for (std::size_t k = 1; valid && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0u) != 0x80u) valid = false;
      cp = (cp << 6) | (cc & 0x3fu);
    }
    if (valid && ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
                  (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))) {
      valid = false;
    }
    if (!valid) {
      appendHex(out, "\\x", c, 2);
      ++i;
      continue;
    }
    if (cp < 0xa0 || cp == 0xad || cp == 0xfeff) {
      appendHex(out, "\\u", cp, 4);
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  out += '"';
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i != 0) out += sep;
    out += parts[i];
  }
  return out;
}

enum class Token {
  Error,
  EndOfString,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar
};

std::optional<Token> literalToken(std::string_view s) {
  static const std::pair<std::string_view, Token> kTokens[] = {
      {")", Token::ClosedPar},     {",", Token::Comma},    {"!", Token::DoesNotExist},
      {"==", Token::DoubleEquals}, {"=", Token::Equals},   {">", Token::GreaterThan},
      {"in", Token::In},           {"<", Token::LessThan}, {"!=", Token::NotEquals},
      {"notin", Token::NotIn},     {"(", Token::OpenPar}};
  for (const auto& [text, tok] : kTokens) {
    if (text == s) return tok;
  }
  return std::nullopt;
}

bool isWhitespace(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

bool isSpecialSymbol(char ch) {
  switch (ch) {
    case '=':
    case '!':
    case '(':
    case ')':
    case ',':
    case '>':
    case '<':
      return true;
    default:
      return false;
  }
}

struct ScannedItem {
  Token tok;
  std::string literal;
};

// Kept byte-for-byte with the Go lexer, including NUL ending the input early.
class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  ScannedItem lex() {
    char ch = read();
    while (isWhitespace(ch))
      ch = read();
    if (ch == 0) return {Token::EndOfString, ""};
    unread();
    return isSpecialSymbol(ch) ? scanSpecialSymbol() : scanIdOrKeyword();
  }

 private:
  char read() {
    char b = 0;
    if (pos_ < s_.size()) b = s_[pos_++];
    return b;
  }
  void unread() { --pos_; }

  ScannedItem scanIdOrKeyword() {
    std::string buffer;
    while (true) {
      const char ch = read();
      if (ch == 0) break;
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        unread();
        break;
      }
      buffer += ch;
    }
    if (auto tok = literalToken(buffer)) return {*tok, buffer};
    return {Token::Identifier, buffer};
  }

  // Greedy longest match over the operator table, e.g. "!=" rather than "!" then "=".
  ScannedItem scanSpecialSymbol() {
    std::optional<ScannedItem> last;
    std::string buffer;
    while (true) {
      const char ch = read();
      if (ch == 0) break;
      if (!isSpecialSymbol(ch)) {
        unread();
        break;
      }
      buffer += ch;
      if (auto tok = literalToken(buffer)) {
        last = ScannedItem{*tok, buffer};
      } else if (last) {
        unread();
        break;
      }
    }
    if (!last) return {Token::Error, "error expected: keyword found '" + buffer + "'"};
    return *last;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

enum class Context { KeyAndOperator, Values };

class Parser {
 public:
  explicit Parser(std::string_view selector) {
    Lexer lexer(selector);
    while (true) {
      items_.push_back(lexer.lex());
      if (items_.back().tok == Token::EndOfString) break;
    }
  }

  std::vector<LabelRequirement> parse() {
    std::vector<LabelRequirement> requirements;
    while (true) {
      const auto& [tok, lit] = lookahead(Context::Values);
      switch (tok) {
        case Token::Identifier:
        case Token::DoesNotExist: {
          try {
            requirements.push_back(parseRequirement());
          } catch (const ParseFailure& e) {
            throw ParseFailure(std::string("unable to parse requirement: ") + e.what());
          }
          const auto& [t, l] = consume(Context::Values);
          if (t == Token::EndOfString) return requirements;
          if (t != Token::Comma) {
            throw ParseFailure("found '" + l + "', expected: ',' or 'end of string'");
          }
          const auto& [t2, l2] = lookahead(Context::Values);
          if (t2 != Token::Identifier && t2 != Token::DoesNotExist) {
            throw ParseFailure("found '" + l2 + "', expected: identifier after ','");
          }
          break;
        }
        case Token::EndOfString:
          return requirements;
        default:
          throw ParseFailure("found '" + lit + "', expected: !, identifier, or 'end of string'");
      }
    }
  }

 private:
  // "in" and "notin" are ordinary identifiers wherever a key or value is expected.
  ScannedItem lookahead(Context context) const {
    ScannedItem item = items_[std::min(position_, items_.size() - 1)];
    if (context == Context::Values && (item.tok == Token::In || item.tok == Token::NotIn)) {
      item.tok = Token::Identifier;
    }
    return item;
  }

  ScannedItem consume(Context context) {
    ScannedItem item = lookahead(context);
    ++position_;
    return item;
  }

  LabelRequirement parseRequirement() {
    auto [key, op] = parseKeyAndInferOperator();
    if (op == LabelOperator::Exists || op == LabelOperator::DoesNotExist) {
      return newRequirement(std::move(key), *op, {});
    }
    const LabelOperator binary = parseOperator();
    const bool setBased = binary == LabelOperator::In || binary == LabelOperator::NotIn;
    auto values = setBased ? parseValues() : parseExactValue();
    return newRequirement(std::move(key), binary, {values.begin(), values.end()});
  }

  std::pair<std::string, std::optional<LabelOperator>> parseKeyAndInferOperator() {
    std::optional<LabelOperator> op;
    ScannedItem item = consume(Context::Values);
    if (item.tok == Token::DoesNotExist) {
      op = LabelOperator::DoesNotExist;
      item = consume(Context::Values);
    }
    const std::string& literal = item.literal;
    if (item.tok != Token::Identifier) {
      throw ParseFailure("found '" + literal + "', expected: identifier");
    }
    if (auto err = qualifiedNameError(literal)) {
      // The parser validates with a nil field path, hence Kubernetes' "<nil>:" prefix.
      throw ParseFailure("<nil>: Invalid value: " + goQuote(literal) + ": " + *err);
    }
    const Token next = lookahead(Context::Values).tok;
    if ((next == Token::EndOfString || next == Token::Comma) && !op) op = LabelOperator::Exists;
    return {literal, op};
  }

  LabelOperator parseOperator() {
    const auto [tok, lit] = consume(Context::KeyAndOperator);
    switch (tok) {
      case Token::In:
        return LabelOperator::In;
      case Token::Equals:
        return LabelOperator::Equals;
      case Token::DoubleEquals:
        return LabelOperator::DoubleEquals;
      case Token::GreaterThan:
        return LabelOperator::GreaterThan;
      case Token::LessThan:
        return LabelOperator::LessThan;
      case Token::NotIn:
        return LabelOperator::NotIn;
      case Token::NotEquals:
        return LabelOperator::NotEquals;
      default:
        throw ParseFailure("found '" + lit + "', expected: in, notin, =, ==, !=, gt, lt");
    }
  }

  std::set<std::string> parseValues() {
    const auto [tok, lit] = consume(Context::Values);
    if (tok != Token::OpenPar) throw ParseFailure("found '" + lit + "' expected: '('");
    const auto [next, nextLit] = lookahead(Context::Values);
    switch (next) {
      case Token::Identifier:
      case Token::Comma: {
        auto values = parseIdentifiersList();
        // Kubernetes reports the token after '(' here, not the one actually found.
        if (consume(Context::Values).tok != Token::ClosedPar) {
          throw ParseFailure("found '" + nextLit + "', expected: ')'");
        }
        return values;
      }
      case Token::ClosedPar:
        consume(Context::Values);
        return {""};
      default:
        throw ParseFailure("found '" + nextLit + "', expected: ',', ')' or identifier");
    }
  }

  // Empty entries ("(,a)", "(a,,b)", "(a,)") stand for the empty value.
  std::set<std::string> parseIdentifiersList() {
    std::set<std::string> values;
    while (true) {
      const auto [tok, lit] = consume(Context::Values);
      if (tok == Token::Identifier) {
        values.insert(lit);
        const auto [next, nextLit] = lookahead(Context::Values);
        if (next == Token::Comma) continue;
        if (next == Token::ClosedPar) return values;
        throw ParseFailure("found '" + nextLit + "', expected: ',' or ')'");
      }
      if (tok != Token::Comma)
        throw ParseFailure("found '" + lit + "', expected: ',', or identifier");
      if (values.empty()) values.insert("");
      const Token next = lookahead(Context::Values).tok;
      if (next == Token::ClosedPar) {
        values.insert("");
        return values;
      }
      if (next == Token::Comma) {
        consume(Context::Values);
        values.insert("");
      }
    }
  }

  std::set<std::string> parseExactValue() {
    const Token next = lookahead(Context::Values).tok;
    if (next == Token::EndOfString || next == Token::Comma) return {""};
    const auto [tok, lit] = consume(Context::Values);
    if (tok == Token::Identifier) return {lit};
    throw ParseFailure("found '" + lit + "', expected: identifier");
  }

  // The checks of labels.NewRequirement that the grammar does not already guarantee.
  static LabelRequirement newRequirement(std::string key, LabelOperator op,
                                         std::vector<std::string> values) {
    std::vector<std::string> errs;
    auto addUnique = [&errs](std::string msg) {
      if (std::find(errs.begin(), errs.end(), msg) == errs.end()) errs.push_back(std::move(msg));
    };
    if (op == LabelOperator::GreaterThan || op == LabelOperator::LessThan) {
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (!parseGoInt64(values[i])) {
          addUnique("values[" + std::to_string(i) + "]: Invalid value: " + goQuote(values[i]) +
                    ": for 'Gt', 'Lt' operators, the value must be an integer");
        }
      }
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (auto err = labelValueError(values[i])) {
        addUnique("values[" + std::to_string(i) + "][" + key +
                  "]: Invalid value: " + goQuote(values[i]) + ": " + *err);
      }
    }
    if (errs.size() == 1) throw ParseFailure(errs.front());
    if (errs.size() > 1) throw ParseFailure("[" + join(errs, ", ") + "]");
    return LabelRequirement{std::move(key), op, std::move(values)};
  }

  std::vector<ScannedItem> items_;
  std::size_t position_ = 0;
};

bool hasValue(const LabelRequirement& r, const std::string& value) {
  return std::find(r.values.begin(), r.values.end(), value) != r.values.end();
}

std::string escapeFieldValue(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ',' || c == '=') out += '\\';
    out += c;
  }
  return out;
}

std::size_t utf8Length(unsigned char lead) {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

// fields.UnescapeValue; its UnescapedRune error prints the rune as a number ("61" for '=').
std::string unescapeFieldValue(std::string_view s, std::string_view selector) {
  if (s.find_first_of("\\,=") == std::string_view::npos) return std::string(s);
  std::string out;
  bool inSlash = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (inSlash) {
      if (c != '\\' && c != ',' && c != '=') {
        const std::size_t len = std::min(utf8Length(static_cast<unsigned char>(c)), s.size() - i);
        throw SelectorError(
            "field", selector,
            "invalid field selector: invalid escape sequence: \\" + std::string(s.substr(i, len)));
      }
      out += c;
      inSlash = false;
    } else if (c == '\\') {
      inSlash = true;
    } else if (c == ',' || c == '=') {
      throw SelectorError("field", selector,
                          "invalid field selector: unescaped character in value: " +
                              std::to_string(static_cast<int>(c)));
    } else {
      out += c;
    }
  }
  if (inSlash) {
    throw SelectorError("field", selector, "invalid field selector: invalid escape sequence: \\");
  }
  return out;
}

// Backslash-escaped commas stay inside a term, escape included.
std::vector<std::string> splitFieldTerms(std::string_view selector) {
  std::vector<std::string> terms;
  if (selector.empty()) return terms;
  std::size_t start = 0;
  bool inSlash = false;
  for (std::size_t i = 0; i < selector.size(); ++i) {
    const char c = selector[i];
    if (inSlash) {
      inSlash = false;
    } else if (c == '\\') {
      inSlash = true;
    } else if (c == ',') {
      terms.emplace_back(selector.substr(start, i - start));
      start = i + 1;
    }
  }
  terms.emplace_back(selector.substr(start));
  return terms;
}

}  // namespace

SelectorError::SelectorError(std::string_view kind, std::string_view selector, std::string detail)
    : std::invalid_argument("invalid " + std::string(kind) + " selector \"" +
                            std::string(selector) + "\": " + detail),
      selector_(selector),
      detail_(std::move(detail)) {}

bool LabelRequirement::matches(const std::map<std::string, std::string>& labels) const {
  const auto it = labels.find(key);
  const bool has = it != labels.end();
  switch (op) {
    case LabelOperator::In:
    case LabelOperator::Equals:
    case LabelOperator::DoubleEquals:
      return has && hasValue(*this, it->second);
    case LabelOperator::NotIn:
    case LabelOperator::NotEquals:
      return !has || !hasValue(*this, it->second);
    case LabelOperator::Exists:
      return has;
    case LabelOperator::DoesNotExist:
      return !has;
    case LabelOperator::GreaterThan:
    case LabelOperator::LessThan: {
      if (!has || values.size() != 1) return false;
      const auto actual = parseGoInt64(it->second);
      const auto bound = parseGoInt64(values.front());
      if (!actual || !bound) return false;
      return op == LabelOperator::GreaterThan ? *actual > *bound : *actual < *bound;
    }
  }
  return false;
}

std::string LabelRequirement::toString() const {
  std::string out;
  if (op == LabelOperator::DoesNotExist) out += '!';
  out += key;
  switch (op) {
    case LabelOperator::Exists:
    case LabelOperator::DoesNotExist:
      return out;
    case LabelOperator::Equals:
      out += "=";
      break;
    case LabelOperator::DoubleEquals:
      out += "==";
      break;
    case LabelOperator::NotEquals:
      out += "!=";
      break;
    case LabelOperator::In:
      out += " in ";
      break;
    case LabelOperator::NotIn:
      out += " notin ";
      break;
    case LabelOperator::GreaterThan:
      out += ">";
      break;
    case LabelOperator::LessThan:
      out += "<";
      break;
  }
  const bool setBased = op == LabelOperator::In || op == LabelOperator::NotIn;
  if (setBased) out += '(';
  out += join(values, ",");
  if (setBased) out += ')';
  return out;
}

LabelSelector LabelSelector::parse(std::string_view text) {
  LabelSelector selector;
  try {
    selector.requirements_ = Parser(text).parse();
  } catch (const ParseFailure& e) {
    throw SelectorError("label", text, e.what());
  }
  // Go's sort.Sort is an insertion sort (hence stable) at selector sizes.
  std::stable_sort(
      selector.requirements_.begin(), selector.requirements_.end(),
      [](const LabelRequirement& a, const LabelRequirement& b) { return a.key < b.key; });
  return selector;
}

bool LabelSelector::matches(const std::map<std::string, std::string>& labels) const {
  return std::all_of(requirements_.begin(), requirements_.end(),
                     [&labels](const LabelRequirement& r) { return r.matches(labels); });
}

std::string LabelSelector::toString() const {
  std::vector<std::string> parts;
  parts.reserve(requirements_.size());
  for (const auto& r : requirements_)
    parts.push_back(r.toString());
  return join(parts, ",");
}

FieldSelector FieldSelector::parse(std::string_view text) {
  auto terms = splitFieldTerms(text);
  // Sorting first decides which bad term is reported and the order of requirements().
  std::sort(terms.begin(), terms.end());
  FieldSelector selector;
  for (const auto& term : terms) {
    if (term.empty()) continue;
    // First operator occurrence wins; "!=" and "==" are tried before "=" at each position.
    std::size_t opPos = std::string::npos;
    std::size_t opLen = 0;
    bool equal = true;
    for (std::size_t i = 0; i < term.size(); ++i) {
      if (term.compare(i, 2, "!=") == 0) {
        opPos = i, opLen = 2, equal = false;
      } else if (term.compare(i, 2, "==") == 0) {
        opPos = i, opLen = 2;
      } else if (term[i] == '=') {
        opPos = i, opLen = 1;
      } else {
        continue;
      }
      break;
    }
    if (opPos == std::string::npos) {
      throw SelectorError(
          "field", text,
          "invalid selector: '" + std::string(text) + "'; can't understand '" + term + "'");
    }
    Requirement r{term.substr(0, opPos), equal,
                  unescapeFieldValue(std::string_view(term).substr(opPos + opLen), text)};
    // Transform() drops a term whose field and value are both empty ("=" or "!=").
    if (r.field.empty() && r.value.empty()) continue;
    selector.requirements_.push_back(std::move(r));
  }
  return selector;
}

bool FieldSelector::matches(const ValueOf& valueOf) const {
  for (const auto& r : requirements_) {
    const std::string actual = valueOf(r.field).value_or("");
    if ((actual == r.value) != r.equal) return false;
  }
  return true;
}

bool FieldSelector::matches(const std::map<std::string, std::string>& fields) const {
  return matches([&fields](std::string_view field) -> std::optional<std::string> {
    const auto it = fields.find(std::string(field));
    if (it == fields.end()) return std::nullopt;
    return it->second;
  });
}

std::string FieldSelector::toString() const {
  std::vector<std::string> parts;
  parts.reserve(requirements_.size());
  for (const auto& r : requirements_) {
    parts.push_back(r.field + (r.equal ? "=" : "!=") + escapeFieldValue(r.value));
  }
  return join(parts, ",");
}

}  // namespace perfscale::sim
