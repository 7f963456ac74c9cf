// perfscale-sim-load: starts perfscale-sim, creates VMIs on an open-loop schedule over
// keep-alive HTTPS connections, verifies they are live, and prints rate, latency and memory.
#include <Poco/Base64Decoder.h>
#include <Poco/Crypto/X509Certificate.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <Poco/UUIDGenerator.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>
#include <cxxopts.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/support/process.h"

namespace {

using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;
using Millis = std::chrono::duration<double, std::milli>;
using perfscale::test::ChildProcess;
using perfscale::test::TempDir;

constexpr const char* kNamespace = "default";
constexpr const char* kRunLabel = "perfscale.kubevirt.io/run";
constexpr const char* kToken = "perfscale-sim-load-token";
constexpr const char* kAdminToken = "perfscale-sim-load-admin-token";
// Status of a create that was never sent (time limit or interrupt) and of a transport failure.
constexpr int kNotSent = -1;
constexpr int kTransportError = 0;

struct Options {
  std::string simBinary;
  size_t count = 0;
  double rate = 0;
  int connections = 0;
  int watchers = 0;
  std::chrono::seconds requestTimeout{0};
  std::chrono::seconds overrun{0};     // time allowed beyond the schedule before giving up
  std::chrono::seconds watchGrace{0};  // time watchers get to catch up after the last create
  std::vector<std::string> simArgs;    // passed through after "--"
};

std::string shellQuoted(const std::vector<std::string>& words) {
  std::string line;
  for (const auto& word : words) {
    const bool plain = !word.empty() && word.find_first_not_of(
                                            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "0123456789_./=:,+-@%") == std::string::npos;
    if (!line.empty()) line += ' ';
    if (plain) {
      line += word;
      continue;
    }
    line += '\'';
    for (char c : word)
      line += c == '\'' ? std::string("'\\''") : std::string(1, c);
    line += '\'';
  }
  return line;
}

std::string fixed(double value, int decimals) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(decimals) << value;
  return out.str();
}

// Options before "--" are ours; everything after goes to perfscale-sim unchanged.
Options parseOptions(int argc, char** argv) {
  std::vector<char*> own(argv, argv + argc);
  Options options;
  if (auto dashes = std::find_if(own.begin(), own.end(),
                                 [](const char* arg) { return std::string(arg) == "--"; });
      dashes != own.end()) {
    options.simArgs.assign(dashes + 1, own.end());
    own.erase(dashes, own.end());
  }
  cxxopts::Options parser(
      "perfscale-sim-load",
      "Creates VMIs in perfscale-sim at a fixed open-loop rate and prints the figures.\n"
      "Arguments after -- are passed to perfscale-sim (e.g. -- --nodes 100).");
  // clang-format off
  parser.add_options()
    ("sim", "perfscale-sim binary", cxxopts::value<std::string>()->default_value(PERFSCALE_SIM_BINARY))
    ("count", "VMIs to create", cxxopts::value<size_t>()->default_value("10000"))
    ("rate", "Creates per second, on an absolute schedule", cxxopts::value<double>()->default_value("2000"))
    ("connections", "Keep-alive HTTPS connections, one sender thread each",
     cxxopts::value<int>()->default_value("64"))
    ("watchers", "Cluster-wide watches on the run label held open during the load",
     cxxopts::value<int>()->default_value("0"))
    ("request-timeout", "Seconds one request may take", cxxopts::value<int>()->default_value("10"))
    ("overrun", "Seconds the creates may run past their schedule before the rest are abandoned",
     cxxopts::value<int>()->default_value("60"))
    ("watch-grace", "Seconds watchers get to deliver every event after the last create",
     cxxopts::value<int>()->default_value("30"))
    ("h,help", "Show this help");
  // clang-format on
  int ownArgc = static_cast<int>(own.size());
  const auto parsed = parser.parse(ownArgc, own.data());
  if (parsed.count("help")) {
    std::cout << parser.help() << '\n';
    std::exit(0);
  }
  options.simBinary = parsed["sim"].as<std::string>();
  options.count = parsed["count"].as<size_t>();
  options.rate = parsed["rate"].as<double>();
  options.connections = parsed["connections"].as<int>();
  options.watchers = parsed["watchers"].as<int>();
  options.requestTimeout = std::chrono::seconds(parsed["request-timeout"].as<int>());
  options.overrun = std::chrono::seconds(parsed["overrun"].as<int>());
  options.watchGrace = std::chrono::seconds(parsed["watch-grace"].as<int>());
  if (options.count == 0) throw std::invalid_argument("--count must be at least 1");
  if (!(options.rate > 0)) throw std::invalid_argument("--rate must be positive");
  if (options.connections < 1 || options.connections > 4096)
    throw std::invalid_argument("--connections must be 1..4096");
  if (options.watchers < 0 || options.watchers > 4096)
    throw std::invalid_argument("--watchers must be 0..4096");
  if (options.requestTimeout.count() < 1 || options.overrun.count() < 0 ||
      options.watchGrace.count() < 0)
    throw std::invalid_argument("timeouts must not be negative (--request-timeout at least 1)");
  return options;
}

