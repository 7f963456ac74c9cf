// Trace rows back into records for the figure builder (see trace_figures.h).
#include "plugin/trace_figures.h"

#include <unordered_map>

namespace perfscale::plugin {

stats::RunFigures figuresOf(const store::TraceReader& reader, const store::StoredRun& run) {
  stats::FigureBuilder builder;
  builder.begin(run.info);
  for (const auto& request : reader.requests(run.id))
    builder.add(request);

  // An object row folds its stages; the VMIs' server times go with their phases.
  std::unordered_map<int64_t, std::pair<std::optional<int64_t>, std::optional<int64_t>>> server;
  for (const auto& object : reader.objects(run.id)) {
    auto stage = [&](ObjectRecord::Stage which, const std::optional<RunClock>& at) {
      if (!at) return;
      builder.add(ObjectRecord{object.kind, object.ns, object.name, object.uid, object.iteration,
                               which, *at});
    };
    stage(ObjectRecord::Stage::Created, object.created);
    stage(ObjectRecord::Stage::DeletionRequested, object.deletionRequested);
    stage(ObjectRecord::Stage::Gone, object.gone);
    if (object.createdServerNs || object.deletionServerNs)
      server[object.id] = {object.createdServerNs, object.deletionServerNs};
  }
  for (auto stored : reader.phases(run.id)) {
    const auto times = server.find(stored.objectId);
    if (times != server.end()) {
      stored.phase.createdServerNs = times->second.first;
      stored.phase.deletionServerNs = times->second.second;
    }
    builder.add(stored.phase);
  }

  for (const auto& iteration : reader.iterations(run.id)) {
    auto stage = [&](IterationRecord::Stage which, const std::optional<RunClock>& at,
                     std::vector<std::string> namespaces = {}) {
      if (at) builder.add(IterationRecord{iteration.index, which, *at, std::move(namespaces)});
    };
    stage(IterationRecord::Stage::Started, iteration.started, iteration.namespaces);
    stage(IterationRecord::Stage::Created, iteration.created);
    stage(IterationRecord::Stage::AllRunning, iteration.allRunning);
    stage(IterationRecord::Stage::DeletionStarted, iteration.deletionStarted);
    stage(IterationRecord::Stage::AllGone, iteration.allGone);
    stage(IterationRecord::Stage::Ended, iteration.ended);
  }
  for (const auto& event : reader.events(run.id))
    builder.add(event);

  if (run.endedWallNs) {
    builder.end(RunEnd{RunClock(*run.endedWallNs - run.info.startedWallNs), run.outcome,
                       run.exitCode.value_or(0)});
  } else {
    builder.endIncomplete(run.outcome, run.lastRecordAt);
  }
  return builder.figures();
}

}  // namespace perfscale::plugin
