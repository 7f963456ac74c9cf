// Shell completion's one logic, behind cobra's `__complete` protocol, which kubectl speaks to
// plugins and the scripts of `kubectl perfscale completion` speak to us: given the words typed
// after `kubectl perfscale` (the last being completed, maybe empty), the candidates and a
// directive for the shell. Everything comes from the command table and each command's options
// (plugin/command.h, plugin/flag_values.h), the kubeconfig files and the trace files, read only;
// completing never contacts a cluster.
#pragma once

#include <string>
#include <vector>

namespace perfscale::plugin {

// cobra's ShellCompDirective bits.
enum CompletionDirective : int {
  kCompleteDefault = 0,         // the shell may complete file names when no candidate fits
  kCompleteError = 1,           // ignore the candidates
  kCompleteNoSpace = 2,         // no space after the completed word
  kCompleteNoFiles = 4,         // never complete file names
  kCompleteFileExtensions = 8,  // the candidates are extensions: complete files having one
  kCompleteDirectories = 16,    // complete directory names only
};

struct Completion {
  std::vector<std::string> candidates;  // "value" or "value\tdescription"
  int directive = kCompleteDefault;
};

Completion complete(const std::vector<std::string>& words);

// The protocol's text: one candidate a line, then ":DIRECTIVE".
std::string protocolText(const Completion& completion);

}  // namespace perfscale::plugin
