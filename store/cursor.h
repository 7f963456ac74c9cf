// A forward-only stream of rows over one prepared statement, so a reader never needs all of
// a run's rows in memory. The trace stays open while a cursor lives.
//
//   for (const auto& request : reader.requests(run.id)) ...      // or
//   RequestRecord request; auto cursor = reader.requests(run.id); while (cursor.next(request)) ...
#pragma once

#include <iterator>
#include <memory>
#include <utility>

#include "store/sqlite_db.h"

namespace perfscale::store {

template <class Row>
class Cursor {
 public:
  using Decode = void (*)(const Statement&, Row&);

  Cursor(std::shared_ptr<const Database> db, Statement statement, Decode decode)
      : db_(std::move(db)), statement_(std::move(statement)), decode_(decode) {}

  // Fills `row` with the next row; false at the end. Throws TraceError on a damaged file.
  bool next(Row& row) {
    if (done_ || !statement_.step()) {
      done_ = true;
      return false;
    }
    decode_(statement_, row);
    return true;
  }

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Row;
    using difference_type = std::ptrdiff_t;
    using pointer = const Row*;
    using reference = const Row&;

    iterator() = default;
    explicit iterator(Cursor* cursor) : cursor_(cursor) { ++*this; }
    reference operator*() const { return row_; }
    pointer operator->() const { return &row_; }
    iterator& operator++() {
      if (!cursor_->next(row_)) cursor_ = nullptr;
      return *this;
    }
    bool operator==(const iterator& other) const { return cursor_ == other.cursor_; }
    bool operator!=(const iterator& other) const { return cursor_ != other.cursor_; }

   private:
    Cursor* cursor_ = nullptr;
    Row row_;
  };

  iterator begin() { return iterator(this); }
  iterator end() { return iterator(); }

 private:
  std::shared_ptr<const Database> db_;  // declared first: destroyed after the statement
  Statement statement_;
  Decode decode_;
  bool done_ = false;
};

}  // namespace perfscale::store
