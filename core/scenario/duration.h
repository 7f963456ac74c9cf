// Go durations ("5m", "30s", "1h30m", "1.5s", "0"), as the load generator's flags and files
// spell them, parsed into std::chrono and printed back the way Go's Duration.String does.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace perfscale::scenario {

using Duration = std::chrono::nanoseconds;

// time.ParseDuration: an optional sign, then one or more <decimal><unit> with units ns, us
// (or µs), ms, s, m, h; "0" alone needs no unit. Throws std::invalid_argument saying what is
// wrong and how to write it.
Duration parseGoDuration(std::string_view text);

// time.Duration.String: "0s", "1.5s", "1h30m0s", "250ms", "-2m0s".
std::string formatGoDuration(Duration duration);

}  // namespace perfscale::scenario
