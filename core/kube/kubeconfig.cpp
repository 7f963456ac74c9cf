// loadClusterConfig: selects a context, cluster and user as kubectl does (clientcmd's
// DirectClientConfig and DeferredLoadingClientConfig), applies the flags on top, and falls back
// to the in-cluster service account when nothing selects a cluster.
#include "core/kube/kubeconfig.h"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <utility>

#include "core/kube/in_cluster.h"
#include "core/kube/kubeconfig_credentials.h"
#include "core/kube/kubeconfig_file.h"
#include "core/kube/kubeconfig_loader.h"
#include "core/kube/request_timeout.h"

namespace perfscale::kube {

namespace {

// kubectl treats an empty flag value as an absent flag.
bool given(const std::optional<std::string>& flag) {
  return flag && !flag->empty();
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items)
    text += (text.empty() ? "" : ", ") + item;
  return text;
}

template <typename Map>
std::string namesOf(const Map& entries) {
  std::vector<std::string> names;
  names.reserve(entries.size());
  for (const auto& entry : entries)
    names.push_back(entry.first);
  return names.empty() ? "none" : joined(names);
}

std::string labelOf(const std::string& kind, const std::string& name, const Declared& entry,
                    const std::string& unnamed) {
  if (name.empty()) return unnamed;
  std::string label = kind + " \"" + name + "\"";
  if (entry.location.line > 0) label += " (" + entry.location.str() + ")";
  return label;
}

// What a context (or the flags naming entries) selects, before the flags' values apply.
struct Selection {
  std::string contextName;
  std::string clusterName;
  std::string userName;
  KubeconfigCluster cluster;
  KubeconfigUser user;
  std::string ns;         // the context's
  std::string nsSubject;  // where ns came from, for errors
  bool inCluster = false;
};

Selection select(const Kubeconfig& config, const KubeconfigOverrides& flags) {
  const std::string readFrom =
      config.sources.empty() ? "any kubeconfig (none was found)" : joined(config.sources);
  Selection selection;
  const KubeconfigContext* context = nullptr;
  selection.contextName = given(flags.context) ? *flags.context : config.currentContext;
  if (!selection.contextName.empty()) {
    const auto found = config.contexts.find(selection.contextName);
    if (found == config.contexts.end()) {
      const std::string known = "; defined contexts: " + namesOf(config.contexts);
      if (given(flags.context)) {
        throw KubeconfigError("context \"" + selection.contextName +
                              "\" (from --context) is not defined in " + readFrom + known +
                              (config.contexts.empty()
                                   ? "; point --kubeconfig or KUBECONFIG at the file defining it"
                                   : "; pick one of those ('kubectl config get-contexts' lists "
                                     "them)"));
      }
      throw KubeconfigError(config.currentContextLocation.str() + ": current-context \"" +
                            selection.contextName + "\" names a context that is not defined in " +
                            readFrom + known +
                            "; pass --context NAME or run 'kubectl config use-context NAME'");
    }
    context = &found->second;
    selection.ns = context->ns;
    selection.nsSubject = context->describe("namespace");
  }

  selection.clusterName =
      given(flags.cluster) ? *flags.cluster : (context ? context->cluster : std::string());
  if (!selection.clusterName.empty()) {
    const auto found = config.clusters.find(selection.clusterName);
    if (found != config.clusters.end()) {
      selection.cluster = found->second;
    } else if (given(flags.cluster)) {
      throw KubeconfigError("cluster \"" + selection.clusterName +
                            "\" (from --cluster) is not defined in " + readFrom +
                            "; defined clusters: " + namesOf(config.clusters));
    } else if (context != nullptr && !given(flags.server)) {
      throw KubeconfigError(context->describe("cluster") + ": context \"" + selection.contextName +
                            "\" names cluster \"" + selection.clusterName +
                            "\", which is not defined in " + readFrom +
                            "; defined clusters: " + namesOf(config.clusters) +
                            ". Fix the context, add the cluster, or pass --cluster NAME or "
                            "--server URL");
    }
  }

  selection.userName = given(flags.user) ? *flags.user : (context ? context->user : std::string());
  if (!selection.userName.empty()) {
    const auto found = config.users.find(selection.userName);
    const bool credentialFlags = given(flags.token) || given(flags.clientCertificate);
    if (found != config.users.end()) {
      selection.user = found->second;
    } else if (given(flags.user)) {
      throw KubeconfigError("user \"" + selection.userName + "\" (from --user) is not defined in " +
                            readFrom + "; defined users: " + namesOf(config.users));
    } else if (context != nullptr && !credentialFlags) {
      throw KubeconfigError(context->describe("user") + ": context \"" + selection.contextName +
                            "\" names user \"" + selection.userName +
                            "\", which is not defined in " + readFrom +
                            "; defined users: " + namesOf(config.users) +
                            ". Fix the context, add the user, or pass --user NAME or --token");
    }
  }
  return selection;
}

bool isEmpty(const KubeconfigCluster& cluster) {
  return cluster.server.empty() && cluster.certificateAuthority.empty() &&
         cluster.certificateAuthorityData.empty() && !cluster.insecureSkipTlsVerify &&
         cluster.tlsServerName.empty() && cluster.proxyUrl.empty();
}

void applyClusterFlags(KubeconfigCluster& cluster, const KubeconfigOverrides& flags) {
  const auto fromFlag = [&](const char* field, const char* flag) {
    cluster.fields[field] = {flag, 0, 0};
  };
  if (given(flags.server)) {
    cluster.server = *flags.server;
    fromFlag("server", "--server");
  }
  // As kubectl: a --server drops the file's tls-server-name, which was meant for the old server.
  if (given(flags.tlsServerName) || given(flags.server)) {
    cluster.tlsServerName = flags.tlsServerName.value_or("");
    if (given(flags.tlsServerName)) fromFlag("tls-server-name", "--tls-server-name");
  }
  // As kubectl: either flag replaces the file's whole trust setting (CA file, CA data and
  // insecure), so a flag never collides with the file; the two flags together still do.
  const bool insecure = flags.insecureSkipTlsVerify.value_or(false);
  if (insecure || given(flags.certificateAuthority)) {
    cluster.insecureSkipTlsVerify = insecure;
    cluster.certificateAuthority = flags.certificateAuthority.value_or("");
    cluster.certificateAuthorityData.clear();
    if (insecure) fromFlag("insecure-skip-tls-verify", "--insecure-skip-tls-verify");
    if (given(flags.certificateAuthority)) {
      fromFlag("certificate-authority", "--certificate-authority");
    }
  } else if (flags.insecureSkipTlsVerify) {
    // An explicit --insecure-skip-tls-verify=false turns the file's setting off (kubectl
    // cannot tell it from an absent flag).
    cluster.insecureSkipTlsVerify = false;
  }
}

void applyUserFlags(KubeconfigUser& user, const KubeconfigOverrides& flags) {
  const auto fromFlag = [&](const char* field, const char* flag) {
    user.fields[field] = {flag, 0, 0};
  };
  if (given(flags.token)) {
    user.token = *flags.token;  // a tokenFile stays, and the token wins over it
    fromFlag("token", "--token");
  }
  // A file flag replaces the embedded -data too (kubectl would reject having both).
  if (given(flags.clientCertificate)) {
    user.clientCertificate = *flags.clientCertificate;
    user.clientCertificateData.clear();
    fromFlag("client-certificate", "--client-certificate");
  }
  if (given(flags.clientKey)) {
    user.clientKey = *flags.clientKey;
    user.clientKeyData.clear();
    fromFlag("client-key", "--client-key");
  }
  if (given(flags.as)) {
    user.as = *flags.as;
    fromFlag("as", "--as");
  }
  if (!flags.asGroups.empty()) {
    user.asGroups = flags.asGroups;
    fromFlag("as-groups", "--as-group");
  }
}

std::string schemeOf(const std::string& url) {
  try {
    const Poco::URI uri(url);
    if (uri.getHost().empty()) return "";
    return Poco::toLower(uri.getScheme());
  } catch (const Poco::SyntaxException&) {
    return "";
  }
}

void validateUrls(const KubeconfigCluster& cluster, const std::string& label) {
  if (cluster.server.empty()) {
    throw KubeconfigError(label + " has no server; set server: https://HOST:PORT in " +
                          (cluster.yamlPath.empty() ? "the cluster" : cluster.yamlPath) +
                          " or pass --server URL");
  }
  const std::string scheme = schemeOf(cluster.server);
  if (scheme != "https" && scheme != "http") {
    throw KubeconfigError(cluster.describe("server") + ": server \"" + cluster.server +
                          "\" is not an https:// URL; write it as https://HOST:PORT");
  }
  if (!cluster.proxyUrl.empty()) {
    const std::string proxyScheme = schemeOf(cluster.proxyUrl);
    if (proxyScheme == "socks5") {
      throw KubeconfigError(cluster.describe("proxy-url") + ": proxy \"" + cluster.proxyUrl +
                            "\" is SOCKS5, which kubectl-perfscale does not support; use an "
                            "http:// or https:// (CONNECT) proxy");
    }
    if (proxyScheme != "http" && proxyScheme != "https") {
      throw KubeconfigError(cluster.describe("proxy-url") + ": proxy-url \"" + cluster.proxyUrl +
                            "\" is not an http:// or https:// URL; write it as "
                            "http://HOST:PORT");
    }
  }
}

// A DNS-1123 label, as the API server requires of namespace names.
void validateNamespace(const std::string& ns, const std::string& subject) {
  bool valid = !ns.empty() && ns.size() <= 63 && ns.front() != '-' && ns.back() != '-';
  for (const char c : ns) {
    valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  }
  if (!valid) {
    throw KubeconfigError(subject + ": namespace \"" + ns +
                          "\" is not a valid namespace name (lower-case letters, digits and '-', "
                          "at most 63, starting and ending with a letter or digit)");
  }
}

KubeconfigError noConfiguration(const KubeconfigSearch& search, const Kubeconfig& config,
                                const Selection& selection) {
  const std::string notInCluster =
      "not running inside a cluster (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are "
      "unset)";
  if (config.sources.empty()) {
    return KubeconfigError("no configuration has been provided: " + search.description() +
                           ", and " + notInCluster +
                           ". Pass --kubeconfig FILE or set KUBECONFIG to a kubeconfig file, "
                           "or give the API server with --server URL");
  }
  const std::string why = selection.contextName.empty()
                              ? "no current-context is set"
                              : "context \"" + selection.contextName + "\" names no cluster";
  return KubeconfigError("no cluster selected: " + why + " in " + joined(config.sources) +
                         ", and " + notInCluster +
                         ". Pass --context NAME (defined: " + namesOf(config.contexts) +
                         ") or --server URL, or set one with 'kubectl config use-context NAME'");
}

}  // namespace

