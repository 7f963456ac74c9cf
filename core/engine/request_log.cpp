// Request records from try reports (see request_log.h).
#include "core/engine/request_log.h"

#include <memory>

namespace perfscale::engine {

kube::TryObserver RequestLog::observer(RequestContext context) {
  auto first = std::make_shared<uint64_t>(0);
  return [this, context = std::move(context), first](const kube::TryReport& report) {
    if (report.status == 429)
      throttled_.fetch_add(1);
    else if (!report.createCheck && (report.status == 0 || report.status >= 400))
      failed_.fetch_add(1);
    {
      std::lock_guard<std::mutex> lock(unreachableMutex_);
      if (report.status != 0)
        unreachable_.reset();
      else if (!unreachable_ && !report.error.empty())
        unreachable_ = Unreachable{timeline_.since(report.done), report.error};
    }
    RequestRecord record;
    record.seq = next_.fetch_add(1);
    if (*first == 0) *first = record.seq;
    record.iteration = context.iteration;
    record.verb = report.createCheck ? "get" : context.verb;
    record.resource = context.resource;
    record.ns = context.ns;
    record.name = context.name;
    record.granted = timeline_.since(report.granted);
    record.scheduled = context.scheduled.count() >= 0 && report.tryNumber == 1 ? context.scheduled
                                                                               : record.granted;
    record.sent = timeline_.since(report.sent);
    record.firstByte = timeline_.since(report.firstByte);
    record.done = timeline_.since(report.done);
    record.status = report.status;
    record.reason = report.reason;
    record.tryNumber = context.tryNumber > 0 ? context.tryNumber : report.tryNumber;
    record.retryOf = context.tryNumber > 1 ? context.retryOf : report.tryNumber > 1 ? *first : 0;
    record.bytesOut = report.bytesOut;
    record.bytesIn = report.bytesIn;
    record.error = report.error;
    record.priorityLevel = report.priorityLevel;
    record.flowSchema = report.flowSchema;
    if (report.tryNumber == 1 && !report.createCheck) record.payload = context.payload;
    const uint64_t seq = record.seq;
    recorder_.record(std::move(record));
    if (context.onRecorded) context.onRecorded(seq);
  };
}

std::optional<RequestLog::Unreachable> RequestLog::unreachable() const {
  std::lock_guard<std::mutex> lock(unreachableMutex_);
  return unreachable_;
}

}  // namespace perfscale::engine
