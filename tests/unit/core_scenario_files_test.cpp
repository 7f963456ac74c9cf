// Scenario files: the original's second and third formats read as they are, our own
// format, explicit flags over files, relative template paths, and errors with file:line.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "core/scenario/flags.h"
#include "core/scenario/loader.h"
#include "core/scenario/render.h"

using namespace std::chrono_literals;
using namespace perfscale::scenario;

namespace {

std::filesystem::path scenarios() {
  return std::filesystem::path(__FILE__).parent_path().parent_path() / "scenarios";
}

LoadGeneratorFlags flagsOf(std::initializer_list<std::pair<const char*, const char*>> given) {
  LoadGeneratorFlags flags;
  for (const auto& [name, value] : given)
    setLoadGeneratorFlag(flags, name, value);
  return flags;
}

// Loads `yaml` as if it were the file tests/scenarios/<name>.
Scenario loadText(const std::string& yaml, const LoadGeneratorFlags& flags = {},
                  const char* name = "test.yaml") {
  return loadScenarioText(flags, yaml, scenarios() / name);
}

std::string textError(const std::string& yaml, const LoadGeneratorFlags& flags = {}) {
  try {
    loadText(yaml, flags);
  } catch (const ScenarioError& e) {
    // Paths in messages are absolute; keep what follows the scenarios directory.
    std::string message = e.what();
    const std::string dir = (scenarios() / "").string();
    for (std::size_t at; (at = message.find(dir)) != std::string::npos;)
      message.erase(at, dir.size());
    return message;
  }
  return "no error";
}

std::string fileError(const char* name, const LoadGeneratorFlags& flags = {}) {
  try {
    loadScenario(flags, scenarios() / name);
  } catch (const ScenarioError& e) {
    std::string message = e.what();
    const std::string dir = (scenarios() / "").string();
    for (std::size_t at; (at = message.find(dir)) != std::string::npos;)
      message.erase(at, dir.size());
    return message;
  }
  return "no error";
}

const std::string& templateText(const ObjectTemplate& object) {
  return std::get<GoTemplate>(object.source).text();
}

const char* const kSecondFormat =
    "workloads:\n"
    "  - name: w\n"
    "    iterationCount: 2\n"
    "    qps: 10\n"
    "    objects:\n"
    "      - templateFile: templates/vmi-ephemeral.yaml\n"
    "        replicas: 2\n"
    "        inputVars: {containerPrefix: '', containerImg: cirros-container-disk-demo,\n"
    "                    containerTag: ''}\n";

}  // namespace

TEST_CASE("scenario files: the second format's two workloads are read as the original wrote them",
          "[scenario]") {
  const Scenario s = loadScenario({}, scenarios() / "kubevirt-density.yaml");
  CHECK(s.format == ScenarioFormat::OriginalWorkloads);
  CHECK(s.name == "kubevirt-density");  // the file's name: the format has none
  CHECK(s.clientQps == 0);
  CHECK(s.clientBurst == 0);
  REQUIRE(s.workloads.size() == 2);

  const Workload& first = s.workloads[0];
  CHECK(first.name == "kubevirt-density-10");
  CHECK(first.kind == WorkloadKind::Iterations);
  CHECK(first.iterationCount == 2);
  CHECK(first.iterationInterval == 0s);
  CHECK(first.iterationCreationWait);
  CHECK(first.iterationCleanup);
  CHECK(first.iterationDeletionWait);
  CHECK(first.namespacedIterations);
  CHECK(first.maxWaitTimeout == 30min);
  CHECK(first.qps == 20);
  CHECK(first.burst == 20);
  CHECK(first.waitWhenFinished == 30s);
  CHECK(first.ns == "kubevirt-density");
  CHECK(first.definedAt.line == 7);
  REQUIRE(first.objects.size() == 1);
  CHECK(first.objects[0].replicas == 10);
  // The namespace input variable became the workload's namespace; empty containerPrefix
  // and containerTag took --img-prefix and --img-tag, as the original took its flags.
  CHECK(first.objects[0].inputVars ==
        std::map<std::string, std::string>{{"containerImg", "cirros-container-disk-demo"},
                                           {"containerPrefix", "quay.io/kubevirt"},
                                           {"containerTag", "latest"}});

  const Workload& second = s.workloads[1];
  CHECK(second.name == "kubevirt-density-scale");
  CHECK(second.iterationCount == 3);
  CHECK(second.iterationInterval == 1min);
  CHECK_FALSE(second.iterationCleanup);
  CHECK_FALSE(second.iterationDeletionWait);
  CHECK_FALSE(second.namespacedIterations);
  CHECK(second.maxWaitTimeout == 10min);
  CHECK(second.qps == 5.5);
  CHECK(second.burst == 10);
  CHECK(second.waitWhenFinished == 0s);
  CHECK(second.ns == "kubevirt-density-scale");
  CHECK(second.objects[0].inputVars.at("containerTag") == "v1.0.0");
}

