// Certificate generation for perfscale-sim's throw-away PKI, on the OpenSSL 3 C API.
#include "tls.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <stdexcept>
#include <system_error>
#include <utility>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace perfscale::sim {

void CertificateAuthority::X509Deleter::operator()(x509_st* p) const {
  X509_free(p);
}
void CertificateAuthority::KeyDeleter::operator()(evp_pkey_st* p) const {
  EVP_PKEY_free(p);
}

namespace {

template <auto freeFunction>
struct Free {
  template <typename T>
  void operator()(T* p) const {
    freeFunction(p);
  }
};

using X509Ptr = std::unique_ptr<X509, CertificateAuthority::X509Deleter>;
using KeyPtr = std::unique_ptr<EVP_PKEY, CertificateAuthority::KeyDeleter>;
using BioPtr = std::unique_ptr<BIO, Free<BIO_free_all>>;
using NamePtr = std::unique_ptr<X509_NAME, Free<X509_NAME_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, Free<X509_EXTENSION_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, Free<BN_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Free<GENERAL_NAMES_free>>;
using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, Free<GENERAL_NAME_free>>;
using OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, Free<ASN1_OCTET_STRING_free>>;
using Ia5StringPtr = std::unique_ptr<ASN1_IA5STRING, Free<ASN1_IA5STRING_free>>;

// Drains the whole queue so that stale entries cannot be blamed on a later, unrelated failure.
[[noreturn]] void throwOpenSsl(const std::string& what) {
  std::string message = what;
  const char* separator = ": ";
  bool any = false;
  while (unsigned long code = ERR_get_error()) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    message += separator;
    message += text;
    separator = "; ";
    any = true;
  }
  if (!any) message += ": no detail in the OpenSSL error queue";
  throw std::runtime_error(message);
}

void check(int result, const std::string& what) {
  if (result <= 0) throwOpenSsl(what);
}

template <typename T>
T* checkNotNull(T* p, const std::string& what) {
  if (p == nullptr) throwOpenSsl(what);
  return p;
}

void checkValidityDays(int validityDays) {
  // The upper bound keeps notAfter within what X.509 GeneralizedTime and time_t can express.
  if (validityDays < 1 || validityDays > 100 * 366) {
    throw std::runtime_error("certificate validity must be 1 to 36600 days, not " +
                             std::to_string(validityDays));
  }
}

KeyPtr generateKey() {
  return KeyPtr(checkNotNull(EVP_EC_gen("P-256"), "generating an EC P-256 key"));
}

std::string toString(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string certificateToPem(X509* cert) {
  BioPtr bio(checkNotNull(BIO_new(BIO_s_mem()), "allocating a memory BIO"));
  check(PEM_write_bio_X509(bio.get(), cert), "encoding a certificate as PEM");
  return toString(bio.get());
}

std::string keyToPem(EVP_PKEY* key) {
  BioPtr bio(checkNotNull(BIO_new(BIO_s_mem()), "allocating a memory BIO"));
  check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
        "encoding a private key as PKCS#8 PEM");
  return toString(bio.get());
}

// Deliberately bypasses OpenSSL's X.520 upper bounds (64 characters for CN and O), which Go's
// x509, and so Kubernetes, do not enforce: user names such as
// "system:serviceaccount:<namespace>:<name>" are routinely longer.
void addNameEntry(X509_NAME* name, int nid, const std::string& value) {
  const std::string what =
      std::string("adding ") + OBJ_nid2sn(nid) + "=\"" + value + "\" to a name";
  if (value.size() > INT_MAX) throw std::runtime_error(what + ": value too long");
  const auto* bytes = reinterpret_cast<const unsigned char*>(value.data());
  const int size = static_cast<int>(value.size());
  // Checks only: without an output string it validates UTF-8 and non-emptiness, nothing more.
  check(ASN1_mbstring_ncopy(nullptr, bytes, size, MBSTRING_UTF8, B_ASN1_UTF8STRING, 1, 0) >= 0,
        what);
  check(X509_NAME_add_entry_by_NID(name, nid, V_ASN1_UTF8STRING, bytes, size, -1, 0), what);
}

X509Ptr newCertificate(const X509_NAME* subject, EVP_PKEY* subjectKey, const X509* issuer,
                       int validityDays) {
  checkValidityDays(validityDays);
  X509Ptr cert(checkNotNull(X509_new(), "allocating a certificate"));
  check(X509_set_version(cert.get(), X509_VERSION_3), "setting the certificate version");

  BignumPtr serial(checkNotNull(BN_new(), "allocating a serial number"));
  do {
    check(BN_rand(serial.get(), 128, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY),
          "generating a random serial number");
  } while (BN_is_zero(serial.get()));  // RFC 5280 requires a positive serial
  checkNotNull(BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())),
               "setting the serial number");

  check(X509_set_subject_name(cert.get(), subject), "setting the subject name");
  check(X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : subject),
        "setting the issuer name");

  checkNotNull(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60 * 60), "setting notBefore");
  checkNotNull(X509_time_adj_ex(X509_getm_notAfter(cert.get()), validityDays, 0, nullptr),
               "setting notAfter");
  // A certificate outliving its issuer would only fail verification later, and confusingly.
  if (issuer && ASN1_TIME_compare(X509_get0_notAfter(cert.get()), X509_get0_notAfter(issuer)) > 0) {
    check(X509_set1_notAfter(cert.get(), X509_get0_notAfter(issuer)), "clamping notAfter");
  }

  check(X509_set_pubkey(cert.get(), subjectKey), "setting the public key");
  return cert;
}

