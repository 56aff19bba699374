// libFuzzer harness: CommerceML 2 files from 1C (import.xml, offers.xml): read_cml, then
// apply_cml of what was read to an empty catalog and stock.
#include "fuzz.h"

#include "procedure/commerceml.h"

using namespace gefest;
using gefest::fuzz::refused_or_ok;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::text_of(data, size);
    refused_or_ok([&] {
        std::vector<CmlFile> files{read_cml(text, "offers.xml")};
        Catalog catalog;
        Stock stock;
        std::vector<std::string> skipped;
        apply_cml(catalog, stock, files, skipped);
    });
    return 0;
}
