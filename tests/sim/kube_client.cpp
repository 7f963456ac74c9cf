// The HTTPS client of `perfscale-sim controller` (see kube_client.h).
#include "tests/sim/kube_client.h"

#include <Poco/Crypto/EVPPKey.h>
#include <Poco/Crypto/X509Certificate.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>
#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <memory>

namespace perfscale::sim {

namespace {

Poco::Timespan timespan(std::chrono::seconds duration) {
  return Poco::Timespan(static_cast<long>(duration.count()), 0);
}

std::string opensslError() {
  std::string text;
  while (const unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!text.empty()) text += "; ";
    text += buffer;
  }
  return text.empty() ? "unknown OpenSSL error" : text;
}

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Deleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

std::unique_ptr<BIO, BioDeleter> memoryBio(const std::string& pem) {
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) throw std::runtime_error("BIO_new_mem_buf: " + opensslError());
  return bio;
}

std::vector<std::unique_ptr<X509, X509Deleter>> readCertificates(const std::string& pem,
                                                                 const std::string& what) {
  auto bio = memoryBio(pem);
  std::vector<std::unique_ptr<X509, X509Deleter>> out;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
    out.emplace_back(cert);
  ERR_clear_error();  // the end of the input reads as an error
  if (out.empty()) throw std::runtime_error(what + ": no PEM certificate in it");
  return out;
}

bool isIpAddress(const std::string& host) {
  in6_addr scratch{};
  return inet_pton(AF_INET, host.c_str(), &scratch) == 1 ||
         inet_pton(AF_INET6, host.c_str(), &scratch) == 1;
}

}  // namespace

LineStream::LineStream(std::unique_ptr<Poco::Net::HTTPSClientSession> session, std::istream& body)
    : session_(std::move(session)), body_(body) {
  try {
    fd_ = session_->socket().impl()->sockfd();
  } catch (const Poco::Exception&) {
    fd_ = -1;
  }
}

LineStream::~LineStream() = default;

std::optional<std::string> LineStream::readLine() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (aborted_) return std::nullopt;
  }
  std::string line;
  try {
    if (!std::getline(body_, line)) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return line;
}

void LineStream::abort() {
  std::lock_guard<std::mutex> lock(mutex_);
  aborted_ = true;
  // Wakes a reader blocked in recv(); the descriptor stays open until the reader lets go.
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

KubeClient::KubeClient(const RemoteCluster& cluster, size_t maxIdleSessions,
                       std::chrono::seconds requestTimeout)
    : cluster_(cluster), maxIdle_(maxIdleSessions), requestTimeout_(requestTimeout) {
  Poco::Net::Context::Params params;
  params.verificationMode = cluster_.insecureSkipTlsVerify ? Poco::Net::Context::VERIFY_NONE
                                                           : Poco::Net::Context::VERIFY_RELAXED;
  params.loadDefaultCAs = !cluster_.insecureSkipTlsVerify && cluster_.caPem.empty();
  params.verificationDepth = 9;
  context_ = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
  context_->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  // Poco's own host check does not match IP subjectAltNames; OpenSSL's does (below).
  context_->enableExtendedCertificateVerification(false);
  SSL_CTX* ssl = context_->sslContext();
  if (!cluster_.insecureSkipTlsVerify) {
    if (!cluster_.caPem.empty()) {
      X509_STORE* store = SSL_CTX_get_cert_store(ssl);
      for (const auto& cert : readCertificates(cluster_.caPem, "certificate-authority")) {
        if (!X509_STORE_add_cert(store, cert.get())) {
          const unsigned long code = ERR_peek_last_error();
          if (ERR_GET_REASON(code) != X509_R_CERT_ALREADY_IN_HASH_TABLE)
            throw std::runtime_error("certificate-authority: " + opensslError());
          ERR_clear_error();
        }
      }
    }
    X509_VERIFY_PARAM* verify = SSL_CTX_get0_param(ssl);
    const int ok = isIpAddress(cluster_.host)
                       ? X509_VERIFY_PARAM_set1_ip_asc(verify, cluster_.host.c_str())
                       : X509_VERIFY_PARAM_set1_host(verify, cluster_.host.c_str(), 0);
    if (ok != 1) throw std::runtime_error("cannot verify host " + cluster_.host);
  }
  if (!cluster_.clientCertificatePem.empty()) {
    auto chain = readCertificates(cluster_.clientCertificatePem, "client-certificate");
    context_->useCertificate(Poco::Crypto::X509Certificate(chain.front().get(), true));
    for (size_t i = 1; i < chain.size(); ++i)
      context_->addChainCertificate(Poco::Crypto::X509Certificate(chain[i].get(), true));
    auto bio = memoryBio(cluster_.clientKeyPem);
    std::unique_ptr<EVP_PKEY, KeyDeleter> key(
        PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key) throw std::runtime_error("client-key: " + opensslError());
    if (X509_check_private_key(chain.front().get(), key.get()) != 1) {
      ERR_clear_error();
      throw std::runtime_error("client-key: the key does not belong to the client certificate");
    }
    context_->usePrivateKey(Poco::Crypto::EVPPKey(key.get()));
  }
}

KubeClient::~KubeClient() = default;

std::unique_ptr<Poco::Net::HTTPSClientSession> KubeClient::newSession(
    std::chrono::seconds readTimeout) {
  auto session =
      std::make_unique<Poco::Net::HTTPSClientSession>(cluster_.host, cluster_.port, context_);
  session->setKeepAlive(true);
  session->setTimeout(timespan(std::chrono::seconds(10)), timespan(readTimeout),
                      timespan(readTimeout));
  session->setProxyConfig(Poco::Net::HTTPClientSession::ProxyConfig());
  std::lock_guard<std::mutex> lock(mutex_);
  ++opened_;
  return session;
}

std::unique_ptr<Poco::Net::HTTPSClientSession> KubeClient::acquire(bool& reused) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      auto session = std::move(idle_.back());
      idle_.pop_back();
      reused = true;
      return session;
    }
  }
  reused = false;
  return newSession(requestTimeout_);
}