// Takes SIGINT and SIGTERM synchronously, so an interrupted run still stops the sim and
// prints what it measured. Constructed before any thread, which all inherit the mask.
class InterruptGuard {
 public:
  InterruptGuard() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    sigaddset(&signals_, SIGUSR1);  // our own "done" signal, see the destructor
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    waiter_ = std::thread([this] {
      for (int received = 0; received != SIGUSR1;) {
        if (sigwait(&signals_, &received) != 0) return;
        if (received != SIGUSR1) {
          interrupted_ = true;
          std::cerr << "perfscale-sim-load: interrupted, finishing up\n";
        }
      }
    });
  }
  ~InterruptGuard() {
    pthread_kill(waiter_.native_handle(), SIGUSR1);
    waiter_.join();
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  const std::atomic<bool>& interrupted() const { return interrupted_; }

 private:
  sigset_t signals_;
  std::atomic<bool> interrupted_{false};
  std::thread waiter_;
};

struct Endpoint {
  std::string host;
  uint16_t port = 0;
  Poco::Net::Context::Ptr tls;
};

Poco::Net::Context::Ptr clientContext(const std::string& caPem) {
  Poco::Net::Context::Params params;
  params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
  params.loadDefaultCAs = false;
  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::CLIENT_USE, params);
  std::istringstream ca(caPem);
  context->addCertificateAuthority(Poco::Crypto::X509Certificate(ca));
  return context;
}

// The CA the sim generated, as its kubeconfig hands it to clients.
std::string caFromKubeconfig(const std::string& path) {
  const auto config = YAML::LoadFile(path);
  std::istringstream encoded(
      config["clusters"][0]["cluster"]["certificate-authority-data"].as<std::string>());
  Poco::Base64Decoder decoder(encoded);
  return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
}

std::unique_ptr<Poco::Net::HTTPSClientSession> openSession(const Endpoint& endpoint,
                                                           std::chrono::seconds timeout) {
  auto session =
      std::make_unique<Poco::Net::HTTPSClientSession>(endpoint.host, endpoint.port, endpoint.tls);
  session->setKeepAlive(true);
  session->setTimeout(Poco::Timespan(static_cast<long>(timeout.count()), 0));
  // Poco re-handshakes silently after 8 idle seconds; under the sim's 120 s is long enough
  // that every reconnect is one the senders see and count.
  session->setKeepAliveTimeout(Poco::Timespan(100, 0));
  return session;
}

struct Answer {
  int status = 0;
  std::string body;
};

