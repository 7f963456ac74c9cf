// A small SVG plot writer for the HTML report: panels with a title, axes with ticks and units,
// a legend, and data drawn as lines, steps, stacked areas, markers or horizontal bars. Hovering
// shows values through SVG <title> elements, so the page needs no script. Long series are
// downsampled per pixel column keeping each column's first, lowest, highest and last point, so
// no extreme is ever dropped and no polyline exceeds kMaxPolylinePoints.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace perfscale::plugin::render {

inline constexpr size_t kMaxPolylinePoints = 600;

// Text made safe for XML and HTML content and attribute values.
std::string escapeXml(std::string_view text);

// A number with at most `significant` digits, without trailing zeros ("0.25", "1200", "3").
std::string formatNumber(double value, int significant = 4);

struct Axis {
  Axis(std::string label, std::string unit) : label(std::move(label)), unit(std::move(unit)) {}
  std::string label;  // "time since start"
  std::string unit;   // "s"; shown after the label and in hover tips
  bool log = false;   // values <= 0 are drawn at the axis' lower end
  std::optional<double> min;
  std::optional<double> max;
  // How hover tips print a value of this axis; formatNumber + unit when unset.
  std::function<std::string(double)> format;
};

struct Point {
  double x = 0;
  double y = 0;  // NaN: a gap (the line is broken there)
};

enum class Shape { Line, Step, Markers };
enum class Marker { Circle, Triangle, Cross };

struct Series {
  Series(std::string name, std::string color, Shape shape = Shape::Line, std::string dash = "",
         Marker marker = Marker::Circle)
      : name(std::move(name)),
        color(std::move(color)),
        shape(shape),
        dash(std::move(dash)),
        marker(marker) {}
  std::string name;  // in hover tips
  std::string color;
  Shape shape = Shape::Line;
  std::string dash;  // stroke-dasharray, "" for a solid line
  Marker marker = Marker::Circle;
  std::vector<Point> points;  // by increasing x
};

// Areas stacked in order (the first at the bottom) over the same x values.
struct StackLayer {
  std::string name;
  std::string color;
  std::vector<double> values;  // one per StackedArea::x
};

struct StackedArea {
  std::vector<double> x;
  std::vector<StackLayer> layers;
};

// A horizontal bar segment on a row of a plot with categorical rows.
struct Bar {
  Bar(size_t row, double x0, double x1, std::string color, std::string tip, bool faded = false)
      : row(row), x0(x0), x1(x1), color(std::move(color)), tip(std::move(tip)), faded(faded) {}
  size_t row = 0;
  double x0 = 0;
  double x1 = 0;
  std::string color;
  std::string tip;
  bool faded = false;  // unfinished: drawn lighter
};

struct LegendEntry {
  enum class Swatch { Line, Box, Marker };
  static LegendEntry box(std::string label, std::string color) {
    return {std::move(label), std::move(color), Swatch::Box, "", Marker::Circle};
  }
  static LegendEntry line(std::string label, std::string color, std::string dash = "") {
    return {std::move(label), std::move(color), Swatch::Line, std::move(dash), Marker::Circle};
  }
  static LegendEntry mark(std::string label, std::string color, Marker marker) {
    return {std::move(label), std::move(color), Swatch::Marker, "", marker};
  }
  std::string label;
  std::string color;
  Swatch swatch = Swatch::Line;
  std::string dash;
  Marker marker = Marker::Circle;
};

class SvgPlot {
 public:
  SvgPlot(std::string title, Axis x, Axis y)
      : title_(std::move(title)), x_(std::move(x)), y_(std::move(y)) {}

  void add(Series series) { series_.push_back(std::move(series)); }
  void add(StackedArea stack) { stacks_.push_back(std::move(stack)); }
  void add(Bar bar) { bars_.push_back(std::move(bar)); }
  // Categorical rows, top to bottom; the y axis then labels rows instead of values.
  void setRows(std::vector<std::string> rows) { rows_ = std::move(rows); }
  void setLegend(std::vector<LegendEntry> legend) { legend_ = std::move(legend); }
  // A line under the plot saying how to read it ("server times are whole seconds").
  void setNote(std::string note) { note_ = std::move(note); }
  // Vertical strips that list every series' value at that x when hovered.
  void setHoverColumns(bool on) { hoverColumns_ = on; }

  bool empty() const;
  // The height this panel wants at `width` (legend rows and categorical rows grow it).
  double height(double width) const;
  // Writes the panel as a <g> with its top left corner at (left, top).
  void write(std::ostream& out, double left, double top, double width) const;

 private:
  struct Frame;
  Frame frame(double left, double top, double width) const;
  void writeAxes(std::ostream& out, const Frame& f) const;
  void writeLegend(std::ostream& out, const Frame& f) const;
  void writeData(std::ostream& out, const Frame& f) const;
  void writeHoverColumns(std::ostream& out, const Frame& f) const;
  size_t legendRows(double width) const;

  std::string title_;
  Axis x_;
  Axis y_;
  std::vector<Series> series_;
  std::vector<StackedArea> stacks_;
  std::vector<Bar> bars_;
  std::vector<std::string> rows_;
  std::vector<LegendEntry> legend_;
  std::string note_;
  bool hoverColumns_ = false;
};

// One <svg id="ID"> holding `panels` in a grid of `columns`, `width` pixels wide.
void writeSvg(std::ostream& out, std::string_view id, double width,
              const std::vector<SvgPlot>& panels, size_t columns = 1);

// The indices of the points to keep so that at most `maxPoints` remain: the points are
// bucketed by x into maxPoints/4 columns and each column keeps its first, lowest, highest and
// last point (NaN gaps are kept too). Every index when there are few enough points already.
std::vector<size_t> downsampleIndices(const std::vector<Point>& points, size_t maxPoints);

}  // namespace perfscale::plugin::render
