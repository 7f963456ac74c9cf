// Unit tests for the simulator's label and field selectors; expected error texts are the ones
// k8s.io/apimachinery produces for the same input.
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <string>

#include "tests/sim/selector.h"

using perfscale::sim::FieldSelector;
using perfscale::sim::LabelOperator;
using perfscale::sim::LabelSelector;
using perfscale::sim::SelectorError;
using Labels = std::map<std::string, std::string>;

namespace {

std::string labelError(const std::string& text) {
  try {
    LabelSelector::parse(text);
  } catch (const SelectorError& e) {
    return e.detail();
  }
  return "<parsed>";
}

std::string fieldError(const std::string& text) {
  try {
    FieldSelector::parse(text);
  } catch (const SelectorError& e) {
    return e.detail();
  }
  return "<parsed>";
}

const std::string kNameRegexMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

}  // namespace

TEST_CASE("label selector: empty or blank selector matches everything") {
  for (const char* text : {"", "   ", "\t\n"}) {
    const auto s = LabelSelector::parse(text);
    CHECK(s.empty());
    CHECK(s.matches({}));
    CHECK(s.matches({{"a", "b"}}));
    CHECK(s.toString().empty());
  }
  CHECK(LabelSelector().empty());
  CHECK(LabelSelector().matches({{"x", "y"}}));
}

TEST_CASE("label selector: = and == match only the exact value") {
  for (const char* text : {"app=web", "app==web"}) {
    const auto s = LabelSelector::parse(text);
    REQUIRE(s.requirements().size() == 1);
    CHECK(s.matches({{"app", "web"}}));
    CHECK_FALSE(s.matches({{"app", "db"}}));
    CHECK_FALSE(s.matches({}));
  }
  CHECK(LabelSelector::parse("app=web").requirements()[0].op == LabelOperator::Equals);
  CHECK(LabelSelector::parse("app==web").requirements()[0].op == LabelOperator::DoubleEquals);
}

TEST_CASE("label selector: != matches other values and objects without the key") {
  const auto s = LabelSelector::parse("app!=web");
  CHECK(s.requirements()[0].op == LabelOperator::NotEquals);
  CHECK_FALSE(s.matches({{"app", "web"}}));
  CHECK(s.matches({{"app", "db"}}));
  CHECK(s.matches({}));
  CHECK(s.matches({{"other", "web"}}));
}

TEST_CASE("label selector: in matches any listed value and requires the key") {
  const auto s = LabelSelector::parse("env in (prod,staging)");
  REQUIRE(s.requirements().size() == 1);
  CHECK(s.requirements()[0].op == LabelOperator::In);
  CHECK(s.matches({{"env", "prod"}}));
  CHECK(s.matches({{"env", "staging"}}));
  CHECK_FALSE(s.matches({{"env", "dev"}}));
  CHECK_FALSE(s.matches({}));
}

TEST_CASE("label selector: notin matches objects without the key") {
  const auto s = LabelSelector::parse("env notin (prod, staging)");
  CHECK(s.requirements()[0].op == LabelOperator::NotIn);
  CHECK_FALSE(s.matches({{"env", "prod"}}));
  CHECK_FALSE(s.matches({{"env", "staging"}}));
  CHECK(s.matches({{"env", "dev"}}));
  CHECK(s.matches({}));
}

TEST_CASE("label selector: bare key requires existence, !key requires absence") {
  const auto exists = LabelSelector::parse("gpu");
  CHECK(exists.requirements()[0].op == LabelOperator::Exists);
  CHECK(exists.matches({{"gpu", ""}}));
  CHECK(exists.matches({{"gpu", "nvidia"}}));
  CHECK_FALSE(exists.matches({}));

  const auto absent = LabelSelector::parse("!gpu");
  CHECK(absent.requirements()[0].op == LabelOperator::DoesNotExist);
  CHECK(absent.matches({}));
  CHECK_FALSE(absent.matches({{"gpu", ""}}));
  CHECK(LabelSelector::parse("  ! gpu ").matches({}));
}

TEST_CASE("label selector: comma-separated requirements must all match") {
  const auto s = LabelSelector::parse("app=web,tier in (front),!canary,env!=prod");
  CHECK(s.requirements().size() == 4);
  CHECK(s.matches({{"app", "web"}, {"tier", "front"}}));
  CHECK_FALSE(s.matches({{"app", "web"}, {"tier", "front"}, {"canary", "1"}}));
  CHECK_FALSE(s.matches({{"app", "web"}, {"tier", "back"}}));
  CHECK_FALSE(s.matches({{"app", "web"}, {"tier", "front"}, {"env", "prod"}}));
}

