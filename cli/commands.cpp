#include "commands.h"

namespace gefest::cli {

void setup_all(CLI::App& app, Context& ctx) {
    setup_init(app, ctx);
    setup_staff(app, ctx);
    setup_client(app, ctx);
    setup_call(app, ctx);
    setup_order(app, ctx);
    setup_invoice(app, ctx);
    setup_ship(app, ctx);
    setup_report(app, ctx);
    setup_claim(app, ctx);
    setup_survey(app, ctx);
    setup_log(app, ctx);
    setup_check(app, ctx);
    setup_debug(app, ctx);
    setup_help(app, ctx);
}

}  // namespace gefest::cli
