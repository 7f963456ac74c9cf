// The terminal's format, and markdown for pull request comments: the same tables, laid out as
// aligned columns or as pipe tables.
#include "plugin/render/figure_tables.h"
#include "plugin/render/prometheus_table.h"
#include "plugin/render/renderer.h"
#include "plugin/render/table_layout.h"

namespace perfscale::plugin::render {
namespace {

class TableRenderer final : public Renderer {
 public:
  explicit TableRenderer(bool markdown) : markdown_(markdown) {}
  void render(std::ostream& out, const Report& report) const override {
    auto table = [&](const Table& t) { markdown_ ? writeMarkdown(out, t) : writeAligned(out, t); };
    bool first = true;
    for (const auto& run : report.runs) {
      if (!first) out << '\n';
      first = false;
      const auto lines = headline(run);
      for (size_t i = 0; i < lines.size(); ++i) {
        if (markdown_)
          out << (i == 0 ? "## " : "") << markdownCell(lines[i]) << (i == 0 ? "\n\n" : "  \n");
        else
          out << lines[i] << '\n';
      }
      if (report.runs.size() == 1) {
        for (const auto& t : runTables(run))
          table(t);
      }
    }
    if (report.runs.size() > 1) table(comparisonTable(report));
    if (report.prometheus) table(prometheusTable(*report.prometheus));
    if (!report.thresholds.empty()) table(thresholdTable(report.thresholds));
  }

 private:
  bool markdown_;
};

}  // namespace

const Renderer& textRenderer() {
  static const TableRenderer renderer(false);
  return renderer;
}

const Renderer& markdownRenderer() {
  static const TableRenderer renderer(true);
  return renderer;
}

}  // namespace perfscale::plugin::render
