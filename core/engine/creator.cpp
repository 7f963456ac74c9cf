// Paced creation with workers (see creator.h).
#include "core/engine/creator.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <thread>

namespace perfscale::engine {

int defaultParallelism(double qps) {
  if (qps <= 0) return 64;
  return static_cast<int>(std::clamp(std::ceil(qps / 4), 4.0, 256.0));
}

CreateResult Creator::create(const CreateBatch& batch, const Pacer& pacer, int parallelism,
                             const std::atomic<bool>& stop, bool keepCreated,
                             const std::function<void(bool created)>& onEach) {
  CreateResult result;
  result.asked = batch.count;
  if (batch.count == 0) return result;

  const int count = static_cast<int>(std::max<size_t>(
      1, std::min<size_t>(static_cast<size_t>(std::max(1, parallelism)), batch.count)));
  // The connections the burst at the start needs are open before the clock starts: a burst
  // that began with a hundred TLS handshakes would fall behind its schedule for good. Workers
  // start as the pace needs them (forEachPaced), and so do their other connections.
  size_t atOnce = 0;
  while (atOnce < static_cast<size_t>(count) && pacer.at(atOnce).count() == 0)
    ++atOnce;
  client_.warmUp(std::min(static_cast<size_t>(count), atOnce + 2));

  PacedStream stream(pacer,
                     std::max(std::chrono::steady_clock::now(),
                              batch.startAt.value_or(std::chrono::steady_clock::time_point{})));

  std::mutex mutex;  // guards result
  // The first few of each reason are events.
  std::map<std::string, size_t>& failuresByReason = result.failuresByReason;
  std::atomic<bool> renderFailed{false};
  forEachPaced(stream, batch.count, count, stop, [&](size_t index, const PacedStream::Hit& hit) {
    CreateItem item;
    try {
      item = batch.itemAt(index);
      item.order = index;
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(mutex);
      if (!renderFailed.exchange(true)) result.renderError = e.what();
      return false;
    }
    RequestContext context{"create",  item.resource,  item.ns,
                           item.name, item.iteration, timeline_.since(hit.due),
                           item.body};
    kube::RestRequest request;
    request.method = "POST";
    request.path = item.collectionPath;
    request.body = std::move(item.body);
    item.body.clear();
    request.createdName = item.name;
    request.retryPacer = &stream;
    request.rideOutUntil = batch.rideOutUntil;
    request.abandon = &stop;
    request.onTry = log_.observer(std::move(context));
    kube::RestResponse response;
    try {
      response = client_.send(request);
    } catch (const std::exception& e) {  // credentials that cannot be had
      {
        std::lock_guard<std::mutex> lock(mutex);
        ++result.failed;
        ++failuresByReason[std::string("error: ") + e.what()];
      }
      if (onEach) onEach(false);
      return true;
    }
    const bool ok = response.ok();
    if (onEach) onEach(ok);
    if (ok) {
      ObjectRecord created;
      created.kind = item.kind;
      created.ns = item.ns;
      created.name = item.name;
      created.iteration = item.iteration;
      created.stage = ObjectRecord::Stage::Created;
      created.at = timeline_.now();
      recorder_.record(std::move(created));
      if (item.isVmi()) tracker_.expect(item.ns, item.name, item.iteration);
    }
    std::lock_guard<std::mutex> lock(mutex);
    result.collections.insert(Collection{item.collectionPath, item.ns, item.resource});
    if (ok) {
      ++result.created;
      if (keepCreated) result.createdItems.push_back(item);
    } else {
      ++result.failed;
      std::string reason = response.connectionError
                               ? std::string("connection: ") + response.connectionError->what()
                               : std::to_string(response.status) + " " +
                                     (response.apiStatus ? response.apiStatus->reason : "");
      if (++failuresByReason[reason] <= 3) {
        recorder_.record(EventRecord{timeline_.now(), item.iteration, "create-failed",
                                     item.ns + "/" + item.name + ": " + response.describe()});
      }
    }
    return true;
  });
  if (keepCreated) {
    // Workers finish out of order; keep the batch's order (the oldest first).
    std::stable_sort(result.createdItems.begin(), result.createdItems.end(),
                     [](const CreateItem& a, const CreateItem& b) { return a.order < b.order; });
  }
  return result;
}

}  // namespace perfscale::engine
