// Runs a fuzz target's LLVMFuzzerTestOneInput on saved inputs, without libFuzzer, so the seed
// corpus and every input that once crashed are replayed by ctest in an ordinary build.
//   fuzz-replay-TARGET DIR_OR_FILE...   (each directory's regular files, in name order)
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::filesystem::path> inputsIn(const std::filesystem::path& path) {
  if (!std::filesystem::is_directory(path)) return {path};
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(path))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    if (!std::filesystem::exists(argv[i])) {
      std::cerr << "error: " << argv[i] << ": no such file or directory\n";
      return 1;
    }
    for (const auto& input : inputsIn(argv[i])) {
      std::ifstream in(input, std::ios::binary);
      const std::string bytes(std::istreambuf_iterator<char>(in), {});
      if (!in.eof() && in.fail()) {
        std::cerr << "error: " << input.string() << ": cannot be read\n";
        return 1;
      }
      std::cout << input.string() << " (" << bytes.size() << " bytes)" << std::endl;
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++replayed;
    }
  }
  std::cout << "replayed " << replayed << " inputs\n";
  // An empty corpus would make the test pass without testing anything.
  return replayed > 0 ? 0 : 1;
}
