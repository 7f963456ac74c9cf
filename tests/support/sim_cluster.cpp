// A simulated cluster per test and a direct HTTPS client (see sim_cluster.h).
#include "tests/support/sim_cluster.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Crypto/EVPPKey.h>
#include <Poco/Crypto/X509Certificate.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>
#include <yaml-cpp/yaml.h>

#include <sys/stat.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace perfscale::test {

Poco::JSON::Object::Ptr HttpAnswer::json() const {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

HttpStream::HttpStream(std::unique_ptr<Poco::Net::HTTPSClientSession> session, int status,
                       std::istream& body)
    : session_(std::move(session)), status_(status), body_(body) {}

std::optional<std::string> HttpStream::readLine(std::chrono::milliseconds timeout) {
  session_->socket().setReceiveTimeout(
      Poco::Timespan(static_cast<long>(timeout.count() / 1000),
                     static_cast<long>((timeout.count() % 1000) * 1000)));
  try {
    std::string line;
    if (!std::getline(body_, line)) return std::nullopt;
    return line;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

HttpsClient::HttpsClient(const std::string& url, const std::string& caPem,
                         std::string authorization, const std::string& clientCertPem,
                         const std::string& clientKeyPem)
    : authorization_(std::move(authorization)) {
  const Poco::URI uri(url);
  host_ = uri.getHost();
  port_ = uri.getPort();
  Poco::Net::Context::Params params;
  params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
  params.loadDefaultCAs = false;
  context_ = new Poco::Net::Context(Poco::Net::Context::CLIENT_USE, params);
  std::istringstream ca(caPem);
  context_->addCertificateAuthority(Poco::Crypto::X509Certificate(ca));
  if (!clientCertPem.empty()) {
    std::istringstream cert(clientCertPem), key(clientKeyPem);
    context_->useCertificate(Poco::Crypto::X509Certificate(cert));
    context_->usePrivateKey(Poco::Crypto::EVPPKey(nullptr, &key));
  }
}

std::unique_ptr<Poco::Net::HTTPSClientSession> HttpsClient::newSession() const {
  auto session = std::make_unique<Poco::Net::HTTPSClientSession>(host_, port_, context_);
  session->setKeepAlive(true);
  session->setTimeout(Poco::Timespan(30, 0));
  return session;
}

HttpAnswer HttpsClient::request(const std::string& method, const std::string& pathAndQuery,
                                const std::string& body, const std::string& contentType) {
  if (!session_) session_ = newSession();
  Poco::Net::HTTPRequest request(method, pathAndQuery, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setKeepAlive(true);
  if (!authorization_.empty()) request.set("Authorization", authorization_);
  request.set("Accept", "application/json");
  if (!body.empty() || method == "POST" || method == "PUT") {
    request.setContentType(contentType);
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  HttpAnswer answer;
  try {
    session_->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session_->receiveResponse(response);
    answer.status = response.getStatus();
    for (const auto& [name, value] : response)
      answer.headers[name] = value;
    answer.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } catch (...) {
    session_.reset();  // never reuse a session in an unknown state
    throw;
  }
  return answer;
}

std::unique_ptr<HttpStream> HttpsClient::stream(const std::string& pathAndQuery) {
  auto session = newSession();
  Poco::Net::HTTPRequest request("GET", pathAndQuery, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!authorization_.empty()) request.set("Authorization", authorization_);
  session->sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::istream& in = session->receiveResponse(response);
  return std::make_unique<HttpStream>(std::move(session), response.getStatus(), in);
}

std::string simBinary() {
  return PERFSCALE_SIM_BINARY;
}

namespace {

// The flags `perfscale-sim controller` shares with the simulated server: how VMIs move.
bool isControllerFlag(const std::string& flag) {
  static const std::set<std::string> flags = {"--profile",
                                              "--nodes",
                                              "--vmis-per-node",
                                              "--controller-workers",
                                              "--controller-work-cost",
                                              "--delay-scheduling",
                                              "--delay-scheduled",
                                              "--delay-running",
                                              "--delay-gone",
                                              "--default-grace-period",
                                              "--fractional-timestamps",
                                              "--stall-controller",
                                              "--fault-vmi-fail-rate"};
  return flags.count(flag.substr(0, flag.find('='))) > 0;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string firstLine(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

}  // namespace

bool SimCluster::real() {
  const char* dir = std::getenv("PERFSCALE_REAL_CLUSTER");
  return dir && *dir;
}

SimCluster::SimCluster(const std::vector<std::string>& extraArgs) : extraArgs_(extraArgs) {
  if (real()) {
    startRealController(std::getenv("PERFSCALE_REAL_CLUSTER"), extraArgs);
  } else {
    startSim(extraArgs);
  }
}

SimCluster::~SimCluster() {
  if (!realDir_.empty()) {
    try {
      emptyRealCluster();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "warning: emptying the real cluster after the test failed: %s\n",
                   e.what());
    }
  }
}

void SimCluster::startSim(const std::vector<std::string>& extraArgs) {
  std::vector<std::string> argv = {simBinary(), "--kubeconfig-out", kubeconfig(), "--token",
                                   token_,      "--admin-token",    adminToken_};
  argv.insert(argv.end(), extraArgs.begin(), extraArgs.end());
  process_ = std::make_unique<ChildProcess>(argv);
  auto line = process_->readLine(std::chrono::seconds(20));
  if (!line || line->rfind("https://", 0) != 0) {
    process_->stop(SIGTERM);
    throw std::runtime_error("perfscale-sim did not start: " + process_->stderrText());
  }
  url_ = *line;
  const auto config = YAML::LoadFile(kubeconfig());
  std::istringstream encoded(
      config["clusters"][0]["cluster"]["certificate-authority-data"].as<std::string>());
  Poco::Base64Decoder decoder(encoded);
  caPem_.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
  adminUrl_ = url_;
  adminCaPem_ = caPem_;
}

void SimCluster::startRealController(const std::string& realDir,
                                     const std::vector<std::string>& extraArgs) {
  realDir_ = realDir;
  url_ = firstLine(slurp(realDir + "/url"));
  caPem_ = slurp(realDir + "/ca.pem");
  token_ = firstLine(slurp(realDir + "/token"));
  writeFile(kubeconfig(), slurp(realDir + "/kubeconfig"));
  ::chmod(kubeconfig().c_str(), 0600);
  // Whatever an earlier test left behind would be counted as this test's.
  emptyRealCluster();
  std::vector<std::string> argv = {
      simBinary(),     "controller", "--kubeconfig",   kubeconfig(),
      "--admin-token", adminToken_,  "--admin-ca-out", dir_.file("admin-ca.pem")};
  for (size_t i = 0; i < extraArgs.size(); ++i) {
    const std::string& arg = extraArgs[i];
    if (arg.rfind("--", 0) != 0) continue;  // a value, taken with its flag below
    // cluster.sh made these users: the kubeconfig has a context for the certificate user, and
    // namespaceUserKubeconfig finds the ServiceAccounts' kubeconfigs.
    if (arg == "--client-cert-user" || arg == "--namespace-user") {
      ++i;
      continue;
    }
    if (!isControllerFlag(arg))
      throw std::runtime_error("this test needs the simulated server (" + arg +
                               "): it cannot run against a real API server");
    argv.push_back(arg);
    if (arg.find('=') == std::string::npos && i + 1 < extraArgs.size() &&
        extraArgs[i + 1].rfind("--", 0) != 0)
      argv.push_back(extraArgs[++i]);
  }
  process_ = std::make_unique<ChildProcess>(argv);
  auto line = process_->readLine(std::chrono::seconds(30));
  if (!line || line->rfind("https://", 0) != 0) {
    process_->stop(SIGTERM);
    throw std::runtime_error("perfscale-sim controller did not start: " + process_->stderrText());
  }
  adminUrl_ = *line;
  adminCaPem_ = slurp(dir_.file("admin-ca.pem"));
}

// Deletes every VMI and every namespace a run labelled, and waits (bounded) until they are
// gone: VMIs need the controller to drop their finalizer, namespaces the namespace controller.
void SimCluster::emptyRealCluster() {
  auto api = client();
  if (process_) {  // a stalled controller, or one failing launches, would hold the finalizers
    auto admin = adminClient();
    admin.request("PUT", "/sim/faults", R"({"stallController":false,"vmiFailRate":0})");
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  auto names = [&](const std::string& path) {
    std::vector<std::pair<std::string, std::string>> found;
    auto answer = api.request("GET", path);
    if (answer.status != 200) return found;
    auto items = answer.json()->getArray("items");
    for (size_t i = 0; items && i < items->size(); ++i) {
      auto meta = items->getObject(i)->getObject("metadata");
      found.emplace_back(meta->optValue<std::string>("namespace", ""),
                         meta->getValue<std::string>("name"));
    }
    return found;
  };
  const std::string runNamespaces = "/api/v1/namespaces?labelSelector=perfscale.kubevirt.io%2Frun";
  for (int round = 0; std::chrono::steady_clock::now() < deadline; ++round) {
    auto vmis = names("/apis/kubevirt.io/v1/virtualmachineinstances");
    auto namespaces = names(runNamespaces);
    if (vmis.empty() && namespaces.empty()) return;
    if (round % 10 == 0) {  // again every 5 s, in case a delete was lost
      for (const auto& [ns, name] : vmis) {
        api.request("DELETE",
                    "/apis/kubevirt.io/v1/namespaces/" + ns + "/virtualmachineinstances/" + name);
      }
      for (const auto& [unused, name] : namespaces)
        api.request("DELETE", "/api/v1/namespaces/" + name);
    }
    // Without a controller of this test's running, nothing would drop the finalizers.
    if (!process_ && !vmis.empty()) {
      for (const auto& [ns, name] : vmis) {
        api.request("PATCH",
                    "/apis/kubevirt.io/v1/namespaces/" + ns + "/virtualmachineinstances/" + name,
                    R"({"metadata":{"finalizers":null}})", "application/merge-patch+json");
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  throw std::runtime_error("VMIs or run namespaces were still there after 90 s");
}

HttpsClient SimCluster::client() const {
  return clientWithAuthorization("Bearer " + token_);
}

HttpsClient SimCluster::adminClient() const {
  return HttpsClient(adminUrl_, adminCaPem_, "Bearer " + adminToken_);
}

std::pair<std::string, std::string> SimCluster::kubeconfigFor(Credential credential) {
  const char* names[] = {"token", "cert", "exec"};
  const std::string context = names[static_cast<int>(credential)];
  if (!realDir_.empty()) return {kubeconfig(), context};  // cluster.sh wrote all three
  const std::string path = dir_.file("kubeconfig-" + context);
  if (!std::ifstream(path)) {
    // The sim's own kubeconfig holds the token user and, when started with
    // --client-cert-user, a certificate user; the exec plugin answers with the token.
    const auto config = YAML::LoadFile(kubeconfig());
    YAML::Node user;
    if (credential == Credential::Token) {
      user["token"] = token_;
    } else if (credential == Credential::ClientCertificate) {
      for (const auto& entry : config["users"]) {
        if (entry["user"]["client-certificate-data"]) user = entry["user"];
      }
      if (!user)
        throw std::runtime_error("a client certificate user needs the sim's --client-cert-user");
    } else {
      const std::string script = dir_.file("exec-credential.sh");
      writeFile(
          script,
          "#!/bin/sh\nprintf '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":"
          "\"ExecCredential\",\"status\":{\"token\":\"%s\"}}\\n' '" +
              token_ + "'\n");
      ::chmod(script.c_str(), 0700);
      user["exec"]["apiVersion"] = "client.authentication.k8s.io/v1beta1";
      user["exec"]["command"] = script;
      user["exec"]["interactiveMode"] = "Never";
    }
    YAML::Node out;
    out["apiVersion"] = "v1";
    out["kind"] = "Config";
    out["clusters"] = config["clusters"];
    YAML::Node named;
    named["name"] = context;
    named["user"] = user;
    out["users"].push_back(named);
    YAML::Node ctx;
    ctx["name"] = context;
    ctx["context"]["cluster"] = config["clusters"][0]["name"];
    ctx["context"]["user"] = context;
    out["contexts"].push_back(ctx);
    out["current-context"] = context;
    YAML::Emitter emitter;
    emitter << out;
    writeFile(path, emitter.c_str());
    ::chmod(path.c_str(), 0600);
  }
  return {path, context};
}

std::string SimCluster::namespaceUserKubeconfig(const std::string& ns) {
  if (!realDir_.empty()) {
    const std::string path = realDir_ + "/kubeconfig-" + ns;
    if (!std::ifstream(path)) throw std::runtime_error("cluster.sh wrote no " + path);
    return path;
  }
  std::string token;
  for (size_t i = 0; i + 1 < extraArgs_.size(); ++i) {
    if (extraArgs_[i] != "--namespace-user" || extraArgs_[i + 1].rfind(ns + ":", 0) != 0) continue;
    const auto rest = extraArgs_[i + 1].substr(ns.size() + 1);
    token = rest.substr(0, rest.find(':'));
  }
  if (token.empty())
    throw std::runtime_error("the sim was started without --namespace-user " + ns + ":TOKEN");
  // The namespace exists, as an administrator made it for the user.
  const auto created = client().request(
      "POST", "/api/v1/namespaces",
      R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + ns + R"("}})");
  if (created.status != 201 && created.status != 409)
    throw std::runtime_error("creating namespace " + ns + ": " + created.body);
  const auto config = YAML::LoadFile(kubeconfig());
  YAML::Node out;
  out["apiVersion"] = "v1";
  out["kind"] = "Config";
  out["clusters"] = config["clusters"];
  YAML::Node user;
  user["name"] = "runner";
  user["user"]["token"] = token;
  out["users"].push_back(user);
  YAML::Node context;
  context["name"] = ns;
  context["context"]["cluster"] = config["clusters"][0]["name"];
  context["context"]["user"] = "runner";
  context["context"]["namespace"] = ns;
  out["contexts"].push_back(context);
  out["current-context"] = ns;
  YAML::Emitter emitter;
  emitter << out;
  const std::string path = dir_.file("kubeconfig-" + ns);
  writeFile(path, emitter.c_str());
  ::chmod(path.c_str(), 0600);
  return path;
}

HttpsClient SimCluster::clientWithAuthorization(const std::string& authorization) const {
  return HttpsClient(url_, caPem_, authorization);
}

std::map<std::string, std::string> SimCluster::kubeconfigEnvironment() const {
  return {{"KUBECONFIG", kubeconfig()}, {"HOME", dir_.path()}};
}

std::string vmiJson(const std::string& name, const std::map<std::string, std::string>& labels,
                    int gracePeriodSeconds) {
  std::string labelText;
  for (const auto& [key, value] : labels) {
    labelText += (labelText.empty() ? "" : ",") + std::string("\"") + key + "\":\"" + value + "\"";
  }
  return R"({"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":")" +
         name + R"(","labels":{)" + labelText + R"(}},"spec":{"terminationGracePeriodSeconds":)" +
         std::to_string(gracePeriodSeconds) +
         R"(,"domain":{"resources":{"requests":{"memory":"90Mi","cpu":"100m"},"limits":{"memory":"90Mi","cpu":"100m"}},"devices":{"disks":[{"name":"disk0","disk":{"bus":"virtio"}}]}},"volumes":[{"name":"disk0","containerDisk":{"image":"quay.io/kubevirt/cirros-container-disk-demo:latest"}}]}})";
}

}  // namespace perfscale::test
