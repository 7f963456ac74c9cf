// See proxy.h.
#include "core/kube/proxy.h"

#include <Poco/Exception.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

namespace perfscale::kube {

namespace {

std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::optional<std::string> lookup(const EnvironmentLookup& getenv, const std::string& name) {
  if (getenv) return getenv(name);
  const char* value = std::getenv(name.c_str());
  if (!value) return std::nullopt;
  return std::string(value);
}

std::optional<std::string> firstSet(const EnvironmentLookup& getenv, const std::string& upper,
                                    const std::string& lower) {
  for (const auto& name : {upper, lower}) {
    auto value = lookup(getenv, name);
    if (value && !value->empty()) return value;
  }
  return std::nullopt;
}

std::optional<Poco::Net::IPAddress> parseIp(const std::string& text) {
  Poco::Net::IPAddress address;
  if (Poco::Net::IPAddress::tryParse(text, address)) return address;
  return std::nullopt;
}

// Splits "host:port", "[v6]:port", "v6" or "host" into host and port (0 when absent).
std::pair<std::string, uint16_t> splitHostPort(const std::string& entry) {
  if (!entry.empty() && entry.front() == '[') {
    const auto close = entry.find(']');
    if (close == std::string::npos) return {entry, 0};
    const std::string host = entry.substr(1, close - 1);
    if (close + 1 < entry.size() && entry[close + 1] == ':')
      return {host, static_cast<uint16_t>(std::atoi(entry.c_str() + close + 2))};
    return {host, 0};
  }
  const auto colon = entry.rfind(':');
  if (colon == std::string::npos || entry.find(':') != colon) return {entry, 0};  // bare IPv6
  return {entry.substr(0, colon), static_cast<uint16_t>(std::atoi(entry.c_str() + colon + 1))};
}

bool cidrContains(const std::string& cidr, const Poco::Net::IPAddress& address) {
  const auto slash = cidr.find('/');
  const auto network = parseIp(cidr.substr(0, slash));
  if (!network || network->family() != address.family()) return false;
  const int bits = std::atoi(cidr.c_str() + slash + 1);
  const int total = network->family() == Poco::Net::IPAddress::IPv4 ? 32 : 128;
  if (bits < 0 || bits > total) return false;
  const Poco::Net::IPAddress mask(static_cast<unsigned>(bits), network->family());
  return (*network & mask) == (address & mask);
}

bool isLoopback(const std::string& host) {
  if (lowered(host) == "localhost") return true;
  const auto address = parseIp(host);
  return address && address->isLoopback();
}

}  // namespace

ProxyEndpoint parseProxyUrl(const std::string& url, const std::string& origin) {
  const std::string text = url.find("://") == std::string::npos ? "http://" + url : url;
  Poco::URI uri;
  try {
    uri = Poco::URI(text);
  } catch (const Poco::Exception& e) {
    throw ProxyConfigError(origin + ": proxy URL \"" + url + "\" is not a URL: " + e.message());
  }
  const std::string scheme = lowered(uri.getScheme());
  if (scheme != "http")
    throw ProxyConfigError(origin + ": proxy URL \"" + url + "\": only http:// proxies (HTTP " +
                           "CONNECT) are supported, not " + scheme + "://");
  if (uri.getHost().empty())
    throw ProxyConfigError(origin + ": proxy URL \"" + url + "\" has no host");
  ProxyEndpoint proxy;
  proxy.host = uri.getHost();
  proxy.port = uri.getPort() == 0 ? 80 : uri.getPort();
  const std::string userInfo = uri.getUserInfo();
  if (!userInfo.empty()) {
    const auto colon = userInfo.find(':');
    Poco::URI::decode(userInfo.substr(0, colon), proxy.username);
    if (colon != std::string::npos) Poco::URI::decode(userInfo.substr(colon + 1), proxy.password);
  }
  const bool v6 = proxy.host.find(':') != std::string::npos;
  proxy.display =
      "http://" + (v6 ? "[" + proxy.host + "]" : proxy.host) + ":" + std::to_string(proxy.port);
  return proxy;
}

bool noProxyMatches(const std::string& noProxy, const std::string& host, uint16_t port) {
  const std::string target = lowered(host);
  const auto targetIp = parseIp(target);
  size_t start = 0;
  while (start <= noProxy.size()) {
    const auto comma = noProxy.find(',', start);
    const std::string entry = lowered(trimmed(
        noProxy.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    start = comma == std::string::npos ? noProxy.size() + 1 : comma + 1;
    if (entry.empty()) continue;
    if (entry == "*") return true;
    if (entry.find('/') != std::string::npos) {
      if (targetIp && cidrContains(entry, *targetIp)) return true;
      continue;
    }
    auto [entryHost, entryPort] = splitHostPort(entry);
    if (entryPort != 0 && entryPort != port) continue;
    if (const auto entryIp = parseIp(entryHost)) {
      if (targetIp && *entryIp == *targetIp) return true;
      continue;
    }
    if (entryHost.rfind("*.", 0) == 0) entryHost = entryHost.substr(1);
    if (entryHost.empty()) continue;
    if (entryHost.front() == '.') {
      if (target.size() > entryHost.size() &&
          target.compare(target.size() - entryHost.size(), entryHost.size(), entryHost) == 0)
        return true;
      continue;
    }
    if (target == entryHost) return true;
    const std::string suffix = "." + entryHost;
    if (target.size() > suffix.size() &&
        target.compare(target.size() - suffix.size(), suffix.size(), suffix) == 0)
      return true;
  }
  return false;
}

std::optional<ProxyEndpoint> selectProxy(const std::string& proxyUrl, const std::string& host,
                                         uint16_t port, const EnvironmentLookup& getenv) {
  if (!proxyUrl.empty()) return parseProxyUrl(proxyUrl, "cluster proxy-url");
  if (isLoopback(host)) return std::nullopt;
  const auto proxy = firstSet(getenv, "HTTPS_PROXY", "https_proxy");
  if (!proxy) return std::nullopt;
  if (const auto noProxy = firstSet(getenv, "NO_PROXY", "no_proxy")) {
    if (noProxyMatches(*noProxy, host, port)) return std::nullopt;
  }
  return parseProxyUrl(*proxy, "HTTPS_PROXY");
}

}  // namespace perfscale::kube
