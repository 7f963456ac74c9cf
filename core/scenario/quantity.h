// Kubernetes resource quantities ("100m", "90Mi", "1.5Gi", "2e3"), checked before a run
// instead of by the API server halfway through it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace perfscale::scenario {

// What is wrong with `text` as a quantity greater than zero (resource.ParseQuantity's
// grammar: a decimal number, then one of n u m "" k M G T P E, Ki Mi Gi Ti Pi Ei, or an
// exponent e<int>/E<int>); nullopt when it is fine.
std::optional<std::string> positiveQuantityProblem(std::string_view text);

}  // namespace perfscale::scenario
