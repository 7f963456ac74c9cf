// The process's peak resident memory, for safety bounds in tests of hostile input (the figures
// that matter for speed and memory belong to the benchmarks).
#pragma once

#include <cstdint>
#include <fstream>
#include <string>

namespace perfscale::test {

// Starts a new peak: the kernel's high-water mark (VmHWM) drops to the current RSS.
inline void resetPeakMemory() {
  std::ofstream("/proc/self/clear_refs") << "5";
}

// VmHWM in bytes; 0 where /proc is not available.
inline int64_t peakMemoryBytes() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  }
  return 0;
}

inline constexpr int64_t kMiB = int64_t{1} << 20;

}  // namespace perfscale::test
