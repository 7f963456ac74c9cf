// Fault settings and per-request decisions (see faults.h).
#include "tests/sim/faults.h"

#include <Poco/JSON/Parser.h>

#include <stdexcept>

#include "tests/sim/api_status.h"
#include "tests/sim/timing.h"

namespace perfscale::sim {

namespace {

double rate(const Poco::JSON::Object& object, const std::string& field, double current) {
  if (!object.has(field)) return current;
  const double value = object.getValue<double>(field);
  if (value < 0 || value > 1)
    throw std::invalid_argument("fault field " + field + ": expected a share from 0 to 1, got " +
                                std::to_string(value));
  return value;
}

std::chrono::nanoseconds duration(const Poco::JSON::Object& object, const std::string& field,
                                  std::chrono::nanoseconds current) {
  if (!object.has(field)) return current;
  try {
    return parseDuration(object.getValue<std::string>(field));
  } catch (const std::exception& e) {
    throw std::invalid_argument("fault field " + field + ": " + e.what());
  }
}

std::string durationText(std::chrono::nanoseconds d) {
  return std::to_string(d.count()) + "ns";
}

}  // namespace

void FaultSettings::merge(const std::string& json) {
  Poco::JSON::Object::Ptr object;
  try {
    object = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("fault settings: expected a JSON object: ") + e.what());
  }
  static const std::set<std::string> known = {"errorRate",
                                              "errorCode",
                                              "errorRetryAfterSeconds",
                                              "throttleRate",
                                              "throttleRetryAfterSeconds",
                                              "dropRate",
                                              "latency",
                                              "jitter",
                                              "watchCutAfter",
                                              "watchCutAfterEvents",
                                              "stallController",
                                              "vmiFailRate",
                                              "verbs",
                                              "resources",
                                              "outage"};  // handled by the server
  for (const auto& [key, value] : *object) {
    if (!known.count(key)) throw std::invalid_argument("fault settings: unknown field " + key);
  }
  FaultSettings next = *this;
  try {
    next.errorRate = rate(*object, "errorRate", errorRate);
    if (object->has("errorCode")) next.errorCode = object->getValue<int>("errorCode");
    if (next.errorCode != 500 && next.errorCode != 503)
      throw std::invalid_argument("fault field errorCode: expected 500 or 503");
    if (object->has("errorRetryAfterSeconds"))
      next.errorRetryAfterSeconds = object->getValue<int>("errorRetryAfterSeconds");
    next.throttleRate = rate(*object, "throttleRate", throttleRate);
    if (object->has("throttleRetryAfterSeconds"))
      next.throttleRetryAfterSeconds = object->getValue<int>("throttleRetryAfterSeconds");
    next.dropRate = rate(*object, "dropRate", dropRate);
    next.latency = duration(*object, "latency", latency);
    next.jitter = duration(*object, "jitter", jitter);
    next.watchCutAfter = duration(*object, "watchCutAfter", watchCutAfter);
    if (object->has("watchCutAfterEvents"))
      next.watchCutAfterEvents = object->getValue<long>("watchCutAfterEvents");
    if (object->has("stallController"))
      next.stallController = object->getValue<bool>("stallController");
    next.vmiFailRate = rate(*object, "vmiFailRate", vmiFailRate);
    if (object->has("verbs")) {
      next.verbs.clear();
      auto verbs = object->getArray("verbs");
      if (!verbs) throw std::invalid_argument("fault field verbs: expected an array of verbs");
      for (size_t i = 0; i < verbs->size(); ++i)
        next.verbs.insert(verbs->getElement<std::string>(i));
    }
    if (object->has("resources")) {
      next.resources.clear();
      auto resources = object->getArray("resources");
      if (!resources)
        throw std::invalid_argument("fault field resources: expected an array of resources");
      for (size_t i = 0; i < resources->size(); ++i)
        next.resources.insert(resources->getElement<std::string>(i));
    }
  } catch (const Poco::Exception& e) {
    throw std::invalid_argument("fault settings: " + e.displayText());
  }
  *this = next;
}

std::string FaultSettings::json() const {
  std::string verbList;
  for (const auto& verb : verbs)
    verbList += (verbList.empty() ? "" : ",") + jsonQuote(verb);
  std::string resourceList;
  for (const auto& resource : resources)
    resourceList += (resourceList.empty() ? "" : ",") + jsonQuote(resource);
  return "{\"errorRate\":" + std::to_string(errorRate) +
         ",\"errorCode\":" + std::to_string(errorCode) +
         ",\"errorRetryAfterSeconds\":" + std::to_string(errorRetryAfterSeconds) +
         ",\"throttleRate\":" + std::to_string(throttleRate) +
         ",\"throttleRetryAfterSeconds\":" + std::to_string(throttleRetryAfterSeconds) +
         ",\"dropRate\":" + std::to_string(dropRate) + ",\"latency\":\"" + durationText(latency) +
         "\",\"jitter\":\"" + durationText(jitter) + "\",\"watchCutAfter\":\"" +
         durationText(watchCutAfter) +
         "\",\"watchCutAfterEvents\":" + std::to_string(watchCutAfterEvents) +
         ",\"stallController\":" + (stallController ? "true" : "false") +
         ",\"vmiFailRate\":" + std::to_string(vmiFailRate) + ",\"verbs\":[" + verbList +
         "],\"resources\":[" + resourceList + "]}";
}

