// Loading rules and merging (see kubeconfig_loader.h), after client-go's loader.go.
#include "core/kube/kubeconfig_loader.h"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <system_error>
#include <utility>

#include "core/text_file.h"

namespace perfscale::kube {

namespace {

std::vector<std::string> splitPathList(const std::string& list) {
  std::vector<std::string> paths;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t end = std::min(list.find(':', start), list.size());
    std::string path = list.substr(start, end - start);
    // Empty entries ("a::b") are ignored, as are repeats, as kubectl does.
    if (!path.empty() && std::find(paths.begin(), paths.end(), path) == paths.end()) {
      paths.push_back(std::move(path));
    }
    start = end + 1;
  }
  return paths;
}

std::string readWholeFile(const std::string& path) {
  TextFile file = readTextFile(path);
  if (!file.text) {
    throw KubeconfigError("kubeconfig " + path + " " + file.problem() +
                          "; a kubeconfig is a small YAML file: fix its permissions or point "
                          "--kubeconfig/KUBECONFIG at the right file");
  }
  return std::move(*file.text);
}

}  // namespace

std::string KubeconfigSearch::description() const {
  std::string joined;
  for (const auto& candidate : candidates)
    joined += (joined.empty() ? "" : ", ") + candidate;
  switch (origin) {
    case Origin::Flag:
      return "--kubeconfig " + joined;
    case Origin::EnvironmentVariable:
      return "KUBECONFIG lists only files that do not exist (" + joined + ")";
    case Origin::Home:
      return "KUBECONFIG is unset and " + joined + " does not exist";
    case Origin::Nowhere:
      break;
  }
  return "KUBECONFIG and HOME are unset";
}

KubeconfigSearch kubeconfigSearch(const std::optional<std::string>& flag, const Environment& env) {
  KubeconfigSearch search;
  if (flag && !flag->empty()) {
    search.origin = KubeconfigSearch::Origin::Flag;
    search.candidates = {*flag};
    return search;
  }
  const auto list = env.getenv("KUBECONFIG");
  if (list && !list->empty()) {
    search.origin = KubeconfigSearch::Origin::EnvironmentVariable;
    search.candidates = splitPathList(*list);
    return search;
  }
  const auto home = env.getenv("HOME");
  if (home && !home->empty()) {
    search.origin = KubeconfigSearch::Origin::Home;
    search.candidates = {*home + "/.kube/config"};
  }
  return search;
}

Kubeconfig loadKubeconfigs(const KubeconfigSearch& search) {
  Kubeconfig merged;
  for (const auto& path : search.candidates) {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (!std::filesystem::exists(status)) {
      if (search.origin == KubeconfigSearch::Origin::Flag) {
        throw KubeconfigError("--kubeconfig " + path +
                              ": no such file; check the path, or drop --kubeconfig to use "
                              "KUBECONFIG or ~/.kube/config");
      }
      continue;  // kubectl skips missing KUBECONFIG entries and a missing ~/.kube/config
    }
    if (std::filesystem::is_directory(status)) {
      throw KubeconfigError("kubeconfig " + path +
                            " is a directory; point --kubeconfig/KUBECONFIG at a file in it");
    }
    mergeKubeconfig(merged, parseKubeconfig(readWholeFile(path), path));
  }
  return merged;
}

void mergeKubeconfig(Kubeconfig& merged, Kubeconfig next) {
  // std::map::insert keeps an existing key: the first file to name an entry owns it whole,
  // even fields the later file adds (kubectl discards those too).
  merged.clusters.insert(std::make_move_iterator(next.clusters.begin()),
                         std::make_move_iterator(next.clusters.end()));
  merged.users.insert(std::make_move_iterator(next.users.begin()),
                      std::make_move_iterator(next.users.end()));
  merged.contexts.insert(std::make_move_iterator(next.contexts.begin()),
                         std::make_move_iterator(next.contexts.end()));
  if (merged.currentContext.empty() && !next.currentContext.empty()) {
    merged.currentContext = std::move(next.currentContext);
    merged.currentContextLocation = std::move(next.currentContextLocation);
  }
  if (!merged.colors) merged.colors = next.colors;
  merged.sources.insert(merged.sources.end(), next.sources.begin(), next.sources.end());
}

}  // namespace perfscale::kube
