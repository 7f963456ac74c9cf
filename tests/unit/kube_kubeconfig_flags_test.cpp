// The plugin's kubectl flags, parsed by cxxopts into KubeconfigOverrides.
#include <catch2/catch.hpp>

#include <cxxopts.hpp>

#include "plugin/kube_flags.h"

using perfscale::kube::KubeconfigOverrides;
using perfscale::plugin::addKubectlFlags;
using perfscale::plugin::kubectlOverrides;
using perfscale::plugin::NamespaceFlag;

namespace {

KubeconfigOverrides parse(std::vector<std::string> args,
                          NamespaceFlag namespaceFlag = NamespaceFlag::Register) {
  cxxopts::Options options("run");
  addKubectlFlags(options, namespaceFlag);
  args.insert(args.begin(), "run");
  std::vector<const char*> argv;
  for (const auto& arg : args)
    argv.push_back(arg.c_str());
  return kubectlOverrides(options.parse(static_cast<int>(argv.size()), argv.data()), namespaceFlag);
}

}  // namespace

TEST_CASE("kubectl flags: every connection flag lands in its override") {
  const auto o = parse({"--kubeconfig",
                        "/k",
                        "--context",
                        "ctx",
                        "--cluster",
                        "cl",
                        "--user",
                        "u",
                        "--namespace",
                        "ns",
                        "--server",
                        "https://s",
                        "--token",
                        "t",
                        "--certificate-authority",
                        "/ca",
                        "--client-certificate",
                        "/c",
                        "--client-key",
                        "/k.key",
                        "--insecure-skip-tls-verify",
                        "--tls-server-name",
                        "sni",
                        "--request-timeout",
                        "5s",
                        "--as",
                        "jane",
                        "--as-group",
                        "g1",
                        "--as-group",
                        "g2"});

  CHECK(o.kubeconfig == "/k");
  CHECK(o.context == "ctx");
  CHECK(o.cluster == "cl");
  CHECK(o.user == "u");
  CHECK(o.ns == "ns");
  CHECK(o.server == "https://s");
  CHECK(o.token == "t");
  CHECK(o.certificateAuthority == "/ca");
  CHECK(o.clientCertificate == "/c");
  CHECK(o.clientKey == "/k.key");
  CHECK(o.insecureSkipTlsVerify == true);
  CHECK(o.tlsServerName == "sni");
  CHECK(o.requestTimeout == "5s");
  CHECK(o.as == "jane");
  CHECK(o.asGroups == std::vector<std::string>{"g1", "g2"});
}

TEST_CASE("kubectl flags: absent flags stay absent") {
  const auto o = parse({});
  CHECK_FALSE(o.kubeconfig);
  CHECK_FALSE(o.server);
  CHECK_FALSE(o.ns);
  CHECK_FALSE(o.insecureSkipTlsVerify);
  CHECK(o.asGroups.empty());
}

TEST_CASE("kubectl flags: -n and -s are the short forms, --master is --server") {
  CHECK(parse({"-n", "ns", "-s", "https://s"}).ns == "ns");
  CHECK(parse({"-s", "https://s"}).server == "https://s");
  CHECK(parse({"--master", "https://m"}).server == "https://m");
  CHECK(parse({"--master", "https://m", "--server", "https://m"}).server == "https://m");
}

TEST_CASE("kubectl flags: --server and --master that disagree are rejected") {
  CHECK_THROWS_WITH(parse({"--master", "https://a", "--server", "https://b"}),
                    Catch::Contains("--server https://b and --master https://a disagree"));
}

TEST_CASE("kubectl flags: --insecure-skip-tls-verify=false is an explicit false") {
  CHECK(parse({"--insecure-skip-tls-verify=false"}).insecureSkipTlsVerify == false);
}

TEST_CASE("kubectl flags: a subcommand can keep --namespace for itself") {
  cxxopts::Options options("run");
  options.add_options()("namespace", "base name", cxxopts::value<std::string>());
  addKubectlFlags(options, NamespaceFlag::Skip);
  const char* argv[] = {"run", "--namespace", "kubevirt-test"};
  const auto result = options.parse(3, argv);

  CHECK_FALSE(kubectlOverrides(result, NamespaceFlag::Skip).ns.has_value());
  CHECK(result["namespace"].as<std::string>() == "kubevirt-test");
}
