// Unit tests for the simulator's DNS-name, label and quantity validation; expectations follow
// apimachinery's own validation and quantity tests.
#include <catch2/catch.hpp>

#include <string>

#include "tests/sim/validation.h"

using namespace perfscale::sim;

namespace {

const std::string kSubdomainMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const std::string kLabelMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

std::string quantityError(const std::string& text) {
  return quantityErrorMessage(text);
}

}  // namespace

TEST_CASE("dns1123 subdomain: lowercase names with dashes and dots are valid") {
  for (const char* name :
       {"a", "0", "example.com", "vmi-1", "a-b.c-d.e", "perfscale.kubevirt.io", "1.2.3"}) {
    INFO(name);
    CHECK_FALSE(dns1123SubdomainError(name).has_value());
  }
  CHECK_FALSE(dns1123SubdomainError(std::string(253, 'a')).has_value());
  // The subdomain regex puts no bound on the length of one label.
  CHECK_FALSE(dns1123SubdomainError(std::string(100, 'a') + ".b").has_value());
}

TEST_CASE("dns1123 subdomain: uppercase, edge dashes and dots, and junk are rejected") {
  for (const char* name :
       {"", "Vmi", "-abc", "abc-", ".abc", "abc.", "a..b", "a_b", "a b", "a.-b", "é"}) {
    INFO(name);
    CHECK(dns1123SubdomainError(name) == kSubdomainMsg);
  }
}

TEST_CASE("dns1123 subdomain: 254 characters is too long") {
  CHECK(dns1123SubdomainError(std::string(254, 'a')) == "must be no more than 253 characters");
  CHECK(dns1123SubdomainError(std::string(254, 'A')) ==
        "must be no more than 253 characters; " + kSubdomainMsg);
  CHECK(dns1123SubdomainErrors(std::string(254, 'A')).size() == 2);
  CHECK(dns1123SubdomainErrors("ok").empty());
}

TEST_CASE("dns1123 label: lowercase alphanumerics and inner dashes are valid") {
  for (const char* name : {"a", "9", "my-name", "123-abc", "a--b"}) {
    INFO(name);
    CHECK_FALSE(dns1123LabelError(name).has_value());
  }
  CHECK_FALSE(dns1123LabelError(std::string(63, 'a')).has_value());
}

TEST_CASE("dns1123 label: uppercase, leading or trailing dash and empty are rejected") {
  for (const char* name : {"", "MyName", "-abc", "abc-", "a_b", "a/b"}) {
    INFO(name);
    CHECK(dns1123LabelError(name) == kLabelMsg);
  }
}

TEST_CASE("dns1123 label: dots get the dedicated message") {
  CHECK(dns1123LabelError("a.b") == "must not contain dots");
  CHECK(dns1123LabelError("a..b") == kLabelMsg);
}

TEST_CASE("dns1123 label: 64 characters is too long") {
  CHECK(dns1123LabelError(std::string(64, 'a')) == "must be no more than 63 characters");
  CHECK(dns1123LabelError(std::string(64, '-')) ==
        "must be no more than 63 characters; " + kLabelMsg);
}

