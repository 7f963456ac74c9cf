// Verifying the API server's certificate ourselves, with messages a user can act on. Poco's
// hostname check is off: it skips loopback names unless VERIFY_STRICT and 1.11 does not match
// IP subjectAltNames. Chain errors are recorded during the handshake, since Poco reports them only
// as "certificate verify failed".
#pragma once

#include <openssl/ossl_typ.h>

#include <optional>
#include <string>

namespace perfscale::kube {

// Makes `context` verify the peer's chain (SSL_VERIFY_PEER) and record, on the handshaking
// thread, why it failed.
void recordVerifyFailures(SSL_CTX* context);

// The first chain verification failure on this thread since the last call, as a sentence:
// what is wrong with which certificate, and what to do. Clears the record.
std::optional<std::string> takeVerifyFailure();
void clearVerifyFailure();

// Nothing when `certificate` is valid for `name` (a DNS name, wildcards per RFC 6125, or an IPv4
// or IPv6 address matched against IP subjectAltNames); else a message listing the names it is
// valid for. Like Go, the subject CN is never used.
std::optional<std::string> peerNameMismatch(X509* certificate, const std::string& name);

// The subjectAltNames of a certificate, DNS names then IP addresses, in certificate order.
std::string subjectAltNames(X509* certificate);

}  // namespace perfscale::kube
