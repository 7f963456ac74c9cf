// Status objects as the API server encodes them (k8s.io/apimachinery metav1.Status).
#include "tests/sim/api_status.h"

#include <cstdio>

namespace perfscale::sim {

std::string jsonQuote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

namespace {

std::string detailsJson(const StatusDetails& details) {
  std::string out = "{";
  auto field = [&out](std::string_view key, const std::string& value) {
    if (value.empty()) return;
    if (out.size() > 1) out += ',';
    out += jsonQuote(key) + ":" + jsonQuote(value);
  };
  field("name", details.name);
  field("group", details.group);
  field("kind", details.kind);
  if (!details.causes.empty()) {
    if (out.size() > 1) out += ',';
    out += "\"causes\":[";
    for (size_t i = 0; i < details.causes.size(); ++i) {
      const auto& cause = details.causes[i];
      if (i) out += ',';
      out += "{\"reason\":" + jsonQuote(cause.reason) + ",\"message\":" + jsonQuote(cause.message);
      if (!cause.field.empty()) out += ",\"field\":" + jsonQuote(cause.field);
      out += '}';
    }
    out += ']';
  }
  if (details.retryAfterSeconds > 0) {
    if (out.size() > 1) out += ',';
    out += "\"retryAfterSeconds\":" + std::to_string(details.retryAfterSeconds);
  }
  return out + "}";
}

bool hasDetails(const StatusDetails& d) {
  return !d.name.empty() || !d.group.empty() || !d.kind.empty() || !d.causes.empty() ||
         d.retryAfterSeconds > 0;
}

}  // namespace

ApiResponse failure(int code, std::string_view reason, std::string_view message,
                    const StatusDetails& details) {
  ApiResponse response;
  response.status = code;
  response.body =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\"";
  response.body += ",\"message\":" + jsonQuote(message);
  if (!reason.empty()) response.body += ",\"reason\":" + jsonQuote(reason);
  if (hasDetails(details)) response.body += ",\"details\":" + detailsJson(details);
  response.body += ",\"code\":" + std::to_string(code) + "}";
  return response;
}

ApiResponse success(const StatusDetails& details) {
  ApiResponse response;
  response.body =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\","
      "\"details\":" +
      detailsJson(details) + "}";
  return response;
}

}  // namespace perfscale::sim