TEST_CASE("label selector: keys may carry a DNS subdomain prefix") {
  const auto s = LabelSelector::parse("perfscale.kubevirt.io/run=run-1.a_b");
  REQUIRE(s.requirements().size() == 1);
  CHECK(s.requirements()[0].key == "perfscale.kubevirt.io/run");
  CHECK(s.requirements()[0].values == std::vector<std::string>{"run-1.a_b"});
  CHECK(s.matches({{"perfscale.kubevirt.io/run", "run-1.a_b"}}));
  CHECK_FALSE(s.matches({{"run", "run-1.a_b"}}));
}

TEST_CASE("label selector: empty values are valid and match only the empty string") {
  for (const char* text : {"a=", "a==", "a= ,b", "a in ()", "a in (,)"}) {
    INFO(text);
    const auto s = LabelSelector::parse(text);
    CHECK(s.requirements()[0].values == std::vector<std::string>{""});
    CHECK(s.matches({{"a", ""}, {"b", "x"}}));
    CHECK_FALSE(s.matches({{"a", "x"}, {"b", "x"}}));
  }
  const auto s = LabelSelector::parse("a in (,x)");
  CHECK(s.requirements()[0].values == std::vector<std::string>{"", "x"});
  CHECK(LabelSelector::parse("a!=").matches({}));
  CHECK(LabelSelector::parse("a!=").matches({{"a", "x"}}));
  CHECK_FALSE(LabelSelector::parse("a!=").matches({{"a", ""}}));
}

TEST_CASE("label selector: whitespace around tokens is tolerated") {
  const auto s = LabelSelector::parse(" a = b ,\tc in ( x , y ) , ! d ,e\n");
  CHECK(s.toString() == "a=b,c in (x,y),!d,e");
  CHECK(s.matches({{"a", "b"}, {"c", "y"}, {"e", "1"}}));
}

TEST_CASE("label selector: in and notin are ordinary words as keys and values") {
  const auto s = LabelSelector::parse("in in (notin,in),notin=in");
  CHECK(s.matches({{"in", "notin"}, {"notin", "in"}}));
  CHECK_FALSE(s.matches({{"in", "x"}, {"notin", "in"}}));
}