TEST_CASE("scenario files: second-format templates see iteration, replica, namespace and inputVars",
          "[scenario]") {
  const Scenario s = loadScenario({}, scenarios() / "kubevirt-density.yaml");
  const RenderedObject vmi = render(s.workloads[0].objects[0], renderContext(s, 0, 2, 3));
  CHECK(vmi.name == "kubevirt-density-2-3");
  CHECK(vmi.ns == "kubevirt-density-2");
  const JsonValue& metadata = *vmi.object.find("metadata");
  CHECK(metadata.find("labels")->find("name")->text() == "kubevirt-density-2-3");
  CHECK(metadata.find("labels")->find("perfscale.kubevirt.io/run")->text() == s.uuid);
  CHECK(metadata.find("labels")->find("perfscale.kubevirt.io/workload")->text() ==
        "kubevirt-density-10");
  const JsonValue& volume = vmi.object.find("spec")->find("volumes")->items()[0];
  CHECK(volume.find("containerDisk")->find("image")->text() ==
        "quay.io/kubevirt/cirros-container-disk-demo:latest");

  const RenderedObject scaled = render(s.workloads[1].objects[0], renderContext(s, 1, 3, 5));
  CHECK(scaled.ns == "kubevirt-density-scale");
  CHECK(scaled.object.find("spec")
            ->find("volumes")
            ->items()[0]
            .find("containerDisk")
            ->find("image")
            ->text() == "registry.example.com/kubevirt/alpine-container-disk-demo:v1.0.0");
}

TEST_CASE("scenario files: a third-format burst file is one burst workload", "[scenario]") {
  const Scenario s = loadScenario({}, scenarios() / "kubevirt-burst.yaml");
  CHECK(s.format == ScenarioFormat::OriginalSingleWorkload);
  CHECK(s.name == "kubevirt-burst-test");
  REQUIRE(s.workloads.size() == 1);
  const Workload& w = s.workloads[0];
  CHECK(w.name == "kubevirt-burst-test");
  CHECK(w.kind == WorkloadKind::Burst);
  CHECK(w.count == 5);
  CHECK(w.timeout == 5min);
  CHECK(w.maxWaitTimeout == 5min);
  CHECK(w.waitWhenFinished == 0s);
  CHECK_FALSE(w.deleteAfter);
  CHECK(w.ns == "default");
  CHECK(w.qps == 20);
  const RenderedObject vmi = render(w.objects.at(0), renderContext(s, 0, 1, 4));
  CHECK(vmi.name == "kubevirt-density-4");
  CHECK(vmi.ns == "default");
  CHECK(vmi.object.find("spec")
            ->find("volumes")
            ->items()[0]
            .find("containerDisk")
            ->find("image")
            ->text() == "quay.io/kubevirt/cirros-container-disk-demo:latest");
}

TEST_CASE("scenario files: a third-format steady-state file keeps its churn and pacing",
          "[scenario]") {
  const Scenario s = loadScenario({}, scenarios() / "kubevirt-steady-state.yaml");
  const Workload& w = s.workloads.at(0);
  CHECK(w.kind == WorkloadKind::SteadyState);
  CHECK(w.count == 100);
  CHECK(w.churn == 5);
  CHECK(w.minChurnSleep == 30s);
  CHECK(w.timeout == 10min);
  CHECK(w.ns == "kubevirt-density");
}

