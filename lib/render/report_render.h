// Reports rendered at the edge: the data of lib/reports/report.h becomes a Document
// (render/table.h: tables with typed cells, charts) with Russian headers and labels;
// render/render.h (included here) turns any Document into text, CSV, JSON, XLSX or HTML.
// The builders throw nothing of their own.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "render/render.h"
#include "render/table.h"
#include "reports/report.h"

namespace gefest {

/// Form 02-006-01: the rows, totals by source, and the three charts (inquiries by
/// source, funnel, revenue by manager). The document keeps the report (its rows are
/// made from it while rendering).
Document requests_document(RequestsReport report);
/// Conversion and revenue per advertising source.
Document sources_document(const RequestsReport& report);
/// Per manager: inquiries, orders, paid, shipped, revenue, average days inquiry → order.
Document managers_document(const RequestsReport& report, const NameOf& name_of);
/// Inquiries → orders → confirmed → paid → shipped.
Document funnel_document(const RequestsReport& report);
/// Process control (5.2.9) or one person's open steps (`todo_login` non-empty).
Document control_document(const std::vector<ControlRow>& rows, const DateTime& as_of, const std::string& todo_login);

}  // namespace gefest
