// Run ids: random version 4 UUIDs in lower case, which are DNS-1123 labels, so they serve
// as label values and as part of object names.
#pragma once

#include <string>
#include <string_view>

namespace perfscale::scenario {

std::string randomUuidV4();
bool isUuidV4(std::string_view text);

}  // namespace perfscale::scenario
