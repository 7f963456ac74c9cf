// Prometheus' query answers, in the exact JSON Prometheus 2.42 writes (captured from
// /api/v1/query of a running prometheus 2.42.0+ds): vectors with and without labels, NaN and
// +Inf values, empty results, errors, and bodies that are not its API at all.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/prometheus/query_answer.h"

using Catch::Matchers::Contains;
using perfscale::prometheus::NotAnAnswer;
using perfscale::prometheus::parseQueryAnswer;
using perfscale::prometheus::QueryError;
using perfscale::prometheus::Sample;

namespace {

std::vector<Sample> samples(const std::string& body) {
  const auto answer = parseQueryAnswer(body);
  REQUIRE(std::holds_alternative<std::vector<Sample>>(answer));
  return std::get<std::vector<Sample>>(answer);
}

std::string notAnAnswer(const std::string& body) {
  const auto answer = parseQueryAnswer(body);
  REQUIRE(std::holds_alternative<NotAnAnswer>(answer));
  return std::get<NotAnAnswer>(answer).why;
}

}  // namespace

TEST_CASE("prometheus answer: a vector gives its samples with labels and values", "[prometheus]") {
  const auto result = samples(
      R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"code":"200",)"
      R"("handler":"/api/v1/query"},"value":[1796603161.623,"0"]},{"metric":{"code":"200",)"
      R"("handler":"/metrics"},"value":[1796603161.623,"10.004446420631393"]}]}})");
  REQUIRE(result.size() == 2);
  CHECK(result[0].labels.at("handler") == "/api/v1/query");
  CHECK(result[0].value == 0);
  CHECK(result[1].labels.at("code") == "200");
  CHECK(result[1].value == Approx(10.004446420631393));
}

TEST_CASE("prometheus answer: NaN, +Inf and an empty result are told apart", "[prometheus]") {
  const auto nan =
      samples(R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},)"
              R"("value":[1796603161.651,"NaN"]}]}})");
  REQUIRE(nan.size() == 1);
  CHECK(std::isnan(nan[0].value));
  CHECK(nan[0].labels.empty());
  const auto inf =
      samples(R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"x":"1"},)"
              R"("value":[1796603164,"+Inf"]}]}})");
  CHECK(std::isinf(inf.at(0).value));
  CHECK(samples(R"({"status":"success","data":{"resultType":"vector","result":[]}})").empty());
}

TEST_CASE("prometheus answer: an error answer gives its type and Prometheus' own text",
          "[prometheus]") {
  const auto answer = parseQueryAnswer(
      R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:13: )"
      R"(parse error: unclosed left parenthesis"})");
  REQUIRE(std::holds_alternative<QueryError>(answer));
  CHECK(std::get<QueryError>(answer).errorType == "bad_data");
  CHECK(std::get<QueryError>(answer).error ==
        "invalid parameter \"query\": 1:13: parse error: unclosed left parenthesis");
}

TEST_CASE("prometheus answer: what is not the query API's JSON says what it is", "[prometheus]") {
  CHECK_THAT(notAnAnswer("404 page not found\n"), Contains("not JSON: \"404 page not found"));
  CHECK_THAT(notAnAnswer("<!doctype html><html><title>Grafana</title>"), Contains("not JSON"));
  CHECK_THAT(notAnAnswer(""), Contains("an empty body"));
  CHECK_THAT(notAnAnswer("[1,2]"), Contains("not an object"));
  CHECK_THAT(notAnAnswer(R"({"kind":"Status"})"), Contains("without a status field"));
  CHECK_THAT(notAnAnswer(R"({"status":"success","data":{"resultType":"matrix","result":[]}})"),
             Contains("\"matrix\" where a vector was expected"));
  CHECK_THAT(notAnAnswer(R"({"status":"success","data":{"resultType":"vector","result":[)"
                         R"({"metric":{},"value":[1,2]}]}})"),
             Contains("without a [time, \"value\"] pair"));
  CHECK_THAT(notAnAnswer(R"({"status":"success","data":{"resultType":"vector","result":[)"
                         R"({"metric":{},"value":[1,"fast"]}]}})"),
             Contains("without a [time, \"value\"] pair"));
}

TEST_CASE("prometheus answer: a scalar reads as one sample", "[prometheus]") {
  const auto result =
      samples(R"({"status":"success","data":{"resultType":"scalar","result":[1796603164,"2"]}})");
  REQUIRE(result.size() == 1);
  CHECK(result[0].value == 2);
}
