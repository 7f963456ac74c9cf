// Which proxy carries the connection: proxy-url, HTTPS_PROXY and NO_PROXY as Go reads them.
#include <catch2/catch.hpp>

#include <map>

#include "core/kube/proxy.h"

using perfscale::kube::noProxyMatches;
using perfscale::kube::parseProxyUrl;
using perfscale::kube::ProxyConfigError;
using perfscale::kube::selectProxy;

namespace {

perfscale::kube::EnvironmentLookup env(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace

TEST_CASE("proxy: proxy-url is used for every server, loopback included") {
  const auto proxy =
      selectProxy("http://user:p%40ss@proxy.example:3128", "127.0.0.1", 6443, env({}));
  REQUIRE(proxy);
  CHECK(proxy->host == "proxy.example");
  CHECK(proxy->port == 3128);
  CHECK(proxy->username == "user");
  CHECK(proxy->password == "p@ss");
  CHECK(proxy->display == "http://proxy.example:3128");
}

TEST_CASE("proxy: HTTPS_PROXY applies unless the server is loopback or in NO_PROXY") {
  const auto environment =
      env({{"HTTPS_PROXY", "proxy.example:8080"}, {"NO_PROXY", "internal.example,10.0.0.0/8"}});
  const auto proxy = selectProxy("", "api.example.com", 6443, environment);
  REQUIRE(proxy);
  CHECK(proxy->host == "proxy.example");
  CHECK(proxy->port == 8080);
  CHECK_FALSE(selectProxy("", "127.0.0.1", 6443, environment));
  CHECK_FALSE(selectProxy("", "localhost", 6443, environment));
  CHECK_FALSE(selectProxy("", "::1", 6443, environment));
  CHECK_FALSE(selectProxy("", "api.internal.example", 6443, environment));
  CHECK_FALSE(selectProxy("", "10.1.2.3", 6443, environment));
  CHECK(selectProxy("", "11.1.2.3", 6443, environment));
}

TEST_CASE("proxy: lower-case variables count, upper-case ones win") {
  CHECK(selectProxy("", "api.example", 443, env({{"https_proxy", "http://low:1"}}))->host == "low");
  CHECK(selectProxy("", "api.example", 443,
                    env({{"https_proxy", "http://low:1"}, {"HTTPS_PROXY", "http://up:1"}}))
            ->host == "up");
  CHECK_FALSE(selectProxy("", "api.example", 443,
                          env({{"HTTPS_PROXY", "http://up:1"}, {"no_proxy", "*"}})));
  CHECK_FALSE(selectProxy("", "api.example", 443, env({})));
}

TEST_CASE("no_proxy: names match themselves and subdomains - a leading dot only subdomains") {
  CHECK(noProxyMatches("example.com", "example.com", 443));
  CHECK(noProxyMatches("example.com", "api.example.com", 443));
  CHECK_FALSE(noProxyMatches("example.com", "notexample.com", 443));
  CHECK(noProxyMatches(".example.com", "api.example.com", 443));
  CHECK_FALSE(noProxyMatches(".example.com", "example.com", 443));
  CHECK(noProxyMatches("*.example.com", "api.example.com", 443));
  CHECK(noProxyMatches(" other , EXAMPLE.com ", "api.example.com", 443));
}

TEST_CASE("no_proxy: ports, IP addresses and CIDR ranges") {
  CHECK(noProxyMatches("example.com:6443", "example.com", 6443));
  CHECK_FALSE(noProxyMatches("example.com:6443", "example.com", 443));
  CHECK(noProxyMatches("192.168.1.5", "192.168.1.5", 443));
  CHECK_FALSE(noProxyMatches("192.168.1.5", "192.168.1.6", 443));
  CHECK(noProxyMatches("192.168.0.0/16", "192.168.1.6", 443));
  CHECK_FALSE(noProxyMatches("192.168.0.0/16", "192.169.1.6", 443));
  CHECK(noProxyMatches("fd00::/8", "fd12::1", 443));
  CHECK(noProxyMatches("[fd00::1]:443", "fd00::1", 443));
  CHECK_FALSE(noProxyMatches("192.168.0.0/16", "example.com", 443));
  CHECK(noProxyMatches("*", "anything", 1));
  CHECK_FALSE(noProxyMatches("", "anything", 1));
}

TEST_CASE("proxy: only http:// proxies are supported, and the message says so") {
  CHECK_THROWS_WITH(parseProxyUrl("https://proxy:3128", "cluster proxy-url"),
                    Catch::Contains("only http:// proxies") && Catch::Contains("https://"));
  CHECK_THROWS_WITH(parseProxyUrl("socks5://proxy:1080", "cluster proxy-url"),
                    Catch::Contains("socks5"));
  CHECK(parseProxyUrl("http://proxy", "x").port == 80);
}
