// See yaml_documents.h.
#include "core/yaml_documents.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <optional>
#include <sstream>
#include <string_view>

namespace perfscale {

namespace {

// Remembers where the latest document started: a document that starts where the one before it
// did has consumed nothing, and the parser would hand out the same one forever.
class DocumentStarts : public YAML::EventHandler {
 public:
  explicit DocumentStarts(std::string_view text) : text_(text) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (previous_ && previous_->pos == mark.pos) {
      const auto at = static_cast<std::size_t>(mark.pos);
      const std::string found =
          at < text_.size() ? "'" + std::string(text_.substr(at, 1)) + "'" : "the end of the text";
      throw YAML::ParserException(mark, "expected a node, found " + found);
    }
    previous_ = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  std::string_view text_;
  std::optional<YAML::Mark> previous_;
};

}  // namespace

std::vector<YAML::Node> loadYamlDocuments(const std::string& text) {
  // A first pass through the events alone finds a stream LoadAll would never finish.
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts starts(text);
  while (parser.HandleNextDocument(starts)) {
  }
  return YAML::LoadAll(text);
}

}  // namespace perfscale
