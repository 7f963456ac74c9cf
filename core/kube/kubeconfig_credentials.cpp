// Validation and file reading for the selected cluster and user (see kubeconfig_credentials.h),
// after clientcmd's validateClusterInfo/validateAuthInfo and client-go's transport checks.
#include "core/kube/kubeconfig_credentials.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "core/kube/kubeconfig.h"

namespace perfscale::kube {

namespace {

constexpr const char* kExecV1 = "client.authentication.k8s.io/v1";
constexpr const char* kExecV1beta1 = "client.authentication.k8s.io/v1beta1";

std::string readReferencedFile(const std::string& path, const std::string& subject,
                               const std::string& fix) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw KubeconfigError(subject + ": cannot read " + path + " (" + std::strerror(errno) + "); " +
                          fix);
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Catches a wrong file (or a doubly base64-encoded -data) here rather than as an obscure
// TLS failure later.
void requirePem(const std::string& content, const std::string& subject, const std::string& what) {
  if (content.find("-----BEGIN ") == std::string::npos) {
    throw KubeconfigError(subject + ": holds no PEM block (no \"-----BEGIN\" line); it must be " +
                          what);
  }
}

std::string pemFrom(const Declared& entry, const std::string& fileField, const std::string& path,
                    const std::string& dataField, const std::string& data,
                    const std::string& what) {
  if (!data.empty()) {
    requirePem(data, entry.describe(dataField), what + " in base64");
    return data;
  }
  if (path.empty()) return "";
  const std::string subject = entry.describe(fileField);
  std::string content = readReferencedFile(path, subject,
                                           "fix the path (relative paths are relative to the "
                                           "kubeconfig that holds them) or embed it as " +
                                               dataField);
  requirePem(content, subject + " (" + path + ")", what);
  return content;
}

void requireOneOf(const Declared& entry, const std::string& fileField, bool hasFile,
                  const std::string& dataField, bool hasData, const std::string& label) {
  if (hasFile && hasData) {
    throw KubeconfigError(entry.describe(dataField) + ": " + dataField + " and " + fileField +
                          " are both specified for " + label + "; keep one (kubectl refuses " +
                          "both too)");
  }
}

void validateExec(const KubeconfigUser& user, ExecConfig& exec, const std::string& label) {
  const std::string subject = user.describe("exec");
  if (exec.command.empty()) {
    throw KubeconfigError(subject + ": command must be specified for " + label +
                          " to use an exec credential plugin; set exec.command");
  }
  if (exec.apiVersion.empty()) {
    throw KubeconfigError(subject + ": apiVersion must be specified for " + label +
                          " to use an exec credential plugin; set exec.apiVersion to " + kExecV1 +
                          " or " + kExecV1beta1);
  }
  if (exec.apiVersion != kExecV1 && exec.apiVersion != kExecV1beta1) {
    throw KubeconfigError(subject + ": exec.apiVersion \"" + exec.apiVersion +
                          "\" is not supported; use " + kExecV1 + " or " + kExecV1beta1 +
                          " (v1alpha1 was removed in Kubernetes 1.24); the plugin's "
                          "documentation says which it speaks");
  }
  for (const auto& variable : exec.env) {
    if (variable.first.empty()) {
      throw KubeconfigError(subject + ": an exec.env entry has no name; every entry needs " +
                            "{name, value}");
    }
  }
  if (exec.interactiveMode.empty()) {
    // kubectl defaults v1beta1 for compatibility and makes v1 say it explicitly.
    if (exec.apiVersion == kExecV1) {
      throw KubeconfigError(subject + ": interactiveMode must be specified for " + label +
                            " with " + kExecV1 + "; set exec.interactiveMode to Never, " +
                            "IfAvailable or Always");
    }
    exec.interactiveMode = "IfAvailable";
  }
  if (exec.interactiveMode != "Never" && exec.interactiveMode != "IfAvailable" &&
      exec.interactiveMode != "Always") {
    throw KubeconfigError(subject + ": invalid interactiveMode \"" + exec.interactiveMode +
                          "\" for " + label + "; use Never, IfAvailable or Always");
  }
}

}  // namespace

TlsConfig resolveTls(const KubeconfigCluster& cluster, const std::string& label) {
  const bool caFile = !cluster.certificateAuthority.empty();
  const bool caData = !cluster.certificateAuthorityData.empty();
  requireOneOf(cluster, "certificate-authority", caFile, "certificate-authority-data", caData,
               label);
  if (cluster.insecureSkipTlsVerify && (caFile || caData)) {
    const std::string caField = caFile ? "certificate-authority" : "certificate-authority-data";
    throw KubeconfigError(
        label + ": specifying a root certificates file with the insecure flag is not allowed: " +
        "insecure-skip-tls-verify (" + cluster.describe("insecure-skip-tls-verify") + ") and " +
        caField + " (" + cluster.describe(caField) + ") are both set; remove one (with a CA the " +
        "server can be verified, so prefer dropping insecure-skip-tls-verify)");
  }
  TlsConfig tls;
  tls.caPem = pemFrom(cluster, "certificate-authority", cluster.certificateAuthority,
                      "certificate-authority-data", cluster.certificateAuthorityData,
                      "one or more PEM certificates");
  tls.insecureSkipVerify = cluster.insecureSkipTlsVerify;
  tls.serverName = cluster.tlsServerName;
  return tls;
}

Credentials resolveCredentials(const KubeconfigUser& user, const std::string& label,
                               TlsConfig& tls) {
  const bool hasToken = !user.token.empty() || !user.tokenFile.empty();
  const bool hasBasic = !user.username.empty() || !user.password.empty();
  if (hasToken && hasBasic) {
    throw KubeconfigError(
        "more than one authentication method found for " + label +
        "; found [token basicAuth], only one is allowed: the token comes from " +
        user.describe(user.token.empty() ? "tokenFile" : "token") + ", username/password from " +
        user.describe(user.username.empty() ? "password" : "username") + "; remove one of them");
  }

  const bool certFile = !user.clientCertificate.empty();
  const bool certData = !user.clientCertificateData.empty();
  const bool keyFile = !user.clientKey.empty();
  const bool keyData = !user.clientKeyData.empty();
  requireOneOf(user, "client-certificate", certFile, "client-certificate-data", certData, label);
  requireOneOf(user, "client-key", keyFile, "client-key-data", keyData, label);
  if ((certFile || certData) != (keyFile || keyData)) {
    const std::string has = certFile   ? "client-certificate"
                            : certData ? "client-certificate-data"
                            : keyFile  ? "client-key"
                                       : "client-key-data";
    const std::string missing = (certFile || certData) ? "client-key or client-key-data"
                                                       : "client-certificate or "
                                                         "client-certificate-data";
    throw KubeconfigError(user.describe(has) + ": " + label + " has " + has + " but no " + missing +
                          "; a client certificate needs its key and the other way " +
                          "round: add the missing one");
  }
  tls.clientCertificatePem =
      pemFrom(user, "client-certificate", user.clientCertificate, "client-certificate-data",
              user.clientCertificateData, "a PEM certificate");
  tls.clientKeyPem = pemFrom(user, "client-key", user.clientKey, "client-key-data",
                             user.clientKeyData, "a PEM private key");

  Credentials credentials;
  credentials.token = user.token;
  credentials.tokenFile = user.tokenFile;
  if (user.token.empty() && !user.tokenFile.empty()) {
    // kubectl reads it now, so a wrong path fails here and not at the first request.
    readReferencedFile(user.tokenFile, user.describe("tokenFile"),
                       "fix the path (relative paths are relative to the kubeconfig that holds "
                       "them) or give the token itself with token");
  }
  credentials.username = user.username;
  credentials.password = user.password;

  const bool hasStatic = hasToken || hasBasic || certFile || certData;
  if (user.exec) {
    if (!user.authProvider.empty()) {
      throw KubeconfigError(user.describe("auth-provider") +
                            ": auth-provider cannot be provided in combination with an exec " +
                            "plugin for " + label + "; remove auth-provider");
    }
    ExecConfig exec = *user.exec;
    validateExec(user, exec, label);
    if (!hasStatic) credentials.exec = std::move(exec);
  } else if (!user.authProvider.empty() && !hasStatic) {
    throw KubeconfigError(user.describe("auth-provider") + ": auth-provider \"" +
                          user.authProvider + "\" of " + label +
                          " is not supported by kubectl-perfscale (kubectl itself has dropped "
                          "gcp and azure); switch the user to an exec credential plugin (e.g. "
                          "kubelogin, gke-gcloud-auth-plugin) or pass --token");
  }

  if (!user.asGroups.empty() && user.as.empty()) {
    throw KubeconfigError(user.describe("as-groups") + ": requesting groups for " + label +
                          " without impersonating a user; add --as USER (or as: in the "
                          "kubeconfig) or drop the groups");
  }
  credentials.impersonateUser = user.as;
  credentials.impersonateGroups = user.asGroups;
  return credentials;
}

}  // namespace perfscale::kube
