// JSON arrays of strings (see json_text.h). Reading them back is SQLite's json_each().
#include "store/json_text.h"

#include "core/json_quote.h"

namespace perfscale::store {

std::string jsonStringArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += quoteJson(items[i]);
  }
  out.push_back(']');
  return out;
}

}  // namespace perfscale::store
