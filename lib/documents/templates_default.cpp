// The default document templates that gefest init writes into the share's Шаблоны/
// folder: the files of data/defaults/Отдел продаж/Шаблоны/, built into the binary
// (store/defaults.h). The company edits its copies; these are only the starting point.
// Placeholders: man/gefest-share.5, DOCUMENT TEMPLATES (invoice, contract,
// specification) and man/gefest-ship.1, TEMPLATES (pick list, packing list, waybill).
#include <algorithm>

#include "documents/documents.h"
#include "store/defaults.h"

namespace gefest {

const std::vector<std::string>& default_template_names() {
    static const std::vector<std::string> names = {template_name::invoice,   template_name::contract,     template_name::specification,
                                                   template_name::pick_list, template_name::packing_list, template_name::consignment_note,
                                                   template_name::upd};
    return names;
}

std::string default_template(const std::string& name) {
    const auto& names = default_template_names();
    if (std::find(names.begin(), names.end(), name) == names.end()) return "";
    return std::string(default_file("Отдел продаж/Шаблоны/" + name));
}

}  // namespace gefest
