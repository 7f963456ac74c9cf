// What the kube_* end-to-end tests share: a ClusterConfig for a SimCluster, fault injection,
// certificates made with the openssl CLI, and a tiny HTTP CONNECT proxy on loopback.
#pragma once

#include <Poco/Base64Decoder.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <poll.h>
#include <yaml-cpp/yaml.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/kube/cluster_config.h"
#include "core/kube/rest_client.h"
#include "tests/support/process.h"
#include "tests/support/sim_cluster.h"

namespace perfscale::test::kube {

inline const std::string kNamespaces = "/api/v1/namespaces";
inline const std::string kVmis = "/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances";

inline std::string base64Decode(const std::string& text) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in);
  return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
}

// The sim's server and CA with its bearer token: the kubeconfig's default user.
inline perfscale::kube::ClusterConfig simConfig(const SimCluster& sim) {
  perfscale::kube::ClusterConfig config;
  config.server = sim.url();
  config.tls.caPem = sim.caPem();
  config.credentials.token = sim.token();
  return config;
}

// A user entry of the sim's kubeconfig, e.g. "sim-cert".
inline YAML::Node simUser(const SimCluster& sim, const std::string& name) {
  const auto config = YAML::LoadFile(sim.kubeconfig());
  for (const auto& user : config["users"]) {
    if (user["name"].as<std::string>() == name) return user["user"];
  }
  throw std::runtime_error("no user " + name + " in " + sim.kubeconfig());
}

// Sets the sim's faults (PUT /sim/faults) for the scope; clears them at its end.
class FaultScope {
 public:
  FaultScope(const SimCluster& sim, const std::string& json) : admin_(sim.adminClient()) {
    const auto answer = admin_.request("PUT", "/sim/faults", json);
    if (answer.status != 200) throw std::runtime_error("PUT /sim/faults: " + answer.body);
  }
  ~FaultScope() {
    try {
      admin_.request("DELETE", "/sim/faults");
    } catch (...) {
    }
  }
  FaultScope(const FaultScope&) = delete;
  FaultScope& operator=(const FaultScope&) = delete;

 private:
  HttpsClient admin_;
};

inline CommandResult openssl(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"openssl"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = runCommand(argv, {}, std::chrono::seconds(30));
  if (result.exitCode != 0)
    throw std::runtime_error("openssl " + args.front() + " failed: " + result.err);
  return result;
}

// A self-signed CA (EC P-256) written to dir/name.crt and dir/name.key.
inline void makeCa(const TempDir& dir, const std::string& name, const std::string& subject) {
  openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
           "-subj", subject, "-days", "30", "-keyout", dir.file(name + ".key"), "-out",
           dir.file(name + ".crt"), "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
           "keyUsage=critical,keyCertSign,cRLSign"});
}

// Signs dir/name.csr with dir/ca.{crt,key} through `openssl ca`, which (unlike `openssl x509`
// in OpenSSL 3.0) takes explicit validity dates: YYYYMMDDHHMMSSZ.
inline void signWithDates(const TempDir& dir, const std::string& ca, const std::string& name,
                          const std::string& startDate, const std::string& endDate,
                          const std::string& extensions) {
  writeFile(dir.file("index.txt"), "");
  writeFile(dir.file("ca.cnf"),
            "[ca]\ndefault_ca = local\n[local]\ndatabase = " + dir.file("index.txt") +
                "\nnew_certs_dir = " + dir.path() + "\nserial = " + dir.file("serial") +
                "\ndefault_md = sha256\npolicy = anything\nunique_subject = no\n"
                "copy_extensions = none\n[anything]\ncommonName = supplied\n[ext]\n" +
                extensions + "\n");
  writeFile(dir.file("serial"), "1000\n");
  openssl({"ca", "-batch", "-config", dir.file("ca.cnf"), "-cert", dir.file(ca + ".crt"),
           "-keyfile", dir.file(ca + ".key"), "-in", dir.file(name + ".csr"), "-out",
           dir.file(name + ".crt"), "-startdate", startDate, "-enddate", endDate, "-extensions",
           "ext", "-notext"});
}

