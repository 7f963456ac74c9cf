// Kubernetes name and label rules (apimachinery's validation), so a bad name is reported
// with the template or flag that made it, before the API server rejects it mid-run.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace perfscale::scenario {

// Each returns what is wrong, or nullopt when `text` is valid.
std::optional<std::string> dns1123LabelProblem(std::string_view text);      // namespaces
std::optional<std::string> dns1123SubdomainProblem(std::string_view text);  // most object names
std::optional<std::string> labelValueProblem(std::string_view text);

}  // namespace perfscale::scenario
