// Unit tests for boolean query parameters, read as kube-apiserver reads them.
#include <catch2/catch.hpp>

#include "tests/sim/resources.h"

using perfscale::sim::Query;
using perfscale::sim::queryFlag;

TEST_CASE("sim query flag: any value but 0 or false is true, as kube-apiserver reads it") {
  for (const char* value : {"true", "True", "TRUE", "1", "yes", ""})
    CHECK(queryFlag(Query{{"watch", value}}, "watch"));
  for (const char* value : {"false", "False", "FALSE", "0"})
    CHECK_FALSE(queryFlag(Query{{"watch", value}}, "watch"));
  CHECK_FALSE(queryFlag(Query{}, "watch"));
  CHECK_FALSE(queryFlag(Query{{"allowWatchBookmarks", "true"}}, "watch"));
}
