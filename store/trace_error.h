// The one exception type of store/: what failed, on which trace file, and what to do about it.
#pragma once

#include <stdexcept>

namespace perfscale::store {

class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace perfscale::store
