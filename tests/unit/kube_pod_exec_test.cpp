// The end of an exec as the status channel (v4.channel.k8s.io) reports it.
#include <catch2/catch.hpp>

#include "core/kube/pod_exec.h"

using perfscale::kube::ExecExit;
using perfscale::kube::parseExecExit;

TEST_CASE("exec status: Success, as the kubelet writes it, is a success", "[kube][exec]") {
  const ExecExit exit = parseExecExit("{\"metadata\":{},\"status\":\"Success\"}");
  CHECK(exit.success);
  CHECK_FALSE(exit.exitCode);
  CHECK(describe(exit) == "success");
}

TEST_CASE("exec status: NonZeroExitCode carries the exit code in its ExitCode cause",
          "[kube][exec]") {
  const ExecExit exit = parseExecExit(
      "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero "
      "exit code: error executing command [sh -c exit 3], exit code 3\",\"reason\":"
      "\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}"
      "}");
  CHECK_FALSE(exit.success);
  REQUIRE(exit.exitCode);
  CHECK(*exit.exitCode == 3);
  CHECK(describe(exit) == "exit code 3");
}

TEST_CASE("exec status: a command that could not start is an InternalError with its message",
          "[kube][exec]") {
  const ExecExit exit = parseExecExit(
      "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"Internal error occurred: error "
      "executing command in container: exec: \\\"nope\\\": executable file not found in "
      "$PATH\",\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":\"x\"}]},"
      "\"code\":500}");
  CHECK_FALSE(exit.success);
  CHECK_FALSE(exit.exitCode);
  CHECK(exit.reason == "InternalError");
  CHECK_THAT(describe(exit), Catch::StartsWith("InternalError: Internal error occurred: ") &&
                                 Catch::Contains("executable file not found"));
}

TEST_CASE("exec status: text that is no Status is an error naming it", "[kube][exec]") {
  CHECK_THROWS_WITH(parseExecExit("command terminated"),
                    Catch::Contains("\"command terminated\", not a Status"));
  CHECK_THROWS_WITH(parseExecExit("{\"kind\":\"Pod\"}"), Catch::Contains("not a Status"));
  CHECK_THROWS_WITH(
      parseExecExit("{\"status\":\"Failure\",\"reason\":\"NonZeroExitCode\",\"details\":{"
                    "\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"three\"}]}}"),
      Catch::Contains("exit code as \"three\""));
  CHECK_THROWS_WITH(parseExecExit("{\"status\":\"Failure\",\"reason\":\"NonZeroExitCode\"}"),
                    Catch::Contains("without the exit code"));
}
