// The metrics endpoint of `perfscale-sim controller`: GET /metrics in the Prometheus text format
// on plain HTTP, as virt-controller's is scraped inside a cluster (there over its pod network,
// here on loopback unless allowed otherwise).
#pragma once

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <functional>
#include <memory>
#include <string>

namespace perfscale::sim {

class MetricsServer {
 public:
  // `exposition` writes the families at each scrape.
  MetricsServer(std::string listenHost, uint16_t listenPort,
                std::function<std::string()> exposition);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Starts serving; returns the URL of /metrics.
  std::string start();
  void stop();

 private:
  std::string listenHost_;
  uint16_t listenPort_;
  std::function<std::string()> exposition_;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> http_;
};

}  // namespace perfscale::sim
