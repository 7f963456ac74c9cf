// Parsing of one kubeconfig file (see kubeconfig_file.h). Like kubectl, unknown fields are
// ignored and wrong types, duplicate names and bad base64 reject the whole file.
#include "core/kube/kubeconfig_file.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Exception.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <iterator>
#include <sstream>
#include <utility>

#include "core/kube/kubeconfig.h"

namespace perfscale::kube {

std::string SourceLocation::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

SourceLocation Declared::where(const std::string& field) const {
  const auto found = fields.find(field);
  return found == fields.end() ? location : found->second;
}

std::string Declared::describe(const std::string& field) const {
  const SourceLocation at = where(field);
  if (at.line == 0 && at.file.rfind("--", 0) == 0) return at.file;  // set by a flag
  const std::string name = yamlPath.empty() ? field : yamlPath + "." + field;
  return at.file.empty() ? name : at.str() + ": " + name;
}

namespace {

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "nothing (null)";
    case YAML::NodeType::Scalar:
      return "\"" + node.Scalar() + "\"";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

bool isBase64Character(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// Go's base64.StdEncoding, which kubectl uses for *-data: padded, line breaks ignored. Poco's
// decoder is lenient about some malformed input, so the text is checked first; on failure
// returns nothing and says why in `problem`.
std::optional<std::string> decodeBase64(const std::string& text, std::string& problem) {
  std::string clean;
  for (const char c : text) {
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') clean.push_back(c);
  }
  std::size_t padding = 0;
  for (std::size_t i = 0; i < clean.size(); ++i) {
    const char c = clean[i];
    if (c == '=' && i + 2 >= clean.size() && (i + 1 == clean.size() || clean[i + 1] == '=')) {
      ++padding;
      continue;
    }
    if (!isBase64Character(c) || padding > 0) {
      problem = "unexpected '" + std::string(1, c) + "' at character " + std::to_string(i + 1);
      return std::nullopt;
    }
  }
  if (clean.size() % 4 != 0) {
    problem = "its length (" + std::to_string(clean.size()) +
              " characters) is not a multiple of 4, so it is truncated or unpadded";
    return std::nullopt;
  }
  try {
    std::istringstream in(clean);
    Poco::Base64Decoder decoder(in);
    return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
  } catch (const Poco::Exception& e) {
    problem = e.displayText();
    return std::nullopt;
  }
}

class FileParser {
 public:
  explicit FileParser(std::string path)
      : path_(std::move(path)), dir_(std::filesystem::absolute(path_).parent_path()) {}

  Kubeconfig parse(const std::string& document) {
    YAML::Node root;
    try {
      root = YAML::Load(document);
    } catch (const YAML::DeepRecursion& e) {
      // yaml-cpp stops at a fixed depth but calls it a "bad file".
      throw KubeconfigError(at(e.mark).str() + ": not valid YAML: nested deeper than " +
                            std::to_string(e.depth()) +
                            " levels; a kubeconfig is a few levels deep: is this the right file?");
    } catch (const YAML::Exception& e) {
      throw KubeconfigError(at(e.mark).str() + ": not valid YAML: " + e.msg +
                            "; fix the file (kubectl cannot read it either)");
    }
    Kubeconfig config;
    config.sources.push_back(path_);
    if (root.IsNull()) return config;  // empty or only comments: kubectl takes it as empty
    if (!root.IsMap()) {
      fail(root.Mark(), "the file",
           "must be a kubeconfig (a map with clusters, users, contexts); "
           "found " +
               describe(root));
    }
    forEachField(
        root, root.Mark(), "the file",
        [&](const std::string& key, const YAML::Mark& keyMark, const YAML::Node& value) {
          if (key == "clusters") {
            parseList(value, keyMark, "clusters", "cluster", config.clusters,
                      &FileParser::parseCluster);
          } else if (key == "users") {
            parseList(value, keyMark, "users", "user", config.users, &FileParser::parseUser);
          } else if (key == "contexts") {
            parseList(value, keyMark, "contexts", "context", config.contexts,
                      &FileParser::parseContext);
          } else if (key == "current-context") {
            config.currentContext = text(value, keyMark, "current-context");
            config.currentContextLocation = at(keyMark);
          } else if (key == "preferences") {
            forEachField(value, keyMark, "preferences",
                         [&](const std::string& k, const YAML::Mark& m, const YAML::Node& v) {
                           if (k == "colors" && !v.IsNull()) {
                             config.colors = flag(v, m, "preferences.colors");
                           }
                         });
          }
        });
    return config;
  }

 private:
  SourceLocation at(const YAML::Mark& mark) const {
    if (mark.is_null()) return {path_, 0, 0};
    return {path_, mark.line + 1, mark.column + 1};
  }

  static YAML::Mark markOf(const YAML::Node& value, const YAML::Mark& fallback) {
    const YAML::Mark mark = value.Mark();
    return mark.is_null() ? fallback : mark;
  }

  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& field,
                         const std::string& problem) const {
    throw KubeconfigError(at(mark).str() + ": " + field + " " + problem);
  }

  template <typename Fn>
  void forEachField(const YAML::Node& node, const YAML::Mark& mark, const std::string& field,
                    Fn&& fn) const {
    if (node.IsNull()) return;
    if (!node.IsMap()) fail(markOf(node, mark), field, "must be a map; found " + describe(node));
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) {
        fail(markOf(entry.first, mark), field, "has a key that is not a string");
      }
      fn(entry.first.Scalar(), markOf(entry.first, mark), entry.second);
    }
  }