TEST_CASE("label selector: values are de-duplicated and sorted") {
  const auto s = LabelSelector::parse("a in (c,b,c,a)");
  CHECK(s.requirements()[0].values == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("label selector: > and < compare integer label values") {
  const auto gt = LabelSelector::parse("replicas>5");
  CHECK(gt.requirements()[0].op == LabelOperator::GreaterThan);
  CHECK(gt.matches({{"replicas", "6"}}));
  CHECK_FALSE(gt.matches({{"replicas", "5"}}));
  CHECK_FALSE(gt.matches({{"replicas", "many"}}));
  CHECK_FALSE(gt.matches({}));
  const auto lt = LabelSelector::parse("replicas<5");
  CHECK(lt.matches({{"replicas", "-3"}}));
  CHECK(lt.matches({{"replicas", "+4"}}));
  CHECK_FALSE(lt.matches({{"replicas", "5"}}));
  CHECK(lt.toString() == "replicas<5");
}

TEST_CASE("label selector: toString sorts by key and normalises spacing like Kubernetes") {
  CHECK(LabelSelector::parse("z==1, a notin (c,b), !m, k").toString() == "a notin (b,c),k,!m,z==1");
  CHECK(LabelSelector::parse("x in ()").toString() == "x in ()");
  CHECK(LabelSelector::parse("x in (,a)").toString() == "x in (,a)");
}

TEST_CASE("label selector: syntax errors carry Kubernetes' parser messages") {
  CHECK(labelError("a in (b") == "unable to parse requirement: found '', expected: ',' or ')'");
  CHECK(labelError("a in (b c)") == "unable to parse requirement: found 'c', expected: ',' or ')'");
  CHECK(labelError("a in b") == "unable to parse requirement: found 'b' expected: '('");
  CHECK(labelError("a in (=)") ==
        "unable to parse requirement: found '=', expected: ',', ')' or identifier");
  CHECK(labelError("a in (b,=)") ==
        "unable to parse requirement: found '=', expected: ',', or identifier");
  CHECK(labelError("=x") == "found '=', expected: !, identifier, or 'end of string'");
  CHECK(labelError(",a") == "found ',', expected: !, identifier, or 'end of string'");
  CHECK(labelError("a b") ==
        "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  CHECK(labelError("a=b c") == "found 'c', expected: ',' or 'end of string'");
  CHECK(labelError("a=b=c") == "found '=', expected: ',' or 'end of string'");
  CHECK(labelError("!a=b") == "found '=', expected: ',' or 'end of string'");
  CHECK(labelError("a,") == "found '', expected: identifier after ','");
  CHECK(labelError("a,,b") == "found ',', expected: identifier after ','");
  CHECK(labelError("!") == "unable to parse requirement: found '', expected: identifier");
  CHECK(labelError("a=(b)") == "unable to parse requirement: found '(', expected: identifier");
}

TEST_CASE("label selector: invalid keys are reported with the <nil> field path") {
  CHECK(labelError("Key_=x") ==
        "unable to parse requirement: <nil>: Invalid value: \"Key_\": name part " + kNameRegexMsg);
  CHECK(labelError("app:monolith") ==
        "unable to parse requirement: <nil>: Invalid value: \"app:monolith\": name part " +
            kNameRegexMsg);
  const std::string longName(64, 'k');
  CHECK(labelError(longName) == "unable to parse requirement: <nil>: Invalid value: \"" + longName +
                                    "\": name part must be no more than 63 characters");
  CHECK_NOTHROW(LabelSelector::parse(std::string(63, 'k')));
  CHECK(labelError("app.kubernetes_io/name=x") ==
        "unable to parse requirement: <nil>: Invalid value: \"app.kubernetes_io/name\": prefix "
        "part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
        "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
        "regex used for validation is "
        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  CHECK(labelError("a/b/c") ==
        "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name " +
            kNameRegexMsg +
            " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
  CHECK(labelError("/a") ==
        "unable to parse requirement: <nil>: Invalid value: \"/a\": prefix part must be "
        "non-empty");
}

TEST_CASE("label selector: invalid values are reported per value with the key") {
  const std::string longValue(64, 'z');
  CHECK(labelError("a=" + longValue) ==
        "unable to parse requirement: values[0][a]: Invalid value: \"" + longValue +
            "\": must be no more than 63 characters");
  CHECK_NOTHROW(LabelSelector::parse("a=" + std::string(63, 'z')));
  const std::string valueRegexMsg =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
      "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
      "'my_value',  or '12345', regex used for validation is "
      "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  CHECK(labelError("a=-x") ==
        "unable to parse requirement: values[0][a]: Invalid value: \"-x\": " + valueRegexMsg);
  CHECK(labelError("a in (ok,-x,y_)") ==
        "unable to parse requirement: [values[0][a]: Invalid value: \"-x\": " + valueRegexMsg +
            ", values[2][a]: Invalid value: \"y_\": " + valueRegexMsg + "]");
  CHECK(labelError("a>x") ==
        "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' "
        "operators, the value must be an integer");
  CHECK(labelError("a<") ==
        "unable to parse requirement: values[0]: Invalid value: \"\": for 'Gt', 'Lt' "
        "operators, the value must be an integer");
}

TEST_CASE("label selector: SelectorError is an invalid_argument naming the selector text") {
  try {
    LabelSelector::parse("a in (b");
    FAIL("expected a SelectorError");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()) ==
          "invalid label selector \"a in (b\": unable to parse requirement: found '', expected: "
          "',' or ')'");
    const auto* se = dynamic_cast<const SelectorError*>(&e);
    REQUIRE(se != nullptr);
    CHECK(se->selector() == "a in (b");
  }
}

TEST_CASE("field selector: = and == select equal values, != different ones") {
  const auto eq = FieldSelector::parse("metadata.name=vmi-1");
  REQUIRE(eq.requirements().size() == 1);
  CHECK(eq.requirements()[0].field == "metadata.name");
  CHECK(eq.requirements()[0].equal);
  CHECK(eq.requirements()[0].value == "vmi-1");
  CHECK(eq.matches({{"metadata.name", "vmi-1"}}));
  CHECK_FALSE(eq.matches({{"metadata.name", "vmi-2"}}));

  const auto deq = FieldSelector::parse("metadata.name==vmi-1");
  CHECK(deq.requirements()[0].equal);
  CHECK(deq.requirements()[0].value == "vmi-1");
  CHECK(deq.toString() == "metadata.name=vmi-1");

  const auto ne = FieldSelector::parse("metadata.name!=vmi-1");
  CHECK_FALSE(ne.requirements()[0].equal);
  CHECK_FALSE(ne.matches({{"metadata.name", "vmi-1"}}));
  CHECK(ne.matches({{"metadata.name", "vmi-2"}}));
}

TEST_CASE("field selector: requirements are ANDed and exposed sorted for field checks") {
  const auto s = FieldSelector::parse("metadata.namespace=ns1,metadata.name!=a,spec.nodeName=n");
  REQUIRE(s.requirements().size() == 3);
  CHECK(s.requirements()[0].field == "metadata.name");
  CHECK(s.requirements()[1].field == "metadata.namespace");
  CHECK(s.requirements()[2].field == "spec.nodeName");
  auto valueOf = [](std::string_view field) -> std::optional<std::string> {
    if (field == "metadata.name") return "b";
    if (field == "metadata.namespace") return "ns1";
    if (field == "spec.nodeName") return "n";
    return std::nullopt;
  };
  CHECK(s.matches(valueOf));
  CHECK_FALSE(s.matches({{"metadata.name", "a"}, {"metadata.namespace", "ns1"}}));
  CHECK(s.toString() == "metadata.name!=a,metadata.namespace=ns1,spec.nodeName=n");
}

TEST_CASE("field selector: a field the object lacks compares as the empty string") {
  const auto none = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
  CHECK(FieldSelector::parse("spec.nodeName=").matches(none));
  CHECK_FALSE(FieldSelector::parse("spec.nodeName=n").matches(none));
  CHECK(FieldSelector::parse("spec.nodeName!=n").matches(none));
}

TEST_CASE("field selector: empty selector, empty terms and bare '=' match everything") {
  for (const char* text : {"", ",", ",,", "=", "!="}) {
    INFO(text);
    const auto s = FieldSelector::parse(text);
    CHECK(s.empty());
    CHECK(s.matches({{"metadata.name", "x"}}));
  }
  CHECK(FieldSelector::parse(",metadata.name=x,").requirements().size() == 1);
}

TEST_CASE("field selector: backslash escapes commas, equals and backslashes in values") {
  const auto s = FieldSelector::parse(R"(metadata.name=a\,b\=c\\d,x=y)");
  REQUIRE(s.requirements().size() == 2);
  CHECK(s.requirements()[0].value == R"(a,b=c\d)");
  CHECK(s.toString() == R"(metadata.name=a\,b\=c\\d,x=y)");
}

TEST_CASE("field selector: whitespace is not trimmed, unlike label selectors") {
  const auto s = FieldSelector::parse("metadata.name = x");
  CHECK(s.requirements()[0].field == "metadata.name ");
  CHECK(s.requirements()[0].value == " x");
}

TEST_CASE("field selector: a term without an operator is rejected naming the selector") {
  CHECK(fieldError("metadata.name") ==
        "invalid selector: 'metadata.name'; can't understand 'metadata.name'");
  CHECK(fieldError("b=1,a") == "invalid selector: 'b=1,a'; can't understand 'a'");
  try {
    FieldSelector::parse("foo");
    FAIL("expected a SelectorError");
  } catch (const SelectorError& e) {
    CHECK(e.selector() == "foo");
    CHECK(std::string(e.what()) ==
          "invalid field selector \"foo\": invalid selector: 'foo'; can't understand 'foo'");
  }
}

TEST_CASE("field selector: bad escapes and unescaped '=' in values are rejected") {
  CHECK(fieldError("a=b=c") == "invalid field selector: unescaped character in value: 61");
  CHECK(fieldError("a===b") == "invalid field selector: unescaped character in value: 61");
  CHECK(fieldError(R"(a=b\x)") == R"(invalid field selector: invalid escape sequence: \x)");
  CHECK(fieldError(R"(a=b\)") == R"(invalid field selector: invalid escape sequence: \)");
  CHECK(fieldError("a!b") == "invalid selector: 'a!b'; can't understand 'a!b'");
}
