// A real Prometheus for one test (see prometheus_server.h).
#include "tests/support/prometheus_server.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace perfscale::test {

namespace {

using namespace std::chrono_literals;

// A YAML double-quoted scalar (JSON's escapes are YAML's).
std::string quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

uint16_t freeLoopbackPort() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  const uint16_t port = socket.address().port();
  socket.close();
  return port;
}

std::string stringify(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out);
  return out.str();
}

// Where the URL's authority ends, when its port is 0 (its address given later by
// setTargetUrl); npos otherwise.
size_t portLaterEnd(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return std::string::npos;
  const auto end = std::min(url.find('/', scheme + 3), url.size());
  const std::string authority = url.substr(scheme + 3, end - scheme - 3);
  const bool later = authority.size() > 2 && authority.compare(authority.size() - 2, 2, ":0") == 0;
  return later ? end : std::string::npos;
}

bool portLater(const std::string& url) {
  return portLaterEnd(url) != std::string::npos;
}

// The URL parsed; a port 0 (which Poco refuses) left out.
Poco::URI parseUrl(const std::string& url) {
  const auto end = portLaterEnd(url);
  return Poco::URI(end == std::string::npos ? url : url.substr(0, end - 2) + url.substr(end));
}

std::string metricsPath(const Poco::URI& uri) {
  return uri.getPath().empty() ? "/metrics" : uri.getPath();
}

// file_sd's format: [{"targets": ["HOST:PORT"], "labels": {...}}], or [] for none yet.
std::string fileSdTargets(const ScrapeTarget& target, const std::optional<Poco::URI>& uri) {
  Poco::JSON::Array list;
  if (uri) {
    Poco::JSON::Object group;
    Poco::JSON::Array addresses;
    addresses.add(uri->getHost() + ":" + std::to_string(uri->getPort()));
    group.set("targets", addresses);
    Poco::JSON::Object labels;
    for (const auto& [name, value] : target.labels)
      labels.set(name, value);
    group.set("labels", labels);
    list.add(group);
  }
  return stringify(list) + "\n";
}

// Replaces `path` whole (a rename), so that Prometheus never reads half a file.
void replaceFile(const std::string& path, const std::string& content) {
  const std::string temporary = path + ".new";
  writeFile(temporary, content);
  if (std::rename(temporary.c_str(), path.c_str()) != 0)
    throw std::runtime_error("cannot rename " + temporary + " to " + path);
}

}  // namespace

std::optional<std::string> prometheusBinary() {
  const char* path = std::getenv("PATH");
  std::string rest = path ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= rest.size()) {
    const auto colon = rest.find(':', start);
    const std::string dir =
        rest.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    const std::string candidate = (dir.empty() ? "." : dir) + "/prometheus";
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return std::nullopt;
}

