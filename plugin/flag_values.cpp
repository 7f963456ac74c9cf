// Value kinds as arg_help (see flag_values.h).
#include "plugin/flag_values.h"

#include <algorithm>

namespace perfscale::plugin::values {

std::string oneOf(const std::vector<std::string_view>& words) {
  std::string declared;
  for (const auto word : words) {
    if (!declared.empty()) declared += '|';
    declared += word;
  }
  return declared;
}

std::vector<std::string> choices(std::string_view declared) {
  if (declared.find('|') == std::string_view::npos) return {};
  std::vector<std::string> words;
  size_t start = 0;
  while (start <= declared.size()) {
    const size_t bar = std::min(declared.find('|', start), declared.size());
    words.emplace_back(declared.substr(start, bar - start));
    start = bar + 1;
  }
  return words;
}

}  // namespace perfscale::plugin::values
