// Kubernetes error answers: the Status object (metav1.Status) decoded, or the text of a body
// that is not one, and ApiError, the exception a caller may turn an error answer into.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace perfscale::kube {

struct StatusCause {
  std::string type;  // FieldValueRequired, FieldValueInvalid, ...
  std::string message;
  std::string field;  // spec.domain, metadata.name, ...
};

struct StatusDetails {
  std::string name;
  std::string group;
  std::string kind;
  std::string uid;
  std::vector<StatusCause> causes;
  std::optional<int> retryAfterSeconds;
};

struct ApiStatus {
  int code = 0;        // the Status's code, else the HTTP status
  std::string status;  // Success or Failure; empty when the body was not a Status
  std::string reason;  // NotFound, AlreadyExists, TooManyRequests, ...; derived from the
                       // HTTP status when the body does not say
  std::string message;
  std::optional<StatusDetails> details;
  bool decoded = false;  // the body was a Status object
  std::string text;      // the body as received when it was not a Status (trimmed, bounded)
};

// Decodes a Status object (kind Status, or any JSON object with a code or a reason);
// nothing when the body is not one.
std::optional<ApiStatus> decodeStatus(std::string_view body);

// The Status of an error answer: decoded when it is one, else built from the HTTP status with
// the body kept as text, as client-go does for non-JSON error bodies.
ApiStatus statusOfAnswer(int httpStatus, std::string_view body);

// client-go's reason for an HTTP status when the body gives none (404 -> NotFound, ...).
std::string reasonForHttpStatus(int httpStatus);

// One line for messages: `409 AlreadyExists: virtualmachineinstances "vmi-1" already exists`.
std::string describe(const ApiStatus& status);

// An error answer as an exception, for callers that treat it as fatal.
class ApiError : public std::runtime_error {
 public:
  ApiError(std::string method, std::string url, ApiStatus status);
  const std::string& method() const { return method_; }
  const std::string& url() const { return url_; }
  const ApiStatus& status() const { return status_; }

 private:
  std::string method_;
  std::string url_;
  ApiStatus status_;
};

}  // namespace perfscale::kube
