// Kubernetes Status objects and the shape of every non-streaming answer the sim gives.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace perfscale::sim {

struct ApiResponse {
  int status = 200;
  std::string body;
  std::string contentType = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

struct StatusCause {
  std::string reason;  // e.g. FieldValueRequired, FieldValueInvalid
  std::string message;
  std::string field;
};

struct StatusDetails {
  std::string name;
  std::string group;
  std::string kind;
  std::vector<StatusCause> causes;
  int retryAfterSeconds = 0;
};

// A Failure Status with the given HTTP code and reason (NotFound, AlreadyExists, ...).
ApiResponse failure(int code, std::string_view reason, std::string_view message,
                    const StatusDetails& details = {});
// The 200 Status{status: Success} that a delete of an already gone object returns.
ApiResponse success(const StatusDetails& details);

std::string jsonQuote(std::string_view text);

}  // namespace perfscale::sim
