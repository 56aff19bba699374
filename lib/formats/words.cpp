#include "formats/words.h"

#include <array>
#include <cstdint>
#include <string_view>

namespace gefest {

namespace {

// The words are data (the document's language), not user messages: no tr().

constexpr std::array<std::string_view, 10> units_masculine = {
    "", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"};
constexpr std::array<std::string_view, 10> units_feminine = {
    "", "одна", "две", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"};
constexpr std::array<std::string_view, 10> teens = {
    "десять",     "одиннадцать", "двенадцать",   "тринадцать",   "четырнадцать",
    "пятнадцать", "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать"};
constexpr std::array<std::string_view, 10> tens = {
    "", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"};
constexpr std::array<std::string_view, 10> hundreds = {
    "", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот"};

struct Noun {
    std::string_view one, few, many;  // 1 рубль, 2 рубля, 5 рублей
    bool feminine;
};

constexpr Noun ruble{"рубль", "рубля", "рублей", false};
constexpr Noun kopeck{"копейка", "копейки", "копеек", true};
// Index k: the group of 10^(3k). Index 0 is the rouble noun itself, filled in by the caller.
constexpr std::array<Noun, 6> scales = {{
    {"", "", "", false},
    {"тысяча", "тысячи", "тысяч", true},
    {"миллион", "миллиона", "миллионов", false},
    {"миллиард", "миллиарда", "миллиардов", false},
    {"триллион", "триллиона", "триллионов", false},
    {"квадриллион", "квадриллиона", "квадриллионов", false},
}};

std::string_view plural(const Noun& noun, std::uint64_t n) {
    if (n % 100 >= 11 && n % 100 <= 14) return noun.many;
    if (n % 10 == 1) return noun.one;
    if (n % 10 >= 2 && n % 10 <= 4) return noun.few;
    return noun.many;
}

void append_word(std::string& out, std::string_view word) {
    if (word.empty()) return;
    if (!out.empty()) out += ' ';
    out += word;
}

// 1..999 in words, in the gender of the noun that follows.
void append_triple(std::string& out, unsigned n, bool feminine) {
    append_word(out, hundreds[n / 100]);
    unsigned rest = n % 100;
    if (rest >= 10 && rest < 20) {
        append_word(out, teens[rest - 10]);
    } else {
        append_word(out, tens[rest / 10]);
        append_word(out, (feminine ? units_feminine : units_masculine)[rest % 10]);
    }
}

// Upper-cases the first letter; every word above starts with a Cyrillic letter in
// U+0430..U+044F, two bytes in UTF-8 (а-п: D0 B0-BF, р-я: D1 80-8F).
void capitalise(std::string& s) {
    if (s.size() < 2) return;
    auto b0 = static_cast<unsigned char>(s[0]), b1 = static_cast<unsigned char>(s[1]);
    if (b0 == 0xD0 && b1 >= 0xB0 && b1 <= 0xBF) {
        s[1] = static_cast<char>(b1 - 0x20);
    } else if (b0 == 0xD1 && b1 >= 0x80 && b1 <= 0x8F) {
        s[0] = static_cast<char>(0xD0);
        s[1] = static_cast<char>(b1 + 0x20);
    }
}

}  // namespace

std::string amount_in_words(Money m) {
    bool negative = m.kopecks < 0;
    std::uint64_t mag = negative ? 0 - static_cast<std::uint64_t>(m.kopecks) : static_cast<std::uint64_t>(m.kopecks);
    std::uint64_t rubles = mag / 100;
    unsigned kop = static_cast<unsigned>(mag % 100);

    std::string out;
    if (negative) out = "минус";
    if (rubles == 0) {
        append_word(out, "ноль");
    } else {
        std::array<unsigned, scales.size()> groups{};
        std::uint64_t rest = rubles;
        for (auto& g : groups) {
            g = static_cast<unsigned>(rest % 1000);
            rest /= 1000;
        }
        for (std::size_t k = groups.size(); k-- > 1;) {
            if (groups[k] == 0) continue;
            append_triple(out, groups[k], scales[k].feminine);
            append_word(out, plural(scales[k], groups[k]));
        }
        if (groups[0] != 0) append_triple(out, groups[0], ruble.feminine);
    }
    // The noun agrees with the last group: "пять тысяч рублей", "двадцать один рубль".
    append_word(out, plural(ruble, rubles));
    out += ' ';
    out += static_cast<char>('0' + kop / 10);
    out += static_cast<char>('0' + kop % 10);
    append_word(out, plural(kopeck, kop));
    capitalise(out);
    return out;
}

}  // namespace gefest
