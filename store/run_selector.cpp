// FILE[:RUN] selectors (see run_selector.h).
#include "store/run_selector.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace perfscale::store {

namespace {

// Characters of a Kubernetes label value, which every run uuid is.
bool looksLikeRun(const std::string& text) {
  if (text.empty()) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

// N for "-N" (N >= 1); 0 when `text` is not of that form.
size_t fromLatest(const std::string& text) {
  if (text.size() < 2 || text.size() > 9 || text[0] != '-') return 0;
  if (!std::all_of(text.begin() + 1, text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return 0;
  }
  return static_cast<size_t>(std::stoul(text.substr(1)));
}

std::string listOf(const std::vector<StoredRun>& runs) {
  std::string list;
  for (const auto& run : runs)
    list += "\n  " + run.info.uuid + "  " + run.info.name;
  return list;
}

}  // namespace

RunSelector parseRunSelector(const std::string& text) {
  std::error_code ignored;
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || std::filesystem::exists(text, ignored)) {
    return {text, ""};
  }
  const std::string run = text.substr(colon + 1);
  if (!looksLikeRun(run)) return {text, ""};
  return {text.substr(0, colon), run};
}

StoredRun selectRun(const TraceReader& reader, const RunSelector& selector) {
  const auto runs = reader.runs();
  const std::string where = "trace " + reader.path() + ": ";
  const std::string hint = "; list them with 'kubectl perfscale runs " + reader.path() + "'";
  if (runs.empty()) throw TraceError(where + "holds no runs");
  if (selector.run.empty()) return runs.back();
  if (const size_t n = fromLatest(selector.run)) {
    if (n > runs.size()) {
      throw TraceError(where + "holds " + std::to_string(runs.size()) + " run(s): there is no " +
                       selector.run + " (counting back from the latest, which is -1)" + hint);
    }
    return runs[runs.size() - n];
  }
  std::vector<StoredRun> matches;
  for (const auto& run : runs) {
    if (run.info.uuid == selector.run) return run;
    if (run.info.uuid.rfind(selector.run, 0) == 0) matches.push_back(run);
  }
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) {
    throw TraceError(where + "no run has a uuid starting with \"" + selector.run + "\"" + hint);
  }
  throw TraceError(where + "\"" + selector.run + "\" is ambiguous: it starts " +
                   std::to_string(matches.size()) +
                   " runs' uuids; give more of it:" + listOf(matches));
}

}  // namespace perfscale::store
