// Aligned columns and pipe tables: the two layouts every text-like renderer shares.
#include "plugin/render/table_layout.h"

#include <algorithm>

namespace perfscale::plugin::render {

void writeAligned(std::ostream& out, const Table& table) {
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

void writeMarkdown(std::ostream& out, const Table& table) {
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

}  // namespace perfscale::plugin::render
