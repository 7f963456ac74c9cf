// An answer of Prometheus' instant-query API (/api/v1/query) read from its JSON:
// {"status":"success","data":{"resultType":"vector","result":[{"metric":{...},"value":[t,"v"]}]}}
// or {"status":"error","errorType":"bad_data","error":"..."}. Pure, so every shape of answer is
// a unit test.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

namespace perfscale::prometheus {

struct Sample {
  std::map<std::string, std::string> labels;
  double value = 0;  // NaN and infinities as Prometheus writes them ("NaN", "+Inf")
};

// What the body said, when it was the API's JSON.
struct QueryError {
  std::string errorType;  // bad_data, execution, timeout, ...
  std::string error;      // Prometheus' own text
};

// Why the body is not an answer of the query API at all.
struct NotAnAnswer {
  std::string why;  // "not JSON (text/html ...)", "no status field", ...
};

using QueryAnswer = std::variant<std::vector<Sample>, QueryError, NotAnAnswer>;

// Reads the body of an instant query's answer. A scalar result reads as one sample without
// labels; a matrix or string result is NotAnAnswer (the queries here give vectors).
QueryAnswer parseQueryAnswer(const std::string& body);

}  // namespace perfscale::prometheus
