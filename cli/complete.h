// Shell completion (gefest __complete, issue 17): see complete.cpp.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "context.h"

namespace gefest::cli {

/// `gefest __complete WORD…`: prints the candidates for the last of `words` (the words
/// after "gefest", the last one being completed, maybe empty), one a line, on standard
/// output, past the terminal escaping. Returns the exit code (always 0: a completion
/// never complains).
int complete_words(CLI::App& root, Context& ctx, const std::vector<std::string>& words);

}  // namespace gefest::cli
