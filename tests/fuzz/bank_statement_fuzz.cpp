// libFuzzer harness: bank statements in the 1CClientBankExchange format
// (lib/formats/bank_statement.h): encoding detection, the whole statement, amounts.
#include "fuzz.h"

#include "formats/bank_statement.h"

using namespace gefest;
using gefest::fuzz::refused_or_ok;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::text_of(data, size);
    refused_or_ok([&] { detect_statement_encoding(text, "kl_to_1c.txt"); });
    refused_or_ok([&] {
        const BankStatement st = parse_bank_statement(text, "kl_to_1c.txt");
        for (const BankDocument& d : st.documents) {
            d.date.iso();
            if (d.received) d.received->days();
            format_money(d.amount);
        }
    });
    if (size < 64) refused_or_ok([&] { parse_statement_amount(text); });
    return 0;
}