  std::string text(const YAML::Node& value, const YAML::Mark& mark,
                   const std::string& field) const {
    if (value.IsNull()) return "";
    if (!value.IsScalar()) {
      fail(markOf(value, mark), field, "must be a string; found " + describe(value));
    }
    return value.Scalar();
  }

  bool flag(const YAML::Node& value, const YAML::Mark& mark, const std::string& field) const {
    if (value.IsNull()) return false;
    bool result = false;
    if (!value.IsScalar() || !YAML::convert<bool>::decode(value, result)) {
      fail(markOf(value, mark), field, "must be true or false; found " + describe(value));
    }
    return result;
  }

  std::vector<std::string> texts(const YAML::Node& value, const YAML::Mark& mark,
                                 const std::string& field) const {
    std::vector<std::string> result;
    if (value.IsNull()) return result;
    if (!value.IsSequence()) {
      fail(markOf(value, mark), field, "must be a list of strings; found " + describe(value));
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
      result.push_back(text(value[i], markOf(value, mark), field + "[" + std::to_string(i) + "]"));
    }
    return result;
  }

  // kubectl resolves file references against the directory of the file that holds them.
  std::string localPath(const std::string& value) const {
    if (value.empty()) return value;
    const std::filesystem::path path(value);
    if (path.is_absolute()) return value;
    return (dir_ / path).lexically_normal().string();
  }

  std::string decoded(const YAML::Node& value, const YAML::Mark& mark,
                      const std::string& field) const {
    std::string problem;
    const auto bytes = decodeBase64(text(value, mark, field), problem);
    if (!bytes) {
      fail(markOf(value, mark), field,
           "is not valid base64 (" + problem +
               "); it must hold a PEM file in base64, e.g. the output of 'base64 -w0 FILE'");
    }
    return *bytes;
  }

  // A kubeconfig list of {name, <itemKey>: {...}}; a name declared twice is an error, as in
  // kubectl, because which one was meant is anyone's guess.
  template <typename Entry>
  void parseList(const YAML::Node& list, const YAML::Mark& mark, const std::string& listKey,
                 const std::string& itemKey, std::map<std::string, Entry>& out,
                 void (FileParser::*body)(const YAML::Node&, const YAML::Mark&, const std::string&,
                                          Entry&) const) const {
    if (list.IsNull()) return;
    if (!list.IsSequence()) {
      fail(markOf(list, mark), listKey,
           "must be a list of {name, " + itemKey + "}; found " + describe(list));
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const YAML::Node item = list[i];
      const YAML::Mark itemMark = markOf(item, mark);
      const std::string indexed = listKey + "[" + std::to_string(i) + "]";
      if (!item.IsMap()) {
        fail(itemMark, indexed, "must be a map {name, " + itemKey + "}; found " + describe(item));
      }
      const YAML::Node nameNode = item["name"];
      const std::string name =
          nameNode.IsDefined() ? text(nameNode, itemMark, indexed + ".name") : std::string();
      if (name.empty()) fail(itemMark, indexed, "has no name; give it one");
      const std::string field = listKey + "[\"" + name + "\"]";
      Entry entry;
      entry.yamlPath = field + "." + itemKey;
      entry.location = at(markOf(nameNode, itemMark));
      forEachField(item, itemMark, field,
                   [&](const std::string& key, const YAML::Mark& keyMark, const YAML::Node& value) {
                     if (key == itemKey) {
                       (this->*body)(value, keyMark, field + "." + itemKey, entry);
                     }
                   });
      const auto [existing, added] = out.emplace(name, std::move(entry));
      if (!added) {
        fail(markOf(nameNode, itemMark), field,
             "is declared twice in this file (first at line " +
                 std::to_string(existing->second.location.line) +
                 "); kubectl rejects duplicate names too: remove or rename one");
      }
    }
  }

  void parseCluster(const YAML::Node& body, const YAML::Mark& mark, const std::string& field,
                    KubeconfigCluster& cluster) const {
    forEachField(body, mark, field,
                 [&](const std::string& key, const YAML::Mark& keyMark, const YAML::Node& value) {
                   const std::string name = field + "." + key;
                   if (key == "server") {
                     cluster.server = text(value, keyMark, name);
                   } else if (key == "certificate-authority") {
                     cluster.certificateAuthority = localPath(text(value, keyMark, name));
                   } else if (key == "certificate-authority-data") {
                     cluster.certificateAuthorityData = decoded(value, keyMark, name);
                   } else if (key == "insecure-skip-tls-verify") {
                     cluster.insecureSkipTlsVerify = flag(value, keyMark, name);
                   } else if (key == "tls-server-name") {
                     cluster.tlsServerName = text(value, keyMark, name);
                   } else if (key == "proxy-url") {
                     cluster.proxyUrl = text(value, keyMark, name);
                   } else {
                     return;  // extensions, disable-compression: nothing we act on
                   }
                   cluster.fields[key] = at(keyMark);
                 });
  }

