#include "store/fsio.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <set>

#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "base/error.h"
#include "temp_folder.h"

using namespace gefest;
using gefest::testing::TempFolder;

TEST_CASE("fsio: write_atomic replaces the whole file and leaves no temporary") {
    TempFolder tmp;
    const auto file = tmp / "Остатки.csv";
    fsio::write_atomic(file, "first, longer content\n");
    fsio::write_atomic(file, "second\n");
    CHECK(fsio::read_file(file) == "second\n");
    CHECK(fsio::list_dir(tmp.path()) == std::vector<std::string>{"Остатки.csv"});
    // Into a folder that does not exist: an error naming the file, nothing created.
    try {
        fsio::write_atomic(tmp / "absent/x.csv", "x");
        FAIL("wrote into a missing folder");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("x.csv") != std::string::npos);
    }
    CHECK_FALSE(fsio::exists(tmp / "absent"));
}

TEST_CASE("fsio: create_exclusive decides once; the loser changes nothing") {
    TempFolder tmp;
    const auto name = tmp / "7";
    CHECK(fsio::create_exclusive(name, "winner"));
    CHECK_FALSE(fsio::create_exclusive(name, "loser"));
    CHECK(fsio::read_file(name) == "winner");
}

TEST_CASE("fsio: a missing file is not_found for read_file, nullopt for read_file_if_exists") {
    TempFolder tmp;
    try {
        fsio::read_file(tmp / "gone.toml");
        FAIL("read a missing file");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::not_found);
        CHECK(std::string(e.what()).find("gone.toml") != std::string::npos);
    }
    CHECK_FALSE(fsio::read_file_if_exists(tmp / "gone.toml").has_value());
    fsio::write_atomic(tmp / "empty", "");
    CHECK(fsio::read_file_if_exists(tmp / "empty") == std::optional<std::string>(""));  // empty is not missing
    CHECK_NOTHROW(fsio::remove_file(tmp / "gone.toml"));
}

TEST_CASE("fsio: append_durably adds bytes at the end") {
    TempFolder tmp;
    const auto file = tmp / "seg.csv";
    fsio::append_durably(file, "a\r\n");
    fsio::append_durably(file, "b\r\n");
    CHECK(fsio::read_file(file) == "a\r\nb\r\n");
}

TEST_CASE("fsio: server_now, checksum, random_token") {
    TempFolder tmp;
    const auto local = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    CHECK(std::abs(fsio::server_now(tmp.path()) - local) <= 2);  // a local folder: the same clock
    CHECK(fsio::list_dir(tmp.path()).empty());                    // the probe is removed
    // FNV-1a 64 test vectors.
    CHECK(fsio::checksum("") == "cbf29ce484222325");
    CHECK(fsio::checksum("a") == "af63dc4c8601ec8c");
    CHECK(fsio::checksum("foobar") == "85944171f73967e8");
    std::set<std::string> tokens;
    for (int i = 0; i < 100; ++i) tokens.insert(fsio::random_token());
    CHECK(tokens.size() == 100);
}

TEST_CASE("fsio: the checksum of large contents is FNV-1a's, hashed again or recognised") {
    // FNV-1a by the book, byte by byte: what checksum must give whatever path it takes.
    auto fnv = [](const std::string& bytes) {
        std::uint64_t h = 14695981039346656037ull;
        for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
        return fmt::format("{:016x}", h);
    };
    std::string big(1u << 20, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>("регистр;счетов\n"[i % 22]);
    const std::string sum = fsio::checksum(big);
    CHECK(sum == fnv(big));
    CHECK(fsio::checksum(big) == sum);  // recognised: the same bytes
    // The same size, one byte changed (anywhere) or two bytes swapped: hashed, not recognised.
    for (std::size_t at : {std::size_t{0}, big.size() / 2 + 3, big.size() - 1}) {
        std::string edited = big;
        edited[at] = static_cast<char>(edited[at] ^ 0x20);
        CHECK(fsio::checksum(edited) == fnv(edited));
    }
    std::string swapped = big;
    std::swap(swapped[100], swapped[101]);
    CHECK(fsio::checksum(swapped) == fnv(swapped));
    // More contents than are remembered, then the first again; a prefix of it; one byte more.
    for (int k = 0; k < 12; ++k) {
        std::string other = big;
        other[static_cast<std::size_t>(k) * 7] = 'x';
        CHECK(fsio::checksum(other) == fnv(other));
    }
    CHECK(fsio::checksum(big) == sum);
    CHECK(fsio::checksum(std::string_view(big).substr(0, big.size() - 8)) == fnv(big.substr(0, big.size() - 8)));
    CHECK(fsio::checksum(big + "x") == fnv(big + "x"));
}

TEST_CASE("fsio: a fork()ed child never repeats its parent's tokens") {
    fsio::random_token();  // the parent's generator is seeded before the fork
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        std::string t = fsio::random_token();
        (void)!::write(fds[1], t.data(), t.size());
        ::_exit(0);
    }
    ::close(fds[1]);
    char buf[32] = {};
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(n == 16);
    CHECK(std::string(buf, 16) != fsio::random_token());
}

TEST_CASE("fsio: write_atomic_streamed writes the pieces; a failure midway leaves the file as it was") {
    TempFolder tmp;
    const auto file = tmp.path() / "отчет.csv";
    fsio::write_atomic(file, "old");
    fsio::write_atomic_streamed(file, [](const std::function<void(std::string_view)>& write) {
        write("a;");
        write("b\r\n");
    });
    CHECK(fsio::read_file(file) == "a;b\r\n");
    CHECK_THROWS_AS(fsio::write_atomic_streamed(file,
                                                [](const std::function<void(std::string_view)>& write) {
                                                    write("half");
                                                    throw Error(Errc::usage, "stop");
                                                }),
                    Error);
    CHECK(fsio::read_file(file) == "a;b\r\n");
    CHECK(fsio::list_dir(tmp.path()) == std::vector<std::string>{"отчет.csv"});  // no temporary left
}
