// JSON string literals, for everything that writes JSON text by hand: the scenario's JSON, the
// plugin's -o json output and the trace's JSON columns. In the record library, which store/
// links without the rest of core.
#pragma once

#include <string>
#include <string_view>

namespace perfscale {

// `text` as a JSON string literal, quotes included; bytes >= 0x80 pass through (UTF-8).
std::string quoteJson(std::string_view text);

}  // namespace perfscale
