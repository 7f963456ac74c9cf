// SVG panels: layout, axes, legend, data and hover tips (see svg_plot.h).
#include "plugin/render/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

namespace perfscale::plugin::render {
namespace {

constexpr double kCharWidth = 6.6;  // of the 11-12 px labels, to lay out without measuring
constexpr double kRowHeight = 20;
constexpr double kPlotHeight = 240;
constexpr size_t kHoverColumns = 200;

std::string coord(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  std::string s = buffer;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

double niceStep(double span, double targetTicks) {
  const double raw = span / targetTicks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0}) {
    if (raw <= m * magnitude) return m * magnitude;
  }
  return 10 * magnitude;
}

struct Domain {
  double min = 0;  // log10 of the value on a log axis
  double max = 1;
  std::vector<double> ticks;  // values (not logs)
};

// The axis range around [lo, hi] (data, positive part only on a log axis) with its ticks.
Domain domainOf(const Axis& axis, double lo, double hi, double pixels) {
  Domain d;
  if (axis.log) {
    lo = axis.min.value_or(lo);
    hi = axis.max.value_or(hi);
    if (!(lo > 0) || !(hi > 0) || !std::isfinite(lo) || !std::isfinite(hi)) lo = 1, hi = 10;
    d.min = std::floor(std::log10(lo));
    d.max = std::ceil(std::log10(hi));
    if (d.max <= d.min) d.max = d.min + 1;
    const bool fine = d.max - d.min <= 2;
    for (double e = d.min; e <= d.max; ++e) {
      const double decade = std::pow(10.0, e);
      d.ticks.push_back(decade);
      if (fine && e < d.max) {
        d.ticks.push_back(2 * decade);
        d.ticks.push_back(5 * decade);
      }
    }
    return d;
  }
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  lo = axis.min.value_or(lo);
  hi = axis.max.value_or(hi);
  if (hi <= lo) hi = lo + 1;
  const double step = niceStep(hi - lo, std::clamp(pixels / 90, 3.0, 10.0));
  d.min = axis.min ? lo : std::floor(lo / step + 1e-9) * step;
  d.max = axis.max ? hi : std::ceil(hi / step - 1e-9) * step;
  for (double t = std::ceil(d.min / step - 1e-9) * step; t <= d.max + step * 1e-9; t += step)
    d.ticks.push_back(std::abs(t) < step * 1e-9 ? 0 : t);
  return d;
}

std::string axisTitle(const Axis& axis) {
  return axis.unit.empty() ? axis.label : axis.label + " (" + axis.unit + ")";
}

std::string formatValue(const Axis& axis, double v) {
  if (axis.format) return axis.format(v);
  return formatNumber(v) + (axis.unit.empty() ? "" : " " + axis.unit);
}

std::string valueRange(const Axis& axis, double lo, double hi) {
  return lo == hi ? formatValue(axis, lo) : formatValue(axis, lo) + " – " + formatValue(axis, hi);
}

std::string dashAttribute(const std::string& dash) {
  return dash.empty() ? "" : " stroke-dasharray=\"" + dash + "\"";
}

void markerPath(std::ostream& out, Marker marker, double x, double y) {
  switch (marker) {
    case Marker::Circle:
      out << "M" << coord(x - 3) << "," << coord(y) << "a3,3 0 1,0 6,0a3,3 0 1,0 -6,0";
      break;
    case Marker::Triangle:
      out << "M" << coord(x) << "," << coord(y - 4) << "l4,7h-8z";
      break;
    case Marker::Cross:
      out << "M" << coord(x - 3) << "," << coord(y - 3) << "l6,6m0,-6l-6,6";
      break;
  }
}

}  // namespace

std::string escapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // Control characters (but tab and newline) are not allowed in XML.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
          out += "\xEF\xBF\xBD";  // U+FFFD
        else
          out += c;
    }
  }
  return out;
}

