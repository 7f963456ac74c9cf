// The HTTPS listener of perfscale-sim's API server, closable and reopenable on the same port
// (outage faults), with every connection it accepted tracked so all can be reset at once.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <map>
#include <memory>
#include <mutex>

namespace perfscale::sim {

class Listener {
 public:
  Listener(Poco::Net::Context::Ptr context, Poco::Net::HTTPServerParams::Ptr params,
           Poco::Net::HTTPRequestHandlerFactory::Ptr handlers, Poco::ThreadPool& pool);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // Binds (address reuse on) and starts accepting; returns the bound address.
  Poco::Net::SocketAddress open(const Poco::Net::SocketAddress& address);
  // Stops accepting and closes the listening socket: connects are refused from then on.
  void close();
  bool isOpen() const;
  // Resets every connection accepted so far (idle keep-alive, mid-request or streaming);
  // while the listener is closed, a connection that still slips through is reset at once.
  void resetConnections();
  // Closes one connection without an answer (linger 0: the peer sees a reset), safe against
  // a concurrent resetConnections.
  void drop(Poco::Net::StreamSocket& socket);

  // The registry of live connections, shared with the connections themselves.
  class Connections {
   public:
    void add(const void* owner, const Poco::Net::StreamSocket& socket);
    void remove(const void* owner);
    void resetAll();
    void setRefusing(bool refusing);
    void drop(Poco::Net::StreamSocket& socket);

   private:
    static void reset(Poco::Net::StreamSocket& socket);
    std::mutex mutex_;
    std::map<const void*, Poco::Net::StreamSocket> sockets_;
    bool refusing_ = false;
  };

 private:
  Poco::Net::Context::Ptr context_;
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  Poco::ThreadPool& pool_;
  std::shared_ptr<Connections> connections_ = std::make_shared<Connections>();
  mutable std::mutex mutex_;  // guards socket_ and server_
  std::unique_ptr<Poco::Net::SecureServerSocket> socket_;
  std::unique_ptr<Poco::Net::TCPServer> server_;
};

}  // namespace perfscale::sim