const char* outageKindName(OutageKind kind) {
  switch (kind) {
    case OutageKind::Refuse:
      return "refuse";
    case OutageKind::Freeze:
      return "freeze";
    case OutageKind::Restart:
      return "restart";
  }
  return "refuse";
}

namespace {

OutageKind outageKind(const std::string& name) {
  if (name == "refuse") return OutageKind::Refuse;
  if (name == "freeze") return OutageKind::Freeze;
  if (name == "restart") return OutageKind::Restart;
  throw std::invalid_argument("outage kind \"" + name + "\": expected refuse, freeze or restart");
}

std::chrono::nanoseconds outageDuration(const std::string& what, const std::string& text) {
  std::chrono::nanoseconds value;
  try {
    value = parseDuration(text);
  } catch (const std::exception& e) {
    throw std::invalid_argument("outage " + what + ": " + e.what());
  }
  if (value.count() < 0) throw std::invalid_argument("outage " + what + ": negative duration");
  if (value > std::chrono::hours(24))
    throw std::invalid_argument("outage " + what + ": at most 24h");
  return value;
}

OutageSpec outageFromObject(const Poco::JSON::Object& object) {
  for (const auto& [key, value] : object) {
    if (key != "kind" && key != "after" && key != "for")
      throw std::invalid_argument("fault field outage: unknown field " + key +
                                  " (kind, after, for)");
  }
  if (!object.has("kind") || !object.has("for"))
    throw std::invalid_argument("fault field outage: needs kind and for (after is optional)");
  OutageSpec spec;
  try {
    spec.kind = outageKind(object.getValue<std::string>("kind"));
    spec.duration = outageDuration("for", object.getValue<std::string>("for"));
    if (object.has("after"))
      spec.after = outageDuration("after", object.getValue<std::string>("after"));
  } catch (const Poco::Exception& e) {
    throw std::invalid_argument("fault field outage: " + e.displayText());
  }
  return spec;
}

Poco::JSON::Object::Ptr parseObject(const std::string& json, const std::string& what) {
  try {
    auto object = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    if (!object) throw std::invalid_argument(what + ": expected a JSON object");
    return object;
  } catch (const std::invalid_argument&) {
    throw;
  } catch (const std::exception& e) {
    throw std::invalid_argument(what + ": expected a JSON object: " + e.what());
  }
}

}  // namespace

OutageSpec OutageSpec::parse(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos)
    throw std::invalid_argument("--fault-outage " + text +
                                ": expected KIND:DURATION[@AFTER], e.g. refuse:4s@5s");
  OutageSpec spec;
  spec.kind = outageKind(text.substr(0, colon));
  const std::string rest = text.substr(colon + 1);
  const auto at = rest.find('@');
  spec.duration = outageDuration("duration", rest.substr(0, at));
  if (at != std::string::npos) spec.after = outageDuration("start", rest.substr(at + 1));
  return spec;
}

OutageSpec OutageSpec::fromJson(const std::string& json) {
  return outageFromObject(*parseObject(json, "outage"));
}

std::string OutageSpec::json() const {
  return std::string("{\"kind\":\"") + outageKindName(kind) + "\",\"after\":\"" +
         durationText(after) + "\",\"for\":\"" + durationText(duration) + "\"}";
}

std::optional<std::optional<OutageSpec>> outageField(const std::string& json) {
  auto object = parseObject(json, "fault settings");
  if (!object->has("outage")) return std::nullopt;
  if (object->isNull("outage")) return std::optional<OutageSpec>();
  auto outage = object->getObject("outage");
  if (!outage)
    throw std::invalid_argument(
        "fault field outage: expected {\"kind\":...,\"after\":...,\"for\":...} or null");
  return std::optional<OutageSpec>(outageFromObject(*outage));
}

FaultSettings Faults::settings() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return settings_;
}

void Faults::set(FaultSettings settings) {
  std::lock_guard<std::mutex> lock(mutex_);
  settings_ = std::move(settings);
}

FaultDecision Faults::decide(const std::string& verb, const std::string& resource) {
  std::lock_guard<std::mutex> lock(mutex_);
  FaultDecision decision;
  if (!settings_.verbs.empty() && !settings_.verbs.count(verb)) return decision;
  if (!settings_.resources.empty() && !settings_.resources.count(resource)) return decision;
  std::uniform_real_distribution<double> unit(0, 1);
  decision.delay = settings_.latency;
  if (settings_.jitter.count() > 0) {
    decision.delay += std::chrono::nanoseconds(
        std::uniform_int_distribution<int64_t>(0, settings_.jitter.count() - 1)(rng_));
  }
  if (settings_.dropRate > 0 && unit(rng_) < settings_.dropRate) {
    decision.drop = true;
  } else if (settings_.errorRate > 0 && unit(rng_) < settings_.errorRate) {
    decision.status = settings_.errorCode;
    decision.retryAfterSeconds = settings_.errorRetryAfterSeconds;
  } else if (settings_.throttleRate > 0 && unit(rng_) < settings_.throttleRate) {
    decision.status = 429;
    decision.retryAfterSeconds = settings_.throttleRetryAfterSeconds;
  }
  return decision;
}

}  // namespace perfscale::sim
