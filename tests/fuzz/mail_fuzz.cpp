// libFuzzer harness: e-mail inquiries (lib/formats/mail_import.h): a raw RFC 5322
// message through GMime, HTML to text, finding an advertising source in the text.
#include "fuzz.h"

#include "formats/mail_import.h"

using namespace gefest;
using gefest::fuzz::refused_or_ok;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::text_of(data, size);
    static const std::vector<std::string> sources{"Выставка", "Сайт компании", "Интернет-поиск", "E-mail", "Другое"};
    refused_or_ok([&] {
        const MailMessage m = parse_mail(text, "mail.eml");
        find_source_in_text(m.subject + "\n" + m.text, sources, {"Другое", "E-mail"});
    });
    refused_or_ok([&] { html_to_text(text); });
    refused_or_ok([&] { lower_utf8(text); });
    refused_or_ok([&] { find_source_in_text(text, sources); });
    return 0;
}
