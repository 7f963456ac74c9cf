// kubectl's --request-timeout syntax: "0" (no timeout), a bare integer of seconds, or a Go
// duration such as 500ms, 5s, 1m30s.
#pragma once

#include <chrono>
#include <string>

namespace perfscale::kube {

// Throws KubeconfigError naming the text and the accepted forms. A positive timeout under a
// millisecond rounds up to one, so it never turns into "no timeout".
std::chrono::milliseconds parseRequestTimeout(const std::string& text);

}  // namespace perfscale::kube
