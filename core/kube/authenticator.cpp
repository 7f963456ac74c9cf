// See authenticator.h.
#include "core/kube/authenticator.h"

#include <Poco/Base64Encoder.h>

#include <sstream>

#include "core/kube/exec_authenticator.h"
#include "core/kube/token_file.h"

namespace perfscale::kube {

StaticAuthenticator::StaticAuthenticator(std::string authorization) {
  credential_.authorization = std::move(authorization);
  credential_.generation = 1;
}

std::unique_ptr<StaticAuthenticator> StaticAuthenticator::bearer(const std::string& token) {
  return std::unique_ptr<StaticAuthenticator>(new StaticAuthenticator("Bearer " + token));
}

std::unique_ptr<StaticAuthenticator> StaticAuthenticator::basic(const std::string& username,
                                                                const std::string& password) {
  std::ostringstream encoded;
  Poco::Base64Encoder encoder(encoded);
  encoder.rdbuf()->setLineLength(0);
  encoder << username << ':' << password;
  encoder.close();
  return std::unique_ptr<StaticAuthenticator>(new StaticAuthenticator("Basic " + encoded.str()));
}

std::unique_ptr<Authenticator> makeAuthenticator(const ClusterConfig& cluster) {
  const Credentials& credentials = cluster.credentials;
  if (!credentials.token.empty()) return StaticAuthenticator::bearer(credentials.token);
  if (!credentials.tokenFile.empty())
    return std::make_unique<TokenFileAuthenticator>(credentials.tokenFile);
  if (!credentials.username.empty() || !credentials.password.empty())
    return StaticAuthenticator::basic(credentials.username, credentials.password);
  if (credentials.exec) return std::make_unique<ExecAuthenticator>(*credentials.exec, cluster);
  return std::make_unique<NoAuthenticator>();
}

}  // namespace perfscale::kube