// UTC now plus `offset`, as `openssl ca -startdate/-enddate` wants it: YYYYMMDDHHMMSSZ.
inline std::string opensslDate(std::chrono::hours offset) {
  const std::time_t when =
      std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + offset);
  std::tm utc{};
  gmtime_r(&when, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d%H%M%SZ", &utc);
  return text;
}

// A new EC P-256 key and a CSR for `subject`: dir/name.key, dir/name.csr.
inline void makeCsr(const TempDir& dir, const std::string& name, const std::string& subject) {
  openssl({"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj",
           subject, "-keyout", dir.file(name + ".key"), "-out", dir.file(name + ".csr")});
}

// A tiny HTTP CONNECT proxy on 127.0.0.1 that records the targets it was asked for.
class ConnectProxy {
 public:
  explicit ConnectProxy(std::string requiredAuthorization = "")
      : requiredAuthorization_(std::move(requiredAuthorization)),
        server_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~ConnectProxy() {
    stop_ = true;
    thread_.join();
    for (auto& worker : workers_)
      worker.join();
  }
  ConnectProxy(const ConnectProxy&) = delete;
  ConnectProxy& operator=(const ConnectProxy&) = delete;

  std::string url(const std::string& userInfo = "") const {
    return "http://" + (userInfo.empty() ? "" : userInfo + "@") +
           "127.0.0.1:" + std::to_string(server_.address().port());
  }
  std::vector<std::string> targets() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return targets_;
  }

 private:
  void serve() {
    while (!stop_) {
      if (!server_.poll(Poco::Timespan(0, 50'000), Poco::Net::Socket::SELECT_READ)) continue;
      Poco::Net::StreamSocket client = server_.acceptConnection();
      std::lock_guard<std::mutex> lock(mutex_);
      workers_.emplace_back([this, client]() mutable { tunnel(client); });
    }
  }

  void tunnel(Poco::Net::StreamSocket client) {
    try {
      client.setReceiveTimeout(Poco::Timespan(5, 0));
      std::string head;
      char c;
      while (head.find("\r\n\r\n") == std::string::npos && head.size() < 8192 &&
             client.receiveBytes(&c, 1) == 1)
        head += c;
      const auto space = head.find(' ');
      const auto target = head.substr(space + 1, head.find(' ', space + 1) - space - 1);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        targets_.push_back(head.substr(0, space) + " " + target);
      }
      if (!requiredAuthorization_.empty() &&
          head.find("Proxy-Authorization: " + requiredAuthorization_ + "\r\n") ==
              std::string::npos) {
        const std::string answer =
            "HTTP/1.1 407 Proxy Authentication Required\r\n"
            "Content-Length: 0\r\n\r\n";
        client.sendBytes(answer.data(), static_cast<int>(answer.size()));
        return;
      }
      Poco::Net::StreamSocket upstream{Poco::Net::SocketAddress(target)};
      const std::string ok = "HTTP/1.1 200 Connection established\r\n\r\n";
      client.sendBytes(ok.data(), static_cast<int>(ok.size()));
      pollfd fds[2] = {{static_cast<int>(client.impl()->sockfd()), POLLIN, 0},
                       {static_cast<int>(upstream.impl()->sockfd()), POLLIN, 0}};
      char buffer[16384];
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (!stop_ && std::chrono::steady_clock::now() < deadline) {
        if (::poll(fds, 2, 50) <= 0) continue;
        for (int i = 0; i < 2; ++i) {
          if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
          auto& from = i == 0 ? client : upstream;
          auto& to = i == 0 ? upstream : client;
          const int n = from.receiveBytes(buffer, sizeof buffer);
          if (n <= 0) return;
          to.sendBytes(buffer, n);
        }
      }
    } catch (const std::exception&) {
    }
  }

  std::string requiredAuthorization_;
  Poco::Net::ServerSocket server_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> targets_;
  std::vector<std::thread> workers_;
  std::thread thread_;
};

}  // namespace perfscale::test::kube
