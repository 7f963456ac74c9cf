// Kubeconfig for the sim (see kubeconfig_writer.h).
#include "tests/sim/kubeconfig_writer.h"

#include <Poco/Base64Encoder.h>
#include <yaml-cpp/yaml.h>

#include <sstream>

#include "tests/sim/tls.h"

namespace perfscale::sim {

namespace {

std::string base64(const std::string& text) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << text;
  encoder.close();
  return out.str();
}

void addUser(YAML::Emitter& out, const std::string& name, const std::string& key1,
             const std::string& value1, const std::string& key2 = "",
             const std::string& value2 = "") {
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << name;
  out << YAML::Key << "user" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << key1 << YAML::Value << value1;
  if (!key2.empty()) out << YAML::Key << key2 << YAML::Value << value2;
  out << YAML::EndMap << YAML::EndMap;
}

void addContext(YAML::Emitter& out, const std::string& name, const std::string& user) {
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << name;
  out << YAML::Key << "context" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "cluster" << YAML::Value << "perfscale-sim";
  out << YAML::Key << "user" << YAML::Value << user;
  out << YAML::Key << "namespace" << YAML::Value << "default";
  out << YAML::EndMap << YAML::EndMap;
}

}  // namespace

void writeKubeconfig(const std::string& path, const std::string& serverUrl,
                     const std::string& caPem, const KubeconfigUsers& users) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "apiVersion" << YAML::Value << "v1";
  out << YAML::Key << "kind" << YAML::Value << "Config";
  out << YAML::Key << "clusters" << YAML::Value << YAML::BeginSeq;
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "perfscale-sim";
  out << YAML::Key << "cluster" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "server" << YAML::Value << serverUrl;
  out << YAML::Key << "certificate-authority-data" << YAML::Value << base64(caPem);
  out << YAML::EndMap << YAML::EndMap << YAML::EndSeq;

  out << YAML::Key << "users" << YAML::Value << YAML::BeginSeq;
  addUser(out, "sim-admin", "token", users.token);
  if (!users.readOnlyToken.empty()) addUser(out, "sim-reader", "token", users.readOnlyToken);
  if (!users.basicUser.empty()) {
    const auto colon = users.basicUser.find(':');
    addUser(out, "sim-basic", "username", users.basicUser.substr(0, colon), "password",
            users.basicUser.substr(colon + 1));
  }
  if (!users.clientCertificatePem.empty()) {
    addUser(out, "sim-cert", "client-certificate-data", base64(users.clientCertificatePem),
            "client-key-data", base64(users.clientKeyPem));
  }
  out << YAML::EndSeq;

  out << YAML::Key << "contexts" << YAML::Value << YAML::BeginSeq;
  addContext(out, "perfscale-sim", "sim-admin");
  if (!users.readOnlyToken.empty()) addContext(out, "perfscale-sim-readonly", "sim-reader");
  if (!users.basicUser.empty()) addContext(out, "perfscale-sim-basic", "sim-basic");
  if (!users.clientCertificatePem.empty()) addContext(out, "perfscale-sim-cert", "sim-cert");
  out << YAML::EndSeq;
  out << YAML::Key << "current-context" << YAML::Value << "perfscale-sim";
  out << YAML::EndMap;
  writePrivateFile(path, std::string(out.c_str()) + "\n");
}

}  // namespace perfscale::sim