TEST_CASE("scenario files: the third format's defaults are the original's", "[scenario]") {
  const Scenario s = loadText(
      "name: t\ncount: 3\ntype: Steady-State\n"
      "object: {templateFile: templates/vmi-replica.yaml,\n"
      "         inputVars: {containerPrefix: '', containerImg: x, containerTag: ''}}\n");
  const Workload& w = s.workloads.at(0);
  CHECK(w.kind == WorkloadKind::SteadyState);
  CHECK(w.timeout == 5min);
  CHECK(w.minChurnSleep == 20s);
  CHECK(w.churn == 0);
  CHECK(w.ns == "kubevirt-test-default");
  CHECK(loadText("name: t\ncount: 3\nobject: {templateFile: templates/vmi-replica.yaml,\n"
                 "  inputVars: {containerPrefix: '', containerImg: x, containerTag: ''}}\n")
            .workloads.at(0)
            .kind == WorkloadKind::Burst);
}

TEST_CASE("scenario files: our own format holds iterations, burst and steady-state workloads",
          "[scenario]") {
  const Scenario s = loadScenario({}, scenarios() / "perfscale-density.yaml");
  CHECK(s.format == ScenarioFormat::Perfscale);
  CHECK(s.name == "density-mixed");
  CHECK(s.onTimeout == OnTimeout::Continue);
  CHECK(s.maxErrorRatio == 0.01);
  CHECK(s.parallelism == 8);
  CHECK(s.traceFile == (scenarios() / "results/density.db").string());
  REQUIRE(s.workloads.size() == 3);

  const Workload& density = s.workloads[0];
  CHECK(density.kind == WorkloadKind::Iterations);
  CHECK(density.iterationCount == 3);
  CHECK(density.iterationInterval == 10s);
  CHECK(density.namespacedIterations);
  CHECK(density.qps == 50);
  CHECK(density.burst == 25);
  REQUIRE(density.objects.size() == 2);
  const auto& vmi = std::get<DefaultVmiSpec>(density.objects[0].source);
  CHECK(vmi.image == "alpine");
  CHECK(vmi.imagePrefix == "quay.io/kubevirt");
  CHECK(vmi.cpu == "200m");
  CHECK(vmi.memory == "128Mi");
  CHECK(density.objects[0].replicas == 40);
  CHECK(density.objects[1].replicas == 10);
  CHECK(render(density.objects[0], renderContext(s, 0, 3, 40)).name ==
        "vmi-" + s.uuid.substr(0, 8) + "-3-40");
  CHECK(render(density.objects[1], renderContext(s, 0, 3, 10)).ns == "perfscale-density-3");

  const Workload& spike = s.workloads[1];
  CHECK(spike.kind == WorkloadKind::Burst);
  CHECK(spike.count == 200);
  CHECK(spike.timeout == 15min);
  CHECK(spike.deleteAfter == std::optional<Duration>(1min));
  CHECK(spike.qps == 0);
  CHECK(std::get<DefaultVmiSpec>(spike.objects[0].source).disk == VmiDisk::EmptyDisk);
  CHECK(render(spike.objects[0], renderContext(s, 1, 1, 1)).name ==
        "vmi-" + s.uuid.substr(0, 8) + "-w2-1-1");

  const Workload& churn = s.workloads[2];
  CHECK(churn.kind == WorkloadKind::SteadyState);
  CHECK(churn.churn == 4);
  CHECK(churn.minChurnSleep == 15s);
  CHECK(churn.objects[0].describe() == "churn-vmi");
  const RenderedObject object = render(churn.objects[0], renderContext(s, 2, 1, 9));
  CHECK(object.name == "churn-9");
  CHECK(object.ns == "perfscale-churn");
  CHECK(object.object.find("metadata")->find("labels")->find("tier")->text() == "bronze");
}