void addExtension(X509* cert, X509V3_CTX* context, int nid, const char* value) {
  const std::string what = std::string("adding extension ") + OBJ_nid2sn(nid) + "=" + value;
  ExtensionPtr extension(checkNotNull(X509V3_EXT_nconf_nid(nullptr, context, nid, value), what));
  check(X509_add_ext(cert, extension.get(), -1), what);
}

void addSubjectAltNames(X509* cert, const std::vector<std::string>& dnsNames,
                        const std::vector<std::string>& ipAddresses) {
  GeneralNamesPtr names(checkNotNull(sk_GENERAL_NAME_new_null(), "allocating subjectAltName"));
  auto push = [&](GeneralNamePtr name, const std::string& what) {
    check(sk_GENERAL_NAME_push(names.get(), name.get()), what);
    name.release();  // now owned by the stack
  };
  for (const std::string& dns : dnsNames) {
    const std::string what = "adding subjectAltName DNS:" + dns;
    // IA5String is ASCII; internationalised names must arrive already punycode-encoded.
    bool ascii = !dns.empty() && dns.size() <= 253;
    for (char c : dns)
      ascii = ascii && c > ' ' && c < 0x7f;
    if (!ascii) throw std::runtime_error(what + ": not a valid ASCII DNS name");
    Ia5StringPtr value(checkNotNull(ASN1_IA5STRING_new(), what));
    check(ASN1_STRING_set(value.get(), dns.data(), static_cast<int>(dns.size())), what);
    GeneralNamePtr name(checkNotNull(GENERAL_NAME_new(), what));
    GENERAL_NAME_set0_value(name.get(), GEN_DNS, value.release());
    push(std::move(name), what);
  }
  for (const std::string& ip : ipAddresses) {
    const std::string what = "adding subjectAltName IP:" + ip;
    OctetStringPtr value(a2i_IPADDRESS(ip.c_str()));
    if (!value) {
      ERR_clear_error();
      throw std::runtime_error(what + ": not an IPv4 or IPv6 address");
    }
    GeneralNamePtr name(checkNotNull(GENERAL_NAME_new(), what));
    GENERAL_NAME_set0_value(name.get(), GEN_IPADD, value.release());
    push(std::move(name), what);
  }
  check(X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT),
        "adding subjectAltName");
}

void sign(X509* cert, EVP_PKEY* issuerKey) {
  // EdDSA keys hash internally and reject an explicit digest; a loaded CA may use one.
  const bool eddsa = EVP_PKEY_is_a(issuerKey, "ED25519") || EVP_PKEY_is_a(issuerKey, "ED448");
  check(X509_sign(cert, issuerKey, eddsa ? nullptr : EVP_sha256()), "signing a certificate");
}

// PEM_read_bio_PrivateKey would otherwise prompt on the terminal for an encrypted key's password.
int refusePassword(char*, int, int, void*) {
  return -1;
}

}  // namespace

CertificateAuthority::CertificateAuthority(X509Ptr cert, KeyPtr key)
    : cert_(std::move(cert)),
      key_(std::move(key)),
      certificatePem_(certificateToPem(cert_.get())) {}

CertificateAuthority::CertificateAuthority(CertificateAuthority&&) noexcept = default;
CertificateAuthority& CertificateAuthority::operator=(CertificateAuthority&&) noexcept = default;
CertificateAuthority::~CertificateAuthority() = default;

CertificateAuthority CertificateAuthority::generate(const std::string& commonName,
                                                    int validityDays) {
  KeyPtr key = generateKey();
  NamePtr subject(checkNotNull(X509_NAME_new(), "allocating a name"));
  addNameEntry(subject.get(), NID_commonName, commonName);
  X509Ptr cert = newCertificate(subject.get(), key.get(), nullptr, validityDays);

  X509V3_CTX context{};
  X509V3_set_ctx(&context, cert.get(), cert.get(), nullptr, nullptr, 0);
  addExtension(cert.get(), &context, NID_basic_constraints, "critical,CA:TRUE");
  addExtension(cert.get(), &context, NID_key_usage, "critical,keyCertSign,cRLSign");
  addExtension(cert.get(), &context, NID_subject_key_identifier, "hash");
  sign(cert.get(), key.get());
  return CertificateAuthority(std::move(cert), std::move(key));
}

