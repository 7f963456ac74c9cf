// Progress line and run summary (see summary_output.h).
#include "plugin/summary_output.h"

#include "core/scenario/json_value.h"

#include <spdlog/spdlog.h>

#include <iomanip>
#include <iostream>
#include <sstream>

namespace perfscale::plugin {

namespace {

std::string ms(int64_t ns) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(ns < 10'000'000 ? 2 : 0) << static_cast<double>(ns) / 1e6;
  return out.str();
}

std::string seconds(RunClock elapsed) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << std::chrono::duration<double>(elapsed).count()
      << " s";
  return out.str();
}

std::string jsonString(const std::string& text) {
  return scenario::quoteJson(text);
}

std::string distributionJson(const stats::Distribution& d) {
  std::ostringstream out;
  out << "{\"count\":" << d.count << ",\"p50Ms\":" << d.p50 / 1e6 << ",\"p95Ms\":" << d.p95 / 1e6
      << ",\"p99Ms\":" << d.p99 / 1e6 << ",\"maxMs\":" << d.max / 1e6 << "}";
  return out.str();
}

std::string progressLine(const engine::Progress& p) {
  std::ostringstream out;
  out << p.workload << " it " << p.iteration << "/" << p.iterations << " " << p.stage
      << " | created " << p.created << "/" << p.asked;
  for (const char* phase : {"Pending", "Scheduling", "Scheduled", "Running", "Failed"}) {
    auto it = p.byPhase.find(phase);
    out << " " << phase << " " << (it == p.byPhase.end() ? 0 : it->second);
  }
  out << " gone " << p.gone << " | " << std::fixed << std::setprecision(1) << p.achievedQps
      << " creates/s | 429s " << p.throttled << " errors " << p.errors << " | "
      << seconds(p.elapsed);
  if (p.remaining)
    out << " | ETA " << (p.remainingIsLowerBound ? ">= " : "") << seconds(*p.remaining);
  return out.str();
}

}  // namespace

std::function<void(const engine::Progress&)> progressPrinter(bool live) {
  if (live) {
    return
        [](const engine::Progress& p) { std::cerr << "\r\033[K" << progressLine(p) << std::flush; };
  }
  auto last = std::make_shared<std::chrono::steady_clock::time_point>();
  return [last](const engine::Progress& p) {
    const auto now = std::chrono::steady_clock::now();
    if (now - *last < std::chrono::seconds(10)) return;
    *last = now;
    spdlog::info("{}", progressLine(p));
  };
}

