// Object templates: the {{.var}} subset, errors that name file, line and variable, and
// rendering into labelled objects placed in the iteration's namespace.
#include <catch2/catch.hpp>

#include <string>

#include "core/scenario/go_template.h"
#include "core/scenario/labels.h"
#include "core/scenario/render.h"
#include "core/scenario/scenario_error.h"

using perfscale::scenario::GoTemplate;
using perfscale::scenario::JsonValue;
using perfscale::scenario::ObjectTemplate;
using perfscale::scenario::RenderContext;
using perfscale::scenario::RenderedObject;
using perfscale::scenario::ScenarioError;

namespace {

std::string parseError(const std::string& text) {
  try {
    GoTemplate::parse(text, "t.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

RenderContext context(int iteration = 1, int replica = 1) {
  RenderContext c;
  c.scenario = "density";
  c.uuid = "0b5fa1c2-1111-4222-8333-444455556666";
  c.workload = "wl";
  c.iteration = iteration;
  c.replica = replica;
  c.ns = "perf-" + std::to_string(iteration);
  return c;
}

ObjectTemplate templated(const std::string& text,
                         std::map<std::string, std::string> inputVars = {}) {
  ObjectTemplate object;
  object.source = GoTemplate::parse(text, "vmi.yaml");
  object.inputVars = std::move(inputVars);
  return object;
}

std::string renderError(const ObjectTemplate& object) {
  try {
    render(object, context());
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

const char* const kVmi =
    "apiVersion: kubevirt.io/v1\n"
    "kind: VirtualMachineInstance\n"
    "metadata:\n"
    "  name: vmi-{{.iteration}}-{{ .replica }}\n"
    "  namespace: {{.namespace}}\n"
    "  labels:\n"
    "    app: perf\n"
    "spec:\n"
    "  running: yes\n"
    "  size: '{{.size}}'\n";

}  // namespace

TEST_CASE("scenario template: {{.var}} and {{ .var }} are substituted", "[scenario]") {
  const GoTemplate t = GoTemplate::parse("a{{.x}}b{{ .y }}c{{\t.x\t}}", "t.yaml");
  CHECK(t.render({{"x", "1"}, {"y", "2"}}) == "a1b2c1");
  CHECK(t.variables() == std::vector<std::string>{"x", "y"});
}

TEST_CASE("scenario template: {{- and -}} trim the surrounding white space, as Go does",
          "[scenario]") {
  const GoTemplate t = GoTemplate::parse("name: a  \n {{- .x -}}  \n b", "t.yaml");
  CHECK(t.render({{"x", "-1"}}) == "name: a-1b");
}

TEST_CASE("scenario template: text without actions renders unchanged", "[scenario]") {
  CHECK(GoTemplate::parse("kind: Pod\n}} {\n", "t.yaml").render({}) == "kind: Pod\n}} {\n");
}

TEST_CASE("scenario template: Go template constructs beyond variables are errors with their line",
          "[scenario]") {
  CHECK_THAT(parseError("a: 1\nb: {{ .x | upper }}\n"),
             Catch::StartsWith("t.yaml:2:4: unsupported template construct \"{{ .x | upper }}\""));
  CHECK_THAT(parseError("{{if .x}}y{{end}}"), Catch::Contains("unsupported template construct"));
  CHECK_THAT(parseError("{{.a.b}}"), Catch::Contains("nested fields"));
  CHECK_THAT(parseError("{{/* note */}}"), Catch::Contains("unsupported"));
  CHECK_THAT(parseError("{{ printf \"%d\" .replica }}"), Catch::Contains("unsupported"));
  CHECK_THAT(parseError("{{.}}"), Catch::Contains("unsupported"));
  CHECK_THAT(parseError("x\n  y: {{ .x\n"),
             Catch::StartsWith("t.yaml:2:6: unclosed template action"));
}

TEST_CASE("scenario template: a variable without a value names file, line, column and variable",
          "[scenario]") {
  const GoTemplate t = GoTemplate::parse("a: 1\nimage: x/{{.img}}:{{ .tag }}\n", "tpl/vmi.yaml");
  try {
    t.render({{"img", "cirros"}});
    FAIL("rendered with a missing variable");
  } catch (const ScenarioError& e) {
    CHECK(e.where().file == "tpl/vmi.yaml");
    CHECK(e.where().line == 2);
    CHECK(e.where().column == 19);
    CHECK_THAT(std::string(e.what()),
               Catch::StartsWith("tpl/vmi.yaml:2:19: template variable \"tag\"") &&
                   Catch::Contains("sees img") && Catch::Contains("inputVars"));
  }
  CHECK_THROWS_AS(t.requireDefined({"img"}), ScenarioError);
  CHECK_NOTHROW(t.requireDefined({"img", "tag"}));
}

TEST_CASE("scenario render: a template becomes JSON typed as Kubernetes reads YAML", "[scenario]") {
  const RenderedObject object = render(templated(kVmi, {{"size", "10"}}), context(2, 7));
  CHECK(object.apiVersion == "kubevirt.io/v1");
  CHECK(object.kind == "VirtualMachineInstance");
  CHECK(object.resource == "virtualmachineinstances");
  CHECK(object.name == "vmi-2-7");
  CHECK(object.ns == "perf-2");
  const JsonValue& spec = *object.object.find("spec");
  CHECK(spec.find("running")->type() == JsonValue::Type::Bool);
  CHECK(spec.find("size")->isString());
  CHECK(spec.find("size")->text() == "10");
}

TEST_CASE("scenario render: the run's labels are added and the template's kept", "[scenario]") {
  const RenderedObject object = render(templated(kVmi, {{"size", "1"}}), context(3, 1));
  CHECK(object.json() ==
        R"({"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":)"
        R"("vmi-3-1","namespace":"perf-3","labels":{"app":"perf","perfscale.kubevirt.io/run":)"
        R"("0b5fa1c2-1111-4222-8333-444455556666","perfscale.kubevirt.io/scenario":"density",)"
        R"("perfscale.kubevirt.io/workload":"wl","perfscale.kubevirt.io/iteration":"3"}},)"
        R"("spec":{"running":true,"size":"1"}})");
}

TEST_CASE("scenario render: a template without namespace or labels gets both", "[scenario]") {
  const RenderedObject object =
      render(templated("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{{.replica}}\n"),
             context(1, 4));
  const JsonValue& metadata = *object.object.find("metadata");
  CHECK(metadata.find("namespace")->text() == "perf-1");
  CHECK(metadata.find("labels")->find(perfscale::scenario::kRunLabel)->text() ==
        "0b5fa1c2-1111-4222-8333-444455556666");
  CHECK(object.resource == "configmaps");
}

TEST_CASE("scenario render: a name that renders empty or invalid is an error naming the template",
          "[scenario]") {
  CHECK_THAT(renderError(templated("apiVersion: v1\nkind: Pod\nmetadata:\n  name: '{{.p}}'\n",
                                   {{"p", ""}})),
             Catch::StartsWith("vmi.yaml (iteration 1, replica 1): metadata.name renders empty"));
  CHECK_THAT(
      renderError(templated("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{.p}}\n", {{"p", ""}})),
      Catch::Contains("metadata.name renders to null"));
  CHECK_THAT(renderError(templated("apiVersion: v1\nkind: Pod\nmetadata: {}\n")),
             Catch::Contains("metadata.name renders to nothing"));
  CHECK_THAT(
      renderError(templated("apiVersion: v1\nkind: Pod\nmetadata:\n  name: VM_{{.replica}}\n")),
      Catch::StartsWith("vmi.yaml (iteration 1, replica 1): metadata.name is not a valid name") &&
          Catch::Contains("DNS-1123"));
  CHECK_THAT(renderError(templated("apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: vm-\n")),
             Catch::Contains("generateName is not supported"));
}

TEST_CASE("scenario render: objects must be whole Kubernetes objects", "[scenario]") {
  CHECK_THAT(renderError(templated("kind: Pod\nmetadata: {name: a}\n")),
             Catch::Contains("apiVersion must be a non-empty string"));
  CHECK_THAT(renderError(templated("- a\n- b\n")), Catch::Contains("must be a mapping"));
  CHECK_THAT(renderError(templated("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\nb: 1\n")),
             Catch::Contains("exactly one object, found 2"));
  CHECK_THAT(renderError(templated("apiVersion: v1\nkind: Pod\nmetadata: {name: [a}\n")),
             Catch::StartsWith("vmi.yaml:3:") && Catch::Contains("not valid YAML"));
}

TEST_CASE("scenario render: a namespace other than the iteration's is an error", "[scenario]") {
  CHECK_THAT(renderError(templated(
                 "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  namespace: default\n")),
             Catch::Contains("metadata.namespace renders to \"default\"") &&
                 Catch::Contains("{{.namespace}}"));
}

TEST_CASE("scenario render: label and annotation values must be strings", "[scenario]") {
  CHECK_THAT(renderError(templated(
                 "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels:\n    on: yes\n")),
             Catch::Contains("metadata.labels.true must be a string, found a boolean true"));
  CHECK_THAT(renderError(templated("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  "
                                   "annotations:\n    count: 1\n")),
             Catch::Contains("metadata.annotations.count must be a string, found a number 1"));
}

TEST_CASE("scenario render: a Namespace carries the run's labels", "[scenario]") {
  const RenderedObject ns = perfscale::scenario::renderNamespace(context(2, 1));
  CHECK(ns.json() ==
        R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"perf-2","labels":)"
        R"({"perfscale.kubevirt.io/run":"0b5fa1c2-1111-4222-8333-444455556666",)"
        R"("perfscale.kubevirt.io/scenario":"density","perfscale.kubevirt.io/workload":"wl",)"
        R"("perfscale.kubevirt.io/iteration":"2"}}})");
  CHECK(ns.resource == "namespaces");
  CHECK(ns.ns.empty());
}

TEST_CASE("scenario render: resources are guessed from kinds as apimachinery does", "[scenario]") {
  using perfscale::scenario::resourceForKind;
  CHECK(resourceForKind("VirtualMachineInstance") == "virtualmachineinstances");
  CHECK(resourceForKind("VirtualMachine") == "virtualmachines");
  CHECK(resourceForKind("VirtualMachineInstanceReplicaSet") == "virtualmachineinstancereplicasets");
  CHECK(resourceForKind("NetworkPolicy") == "networkpolicies");
  CHECK(resourceForKind("Ingress") == "ingresses");
}