TEST_CASE("scenario files: flags given explicitly override the file, others do not", "[scenario]") {
  const Scenario s = loadScenario(flagsOf({{"qps", "100"},
                                           {"iteration-count", "7"},
                                           {"namespace", "override"},
                                           {"vmi-count", "2"},
                                           {"max-wait-timeout", "1h"},
                                           {"name", "renamed"}}),
                                  scenarios() / "kubevirt-density.yaml");
  CHECK(s.name == "renamed");
  for (const Workload& w : s.workloads) {
    CHECK(w.qps == 100);
    CHECK(w.iterationCount == 7);
    CHECK(w.ns == "override");
    CHECK(w.maxWaitTimeout == 1h);
    CHECK(w.objects.at(0).replicas == 2);
  }
  CHECK(s.workloads[0].burst == 20);  // not given: the file's
  CHECK(s.workloads[1].burst == 10);
  CHECK(s.workloads[1].iterationInterval == 1min);
}

TEST_CASE("scenario files: --vmi-count sets a burst's count - built-in VMI flags set its VMI",
          "[scenario]") {
  CHECK(loadScenario(flagsOf({{"vmi-count", "9"}}), scenarios() / "kubevirt-burst.yaml")
            .workloads[0]
            .count == 9);
  const Scenario s = loadScenario(flagsOf({{"vmi-img", "fedora-cloud"}, {"vmi-mem-limit", "2Gi"}}),
                                  scenarios() / "perfscale-density.yaml");
  const auto& vmi = std::get<DefaultVmiSpec>(s.workloads[0].objects[0].source);
  CHECK(vmi.image == "fedora-cloud");
  CHECK(vmi.memory == "2Gi");
  CHECK(vmi.cpu == "200m");  // the file's
}

TEST_CASE("scenario files: a flag that applies to nothing in the file is an error", "[scenario]") {
  CHECK_THAT(fileError("kubevirt-burst.yaml", flagsOf({{"iteration-count", "3"}})),
             Catch::StartsWith("--iteration-count applies to iterations workloads"));
  CHECK_THAT(fileError("kubevirt-density.yaml", flagsOf({{"vmi-img", "alpine"}})),
             Catch::StartsWith("--vmi-img applies to the built-in VMI"));
}

TEST_CASE("scenario files: template paths are relative to the scenario file", "[scenario]") {
  const Scenario s = loadScenario({}, scenarios() / "kubevirt-burst.yaml");
  const auto& tmpl = std::get<GoTemplate>(s.workloads[0].objects[0].source);
  CHECK(tmpl.origin() == (scenarios() / "templates/vmi-replica.yaml").string());
  CHECK_THAT(templateText(s.workloads[0].objects[0]),
             Catch::Contains("kubevirt-density-{{ .replica }}"));

  const std::string absolute = (scenarios() / "templates/vmi-replica.yaml").string();
  const Scenario fromElsewhere = loadScenarioText(
      {},
      "name: t\ncount: 1\nobject:\n  templateFile: " + absolute +
          "\n  inputVars: {containerPrefix: p, containerImg: i, containerTag: t}\n",
      "/nonexistent/dir/t.yaml");
  CHECK(std::get<GoTemplate>(fromElsewhere.workloads[0].objects[0].source).origin() == absolute);

  CHECK(textError("name: t\ncount: 1\nobject:\n  templateFile: templates/nope.yaml\n") ==
        "test.yaml:4:17: field templateFile: cannot read \"templates/nope.yaml\" (template paths "
        "are relative to the scenario file)");
}

TEST_CASE("scenario files: a template variable without a value is an error at the template's line",
          "[scenario]") {
  try {
    loadScenario({}, scenarios() / "invalid/missing-var.yaml");
    FAIL("loaded a template with an undefined variable");
  } catch (const ScenarioError& e) {
    CHECK(e.where().file == (scenarios() / "invalid/vmi-missing-var.yaml").string());
    CHECK(e.where().line == 8);
    CHECK(e.where().column == 49);
    CHECK_THAT(e.problem(), Catch::StartsWith("template variable \"containerTag\""));
  }
}

