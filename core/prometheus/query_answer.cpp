// Prometheus' query answers read from JSON (see query_answer.h).
#include "core/prometheus/query_answer.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cerrno>
#include <cstdlib>

namespace perfscale::prometheus {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// The start of a body for a message: one line, at most 80 characters.
std::string excerpt(const std::string& body) {
  std::string text = body.substr(0, 80);
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return "\"" + text + (body.size() > 80 ? "...\"" : "\"");
}

// "1.5", "NaN", "+Inf", "-Inf" as Prometheus writes sample values.
bool parseValue(const std::string& text, double& value) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && errno != ERANGE;
}

std::string stringOf(const Object::Ptr& object, const std::string& key) {
  if (!object->has(key)) return "";
  const auto value = object->get(key);
  return value.isString() ? value.extract<std::string>() : value.toString();
}

// One [timestamp, "value"] pair into `sample`; false when it has another shape.
bool readValue(const Array::Ptr& pair, Sample& sample) {
  if (!pair || pair->size() != 2 || !pair->get(1).isString()) return false;
  return parseValue(pair->get(1).extract<std::string>(), sample.value);
}

}  // namespace

QueryAnswer parseQueryAnswer(const std::string& body) {
  Object::Ptr root;
  try {
    const auto parsed = Poco::JSON::Parser().parse(body);
    if (parsed.type() != typeid(Object::Ptr))
      return NotAnAnswer{"a JSON value that is not an object"};
    root = parsed.extract<Object::Ptr>();
  } catch (const Poco::Exception&) {
    return NotAnAnswer{body.empty() ? "an empty body" : "not JSON: " + excerpt(body)};
  }
  const std::string status = stringOf(root, "status");
  if (status == "error") return QueryError{stringOf(root, "errorType"), stringOf(root, "error")};
  if (status != "success") {
    return NotAnAnswer{status.empty() ? "JSON without a status field: " + excerpt(body)
                                      : "status \"" + status + "\""};
  }
  const Object::Ptr data = root->getObject("data");
  if (!data) return NotAnAnswer{"a success without data: " + excerpt(body)};
  const std::string type = stringOf(data, "resultType");
  std::vector<Sample> samples;
  if (type == "scalar") {
    Sample sample;
    if (!readValue(data->getArray("result"), sample)) return NotAnAnswer{"a malformed scalar"};
    samples.push_back(std::move(sample));
    return samples;
  }
  if (type != "vector") {
    return NotAnAnswer{"a result of type \"" + type + "\" where a vector was expected"};
  }
  const Array::Ptr result = data->getArray("result");
  if (!result) return NotAnAnswer{"a vector without result"};
  for (size_t i = 0; i < result->size(); ++i) {
    const Object::Ptr entry = result->getObject(static_cast<unsigned>(i));
    if (!entry) return NotAnAnswer{"a vector entry that is not an object"};
    Sample sample;
    if (!readValue(entry->getArray("value"), sample))
      return NotAnAnswer{"a vector entry without a [time, \"value\"] pair"};
    if (const Object::Ptr metric = entry->getObject("metric")) {
      for (const auto& [name, value] : *metric)
        sample.labels[name] = value.isString() ? value.extract<std::string>() : value.toString();
    }
    samples.push_back(std::move(sample));
  }
  return samples;
}

}  // namespace perfscale::prometheus
