// 5.2.5 document storage: every document of an order — made by gefest (invoice, contract,
// specification, pick list, packing list, waybill), sent (the e-mail messages of
// 5.2.3.5 and 5.2.4.7), received (anything else in the order's documents folder, e.g.
// e-mail attachments saved there) — with the step of the procedure each belongs to: from
// the journal row that names the file where there is one, else by the file's name.
#pragma once

#include <string>
#include <vector>

#include "procedure/order.h"
#include "store/session.h"

namespace gefest {

/// One document of an order.
struct OrderDocument {
    std::string file;       ///< the file's name ("Счет № 1 от 27.11.2026.html")
    std::string where;      ///< the file as the share names it (relative path), or as the journal wrote it
    std::string direction;  ///< made | sent | received
    std::string kind;       ///< invoice, contract, specification, pick_list, packing_list, waybill, message, export_1c, other
    std::string step;       ///< "5.2.3.4"; "" when not known
    std::string step_name;  ///< from the matrix ("" when not known)
    std::string time;       ///< when: the journal row's time, else the file's (ISO); "" if neither
    std::string by;         ///< who: the journal row's login ("" when not known)
    bool in_folder = true;  ///< in the order's documents folder; false: only named by the journal (the outbox, a 1C file)
};

/// The document kind and step a file name says, for a file no journal row names: the
/// names gefest gives documents (Счет №, Договор №, Спецификация №, Лист подбора,
/// Упаковочный лист, Товарная накладная — the waybill is 5.2.4.2 on the cash path,
/// 5.2.4.6 otherwise); any other file is received, of no known step. Returns
/// {direction, kind, step}. Throws nothing.
struct DocumentGuess {
    std::string direction, kind, step;
};
DocumentGuess guess_document(const std::string& file, Payment payment);

/// Every document of `order`: the files of its documents folder (the order's record
/// заказ.toml, hidden files and gefest's temporary files left out), each matched with
/// the journal rows about the order and its invoice (months from the order's date to
/// now) that name it, plus the messages and 1C files those rows name outside the folder.
/// Sorted by time, then name. Error(data) FILE:LINE for a damaged journal row, Error(io)
/// for a folder that cannot be read.
std::vector<OrderDocument> order_documents(Session& session, const Order& order);

}  // namespace gefest