Environment Environment::process() {
  Environment env;
  env.getenv = [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
  return env;
}

ClusterConfig loadClusterConfig(const KubeconfigOverrides& flags, const Environment& env) {
  ClusterConfig config;
  // The flags' own syntax first: cheaper to report than anything found in files.
  if (given(flags.requestTimeout))
    config.requestTimeout = parseRequestTimeout(*flags.requestTimeout);
  if (given(flags.ns)) validateNamespace(*flags.ns, "-n/--namespace");

  const KubeconfigSearch search = kubeconfigSearch(flags.kubeconfig, env);
  const Kubeconfig merged = loadKubeconfigs(search);
  Selection selection = select(merged, flags);

  // As kubectl: when the kubeconfig selects no cluster at all, a pod uses its service account.
  if (isEmpty(selection.cluster) && !given(flags.server)) {
    if (runningInCluster(env)) {
      InClusterConfig inCluster = inClusterConfig(env, !given(flags.token));
      selection.cluster = std::move(inCluster.cluster);
      selection.user = std::move(inCluster.user);
      selection.contextName.clear();
      selection.clusterName.clear();
      selection.userName.clear();
      if (selection.ns.empty()) {
        selection.ns = inCluster.ns;
        selection.nsSubject =
            "the in-cluster namespace (POD_NAMESPACE or " + env.serviceAccountDir + "/namespace)";
      }
      selection.inCluster = true;
    } else if (selection.clusterName.empty()) {
      throw noConfiguration(search, merged, selection);
    }
  }

  applyClusterFlags(selection.cluster, flags);
  applyUserFlags(selection.user, flags);
  const std::string clusterLabel =
      labelOf("cluster", selection.clusterName, selection.cluster,
              selection.inCluster ? "the in-cluster API server" : "the cluster given by --server");
  const std::string userLabel = labelOf(
      "user", selection.userName, selection.user,
      selection.inCluster ? "the in-cluster service account" : "the credentials given by flags");
  validateUrls(selection.cluster, clusterLabel);
  config.tls = resolveTls(selection.cluster, clusterLabel);
  config.credentials = resolveCredentials(selection.user, userLabel, config.tls);

  if (given(flags.ns)) {
    config.ns = *flags.ns;
  } else if (!selection.ns.empty()) {
    validateNamespace(selection.ns, selection.nsSubject);
    config.ns = selection.ns;
  }

  if (schemeOf(selection.cluster.server) == "http") {
    // kubectl reads credentials only for TLS servers, so secrets never cross in clear text.
    spdlog::warn("API server {} is plain http: sending no credentials and using no TLS settings",
                 selection.cluster.server);
    Credentials impersonationOnly;
    impersonationOnly.impersonateUser = config.credentials.impersonateUser;
    impersonationOnly.impersonateGroups = config.credentials.impersonateGroups;
    config.credentials = std::move(impersonationOnly);
    config.tls = TlsConfig{};
  }

  config.server = selection.cluster.server;
  config.contextName = selection.contextName;
  config.clusterName = selection.clusterName;
  config.userName = selection.userName;
  config.proxyUrl = selection.cluster.proxyUrl;
  config.inCluster = selection.inCluster;
  config.sources = merged.sources;
  return config;
}

}  // namespace perfscale::kube
