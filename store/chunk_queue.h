// A FIFO a producer appends to and a consumer takes whole, kept in chunks whose memory is
// reused: appending never moves what is queued (so it takes constant time however long the
// queue grows) and, once warm, allocates nothing. Not synchronized: its owner locks.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace perfscale::store {

template <class T>
class ChunkQueue {
 public:
  using Chunks = std::vector<std::vector<T>>;

  void push(T&& item) {
    if (chunks_.empty() || chunks_.back().size() == kChunkSize) chunks_.push_back(spareChunk());
    chunks_.back().push_back(std::move(item));
    ++size_;
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // Moves everything queued, in order, into `out` (empty, or given back by recycle()).
  void takeAll(Chunks& out) {
    out.swap(chunks_);
    size_ = 0;
  }
  // Takes back chunks the consumer has emptied (clear() them outside the lock: destroying
  // items is the slow part), keeping a few for reuse.
  void recycle(Chunks& used) {
    for (auto& chunk : used) {
      if (spare_.size() < kMaxSpare) {
        chunk.clear();
        spare_.push_back(std::move(chunk));
      }
    }
    used.clear();
  }

 private:
  static constexpr size_t kChunkSize = 1024;
  // A chunk of records is ~400 KB; a commit interval's worth at thousands of records a second
  // is a chunk or two, so a few spares save the allocations without holding megabytes.
  static constexpr size_t kMaxSpare = 4;

  std::vector<T> spareChunk() {
    if (spare_.empty()) {
      std::vector<T> chunk;
      chunk.reserve(kChunkSize);
      return chunk;
    }
    std::vector<T> chunk = std::move(spare_.back());
    spare_.pop_back();
    return chunk;
  }

  Chunks chunks_;
  Chunks spare_;
  size_t size_ = 0;
};

}  // namespace perfscale::store
