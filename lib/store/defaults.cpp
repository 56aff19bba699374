#include "store/defaults.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "store/defaults_data.h"

namespace gefest {

std::string_view default_file(std::string_view relative) {
    for (std::size_t i = 0; i < defaults_data::count; ++i)
        if (defaults_data::files[i].name == relative) return {reinterpret_cast<const char*>(defaults_data::files[i].bytes), defaults_data::files[i].size};
    throw std::logic_error(fmt::format("no default file '{}' in data/defaults", relative));
}

std::vector<std::string> default_file_names() {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < defaults_data::count; ++i) out.emplace_back(defaults_data::files[i].name);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace gefest
