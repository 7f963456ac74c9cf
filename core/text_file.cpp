// See text_file.h.
#include "core/text_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace perfscale {

namespace {

// Closes the descriptor on every path out.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// "16 MiB", "512 KiB", "100 bytes".
std::string sizeText(std::size_t bytes) {
  if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0)
    return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

std::string TextFile::problem() const {
  if (tooLarge) return "is larger than " + sizeText(limit);
  return "cannot be read (" + readError + ")";
}

TextFile readTextFile(const std::string& path, std::size_t limit) {
  TextFile file;
  file.limit = limit;
  // Opened without blocking, so a FIFO without a writer does not wait for one (its read then
  // ends at once); read blocking, so one that a writer fills later (--kubeconfig <(...)) works.
  const Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) {
    file.readError = std::strerror(errno);
    return file;
  }
  ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
  std::string text;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      file.readError = std::strerror(errno);
      return file;
    }
    if (n == 0) {
      file.text = std::move(text);
      return file;
    }
    if (text.size() + static_cast<std::size_t>(n) > limit) {
      file.tooLarge = true;
      return file;
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace perfscale