Answer exchange(Poco::Net::HTTPSClientSession& session, const std::string& method,
                const std::string& pathAndQuery, const std::string& authorization,
                const std::string& body = "") {
  Poco::Net::HTTPRequest request(method, pathAndQuery, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setKeepAlive(true);
  if (!authorization.empty()) request.set("Authorization", authorization);
  request.set("Accept", "application/json");
  if (method == "POST") {
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  Answer answer;
  answer.status = response.getStatus();
  Poco::StreamCopier::copyToString(in, answer.body);
  return answer;
}

// Connects (TLS handshake included) with a request that costs the server nothing, so the
// measured creates all ride on an established connection.
void establish(Poco::Net::HTTPSClientSession& session) {
  const Answer answer = exchange(session, "GET", "/healthz", "");
  if (answer.status != 200)
    throw std::runtime_error("GET /healthz answered " + std::to_string(answer.status));
  // Header and body go out in two writes; without this, Nagle holds the body back until the
  // server's delayed ACK, adding ~40 ms to every create. Go's net/http sets it too.
  session.socket().setNoDelay(true);
}

// A VMI as KubeVirt's own examples and perf tests create them: a cirros containerDisk
// booted with cloud-init, 90Mi and 100m, virtio disks, a masquerade pod network.
std::string vmiBody(const std::string& name, const std::string& runId) {
  return R"({"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":")" +
         name + R"(","namespace":")" + kNamespace + R"(","labels":{")" + kRunLabel + R"(":")" +
         runId + R"(","kubevirt.io/vm":")" + name +
         R"("}},"spec":{"terminationGracePeriodSeconds":0,"domain":{"resources":{"requests":)"
         R"({"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},)"
         R"("machine":{"type":"q35"},"devices":{"disks":[{"name":"containerdisk","disk":)"
         R"({"bus":"virtio"}},{"name":"cloudinitdisk","disk":{"bus":"virtio"}}],)"
         R"("interfaces":[{"name":"default","masquerade":{}}],"rng":{}}},)"
         R"("networks":[{"name":"default","pod":{}}],"volumes":[{"name":"containerdisk",)"
         R"("containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:v1.2.0"}},)"
         R"({"name":"cloudinitdisk","cloudInitNoCloud":{"userData":"#cloud-config\npassword: )"
         R"(cirros\nchpasswd: { expire: False }\n"}}]}})";
}

// ---- the create load ----

struct CreateResult {
  int status = kNotSent;
  Clock::time_point due;
  Clock::time_point sent;
  Clock::time_point done;
};

struct WorkerTally {
  size_t reconnects = 0;
  std::map<std::string, size_t> transportErrors;
  std::map<int, std::string> firstFailureBody;  // one sample per failing status
};

struct LoadPlan {
  std::string runId;
  size_t count = 0;
  double rate = 0;
  Clock::time_point start;
  Clock::time_point giveUpAt;  // creates not yet sent by then are abandoned
  const std::atomic<bool>* interrupted = nullptr;
};

Clock::time_point dueTime(const LoadPlan& plan, size_t index) {
  return plan.start + std::chrono::duration_cast<Clock::duration>(
                          Seconds(static_cast<double>(index) / plan.rate));
}

// Sleeps in short slices so an interrupt is noticed; `due` is never past plan.giveUpAt.
void sleepUntil(Clock::time_point due, const std::atomic<bool>& interrupted) {
  constexpr auto slice = std::chrono::milliseconds(100);
  for (auto now = Clock::now(); now < due && !interrupted; now = Clock::now())
    std::this_thread::sleep_until(std::min(due, now + slice));
}

