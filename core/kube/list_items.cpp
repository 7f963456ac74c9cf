// Streaming read of a List's item metadata (see list_items.h).
#include "core/kube/list_items.h"

#include <Poco/JSON/Handler.h>
#include <Poco/JSON/Parser.h>

namespace perfscale::kube {

namespace {

// Collects items[*].metadata.{namespace,name,uid,resourceVersion} from parser callbacks. The
// stack holds one frame per open object or array, with the last key seen in it.
class ItemMetaHandler : public Poco::JSON::Handler {
 public:
  std::vector<ObjectMeta> items;
  bool sawRootObject = false;

  void reset() override {
    items.clear();
    frames_.clear();
    sawRootObject = false;
  }
  void startObject() override {
    if (frames_.empty()) sawRootObject = true;
    if (inItemsArray()) items.emplace_back();
    frames_.push_back(Frame{true, {}});
  }
  void endObject() override { pop(); }
  void startArray() override { frames_.push_back(Frame{false, {}}); }
  void endArray() override { pop(); }
  void key(const std::string& k) override {
    if (!frames_.empty()) frames_.back().key = k;
  }
  void value(const std::string& v) override {
    // root{items} / array / item{metadata} / metadata{field}
    if (frames_.size() != 4 || frames_[0].key != "items" || frames_[1].object ||
        frames_[2].key != "metadata" || !frames_[3].object || items.empty())
      return;
    const std::string& field = frames_[3].key;
    ObjectMeta& meta = items.back();
    if (field == "name") {
      meta.name = v;
    } else if (field == "namespace") {
      meta.ns = v;
    } else if (field == "uid") {
      meta.uid = v;
    } else if (field == "resourceVersion") {
      meta.resourceVersion = v;
    }
  }
  void null() override {}
  void value(int) override {}
  void value(unsigned) override {}
  void value(Poco::Int64) override {}
  void value(Poco::UInt64) override {}
  void value(double) override {}
  void value(bool) override {}

 private:
  struct Frame {
    bool object;
    std::string key;
  };
  bool inItemsArray() const {
    return frames_.size() == 2 && frames_[0].object && frames_[0].key == "items" &&
           !frames_[1].object;
  }
  void pop() {
    if (!frames_.empty()) frames_.pop_back();
  }
  std::vector<Frame> frames_;
};

}  // namespace

std::vector<ObjectMeta> listItemMetas(const std::string& body) {
  Poco::SharedPtr<ItemMetaHandler> handler(new ItemMetaHandler);
  try {
    Poco::JSON::Parser parser(handler);
    parser.parse(body);
  } catch (const Poco::Exception& e) {
    throw ListDecodeError("list answer is not valid JSON (" + e.displayText() + ")");
  }
  if (!handler->sawRootObject) throw ListDecodeError("list answer is not a JSON object");
  return std::move(handler->items);
}

}  // namespace perfscale::kube
