// The terminal's format, and markdown for pull request comments: the same tables, laid out as
// aligned columns or as pipe tables.
#include <algorithm>

#include "plugin/render/figure_tables.h"
#include "plugin/render/renderer.h"

namespace perfscale::plugin::render {
namespace {

void alignedTable(std::ostream& out, const Table& table) {
  out << '\n' << table.title << '\n';
  std::vector<size_t> widths(table.header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c)
      widths[c] = std::max(widths[c], row[c].size());
  };
  measure(table.header);
  for (const auto& row : table.rows)
    measure(row);
  auto line = [&](const std::vector<std::string>& row) {
    std::string text = " ";
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      const std::string pad(widths[c] - row[c].size(), ' ');
      text += "  ";
      text += c >= table.firstNumberColumn ? pad + row[c] : row[c] + pad;
    }
    while (!text.empty() && text.back() == ' ')
      text.pop_back();
    out << text << '\n';
  };
  line(table.header);
  for (const auto& row : table.rows)
    line(row);
  if (!table.note.empty()) out << "  (" << table.note << ")\n";
}

std::string markdownCell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

void pipeTable(std::ostream& out, const Table& table) {
  out << "\n### " << markdownCell(table.title) << "\n\n|";
  for (const auto& cell : table.header)
    out << ' ' << markdownCell(cell) << " |";
  out << "\n|";
  for (size_t c = 0; c < table.header.size(); ++c)
    out << (c >= table.firstNumberColumn ? " ---: |" : " --- |");
  out << '\n';
  for (const auto& row : table.rows) {
    out << '|';
    for (const auto& cell : row)
      out << ' ' << markdownCell(cell) << " |";
    out << '\n';
  }
  if (!table.note.empty()) out << "\n_" << markdownCell(table.note) << "_\n";
}

class TableRenderer final : public Renderer {
 public:
  explicit TableRenderer(bool markdown) : markdown_(markdown) {}
  void render(std::ostream& out, const Report& report) const override {
    auto table = [&](const Table& t) { markdown_ ? pipeTable(out, t) : alignedTable(out, t); };
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
