// Version of the tool, as recorded in traces and sent as the User-Agent.
#pragma once

#include <string>
#include <string_view>

namespace perfscale {

std::string_view toolVersion();  // semantic version, without a leading "v"
std::string_view gitCommit();    // short commit hash, "-dirty" when built from changes
std::string_view buildDate();    // UTC, RFC 3339

}  // namespace perfscale