// One sender: takes the next create index, waits until it is due, sends it, records it.
// A sender busy past a due time makes that create late, which the lag figures show.
void sendCreates(const LoadPlan& plan, Poco::Net::HTTPSClientSession& session,
                 std::atomic<size_t>& nextIndex, std::vector<CreateResult>& results,
                 WorkerTally& tally) {
  const std::string path =
      std::string("/apis/kubevirt.io/v1/namespaces/") + kNamespace + "/virtualmachineinstances";
  const std::string authorization = std::string("Bearer ") + kToken;
  const std::string namePrefix = "load-" + plan.runId.substr(0, 8) + "-";
  for (size_t index = nextIndex.fetch_add(1); index < plan.count; index = nextIndex.fetch_add(1)) {
    CreateResult& result = results[index];
    result.due = dueTime(plan, index);
    if (result.due > plan.giveUpAt || *plan.interrupted) break;
    const std::string body = vmiBody(namePrefix + std::to_string(index), plan.runId);
    sleepUntil(result.due, *plan.interrupted);
    if (*plan.interrupted) break;
    try {
      if (!session.connected()) {
        ++tally.reconnects;
        establish(session);
      }
      result.sent = Clock::now();
      Answer answer = exchange(session, "POST", path, authorization, body);
      result.done = Clock::now();
      result.status = answer.status;
      if (answer.status != 201 && !tally.firstFailureBody.count(answer.status))
        tally.firstFailureBody[answer.status] = answer.body.substr(0, 400);
    } catch (const Poco::Exception& e) {
      result.done = Clock::now();
      result.status = kTransportError;
      ++tally.transportErrors[e.displayText()];
      session.reset();  // a half-read exchange must not be reused
    } catch (const std::exception& e) {
      result.done = Clock::now();
      result.status = kTransportError;
      ++tally.transportErrors[e.what()];
      session.reset();
    }
  }
}

// Joins on every path: a sender that failed to start must not leave the others unjoined.
struct ThreadGroup {
  std::vector<std::thread> threads;
  ~ThreadGroup() {
    for (auto& thread : threads)
      if (thread.joinable()) thread.join();
  }
};

// ---- watchers ----

constexpr std::string_view kAddedPrefix = "{\"type\":\"ADDED\"";

// One cluster-wide watch on the run label, read on its own thread until stop().
class Watcher {
 public:
  Watcher(const Endpoint& endpoint, const std::string& pathAndQuery,
          std::chrono::seconds readTimeout)
      : thread_([this, &endpoint, pathAndQuery, readTimeout] {
          read(endpoint, pathAndQuery, readTimeout);
        }) {}
  ~Watcher() { stop(); }
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  // Ends the stream by shutting the socket down under the reader, which then sees EOF.
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      if (socket_ >= 0) ::shutdown(socket_, SHUT_RDWR);
    }
    if (thread_.joinable()) thread_.join();
  }

  size_t added() const { return added_; }
  size_t events() const { return events_; }
  size_t bytes() const { return bytes_; }
  int status() const { return status_; }
  // When the `n`th ADDED arrived, if it did.
  std::optional<Clock::time_point> addedReachedAt(size_t n) const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (n == 0 || n > addedTimes_.size()) return std::nullopt;
    return addedTimes_[n - 1];
  }
  std::string error() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return error_;
  }

 private:
  void read(const Endpoint& endpoint, const std::string& pathAndQuery,
            std::chrono::seconds readTimeout) {
    try {
      auto session = openSession(endpoint, readTimeout);
      Poco::Net::HTTPRequest request("GET", pathAndQuery, Poco::Net::HTTPMessage::HTTP_1_1);
      request.set("Authorization", std::string("Bearer ") + kToken);
      request.set("Accept", "application/json");
      session->sendRequest(request);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) return;
        socket_ = session->socket().impl()->sockfd();
      }
      Poco::Net::HTTPResponse response;
      std::istream& in = session->receiveResponse(response);
      status_ = response.getStatus();
      std::string line;
      // Bounded: the server ends the watch at timeoutSeconds, the socket times out when idle,
      // and stop() shuts it down.
      while (std::getline(in, line)) {
        bytes_ += line.size() + 1;
        ++events_;
        if (line.compare(0, kAddedPrefix.size(), kAddedPrefix) == 0) {
          std::lock_guard<std::mutex> lock(mutex_);
          addedTimes_.push_back(Clock::now());
          ++added_;
        }
      }
    } catch (const Poco::Exception& e) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!stopping_) error_ = e.displayText();
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!stopping_) error_ = e.what();
    }
  }

  mutable std::mutex mutex_;
  bool stopping_ = false;
  int socket_ = -1;
  std::string error_;
  std::vector<Clock::time_point> addedTimes_;
  std::atomic<size_t> added_{0};
  std::atomic<size_t> events_{0};
  std::atomic<size_t> bytes_{0};
  std::atomic<int> status_{0};
  std::thread thread_;  // last: starts once every other member exists
};

