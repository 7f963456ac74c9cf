// A raw HTTPS server on 127.0.0.1 for tests of hostile answers: each request is handed with its
// connection to a script that writes whatever bytes it likes (invalid JSON, endless bodies,
// one byte a second). Scripts must end when stopping() turns true.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/e2e/kube_test_support.h"

namespace perfscale::test::kube {

struct HostileRequest {
  std::string method;
  std::string target;  // path and query
  std::string head;    // request line and headers
};

class HostileServer {
 public:
  // Answers a request; returns false to close the connection afterwards.
  using Script =
      std::function<bool(HostileServer&, Poco::Net::StreamSocket&, const HostileRequest&)>;

  HostileServer(const TempDir& dir, Script script) : script_(std::move(script)) {
    makeCa(dir, "hostile-ca", "/CN=hostile-ca");
    makeCsr(dir, "hostile", "/CN=hostile");
    signWithDates(dir, "hostile-ca", "hostile", opensslDate(std::chrono::hours(-24)),
                  opensslDate(std::chrono::hours(24)), "subjectAltName = IP:127.0.0.1");
    caPem_ = readFile(dir.file("hostile-ca.crt"));
    Poco::Net::Context::Params params;
    params.privateKeyFile = dir.file("hostile.key");
    params.certificateFile = dir.file("hostile.crt");
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    server_ = std::make_unique<Poco::Net::SecureServerSocket>(
        Poco::Net::SocketAddress("127.0.0.1", 0), 64, context);
    thread_ = std::thread([this] { serve(); });
  }
  ~HostileServer() {
    stop_ = true;
    thread_.join();
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& worker : workers_)
      worker.join();
  }
  HostileServer(const HostileServer&) = delete;
  HostileServer& operator=(const HostileServer&) = delete;

  std::string url() const {
    return "https://127.0.0.1:" + std::to_string(server_->address().port());
  }
  const std::string& caPem() const { return caPem_; }
  bool stopping() const { return stop_; }
  std::vector<std::string> targets() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return targets_;
  }

  // Writes all of `bytes`; false once the client went away or the server stops.
  bool send(Poco::Net::StreamSocket& socket, const std::string& bytes) {
    try {
      size_t sent = 0;
      while (sent < bytes.size() && !stop_) {
        const int n = socket.sendBytes(
            bytes.data() + sent, static_cast<int>(std::min<size_t>(bytes.size() - sent, 65536)));
        if (n <= 0) return false;
        sent += static_cast<size_t>(n);
      }
      return sent == bytes.size();
    } catch (const std::exception&) {
      return false;
    }
  }

  // Writes `bytes` one at a time, `every` apart: a slowloris.
  bool trickle(Poco::Net::StreamSocket& socket, const std::string& bytes,
               std::chrono::milliseconds every) {
    for (char c : bytes) {
      if (!send(socket, std::string(1, c))) return false;
      for (auto slept = std::chrono::milliseconds(0); slept < every && !stop_;
           slept += std::chrono::milliseconds(10))
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return !stop_;
  }

 private:
  // Appends what arrives within the receive timeout (nothing on a timeout); false once the
  // peer closed or the connection failed.
  static bool receiveMore(Poco::Net::StreamSocket& client, std::string& received) {
    char buffer[4096];
    int n = 0;
    try {
      n = client.receiveBytes(buffer, sizeof buffer);
    } catch (const Poco::TimeoutException&) {
      return true;
    }
    if (n <= 0) return false;
    received.append(buffer, static_cast<size_t>(n));
    return true;
  }

  void serve() {
    while (!stop_) {
      try {
        if (!server_->poll(Poco::Timespan(0, 50'000), Poco::Net::Socket::SELECT_READ)) continue;
        Poco::Net::StreamSocket client = server_->acceptConnection();
        std::lock_guard<std::mutex> lock(mutex_);
        workers_.emplace_back([this, client]() mutable { answer(client); });
      } catch (const std::exception&) {
      }
    }
  }

  void answer(Poco::Net::StreamSocket client) {
    try {
      client.setReceiveTimeout(Poco::Timespan(0, 200'000));
      std::string received;
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (!stop_ && std::chrono::steady_clock::now() < deadline) {
        const auto end = received.find("\r\n\r\n");
        if (end == std::string::npos) {
          if (!receiveMore(client, received) || received.size() > 65536) return;
          continue;
        }
        HostileRequest request;
        request.head = received.substr(0, end);
        received.erase(0, end + 4);
        const auto space = request.head.find(' ');
        request.method = request.head.substr(0, space);
        request.target =
            request.head.substr(space + 1, request.head.find(' ', space + 1) - space - 1);
        {
          std::lock_guard<std::mutex> lock(mutex_);
          targets_.push_back(request.method + " " + request.target);
        }
        // Skip the request's body (creates are small).
        const auto length = request.head.find("Content-Length: ");
        size_t bodySize =
            length == std::string::npos ? 0 : std::stoul(request.head.substr(length + 16));
        while (received.size() < bodySize && !stop_) {
          if (!receiveMore(client, received)) return;
        }
        received.erase(0, std::min(bodySize, received.size()));
        if (!script_(*this, client, request)) break;
      }
      client.shutdown();
    } catch (const std::exception&) {
    }
  }

  Script script_;
  std::string caPem_;
  std::unique_ptr<Poco::Net::SecureServerSocket> server_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> targets_;
  std::vector<std::thread> workers_;
  std::thread thread_;
};

inline std::string httpHead(int status, const std::string& headers) {
  return "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Error") + "\r\n" +
         headers + "\r\n";
}

// A kubeconfig in `dir` that points at `server`, trusting its CA, with a token user.
inline std::string hostileKubeconfig(const TempDir& dir, const HostileServer& server) {
  writeFile(dir.file("ca.pem"), server.caPem());
  const std::string path = dir.file("kubeconfig");
  writeFile(path,
            "apiVersion: v1\nkind: Config\ncurrent-context: hostile\n"
            "clusters:\n- name: hostile\n  cluster:\n    server: " +
                server.url() + "\n    certificate-authority: " + dir.file("ca.pem") +
                "\ncontexts:\n- name: hostile\n  context: {cluster: hostile, user: u}\n"
                "users:\n- name: u\n  user: {token: t}\n");
  return path;
}

}  // namespace perfscale::test::kube