TEST_CASE("scenario files: a name that renders empty is an error naming the template",
          "[scenario]") {
  CHECK_THAT(fileError("invalid/empty-name.yaml"),
             Catch::StartsWith("invalid/vmi-empty-name.yaml (iteration 1, replica 1): "
                               "metadata.name renders empty") &&
                 Catch::Contains("(workload \"empty-name\" at invalid/empty-name.yaml:2:1)"));
}

TEST_CASE("scenario files: an unknown field is an error at its line, with the likely spelling",
          "[scenario]") {
  CHECK_THAT(textError("workloads:\n  - name: w\n    iterationcount: 2\n"),
             Catch::StartsWith("test.yaml:3:5: unknown field \"iterationcount\" in workload 1 "
                               "(did you mean \"iterationCount\"?)"));
  CHECK_THAT(textError("globalConfig: {qps: 1, brust: 2}\nworkloads: []\n"),
             Catch::StartsWith("test.yaml:1:24: unknown field \"brust\" in globalConfig (did you "
                               "mean \"burst\"?)"));
  CHECK_THAT(textError("name: t\ncount: 1\nobjects: []\n"),
             Catch::StartsWith("test.yaml:3:1: unknown field \"objects\"") &&
                 Catch::Contains("did you mean \"object\"?"));
  CHECK_THAT(textError("apiVersion: perfscale.kubevirt.io/v1alpha1\nworkloads:\n- objects:\n"
                       "  - vmi: {imgae: alpine}\n"),
             Catch::StartsWith("test.yaml:4:11: unknown field \"imgae\" in vmi (did you mean "
                               "\"image\"?)"));
}

TEST_CASE("scenario files: a value of the wrong type is an error at file:line:col", "[scenario]") {
  CHECK(textError("workloads:\n  - name: w\n    qps: abc\n") ==
        "test.yaml:3:10: field qps: expected a number, found \"abc\"");
  CHECK(textError("workloads:\n  - burst: \"20\"\n") ==
        "test.yaml:2:12: field burst: expected a whole number, found the string \"20\" (remove "
        "the quotes)");
  CHECK(textError("workloads:\n  - iterationCleanup: maybe\n") ==
        "test.yaml:2:23: field iterationCleanup: expected true or false, found \"maybe\"");
  CHECK(textError("workloads:\n  - iterationCount:\n") ==
        "test.yaml:2:5: field iterationCount: expected a whole number, found nothing");
  CHECK(textError("workloads:\n  - objects: {a: 1}\n") ==
        "test.yaml:2:14: workload \"workload-1\" needs a list of objects (templateFile, replicas, "
        "inputVars)");
  CHECK(textError("workloads:\n  - qps: -1\n") ==
        "test.yaml:2:10: field qps: must be at least 0, found -1");
}

TEST_CASE("scenario files: a bad duration is an error naming the field", "[scenario]") {
  CHECK_THAT(textError("workloads:\n  - maxWaitTimeout: 5 minutes\n"),
             Catch::StartsWith("test.yaml:2:21: field maxWaitTimeout: invalid duration \"5 "
                               "minutes\": unknown unit"));
  CHECK_THAT(textError("workloads:\n  - iterationInterval: 300\n"),
             Catch::StartsWith("test.yaml:2:24: field iterationInterval: expected a duration "
                               "such as 30s or 5m, found the number 300") &&
                 Catch::Contains("nanoseconds"));
  CHECK_THAT(textError("workloads:\n  - waitWhenFinished: -5s\n"),
             Catch::Contains("must not be negative"));
}

TEST_CASE("scenario files: a bad quantity in the built-in VMI is an error at its line",
          "[scenario]") {
  CHECK_THAT(textError("apiVersion: perfscale.kubevirt.io/v1alpha1\nworkloads:\n- objects:\n"
                       "  - vmi:\n      cpu: 100x\n"),
             Catch::StartsWith("test.yaml:5:7: vmi: cpu (--vmi-cpu-limit): \"100x\" is not a "
                               "quantity"));
}