// ---- the sim process ----

struct ProcessSample {
  double cpuSeconds = 0;
  long peakRssKb = -1;  // VmHWM
  long rssKb = -1;      // VmRSS
  long threads = -1;
};

ProcessSample sampleProcess(pid_t pid) {
  ProcessSample sample;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    auto valueOf = [&line] { return std::stol(line.substr(line.find(':') + 1)); };
    if (line.rfind("VmHWM:", 0) == 0) sample.peakRssKb = valueOf();
    if (line.rfind("VmRSS:", 0) == 0) sample.rssKb = valueOf();
    if (line.rfind("Threads:", 0) == 0) sample.threads = valueOf();
  }
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  if (const auto close = text.rfind(')'); close != std::string::npos) {
    std::istringstream fields(text.substr(close + 2));
    std::vector<std::string> values;
    for (std::string field; fields >> field && values.size() < 13;)
      values.push_back(field);
    if (values.size() == 13) {
      const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
      sample.cpuSeconds = (std::stod(values[11]) + std::stod(values[12])) / ticks;
    }
  }
  return sample;
}

double ownCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double percentile(const std::vector<double>& sorted, double share) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<size_t>(std::ceil(share * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size(), std::max<size_t>(rank, 1)) - 1];
}

std::string distribution(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return "p50 " + fixed(percentile(values, 0.50), 2) + "  p95 " +
         fixed(percentile(values, 0.95), 2) + "  p99 " + fixed(percentile(values, 0.99), 2) +
         "  max " + fixed(values.empty() ? 0 : values.back(), 2) + " ms";
}

std::string statusName(int status) {
  switch (status) {
    case kNotSent:
      return "not sent";
    case kTransportError:
      return "transport error";
    default:
      return "HTTP " + std::to_string(status);
  }
}

std::string listPath(const std::string& runId) {
  return std::string("/apis/kubevirt.io/v1/virtualmachineinstances?labelSelector=") + kRunLabel +
         "%3D" + runId;
}

