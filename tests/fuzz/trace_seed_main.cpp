// Writes the trace fuzz target's seed (see trace_inputs.h).
//   fuzz-trace-seed FILE   (FILE is replaced; its directory created)
#include <exception>
#include <iostream>

#include "tests/fuzz/trace_inputs.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fuzz-trace-seed FILE\n";
    return 2;
  }
  try {
    perfscale::fuzz::writeSeedTrace(argv[1]);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
