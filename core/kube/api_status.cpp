// See api_status.h.
#include "core/kube/api_status.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace perfscale::kube {

namespace {

constexpr size_t kMaxText = 4096;  // an HTML error page says nothing more after this

std::string stringField(const Poco::JSON::Object& object, const std::string& name) {
  if (!object.has(name)) return "";
  const auto value = object.get(name);
  if (value.isEmpty() || !value.isString()) return "";
  return value.convert<std::string>();
}

std::optional<int> intField(const Poco::JSON::Object& object, const std::string& name) {
  if (!object.has(name)) return std::nullopt;
  const auto value = object.get(name);
  if (value.isEmpty() || !(value.isInteger() || value.isNumeric())) return std::nullopt;
  try {
    return value.convert<int>();
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

StatusDetails decodeDetails(const Poco::JSON::Object& object) {
  StatusDetails details;
  details.name = stringField(object, "name");
  details.group = stringField(object, "group");
  details.kind = stringField(object, "kind");
  details.uid = stringField(object, "uid");
  details.retryAfterSeconds = intField(object, "retryAfterSeconds");
  if (auto causes = object.getArray("causes")) {
    for (size_t i = 0; i < causes->size(); ++i) {
      auto cause = causes->getObject(static_cast<unsigned>(i));
      if (!cause) continue;
      details.causes.push_back({stringField(*cause, "reason"), stringField(*cause, "message"),
                                stringField(*cause, "field")});
    }
  }
  return details;
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  std::string result(text.substr(first, last - first + 1));
  if (result.size() > kMaxText) result = result.substr(0, kMaxText) + "...";
  return result;
}

}  // namespace

std::optional<ApiStatus> decodeStatus(std::string_view body) {
  const auto start = body.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || body[start] != '{') return std::nullopt;
  Poco::JSON::Object::Ptr object;
  try {
    object = Poco::JSON::Parser().parse(std::string(body)).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
  if (!object) return std::nullopt;
  const std::string kind = stringField(*object, "kind");
  if (!kind.empty() && kind != "Status") return std::nullopt;
  if (kind.empty() && !object->has("code") && !object->has("reason")) return std::nullopt;
  ApiStatus status;
  status.decoded = true;
  status.code = intField(*object, "code").value_or(0);
  status.status = stringField(*object, "status");
  status.reason = stringField(*object, "reason");
  status.message = stringField(*object, "message");
  if (auto details = object->getObject("details")) status.details = decodeDetails(*details);
  return status;
}

ApiStatus statusOfAnswer(int httpStatus, std::string_view body) {
  if (auto decoded = decodeStatus(body)) {
    if (decoded->code == 0) decoded->code = httpStatus;
    if (decoded->reason.empty()) decoded->reason = reasonForHttpStatus(httpStatus);
    return *decoded;
  }
  ApiStatus status;
  status.code = httpStatus;
  status.status = httpStatus >= 200 && httpStatus < 300 ? "Success" : "Failure";
  status.reason = reasonForHttpStatus(httpStatus);
  status.text = trimmed(body);
  status.message = status.text.empty()
                       ? "the server answered " + std::to_string(httpStatus) + " with no body"
                       : status.text;
  return status;
}

std::string reasonForHttpStatus(int httpStatus) {
  switch (httpStatus) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 405:
      return "MethodNotAllowed";
    case 406:
      return "NotAcceptable";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "RequestEntityTooLarge";
    case 415:
      return "UnsupportedMediaType";
    case 422:
      return "Invalid";
    case 429:
      return "TooManyRequests";
    case 500:
      return "InternalError";
    case 503:
      return "ServiceUnavailable";
    case 504:
      return "Timeout";
    default:
      return httpStatus >= 500 ? "InternalError" : (httpStatus >= 400 ? "BadRequest" : "");
  }
}

std::string describe(const ApiStatus& status) {
  std::string text = std::to_string(status.code);
  if (!status.reason.empty()) text += " " + status.reason;
  if (!status.message.empty()) text += ": " + status.message;
  if (status.details) {
    for (const auto& cause : status.details->causes) {
      text += "; " + (cause.field.empty() ? "" : cause.field + ": ") + cause.message;
    }
  }
  return text;
}

ApiError::ApiError(std::string method, std::string url, ApiStatus status)
    : std::runtime_error(method + " " + url + ": " + describe(status)),
      method_(std::move(method)),
      url_(std::move(url)),
      status_(std::move(status)) {}

}  // namespace perfscale::kube
