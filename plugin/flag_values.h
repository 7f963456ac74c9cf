// What a flag's or a positional argument's value is, declared as its cxxopts arg_help: --help
// shows it ("--trace TRACE", "-o text|json") and shell completion reads it, so one declaration
// serves both. A value declared with none of these completes as a file name (cobra's default);
// one declared with another word (NAME, URL, DURATION) completes as nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace perfscale::plugin::values {

inline constexpr std::string_view kTraceFile = "TRACE";            // a trace file: *.db
inline constexpr std::string_view kRunSelector = "TRACE[:RUN]";    // a trace, or one of its runs
inline constexpr std::string_view kRecordedRun = "UUID";           // a run the trace holds
inline constexpr std::string_view kKubeconfigContext = "CONTEXT";  // a context of the kubeconfig
inline constexpr std::string_view kKubeconfigCluster = "CLUSTER";  // a cluster of the kubeconfig
inline constexpr std::string_view kKubeconfigUser = "USER";        // a user of the kubeconfig

// "text|json|markdown": one of these words.
std::string oneOf(const std::vector<std::string_view>& words);
// The words of a oneOf() declaration; empty for any other.
std::vector<std::string> choices(std::string_view declared);

}  // namespace perfscale::plugin::values
