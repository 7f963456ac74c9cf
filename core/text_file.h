// Whole configuration files (kubeconfigs, scenarios, templates) read with a size limit: they
// are small, and a huge or endless one (a log named by mistake, /dev/zero) must be refused, not
// read into memory.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace perfscale {

// Real kubeconfigs, scenarios and templates are kilobytes; this leaves room for thousands of
// clusters or objects.
inline constexpr std::size_t kMaxConfigFileBytes = std::size_t{16} << 20;

struct TextFile {
  std::optional<std::string> text;  // set when the whole file was read
  bool tooLarge = false;            // it holds more than the limit
  std::string readError;            // why it could not be read: "Permission denied"
  std::size_t limit = 0;

  // Why there is no text, after the file's name: "cannot be read (Permission denied)",
  // "is larger than 16 MiB".
  std::string problem() const;
};

// Reads `path` whole if it holds at most `limit` bytes; stops reading soon after `limit`.
TextFile readTextFile(const std::string& path, std::size_t limit = kMaxConfigFileBytes);

}  // namespace perfscale
