// Throw-away PKI for perfscale-sim: a CA made (or loaded) at start-up that issues the serving
// certificate and the client certificates that authenticate simulated users.
#pragma once

#include <memory>
#include <string>
#include <vector>

// OpenSSL's own type names, forward-declared so that includers do not pull in OpenSSL headers.
struct x509_st;
struct evp_pkey_st;

namespace perfscale::sim {

inline constexpr int kDefaultValidityDays = 365;

struct PemPair {
  std::string certificatePem;
  std::string privateKeyPem;  // unencrypted PKCS#8 ("BEGIN PRIVATE KEY")
};

// Certificates are valid from one hour ago (tolerates clock skew between processes) for
// validityDays, with EC P-256 keys, SHA-256 signatures and random 128-bit serials. Issued
// certificates never outlive the CA. Failures throw std::runtime_error carrying OpenSSL's error
// queue. Const members may be called from several threads at once.
class CertificateAuthority {
 public:
  static CertificateAuthority generate(const std::string& commonName = "perfscale-sim-ca",
                                       int validityDays = kDefaultValidityDays);
  // For user-supplied CA files; the key must be unencrypted (PKCS#8 or traditional PEM) and match
  // the certificate, which must be a CA certificate.
  static CertificateAuthority load(const std::string& certPemFile, const std::string& keyPemFile);

  CertificateAuthority(CertificateAuthority&&) noexcept;
  CertificateAuthority& operator=(CertificateAuthority&&) noexcept;
  ~CertificateAuthority();

  const std::string& certificatePem() const { return certificatePem_; }
  std::string privateKeyPem() const;  // PKCS#8, to persist a generated CA across restarts

  // At least one name is required; IP addresses may be IPv4 or IPv6. The subject CN is the first
  // DNS name (or IP address), though TLS clients only look at the subjectAltNames.
  PemPair issueServer(const std::vector<std::string>& dnsNames,
                      const std::vector<std::string>& ipAddresses,
                      int validityDays = kDefaultValidityDays) const;
  // Kubernetes x509 authentication takes the user name from CN and the groups from the O entries.
  PemPair issueClient(const std::string& commonName, const std::vector<std::string>& groups,
                      int validityDays = kDefaultValidityDays) const;

  struct X509Deleter {
    void operator()(x509_st* p) const;
  };
  struct KeyDeleter {
    void operator()(evp_pkey_st* p) const;
  };

 private:
  CertificateAuthority(std::unique_ptr<x509_st, X509Deleter> cert,
                       std::unique_ptr<evp_pkey_st, KeyDeleter> key);

  std::unique_ptr<x509_st, X509Deleter> cert_;
  std::unique_ptr<evp_pkey_st, KeyDeleter> key_;
  std::string certificatePem_;
};

// Creates or truncates path with mode 0600, also when it already existed with a wider mode, and
// writes content to it; for private keys. Throws std::runtime_error naming the path on failure.
void writePrivateFile(const std::string& path, const std::string& content);

}  // namespace perfscale::sim
