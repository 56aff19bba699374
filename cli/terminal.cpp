// stdout through escape_controls (terminal.h): the C stream is replaced by a glibc cookie
// stream that escapes what it is given and passes it to the original one, so every
// fmt::print of the front end is covered without each call site knowing.
#include "terminal.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "base/text.h"

namespace gefest::cli {

namespace {

struct Filter {
    FILE* real = nullptr;
    const std::string* format = nullptr;  // escape while it is "text"
    std::string carry;                    // a UTF-8 sequence cut short by the last write
};

Filter out_filter;

// False if the bytes could not be written (a full disk, a closed pipe): the writer of
// the filtered stream then sees the error as it would on the real one.
bool pass(Filter& f, std::string_view bytes) {
    const bool written = bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), f.real) == bytes.size();
    return std::fflush(f.real) == 0 && written;  // the callers flush stdout before writing stderr
}

ssize_t write_escaped(void* cookie, const char* buf, size_t n) {
    auto& f = *static_cast<Filter*>(cookie);
    if (*f.format != "text") {
        std::string data = std::move(f.carry) + std::string(buf, n);
        f.carry.clear();
        return pass(f, data) ? static_cast<ssize_t>(n) : -1;
    }
    std::string data = std::move(f.carry) + std::string(buf, n);
    // A sequence cut short may be a C1 control or a bidi override once it is whole.
    const std::size_t keep = incomplete_utf8_tail(data);
    f.carry = data.substr(data.size() - keep);
    data.resize(data.size() - keep);
    return pass(f, escape_controls(data, true)) ? static_cast<ssize_t>(n) : -1;
}

void flush_carries() {
    if (out_filter.real && !out_filter.carry.empty()) {
        (void)pass(out_filter, out_filter.carry);
        out_filter.carry.clear();
    }
}

FILE* open_filter(Filter& f, FILE* real, const std::string* format) {
    f.real = real;
    f.format = format;
    cookie_io_functions_t io{};
    io.write = write_escaped;
    FILE* s = fopencookie(&f, "w", io);
    // Unbuffered: each fmt::print reaches write_escaped whole, in order with stderr.
    if (s) std::setvbuf(s, nullptr, _IONBF, 0);
    return s;
}

}  // namespace

void escape_terminal_output(const std::string& format) {
    FILE* out = open_filter(out_filter, stdout, &format);
    if (!out) return;
    stdout = out;
    std::atexit(flush_carries);
}

bool write_unescaped(std::string_view bytes) {
    std::fflush(stdout);
    FILE* real = out_filter.real ? out_filter.real : stdout;
    const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), real) == bytes.size();
    std::fflush(real);
    return ok;
}

std::string one_line(std::string_view message) { return escape_controls(message, false); }

}  // namespace gefest::cli
