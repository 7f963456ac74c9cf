// report's Prometheus flags and comparison (see report_prometheus.h).
#include "plugin/report_prometheus.h"

#include <iostream>

#include "core/prometheus/audit_queries.h"
#include "core/stats/thresholds.h"
#include "core/text_file.h"
#include "plugin/render/figure_tables.h"

namespace perfscale::plugin {
namespace {

std::string optional(const cxxopts::ParseResult& parsed, const std::string& flag) {
  return parsed.count(flag) ? parsed[flag].as<std::string>() : "";
}

std::string trimmed(std::string text) {
  const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && isSpace(text.back()))
    text.pop_back();
  size_t start = 0;
  while (start < text.size() && isSpace(text[start]))
    ++start;
  return text.substr(start);
}

// A file named by `flag`, whole; an error naming both when it cannot be read.
std::string readFlagFile(const std::string& flag, const std::string& path) {
  const TextFile file = readTextFile(path);
  if (!file.text) throw std::runtime_error("--" + flag + " " + path + ": " + file.problem());
  return *file.text;
}

std::string fileField(const stats::AuditInput& audit, const std::string& field) {
  return "the field " + field + " of " + audit.file;
}

}  // namespace

void addPrometheusFlags(cxxopts::OptionAdder& add) {
  add("prometheus",
      "Prometheus' URL (http:// or https://): compare the run's figures with KubeVirt's "
      "metrics over the run's window, as perfscale-audit queries them",
      cxxopts::value<std::string>(), "URL");
  add("prometheus-token", "Bearer token for Prometheus", cxxopts::value<std::string>(), "TOKEN");
  add("prometheus-token-file", "File holding the bearer token for Prometheus",
      cxxopts::value<std::string>(), "FILE");
  add("prometheus-certificate-authority", "CA certificate(s) (PEM) to verify Prometheus with",
      cxxopts::value<std::string>(), "FILE");
  add("prometheus-insecure-skip-tls-verify", "Do not verify Prometheus' certificate (insecure)");
  add("prometheus-client-certificate", "Client certificate (PEM) for Prometheus",
      cxxopts::value<std::string>(), "FILE");
  add("prometheus-client-key", "Client key (PEM) for Prometheus", cxxopts::value<std::string>(),
      "FILE");
}

