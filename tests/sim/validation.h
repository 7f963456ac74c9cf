// Kubernetes name, label and resource-quantity validation for the simulated API server,
// ported from k8s.io/apimachinery (util/validation, api/resource) so that messages match.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace perfscale::sim {

// The *Errors functions return every message Kubernetes would report (the API server turns
// each into its own field cause); the *Error functions join them with "; " as the label
// selector parser does, and return nullopt for a valid value.
std::vector<std::string> dns1123SubdomainErrors(std::string_view value);
std::vector<std::string> dns1123LabelErrors(std::string_view value);
std::vector<std::string> qualifiedNameErrors(std::string_view value);  // label keys
std::vector<std::string> labelValueErrors(std::string_view value);

std::optional<std::string> dns1123SubdomainError(std::string_view value);
std::optional<std::string> dns1123LabelError(std::string_view value);
std::optional<std::string> qualifiedNameError(std::string_view value);
std::optional<std::string> labelValueError(std::string_view value);

// Go's strconv.ParseInt(text, 10, 64), which label selectors use for the gt/lt operators.
std::optional<int64_t> parseGoInt64(std::string_view text);

enum class QuantityFormat { DecimalSI, BinarySI, DecimalExponent };

struct Quantity {
  // In base units (bytes, cores), after Kubernetes' rounding up to 1n and capping of binary
  // quantities at 2^63-1.
  long double value = 0;
  std::string text;  // exactly as given, not canonicalised
  QuantityFormat format = QuantityFormat::DecimalSI;
};

inline constexpr std::string_view kQuantityFormatError =
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
inline constexpr std::string_view kQuantityNumericError =
    "unable to parse numeric part of quantity";
inline constexpr std::string_view kQuantitySuffixError = "unable to parse quantity's suffix";

// Accepts exactly what resource.ParseQuantity accepts, including its oddities: "Mi", "k",
// "." and "-" are all zero. No whitespace trimming (JSON decoding trims before parsing).
std::optional<Quantity> parseQuantity(std::string_view text);

// The ParseQuantity error for text (one of the three constants above), or "" if it is valid.
std::string quantityErrorMessage(std::string_view text);

// CRD schemas, KubeVirt's VMI among them, put this pattern on quantity strings, so a CRD-backed
// API server also rejects what ParseQuantity lets through ("Mi", "."), reporting
// `<path>: Invalid value: "<text>": <path> in body should match '<pattern>'`.
inline constexpr std::string_view kQuantitySchemaPattern =
    "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))"
    "(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";
bool matchesQuantitySchemaPattern(std::string_view text);

}  // namespace perfscale::sim
