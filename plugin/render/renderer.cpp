// The table of renderers (see renderer.h).
#include "plugin/render/renderer.h"

#include <sstream>

#include "plugin/render/html_renderer.h"

namespace perfscale::plugin::render {

const Renderer& textRenderer();       // text_renderer.cpp
const Renderer& markdownRenderer();   // text_renderer.cpp
const Renderer& jsonRenderer();       // json_renderer.cpp
const Renderer& auditJsonRenderer();  // audit_json_renderer.cpp

const std::vector<RendererEntry>& renderers() {
  static const std::vector<RendererEntry> all = {
      {"text", "aligned tables for a terminal", textRenderer},
      {"json", "every figure, for programs (schema in the README)", jsonRenderer},
      {"markdown", "tables to paste into a pull request", markdownRenderer},
      {"html", "one self-contained page with plots", htmlRenderer},
      {"audit-json", "perfscale-audit's results file (needs --prometheus)", auditJsonRenderer},
  };
  return all;
}

const Renderer* findRenderer(std::string_view name) {
  for (const auto& entry : renderers())
    if (entry.name == name) return &entry.get();
  return nullptr;
}

std::string rendererNames() {
  std::string names;
  for (const auto& entry : renderers())
    names += (names.empty() ? "" : ", ") + std::string(entry.name);
  return names;
}

void writeJson(std::ostream& out, const Poco::JSON::Object& document) {
  std::ostringstream text;
  document.stringify(text, 2);
  text << '\n';
  out << text.str();
}

}  // namespace perfscale::plugin::render
