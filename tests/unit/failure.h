// What a call threw: the gefest::Error's code, file, line and message, so a test can
// say in one line which error a bad input must give and where it must point.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "base/error.h"

namespace gefest::testing {

struct Failure {
    Errc code = static_cast<Errc>(0);  ///< 0: nothing was thrown
    std::string file;
    int line = 0;
    std::string message;
};

/// Runs `f` and returns the gefest::Error it threw; fails the test if it threw nothing.
template <typename F>
Failure failure_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return {e.code(), e.file(), e.line(), e.what()};
    }
    FAIL_CHECK("no gefest::Error thrown");
    return {};
}

}  // namespace gefest::testing
