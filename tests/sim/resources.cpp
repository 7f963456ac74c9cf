// REST semantics of namespaces and VMIs (see resources.h).
#include "tests/sim/resources.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "tests/sim/json_edit.h"
#include "tests/sim/selector.h"
#include "tests/sim/validation.h"

namespace perfscale::sim {

namespace {

constexpr const char* kVmiFinalizer = "kubevirt.io/foregroundDeleteVirtualMachine";
constexpr const char* kVmiGroup = "kubevirt.io";
constexpr const char* kVmiApiVersion = "kubevirt.io/v1";

bool isProtectedNamespace(const std::string& name) {
  return name == "default" || name == "kube-system" || name == "kube-public";
}

std::string resourceName(Kind kind) {
  return kind == Kind::Vmi ? "virtualmachineinstances" : "namespaces";
}

std::string kindName(Kind kind) {
  return kind == Kind::Vmi ? "VirtualMachineInstance" : "Namespace";
}

std::string apiVersionOf(Kind kind) {
  return kind == Kind::Vmi ? kVmiApiVersion : "v1";
}

StatusDetails detailsFor(Kind kind, const std::string& name) {
  return StatusDetails{name, kind == Kind::Vmi ? kVmiGroup : "", resourceName(kind), {}, 0};
}

ApiResponse notFound(Kind kind, const std::string& name) {
  return failure(404, "NotFound", qualifiedResource(kind) + " \"" + name + "\" not found",
                 detailsFor(kind, name));
}

ApiResponse badRequest(const std::string& message) {
  return failure(400, "BadRequest", message);
}

ApiResponse invalid(Kind kind, const std::string& name, std::vector<StatusCause> causes) {
  std::string message =
      kindName(kind) + (kind == Kind::Vmi ? ".kubevirt.io" : "") + " \"" + name + "\" is invalid: ";
  for (size_t i = 0; i < causes.size(); ++i) {
    if (i) message += ", ";
    message += causes[i].field + ": " + causes[i].message;
  }
  if (causes.size() > 1) message = message.insert(message.find(": ") + 2, "[") + "]";
  StatusDetails details{name, kind == Kind::Vmi ? kVmiGroup : "", kindName(kind), causes, 0};
  return failure(422, "Invalid", message, details);
}

ApiResponse objectResponse(int status, const ObjectView& view) {
  ApiResponse response;
  response.status = status;
  response.body = view.json();
  return response;
}

Poco::JSON::Object::Ptr childObject(Poco::JSON::Object& parent, const std::string& key) {
  return writableChild(parent, key);
}

std::string base64(const std::string& text) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder.rdbuf()->setLineLength(0);
  encoder << text;
  encoder.close();
  return out.str();
}

std::optional<std::string> unbase64(const std::string& text) {
  try {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    std::string out((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
    return out;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

// A continue token holds the list's resourceVersion and the last key it returned.
std::string continueToken(uint64_t resourceVersion, const ObjectKey& last) {
  return base64(std::to_string(resourceVersion) + "/" + last.ns + "/" + last.name);
}

struct ContinuePoint {
  uint64_t resourceVersion;
  ObjectKey after;
};

std::optional<ContinuePoint> parseContinue(Kind kind, const std::string& token) {
  auto text = unbase64(token);
  if (!text) return std::nullopt;
  const auto first = text->find('/');
  const auto second = first == std::string::npos ? first : text->find('/', first + 1);
  if (second == std::string::npos) return std::nullopt;
  try {
    return ContinuePoint{
        std::stoull(text->substr(0, first)),
        ObjectKey{kind, text->substr(first + 1, second - first - 1), text->substr(second + 1)}};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<Poco::JSON::Object::Ptr> parseObject(const std::string& body, std::string& error) {
  try {
    auto value = Poco::JSON::Parser().parse(body);
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) {
      error = "the body is not a JSON object";
      return std::nullopt;
    }
    return value.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    error = e.displayText();
    return std::nullopt;
  } catch (const std::exception& e) {
    error = e.what();
    return std::nullopt;
  }
}

bool dryRunAll(const Query& query) {
  auto it = query.find("dryRun");
  return it != query.end() && it->second == "All";
}

std::optional<size_t> parseCount(const std::string& text) {
  try {
    size_t used = 0;
    const long long value = std::stoll(text, &used);
    if (used != text.size() || value < 0) return std::nullopt;
    return static_cast<size_t>(value);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::chrono::seconds> gracePeriodOf(const std::string& body, const Query& query,
                                                  std::string& error) {
  if (auto it = query.find("gracePeriodSeconds"); it != query.end()) {
    auto value = parseCount(it->second);
    if (!value) {
      error = "gracePeriodSeconds: expected a non-negative integer, got \"" + it->second + "\"";
      return std::nullopt;
    }
    return std::chrono::seconds(*value);
  }
  if (body.empty()) return std::nullopt;
  auto object = parseObject(body, error);
  if (!object) {
    error = "DeleteOptions: " + error;
    return std::nullopt;
  }
  if ((*object)->has("gracePeriodSeconds")) {
    return std::chrono::seconds((*object)->getValue<int64_t>("gracePeriodSeconds"));
  }
  return std::nullopt;
}

void validateQuantities(const Poco::JSON::Object& domain, std::vector<StatusCause>& causes) {
  auto resources = domain.getObject("resources");
  if (!resources) return;
  for (const char* section : {"requests", "limits"}) {
    auto values = resources->getObject(section);
    if (!values) continue;
    for (const auto& [resource, value] : *values) {
      const std::string text = value.toString();
      // The VMI CRD's schema pattern is stricter than the quantity parser ("Mi" parses as 0).
      if (!parseQuantity(text) || !matchesQuantitySchemaPattern(text)) {
        causes.push_back(
            StatusCause{"FieldValueInvalid",
                        "Invalid value: \"" + text + "\": " +
                            (parseQuantity(text) ? std::string("in body should match '") +
                                                       std::string(kQuantitySchemaPattern) + "'"
                                                 : quantityErrorMessage(text)),
                        std::string("spec.domain.resources.") + section + "." + resource});
      }
    }
  }
}

}  // namespace

bool queryFlag(const Query& query, const std::string& name) {
  auto it = query.find(name);
  if (it == query.end()) return false;
  std::string value = it->second;
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return value != "0" && value != "false";
}

std::string qualifiedResource(Kind kind) {
  return kind == Kind::Vmi ? "virtualmachineinstances.kubevirt.io" : "namespaces";
}

Resources::Resources(ObjectStore& store, Controller& controller, GroundTruth& truth,
                     bool fractionalTimestamps)
    : store_(store),
      controller_(controller),
      truth_(truth),
      fractionalTimestamps_(fractionalTimestamps) {}

std::string Resources::newUid() {
  std::lock_guard<std::mutex> lock(rngMutex_);
  const uint64_t high = rng_(), low = rng_();
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%08x-%04x-4%03x-%04x-%012llx",
                static_cast<unsigned>(high >> 32), static_cast<unsigned>((high >> 16) & 0xffff),
                static_cast<unsigned>(high & 0x0fff),
                static_cast<unsigned>(0x8000 | ((low >> 48) & 0x3fff)),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return buffer;
}

std::string Resources::randomSuffix() {
  // The alphabet Kubernetes uses for generateName: no vowels, no confusable digits.
  static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  std::lock_guard<std::mutex> lock(rngMutex_);
  std::string suffix;
  for (int i = 0; i < 5; ++i)
    suffix += alphabet[rng_() % (sizeof alphabet - 1)];
  return suffix;
}

void Resources::bootstrap() {
  for (const char* name : {"default", "kube-system", "kube-public"}) {
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object();
    childObject(*object, "metadata")->set("name", std::string(name));
    createNamespace(object, false);
  }
}

ApiResponse Resources::create(Kind kind, const std::string& ns, const std::string& body,
                              const Query& query) {
  std::string error;
  auto object = parseObject(body, error);
  if (!object) return badRequest("the request body is not valid JSON: " + error);
  const std::string apiVersion = (*object)->optValue<std::string>("apiVersion", "");
  const std::string kind_ = (*object)->optValue<std::string>("kind", "");
  if (!apiVersion.empty() && apiVersion != apiVersionOf(kind)) {
    return badRequest("the API version in the data (" + apiVersion +
                      ") does not match the expected API version (" + apiVersionOf(kind) + ")");
  }
  if (!kind_.empty() && kind_ != kindName(kind)) {
    return badRequest("the kind in the data (" + kind_ + ") does not match the expected kind (" +
                      kindName(kind) + ")");
  }
  (*object)->set("apiVersion", apiVersionOf(kind));
  (*object)->set("kind", kindName(kind));
  auto metadata = (*object)->getObject("metadata");
  if (!metadata) {
    metadata = new Poco::JSON::Object();
    (*object)->set("metadata", metadata);
  }
  if (kind == Kind::Vmi) {
    const std::string given = metadata->optValue<std::string>("namespace", "");
    if (!given.empty() && given != ns) {
      return badRequest(
          "the namespace of the provided object does not match the namespace sent "
          "on the request");
    }
    return createVmi(ns, *object, dryRunAll(query));
  }
  return createNamespace(*object, dryRunAll(query));
}

ApiResponse Resources::createNamespace(Poco::JSON::Object::Ptr object, bool dryRun) {
  auto metadata = object->getObject("metadata");
  std::string name = metadata->optValue<std::string>("name", "");
  const std::string generateName = metadata->optValue<std::string>("generateName", "");
  if (name.empty() && !generateName.empty()) name = generateName + randomSuffix();
  if (name.empty()) {
    return invalid(Kind::Namespace, name,
                   {{"FieldValueRequired", "Required value: name or generateName is required",
                     "metadata.name"}});
  }
  if (auto problem = dns1123LabelError(name)) {
    return invalid(
        Kind::Namespace, name,
        {{"FieldValueInvalid", "Invalid value: \"" + name + "\": " + *problem, "metadata.name"}});
  }
  const int64_t now = wallNowNs();
  metadata->set("name", name);
  metadata->set("uid", newUid());
  metadata->set("creationTimestamp", rfc3339(now));
  childObject(*metadata, "labels")->set("kubernetes.io/metadata.name", name);
  Poco::JSON::Array::Ptr finalizers = new Poco::JSON::Array();
  finalizers->add(std::string("kubernetes"));
  childObject(*object, "spec")->set("finalizers", finalizers);
  Poco::JSON::Object::Ptr status = new Poco::JSON::Object();
  status->set("phase", std::string("Active"));
  object->set("status", status);
  const ObjectKey key{Kind::Namespace, "", name};
  return store_.withTransaction([&](ObjectStore::Transaction& txn) {
    if (txn.find(key)) {
      countCreate("namespaces/" + name, true);
      return failure(409, "AlreadyExists", "namespaces \"" + name + "\" already exists",
                     detailsFor(Kind::Namespace, name));
    }
    if (dryRun) {
      ApiResponse response;
      response.status = 201;
      std::ostringstream out;
      object->stringify(out);
      response.body = out.str();
      return response;
    }
    countCreate("namespaces/" + name, false);
    return objectResponse(201, txn.insert(key, object));
  });
}

ApiResponse Resources::createVmi(const std::string& ns, Poco::JSON::Object::Ptr object,
                                 bool dryRun) {
  auto metadata = object->getObject("metadata");
  std::string name = metadata->optValue<std::string>("name", "");
  const std::string generateName = metadata->optValue<std::string>("generateName", "");
  if (name.empty() && !generateName.empty()) name = generateName + randomSuffix();
  std::vector<StatusCause> causes;
  if (name.empty()) {
    causes.push_back({"FieldValueRequired", "Required value: name or generateName is required",
                      "metadata.name"});
  } else if (auto problem = dns1123SubdomainError(name)) {
    causes.push_back(
        {"FieldValueInvalid", "Invalid value: \"" + name + "\": " + *problem, "metadata.name"});
  }
  auto spec = object->getObject("spec");
  auto domain = spec ? spec->getObject("domain") : nullptr;
  if (!domain) {
    causes.push_back({"FieldValueRequired", "Required value", "spec.domain"});
  } else {
    validateQuantities(*domain, causes);
  }
  if (!causes.empty()) return invalid(Kind::Vmi, name, causes);

  const int64_t now = wallNowNs();
  const std::string uid = newUid();
  metadata->set("name", name);
  metadata->set("namespace", ns);
  metadata->set("uid", uid);
  metadata->set("generation", 1);
  metadata->set("creationTimestamp", rfc3339(now, fractionalTimestamps_));
  Poco::JSON::Array::Ptr finalizers = new Poco::JSON::Array();
  finalizers->add(std::string(kVmiFinalizer));
  metadata->set("finalizers", finalizers);
  // Admission gives a VMI its finalizer and the controller sets Pending at once.
  Poco::JSON::Object::Ptr status = new Poco::JSON::Object();
  status->set("phase", std::string("Pending"));
  Poco::JSON::Array::Ptr transitions = new Poco::JSON::Array();
  Poco::JSON::Object::Ptr pending = new Poco::JSON::Object();
  pending->set("phase", std::string("Pending"));
  pending->set("phaseTransitionTimestamp", rfc3339(now, fractionalTimestamps_));
  transitions->add(pending);
  status->set("phaseTransitionTimestamps", transitions);
  status->set("guestOSInfo", Poco::JSON::Object::Ptr(new Poco::JSON::Object()));
  object->set("status", status);

  const ObjectKey key{Kind::Vmi, ns, name};
  return store_.withTransaction([&](ObjectStore::Transaction& txn) {
    auto namespaceObject = txn.find(ObjectKey{Kind::Namespace, "", ns});
    if (!namespaceObject) return notFound(Kind::Namespace, ns);
    if (namespaceObject->getObject("metadata")->has("deletionTimestamp")) {
      StatusDetails details = detailsFor(Kind::Vmi, name);
      details.causes.push_back({"NamespaceTerminating", "namespace " + ns + " is being terminated",
                                "metadata.namespace"});
      return failure(403, "Forbidden",
                     qualifiedResource(Kind::Vmi) + " \"" + name +
                         "\" is forbidden: unable to create new content in namespace " + ns +
                         " because it is being terminated",
                     details);
    }
    if (txn.find(key)) {
      countCreate("virtualmachineinstances/" + ns + "/" + name, true);
      return failure(409, "AlreadyExists",
                     qualifiedResource(Kind::Vmi) + " \"" + name + "\" already exists",
                     detailsFor(Kind::Vmi, name));
    }
    if (dryRun) {
      ApiResponse response;
      response.status = 201;
      std::ostringstream out;
      object->stringify(out);
      response.body = out.str();
      return response;
    }
    auto view = txn.insert(key, object);
    countCreate("virtualmachineinstances/" + ns + "/" + name, false);
    truth_.created(uid, ns, name, now);
    truth_.phase(uid, "Pending", now);
    controller_.vmiCreated(txn, key, uid);
    return objectResponse(201, view);
  });
}

void Resources::countCreate(const std::string& key, bool conflict) {
  std::lock_guard<std::mutex> lock(countsMutex_);
  if (conflict) {
    ++createConflicts_;
    ++conflictsByName_[key];
  } else {
    ++createdByName_[key];
  }
}

std::string Resources::createStatsJson() const {
  std::lock_guard<std::mutex> lock(countsMutex_);
  std::string conflicts;
  for (const auto& [key, count] : conflictsByName_)
    conflicts += (conflicts.empty() ? "" : ",") + jsonQuote(key) + ":" + std::to_string(count);
  std::string recreated;
  for (const auto& [key, count] : createdByName_) {
    if (count > 1)
      recreated += (recreated.empty() ? "" : ",") + jsonQuote(key) + ":" + std::to_string(count);
  }
  return "\"createConflicts\":" + std::to_string(createConflicts_) +
         ",\"createConflictsByName\":{" + conflicts + "},\"createdMoreThanOnce\":{" + recreated +
         "}";
}

ApiResponse Resources::get(Kind kind, const std::string& ns, const std::string& name) {
  auto view = store_.get(ObjectKey{kind, kind == Kind::Vmi ? ns : "", name});
  if (!view) return notFound(kind, name);
  return objectResponse(200, *view);
}

std::variant<std::function<bool(const ObjectView&)>, ApiResponse> Resources::filter(
    Kind kind, const Query& query) {
  std::optional<LabelSelector> labels;
  std::optional<FieldSelector> fields;
  try {
    if (auto it = query.find("labelSelector"); it != query.end() && !it->second.empty())
      labels = LabelSelector::parse(it->second);
    if (auto it = query.find("fieldSelector"); it != query.end() && !it->second.empty())
      fields = FieldSelector::parse(it->second);
  } catch (const SelectorError& e) {
    return badRequest(e.detail());
  }
  if (fields) {
    for (const auto& requirement : fields->requirements()) {
      const bool known = requirement.field == "metadata.name" ||
                         (kind == Kind::Vmi && requirement.field == "metadata.namespace");
      if (!known) return badRequest("field label not supported: " + requirement.field);
    }
  }
  return [labels, fields](const ObjectView& view) {
    if (labels && !labels->matches(*view.labels)) return false;
    if (fields) {
      return fields->matches([&view](std::string_view field) -> std::optional<std::string> {
        if (field == "metadata.name") return view.name;
        if (field == "metadata.namespace") return view.ns;
        return std::nullopt;
      });
    }
    return true;
  };
}

ApiResponse Resources::list(Kind kind, const std::string& ns, const Query& query) {
  auto accept = filter(kind, query);
  if (auto* failed = std::get_if<ApiResponse>(&accept)) return *failed;
  size_t limit = 0;
  if (auto it = query.find("limit"); it != query.end()) {
    auto value = parseCount(it->second);
    if (!value)
      return badRequest("limit: expected a non-negative integer, got \"" + it->second + "\"");
    limit = *value;
  }
  std::optional<ObjectKey> after;
  std::optional<uint64_t> listVersion;
  if (auto it = query.find("continue"); it != query.end() && !it->second.empty()) {
    auto point = parseContinue(kind, it->second);
    if (!point) return badRequest("invalid continue token: it was not issued by this server");
    if (point->resourceVersion < store_.oldestWatchableVersion()) {
      return failure(410, "Expired",
                     "The provided continue parameter is too old to display a consistent list "
                     "result. You can start a new list without the continue parameter.");
    }
    after = point->after;
    listVersion = point->resourceVersion;
  }
  auto page = store_.list(kind, kind == Kind::Vmi ? ns : "", after, limit,
                          std::get<std::function<bool(const ObjectView&)>>(accept));
  const uint64_t version = listVersion.value_or(page.resourceVersion);
  ApiResponse response;
  std::string& body = response.body;
  body.reserve(256 + page.items.size() * (page.items.empty() ? 0 : page.items[0].json().size()));
  body = "{\"apiVersion\":\"" + apiVersionOf(kind) + "\",\"kind\":\"" + kindName(kind) +
         "List\",\"metadata\":{\"resourceVersion\":\"" + std::to_string(version) + "\"";
  if (page.continueAfter) {
    body += ",\"continue\":\"" + continueToken(version, *page.continueAfter) +
            "\",\"remainingItemCount\":" + std::to_string(page.remaining);
  }
  body += "},\"items\":[";
  for (size_t i = 0; i < page.items.size(); ++i) {
    if (i) body += ',';
    body += page.items[i].json();
  }
  body += "]}";
  return response;
}

ApiResponse Resources::remove(Kind kind, const std::string& ns, const std::string& name,
                              const std::string& body, const Query& query) {
  std::string error;
  auto grace = gracePeriodOf(body, query, error);
  if (!error.empty()) return badRequest(error);
  if (kind == Kind::Namespace) {
    if (isProtectedNamespace(name)) {
      return failure(403, "Forbidden",
                     "namespaces \"" + name + "\" is forbidden: this namespace may not be deleted",
                     detailsFor(Kind::Namespace, name));
    }
    const ObjectKey key{Kind::Namespace, "", name};
    return store_.withTransaction([&](ObjectStore::Transaction& txn) {
      auto object = txn.find(key);
      if (!object) return notFound(kind, name);
      if (object->getObject("metadata")->has("deletionTimestamp")) {
        return objectResponse(200, *txn.update(key, [](auto&) { return false; }));
      }
      auto view = txn.update(key, [](Poco::JSON::Object& namespaceObject) {
        childObject(namespaceObject, "metadata")->set("deletionTimestamp", rfc3339(wallNowNs()));
        childObject(namespaceObject, "status")->set("phase", std::string("Terminating"));
        return true;
      });
      controller_.namespaceTerminating(txn, name);
      return objectResponse(200, *view);
    });
  }
  return store_.withTransaction([&](ObjectStore::Transaction& txn) {
    auto view = controller_.deleteVmi(txn, ObjectKey{Kind::Vmi, ns, name}, grace);
    if (!view) return notFound(kind, name);
    return objectResponse(200, *view);
  });
}

ApiResponse Resources::removeCollection(const std::string& ns, const Query& query) {
  auto accept = filter(Kind::Vmi, query);
  if (auto* failed = std::get_if<ApiResponse>(&accept)) return *failed;
  std::string error;
  auto grace = gracePeriodOf("", query, error);
  if (!error.empty()) return badRequest(error);
  const auto& matches = std::get<std::function<bool(const ObjectView&)>>(accept);
  return store_.withTransaction([&](ObjectStore::Transaction& txn) {
    std::string items;
    for (const auto& key : txn.keys(Kind::Vmi, ns)) {
      auto current = txn.update(key, [](auto&) { return false; });
      if (!current || !matches(*current)) continue;
      auto view = controller_.deleteVmi(txn, key, grace);
      if (!view) continue;
      if (!items.empty()) items += ',';
      items += view->json();
    }
    ApiResponse response;
    response.body =
        "{\"apiVersion\":\"kubevirt.io/v1\",\"kind\":\"VirtualMachineInstanceList\","
        "\"metadata\":{\"resourceVersion\":\"" +
        std::to_string(txn.resourceVersion()) + "\"},\"items\":[" + items + "]}";
    return response;
  });
}

std::variant<WatchPlan, ApiResponse> Resources::watch(Kind kind, const std::string& ns,
                                                      const Query& query) {
  auto accept = filter(kind, query);
  if (auto* failed = std::get_if<ApiResponse>(&accept)) return *failed;
  WatchPlan plan;
  plan.kind = kind;
  auto filterFn = std::get<std::function<bool(const ObjectView&)>>(accept);
  const std::string scope = kind == Kind::Vmi ? ns : "";
  plan.accept = [filterFn, kind, scope](const ObjectView& view) {
    return view.kind == kind && (scope.empty() || view.ns == scope) && filterFn(view);
  };
  plan.bookmarks = queryFlag(query, "allowWatchBookmarks");
  if (auto it = query.find("timeoutSeconds"); it != query.end()) {
    auto value = parseCount(it->second);
    if (!value) return badRequest("timeoutSeconds: expected a non-negative integer");
    if (*value > 0) plan.timeout = std::chrono::seconds(*value);
  }
  std::string version;
  if (auto it = query.find("resourceVersion"); it != query.end()) version = it->second;
  if (version.empty() || version == "0") {
    // Watch from "now": the current objects first, as synthetic ADDED events.
    auto page = store_.list(kind, scope, std::nullopt, 0, plan.accept);
    plan.after = page.resourceVersion;
    for (auto& view : page.items)
      plan.initial.push_back(WatchEvent{"ADDED", std::move(view)});
    return plan;
  }
  auto parsed = parseCount(version);
  if (!parsed) return badRequest("resourceVersion: expected a number, got \"" + version + "\"");
  plan.after = *parsed;
  return plan;
}

}  // namespace perfscale::sim
