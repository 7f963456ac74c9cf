// The pods of a sharded run (see shard_pods.h).
#include "plugin/shard_pods.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <stdexcept>
#include <tuple>

#include "core/scenario/labels.h"

namespace perfscale::plugin {
namespace {

constexpr const char* kIndexVariable = "$(JOB_COMPLETION_INDEX)";
constexpr const char* kDefaultBinary = "kubectl-perfscale";

std::string text(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  return object ? object->optValue<std::string>(key, "") : "";
}

std::optional<int> number(const std::string& text) {
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoi(text);
}

// The value of --NAME (or -NAME, Go's way) among `args`: "--NAME V" or "--NAME=V".
std::optional<std::string> flagValue(const std::vector<std::string>& args,
                                     const std::string& name) {
  for (size_t i = 0; i < args.size(); ++i) {
    for (const std::string& spelling : {"--" + name, "-" + name}) {
      if (args[i] == spelling && i + 1 < args.size()) return args[i + 1];
      if (args[i].rfind(spelling + "=", 0) == 0) return args[i].substr(spelling.size() + 1);
    }
  }
  return std::nullopt;
}

std::string expandIndex(std::string text, int index) {
  const std::string variable = kIndexVariable;
  for (auto at = text.find(variable); at != std::string::npos; at = text.find(variable, at))
    text.replace(at, variable.size(), std::to_string(index));
  return text;
}

ShardPod shardPodOf(const Poco::JSON::Object::Ptr& pod, const std::string& uuid) {
  ShardPod shard;
  const auto metadata = pod->getObject("metadata");
  shard.name = text(metadata, "name");
  const auto annotations = metadata ? metadata->getObject("annotations") : nullptr;
  const auto labels = metadata ? metadata->getObject("labels") : nullptr;
  // An annotation on every pod of an Indexed Job, a label too since Kubernetes v1.28.
  shard.index = number(text(annotations, kCompletionIndex));
  if (!shard.index) shard.index = number(text(labels, kCompletionIndex));
  shard.phase = text(pod->getObject("status"), "phase");
  const auto spec = pod->getObject("spec");
  const auto containers = spec ? spec->getArray("containers") : nullptr;
  Poco::JSON::Object::Ptr container;
  for (size_t i = 0; containers && i < containers->size(); ++i) {
    const auto candidate = containers->getObject(static_cast<unsigned>(i));
    if (!container || text(candidate, "name") == "perfscale") container = candidate;
  }
  std::vector<std::string> args;
  shard.binary = kDefaultBinary;
  if (container) {
    shard.container = text(container, "name");
    if (const auto command = container->getArray("command"); command && command->size() > 0)
      shard.binary = command->getElement<std::string>(0);
    if (const auto list = container->getArray("args")) {
      for (size_t i = 0; i < list->size(); ++i)
        args.push_back(list->getElement<std::string>(static_cast<unsigned>(i)));
    }
  }
  if (const auto shardFlag = flagValue(args, "shard")) {
    const auto slash = shardFlag->find('/');
    shard.shards = number(slash == std::string::npos ? *shardFlag : shardFlag->substr(slash + 1));
  }
  if (shard.index) {
    shard.trace =
        expandIndex(flagValue(args, "trace")
                        .value_or(std::string("/traces/") + uuid + "-" + kIndexVariable + ".db"),
                    *shard.index);
  }
  return shard;
}

}  // namespace

std::vector<ShardPod> listShardPods(kube::RestClient& client, const std::string& ns,
                                    const std::string& uuid) {
  kube::RestRequest request;
  request.path = "/api/v1/namespaces/" + ns + "/pods";
  request.query = {{"labelSelector", scenario::runSelector(uuid)}};
  const auto answer = client.send(request);
  if (!answer.ok()) {
    throw std::runtime_error(
        "listing the run's pods: GET " + answer.url + " answered " + answer.describe() +
        (answer.status == 403 ? " (" + std::string(kCollectPermissions) + ")" : ""));
  }
  Poco::JSON::Array::Ptr items;
  try {
    items = Poco::JSON::Parser()
                .parse(answer.body)
                .extract<Poco::JSON::Object::Ptr>()
                ->getArray("items");
  } catch (const std::exception& e) {
    throw std::runtime_error("listing the run's pods: GET " + answer.url +
                             " answered with no pod list: " + e.what());
  }
  std::vector<ShardPod> pods;
  for (size_t i = 0; items && i < items->size(); ++i) {
    if (const auto pod = items->getObject(static_cast<unsigned>(i)))
      pods.push_back(shardPodOf(pod, uuid));
  }
  std::sort(pods.begin(), pods.end(), [](const ShardPod& a, const ShardPod& b) {
    return std::make_tuple(a.index.value_or(-1), a.phase != "Running", a.name) <
           std::make_tuple(b.index.value_or(-1), b.phase != "Running", b.name);
  });
  return pods;
}

}  // namespace perfscale::plugin
