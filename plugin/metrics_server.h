// GET /metrics over plain HTTP while a run lasts: the run's metrics registry in the Prometheus
// text format. Loopback unless asked otherwise: the figures name the cluster's objects.
#pragma once

#include <Poco/Net/SocketAddress.h>

#include <chrono>
#include <memory>
#include <string>

#include "core/metrics/registry.h"

namespace perfscale::plugin {

// What --metrics-addr, --metrics-allow-remote and --metrics-linger ask for.
struct MetricsOptions {
  Poco::Net::SocketAddress address;
  std::chrono::nanoseconds linger{0};  // serving on after the run's end, for a last scrape
};

// --metrics-addr HOST:PORT ([::1]:PORT for IPv6; port 0: a free one) resolved. Throws
// std::invalid_argument naming the flag and what to give, and when the address is not a loopback
// one and `allowRemote` is false, naming --metrics-allow-remote.
Poco::Net::SocketAddress metricsAddress(const std::string& text, bool allowRemote);

class MetricsServer {
 public:
  // Listens at once; throws std::runtime_error when the address cannot be bound (in use, not
  // this host's), naming it and what to do.
  MetricsServer(const metrics::Registry& registry, const Poco::Net::SocketAddress& address);
  ~MetricsServer();  // stops serving; a scrape under way is finished first
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // http://HOST:PORT/metrics, with the port actually bound.
  std::string url() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace perfscale::plugin
