// The client TLS context of a cluster: which CAs to trust (a PEM bundle, else the system's),
// whether to verify at all, and the client certificate, all from memory.
#pragma once

#include <Poco/Net/Context.h>

#include <stdexcept>
#include <string>
#include <string_view>

#include "core/kube/cluster_config.h"

namespace perfscale::kube {

// TLS settings that cannot work: no certificate in a CA bundle, a key that does not match.
class TlsConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ClientCertificate {
  std::string certificatePem;  // the leaf first, then any intermediates
  std::string keyPem;          // RSA, EC or PKCS#8, unencrypted
};

// The number of certificates in a PEM bundle; TlsConfigError naming `what` when a block is
// malformed. Poco's X509Certificate(istream) reads only the first, which is why this exists.
size_t countPemCertificates(std::string_view pem, const std::string& what);

// A client context for `tls`: TLS 1.2 or later; every certificate of tls.caPem trusted (the
// system's when empty); chain verification recorded (tls_verify.h) unless insecureSkipVerify;
// Poco's own hostname check off (HttpsSession checks the name). `client` replaces
// tls.clientCertificatePem/KeyPem when it has a certificate (an exec plugin's).
Poco::Net::Context::Ptr makeClientContext(const TlsConfig& tls,
                                          const ClientCertificate& client = {});

}  // namespace perfscale::kube
