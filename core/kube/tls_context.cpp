// See tls_context.h.
#include "core/kube/tls_context.h"

#include <Poco/Crypto/EVPPKey.h>
#include <Poco/Crypto/X509Certificate.h>
#include <Poco/Net/NetSSL.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <csignal>
#include <memory>
#include <mutex>
#include <vector>

#include "core/kube/tls_verify.h"

namespace perfscale::kube {

namespace {

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Deleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyDeleter>;

std::string opensslError() {
  std::string text;
  while (const unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    text += (text.empty() ? "" : "; ") + std::string(buffer);
  }
  return text.empty() ? "no detail from OpenSSL" : text;
}

BioPtr memoryBio(std::string_view text) {
  BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  if (!bio) throw TlsConfigError("allocating an OpenSSL memory buffer: " + opensslError());
  return bio;
}

// Every certificate of a PEM bundle, in order; text between blocks is ignored, as Go does.
std::vector<X509Ptr> readCertificates(std::string_view pem, const std::string& what) {
  std::vector<X509Ptr> certificates;
  const size_t blocks = [&] {
    size_t count = 0;
    for (size_t at = pem.find("-----BEGIN CERTIFICATE-----"); at != std::string_view::npos;
         at = pem.find("-----BEGIN CERTIFICATE-----", at + 1))
      ++count;
    return count;
  }();
  auto bio = memoryBio(pem);
  ERR_clear_error();
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
    certificates.emplace_back(cert);
  ERR_clear_error();  // the loop ends on "no start line"
  if (certificates.empty())
    throw TlsConfigError(what +
                         ": no PEM certificate found (expected \"-----BEGIN CERTIFICATE-----\")");
  if (certificates.size() != blocks)
    throw TlsConfigError(what + ": " + std::to_string(blocks) +
                         " PEM certificate blocks, but only " +
                         std::to_string(certificates.size()) + " could be read; one is malformed");
  return certificates;
}

KeyPtr readPrivateKey(std::string_view pem, const std::string& what) {
  auto bio = memoryBio(pem);
  ERR_clear_error();
  // Skips other blocks such as "EC PARAMETERS"; never prompts for a passphrase.
  KeyPtr key(PEM_read_bio_PrivateKey(
      bio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr));
  if (!key)
    throw TlsConfigError(
        what + ": no unencrypted PEM private key found (RSA, EC or PKCS#8): " + opensslError());
  return key;
}

void initializeOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Net::initializeSSL();
    // OpenSSL writes with write(2), not send(MSG_NOSIGNAL): a TLS record (even close_notify)
    // sent to a peer that reset the connection raises SIGPIPE, which would kill the process
    // mid-run. Unless the program chose its own handling, ignore it, as curl does.
    struct sigaction current {};
    if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL)
      std::signal(SIGPIPE, SIG_IGN);
  });
}

}  // namespace

size_t countPemCertificates(std::string_view pem, const std::string& what) {
  return readCertificates(pem, what).size();
}

Poco::Net::Context::Ptr makeClientContext(const TlsConfig& tls, const ClientCertificate& client) {
  initializeOnce();
  if (tls.insecureSkipVerify && !tls.caPem.empty())
    throw TlsConfigError(
        "insecure-skip-tls-verify and a certificate authority are both set; choose one");
  Poco::Net::Context::Params params;
  params.verificationMode =
      tls.insecureSkipVerify ? Poco::Net::Context::VERIFY_NONE : Poco::Net::Context::VERIFY_RELAXED;
  params.loadDefaultCAs = !tls.insecureSkipVerify && tls.caPem.empty();
  params.verificationDepth = 9;
  Poco::Net::Context::Ptr context =
      new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  context->enableExtendedCertificateVerification(false);
  SSL_CTX* ssl = context->sslContext();
  // An idle keep-alive connection gives its ~34 KB of record buffers back: a run at a high
  // rate keeps a few hundred of them open.
  SSL_CTX_set_mode(ssl, SSL_MODE_RELEASE_BUFFERS);
  // Read ahead: one read(2) takes in as many records as have arrived, where OpenSSL would
  // otherwise make two per record (its 5-byte header, then the rest). A watch event is a record
  // of its own, so this halves the reads of a run.
  SSL_CTX_set_read_ahead(ssl, 1);

  if (!tls.insecureSkipVerify) {
    recordVerifyFailures(ssl);
    if (!tls.caPem.empty()) {
      X509_STORE* store = SSL_CTX_get_cert_store(ssl);
      for (const auto& cert : readCertificates(tls.caPem, "certificate-authority")) {
        if (!X509_STORE_add_cert(store, cert.get())) {
          // A bundle that lists a CA twice is fine.
          const unsigned long code = ERR_peek_last_error();
          if (ERR_GET_REASON(code) != X509_R_CERT_ALREADY_IN_HASH_TABLE)
            throw TlsConfigError("certificate-authority: adding a certificate: " + opensslError());
          ERR_clear_error();
        }
      }
    }
  }

  const bool fromPlugin = !client.certificatePem.empty();
  const std::string& certificatePem = fromPlugin ? client.certificatePem : tls.clientCertificatePem;
  const std::string& keyPem = fromPlugin ? client.keyPem : tls.clientKeyPem;
  const std::string origin =
      fromPlugin ? "exec plugin clientCertificateData" : "client-certificate";
  if (!certificatePem.empty() || !keyPem.empty()) {
    if (certificatePem.empty() || keyPem.empty())
      throw TlsConfigError(origin +
                           ": a client certificate needs both the certificate and its key");
    auto chain = readCertificates(certificatePem, origin);
    context->useCertificate(Poco::Crypto::X509Certificate(chain.front().get(), true));
    for (size_t i = 1; i < chain.size(); ++i)
      context->addChainCertificate(Poco::Crypto::X509Certificate(chain[i].get(), true));
    auto key = readPrivateKey(keyPem, fromPlugin ? "exec plugin clientKeyData" : "client-key");
    if (X509_check_private_key(chain.front().get(), key.get()) != 1) {
      ERR_clear_error();
      throw TlsConfigError(origin + ": the client key does not belong to the client certificate");
    }
    context->usePrivateKey(Poco::Crypto::EVPPKey(key.get()));
  }
  return context;
}

}  // namespace perfscale::kube
