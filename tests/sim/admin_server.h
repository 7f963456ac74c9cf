// The admin endpoint of `perfscale-sim controller`: /sim/truth, /sim/faults and /sim/stats on
// loopback HTTPS, behind the admin token as in the built-in server.
#pragma once

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <functional>
#include <memory>
#include <string>

#include "tests/sim/api_status.h"
#include "tests/sim/tls.h"

namespace perfscale::sim {

class AdminServer {
 public:
  // `handler` answers an authenticated request (method, path, body).
  using Handler =
      std::function<ApiResponse(const std::string&, const std::string&, const std::string&)>;
  AdminServer(std::string listenHost, uint16_t listenPort, std::string adminToken,
              const PemPair& serving, Handler handler);
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  // Starts serving; returns the URL.
  std::string start();
  void stop();

  // One request, from the HTTP layer.
  ApiResponse handle(const std::string& method, const std::string& path,
                     const std::string& authorization, const std::string& body) const;

 private:
  std::string listenHost_;
  uint16_t listenPort_;
  std::string adminToken_;
  PemPair serving_;
  Handler handler_;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> http_;
};

}  // namespace perfscale::sim
