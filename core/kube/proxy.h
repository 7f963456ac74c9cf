// Which HTTP CONNECT proxy, if any, carries the connection to the API server: the cluster's
// proxy-url, else HTTPS_PROXY unless NO_PROXY exempts the server (Go's net/http rules).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace perfscale::kube {

struct ProxyEndpoint {
  std::string host;
  uint16_t port = 0;
  std::string username;  // from the URL's userinfo: sent as Proxy-Authorization Basic
  std::string password;
  std::string display;  // http://host:port, without credentials, for messages
};

// Looks up an environment variable; the process environment when empty.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string&)>;

class ProxyConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An http:// proxy URL (a URL without a scheme is taken as http://, as Go does). https:// and
// socks5:// proxies are not supported: ProxyConfigError says so, naming `origin`.
ProxyEndpoint parseProxyUrl(const std::string& url, const std::string& origin);

// NO_PROXY matching as Go does it: "*" matches all; entries are host names (matching the name
// and its subdomains; a leading "." matches subdomains only), IP addresses or CIDR ranges, each
// optionally with ":port".
bool noProxyMatches(const std::string& noProxy, const std::string& host, uint16_t port);

// `proxyUrl` (the kubeconfig's proxy-url) applies to every server. Otherwise HTTPS_PROXY or
// https_proxy, unless NO_PROXY/no_proxy matches, and never for localhost or a loopback address.
std::optional<ProxyEndpoint> selectProxy(const std::string& proxyUrl, const std::string& host,
                                         uint16_t port, const EnvironmentLookup& getenv = {});

}  // namespace perfscale::kube
