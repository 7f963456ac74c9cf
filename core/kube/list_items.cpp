// Streaming read of a List answer (see list_items.h).
#include "core/kube/list_items.h"

#include "core/kube/json_cursor.h"

namespace perfscale::kube {

ListPage decodeListPage(std::string_view body) {
  ListPage page;
  try {
    JsonCursor cursor(body);
    if (cursor.peek() != '{') {
      cursor.skip();
      cursor.finish();
      throw ListDecodeError("is JSON but not an object");
    }
    cursor.object([&](std::string_view key) {
      if (key == "items" && cursor.peek() == '[') {
        cursor.array([&] {
          page.items.emplace_back();
          readWatchedObject(cursor, page.items.back());
        });
      } else if (key == "metadata" && cursor.peek() == '{') {
        cursor.object([&](std::string_view field) {
          if (field == "resourceVersion") {
            cursor.stringOrAbsent(page.resourceVersion);
          } else if (field == "continue") {
            cursor.stringOrAbsent(page.continueToken);
          } else {
            cursor.skip();
          }
        });
      } else {
        cursor.skip();
      }
    });
    cursor.finish();
  } catch (const JsonSyntaxError& e) {
    throw ListDecodeError("is not JSON (" + std::string(e.what()) + ")");
  }
  return page;
}

std::vector<ObjectMeta> listItemMetas(const std::string& body) {
  ListPage page;
  try {
    page = decodeListPage(body);
  } catch (const ListDecodeError& e) {
    throw ListDecodeError(std::string("list answer ") + e.what());
  }
  std::vector<ObjectMeta> metas;
  metas.reserve(page.items.size());
  for (auto& item : page.items)
    metas.push_back(std::move(item.meta));
  return metas;
}

}  // namespace perfscale::kube