TEST_CASE("scenario files: replicas or iterations whose names would collide are errors",
          "[scenario]") {
  // An inline template as a block scalar, with `name` in metadata.
  const auto inlineTemplate = [](const std::string& name) {
    return "  - template: |\n      apiVersion: v1\n      kind: ConfigMap\n      metadata: {name: " +
           name + "}\n";
  };
  const std::string head = "apiVersion: perfscale.kubevirt.io/v1alpha1\nworkloads:\n";
  CHECK_THAT(
      textError(head + "- objects:\n" + inlineTemplate("cm-{{.iteration}}") + "    replicas: 2\n"),
      Catch::Contains("renders the same name \"cm-1\" for replicas 1 and 2") &&
          Catch::Contains("{{.replica}}"));
  CHECK_THAT(textError(head + "- iterationCount: 2\n  iterationCleanup: false\n  objects:\n" +
                       inlineTemplate("cm-{{.replica}}")),
             Catch::Contains("in iterations 1 and 2") && Catch::Contains("{{.iteration}}"));
  // With cleanup and its wait, the next iteration may reuse the names.
  CHECK_NOTHROW(
      loadText(head + "- iterationCount: 2\n  objects:\n" + inlineTemplate("cm-{{.replica}}")));
  CHECK_THAT(textError(head + "- objects:\n" + inlineTemplate("cm-{{.replica}}") +
                       inlineTemplate("cm-{{.replica}}")),
             Catch::Contains("two objects render the same ConfigMap name \"cm-1\""));
}

TEST_CASE("scenario files: fields of another workload kind are errors, not ignored", "[scenario]") {
  CHECK_THAT(textError("apiVersion: perfscale.kubevirt.io/v1alpha1\nworkloads:\n"
                       "- kind: burst\n  count: 2\n  iterationCount: 3\n  objects: [{vmi: {}}]\n"),
             Catch::StartsWith("test.yaml:5:19: field iterationCount: applies to iterations "
                               "workloads, not to kind burst"));
  CHECK_THAT(textError("name: t\ncount: 1\ntype: burst\nchurn: 2\nobject: {}\n"),
             Catch::StartsWith("test.yaml:4:8: field churn: applies to type steady-state only"));
  CHECK_THAT(textError("apiVersion: perfscale.kubevirt.io/v1alpha1\nworkloads:\n"
                       "- kind: steady-state\n  objects: [{vmi: {}}]\n"),
             Catch::Contains("field count is missing"));
  CHECK_THAT(textError("apiVersion: perfscale.kubevirt.io/v1alpha1\nworkloads:\n"
                       "- kind: steady-state\n  count: 2\n  churn: 3\n  objects: [{vmi: {}}]\n"),
             Catch::Contains("churn must be between 0 and count (2), found 3"));
}

TEST_CASE("scenario files: malformed files are errors with their line", "[scenario]") {
  CHECK_THAT(textError("workloads:\n  - name: [a\n"),
             Catch::StartsWith("test.yaml:") && Catch::Contains("not valid YAML"));
  CHECK(textError("") == "test.yaml: a scenario file holds one YAML mapping, found nothing");
  CHECK(textError("- a\n") == "test.yaml: a scenario file holds one YAML mapping, found a list");
  CHECK_THAT(textError("workloads: []\nworkloads: []\n"), Catch::Contains("appears twice"));
  CHECK_THAT(textError("apiVersion: v1\n"),
             Catch::Contains("expected perfscale.kubevirt.io/v1alpha1"));
  CHECK_THAT(fileError("no-such-file.yaml"), Catch::Contains("cannot read the scenario file"));
}

TEST_CASE("scenario files: inputVars are single values and may not shadow the run's variables",
          "[scenario]") {
  const std::string head =
      "workloads:\n- objects:\n  - templateFile: templates/vmi-ephemeral.yaml\n";
  CHECK_THAT(textError(head + "    inputVars: {replica: 3}\n"),
             Catch::Contains("\"replica\" is set by the run"));
  CHECK_THAT(textError(head + "    inputVars: {containerTag: [a]}\n"),
             Catch::Contains("must be a single value"));
  CHECK_THAT(textError(head + "    inputVars: {containerTag: }\n"),
             Catch::Contains("write \"\" for empty"));
}

