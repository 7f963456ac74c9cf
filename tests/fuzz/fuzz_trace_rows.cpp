// Fuzz target: a well-formed trace whose rows hold what a damaged or hand-edited one may hold.
// The input is a list of edits to the seed trace (trace_inputs.h), each setting one column of
// one table, in every row or in one, to NULL, an integer or a text taken from the input, or
// setting the schema version; then the trace is read whole. Mutating the file's bytes (the
// trace target) mostly meets SQLite's own checks; this reaches the reader's decoding.
// TraceError is the only failure the contract allows.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite_db.h"
#include "store/trace_error.h"
#include "tests/fuzz/scratch_dir.h"
#include "tests/fuzz/trace_inputs.h"

namespace {

using perfscale::store::Database;
using perfscale::store::Statement;
using perfscale::store::TraceError;

struct Column {
  std::string table;
  std::string name;
};

// The seed trace's bytes and every column of its tables, made once.
struct Seed {
  perfscale::fuzz::ScratchDir dir;
  std::string bytes;
  std::vector<Column> columns;

  Seed() {
    const std::string path = dir.file("seed.db");
    perfscale::fuzz::writeSeedTrace(path);
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
    const Database db(path, SQLITE_OPEN_READONLY);
    Statement tables(db,
                     "SELECT t.name, c.name FROM sqlite_schema t, pragma_table_info(t.name) c "
                     "WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' ORDER BY 1, c.cid");
    while (tables.step())
      columns.push_back({tables.text(0), tables.text(1)});
  }
};

// Reads the input front to back; past its end every read yields zeros.
class InputReader {
 public:
  explicit InputReader(std::string_view input) : input_(input) {}
  bool done() const { return at_ >= input_.size(); }
  uint8_t byte() { return done() ? 0 : static_cast<uint8_t>(input_[at_++]); }
  int64_t int64() {
    uint64_t value = 0;
    for (int i = 0; i < 8; ++i)
      value = value << 8 | byte();
    return static_cast<int64_t>(value);
  }
  std::string_view text(size_t length) {
    const auto taken = input_.substr(std::min(at_, input_.size()), length);
    at_ += taken.size();
    return taken;
  }

 private:
  std::string_view input_;
  size_t at_ = 0;
};

// One edit; an edit SQLite refuses (a NOT NULL or UNIQUE column) is skipped.
void applyEdit(const Database& db, const std::vector<Column>& columns, InputReader& input) {
  const uint8_t which = input.byte();
  const uint8_t kind = input.byte();
  const uint8_t row = input.byte();  // 0: every row
  try {
    if (which == 0xff) {  // the schema version: an older trace is upgraded, a newer refused
      db.exec("PRAGMA user_version = " + std::to_string(kind % 8));
      return;
    }
    const Column& column = columns[which % columns.size()];
    std::string sql = "UPDATE \"" + column.table + "\" SET \"" + column.name + "\" = ?";
    if (row != 0) sql += " WHERE rowid = " + std::to_string(row);
    Statement update(db, sql);
    switch (kind % 3) {
      case 0:
        update.bindNull(1);
        break;
      case 1:
        update.bind(1, input.int64());
        break;
      default:
        update.bind(1, input.text(input.byte()));
        break;
    }
    update.run();
  } catch (const TraceError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Seed seed;
  const std::string path = seed.dir.write("trace.db", seed.bytes);
  InputReader input(std::string_view(reinterpret_cast<const char*>(data), size));
  {
    const Database db(path, SQLITE_OPEN_READWRITE);
    db.exec("PRAGMA ignore_check_constraints = ON");
    for (int edits = 0; edits < 32 && !input.done(); ++edits)
      applyEdit(db, seed.columns, input);
  }
  try {
    perfscale::fuzz::readWholeTrace(path);
  } catch (const TraceError&) {
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    std::remove((path + suffix).c_str());
  return 0;
}
