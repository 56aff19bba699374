// What the reading of 1C's exchange files (commerceml_read.cpp, commerceml_charset.cpp)
// shares and nobody else uses. Not part of the interface.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace gefest::cml_read {

/// The bytes of a file from its start, piece by piece, as fsio::read_pieces hands them
/// (the callback returns false to stop); each call reads the file again.
using Pieces = std::function<void(const std::function<bool(std::string_view)>&)>;

/// The charset of the file as encoding::decode_text decides it (a BOM; else valid UTF-8,
/// the whole file checked; else the declared charset; else windows-1251), and the bytes of
/// the BOM to skip. "": UTF-8 handed to expat as it is (expat refuses bytes that are not
/// UTF-8 as not well-formed): a UTF-8 BOM, a file declared UTF-8 (then it is UTF-8 either
/// way) or one found valid. Reads no further than it must.
std::pair<std::string, std::size_t> charset_of(const Pieces& pieces);

}  // namespace gefest::cml_read