TEST_CASE("scenario files: the second format's workloads must agree on their namespace and uuid",
          "[scenario]") {
  const std::string vars = "containerPrefix: p, containerImg: i, containerTag: t";
  CHECK_THAT(textError("workloads:\n- objects:\n"
                       "  - {templateFile: templates/vmi-replica.yaml, inputVars: {namespace: a, " +
                       vars + "}}\n  - {templateFile: templates/vmi-replica.yaml, inputVars: {" +
                       "namespace: b, " + vars + "}}\n"),
             Catch::Contains("\"b\" differs from \"a\""));
  const Scenario s = loadText(std::string(kSecondFormat) + "    uuid: fixed-id\n");
  CHECK(s.uuid == "fixed-id");
}

TEST_CASE(
    "scenario files: a third-format timeout of 30s or less becomes the default 5m, as the "
    "original did",
    "[scenario]") {
  const char* const object =
      "object: {templateFile: templates/vmi-replica.yaml,\n"
      "  inputVars: {containerPrefix: '', containerImg: x, containerTag: ''}}\n";
  for (const char* timeout : {"1s", "30s"}) {
    INFO(timeout);
    const Workload w =
        loadText(std::string("name: t\ncount: 3\ntimeout: ") + timeout + "\n" + object)
            .workloads.at(0);
    CHECK(w.timeout == 5min);
    CHECK(w.maxWaitTimeout == 5min);
  }
  CHECK(
      loadText(std::string("name: t\ncount: 3\ntimeout: 31s\n") + object).workloads.at(0).timeout ==
      31s);
}

TEST_CASE(
    "scenario files: -delete deletes a burst's objects once Running, -delete=false keeps "
    "them",
    "[scenario]") {
  const Scenario deleting =
      loadScenario(flagsOf({{"delete", "true"}}), scenarios() / "kubevirt-burst.yaml");
  REQUIRE(deleting.workloads.at(0).deleteAfter);
  CHECK(*deleting.workloads.at(0).deleteAfter == 0s);
  const Scenario keeping =
      loadScenario(flagsOf({{"delete", "false"}}), scenarios() / "kubevirt-burst.yaml");
  CHECK_FALSE(keeping.workloads.at(0).deleteAfter);
  // Accepted with every workload kind, as the original accepted it: the others are unchanged.
  const Scenario steady =
      loadScenario(flagsOf({{"delete", "true"}}), scenarios() / "kubevirt-steady-state.yaml");
  CHECK_FALSE(steady.workloads.at(0).deleteAfter);
  CHECK(loadScenario(flagsOf({{"delete", "true"}})).workloads.at(0).iterationCleanup);
}

TEST_CASE("scenario files: vmisPerNamespace spreads iterations and bursts, not steady states",
          "[scenario]") {
  const Scenario s = loadText(
      "apiVersion: perfscale.kubevirt.io/v1alpha1\n"
      "workloads:\n"
      "- name: b\n  kind: burst\n  count: 4\n  namespace: spread\n  vmisPerNamespace: 3\n"
      "  objects: [{vmi: {}}]\n");
  CHECK(s.workloads.at(0).vmisPerNamespace == 3);
  CHECK(iterationNamespaces(s.workloads.at(0), 1) ==
        std::vector<std::string>{"spread-1-1", "spread-1-2"});
  CHECK_THAT(textError("apiVersion: perfscale.kubevirt.io/v1alpha1\n"
                       "workloads:\n"
                       "- name: s\n  kind: steady-state\n  count: 4\n  vmisPerNamespace: 3\n"
                       "  objects: [{vmi: {}}]\n"),
             Catch::Contains("vmisPerNamespace") && Catch::Contains("steady-state"));
  CHECK_THAT(fileError("kubevirt-steady-state.yaml", flagsOf({{"vmis-per-namespace", "2"}})),
             Catch::Contains("--vmis-per-namespace applies to iterations and burst workloads"));
}
