// The request log: one trace record per try, retries pointing at their first try, and the
// tries answered 429 or failed counted the moment each is reported.
#include <catch2/catch.hpp>

#include "core/engine/request_log.h"
#include "core/engine/run_engine.h"
#include "tests/support/memory_recorder.h"

using perfscale::engine::RequestContext;
using perfscale::engine::RequestLog;
using perfscale::engine::RunTimeline;
using perfscale::kube::TryReport;

namespace {

TryReport tryAnswered(int tryNumber, int status, bool createCheck = false) {
  TryReport report;
  report.tryNumber = tryNumber;
  report.status = status;
  report.createCheck = createCheck;
  report.granted = report.sent = report.firstByte = report.done = std::chrono::steady_clock::now();
  return report;
}

}  // namespace

TEST_CASE("request log: 429s and failed tries are counted as each try is reported") {
  perfscale::test::MemoryRecorder recorder;
  RunTimeline timeline;
  RequestLog log(recorder, timeline);
  auto observe = log.observer(RequestContext{"create", "virtualmachineinstances", "ns", "a", 1,
                                             perfscale::RunClock{-1}, ""});
  observe(tryAnswered(1, 429));
  CHECK(log.throttledTries() == 1);  // before the request has an outcome
  observe(tryAnswered(2, 429));
  observe(tryAnswered(3, 503));
  CHECK(log.throttledTries() == 2);
  CHECK(log.failedTries() == 1);
  observe(tryAnswered(4, 0));                    // no answer
  observe(tryAnswered(5, 404, /*check=*/true));  // a create's check by GET: not a failure
  observe(tryAnswered(6, 201));
  CHECK(log.throttledTries() == 2);
  CHECK(log.failedTries() == 2);
  REQUIRE(recorder.requests.size() == 6);
  const uint64_t first = recorder.requests[0].seq;
  CHECK(recorder.requests[0].retryOf == 0);
  for (size_t i = 1; i < recorder.requests.size(); ++i) {
    CHECK(recorder.requests[i].retryOf == first);
    CHECK(recorder.requests[i].seq != recorder.requests[i].retryOf);
  }
  CHECK(recorder.requests[4].verb == "get");
}

TEST_CASE("request log: an outage lasts from the first unanswered try to the next answer") {
  perfscale::test::MemoryRecorder recorder;
  RunTimeline timeline;
  RequestLog log(recorder, timeline);
  auto observe = log.observer(RequestContext{"create", "virtualmachineinstances", "ns", "a", 1,
                                             perfscale::RunClock{-1}, ""});
  CHECK_FALSE(log.unreachable());
  observe(tryAnswered(1, 503));  // an answer, however bad, is not an outage
  CHECK_FALSE(log.unreachable());
  auto refused = tryAnswered(2, 0);
  refused.error = "Connection refused";
  observe(refused);
  REQUIRE(log.unreachable());
  const auto since = log.unreachable()->since;
  auto reset = tryAnswered(3, 0);
  reset.error = "Connection reset by peer";
  observe(reset);
  // Still the first error and its time: the outage began there.
  CHECK(log.unreachable()->error == "Connection refused");
  CHECK(log.unreachable()->since == since);
  CHECK_THAT(perfscale::engine::outageNote(log, timeline),
             Catch::StartsWith("; the API server has answered nothing since 0 s into the run") &&
                 Catch::EndsWith(": Connection refused"));
  observe(tryAnswered(4, 201));
  CHECK_FALSE(log.unreachable());
  CHECK(perfscale::engine::outageNote(log, timeline).empty());
}