std::string formatNumber(double value, int significant) {
  if (!std::isfinite(value)) return std::isnan(value) ? "–" : (value > 0 ? "∞" : "-∞");
  if (value == 0) return "0";
  const int before = static_cast<int>(std::floor(std::log10(std::abs(value)))) + 1;
  const int decimals = std::clamp(significant - before, 0, 12);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string s = buffer;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0')
      s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::vector<size_t> downsampleIndices(const std::vector<Point>& points, size_t maxPoints) {
  std::vector<size_t> kept;
  if (points.size() <= maxPoints || maxPoints < 4) {
    kept.resize(points.size());
    for (size_t i = 0; i < points.size(); ++i)
      kept[i] = i;
    return kept;
  }
  const double x0 = points.front().x;
  const double span = std::max(points.back().x - x0, std::numeric_limits<double>::min());
  const size_t columns = maxPoints / 4;
  std::set<size_t> chosen;
  size_t i = 0;
  while (i < points.size()) {
    const auto column =
        std::min(columns - 1, static_cast<size_t>(std::floor((points[i].x - x0) / span * columns)));
    size_t lowest = i, highest = i, last = i;
    size_t j = i;
    for (; j < points.size(); ++j) {
      const auto c = std::min(columns - 1,
                              static_cast<size_t>(std::floor((points[j].x - x0) / span * columns)));
      if (c != column) break;
      last = j;
      if (std::isnan(points[j].y)) {
        chosen.insert(j);  // a gap stays a gap
        continue;
      }
      if (std::isnan(points[lowest].y) || points[j].y < points[lowest].y) lowest = j;
      if (std::isnan(points[highest].y) || points[j].y > points[highest].y) highest = j;
    }
    chosen.insert({i, lowest, highest, last});
    i = j;
  }
  return {chosen.begin(), chosen.end()};
}

struct SvgPlot::Frame {
  double left = 0, top = 0, width = 0, height = 0;  // the panel
  double plotLeft = 0, plotTop = 0, plotWidth = 0, plotHeight = 0;
  Domain x, y;
  bool xLog = false, yLog = false;

  double px(double v) const {
    return plotLeft + plotWidth * (scaled(v, x, xLog) - x.min) / (x.max - x.min);
  }
  double py(double v) const {
    return plotTop + plotHeight - plotHeight * (scaled(v, y, yLog) - y.min) / (y.max - y.min);
  }
  // The data x at pixel column p (the inverse of px).
  double xAt(double p) const {
    const double s = x.min + (p - plotLeft) / plotWidth * (x.max - x.min);
    return xLog ? std::pow(10.0, s) : s;
  }
  static double scaled(double v, const Domain& d, bool log) {
    if (!log) return std::clamp(v, d.min, d.max);
    return v > 0 ? std::clamp(std::log10(v), d.min, d.max) : d.min;
  }
};

bool SvgPlot::empty() const {
  for (const auto& s : series_) {
    for (const auto& p : s.points)
      if (!std::isnan(p.y)) return false;
  }
  for (const auto& stack : stacks_)
    if (!stack.x.empty() && !stack.layers.empty()) return false;
  return bars_.empty();
}

size_t SvgPlot::legendRows(double width) const {
  size_t rows = legend_.empty() ? 0 : 1;
  double x = 0;
  for (const auto& entry : legend_) {
    const double w = 30 + kCharWidth * static_cast<double>(entry.label.size()) + 14;
    if (x > 0 && x + w > width - 80) ++rows, x = 0;
    x += w;
  }
  return rows;
}

double SvgPlot::height(double width) const {
  const double plot =
      rows_.empty() ? kPlotHeight : std::max(60.0, kRowHeight * static_cast<double>(rows_.size()));
  return 30 + 16 * static_cast<double>(legendRows(width)) + 8 + plot + 40 +
         (note_.empty() ? 0 : 16) + 8;
}

SvgPlot::Frame SvgPlot::frame(double left, double top, double width) const {
  Frame f;
  f.left = left, f.top = top, f.width = width, f.height = height(width);
  double labelWidth = 0;
  for (const auto& row : rows_)
    labelWidth = std::max(labelWidth, kCharWidth * static_cast<double>(row.size()));
  f.plotLeft = left + (rows_.empty() ? 66 : std::clamp(labelWidth + 14, 66.0, 260.0));
  f.plotTop = top + 30 + 16 * static_cast<double>(legendRows(width)) + 8;
  f.plotWidth = width - (f.plotLeft - left) - 18;
  f.plotHeight =
      rows_.empty() ? kPlotHeight : std::max(60.0, kRowHeight * static_cast<double>(rows_.size()));

  // The data's extent; a log axis looks at positive values only.
  const double inf = std::numeric_limits<double>::infinity();
  double xLo = inf, xHi = -inf, yLo = inf, yHi = -inf;
  auto seeX = [&](double v) {
    if (std::isnan(v) || (x_.log && v <= 0)) return;
    xLo = std::min(xLo, v), xHi = std::max(xHi, v);
  };
  auto seeY = [&](double v) {
    if (std::isnan(v) || (y_.log && v <= 0)) return;
    yLo = std::min(yLo, v), yHi = std::max(yHi, v);
  };
  for (const auto& s : series_) {
    for (const auto& p : s.points) {
      if (std::isnan(p.y)) continue;
      seeX(p.x), seeY(p.y);
    }
  }
  for (const auto& stack : stacks_) {
    for (size_t i = 0; i < stack.x.size(); ++i) {
      double total = 0;
      for (const auto& layer : stack.layers)
        total += i < layer.values.size() ? layer.values[i] : 0;
      seeX(stack.x[i]), seeY(0), seeY(total);
    }
  }
  for (const auto& bar : bars_)
    seeX(bar.x0), seeX(bar.x1);
  f.xLog = x_.log, f.yLog = y_.log;
  f.x = domainOf(x_, xLo, xHi, f.plotWidth);
  if (rows_.empty()) {
    f.y = domainOf(y_, yLo, yHi, f.plotHeight);
  } else {
    f.y.min = 0, f.y.max = static_cast<double>(rows_.size());
  }
  return f;
}

void SvgPlot::writeAxes(std::ostream& out, const Frame& f) const {
  const double bottom = f.plotTop + f.plotHeight;
  out << "<rect class=\"frame\" x=\"" << coord(f.plotLeft) << "\" y=\"" << coord(f.plotTop)
      << "\" width=\"" << coord(f.plotWidth) << "\" height=\"" << coord(f.plotHeight) << "\"/>\n";
  // Grid lines and tick labels.
  out << "<g class=\"grid\">";
  for (double t : f.x.ticks) {
    const double x = f.px(t);
    out << "<path d=\"M" << coord(x) << "," << coord(f.plotTop) << "V" << coord(bottom) << "\"/>";
  }
  if (rows_.empty()) {
    for (double t : f.y.ticks) {
      const double y = f.py(t);
      out << "<path d=\"M" << coord(f.plotLeft) << "," << coord(y) << "H"
          << coord(f.plotLeft + f.plotWidth) << "\"/>";
    }
  }
  out << "</g>\n<g class=\"ticks\">";
  for (double t : f.x.ticks) {
    out << "<text x=\"" << coord(f.px(t)) << "\" y=\"" << coord(bottom + 14)
        << "\" text-anchor=\"middle\">" << escapeXml(formatNumber(t, 6)) << "</text>";
  }
  if (rows_.empty()) {
    for (double t : f.y.ticks) {
      out << "<text x=\"" << coord(f.plotLeft - 5) << "\" y=\"" << coord(f.py(t) + 4)
          << "\" text-anchor=\"end\">" << escapeXml(formatNumber(t, 6)) << "</text>";
    }
  } else {
    for (size_t r = 0; r < rows_.size(); ++r) {
      out << "<text x=\"" << coord(f.plotLeft - 6) << "\" y=\""
          << coord(f.plotTop + kRowHeight * (static_cast<double>(r) + 0.5) + 4)
          << "\" text-anchor=\"end\">" << escapeXml(rows_[r]) << "</text>";
    }
  }
  out << "</g>\n";
  out << "<text class=\"axis-title\" x=\"" << coord(f.plotLeft + f.plotWidth / 2) << "\" y=\""
      << coord(bottom + 32) << "\" text-anchor=\"middle\">" << escapeXml(axisTitle(x_))
      << (x_.log ? " — log scale" : "") << "</text>\n";
  if (rows_.empty()) {
    const double cx = f.left + 14, cy = f.plotTop + f.plotHeight / 2;
    out << "<text class=\"axis-title\" transform=\"translate(" << coord(cx) << "," << coord(cy)
        << ") rotate(-90)\" text-anchor=\"middle\">" << escapeXml(axisTitle(y_))
        << (y_.log ? " — log scale" : "") << "</text>\n";
  }
  if (!note_.empty()) {
    out << "<text class=\"note\" x=\"" << coord(f.plotLeft) << "\" y=\"" << coord(bottom + 50)
        << "\">" << escapeXml(note_) << "</text>\n";
  }
}

void SvgPlot::writeLegend(std::ostream& out, const Frame& f) const {
  if (legend_.empty()) return;
  out << "<g class=\"legend\">";
  double x = 0, y = f.top + 30 + 8;
  const double start = f.plotLeft;
  for (const auto& entry : legend_) {
    const double w = 30 + kCharWidth * static_cast<double>(entry.label.size()) + 14;
    if (x > 0 && start + x + w > f.left + f.width - 20) x = 0, y += 16;
    const double sx = start + x;
    switch (entry.swatch) {
      case LegendEntry::Swatch::Line:
        out << "<path d=\"M" << coord(sx) << "," << coord(y - 4) << "h24\" stroke=\"" << entry.color
            << "\" stroke-width=\"2.5\"" << dashAttribute(entry.dash) << "/>";
        break;
      case LegendEntry::Swatch::Box:
        out << "<rect x=\"" << coord(sx + 4) << "\" y=\"" << coord(y - 10) << "\" width=\"16\" "
            << "height=\"11\" fill=\"" << entry.color << "\"/>";
        break;
      case LegendEntry::Swatch::Marker:
        out << "<path class=\"marker\" d=\"";
        markerPath(out, entry.marker, sx + 12, y - 4);
        out << "\" stroke=\"" << entry.color << "\" fill=\"" << entry.color << "\"/>";
        break;
    }
    out << "<text x=\"" << coord(sx + 30) << "\" y=\"" << coord(y) << "\">"
        << escapeXml(entry.label) << "</text>";
    x += w;
  }
  out << "</g>\n";
}

void SvgPlot::writeData(std::ostream& out, const Frame& f) const {
  for (const auto& stack : stacks_) {
    if (stack.x.empty()) continue;
    // Every layer keeps the same x values, each layer's extremes included: the union of each
    // layer's own choice, with fewer columns until the union fits.
    std::vector<size_t> kept;
    for (size_t budget = kMaxPolylinePoints / 2; budget >= 8; budget /= 2) {
      std::set<size_t> all;
      for (const auto& layer : stack.layers) {
        std::vector<Point> points(stack.x.size());
        for (size_t i = 0; i < stack.x.size(); ++i)
          points[i] = {stack.x[i], i < layer.values.size() ? layer.values[i] : 0};
        for (size_t i : downsampleIndices(points, budget))
          all.insert(i);
      }
      kept.assign(all.begin(), all.end());
      if (2 * kept.size() <= kMaxPolylinePoints) break;  // the outline goes there and back
    }
    std::vector<double> base(kept.size(), 0);
    for (const auto& layer : stack.layers) {
      std::vector<double> upper(kept.size());
      bool any = false;
      for (size_t k = 0; k < kept.size(); ++k) {
        const double v = kept[k] < layer.values.size() ? layer.values[kept[k]] : 0;
        upper[k] = base[k] + v;
        any = any || v != 0;
      }
      if (any) {
        out << "<path class=\"data area\" fill=\"" << layer.color << "\" d=\"";
        for (size_t k = 0; k < kept.size(); ++k)
          out << (k ? "L" : "M") << coord(f.px(stack.x[kept[k]])) << "," << coord(f.py(upper[k]));
        for (size_t k = kept.size(); k-- > 0;)
          out << "L" << coord(f.px(stack.x[kept[k]])) << "," << coord(f.py(base[k]));
        out << "Z\"><title>" << escapeXml(layer.name) << "</title></path>\n";
      }
      base = std::move(upper);
    }
  }
  for (const auto& s : series_) {
    const auto kept = downsampleIndices(s.points, kMaxPolylinePoints);
    std::ostringstream d;
    bool pen = false;  // false: the next point starts a new subpath
    size_t drawn = 0;  // points of the current subpath
    std::optional<double> lastY;
    // A point alone between gaps is drawn as a small ring, as a line through it would be.
    auto endSubpath = [&] {
      if (s.shape != Shape::Markers && drawn == 1)
        d << "m-1.5,0a1.5,1.5 0 1,0 3,0a1.5,1.5 0 1,0 -3,0";
      pen = false;
      drawn = 0;
    };
    for (size_t i : kept) {
      const auto& p = s.points[i];
      if (std::isnan(p.y)) {
        endSubpath();
        continue;
      }
      const double x = f.px(p.x), y = f.py(p.y);
      if (s.shape == Shape::Markers) {
        markerPath(d, s.marker, x, y);
      } else if (!pen) {
        d << "M" << coord(x) << "," << coord(y);
      } else if (s.shape == Shape::Step) {
        d << "H" << coord(x) << (lastY && *lastY == y ? "" : "V" + coord(y));
      } else {
        d << "L" << coord(x) << "," << coord(y);
      }
      pen = true;
      ++drawn;
      lastY = y;
    }
    endSubpath();
    if (d.tellp() == 0) continue;
    if (s.shape == Shape::Markers) {
      out << "<path class=\"data marker\" stroke=\"" << s.color << "\" fill=\"" << s.color
          << "\" d=\"" << d.str() << "\"><title>" << escapeXml(s.name) << "</title></path>\n";
    } else {
      out << "<path class=\"data line\" stroke=\"" << s.color << "\"" << dashAttribute(s.dash)
          << " d=\"" << d.str() << "\"><title>" << escapeXml(s.name) << "</title></path>\n";
    }
  }
  for (const auto& bar : bars_) {
    const double x0 = f.px(bar.x0), x1 = std::max(f.px(bar.x1), x0 + 1);
    const double y = f.plotTop + kRowHeight * static_cast<double>(bar.row) + 3;
    out << "<rect class=\"data bar" << (bar.faded ? " faded" : "") << "\" x=\"" << coord(x0)
        << "\" y=\"" << coord(y) << "\" width=\"" << coord(x1 - x0) << "\" height=\""
        << coord(kRowHeight - 6) << "\" fill=\"" << bar.color << "\"><title>" << escapeXml(bar.tip)
        << "</title></rect>\n";
  }
}

void SvgPlot::writeHoverColumns(std::ostream& out, const Frame& f) const {
  // Columns at the data's own x values when there are few, else equal pixel columns.
  std::set<double> xs;
  for (const auto& s : series_)
    for (const auto& p : s.points)
      xs.insert(p.x);
  for (const auto& stack : stacks_)
    xs.insert(stack.x.begin(), stack.x.end());
  if (xs.empty()) return;
  struct Column {
    double p0, p1;  // pixels
    double x0, x1;  // data, [x0, x1]
  };
  std::vector<Column> columns;
  if (xs.size() <= kHoverColumns) {
    const std::vector<double> v(xs.begin(), xs.end());
    for (size_t i = 0; i < v.size(); ++i) {
      const double p = f.px(v[i]);
      const double p0 = i ? (f.px(v[i - 1]) + p) / 2 : f.plotLeft;
      const double p1 = i + 1 < v.size() ? (p + f.px(v[i + 1])) / 2 : f.plotLeft + f.plotWidth;
      if (p1 > p0) columns.push_back({p0, p1, v[i], v[i]});
    }
  } else {
    const double w = f.plotWidth / kHoverColumns;
    for (size_t i = 0; i < kHoverColumns; ++i) {
      const double p0 = f.plotLeft + w * static_cast<double>(i);
      columns.push_back({p0, p0 + w, f.xAt(p0), f.xAt(p0 + w)});
    }
    columns.front().x0 = -std::numeric_limits<double>::infinity();  // values clamped to the edge
  }
  out << "<g class=\"hover\">";
  for (const auto& c : columns) {
    std::string tip;
    for (const auto& s : series_) {
      auto first = std::lower_bound(s.points.begin(), s.points.end(), c.x0,
                                    [](const Point& p, double x) { return p.x < x; });
      auto end = std::upper_bound(s.points.begin(), s.points.end(), c.x1,
                                  [](double x, const Point& p) { return x < p.x; });
      double lo = std::numeric_limits<double>::infinity(), hi = -lo;
      for (auto it = first; it != end; ++it)
        if (!std::isnan(it->y)) lo = std::min(lo, it->y), hi = std::max(hi, it->y);
      if (lo > hi && s.shape == Shape::Step && end != s.points.begin() &&
          !std::isnan(std::prev(end)->y))
        lo = hi = std::prev(end)->y;  // a step holds its value until the next point
      if (lo > hi) continue;
      tip += "\n" + s.name + ": " + valueRange(y_, lo, hi);
    }
    for (const auto& stack : stacks_) {
      auto first = std::lower_bound(stack.x.begin(), stack.x.end(), c.x0);
      auto end = std::upper_bound(stack.x.begin(), stack.x.end(), c.x1);
      if (first == end) continue;
      const auto i0 = static_cast<size_t>(first - stack.x.begin());
      const auto i1 = static_cast<size_t>(end - stack.x.begin());
      for (auto layer = stack.layers.rbegin(); layer != stack.layers.rend(); ++layer) {
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (size_t i = i0; i < i1 && i < layer->values.size(); ++i)
          lo = std::min(lo, layer->values[i]), hi = std::max(hi, layer->values[i]);
        if (lo <= hi) tip += "\n" + layer->name + ": " + valueRange(y_, lo, hi);
      }
    }
    if (tip.empty()) continue;
    const double x0 = std::isfinite(c.x0) ? c.x0 : f.xAt(c.p0);
    tip = x_.label + ": " + valueRange(x_, x0, c.x1) + tip;
    out << "<rect x=\"" << coord(c.p0) << "\" y=\"" << coord(f.plotTop) << "\" width=\""
        << coord(c.p1 - c.p0) << "\" height=\"" << coord(f.plotHeight) << "\"><title>"
        << escapeXml(tip) << "</title></rect>";
  }
  out << "</g>\n";
}

void SvgPlot::write(std::ostream& out, double left, double top, double width) const {
  const Frame f = frame(left, top, width);
  out << "<g class=\"panel\">\n<text class=\"plot-title\" x=\"" << coord(f.plotLeft) << "\" y=\""
      << coord(top + 18) << "\">" << escapeXml(title_) << "</text>\n";
  writeLegend(out, f);
  writeAxes(out, f);
  if (empty()) {
    out << "<text class=\"no-data\" x=\"" << coord(f.plotLeft + f.plotWidth / 2) << "\" y=\""
        << coord(f.plotTop + f.plotHeight / 2) << "\" text-anchor=\"middle\">no data</text>\n";
  } else {
    writeData(out, f);
    if (hoverColumns_) writeHoverColumns(out, f);
  }
  out << "</g>\n";
}

void writeSvg(std::ostream& out, std::string_view id, double width,
              const std::vector<SvgPlot>& panels, size_t columns) {
  columns = std::max<size_t>(1, std::min(columns, panels.size()));
  const double panelWidth = width / static_cast<double>(columns);
  std::vector<double> rowTops = {0};
  for (size_t i = 0; i < panels.size(); i += columns) {
    double rowHeight = 0;
    for (size_t j = i; j < i + columns && j < panels.size(); ++j)
      rowHeight = std::max(rowHeight, panels[j].height(panelWidth));
    rowTops.push_back(rowTops.back() + rowHeight);
  }
  const double height = rowTops.back();
  out << "<svg id=\"" << escapeXml(id) << "\" class=\"plot\" viewBox=\"0 0 " << coord(width) << " "
      << coord(height) << "\" width=\"" << coord(width) << "\" height=\"" << coord(height)
      << "\" role=\"img\">\n";
  for (size_t i = 0; i < panels.size(); ++i) {
    panels[i].write(out, panelWidth * static_cast<double>(i % columns), rowTops[i / columns],
                    panelWidth);
  }
  out << "</svg>\n";
}

}  // namespace perfscale::plugin::render
