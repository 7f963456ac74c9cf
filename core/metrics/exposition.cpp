// The text exposition format (see exposition.h).
#include "core/metrics/exposition.h"

#include <charconv>
#include <cmath>

namespace perfscale::metrics {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

void appendEscaped(std::string& out, const std::string& text, bool quotes) {
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quotes) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

// {a="x",b="y"} of the constant labels, the series' own, and an optional le; "" when none.
std::string labelSet(const Labels& constant, const std::vector<std::string>& names,
                     const std::vector<std::string>& values, const std::string* le = nullptr) {
  std::string out;
  auto add = [&out](const std::string& name, const std::string& value) {
    out += out.empty() ? "{" : ",";
    out += name;
    out += "=\"";
    appendEscaped(out, value, true);
    out += '"';
  };
  for (const auto& [name, value] : constant)
    add(name, value);
  for (size_t i = 0; i < names.size() && i < values.size(); ++i)
    add(names[i], values[i]);
  if (le) add("le", *le);
  if (!out.empty()) out += '}';
  return out;
}

void sample(std::string& out, const std::string& name, const std::string& labels,
            const std::string& value) {
  out += name;
  out += labels;
  out += ' ';
  out += value;
  out += '\n';
}

}  // namespace

std::string escapeLabelValue(const std::string& value) {
  std::string out;
  appendEscaped(out, value, true);
  return out;
}

std::string escapeHelp(const std::string& help) {
  std::string out;
  appendEscaped(out, help, false);
  return out;
}

std::string formatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string exposition(const Registry& registry) {
  registry.collect();
  const Labels constant = registry.constantLabels();
  std::string out;
  for (const Family* family : registry.families()) {
    const std::string& name = family->name();
    out += "# HELP " + name + " " + escapeHelp(family->help()) + "\n";
    out += "# TYPE " + name + " " + toString(family->type()) + "\n";
    family->forEach([&](const std::vector<std::string>& values, const Counter* counter,
                        const Gauge* gauge, const Histogram* histogram) {
      const auto& names = family->labelNames();
      if (counter)
        sample(out, name, labelSet(constant, names, values), std::to_string(counter->value()));
      if (gauge) sample(out, name, labelSet(constant, names, values), formatValue(gauge->value()));
      if (!histogram) return;
      const auto snapshot = histogram->snapshot();
      const auto& bounds = histogram->bounds();
      for (size_t i = 0; i <= bounds.size(); ++i) {
        const std::string le = i < bounds.size() ? formatValue(bounds[i]) : "+Inf";
        sample(out, name + "_bucket", labelSet(constant, names, values, &le),
               std::to_string(snapshot.cumulative[i]));
      }
      const std::string labels = labelSet(constant, names, values);
      sample(out, name + "_sum", labels, formatValue(snapshot.sum));
      sample(out, name + "_count", labels, std::to_string(snapshot.count));
    });
  }
  return out;
}

}  // namespace perfscale::metrics
