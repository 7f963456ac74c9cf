// See tls_verify.h.
#include "core/kube/tls_verify.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <vector>

namespace perfscale::kube {

namespace {

thread_local std::optional<std::string> lastFailure;

std::string nameText(const X509_NAME* name) {
  if (!name) return "";
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio) return "";
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return size > 0 ? std::string(data, static_cast<size_t>(size)) : "";
}

std::string timeText(const ASN1_TIME* time) {
  if (!time) return "?";
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || !ASN1_TIME_print(bio.get(), time)) return "?";
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return size > 0 ? std::string(data, static_cast<size_t>(size)) : "?";
}

std::string describeFailure(int error, int depth, X509* certificate) {
  const std::string which = depth == 0 ? "the server's certificate"
                                       : "a certificate in the "
                                         "server's chain";
  const std::string subject = certificate ? nameText(X509_get_subject_name(certificate)) : "";
  const std::string issuer = certificate ? nameText(X509_get_issuer_name(certificate)) : "";
  const std::string names = " (subject \"" + subject + "\", issuer \"" + issuer + "\")";
  const std::string openssl = X509_verify_cert_error_string(error);
  switch (error) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return "x509: " + which + names + " has expired: it was valid until " +
             timeText(certificate ? X509_get0_notAfter(certificate) : nullptr) +
             ". Renew the server certificate, or check this machine's clock.";
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return "x509: " + which + names + " is not valid yet: it is valid from " +
             timeText(certificate ? X509_get0_notBefore(certificate) : nullptr) +
             ". Check this machine's clock.";
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
      return "x509: " + which + names + " is not signed by a trusted certificate authority (" +
             openssl +
             "). Check the cluster's certificate-authority / certificate-authority-data (or "
             "--certificate-authority); with none, the system's CAs are used.";
    default:
      return "x509: " + which + names + " failed verification: " + openssl + ".";
  }
}

int recordingCallback(int ok, X509_STORE_CTX* store) {
  if (!ok && !lastFailure) {
    lastFailure =
        describeFailure(X509_STORE_CTX_get_error(store), X509_STORE_CTX_get_error_depth(store),
                        X509_STORE_CTX_get_current_cert(store));
  }
  return ok;
}

struct GeneralNamesDeleter {
  void operator()(GENERAL_NAMES* names) const { GENERAL_NAMES_free(names); }
};

}  // namespace

void recordVerifyFailures(SSL_CTX* context) {
  SSL_CTX_set_verify(context, SSL_VERIFY_PEER, recordingCallback);
}

std::optional<std::string> takeVerifyFailure() {
  auto failure = std::move(lastFailure);
  lastFailure.reset();
  return failure;
}

void clearVerifyFailure() {
  lastFailure.reset();
}

std::string subjectAltNames(X509* certificate) {
  std::unique_ptr<GENERAL_NAMES, GeneralNamesDeleter> names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return "";
  std::vector<std::string> dns, ips;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_DNS) {
      const auto* text = ASN1_STRING_get0_data(name->d.dNSName);
      dns.emplace_back(reinterpret_cast<const char*>(text),
                       static_cast<size_t>(ASN1_STRING_length(name->d.dNSName)));
    } else if (name->type == GEN_IPADD) {
      const int length = ASN1_STRING_length(name->d.iPAddress);
      const auto* bytes = ASN1_STRING_get0_data(name->d.iPAddress);
      char buffer[INET6_ADDRSTRLEN] = {};
      if (length == 4 && inet_ntop(AF_INET, bytes, buffer, sizeof buffer)) ips.emplace_back(buffer);
      if (length == 16 && inet_ntop(AF_INET6, bytes, buffer, sizeof buffer))
        ips.emplace_back(buffer);
    }
  }
  std::string text;
  for (const auto& list : {dns, ips}) {
    for (const auto& name : list)
      text += (text.empty() ? "" : ", ") + name;
  }
  return text;
}

std::optional<std::string> peerNameMismatch(X509* certificate, const std::string& name) {
  if (!certificate) return "x509: the server presented no certificate";
  in6_addr scratch{};
  const bool ip = inet_pton(AF_INET, name.c_str(), &scratch) == 1 ||
                  inet_pton(AF_INET6, name.c_str(), &scratch) == 1;
  const int matched =
      ip ? X509_check_ip_asc(certificate, name.c_str(), 0)
         : X509_check_host(
               certificate, name.data(), name.size(),
               X509_CHECK_FLAG_NEVER_CHECK_SUBJECT | X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, nullptr);
  if (matched == 1) return std::nullopt;
  ERR_clear_error();
  const std::string valid = subjectAltNames(certificate);
  return "x509: the server's certificate is valid for " +
         (valid.empty() ? std::string("no names (it has no subjectAltName)") : valid) + ", not " +
         name +
         ". Connect with a name the certificate has (the server URL, or tls-server-name / "
         "--tls-server-name), or fix the certificate.";
}

}  // namespace perfscale::kube