PrometheusServer::PrometheusServer(const std::vector<ScrapeTarget>& targets,
                                   std::chrono::seconds readyTimeout) {
  const auto binary = prometheusBinary();
  if (!binary)
    throw std::runtime_error(
        "prometheus is not installed (no prometheus on PATH): install Debian's package with "
        "`apt-get install prometheus` or run tests/scripts/install-deps.sh");

  config_ =
      "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
      "scrape_configs:\n";
  for (size_t i = 0; i < targets.size(); ++i) {
    const auto& target = targets[i];
    const Poco::URI uri = parseUrl(target.url);
    if ((uri.getScheme() != "https" && uri.getScheme() != "http") || uri.getHost().empty())
      throw std::invalid_argument("scrape target " + target.job +
                                  ": expected http(s)://HOST:PORT, got " + target.url);
    const std::string prefix = dir_.file("target-" + std::to_string(i));
    config_ += "  - job_name: " + quote(target.job) + "\n    scheme: " + uri.getScheme() +
               "\n    metrics_path: " + quote(metricsPath(uri)) + "\n";
    if (!target.bearerToken.empty()) {
      writeFile(prefix + ".token", target.bearerToken);
      chmod((prefix + ".token").c_str(), 0600);
      config_ += "    authorization:\n      type: Bearer\n      credentials_file: " +
                 quote(prefix + ".token") + "\n";
    }
    if (!target.caPem.empty()) {
      writeFile(prefix + ".ca.pem", target.caPem);
      config_ += "    tls_config:\n      ca_file: " + quote(prefix + ".ca.pem") + "\n";
    }
    Job job{target, "", true};
    if (portLater(target.url)) {
      job.sdFile = prefix + ".targets.json";
      job.addressed = false;
      writeFile(job.sdFile, fileSdTargets(target, std::nullopt));
      config_ += "    file_sd_configs:\n      - files: [" + quote(job.sdFile) +
                 "]\n        refresh_interval: 1s\n";
    } else {
      config_ += "    static_configs:\n      - targets: [" +
                 quote(uri.getHost() + ":" + std::to_string(uri.getPort())) + "]\n";
      if (!target.labels.empty()) {
        config_ += "        labels:\n";
        for (const auto& [name, value] : target.labels)
          config_ += "          " + name + ": " + quote(value) + "\n";
      }
    }
    jobs_.push_back(std::move(job));
  }
  writeFile(dir_.file("prometheus.yml"), config_);

  // The free port may be taken before prometheus binds it: then it exits, and we try another.
  const auto deadline = std::chrono::steady_clock::now() + readyTimeout;
  for (int attempt = 0; attempt < 3; ++attempt) {
    const uint16_t port = freeLoopbackPort();
    url_ = "http://127.0.0.1:" + std::to_string(port);
    process_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        *binary, "--config.file=" + dir_.file("prometheus.yml"),
        "--storage.tsdb.path=" + dir_.file("data"),
        "--web.listen-address=127.0.0.1:" + std::to_string(port), "--log.level=warn"});
    while (std::chrono::steady_clock::now() < deadline) {
      if (const auto code = process_->waitForExit(0ms)) break;
      try {
        Poco::Net::HTTPClientSession session("127.0.0.1", port);
        session.setTimeout(Poco::Timespan(2, 0));
        Poco::Net::HTTPRequest request("GET", "/-/ready", Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        session.receiveResponse(response);
        if (response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK) return;
      } catch (const Poco::Exception&) {
      }
      std::this_thread::sleep_for(100ms);
    }
    const auto exited = process_->waitForExit(0ms);
    if (!exited)
      throw std::runtime_error("prometheus did not become ready at " + url_ + " within " +
                               std::to_string(readyTimeout.count()) + " s; its log:\n" +
                               process_->stderrText());
    if (attempt == 2 || std::chrono::steady_clock::now() >= deadline)
      throw std::runtime_error("prometheus exited with code " + std::to_string(*exited) +
                               "; its configuration:\n" + config_ + "its log:\n" +
                               process_->stderrText());
  }
}

PrometheusServer::~PrometheusServer() {
  if (process_) process_->stop(SIGKILL);
}

std::string PrometheusServer::logText() {
  return process_ ? process_->stderrText() : "";
}

Poco::JSON::Object::Ptr PrometheusServer::getJson(const std::string& pathAndQuery) {
  const Poco::URI base(url_);
  Poco::Net::HTTPClientSession session(base.getHost(), base.getPort());
  session.setTimeout(Poco::Timespan(10, 0));
  Poco::Net::HTTPRequest request("GET", pathAndQuery, Poco::Net::HTTPMessage::HTTP_1_1);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  const std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Poco::JSON::Object::Ptr answer;
  try {
    answer = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("prometheus GET " + pathAndQuery + ": HTTP " +
                             std::to_string(response.getStatus()) + ", not JSON: " + body);
  }
  if (answer->optValue<std::string>("status", "") != "success")
    throw std::runtime_error("prometheus GET " + pathAndQuery + ": HTTP " +
                             std::to_string(response.getStatus()) + ": " +
                             answer->optValue<std::string>("errorType", "") + ": " +
                             answer->optValue<std::string>("error", body));
  return answer;
}

