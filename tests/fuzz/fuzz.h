// What every libFuzzer harness of tests/fuzz shares. A parser given any bytes must
// return or throw gefest::Error: the harness catches that and nothing else, so another
// exception (std::out_of_range, toml::parse_error…), a crash, a hang, a leak or a
// sanitizer report is a finding. A parse that succeeds may be checked further
// (written back and read again): a broken promise there is a finding too, raised as
// Broken, which no harness catches.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "base/error.h"

namespace gefest::fuzz {

/// A property of a parser that did not hold (not a gefest::Error: the harness stops).
struct Broken : std::logic_error {
    using std::logic_error::logic_error;
};

/// The fuzzer's bytes as text (any bytes, NULs included).
inline std::string text_of(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

/// Runs `parse`; a gefest::Error is the parser refusing the input, as it should.
/// Returns true when it did not throw.
template <class F>
bool refused_or_ok(F&& parse) {
    try {
        parse();
        return true;
    } catch (const gefest::Error&) {
        return false;
    }
}

/// Raises Broken with `what` unless `ok`.
inline void require(bool ok, const std::string& what) {
    if (!ok) throw Broken(what);
}

}  // namespace gefest::fuzz
