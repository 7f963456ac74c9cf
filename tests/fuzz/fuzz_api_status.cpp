// Fuzz target: the body of an error answer, decoded as a Status and described as the messages
// do. Neither function may throw: a body that is not a Status is kept as text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/kube/api_status.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  if (const auto status = perfscale::kube::decodeStatus(body))
    (void)perfscale::kube::describe(*status);
  for (const int httpStatus : {200, 404, 409, 429, 500, 503})
    (void)perfscale::kube::describe(perfscale::kube::statusOfAnswer(httpStatus, body));
  return 0;
}
