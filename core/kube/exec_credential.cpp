// See exec_credential.h.
#include "core/kube/exec_credential.h"

#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "core/kube/authenticator.h"
#include "core/kube/timestamp.h"

namespace perfscale::kube {

namespace {

constexpr const char* kV1 = "client.authentication.k8s.io/v1";
constexpr const char* kV1beta1 = "client.authentication.k8s.io/v1beta1";

std::string base64(const std::string& text) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << text;
  encoder.close();
  return out.str();
}

[[noreturn]] void fail(const ExecConfig& exec, const std::string& problem) {
  std::string message = describePlugin(exec) + ": " + problem;
  if (!exec.installHint.empty()) message += "\n\n" + exec.installHint;
  throw CredentialError(message);
}

std::string stringField(const Poco::JSON::Object& object, const std::string& name) {
  if (!object.has(name)) return "";
  const auto value = object.get(name);
  return value.isString() ? value.convert<std::string>() : "";
}

}  // namespace

std::string describePlugin(const ExecConfig& exec) {
  std::string text = "exec plugin \"" + exec.command + "\" (" +
                     (exec.apiVersion.empty() ? std::string("no apiVersion") : exec.apiVersion);
  if (!exec.origin.empty()) text += ", declared in " + exec.origin;
  return text + ")";
}

std::string execInfoJson(const ExecConfig& exec, const ClusterConfig& cluster) {
  Poco::JSON::Object info(Poco::JSON_PRESERVE_KEY_ORDER);
  info.set("kind", "ExecCredential");
  info.set("apiVersion", exec.apiVersion);
  Poco::JSON::Object::Ptr spec = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  spec->set("interactive", false);
  if (exec.provideClusterInfo) {
    Poco::JSON::Object::Ptr clusterInfo = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    clusterInfo->set("server", cluster.server);
    if (!cluster.tls.serverName.empty())
      clusterInfo->set("tls-server-name", cluster.tls.serverName);
    if (cluster.tls.insecureSkipVerify) clusterInfo->set("insecure-skip-tls-verify", true);
    if (!cluster.tls.caPem.empty())
      clusterInfo->set("certificate-authority-data", base64(cluster.tls.caPem));
    if (!cluster.proxyUrl.empty()) clusterInfo->set("proxy-url", cluster.proxyUrl);
    spec->set("cluster", clusterInfo);
  }
  info.set("spec", spec);
  std::ostringstream out;
  info.stringify(out);
  return out.str();
}

ExecCredentialStatus parseExecCredential(std::string_view output, const ExecConfig& exec) {
  Poco::JSON::Object::Ptr object;
  try {
    object = Poco::JSON::Parser().parse(std::string(output)).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    fail(exec, "its output is not an ExecCredential JSON object (" + e.displayText() + ")");
  }
  if (!object) fail(exec, "its output is not a JSON object");
  const std::string kind = stringField(*object, "kind");
  if (kind != "ExecCredential")
    fail(exec, "its output has kind \"" + kind + "\", expected \"ExecCredential\"");
  const std::string apiVersion = stringField(*object, "apiVersion");
  if (apiVersion != exec.apiVersion)
    fail(exec, "the plugin is configured to use API version " + exec.apiVersion +
                   ", but it returned version \"" + apiVersion + "\"");
  if (apiVersion != kV1 && apiVersion != kV1beta1)
    fail(exec,
         "API version " + apiVersion + " is not supported (use " + kV1 + " or " + kV1beta1 + ")");
  const auto status = object->getObject("status");
  if (!status) fail(exec, "its output has no status field");
  ExecCredentialStatus result;
  result.token = stringField(*status, "token");
  result.clientCertificatePem = stringField(*status, "clientCertificateData");
  result.clientKeyPem = stringField(*status, "clientKeyData");
  if (result.clientCertificatePem.empty() != result.clientKeyPem.empty())
    fail(exec, "it returned only one of clientCertificateData and clientKeyData, not both");
  if (result.token.empty() && result.clientCertificatePem.empty())
    fail(exec, "it returned neither a token nor a client certificate and key");
  const std::string expiration = stringField(*status, "expirationTimestamp");
  if (!expiration.empty()) {
    result.expiration = parseRfc3339(expiration);
    if (!result.expiration)
      fail(exec, "its expirationTimestamp \"" + expiration + "\" is not an RFC 3339 time");
  }
  return result;
}

}  // namespace perfscale::kube
