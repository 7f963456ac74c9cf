// A small HTTPS client for `perfscale-sim controller`: keep-alive sessions pooled for plain
// requests, and watch streams read line by line. JSON bodies; a bearer token or a client
// certificate. perfscale-sim shares no code with core/, so this is its own.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPSClientSession.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/sim/remote_kubeconfig.h"

namespace perfscale::sim {

// The request never got an answer (connection refused, reset, TLS failure, timeout).
class TransportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HttpResult {
  int status = 0;
  std::string body;
};

class KubeClient;

// One watch (or any streamed GET): its own connection, read a line at a time. abort() may be
// called from another thread to end a blocked readLine().
class LineStream {
 public:
  LineStream(std::unique_ptr<Poco::Net::HTTPSClientSession> session, std::istream& body);
  ~LineStream();
  // The next line; nothing at the end of the stream, on an error or after abort().
  std::optional<std::string> readLine();
  void abort();

 private:
  std::unique_ptr<Poco::Net::HTTPSClientSession> session_;
  std::istream& body_;
  std::mutex mutex_;
  int fd_ = -1;
  bool aborted_ = false;
};

class KubeClient {
 public:
  // Throws std::runtime_error when the TLS material is unusable.
  explicit KubeClient(const RemoteCluster& cluster, size_t maxIdleSessions = 32,
                      std::chrono::seconds requestTimeout = std::chrono::seconds(30));
  ~KubeClient();
  KubeClient(const KubeClient&) = delete;
  KubeClient& operator=(const KubeClient&) = delete;

  // `path` is absolute ("/apis/..."), with its query. A JSON `body` is sent when not empty.
  // Throws TransportError when no answer came (after one retry on a fresh connection when a
  // pooled one turned out to be stale).
  HttpResult request(const std::string& method, const std::string& path,
                     const std::string& body = "");
  // A streamed GET. Answers other than 200 come back as the HttpResult, with the body read.
  struct Streamed {
    std::unique_ptr<LineStream> stream;  // set on 200
    HttpResult failure;
  };
  Streamed stream(const std::string& path, std::chrono::seconds readTimeout);

  size_t connectionsOpened() const;

  // Told of every request once it is answered: (status, or 0 when no answer came; method;
  // `path` as given). Set before the first request.
  using Observer = std::function<void(int, const std::string&, const std::string&)>;
  void observeWith(Observer observer) { observer_ = std::move(observer); }
  // "HOST:PORT" of the API server, as a client's metrics name it.
  std::string hostPort() const;

 private:
  std::unique_ptr<Poco::Net::HTTPSClientSession> newSession(std::chrono::seconds readTimeout);
  std::unique_ptr<Poco::Net::HTTPSClientSession> acquire(bool& reused);
  void release(std::unique_ptr<Poco::Net::HTTPSClientSession> session);
  void prepare(Poco::Net::HTTPRequest& request) const;

  RemoteCluster cluster_;
  size_t maxIdle_;
  std::chrono::seconds requestTimeout_;
  Poco::Net::Context::Ptr context_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Poco::Net::HTTPSClientSession>> idle_;
  size_t opened_ = 0;
  Observer observer_;
};

}  // namespace perfscale::sim
