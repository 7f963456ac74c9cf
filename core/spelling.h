// "Did you mean ...?": the known name closest to a misspelled one, for errors about unknown
// fields (scenario files) and unknown metrics (thresholds).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace perfscale {

// The candidate fewest edits (insert, delete, replace; case ignored) away from `word`, the
// first of equals; nothing when every candidate is three or more edits away.
std::optional<std::string> closestSpelling(const std::string& word,
                                           const std::vector<std::string>& candidates);

}  // namespace perfscale