CertificateAuthority CertificateAuthority::load(const std::string& certPemFile,
                                                const std::string& keyPemFile) {
  BioPtr certBio(checkNotNull(BIO_new_file(certPemFile.c_str(), "r"), "opening " + certPemFile));
  X509Ptr cert(checkNotNull(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr),
                            "reading a PEM certificate from " + certPemFile));
  BioPtr keyBio(checkNotNull(BIO_new_file(keyPemFile.c_str(), "r"), "opening " + keyPemFile));
  KeyPtr key(checkNotNull(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, refusePassword, nullptr),
                          "reading an unencrypted PEM private key from " + keyPemFile));
  if (X509_check_ca(cert.get()) == 0) {
    throw std::runtime_error(certPemFile + " is not a CA certificate");
  }
  check(X509_check_private_key(cert.get(), key.get()),
        "checking that " + keyPemFile + " is the key of " + certPemFile);
  return CertificateAuthority(std::move(cert), std::move(key));
}

std::string CertificateAuthority::privateKeyPem() const {
  return keyToPem(key_.get());
}

PemPair CertificateAuthority::issueServer(const std::vector<std::string>& dnsNames,
                                          const std::vector<std::string>& ipAddresses,
                                          int validityDays) const {
  if (dnsNames.empty() && ipAddresses.empty()) {
    throw std::runtime_error("a serving certificate needs at least one DNS name or IP address");
  }
  KeyPtr key = generateKey();
  NamePtr subject(checkNotNull(X509_NAME_new(), "allocating a name"));
  addNameEntry(subject.get(), NID_commonName,
               dnsNames.empty() ? ipAddresses.front() : dnsNames.front());
  X509Ptr cert = newCertificate(subject.get(), key.get(), cert_.get(), validityDays);

  X509V3_CTX context{};
  X509V3_set_ctx(&context, cert_.get(), cert.get(), nullptr, nullptr, 0);
  addExtension(cert.get(), &context, NID_basic_constraints, "critical,CA:FALSE");
  addExtension(cert.get(), &context, NID_key_usage, "critical,digitalSignature,keyEncipherment");
  addExtension(cert.get(), &context, NID_ext_key_usage, "serverAuth");
  addExtension(cert.get(), &context, NID_subject_key_identifier, "hash");
  // "issuer" is only a fallback for a loaded CA certificate without a subjectKeyIdentifier.
  addExtension(cert.get(), &context, NID_authority_key_identifier, "keyid,issuer");
  addSubjectAltNames(cert.get(), dnsNames, ipAddresses);
  sign(cert.get(), key_.get());
  return {certificateToPem(cert.get()), keyToPem(key.get())};
}

PemPair CertificateAuthority::issueClient(const std::string& commonName,
                                          const std::vector<std::string>& groups,
                                          int validityDays) const {
  KeyPtr key = generateKey();
  NamePtr subject(checkNotNull(X509_NAME_new(), "allocating a name"));
  for (const std::string& group : groups)
    addNameEntry(subject.get(), NID_organizationName, group);
  addNameEntry(subject.get(), NID_commonName, commonName);
  X509Ptr cert = newCertificate(subject.get(), key.get(), cert_.get(), validityDays);

  X509V3_CTX context{};
  X509V3_set_ctx(&context, cert_.get(), cert.get(), nullptr, nullptr, 0);
  addExtension(cert.get(), &context, NID_basic_constraints, "critical,CA:FALSE");
  addExtension(cert.get(), &context, NID_key_usage, "critical,digitalSignature");
  addExtension(cert.get(), &context, NID_ext_key_usage, "clientAuth");
  addExtension(cert.get(), &context, NID_subject_key_identifier, "hash");
  addExtension(cert.get(), &context, NID_authority_key_identifier, "keyid,issuer");
  sign(cert.get(), key_.get());
  return {certificateToPem(cert.get()), keyToPem(key.get())};
}

namespace {

[[noreturn]] void throwErrno(const std::string& what, const std::string& path) {
  throw std::runtime_error(what + " " + path + ": " + std::system_category().message(errno));
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

}  // namespace

void writePrivateFile(const std::string& path, const std::string& content) {
  FileDescriptor fd(::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600));
  if (fd.get() < 0) throwErrno("cannot create", path);
  // open's mode applies only when it creates the file; an existing one keeps its old mode.
  if (::fchmod(fd.get(), 0600) != 0) throwErrno("cannot chmod 0600", path);
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t written = ::write(fd.get(), data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      throwErrno("cannot write", path);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  // close reports delayed write errors (NFS, quota), which would otherwise leave a truncated key.
  if (::close(fd.release()) != 0) throwErrno("cannot close", path);
}

}  // namespace perfscale::sim
