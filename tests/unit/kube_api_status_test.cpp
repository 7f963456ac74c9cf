// Status objects and other error bodies, as the REST layer decodes them.
#include <catch2/catch.hpp>

#include "core/kube/api_status.h"
#include "core/kube/rest_client.h"

using perfscale::kube::ApiError;
using perfscale::kube::decodeStatus;
using perfscale::kube::describe;
using perfscale::kube::statusOfAnswer;

TEST_CASE("api status: a Status object yields code, reason, message, details and causes") {
  const auto status = statusOfAnswer(422, R"({"kind":"Status","apiVersion":"v1","metadata":{},
    "status":"Failure","message":"VirtualMachineInstance.kubevirt.io \"v\" is invalid",
    "reason":"Invalid","details":{"name":"v","group":"kubevirt.io","kind":"virtualmachineinstances",
    "causes":[{"reason":"FieldValueRequired","message":"Required value","field":"spec.domain"}]},
    "code":422})");
  CHECK(status.decoded);
  CHECK(status.code == 422);
  CHECK(status.status == "Failure");
  CHECK(status.reason == "Invalid");
  CHECK(status.message == "VirtualMachineInstance.kubevirt.io \"v\" is invalid");
  REQUIRE(status.details);
  CHECK(status.details->name == "v");
  CHECK(status.details->group == "kubevirt.io");
  CHECK(status.details->kind == "virtualmachineinstances");
  REQUIRE(status.details->causes.size() == 1);
  CHECK(status.details->causes[0].type == "FieldValueRequired");
  CHECK(status.details->causes[0].field == "spec.domain");
  CHECK(describe(status) ==
        "422 Invalid: VirtualMachineInstance.kubevirt.io \"v\" is invalid; spec.domain: Required "
        "value");
}

TEST_CASE("api status: retryAfterSeconds in the details is kept") {
  const auto status = decodeStatus(R"({"kind":"Status","status":"Failure","reason":
    "TooManyRequests","message":"slow down","details":{"retryAfterSeconds":3},"code":429})");
  REQUIRE(status);
  REQUIRE(status->details);
  CHECK(status->details->retryAfterSeconds == 3);
}

TEST_CASE("api status: a body that is not JSON is kept as text with a reason from the status") {
  const auto status = statusOfAnswer(502, "  <html><body>Bad Gateway</body></html>\n");
  CHECK_FALSE(status.decoded);
  CHECK(status.code == 502);
  CHECK(status.reason == "InternalError");
  CHECK(status.text == "<html><body>Bad Gateway</body></html>");
  CHECK(status.message == status.text);
}

TEST_CASE("api status: an empty body says so and the reason follows the HTTP status") {
  const auto status = statusOfAnswer(404, "");
  CHECK(status.reason == "NotFound");
  CHECK(status.message.find("404") != std::string::npos);
  CHECK(statusOfAnswer(429, "").reason == "TooManyRequests");
  CHECK(statusOfAnswer(503, "").reason == "ServiceUnavailable");
  CHECK(statusOfAnswer(504, "").reason == "Timeout");
}

TEST_CASE("api status: JSON that is not a Status, or is malformed, is not decoded") {
  CHECK_FALSE(decodeStatus(R"({"kind":"Namespace","metadata":{"name":"x"}})"));
  CHECK_FALSE(decodeStatus(R"({"kind":"Status", "code": )"));
  CHECK_FALSE(decodeStatus("[1,2]"));
  CHECK_FALSE(decodeStatus(""));
  const auto status = statusOfAnswer(500, R"({"kind":"Namespace"})");
  CHECK_FALSE(status.decoded);
  CHECK(status.text == R"({"kind":"Namespace"})");
}

TEST_CASE("api status: a Status without code or reason takes them from the HTTP status") {
  const auto status = statusOfAnswer(409, R"({"kind":"Status","message":"exists"})");
  CHECK(status.decoded);
  CHECK(status.code == 409);
  CHECK(status.reason == "Conflict");
}

TEST_CASE("api status: a long text body is bounded") {
  const auto status = statusOfAnswer(500, std::string(100000, 'x'));
  CHECK(status.text.size() < 5000);
}

TEST_CASE("api status: ApiError names method, URL and the Status") {
  const ApiError error("POST", "https://h:1/api/v1/namespaces",
                       statusOfAnswer(403, R"({"kind":"Status","reason":"Forbidden",
                         "message":"namespaces is forbidden","code":403})"));
  CHECK(std::string(error.what()) ==
        "POST https://h:1/api/v1/namespaces: 403 Forbidden: namespaces is forbidden");
  CHECK(error.status().reason == "Forbidden");
}

TEST_CASE("api status: a response describes itself the same way for every kind of failure") {
  perfscale::kube::RestResponse ok;
  ok.status = 201;
  CHECK(ok.describe().empty());

  // No answer at all: the connection error, never a bare "0".
  perfscale::kube::RestResponse refused;
  refused.connectionError =
      perfscale::kube::ConnectionError(perfscale::kube::ConnectionErrorKind::Connect, "DELETE",
                                       "https://127.0.0.1:1/x", false, "Connection refused");
  CHECK_THAT(refused.describe(), Catch::Contains("Connection refused"));
  CHECK(refused.describe() != "0");

  perfscale::kube::RestResponse conflict;
  conflict.status = 409;
  conflict.apiStatus = statusOfAnswer(
      409, R"({"kind":"Status","reason":"AlreadyExists","message":"x exists","code":409})");
  CHECK(conflict.describe() == "409 AlreadyExists: x exists");

  // An error answer that is no Status still says its code and reason.
  perfscale::kube::RestResponse bare;
  bare.status = 503;
  CHECK_THAT(bare.describe(), Catch::StartsWith("503 ServiceUnavailable"));
}