void KubeClient::release(std::unique_ptr<Poco::Net::HTTPSClientSession> session) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (idle_.size() < maxIdle_) idle_.push_back(std::move(session));
}

std::string KubeClient::hostPort() const {
  const bool v6 = cluster_.host.find(':') != std::string::npos;
  return (v6 ? "[" + cluster_.host + "]" : cluster_.host) + ":" + std::to_string(cluster_.port);
}

size_t KubeClient::connectionsOpened() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return opened_;
}

void KubeClient::prepare(Poco::Net::HTTPRequest& request) const {
  request.set("Accept", "application/json");
  request.set("User-Agent", "perfscale-sim-controller");
  if (!cluster_.token.empty()) request.set("Authorization", "Bearer " + cluster_.token);
}

HttpResult KubeClient::request(const std::string& method, const std::string& path,
                               const std::string& body) {
  for (int attempt = 0;; ++attempt) {
    bool reused = false;
    auto session = acquire(reused);
    try {
      Poco::Net::HTTPRequest request(method, cluster_.pathPrefix + path,
                                     Poco::Net::HTTPMessage::HTTP_1_1);
      prepare(request);
      if (!body.empty() || method == "PUT" || method == "POST") {
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
      }
      std::ostream& out = session->sendRequest(request);
      out << body;
      Poco::Net::HTTPResponse response;
      std::istream& in = session->receiveResponse(response);
      HttpResult result;
      result.status = static_cast<int>(response.getStatus());
      Poco::StreamCopier::copyToString(in, result.body);
      if (response.getKeepAlive()) release(std::move(session));
      if (observer_) observer_(result.status, method, path);
      return result;
    } catch (const Poco::Exception& e) {
      // A pooled connection the server closed meanwhile: once more on a new one.
      if (reused && attempt == 0) continue;
      if (observer_) observer_(0, method, path);
      throw TransportError(method + " " + cluster_.server + path + ": " + e.displayText());
    }
  }
}

KubeClient::Streamed KubeClient::stream(const std::string& path, std::chrono::seconds readTimeout) {
  auto session = newSession(readTimeout);
  try {
    Poco::Net::HTTPRequest request("GET", cluster_.pathPrefix + path,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    prepare(request);
    session->sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    if (observer_) observer_(static_cast<int>(response.getStatus()), "GET", path);
    Streamed out;
    if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
      out.failure.status = static_cast<int>(response.getStatus());
      Poco::StreamCopier::copyToString(in, out.failure.body);
      return out;
    }
    out.stream = std::make_unique<LineStream>(std::move(session), in);
    return out;
  } catch (const Poco::Exception& e) {
    if (observer_) observer_(0, "GET", path);
    throw TransportError("GET " + cluster_.server + path + ": " + e.displayText());
  }
}

}  // namespace perfscale::sim
