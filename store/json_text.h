// JSON text for the few structured columns (runs.arguments, iterations.namespaces): arrays of
// strings, which the sqlite3 shell can unpack with json_each().
#pragma once

#include <string>
#include <vector>

namespace perfscale::store {

std::string jsonStringArray(const std::vector<std::string>& items);

}  // namespace perfscale::store
