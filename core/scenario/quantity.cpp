// Kubernetes quantity syntax (see quantity.h).
#include "core/scenario/quantity.h"

#include <array>

namespace perfscale::scenario {
namespace {

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

bool isSuffix(std::string_view suffix) {
  static constexpr std::array<std::string_view, 16> kSuffixes = {
      "", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  for (std::string_view known : kSuffixes)
    if (suffix == known) return true;
  if (suffix.size() >= 2 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    std::string_view exponent = suffix.substr(1);
    if (exponent[0] == '+' || exponent[0] == '-') exponent.remove_prefix(1);
    if (exponent.empty()) return false;
    for (char c : exponent)
      if (!isDigit(c)) return false;
    return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> positiveQuantityProblem(std::string_view text) {
  const std::string hint = " (write e.g. 100m or 1 for CPU, 90Mi or 1Gi for memory)";
  if (text.empty()) return "it is empty" + hint;
  std::string_view rest = text;
  bool negative = false;
  if (rest[0] == '+' || rest[0] == '-') {
    negative = rest[0] == '-';
    rest.remove_prefix(1);
  }
  std::size_t i = 0;
  std::size_t digits = 0;
  bool nonZero = false;
  for (; i < rest.size() && isDigit(rest[i]); ++i, ++digits)
    nonZero = nonZero || rest[i] != '0';
  if (i < rest.size() && rest[i] == '.') {
    for (++i; i < rest.size() && isDigit(rest[i]); ++i, ++digits)
      nonZero = nonZero || rest[i] != '0';
  }
  if (digits == 0) return "\"" + std::string(text) + "\" is not a quantity: no number" + hint;
  const std::string_view suffix = rest.substr(i);
  if (!isSuffix(suffix)) {
    return "\"" + std::string(text) + "\" is not a quantity: unknown suffix \"" +
           std::string(suffix) + "\" (use n u m k M G T P E, Ki Mi Gi Ti Pi Ei or e<exponent>)";
  }
  if (negative || !nonZero) return "\"" + std::string(text) + "\" must be greater than zero" + hint;
  return std::nullopt;
}

}  // namespace perfscale::scenario
