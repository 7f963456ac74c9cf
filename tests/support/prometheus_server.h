// A real Prometheus (the `prometheus` binary, Debian's package) for one test: scrapes the given
// targets every second on 127.0.0.1, answers PromQL over its HTTP API, and is killed when the
// test ends. Missing, it fails the test with what to install.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/process.h"

namespace perfscale::test {

struct ScrapeTarget {
  std::string job;
  // "https://127.0.0.1:PORT" (the sim) or "http://127.0.0.1:PORT"; a path, if any, is the
  // metrics path (default /metrics). Port 0: the address is known only later (a process that
  // takes a free port and logs it); the job starts with no target, and setTargetUrl gives it.
  std::string url;
  std::string bearerToken;  // https: sent as Authorization: Bearer (read from a 0600 file)
  std::string caPem;        // https: the CA that signed the target's certificate
  // Added to every series of the target, as relabeling adds pod="virt-controller-..." in a
  // cluster.
  std::map<std::string, std::string> labels;
};

class PrometheusServer {
 public:
  // Writes the configuration (scrape and evaluation interval 1 s), starts prometheus on a free
  // 127.0.0.1 port with its storage in a temporary directory, and waits for /-/ready up to
  // `readyTimeout`. Throws std::runtime_error when prometheus is not installed (saying how to
  // install it), exits, or does not become ready (with its log).
  explicit PrometheusServer(const std::vector<ScrapeTarget>& targets,
                            std::chrono::seconds readyTimeout = std::chrono::seconds(30));
  ~PrometheusServer();  // kills prometheus and waits for it
  PrometheusServer(const PrometheusServer&) = delete;
  PrometheusServer& operator=(const PrometheusServer&) = delete;

  const std::string& url() const { return url_; }  // http://127.0.0.1:PORT
  const std::string& configYaml() const { return config_; }
  std::string logText();

  // GET /api/v1/query: the whole answer ({"status":"success","data":{"resultType",
  // "result"}}), at `at` (Prometheus' default, now, when unset). Throws std::runtime_error
  // with Prometheus' error on a bad query.
  Poco::JSON::Object::Ptr query(
      const std::string& promql,
      std::optional<std::chrono::system_clock::time_point> at = std::nullopt);
  // The instant vector's series ("metric", "value"), or an empty array.
  Poco::JSON::Array::Ptr series(const std::string& promql,
                                std::optional<std::chrono::system_clock::time_point> at = {});
  // Queries every 250 ms until the result has a series and `accept` takes it (by default any
  // series will do); returns that result. Throws std::runtime_error after `timeout` with the
  // last result and the targets' state.
  Poco::JSON::Array::Ptr waitForSeries(
      const std::string& promql, std::chrono::milliseconds timeout = std::chrono::seconds(30),
      const std::function<bool(const Poco::JSON::Array&)>& accept = {});
  // Gives a port-0 job its address ("http://127.0.0.1:PORT", the scheme and path it was
  // configured with). Prometheus reads it from a file_sd file and applies the change on a 5 s
  // tick, so the first scrape comes some 5 s later: waitForTargetsUp() waits for it. Throws
  // std::invalid_argument for an unknown job, a job with a fixed address, or another scheme or
  // path.
  void setTargetUrl(const std::string& job, const std::string& url);
  // Waits until every target with an address is active and has been scraped successfully at
  // least once.
  void waitForTargetsUp(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // GET /api/v1/targets: the active targets with health, lastError and labels.
  Poco::JSON::Object::Ptr targets();

  // The value of one series of an instant vector (its "value": [time, "text"]).
  static double valueOf(const Poco::JSON::Object::Ptr& series);

 private:
  Poco::JSON::Object::Ptr getJson(const std::string& pathAndQuery);

  struct Job {
    ScrapeTarget target;
    std::string sdFile;  // the file_sd file of a port-0 job, else empty
    bool addressed = false;
  };

  TempDir dir_;
  std::vector<Job> jobs_;
  std::string config_;
  std::string url_;
  std::unique_ptr<ChildProcess> process_;
};

// The `prometheus` binary on PATH, or nothing.
std::optional<std::string> prometheusBinary();

}  // namespace perfscale::test
