// Faults the simulator injects on request: set by flags at start and changed at run
// time through the admin endpoint /sim/faults.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>

namespace perfscale::sim {

struct FaultSettings {
  double errorRate = 0;            // share of API requests answered with errorCode
  int errorCode = 503;             // 500 or 503
  int errorRetryAfterSeconds = 0;  // 0: no Retry-After header on injected errors
  double throttleRate = 0;         // share answered 429 (a "429 storm" when high)
  int throttleRetryAfterSeconds = 1;
  double dropRate = 0;                        // share of connections closed before the answer
  std::chrono::nanoseconds latency{0};        // added before every API answer
  std::chrono::nanoseconds jitter{0};         // plus a uniform draw in [0, jitter)
  std::chrono::nanoseconds watchCutAfter{0};  // cut every watch stream after this long
  long watchCutAfterEvents = 0;               // or after this many events
  bool stallController = false;               // the controller stops moving VMIs
  double vmiFailRate = 0;  // share of VMIs that go Failed instead of Running (launcher fails)
  std::set<std::string>
      verbs;  // verbs faults apply to (create, get, list, delete, ...); empty = all
  std::set<std::string> resources;  // namespaces, virtualmachineinstances; empty = all

  // Applies the fields present in a JSON object; throws std::invalid_argument naming a bad field.
  void merge(const std::string& json);
  std::string json() const;
};

// An outage of the whole API server, scheduled once (by --fault-outage or by the "outage"
// field of PUT /sim/faults):
//   refuse   the HTTPS listener is closed (connects are refused) and every connection,
//            watches included, is reset; it reopens on the same port after `duration`.
//   freeze   connections are accepted and requests read, but nothing is answered and watch
//            streams go silent until the end; then held requests are answered normally.
//   restart  like refuse, and the watch history is dropped when it comes back (a watch from
//            an older resourceVersion gets 410 Expired); objects are kept, the controller runs.
enum class OutageKind { Refuse, Freeze, Restart };

struct OutageSpec {
  OutageKind kind = OutageKind::Refuse;
  std::chrono::nanoseconds after{0};     // from sim start (flag) or from the admin answer
  std::chrono::nanoseconds duration{0};  // how long it lasts

  // "KIND:DURATION[@AFTER]", e.g. "refuse:4s@5s", "freeze:3s", "restart:2s@1m".
  static OutageSpec parse(const std::string& text);
  // {"kind":"refuse","after":"0s","for":"4s"} ("after" optional, default 0s).
  static OutageSpec fromJson(const std::string& json);
  std::string json() const;
};

const char* outageKindName(OutageKind kind);

// The "outage" field of a PUT /sim/faults body: absent (nullopt), null (cancel: an empty
// inner optional), or an outage to schedule. Throws std::invalid_argument when malformed.
std::optional<std::optional<OutageSpec>> outageField(const std::string& json);

// What to do with one API request, drawn from the current settings.
struct FaultDecision {
  bool drop = false;
  int status = 0;  // 0: answer normally
  int retryAfterSeconds = 0;
  std::chrono::nanoseconds delay{0};
};

class Faults {
 public:
  explicit Faults(FaultSettings initial) : settings_(std::move(initial)) {}
  FaultSettings settings() const;
  void set(FaultSettings settings);
  FaultDecision decide(const std::string& verb, const std::string& resource);

 private:
  mutable std::mutex mutex_;
  FaultSettings settings_;
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace perfscale::sim
