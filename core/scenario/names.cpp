// DNS-1123 names and label values, as apimachinery's IsDNS1123Label/Subdomain and
// IsValidLabelValue (see names.h).
#include "core/scenario/names.h"

namespace perfscale::scenario {
namespace {

bool isLowerAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool isAlnum(char c) {
  return isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
}

bool isLabel(std::string_view text) {
  if (text.empty() || !isLowerAlnum(text.front()) || !isLowerAlnum(text.back())) return false;
  for (char c : text)
    if (!isLowerAlnum(c) && c != '-') return false;
  return true;
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

}  // namespace

std::optional<std::string> dns1123LabelProblem(std::string_view text) {
  if (text.empty()) return std::string("it is empty");
  if (text.size() > 63)
    return quoted(text) + " is longer than 63 characters (" + std::to_string(text.size()) + ")";
  if (!isLabel(text)) {
    return quoted(text) +
           " is not a DNS-1123 label: use lower case letters, digits and '-', starting and "
           "ending with a letter or digit (e.g. my-name-1)";
  }
  return std::nullopt;
}

std::optional<std::string> dns1123SubdomainProblem(std::string_view text) {
  if (text.empty()) return std::string("it is empty");
  if (text.size() > 253)
    return quoted(text) + " is longer than 253 characters (" + std::to_string(text.size()) + ")";
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    if (!isLabel(text.substr(start, dot == std::string_view::npos ? dot : dot - start))) {
      return quoted(text) +
             " is not a DNS-1123 subdomain: use lower case letters, digits, '-' and '.', "
             "starting and ending with a letter or digit (e.g. my-name.example)";
    }
    if (dot == std::string_view::npos) return std::nullopt;
    start = dot + 1;
  }
}

std::optional<std::string> labelValueProblem(std::string_view text) {
  if (text.size() > 63)
    return quoted(text) + " is longer than 63 characters (" + std::to_string(text.size()) + ")";
  if (text.empty()) return std::nullopt;
  bool valid = isAlnum(text.front()) && isAlnum(text.back());
  for (char c : text)
    valid = valid && (isAlnum(c) || c == '-' || c == '_' || c == '.');
  if (!valid) {
    return quoted(text) +
           " is not a valid label value: use letters, digits, '-', '_' and '.', starting and "
           "ending with a letter or digit";
  }
  return std::nullopt;
}

}  // namespace perfscale::scenario
