// The progress line (see progress_output.h).
#include "plugin/progress_output.h"

#include <spdlog/spdlog.h>

#include <iomanip>
#include <iostream>
#include <sstream>

namespace perfscale::plugin {

namespace {

std::string seconds(RunClock elapsed) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << std::chrono::duration<double>(elapsed).count()
      << " s";
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

}  // namespace perfscale::plugin
