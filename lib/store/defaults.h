// The files a new share starts with: data/defaults/ in the repository (gefest.toml, the
// responsibility matrix, the document templates), built into the binary so that gefest
// init, and a share whose matrix predates a step, need nothing beside the binary.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gefest {

/// The default file at `relative` (its path under data/defaults/, e.g.
/// "Отдел продаж/Шаблоны/Счет.html.mustache"). std::logic_error for a name that is
/// not one (a bug of the caller, reported as an internal error).
std::string_view default_file(std::string_view relative);

/// Every default file's path under data/defaults/, sorted.
std::vector<std::string> default_file_names();

}  // namespace gefest