PrometheusSetup prometheusSetup(const cxxopts::ParseResult& parsed) {
  PrometheusSetup setup;
  if (parsed.count("thresholds"))
    setup.audit = stats::readAuditInput(parsed["thresholds"].as<std::string>());

  const std::string flagUrl = optional(parsed, "prometheus");
  const std::string fileUrl = setup.audit ? setup.audit->prometheusURL : "";
  const std::string url = flagUrl.empty() ? fileUrl : flagUrl;
  const bool anyPrometheusFlag =
      parsed.count("prometheus-token") || parsed.count("prometheus-token-file") ||
      parsed.count("prometheus-certificate-authority") ||
      parsed.count("prometheus-insecure-skip-tls-verify") ||
      parsed.count("prometheus-client-certificate") || parsed.count("prometheus-client-key");
  if (url.empty()) {
    if (parsed.count("prometheus"))
      throw std::runtime_error("--prometheus: give Prometheus' URL, e.g. http://localhost:9090");
    if (anyPrometheusFlag) {
      throw std::runtime_error(
          "the --prometheus-* flags need --prometheus URL (or a --thresholds file with "
          "prometheusURL)");
    }
    return setup;
  }

  prometheus::Connection connection;
  connection.url = url;
  // The file's credentials go only to the file's URL: a token must not leave for another host.
  const bool fromFile = setup.audit && !fileUrl.empty() && fileUrl == url;

  const std::string token = optional(parsed, "prometheus-token");
  const std::string tokenFile = optional(parsed, "prometheus-token-file");
  if (!token.empty() && !tokenFile.empty())
    throw std::runtime_error("give --prometheus-token or --prometheus-token-file, not both");
  if (!tokenFile.empty()) {
    connection.bearerToken = trimmed(readFlagFile("prometheus-token-file", tokenFile));
    if (connection.bearerToken.empty()) {
      throw std::runtime_error("--prometheus-token-file " + tokenFile +
                               ": the file is empty; it should hold the bearer token");
    }
  } else if (!token.empty()) {
    connection.bearerToken = token;
  } else if (fromFile) {
    connection.bearerToken = setup.audit->prometheusBearerToken;
    connection.username = setup.audit->prometheusUserName;
    connection.password = setup.audit->prometheusPassword;
  }
  if (fromFile) {
    connection.tokenHint = "--prometheus-token or --prometheus-token-file (or " +
                           fileField(*setup.audit, "prometheusBearerToken") + ")";
  }

  connection.tls.insecureSkipVerify = parsed.count("prometheus-insecure-skip-tls-verify") > 0;
  const std::string ca = optional(parsed, "prometheus-certificate-authority");
  if (!ca.empty()) {
    if (connection.tls.insecureSkipVerify) {
      throw std::runtime_error(
          "--prometheus-certificate-authority and --prometheus-insecure-skip-tls-verify "
          "contradict each other; give one");
    }
    connection.tls.caPem = readFlagFile("prometheus-certificate-authority", ca);
  }
  if (fromFile && ca.empty() && !connection.tls.insecureSkipVerify &&
      setup.audit->prometheusVerifyTLS == false) {
    connection.tls.insecureSkipVerify = true;
    connection.insecureHint = "prometheusVerifyTLS: false";
    std::cerr << "warning: " << setup.audit->file
              << ": prometheusVerifyTLS is false: Prometheus' certificate is not verified "
                 "(perfscale-audit reads this field inverted; this tool reads it as named)\n";
  }
  const std::string certificate = optional(parsed, "prometheus-client-certificate");
  const std::string key = optional(parsed, "prometheus-client-key");
  if (certificate.empty() != key.empty()) {
    throw std::runtime_error(
        "give --prometheus-client-certificate and --prometheus-client-key together");
  }
  if (!certificate.empty()) {
    connection.tls.clientCertificatePem =
        readFlagFile("prometheus-client-certificate", certificate);
    connection.tls.clientKeyPem = readFlagFile("prometheus-client-key", key);
  }
  if (setup.audit) {
    for (const auto& expectation : setup.audit->expectations) {
      stats::requirePrometheusResult(expectation.name, expectation.where);
      if (!expectation.metric.empty())
        stats::requirePrometheusResult(expectation.metric, expectation.metricWhere);
    }
  }
  setup.connection = std::move(connection);
  return setup;
}

render::PrometheusComparison comparePrometheus(const PrometheusSetup& setup,
                                               const stats::RunFigures& run) {
  render::PrometheusComparison comparison;
  prometheus::Client client(*setup.connection);
  const stats::PrometheusWindow window = stats::runWindow(run);
  comparison.figures = prometheus::queryAuditFigures(client, window);
  if (const auto missing = stats::missingPrometheusData(comparison.figures, run)) {
    throw prometheus::PrometheusError(
        "Prometheus at " + client.url() + " has no data for " + *missing +
        " in the run's window (" + render::utcTime(window.startWallNs) + " to " +
        render::utcTime(window.endWallNs) + ", " + std::to_string(window.seconds) +
        " s): did it scrape KubeVirt's components (virt-controller, virt-handler, virt-api) of "
        "this cluster then? Check its targets (Status > Targets) and its retention");
  }
  comparison.pairs = stats::pairFigures(comparison.figures, run);
  if (setup.audit) {
    comparison.audit = stats::judgeAudit(setup.audit->expectations, [&](const std::string& name) {
      return stats::auditValue(comparison.figures, name);
    });
  }
  return comparison;
}

std::vector<render::CheckedThreshold> checkedAudit(const render::PrometheusComparison& comparison) {
  std::vector<render::CheckedThreshold> checked;
  for (const auto& judgement : comparison.audit) {
    const auto& e = judgement.expectation;
    std::string text = scenario::toString({e.where.file, e.where.line, 0}) + ": " + e.name +
                       " <= " +
                       (e.metric.empty() ? render::formatMetric(*e.value)
                                         : render::formatMetric(*e.ratio) + "*" + e.metric) +
                       " (Prometheus)";
    std::string note = judgement.note;
    if (!judgement.value || (!e.metric.empty() && !judgement.thresholdValue)) {
      note = "Prometheus has no value for " + (judgement.value ? e.metric : e.name) +
             " in the run's window";
    }
    checked.push_back(render::CheckedThreshold{std::move(text), judgement.value,
                                               judgement.thresholdValue, !judgement.exceeded,
                                               std::move(note)});
  }
  return checked;
}

}  // namespace perfscale::plugin
