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

#include <csignal>
#include <sstream>
#include <stdexcept>

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

SimCluster::SimCluster(const std::vector<std::string>& extraArgs) {
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
}

HttpsClient SimCluster::client() const {
  return clientWithAuthorization("Bearer " + token_);
}

HttpsClient SimCluster::adminClient() const {
  return clientWithAuthorization("Bearer " + adminToken_);
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
