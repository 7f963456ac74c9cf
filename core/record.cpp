// Names of record enums, as the trace stores them and reports print them.
#include "core/record.h"

namespace perfscale {

const char* toString(RunOutcome outcome) {
  switch (outcome) {
    case RunOutcome::Ok:
      return "ok";
    case RunOutcome::Timeout:
      return "timeout";
    case RunOutcome::Error:
      return "error";
    case RunOutcome::Interrupted:
      return "interrupted";
    case RunOutcome::Incomplete:
      return "incomplete";
  }
  return "unknown";
}

const char* toString(ObjectRecord::Stage stage) {
  switch (stage) {
    case ObjectRecord::Stage::Created:
      return "created";
    case ObjectRecord::Stage::DeletionRequested:
      return "deletion-requested";
    case ObjectRecord::Stage::Gone:
      return "gone";
  }
  return "unknown";
}

const char* toString(IterationRecord::Stage stage) {
  switch (stage) {
    case IterationRecord::Stage::Started:
      return "started";
    case IterationRecord::Stage::Created:
      return "created";
    case IterationRecord::Stage::AllRunning:
      return "all-running";
    case IterationRecord::Stage::DeletionStarted:
      return "deletion-started";
    case IterationRecord::Stage::AllGone:
      return "all-gone";
    case IterationRecord::Stage::Ended:
      return "ended";
  }
  return "unknown";
}

}  // namespace perfscale
