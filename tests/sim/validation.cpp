// Ports of apimachinery's IsDNS1123*/IsQualifiedName/IsValidLabelValue and
// resource.ParseQuantity; the regexes are hand-matched because they are simple and hot.
#include "tests/sim/validation.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <system_error>

namespace perfscale::sim {
namespace {

constexpr std::size_t kDns1123LabelMaxLength = 63;
constexpr std::size_t kDns1123SubdomainMaxLength = 253;
constexpr std::size_t kQualifiedNameMaxLength = 63;
constexpr std::size_t kLabelValueMaxLength = 63;

constexpr const char* kDns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr const char* kDns1123LabelErrMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character";
constexpr const char* kDns1123SubdomainFmt =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr const char* kDns1123SubdomainErrMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character";
constexpr const char* kQualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr const char* kQualifiedNameErrMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";
constexpr const char* kLabelValueFmt = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
constexpr const char* kLabelValueErrMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character";

bool isLowerAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool isAlnum(char c) {
  return isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

bool matchesDns1123Label(std::string_view s) {
  if (s.empty() || !isLowerAlnum(s.front()) || !isLowerAlnum(s.back())) return false;
  for (char c : s) {
    if (!isLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

// The subdomain regex does not bound the length of each label.
bool matchesDns1123Subdomain(std::string_view s) {
  while (true) {
    auto dot = s.find('.');
    if (!matchesDns1123Label(s.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    s.remove_prefix(dot + 1);
  }
}

bool matchesQualifiedNamePart(std::string_view s) {
  if (s.empty() || !isAlnum(s.front()) || !isAlnum(s.back())) return false;
  for (char c : s) {
    if (!isAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

std::string maxLenError(std::size_t length) {
  return "must be no more than " + std::to_string(length) + " characters";
}

// The doubled space after each example ("'MyName',  or") is Kubernetes' own.
std::string regexError(std::string msg, const char* fmt,
                       std::initializer_list<const char*> examples) {
  if (examples.size() == 0) return msg + " (regex used for validation is '" + fmt + "')";
  msg += " (e.g. ";
  bool first = true;
  for (const char* example : examples) {
    if (!first) msg += " or ";
    first = false;
    msg += "'";
    msg += example;
    msg += "', ";
  }
  msg += "regex used for validation is '";
  msg += fmt;
  msg += "')";
  return msg;
}

std::optional<std::string> joinErrors(const std::vector<std::string>& errs) {
  if (errs.empty()) return std::nullopt;
  std::string out;
  for (const auto& e : errs) {
    if (!out.empty()) out += "; ";
    out += e;
  }
  return out;
}

enum class QuantityError { None, Format, Numeric, Suffix };

struct QuantityParts {
  bool positive = true;
  std::string_view value, num, denom, suffix;
};

// A literal port of parseQuantityString, because its edge cases (a bare suffix, "1.G", "-.")
// decide what the API server accepts.
QuantityError parseQuantityString(std::string_view str, QuantityParts& out) {
  std::size_t pos = 0;
  const std::size_t end = str.size();
  if (pos < end) {
    if (str[0] == '-') {
      out.positive = false;
      ++pos;
    } else if (str[0] == '+') {
      ++pos;
    }
  }
  for (std::size_t i = pos;; ++i) {
    if (i >= end) {
      out.num = "0";
      out.value = out.num;
      return QuantityError::None;
    }
    if (str[i] != '0') break;
    ++pos;
  }
  for (std::size_t i = pos;; ++i) {
    if (i >= end) {
      out.num = str.substr(pos);
      out.value = str;
      return QuantityError::None;
    }
    if (!isDigit(str[i])) {
      out.num = str.substr(pos, i - pos);
      pos = i;
      break;
    }
  }
  if (out.num.empty()) out.num = "0";
  if (pos < end && str[pos] == '.') {
    ++pos;
    for (std::size_t i = pos;; ++i) {
      if (i >= end) {
        out.denom = str.substr(pos);
        out.value = str;
        return QuantityError::None;
      }
      if (!isDigit(str[i])) {
        out.denom = str.substr(pos, i - pos);
        pos = i;
        break;
      }
    }
  }
  out.value = str.substr(0, pos);

  const std::size_t suffixStart = pos;
  for (std::size_t i = pos;; ++i) {
    if (i >= end) {
      out.suffix = str.substr(suffixStart);
      return QuantityError::None;
    }
    if (std::string_view("eEinumkKMGTP").find(str[i]) == std::string_view::npos) {
      pos = i;
      break;
    }
  }
  if (pos < end && (str[pos] == '-' || str[pos] == '+')) ++pos;
  for (std::size_t i = pos;; ++i) {
    if (i >= end) {
      out.suffix = str.substr(suffixStart);
      return QuantityError::None;
    }
    if (!isDigit(str[i])) break;
  }
  return QuantityError::Format;
}

struct SuffixInfo {
  int base;
  int64_t exponent;
  QuantityFormat format;
};

std::optional<SuffixInfo> interpretSuffix(std::string_view s) {
  struct Entry {
    std::string_view suffix;
    int exponent;
  };
  static constexpr Entry kDecimal[] = {{"n", -9}, {"u", -6}, {"m", -3}, {"", 0},   {"k", 3},
                                       {"M", 6},  {"G", 9},  {"T", 12}, {"P", 15}, {"E", 18}};
  static constexpr Entry kBinary[] = {{"Ki", 10}, {"Mi", 20}, {"Gi", 30},
                                      {"Ti", 40}, {"Pi", 50}, {"Ei", 60}};
  for (const auto& e : kDecimal) {
    if (e.suffix == s) return SuffixInfo{10, e.exponent, QuantityFormat::DecimalSI};
  }
  for (const auto& e : kBinary) {
    if (e.suffix == s) return SuffixInfo{2, e.exponent, QuantityFormat::BinarySI};
  }
  if (s.size() > 1 && (s[0] == 'e' || s[0] == 'E')) {
    auto parsed = parseGoInt64(s.substr(1));
    if (!parsed) return std::nullopt;
    // Go truncates the exponent with int32(parsed).
    const auto exponent = static_cast<int32_t>(static_cast<uint32_t>(*parsed));
    return SuffixInfo{10, exponent, QuantityFormat::DecimalExponent};
  }
  return std::nullopt;
}

long double fromChars(const std::string& text, bool tooLargeIfOutOfRange) {
  long double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  (void)ptr;
  if (ec == std::errc::result_out_of_range) return tooLargeIfOutOfRange ? HUGE_VALL : 0.0L;
  return v;
}

// Adds one to a string of decimal digits.
void incrementDigits(std::string& digits) {
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it != '9') {
      ++*it;
      return;
    }
    *it = '0';
  }
  digits.insert(digits.begin(), '1');
}

QuantityError parseQuantityImpl(std::string_view str, Quantity& q) {
  if (str.empty()) return QuantityError::Format;
  q.text = std::string(str);
  if (str == "0") return QuantityError::None;

  QuantityParts parts;
  if (auto err = parseQuantityString(str, parts); err != QuantityError::None) return err;
  auto suffix = interpretSuffix(parts.suffix);
  if (!suffix) return QuantityError::Suffix;
  q.format = suffix->format;

  const auto numLen = static_cast<int64_t>(parts.num.size());
  const auto denomLen = static_cast<int64_t>(parts.denom.size());
  const std::string digits = std::string(parts.num) + std::string(parts.denom);
  const long double sign = parts.positive ? 1.0L : -1.0L;

  // Mirrors ParseQuantity's int64 fast path; only values that miss it get rounded and capped.
  int64_t precision = 0;
  int64_t scale = 0;
  int64_t mantissa = 1;
  if (suffix->base == 10) {
    scale = suffix->exponent;
    precision = 18 - (numLen + denomLen);
  } else if (denomLen == 0) {
    mantissa = int64_t{1} << suffix->exponent;
    precision = 15 - numLen - suffix->exponent * 3 / 10 - 1;
  } else {
    precision = -1;
  }
  if (precision >= 0 && scale - denomLen >= -9) {
    auto shifted = parseGoInt64(digits);
    if (!shifted) return QuantityError::Numeric;
    int64_t result = 0;
    if (!__builtin_mul_overflow(*shifted, mantissa, &result)) {
      if (result == 0) return QuantityError::None;
      if (suffix->base == 10) {
        const int64_t exp10 = scale - denomLen;
        q.value = sign * fromChars(std::to_string(result) + "e" + std::to_string(exp10), exp10 > 0);
      } else {
        q.value = sign * static_cast<long double>(result);
      }
      return QuantityError::None;
    }
  }

  // inf.Dec.SetString only fails when no digit was read.
  if (parts.value.find_first_of("0123456789") == std::string_view::npos) {
    return QuantityError::Numeric;
  }
  if (digits.find_first_not_of('0') == std::string::npos) return QuantityError::None;

  long double magnitude = 0;
  if (suffix->base == 10) {
    // Round up to a whole number of nanos on the digits themselves, as inf.Dec does.
    int64_t exp10 = suffix->exponent - denomLen;
    std::string kept = digits;
    if (exp10 < -9) {
      const int64_t drop = -9 - exp10;
      std::string_view removed;
      if (drop >= static_cast<int64_t>(digits.size())) {
        kept = "0";
        removed = digits;
      } else {
        kept = digits.substr(0, digits.size() - static_cast<std::size_t>(drop));
        removed = std::string_view(digits).substr(kept.size());
      }
      if (removed.find_first_not_of('0') != std::string_view::npos) incrementDigits(kept);
      exp10 = -9;
    }
    magnitude = fromChars(kept + "e" + std::to_string(exp10), exp10 > 0);
  } else {
    std::string decimal(parts.num);
    if (!parts.denom.empty()) decimal += "." + std::string(parts.denom);
    magnitude = std::ldexp(fromChars(decimal, true), static_cast<int>(suffix->exponent));
    const long double nanos = magnitude * 1e9L;
    const long double nearest = std::round(nanos);
    if (std::fabs(nanos - nearest) > nanos * 1e-15L) magnitude = std::ceil(nanos) / 1e9L;
    const long double maxAllowed = 9223372036854775807.0L;
    if (magnitude > maxAllowed) magnitude = maxAllowed;
    if (magnitude < 1.0L) q.format = QuantityFormat::DecimalSI;
  }
  q.value = sign * magnitude;
  return QuantityError::None;
}

// The ([0-9]+(\.[0-9]*)?)|(\.[0-9]+) part of the schema pattern, consumed from the front.
bool consumeSchemaNumber(std::string_view& s) {
  std::size_t i = 0;
  while (i < s.size() && isDigit(s[i]))
    ++i;
  const bool intDigits = i > 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t fracStart = i;
    while (i < s.size() && isDigit(s[i]))
      ++i;
    if (!intDigits && i == fracStart) return false;
  } else if (!intDigits) {
    return false;
  }
  s.remove_prefix(i);
  return true;
}

}  // namespace

std::optional<int64_t> parseGoInt64(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  uint64_t magnitude = 0;
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  for (char c : s) {
    if (!isDigit(c)) return std::nullopt;
    const auto digit = static_cast<uint64_t>(c - '0');
    if (magnitude > (limit - digit) / 10) return std::nullopt;
    magnitude = magnitude * 10 + digit;
  }
  if (negative) return static_cast<int64_t>(0 - magnitude);
  return static_cast<int64_t>(magnitude);
}

std::vector<std::string> dns1123SubdomainErrors(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kDns1123SubdomainMaxLength) {
    errs.push_back(maxLenError(kDns1123SubdomainMaxLength));
  }
  if (!matchesDns1123Subdomain(value)) {
    errs.push_back(regexError(kDns1123SubdomainErrMsg, kDns1123SubdomainFmt, {"example.com"}));
  }
  return errs;
}

std::vector<std::string> dns1123LabelErrors(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kDns1123LabelMaxLength) errs.push_back(maxLenError(kDns1123LabelMaxLength));
  if (!matchesDns1123Label(value)) {
    if (matchesDns1123Subdomain(value)) {
      errs.emplace_back("must not contain dots");
    } else {
      errs.push_back(regexError(kDns1123LabelErrMsg, kDns1123LabelFmt, {"my-name", "123-abc"}));
    }
  }
  return errs;
}

std::vector<std::string> qualifiedNameErrors(std::string_view value) {
  std::vector<std::string> errs;
  std::string_view name = value;
  const auto slash = value.find('/');
  if (slash != std::string_view::npos) {
    if (value.find('/', slash + 1) != std::string_view::npos) {
      errs.push_back(
          "a qualified name " +
          regexError(kQualifiedNameErrMsg, kQualifiedNameFmt, {"MyName", "my.name", "123-abc"}) +
          " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    const auto prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty()) {
      errs.emplace_back("prefix part must be non-empty");
    } else {
      for (auto& msg : dns1123SubdomainErrors(prefix))
        errs.push_back("prefix part " + msg);
    }
  }
  if (name.empty()) {
    errs.emplace_back("name part must be non-empty");
  } else if (name.size() > kQualifiedNameMaxLength) {
    errs.push_back("name part " + maxLenError(kQualifiedNameMaxLength));
  }
  if (!matchesQualifiedNamePart(name)) {
    errs.push_back("name part " + regexError(kQualifiedNameErrMsg, kQualifiedNameFmt,
                                             {"MyName", "my.name", "123-abc"}));
  }
  return errs;
}

std::vector<std::string> labelValueErrors(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kLabelValueMaxLength) errs.push_back(maxLenError(kLabelValueMaxLength));
  if (!value.empty() && !matchesQualifiedNamePart(value)) {
    errs.push_back(regexError(kLabelValueErrMsg, kLabelValueFmt, {"MyValue", "my_value", "12345"}));
  }
  return errs;
}

std::optional<std::string> dns1123SubdomainError(std::string_view value) {
  return joinErrors(dns1123SubdomainErrors(value));
}

std::optional<std::string> dns1123LabelError(std::string_view value) {
  return joinErrors(dns1123LabelErrors(value));
}

std::optional<std::string> qualifiedNameError(std::string_view value) {
  return joinErrors(qualifiedNameErrors(value));
}

std::optional<std::string> labelValueError(std::string_view value) {
  return joinErrors(labelValueErrors(value));
}

std::optional<Quantity> parseQuantity(std::string_view text) {
  Quantity q;
  if (parseQuantityImpl(text, q) != QuantityError::None) return std::nullopt;
  return q;
}

bool matchesQuantitySchemaPattern(std::string_view text) {
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
  if (!consumeSchemaNumber(text)) return false;
  if (text.empty()) return true;
  if (text.size() == 2 && std::string_view("KMGTPE").find(text[0]) != std::string_view::npos &&
      text[1] == 'i') {
    return true;
  }
  if (text.size() == 1 && std::string_view("numkMGTPE").find(text[0]) != std::string_view::npos) {
    return true;
  }
  if (text.front() != 'e' && text.front() != 'E') return false;
  text.remove_prefix(1);
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
  return consumeSchemaNumber(text) && text.empty();
}

std::string quantityErrorMessage(std::string_view text) {
  Quantity q;
  switch (parseQuantityImpl(text, q)) {
    case QuantityError::None:
      return {};
    case QuantityError::Format:
      return std::string(kQuantityFormatError);
    case QuantityError::Numeric:
      return std::string(kQuantityNumericError);
    case QuantityError::Suffix:
      return std::string(kQuantitySuffixError);
  }
  return {};
}

}  // namespace perfscale::sim
