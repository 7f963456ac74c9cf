// Who a request says it is: a bearer token (static, from a file, or from an exec plugin), basic
// credentials, or a client certificate from an exec plugin. client-go's transport wrappers,
// behind one interface. Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "core/kube/cluster_config.h"
#include "core/kube/tls_context.h"

namespace perfscale::kube {

struct Credential {
  std::string authorization;  // the Authorization header's value; empty for none
  // A client certificate to use instead of the TLS config's (from an exec plugin); null if none.
  std::shared_ptr<const ClientCertificate> clientCertificate;
  uint64_t generation = 0;  // changes whenever the credential does
};

// Credentials that cannot be had: an unreadable token file, a failing exec plugin. The message
// names the file or command and what to do; it never contains a secret.
class CredentialError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The credential for the next request; may read a file or run a plugin. Throws CredentialError.
  virtual Credential current() = 0;
  // The server answered 401 to a request that carried `rejected`. Refreshes when it can; true
  // when a retry with current() may succeed (the credential changed, possibly by another thread).
  virtual bool refreshAfterUnauthorized(const Credential& rejected) = 0;
};

// No Authorization header (client certificates in the TLS config, or anonymous).
class NoAuthenticator final : public Authenticator {
 public:
  Credential current() override { return {}; }
  bool refreshAfterUnauthorized(const Credential&) override { return false; }
};

class StaticAuthenticator final : public Authenticator {
 public:
  static std::unique_ptr<StaticAuthenticator> bearer(const std::string& token);
  static std::unique_ptr<StaticAuthenticator> basic(const std::string& username,
                                                    const std::string& password);
  Credential current() override { return credential_; }
  bool refreshAfterUnauthorized(const Credential&) override { return false; }

 private:
  explicit StaticAuthenticator(std::string authorization);
  Credential credential_;
};

// As client-go chooses: token, else tokenFile, else username/password, else the exec plugin.
// `cluster` supplies spec.cluster for plugins that set provideClusterInfo.
std::unique_ptr<Authenticator> makeAuthenticator(const ClusterConfig& cluster);

}  // namespace perfscale::kube
