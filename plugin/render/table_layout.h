// How a Table is laid out as text: aligned columns for a terminal, pipe tables for markdown.
// Shared by report's and diff's renderers, so both look alike.
#pragma once

#include <ostream>
#include <string>

#include "plugin/render/figure_tables.h"

namespace perfscale::plugin::render {

// The title, then the columns padded to their widest cell (numbers right-aligned), then the
// note in parentheses.
void writeAligned(std::ostream& out, const Table& table);
// "### title", a pipe table (numbers right-aligned) and the note in italics; '|' escaped.
void writeMarkdown(std::ostream& out, const Table& table);
// Text with markdown's '|' escaped, for a line outside a table.
std::string markdownCell(const std::string& text);

}  // namespace perfscale::plugin::render