  void parseUser(const YAML::Node& body, const YAML::Mark& mark, const std::string& field,
                 KubeconfigUser& user) const {
    forEachField(body, mark, field,
                 [&](const std::string& key, const YAML::Mark& keyMark, const YAML::Node& value) {
                   const std::string name = field + "." + key;
                   if (key == "client-certificate") {
                     user.clientCertificate = localPath(text(value, keyMark, name));
                   } else if (key == "client-certificate-data") {
                     user.clientCertificateData = decoded(value, keyMark, name);
                   } else if (key == "client-key") {
                     user.clientKey = localPath(text(value, keyMark, name));
                   } else if (key == "client-key-data") {
                     user.clientKeyData = decoded(value, keyMark, name);
                   } else if (key == "token") {
                     user.token = text(value, keyMark, name);
                   } else if (key == "tokenFile") {
                     user.tokenFile = localPath(text(value, keyMark, name));
                   } else if (key == "username") {
                     user.username = text(value, keyMark, name);
                   } else if (key == "password") {
                     user.password = text(value, keyMark, name);
                   } else if (key == "as") {
                     user.as = text(value, keyMark, name);
                   } else if (key == "as-groups") {
                     user.asGroups = texts(value, keyMark, name);
                   } else if (key == "exec") {
                     if (value.IsNull()) return;
                     user.exec = parseExec(value, keyMark, name);
                   } else if (key == "auth-provider") {
                     if (value.IsNull()) return;
                     user.authProvider = "(unnamed)";
                     forEachField(
                         value, keyMark, name,
                         [&](const std::string& k, const YAML::Mark& m, const YAML::Node& v) {
                           if (k == "name") user.authProvider = text(v, m, name + ".name");
                         });
                   } else {
                     return;  // as-uid, as-user-extra, extensions: not supported, harmless to skip
                   }
                   user.fields[key] = at(keyMark);
                 });
  }

  ExecConfig parseExec(const YAML::Node& body, const YAML::Mark& mark,
                       const std::string& field) const {
    ExecConfig exec;
    exec.interactiveMode.clear();  // defaulted per apiVersion when the user is selected
    exec.origin = path_;
    forEachField(
        body, mark, field,
        [&](const std::string& key, const YAML::Mark& keyMark, const YAML::Node& value) {
          const std::string name = field + "." + key;
          if (key == "apiVersion") {
            exec.apiVersion = text(value, keyMark, name);
          } else if (key == "command") {
            // A bare name is looked up on PATH; only a path is anchored to this file.
            const std::string command = text(value, keyMark, name);
            exec.command = command.find('/') == std::string::npos ? command : localPath(command);
          } else if (key == "args") {
            exec.args = texts(value, keyMark, name);
          } else if (key == "env") {
            if (value.IsNull()) return;
            if (!value.IsSequence()) {
              fail(markOf(value, keyMark), name,
                   "must be a list of {name, value}; found " + describe(value));
            }
            for (std::size_t i = 0; i < value.size(); ++i) {
              const std::string item = name + "[" + std::to_string(i) + "]";
              std::pair<std::string, std::string> variable;  // a missing name is checked on use
              forEachField(value[i], markOf(value, keyMark), item,
                           [&](const std::string& k, const YAML::Mark& m, const YAML::Node& v) {
                             if (k == "name") variable.first = text(v, m, item + ".name");
                             if (k == "value") variable.second = text(v, m, item + ".value");
                           });
              exec.env.push_back(std::move(variable));
            }
          } else if (key == "installHint") {
            exec.installHint = text(value, keyMark, name);
          } else if (key == "provideClusterInfo") {
            exec.provideClusterInfo = flag(value, keyMark, name);
          } else if (key == "interactiveMode") {
            exec.interactiveMode = text(value, keyMark, name);
          }
        });
    return exec;
  }

  void parseContext(const YAML::Node& body, const YAML::Mark& mark, const std::string& field,
                    KubeconfigContext& context) const {
    forEachField(body, mark, field,
                 [&](const std::string& key, const YAML::Mark& keyMark, const YAML::Node& value) {
                   const std::string name = field + "." + key;
                   if (key == "cluster") {
                     context.cluster = text(value, keyMark, name);
                   } else if (key == "user") {
                     context.user = text(value, keyMark, name);
                   } else if (key == "namespace") {
                     context.ns = text(value, keyMark, name);
                   } else {
                     return;
                   }
                   context.fields[key] = at(keyMark);
                 });
  }

  std::string path_;
  std::filesystem::path dir_;
};

}  // namespace

Kubeconfig parseKubeconfig(const std::string& text, const std::string& path) {
  return FileParser(path).parse(text);
}

}  // namespace perfscale::kube