int run(int argc, char** argv) {
  const Options options = parseOptions(argc, argv);
  const std::vector<std::string> commandLine(argv, argv + argc);
  InterruptGuard interrupts;
  TempDir dir;

  std::vector<std::string> simCommand = {options.simBinary,
                                         "--kubeconfig-out",
                                         dir.file("kubeconfig"),
                                         "--token",
                                         kToken,
                                         "--admin-token",
                                         kAdminToken,
                                         "--profile",
                                         "instant"};
  simCommand.insert(simCommand.end(), options.simArgs.begin(), options.simArgs.end());
  ChildProcess sim(simCommand);  // its destructor sends SIGTERM, whatever happens below
  const auto urlLine = sim.readLine(std::chrono::seconds(20));
  if (!urlLine || urlLine->rfind("https://", 0) != 0)
    throw std::runtime_error("perfscale-sim did not start: " + sim.stderrText());
  const Poco::URI url(*urlLine);
  const Endpoint endpoint{url.getHost(), url.getPort(),
                          clientContext(caFromKubeconfig(dir.file("kubeconfig")))};
  const std::string runId = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
  const std::string adminAuthorization = std::string("Bearer ") + kAdminToken;
  const std::string authorization = std::string("Bearer ") + kToken;
  auto control = openSession(endpoint, std::chrono::seconds(120));

  // Watches start from the version of an empty list, so none misses an event however
  // late the server gets to registering it.
  std::vector<std::unique_ptr<Watcher>> watchers;
  const auto scheduleLength = Seconds(static_cast<double>(options.count - 1) / options.rate);
  if (options.watchers > 0) {
    const Answer empty = exchange(*control, "GET", listPath(runId), authorization);
    if (empty.status != 200)
      throw std::runtime_error("initial LIST answered " + std::to_string(empty.status));
    const auto version = Poco::JSON::Parser()
                             .parse(empty.body)
                             .extract<Poco::JSON::Object::Ptr>()
                             ->getObject("metadata")
                             ->getValue<std::string>("resourceVersion");
    const auto watchBound = std::chrono::duration_cast<std::chrono::seconds>(scheduleLength) +
                            options.overrun + options.watchGrace + std::chrono::seconds(10);
    const std::string watchPath = listPath(runId) + "&watch=true&resourceVersion=" + version +
                                  "&timeoutSeconds=" + std::to_string(watchBound.count());
    for (int i = 0; i < options.watchers; ++i)
      watchers.push_back(std::make_unique<Watcher>(endpoint, watchPath, watchBound));
  }

  // Every connection is open before the clock starts: the schedule measures creates only.
  std::vector<std::unique_ptr<Poco::Net::HTTPSClientSession>> sessions;
  for (int i = 0; i < options.connections; ++i) {
    sessions.push_back(openSession(endpoint, options.requestTimeout));
    establish(*sessions.back());
  }

  LoadPlan plan;
  plan.runId = runId;
  plan.count = options.count;
  plan.rate = options.rate;
  plan.interrupted = &interrupts.interrupted();
  std::vector<CreateResult> results(options.count);
  std::vector<WorkerTally> tallies(static_cast<size_t>(options.connections));
  std::atomic<size_t> nextIndex{0};

  const ProcessSample simBefore = sampleProcess(sim.pid());
  const double clientCpuBefore = ownCpuSeconds();
  plan.start = Clock::now() + std::chrono::milliseconds(50);  // lets every sender get ready
  plan.giveUpAt =
      plan.start + std::chrono::duration_cast<Clock::duration>(scheduleLength) + options.overrun;
  {
    ThreadGroup senders;
    for (size_t i = 0; i < sessions.size(); ++i) {
      senders.threads.emplace_back(
          [&, i] { sendCreates(plan, *sessions[i], nextIndex, results, tallies[i]); });
    }
  }
  const auto loadEnded = Clock::now();
  const ProcessSample simAfterLoad = sampleProcess(sim.pid());
  const double clientCpuAfter = ownCpuSeconds();

  // ---- tally the creates ----
  std::map<int, size_t> byStatus;
  std::vector<double> latencies, lags;
  std::optional<Clock::time_point> firstOk, lastOk;
  size_t ok = 0;
  for (const auto& result : results) {
    ++byStatus[result.status];
    if (result.status == kNotSent) continue;
    latencies.push_back(Millis(result.done - result.sent).count());
    lags.push_back(Millis(result.sent - result.due).count());
    if (result.status != 201) continue;
    ++ok;
    if (!firstOk || result.done < *firstOk) firstOk = result.done;
    if (!lastOk || result.done > *lastOk) lastOk = result.done;
  }
  // Rate between the first and the last successful answer: n answers span n-1 intervals,
  // which the schedule spaces 1/rate apart, so a server that keeps up scores the asked rate.
  const double window = ok > 1 ? Seconds(*lastOk - *firstOk).count() : 0;
  const double achievedRate = window > 0 ? static_cast<double>(ok - 1) / window : 0;
  size_t reconnects = 0;
  std::map<std::string, size_t> transportErrors;
  std::map<int, std::string> failureBodies;
  for (const auto& tally : tallies) {
    reconnects += tally.reconnects;
    for (const auto& [message, n] : tally.transportErrors)
      transportErrors[message] += n;
    failureBodies.insert(tally.firstFailureBody.begin(), tally.firstFailureBody.end());
  }

  // ---- watchers catch up, bounded by --watch-grace ----
  const auto watchDeadline = Clock::now() + options.watchGrace;
  auto allWatchersDone = [&] {
    return std::all_of(watchers.begin(), watchers.end(),
                       [&](const auto& watcher) { return watcher->added() >= ok; });
  };
  while (!watchers.empty() && !allWatchersDone() && Clock::now() < watchDeadline &&
         !interrupts.interrupted())
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  for (auto& watcher : watchers)
    watcher->stop();

  // ---- verify: the sim's own count, and one cluster-wide LIST ----
  std::optional<long> liveVmis, waitingForCapacity, occupied;
  std::string statsError;
  try {
    const Answer stats = exchange(*control, "GET", "/sim/stats", adminAuthorization);
    const auto json = Poco::JSON::Parser().parse(stats.body).extract<Poco::JSON::Object::Ptr>();
    liveVmis = json->getValue<long>("liveVmis");
    waitingForCapacity = json->getValue<long>("waitingForCapacity");
    occupied = json->getValue<long>("occupied");
  } catch (const Poco::Exception& e) {
    statsError = e.displayText();
    control = openSession(endpoint, std::chrono::seconds(120));
  }
  std::optional<size_t> listedItems;
  double listMs = 0, listParseMs = 0;
  size_t listBytes = 0;
  int listStatus = 0;
  std::string listError;
  try {
    const auto listStarted = Clock::now();
    const Answer list = exchange(*control, "GET", listPath(runId), authorization);
    listMs = Millis(Clock::now() - listStarted).count();
    listStatus = list.status;
    listBytes = list.body.size();
    const auto parseStarted = Clock::now();
    const auto json = Poco::JSON::Parser().parse(list.body).extract<Poco::JSON::Object::Ptr>();
    listedItems = json->getArray("items")->size();
    listParseMs = Millis(Clock::now() - parseStarted).count();
  } catch (const Poco::Exception& e) {
    listError = e.displayText();
  }

  const ProcessSample simAtEnd = sampleProcess(sim.pid());  // before SIGTERM: VmHWM goes with it
  sessions.clear();  // hang up first, so the sim's shutdown has no connection to wait for
  control.reset();
  const int simExit = sim.stop(SIGTERM);

  // ---- report ----
  const double loadSeconds = Seconds(loadEnded - plan.start).count();
  std::cout << "perfscale-sim-load: " << options.count << " VMI creates at " << options.rate
            << "/s over " << options.connections << " keep-alive HTTPS connections, "
            << options.watchers << " watchers\n";
  std::cout << "  command          " << shellQuoted(commandLine) << '\n';
  std::cout << "  sim command      " << shellQuoted(simCommand) << '\n';
  std::cout << "  asked rate       " << fixed(options.rate, 1) << " creates/s\n";
  std::cout << "  achieved rate    " << fixed(achievedRate, 1)
            << " creates/s (first to last 201 answer, " << fixed(window, 3) << " s)\n";
  std::cout << "  duration         " << fixed(loadSeconds, 3) << " s from schedule start to last "
            << "answer (schedule " << fixed(scheduleLength.count(), 3) << " s)\n";
  std::cout << "  created          " << ok << " ok, " << (options.count - ok) << " failed\n";
  for (const auto& [status, n] : byStatus)
    std::cout << "    " << std::left << std::setw(16) << statusName(status) << std::right << n
              << '\n';
  for (const auto& [message, n] : transportErrors)
    std::cout << "    transport error x" << n << ": " << message << '\n';
  for (const auto& [status, body] : failureBodies)
    std::cout << "    first HTTP " << status << " body: " << body << '\n';
  std::cout << "  latency          " << distribution(latencies) << " (send to full response)\n";
  std::cout << "  schedule lag     " << distribution(lags)
            << " (due to sent; large = senders could not keep the schedule)\n";
  std::cout << "  connections      " << options.connections << " opened before the schedule, "
            << reconnects << " reconnects\n";
  std::cout << "  live VMIs after  "
            << (liveVmis ? std::to_string(*liveVmis) : "unknown (" + statsError + ")");
  if (liveVmis)
    std::cout << " (/sim/stats; " << *occupied << " placed on nodes, " << *waitingForCapacity
              << " waiting for capacity)";
  std::cout << '\n';
  if (listedItems) {
    std::cout << "  list             " << *listedItems << " items, HTTP " << listStatus << ", "
              << fixed(listMs, 1) << " ms, " << fixed(static_cast<double>(listBytes) / 1048576, 1)
              << " MiB (client JSON parse " << fixed(listParseMs, 1) << " ms more)\n";
  } else {
    std::cout << "  list             failed: HTTP " << listStatus << " " << listError << '\n';
  }
  if (!watchers.empty()) {
    size_t events = 0, bytes = 0, complete = 0;
    std::vector<double> lastAdded;  // a watcher's last expected ADDED - the last create answer
    for (const auto& watcher : watchers) {
      events += watcher->events();
      bytes += watcher->bytes();
      if (watcher->added() >= ok) ++complete;
      if (auto reached = watcher->addedReachedAt(ok); reached && lastOk)
        lastAdded.push_back(Millis(*reached - *lastOk).count());
      if (!watcher->error().empty())
        std::cout << "    watcher error (HTTP " << watcher->status() << "): " << watcher->error()
                  << '\n';
    }
    std::cout << "  watchers         " << watchers.size() << " x cluster-wide watch: " << events
              << " events, " << fixed(static_cast<double>(bytes) / 1048576, 1) << " MiB, "
              << complete << " saw every ADDED\n";
    std::cout << "  watch delay      " << distribution(lastAdded)
              << " (each watcher's last ADDED minus the last create answer)\n";
  }
  const double simCpu = simAfterLoad.cpuSeconds - simBefore.cpuSeconds;
  const double clientCpu = clientCpuAfter - clientCpuBefore;
  std::cout << "  CPU during load  sim " << fixed(simCpu, 2) << " s ("
            << fixed(100 * simCpu / loadSeconds, 0) << "% of one core), this client "
            << fixed(clientCpu, 2) << " s (" << fixed(100 * clientCpu / loadSeconds, 0) << "%), "
            << std::thread::hardware_concurrency() << " cores\n";
  std::cout << "  sim memory       peak RSS (VmHWM) "
            << fixed(static_cast<double>(simAtEnd.peakRssKb) / 1024, 1) << " MiB, RSS at end "
            << fixed(static_cast<double>(simAtEnd.rssKb) / 1024, 1) << " MiB, " << simAtEnd.threads
            << " threads\n";
  std::cout << "  sim exit         " << simExit << " after SIGTERM\n";

  std::vector<std::string> failures;
  if (ok != options.count)
    failures.push_back(std::to_string(options.count - ok) + " creates did not succeed");
  if (std::abs(achievedRate - options.rate) > 0.01 * options.rate)
    failures.push_back("achieved rate " + fixed(achievedRate, 1) + "/s is not within 1% of " +
                       fixed(options.rate, 1) + "/s");
  if (!liveVmis || *liveVmis < static_cast<long>(ok))
    failures.push_back("the sim reports fewer live VMIs than were created");
  if (!listedItems || *listedItems != ok)
    failures.push_back("the LIST did not return every created VMI");
  if (interrupts.interrupted()) failures.push_back("interrupted");
  if (failures.empty()) {
    std::cout << "RESULT PASS\n";
    return 0;
  }
  std::cout << "RESULT FAIL:";
  for (const auto& failure : failures)
    std::cout << "\n  - " << failure;
  std::cout << '\n';
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "perfscale-sim-load: " << e.what() << '\n';
    return 2;
  }
}