TEST_CASE("qualified name: prefixed and plain label keys") {
  for (const char* key : {"app", "App_1.x-y", "perfscale.kubevirt.io/run", "a/B"}) {
    INFO(key);
    CHECK_FALSE(qualifiedNameError(key).has_value());
  }
  CHECK(qualifiedNameError("foo/") ==
        "name part must be non-empty; name part must consist of alphanumeric characters, '-', "
        "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
        "'my.name',  or '123-abc', regex used for validation is "
        "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  CHECK(qualifiedNameError("Example.com/a") == "prefix part " + kSubdomainMsg);
  CHECK(qualifiedNameError(std::string(64, 'k')) == "name part must be no more than 63 characters");
}

TEST_CASE("label value: empty or up to 63 qualified-name characters") {
  CHECK_FALSE(labelValueError("").has_value());
  CHECK_FALSE(labelValueError("My_Value-1.0").has_value());
  CHECK_FALSE(labelValueError(std::string(63, 'v')).has_value());
  CHECK(labelValueError(std::string(64, 'v')) == "must be no more than 63 characters");
  CHECK(labelValueError("_x").has_value());
  CHECK(labelValueError("a b").has_value());
}

TEST_CASE("quantity: plain, fractional and exponent numbers") {
  struct Case {
    const char* text;
    long double value;
    QuantityFormat format;
  };
  const Case cases[] = {
      {"0", 0.0L, QuantityFormat::DecimalSI},
      {"1", 1.0L, QuantityFormat::DecimalSI},
      {"1.5", 1.5L, QuantityFormat::DecimalSI},
      {"128974848", 128974848.0L, QuantityFormat::DecimalSI},
      {"2e3", 2000.0L, QuantityFormat::DecimalExponent},
      {"129e6", 129e6L, QuantityFormat::DecimalExponent},
      {"1E-3", 0.001L, QuantityFormat::DecimalExponent},
      {"1.3E+6", 1.3e6L, QuantityFormat::DecimalExponent},
      {"+7", 7.0L, QuantityFormat::DecimalSI},
      {"-7.25", -7.25L, QuantityFormat::DecimalSI},
      {".5", 0.5L, QuantityFormat::DecimalSI},
      {"1.", 1.0L, QuantityFormat::DecimalSI},
      {"007", 7.0L, QuantityFormat::DecimalSI},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const auto q = parseQuantity(c.text);
    REQUIRE(q.has_value());
    CHECK(q->value == c.value);
    CHECK(q->format == c.format);
    CHECK(q->text == c.text);
    CHECK(quantityErrorMessage(c.text).empty());
  }
}

TEST_CASE("quantity: decimal SI suffixes scale by powers of ten") {
  struct Case {
    const char* text;
    long double value;
  };
  const Case cases[] = {{"5n", 5e-9L}, {"4u", 4e-6L}, {"100m", 0.1L},   {"8k", 8e3L},
                        {"7M", 7e6L},  {"6G", 6e9L},  {"5T", 5e12L},    {"2P", 2e15L},
                        {"1E", 1e18L}, {"1.G", 1e9L}, {"2.5P", 2.5e15L}};
  for (const auto& c : cases) {
    INFO(c.text);
    const auto q = parseQuantity(c.text);
    REQUIRE(q.has_value());
    CHECK(q->value == c.value);
    CHECK(q->format == QuantityFormat::DecimalSI);
  }
}

TEST_CASE("quantity: binary SI suffixes scale by powers of 1024") {
  struct Case {
    const char* text;
    long double value;
  };
  const long double ki = 1024.0L;
  const Case cases[] = {{"1Ki", ki},
                        {"90Mi", 90 * ki * ki},
                        {"123Mi", 123 * ki * ki},
                        {"1Gi", ki * ki * ki},
                        {"5Ti", 5 * ki * ki * ki * ki},
                        {"4Pi", 4 * ki * ki * ki * ki * ki},
                        {"3Ei", 3 * ki * ki * ki * ki * ki * ki},
                        {"0.5Mi", 0.5L * ki * ki},
                        {"1.5Gi", 1.5L * ki * ki * ki}};
  for (const auto& c : cases) {
    INFO(c.text);
    const auto q = parseQuantity(c.text);
    REQUIRE(q.has_value());
    CHECK(q->value == c.value);
    CHECK(q->format == QuantityFormat::BinarySI);
  }
}

TEST_CASE("quantity: sub-nano amounts round up to 1n and binary amounts cap at 2^63-1") {
  CHECK(parseQuantity("0.5e-9")->value == 1e-9L);
  CHECK(parseQuantity("3.001n")->value == 4e-9L);
  CHECK(parseQuantity("1.1E-9")->value == 2e-9L);
  CHECK(parseQuantity("-0.0000000001")->value == -1e-9L);
  CHECK(parseQuantity("0.00000012345")->value == 124e-9L);
  CHECK(parseQuantity("9Ei")->value == 9223372036854775807.0L);
  const auto tiny = parseQuantity("0.000000000001Ki");
  CHECK(tiny->value == 2e-9L);
  CHECK(tiny->format == QuantityFormat::DecimalSI);
}

TEST_CASE("quantity: garbage fails with the regular-expression message") {
  for (const char* text : {"", "90MB", "abc", "1.2.3", " 1", "1 ", "1.1.M", "1+1.0M", "0.1am",
                           "Non-Numeric", "1e3.5"}) {
    INFO(text);
    CHECK_FALSE(parseQuantity(text).has_value());
    CHECK(quantityError(text) ==
          "quantities must match the regular expression "
          "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  }
}

TEST_CASE("quantity: unknown suffixes fail with the suffix message") {
  for (const char* text : {"1K", "1e", "1i", ".5i", "0.1mi", "-3.01e-", "1Mi5", "1ki", "1EE"}) {
    INFO(text);
    CHECK_FALSE(parseQuantity(text).has_value());
    CHECK(quantityError(text) == "unable to parse quantity's suffix");
  }
}

TEST_CASE("quantity: a bare suffix is zero, as in Kubernetes, unless it needs the slow path") {
  for (const char* text : {"Mi", "k", "m", ".", "-", "+", "-.", "0Gi", "000"}) {
    INFO(text);
    const auto q = parseQuantity(text);
    REQUIRE(q.has_value());
    CHECK(q->value == 0.0L);
  }
  CHECK(quantityError("Pi") == "unable to parse numeric part of quantity");
  CHECK(quantityError("e-10") == "unable to parse numeric part of quantity");
  CHECK_FALSE(parseQuantity("Ei").has_value());
}

TEST_CASE("quantity: long digit strings take the slow path and keep their magnitude") {
  const auto q = parseQuantity("1234567890123456789012");
  REQUIRE(q.has_value());
  CHECK(q->value == 1234567890123456789012.0L);
  CHECK(parseQuantity("1e400")->value > 1e300L);
}

TEST_CASE("parseGoInt64: accepts what strconv.ParseInt(s, 10, 64) accepts") {
  CHECK(parseGoInt64("42") == 42);
  CHECK(parseGoInt64("+7") == 7);
  CHECK(parseGoInt64("-9223372036854775808") == INT64_MIN);
  CHECK(parseGoInt64("9223372036854775807") == INT64_MAX);
  for (const char* text : {"", "-", "+", "9223372036854775808", "1_000", "0x10", " 1", "1.0"}) {
    INFO(text);
    CHECK_FALSE(parseGoInt64(text).has_value());
  }
}

TEST_CASE("quantity schema pattern: what CRD validation accepts for quantity strings") {
  for (const char* text : {"1Gi", "100m", "90Mi", "1.5", "+1", "-.5", "1.", "1e3", "1E", "2E-3",
                           "1.5e+2.5", "0", "128974848"}) {
    INFO(text);
    CHECK(matchesQuantitySchemaPattern(text));
  }
  for (const char* text : {"", "Mi", ".", "-", "1e", "90MB", "1Ki5", "1ki", " 1", "1 ", "1.2.3",
                           "1e.", "abc", "1Mii"}) {
    INFO(text);
    CHECK_FALSE(matchesQuantitySchemaPattern(text));
  }
  CHECK(
      kQuantitySchemaPattern ==
      R"(^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$)");
}
