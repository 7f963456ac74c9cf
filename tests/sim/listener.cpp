// The API server's listener and its connection registry (see listener.h).
#include "tests/sim/listener.h"

#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <sys/socket.h>

namespace perfscale::sim {

namespace {

// Poco's HTTP connection, registered for as long as it lives.
class TrackedConnection : public Poco::Net::HTTPServerConnection {
 public:
  TrackedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                    std::shared_ptr<Listener::Connections> connections)
      : HTTPServerConnection(socket, params, handlers), connections_(std::move(connections)) {
    connections_->add(this, this->socket());
  }
  ~TrackedConnection() override { connections_->remove(this); }

 private:
  std::shared_ptr<Listener::Connections> connections_;
};

class TrackedConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  TrackedConnectionFactory(Poco::Net::HTTPServerParams::Ptr params,
                           Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                           std::shared_ptr<Listener::Connections> connections)
      : params_(std::move(params)),
        handlers_(std::move(handlers)),
        connections_(std::move(connections)) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new TrackedConnection(socket, params_, handlers_, connections_);
  }

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  std::shared_ptr<Listener::Connections> connections_;
};

}  // namespace

void Listener::Connections::reset(Poco::Net::StreamSocket& socket) {
  // The descriptor stays valid: it is closed only by drop() (under the registry's mutex) or
  // when the last copy of the socket goes, and the registry holds one.
  const auto fd = socket.impl()->sockfd();
  if (fd == POCO_INVALID_SOCKET) return;
  struct linger immediate {};
  immediate.l_onoff = 1;
  immediate.l_linger = 0;
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &immediate, sizeof immediate);
  // Wakes the connection's thread wherever it blocks on the socket; its close then resets.
  ::shutdown(fd, SHUT_RDWR);
}

void Listener::Connections::add(const void* owner, const Poco::Net::StreamSocket& socket) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& stored = sockets_.emplace(owner, socket).first->second;
  if (refusing_) reset(stored);
}

void Listener::Connections::remove(const void* owner) {
  std::lock_guard<std::mutex> lock(mutex_);
  sockets_.erase(owner);
}

void Listener::Connections::resetAll() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [owner, socket] : sockets_)
    reset(socket);
}

void Listener::Connections::setRefusing(bool refusing) {
  std::lock_guard<std::mutex> lock(mutex_);
  refusing_ = refusing;
}

void Listener::Connections::drop(Poco::Net::StreamSocket& socket) {
  std::lock_guard<std::mutex> lock(mutex_);
  try {
    socket.setLinger(true, 0);  // a reset, not an orderly close
    socket.close();
  } catch (const Poco::Exception&) {
  }
}

Listener::Listener(Poco::Net::Context::Ptr context, Poco::Net::HTTPServerParams::Ptr params,
                   Poco::Net::HTTPRequestHandlerFactory::Ptr handlers, Poco::ThreadPool& pool)
    : context_(std::move(context)),
      params_(std::move(params)),
      handlers_(std::move(handlers)),
      pool_(pool) {}

Listener::~Listener() {
  close();
}

Poco::Net::SocketAddress Listener::open(const Poco::Net::SocketAddress& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (server_) return socket_->address();
  auto socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 256, context_);
  connections_->setRefusing(false);
  server_ = std::make_unique<Poco::Net::TCPServer>(
      new TrackedConnectionFactory(params_, handlers_, connections_), pool_, *socket, params_);
  socket_ = std::move(socket);
  server_->start();
  return socket_->address();
}

void Listener::close() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!server_) return;
  connections_->setRefusing(true);
  server_->stop();  // joins the accepting thread and drops queued connections
  try {
    socket_->close();
  } catch (const Poco::Exception&) {
  }
  server_.reset();
  socket_.reset();
}

bool Listener::isOpen() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return server_ != nullptr;
}

void Listener::resetConnections() {
  connections_->resetAll();
}

void Listener::drop(Poco::Net::StreamSocket& socket) {
  connections_->drop(socket);
}

}  // namespace perfscale::sim
