// Every subcommand of gefest, one file each (cli/<name>.cpp), registered here.
#pragma once

#include <CLI/CLI.hpp>

#include "context.h"

namespace gefest::cli {

void setup_init(CLI::App& app, Context& ctx);
void setup_check(CLI::App& app, Context& ctx);
void setup_staff(CLI::App& app, Context& ctx);
void setup_debug(CLI::App& app, Context& ctx);
void setup_client(CLI::App& app, Context& ctx);
void setup_call(CLI::App& app, Context& ctx);
void setup_order(CLI::App& app, Context& ctx);
void setup_invoice(CLI::App& app, Context& ctx);
void setup_ship(CLI::App& app, Context& ctx);
void setup_report(CLI::App& app, Context& ctx);
void setup_claim(CLI::App& app, Context& ctx);
void setup_survey(CLI::App& app, Context& ctx);
void setup_help(CLI::App& app, Context& ctx);  ///< cli/help.cpp: gefest help COMMAND
void setup_log(CLI::App& app, Context& ctx);
void setup_payment_commands(CLI::App& invoice_cmd, Context& ctx);  ///< cli/payment.cpp: called by setup_invoice

/// Registers every subcommand on `app` (the one list of them).
void setup_all(CLI::App& app, Context& ctx);

}  // namespace gefest::cli
