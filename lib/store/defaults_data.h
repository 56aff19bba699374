// The bytes of data/defaults/, generated at configure time into the build folder
// (defaults_data.cpp, see lib/CMakeLists.txt). Read them through store/defaults.h.
#pragma once

#include <cstddef>
#include <string_view>

namespace gefest::defaults_data {

struct File {
    std::string_view name;       ///< path under data/defaults/
    const unsigned char* bytes;
    std::size_t size;
};

extern const File files[];
extern const std::size_t count;

}  // namespace gefest::defaults_data
