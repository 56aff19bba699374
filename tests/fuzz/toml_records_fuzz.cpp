// libFuzzer harness: the TOML records people edit by hand — заказ.toml (parse_order),
// gefest.toml (parse_settings), Процесс.toml (parse_process), Сотрудники.toml
// (parse_staff) and Транспортные компании.toml (parse_carriers). Every input goes to
// every parser. An order or a staff list that parses is written back and must read
// again to the same text (gefest must be able to read what it writes).
#include "fuzz.h"

#include "procedure/carriers.h"
#include "procedure/order.h"
#include "store/process.h"
#include "store/share.h"
#include "store/staff.h"

using namespace gefest;
using gefest::fuzz::refused_or_ok;
using gefest::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::text_of(data, size);
    refused_or_ok([&] {
        const Order order = parse_order(text, "заказ.toml");
        const std::string written = format_order(order);
        std::string again;
        require(refused_or_ok([&] { again = format_order(parse_order(written, "written")); }),
                "format_order wrote what parse_order refuses");
        require(again == written, "format_order(parse_order(format_order(x))) differs");
    });
    refused_or_ok([&] { parse_settings(text, "gefest.toml"); });
    refused_or_ok([&] {
        const Process process = parse_process(text, "Процесс.toml");
        for (const auto& step : process.steps) process.roles_for(step);
        process.owner_roles();
        process.client_manager_roles();
    });
    refused_or_ok([&] {
        const Process& process = default_process();
        const Staff staff = parse_staff(text, "Сотрудники.toml", process);
        const std::string written = format_staff(staff, process);
        std::string again;
        require(refused_or_ok([&] { again = format_staff(parse_staff(written, "written", process), process); }),
                "format_staff wrote what parse_staff refuses");
        require(again == written, "format_staff(parse_staff(format_staff(x))) differs");
    });
    refused_or_ok([&] { parse_carriers(text, "Транспортные компании.toml"); });
    return 0;
}
