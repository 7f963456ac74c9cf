// A strict, allocation-light JSON reader for the few fields the client needs from large answers
// (watch events, lists): it walks the text once, validates all of it, hands out the members
// asked for and skips the rest without building a tree. A Poco::JSON tree of a 1.5 KB VMI costs
// ~150 allocations; walking it here costs none beyond the strings kept.
#pragma once

#include <cstddef>
#include <deque>
#include <stdexcept>
#include <string>
#include <string_view>

namespace perfscale::kube {

class JsonSyntaxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class JsonCursor {
 public:
  static constexpr int kMaxDepth = 500;

  explicit JsonCursor(std::string_view text) : text_(text) {}

  // What the next value is: '{', '[', '"', 't', 'f', 'n', or '0' for a number. Throws at the end.
  char peek();
  // Reads an object: member(key) is called for each member and must consume its value (with
  // string(), skip(), object(), ...). The key is only valid during the call.
  template <typename Member>
  void object(Member&& member) {
    enter('{');
    if (!closes('}')) {
      do {
        const std::string_view key = stringView(nullptr);
        expectChar(':');
        member(key);
      } while (next(',', '}'));
    }
    --depth_;
  }
  // Reads an array: element() is called for each element and must consume it.
  template <typename Element>
  void array(Element&& element) {
    enter('[');
    if (!closes(']')) {
      do {
        element();
      } while (next(',', ']'));
    }
    --depth_;
  }
  // A string value, unescaped, into `out` (reusing its capacity).
  void string(std::string& out);
  // A string value when there is one; null, a number or a boolean leave `out` empty. Objects and
  // arrays are skipped and leave it empty too: a field of the wrong type is treated as absent,
  // as the tree-based reader it replaces did.
  void stringOrAbsent(std::string& out);
  // A value of any kind, validated and skipped.
  void skip();
  // The raw text of the next value, validated.
  std::string_view raw();
  // Only whitespace may remain.
  void finish();
  size_t offset() const { return at_; }

 private:
  // The text from the API server is compact: most calls find no white space at all.
  void skipSpace() {
    if (at_ < text_.size() && static_cast<unsigned char>(text_[at_]) > ' ') return;
    skipSpaceFrom();
  }
  void skipSpaceFrom();
  void enter(char open);
  bool closes(char close);
  bool next(char separator, char close);
  void expectChar(char c) {
    skipSpace();
    if (at_ >= text_.size() || text_[at_] != c) failExpected(c);
    ++at_;
  }
  [[noreturn]] void failExpected(char c) const;
  void literal(std::string_view word);
  void number();
  // The string at the cursor: a view of the text when it has no escapes, else unescaped into
  // `into` (a key's scratch string, keyScratch(), when `into` is null).
  std::string_view stringView(std::string* into);
  // Where a key with escapes is unescaped: one string per depth, so that an outer key stays
  // valid while inner members are read (a deque never moves its elements when it grows).
  std::string& keyScratch();
  [[noreturn]] void fail(const std::string& what) const;

  std::string_view text_;
  size_t at_ = 0;
  int depth_ = 0;
  std::deque<std::string> keyScratch_;
  std::string skipScratch_;
};

}  // namespace perfscale::kube
