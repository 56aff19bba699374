// libFuzzer harness: applications from the web site (lib/formats/site_import.h), JSON.
#include "fuzz.h"

#include "formats/site_import.h"

using namespace gefest;
using gefest::fuzz::refused_or_ok;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::text_of(data, size);
    refused_or_ok([&] {
        for (const SiteRequest& r : parse_site_requests(text, "site.json")) r.where();
    });
    refused_or_ok([&] { line_of_byte(text, size); });
    return 0;
}
