// Keeps secrets out of the trace: the values of credential flags (--token, --password, ...)
// and the user:password part of URLs. The trace writer applies both to every RunInfo it
// stores, and the figures (core/stats) to the arguments they show.
#pragma once

#include <string>
#include <vector>

namespace perfscale {

inline constexpr const char* kRedacted = "REDACTED";

// Replaces the value of every credential flag, in all the forms the plugin accepts:
// --token X, --token=X, -token X, -token=X; and any "Authorization: ..." argument.
std::vector<std::string> redactArguments(std::vector<std::string> arguments);

// https://user:secret@host/ -> https://REDACTED@host/
std::string redactUrl(std::string url);

}  // namespace perfscale
