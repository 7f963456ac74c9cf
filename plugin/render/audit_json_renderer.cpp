// perfscale-audit's results file, byte for byte as its Go encoder writes it (MarshalIndent with
// two spaces, names sorted, omitempty fields left out): {"Values": {NAME: {"value": X,
// "thresholdResult": {"thresholdValue", "thresholdMetric", "thresholdRatio",
// "thresholdExceeded"}}}}. Values are Prometheus' figures; an expectation whose figure
// Prometheus did not have is written with "value": null (which Go reads as 0) and exceeded.
#include <map>
#include <optional>

#include "core/json_quote.h"
#include "core/scenario/json_value.h"
#include "plugin/render/renderer.h"

namespace perfscale::plugin::render {
namespace {

std::string number(const std::optional<double>& value) {
  return value ? scenario::formatJsonNumber(*value) : "null";
}

class AuditJsonRenderer final : public Renderer {
 public:
  void render(std::ostream& out, const Report& report) const override {
    std::map<std::string, std::optional<double>> values;
    std::map<std::string, const stats::AuditJudgement*> judged;
    if (report.prometheus) {
      for (const auto& [name, value] : stats::auditValues(report.prometheus->figures))
        values[name] = value;
      for (const auto& judgement : report.prometheus->audit) {
        values[judgement.expectation.name] = judgement.value;
        judged[judgement.expectation.name] = &judgement;
      }
    }
    out << "{\n  \"Values\": {";
    bool first = true;
    for (const auto& [name, value] : values) {
      out << (first ? "\n" : ",\n") << "    " << quoteJson(name)
          << ": {\n      \"value\": " << number(value);
      first = false;
      const auto it = judged.find(name);
      if (it != judged.end()) {
        const stats::AuditJudgement& j = *it->second;
        out << ",\n      \"thresholdResult\": {\n        \"thresholdValue\": "
            << number(j.thresholdValue.value_or(0));
        if (!j.expectation.metric.empty())
          out << ",\n        \"thresholdMetric\": " << quoteJson(j.expectation.metric);
        if (j.thresholdRatio && *j.thresholdRatio != 0)
          out << ",\n        \"thresholdRatio\": " << number(j.thresholdRatio);
        out << ",\n        \"thresholdExceeded\": " << (j.exceeded ? "true" : "false")
            << "\n      }";
      }
      out << "\n    }";
    }
    out << (first ? "}\n}\n" : "\n  }\n}\n");
  }
};

}  // namespace

const Renderer& auditJsonRenderer() {
  static const AuditJsonRenderer renderer;
  return renderer;
}

}  // namespace perfscale::plugin::render
