// Kubernetes timestamps: RFC 3339 ("2026-11-28T00:53:28Z", fractions and offsets allowed), as
// metadata.creationTimestamp, status.phaseTransitionTimestamps and ExecCredentials carry them.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace perfscale::kube {

// ns since the epoch; nothing when the text is not RFC 3339 or the time does not fit (after
// 2262).
std::optional<int64_t> parseRfc3339Ns(std::string_view text);

// The same as a system_clock time; a time too late for it becomes time_point::max().
std::optional<std::chrono::system_clock::time_point> parseRfc3339(std::string_view text);

}  // namespace perfscale::kube
