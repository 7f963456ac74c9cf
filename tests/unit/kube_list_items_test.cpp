// Reading item metadata out of List answers without a JSON tree.
#include <catch2/catch.hpp>

#include "core/kube/list_items.h"

using perfscale::kube::ListDecodeError;
using perfscale::kube::listItemMetas;

TEST_CASE("list items: names, namespaces, uids and versions in order", "[kube][list]") {
  const std::string body = R"({"kind":"VirtualMachineInstanceList","apiVersion":"kubevirt.io/v1",
    "metadata":{"resourceVersion":"99","name":"not-an-item"},
    "items":[
      {"kind":"VirtualMachineInstance","metadata":{"name":"a","namespace":"ns1","uid":"u1",
        "resourceVersion":"5","labels":{"name":"label-not-name"}},
       "spec":{"domain":{"devices":{"disks":[{"name":"disk-not-item"}]}}},
       "status":{"phase":"Running"}},
      {"metadata":{"namespace":"ns2","name":"b\"q\u00e9"}},
      {"spec":{"metadata":{"name":"nested-not-item"}}}
    ]})";
  const auto items = listItemMetas(body);
  REQUIRE(items.size() == 3);
  CHECK(items[0].name == "a");
  CHECK(items[0].ns == "ns1");
  CHECK(items[0].uid == "u1");
  CHECK(items[0].resourceVersion == "5");
  CHECK(items[1].name == "b\"q\xc3\xa9");
  CHECK(items[1].ns == "ns2");
  CHECK(items[2].name.empty());
  CHECK(items[2].ns.empty());
}

TEST_CASE("list items: a list without items, or with an empty one, has none", "[kube][list]") {
  CHECK(listItemMetas(R"({"kind":"Status","status":"Success"})").empty());
  CHECK(listItemMetas(R"({"items":[]})").empty());
  CHECK(listItemMetas(R"({"items":null})").empty());
}

TEST_CASE("list items: an items key below the top level is not the list's", "[kube][list]") {
  const auto items = listItemMetas(R"({"spec":{"items":[{"metadata":{"name":"x"}}]}})");
  CHECK(items.empty());
}

TEST_CASE("list items: bodies that are not a JSON object are refused", "[kube][list]") {
  CHECK_THROWS_AS(listItemMetas(""), ListDecodeError);
  CHECK_THROWS_AS(listItemMetas("<html>502 Bad Gateway</html>"), ListDecodeError);
  CHECK_THROWS_AS(listItemMetas(R"({"items":[{"metadata":{"name":"a"})"), ListDecodeError);
  CHECK_THROWS_AS(listItemMetas("[1,2]"), ListDecodeError);
}

TEST_CASE("list items: ten thousand items are read", "[kube][list]") {
  std::string body = R"({"items":[)";
  for (int i = 0; i < 10000; ++i) {
    if (i) body += ",";
    body += R"({"metadata":{"name":"vmi-)" + std::to_string(i) +
            R"(","namespace":"ns"},"status":{"phase":"Running"}})";
  }
  body += "]}";
  const auto items = listItemMetas(body);
  REQUIRE(items.size() == 10000);
  CHECK(items.front().name == "vmi-0");
  CHECK(items.back().name == "vmi-9999");
}