void printSummary(std::ostream& out, const std::string& format, const scenario::Scenario& scenario,
                  const engine::RunReport& report, const stats::RunSummary& summary,
                  const std::string& tracePath, RunClock elapsed) {
  // Rates are of the first workload: several workloads with different paces have no one rate.
  const double askedRate = scenario.workloads.empty() ? 0 : scenario.workloads.front().qps;
  const int burst = scenario.workloads.empty() ? 1 : scenario.workloads.front().burst;
  const std::optional<double> achievedRate = summary.achievedCreateRate(burst);
  if (format == "json") {
    out << "{\"uuid\":" << jsonString(scenario.uuid) << ",\"name\":" << jsonString(scenario.name)
        << ",\"outcome\":" << jsonString(toString(report.outcome))
        << ",\"exitCode\":" << report.exitCode << ",\"message\":" << jsonString(report.message)
        << ",\"trace\":" << jsonString(tracePath)
        << ",\"elapsedSeconds\":" << std::chrono::duration<double>(elapsed).count()
        << ",\"asked\":" << report.asked << ",\"created\":" << report.created
        << ",\"failed\":" << report.failed << ",\"vmisFailed\":" << report.vmisFailed.size()
        << ",\"askedRate\":" << askedRate << ",\"achievedRate\":"
        << (achievedRate ? scenario::formatJsonNumber(*achievedRate) : std::string("null"))
        << ",\"phases\":[";
    for (size_t i = 0; i < summary.phases.size(); ++i) {
      const auto& phase = summary.phases[i];
      out << (i ? "," : "") << "{\"phase\":" << jsonString(phase.phase)
          << ",\"server\":" << distributionJson(phase.server)
          << ",\"client\":" << distributionJson(phase.client) << "}";
    }
    out << "],\"requests\":[";
    for (size_t i = 0; i < summary.requests.size(); ++i) {
      const auto& r = summary.requests[i];
      out << (i ? "," : "") << "{\"verb\":" << jsonString(r.verb)
          << ",\"resource\":" << jsonString(r.resource) << ",\"tries\":" << r.tries
          << ",\"errors\":" << r.errors << ",\"latency\":" << distributionJson(r.latency) << "}";
    }
    out << "],\"errors\":{";
    size_t i = 0;
    for (const auto& [reason, count] : summary.errorsByReason)
      out << (i++ ? "," : "") << jsonString(reason) << ":" << count;
    out << "},\"stuck\":[";
    for (size_t s = 0; s < report.stuck.size(); ++s) {
      out << (s ? "," : "") << "{\"namespace\":" << jsonString(report.stuck[s].ns)
          << ",\"name\":" << jsonString(report.stuck[s].name)
          << ",\"phase\":" << jsonString(report.stuck[s].phase) << "}";
    }
    out << "],\"iterations\":[";
    for (size_t it = 0; it < summary.iterationDurations.size(); ++it) {
      out << (it ? "," : "") << "{\"iteration\":" << summary.iterationDurations[it].first
          << ",\"seconds\":" << summary.iterationDurations[it].second / 1e9 << "}";
    }
    out << "]}\n";
    return;
  }
  out << "run " << scenario.uuid << " (" << scenario.name << "): " << toString(report.outcome)
      << " in " << seconds(elapsed) << (report.message.empty() ? "" : " - " + report.message)
      << "\n";
  out << "VMIs: " << report.asked << " asked, " << report.created << " created, " << report.failed
      << " failed";
  if (!report.vmisFailed.empty()) out << ", " << report.vmisFailed.size() << " never ran";
  out << "; create rate asked ";
  if (askedRate > 0)
    out << askedRate << "/s, ";
  else
    out << "unlimited, ";
  if (achievedRate) {
    out << "achieved " << std::fixed << std::setprecision(1) << *achievedRate << "/s\n";
  } else {
    out << "achieved: not defined (every create fit in the burst of " << burst
        << ", so none was paced)\n";
  }
  out << "\nphase latency from creation (ms)      P50      P95      P99      max       n\n";
  for (const auto& phase : summary.phases) {
    for (const auto& [label, d] :
         {std::pair<const char*, const stats::Distribution&>{"server", phase.server},
          {"client", phase.client}}) {
      if (d.count == 0) continue;
      out << "  " << std::left << std::setw(11) << phase.phase << std::setw(8) << label
          << std::right << std::setw(17) << ms(d.p50) << std::setw(9) << ms(d.p95) << std::setw(9)
          << ms(d.p99) << std::setw(9) << ms(d.max) << std::setw(8) << d.count << "\n";
    }
  }
  out << "  (server: phaseTransitionTimestamps from Pending, to the second on real clusters;"
         " client: watch event received - create sent)\n";
  out << "\nrequests (ms)                        P50      P95      P99      max   tries  errors\n";
  for (const auto& r : summary.requests) {
    out << "  " << std::left << std::setw(18) << r.verb << std::setw(17) << r.resource.substr(0, 16)
        << std::right << std::setw(8) << ms(r.latency.p50) << std::setw(9) << ms(r.latency.p95)
        << std::setw(9) << ms(r.latency.p99) << std::setw(9) << ms(r.latency.max) << std::setw(8)
        << r.tries << std::setw(8) << r.errors << "\n";
  }
  if (!summary.errorsByReason.empty()) {
    out << "\nerrors by reason\n";
    for (const auto& [reason, count] : summary.errorsByReason)
      out << "  " << std::setw(6) << count << "  " << reason << "\n";
  }
  if (!report.stuck.empty()) {
    out << "\nstuck VMIs (" << report.stuck.size() << ")\n";
    for (size_t i = 0; i < report.stuck.size() && i < 20; ++i) {
      const auto& vmi = report.stuck[i];
      out << "  " << vmi.ns << "/" << vmi.name << "  "
          << (vmi.phase.empty() ? "(never seen)" : vmi.phase) << "\n";
    }
  }
  if (!report.vmisFailed.empty()) {
    out << "\nVMIs that never ran (" << report.vmisFailed.size() << ")\n";
    for (size_t i = 0; i < report.vmisFailed.size() && i < 20; ++i) {
      const auto& vmi = report.vmisFailed[i];
      out << "  " << vmi.ns << "/" << vmi.name << "  " << vmi.phase << "\n";
    }
  }
  if (!summary.iterationDurations.empty()) {
    out << "\niterations:";
    for (const auto& [index, ns] : summary.iterationDurations)
      out << " #" << index << " " << seconds(RunClock(ns));
    out << "\n";
  }
  out << "\nwatch: " << report.reconnects << " reconnects, " << report.relists << " relists\n";
  out << "trace: " << tracePath << " (run " << scenario.uuid << ")\n";
}

}  // namespace perfscale::plugin
