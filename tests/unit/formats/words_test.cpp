#include "formats/words.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/money.h"

using gefest::amount_in_words;
using gefest::Money;

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur, sep)) out.push_back(cur);
    if (!s.empty() && s.back() == sep) out.emplace_back();
    return out;
}

// Lower-cases the first letter when it is a Russian capital (А-П D0 90-9F, Р-Я D0 A0-AF).
std::string lower_first(std::string s) {
    if (s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0xD0) {
        auto b = static_cast<unsigned char>(s[1]);
        if (b >= 0x90 && b <= 0x9F) {
            s[1] = static_cast<char>(b + 0x20);
        } else if (b >= 0xA0 && b <= 0xAF) {
            s[0] = static_cast<char>(0xD1);
            s[1] = static_cast<char>(b - 0x20);
        }
    }
    return s;
}

bool starts_with_capital(const std::string& s) {
    if (s.size() < 2 || static_cast<unsigned char>(s[0]) != 0xD0) return false;
    auto b = static_cast<unsigned char>(s[1]);
    return b >= 0x90 && b <= 0xAF;
}

// An independent reading of the words back into a number: each word has a value,
// scale words multiply the group read so far. Only the rouble part (before the
// rouble noun) is passed in.
std::uint64_t words_to_number(const std::vector<std::string>& words) {
    static const std::map<std::string, int> values = {
        {"ноль", 0},       {"один", 1},         {"одна", 1},         {"два", 2},           {"две", 2},
        {"три", 3},        {"четыре", 4},       {"пять", 5},         {"шесть", 6},         {"семь", 7},
        {"восемь", 8},     {"девять", 9},       {"десять", 10},      {"одиннадцать", 11},  {"двенадцать", 12},
        {"тринадцать", 13}, {"четырнадцать", 14}, {"пятнадцать", 15}, {"шестнадцать", 16}, {"семнадцать", 17},
        {"восемнадцать", 18}, {"девятнадцать", 19}, {"двадцать", 20}, {"тридцать", 30},     {"сорок", 40},
        {"пятьдесят", 50}, {"шестьдесят", 60},   {"семьдесят", 70},   {"восемьдесят", 80},  {"девяносто", 90},
        {"сто", 100},      {"двести", 200},     {"триста", 300},     {"четыреста", 400},   {"пятьсот", 500},
        {"шестьсот", 600}, {"семьсот", 700},    {"восемьсот", 800},  {"девятьсот", 900}};
    static const std::map<std::string, std::uint64_t> scales = {
        {"тысяча", 1'000ULL}, {"тысячи", 1'000ULL}, {"тысяч", 1'000ULL},
        {"миллион", 1'000'000ULL}, {"миллиона", 1'000'000ULL}, {"миллионов", 1'000'000ULL},
        {"миллиард", 1'000'000'000ULL}, {"миллиарда", 1'000'000'000ULL}, {"миллиардов", 1'000'000'000ULL},
        {"триллион", 1'000'000'000'000ULL}, {"триллиона", 1'000'000'000'000ULL},
        {"триллионов", 1'000'000'000'000ULL}, {"квадриллион", 1'000'000'000'000'000ULL},
        {"квадриллиона", 1'000'000'000'000'000ULL}, {"квадриллионов", 1'000'000'000'000'000ULL}};
    std::uint64_t total = 0, group = 0;
    for (const auto& w : words) {
        if (auto v = values.find(w); v != values.end()) {
            group += static_cast<std::uint64_t>(v->second);
        } else if (auto s = scales.find(w); s != scales.end()) {
            total += group * s->second;
            group = 0;
        } else {
            FAIL("unexpected word '" << w << "'");
        }
    }
    return total + group;
}

// The plural class of n as Russian grammar has it: 0 = "one" (1, 21, 101…),
// 1 = "few" (2-4, 22-24…), 2 = "many" (0, 5-20, 25-30, 111-114…).
int plural_class(std::uint64_t n) {
    auto last2 = n % 100, last = n % 10;
    if (last2 >= 11 && last2 <= 19) return 2;
    if (last == 1) return 0;
    if (last >= 2 && last <= 4) return 1;
    return 2;
}

}  // namespace

TEST_CASE("words: every row of fixtures/propis/ru_rub_words.tsv") {
    std::ifstream in(GEFEST_FIXTURES "/propis/ru_rub_words.tsv");
    REQUIRE(in);
    std::string line;
    REQUIRE(std::getline(in, line));  // header
    int rows = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        auto cols = split(line, '\t');
        REQUIRE(cols.size() == 3);
        CAPTURE(cols[0]);
        Money m = gefest::parse_money(cols[0]);
        std::string ours = amount_in_words(m);
        CHECK(ours == cols[1]);                  // number-to-words-ru: capital first letter
        CHECK(lower_first(ours) == cols[2]);     // num2words: the same in lower case
        ++rows;
    }
    CHECK(rows == 49);
}

TEST_CASE("words: examples beyond the fixtures") {
    CHECK(amount_in_words(Money{12305}) == "Сто двадцать три рубля 05 копеек");
    CHECK(amount_in_words(Money{1122}) == "Одиннадцать рублей 22 копейки");
    CHECK(amount_in_words(Money{11400}) == "Сто четырнадцать рублей 00 копеек");
    CHECK(amount_in_words(Money{-150}) == "Минус один рубль 50 копеек");
    CHECK(amount_in_words(Money{1'000'000'000'000'00}) == "Один триллион рублей 00 копеек");
    CHECK(amount_in_words(Money{4'012'000'00}) == "Четыре миллиона двенадцать тысяч рублей 00 копеек");
    CHECK(amount_in_words(Money{std::numeric_limits<std::int64_t>::max()}) ==
          "Девяносто два квадриллиона двести тридцать три триллиона семьсот двадцать миллиардов "
          "триста шестьдесят восемь миллионов пятьсот сорок семь тысяч семьсот пятьдесят восемь "
          "рублей 07 копеек");
    CHECK(amount_in_words(Money{std::numeric_limits<std::int64_t>::min()}).starts_with(
        "Минус девяносто два квадриллиона"));
}

TEST_CASE("words: properties over 20000 pseudo-random amounts") {
    std::mt19937_64 rng(0x6765666573);  // fixed seed: "gefes"
    const std::vector<std::string> ruble_forms = {"рубль", "рубля", "рублей"};
    const std::vector<std::string> kopeck_forms = {"копейка", "копейки", "копеек"};
    const std::vector<std::string> thousand_forms = {"тысяча", "тысячи", "тысяч"};
    const std::vector<std::string> million_forms = {"миллион", "миллиона", "миллионов"};
    for (int i = 0; i < 20000; ++i) {
        // Spread over magnitudes (shift by 1..63 bits) and hit small values often.
        auto kopecks = static_cast<std::int64_t>(rng() >> (1 + rng() % 63));
        Money m{kopecks};
        std::string s = amount_in_words(m);
        CAPTURE(kopecks);
        CAPTURE(s);

        CHECK(starts_with_capital(s));
        CHECK(s.find("  ") == std::string::npos);
        CHECK(s.front() != ' ');
        CHECK(s.back() != ' ');
        CHECK(s.find("Минус") == std::string::npos);

        auto words = split(lower_first(s), ' ');
        REQUIRE(words.size() >= 4);
        auto rubles = static_cast<std::uint64_t>(kopecks) / 100;
        auto kop = static_cast<std::uint64_t>(kopecks) % 100;

        // The last three words: rouble noun, two kopeck digits, kopeck noun.
        const auto& kop_digits = words[words.size() - 2];
        REQUIRE(kop_digits.size() == 2);
        CHECK(std::stoul(kop_digits) == kop);
        CHECK(words.back() == kopeck_forms[plural_class(kop)]);
        CHECK(words[words.size() - 3] == ruble_forms[plural_class(rubles)]);

        // The words before the rouble noun read back as the number of roubles.
        std::vector<std::string> number(words.begin(), words.end() - 3);
        CHECK(words_to_number(number) == rubles);
        CHECK((number.front() == "ноль") == (rubles == 0));

        // Only whole thousands and millions mentioned, in the right form and gender:
        // "одна/две тысячи" (feminine), "один/два миллиона" (masculine).
        for (std::size_t w = 0; w < number.size(); ++w) {
            const auto& word = number[w];
            auto next = w + 1 < number.size() ? number[w + 1] : std::string();
            auto prev = w > 0 ? number[w - 1] : std::string();
            if (word == "одна" || word == "две") CHECK(next.starts_with("тысяч"));
            if (word == "тысяча" || word == "тысячи" || word == "тысяч") {
                auto thousands = rubles / 1000 % 1000;
                CHECK(thousands != 0);
                CHECK(word == thousand_forms[plural_class(thousands)]);
                if (thousands % 10 == 1 && thousands % 100 != 11) CHECK(prev == "одна");
                if (thousands % 10 == 2 && thousands % 100 != 12) CHECK(prev == "две");
                CHECK(prev != "один");
                CHECK(prev != "два");
            }
            if (word == "миллион" || word == "миллиона" || word == "миллионов") {
                auto millions = rubles / 1'000'000 % 1000;
                CHECK(millions != 0);
                CHECK(word == million_forms[plural_class(millions)]);
                CHECK(prev != "одна");
                CHECK(prev != "две");
            }
        }
        bool has_thousand_word = false;
        for (const auto& word : number)
            has_thousand_word |= word.starts_with("тысяч");
        CHECK(has_thousand_word == (rubles / 1000 % 1000 != 0));

        // A negative amount is the same words after "Минус".
        if (kopecks > 0) CHECK(amount_in_words(Money{-kopecks}) == "Минус " + lower_first(s));
    }
}