Poco::JSON::Object::Ptr PrometheusServer::query(
    const std::string& promql, std::optional<std::chrono::system_clock::time_point> at) {
  Poco::URI uri("/api/v1/query");
  uri.addQueryParameter("query", promql);
  if (at) {
    const double seconds = std::chrono::duration<double>(at->time_since_epoch()).count();
    std::ostringstream text;
    text.precision(15);
    text << seconds;
    uri.addQueryParameter("time", text.str());
  }
  return getJson(uri.getPathAndQuery());
}

Poco::JSON::Array::Ptr PrometheusServer::series(
    const std::string& promql, std::optional<std::chrono::system_clock::time_point> at) {
  auto data = query(promql, at)->getObject("data");
  auto result = data ? data->getArray("result") : nullptr;
  if (!result || data->optValue<std::string>("resultType", "") != "vector")
    return new Poco::JSON::Array();
  return result;
}

Poco::JSON::Array::Ptr PrometheusServer::waitForSeries(
    const std::string& promql, std::chrono::milliseconds timeout,
    const std::function<bool(const Poco::JSON::Array&)>& accept) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Poco::JSON::Array::Ptr last;
  for (;;) {
    last = series(promql);
    if (last->size() > 0 && (!accept || accept(*last))) return last;
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(250ms);
  }
  throw std::runtime_error("prometheus: no acceptable answer to " + promql + " within " +
                           std::to_string(timeout.count()) + " ms; last result " + stringify(last) +
                           "; targets " + stringify(targets()));
}

void PrometheusServer::setTargetUrl(const std::string& job, const std::string& url) {
  for (auto& j : jobs_) {
    if (j.target.job != job) continue;
    if (j.sdFile.empty())
      throw std::invalid_argument("scrape target " + job + ": its address " + j.target.url +
                                  " is fixed; give port 0 to set it later");
    const Poco::URI configured = parseUrl(j.target.url);
    const Poco::URI uri(url);
    if (uri.getScheme() != configured.getScheme() || uri.getHost().empty() || portLater(url) ||
        metricsPath(uri) != metricsPath(configured))
      throw std::invalid_argument("scrape target " + job + ": expected " + configured.getScheme() +
                                  "://HOST:PORT" + configured.getPath() + " with a port, got " +
                                  url);
    replaceFile(j.sdFile, fileSdTargets(j.target, uri));
    j.addressed = true;
    return;
  }
  throw std::invalid_argument("no scrape target " + job);
}

void PrometheusServer::waitForTargetsUp(std::chrono::milliseconds timeout) {
  size_t addressed = 0;
  for (const auto& j : jobs_)
    addressed += j.addressed ? 1 : 0;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto active = targets()->getObject("data")->getArray("activeTargets");
    bool allUp = active && active->size() > 0 && active->size() >= addressed;
    for (size_t i = 0; allUp && i < active->size(); ++i)
      allUp = active->getObject(i)->optValue<std::string>("health", "") == "up";
    if (allUp) return;
    if (std::chrono::steady_clock::now() >= deadline)
      throw std::runtime_error("prometheus: targets not up within " +
                               std::to_string(timeout.count()) + " ms: " + stringify(targets()));
    std::this_thread::sleep_for(250ms);
  }
}

Poco::JSON::Object::Ptr PrometheusServer::targets() {
  return getJson("/api/v1/targets?state=active");
}

double PrometheusServer::valueOf(const Poco::JSON::Object::Ptr& series) {
  auto value = series ? series->getArray("value") : nullptr;
  if (!value || value->size() != 2)
    throw std::invalid_argument("not a sample of an instant vector: " + stringify(series));
  const std::string text = value->getElement<std::string>(1);
  if (text == "NaN") return std::nan("");
  if (text == "+Inf") return HUGE_VAL;
  if (text == "-Inf") return -HUGE_VAL;
  return std::stod(text);
}

}  // namespace perfscale::test
