// The reports' part of /api/v1 (docs/api.md "Reports and exports"): the
// annual city report and the network report as HTML or PDF, the city's
// narrative (GET/PUT), and the table exports as CSV (streamed) or XLSX
// downloads. Handlers are thin: the permission decisions are in
// report_service.h and table_export.h.
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "core/sha256.h"
#include "http/api.h"
#include "http/json_codec.h"
#include "http/pdf_renderings.h"
#include "http/routes.h"
#include "report/html_report.h"
#include "report/report_service.h"
#include "report/table_export.h"

namespace kinet {

using nlohmann::json;

namespace {

struct ReportQuery {
  int year = 0;
  ReportLang lang = ReportLang::kEn;
  bool pdf = false;
};

Result<ReportQuery> ParseReportQuery(const Call& call, bool with_format) {
  ReportQuery q;
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> year, call.QueryInt("year", 1900, 2200));
  if (!year) return InvalidArgument("year is missing", "year");
  q.year = static_cast<int>(*year);
  const std::string lang = call.Query("lang").value_or("en");
  std::optional<ReportLang> l = ParseReportLang(lang);
  if (!l) return InvalidArgument("lang must be en or zh", "lang");
  q.lang = *l;
  if (with_format) {
    const std::string format = call.Query("format").value_or("html");
    if (format != "html" && format != "pdf") {
      return InvalidArgument("format must be html or pdf", "format");
    }
    q.pdf = format == "pdf";
  }
  return q;
}

// Sends the report as HTML, or as the PDF printed from it through the
// server's PDF slots and cache (http/pdf_renderings.h), as a download named
// `name`. `render` turns the report into HTML.
template <typename Report>
Status SendReport(Call& call, Report& report, std::string (*render)(const Report&),
                  const ReportQuery& q, const std::string& name) {
  if (!q.pdf) {
    call.res.set_content(render(report), "text/html; charset=utf-8");
    return OkStatus();
  }
  if (call.pdf == nullptr) return Internal("the server has no PDF printer configured");
  // The fingerprint of the data shown: the HTML without its generation time.
  const std::string generated_at = std::exchange(report.generated_at, std::string());
  const std::string fingerprint = Sha256Hex(render(report));
  report.generated_at = generated_at;
  Result<std::string> pdf = call.pdf->Render(name, fingerprint, [&] { return render(report); });
  if (!pdf.ok()) {
    if (PdfRenderings::IsBusy(pdf.status())) {
      call.res.set_header("Retry-After", std::to_string(call.pdf->retry_after_seconds()));
    }
    return pdf.status();
  }
  call.res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}.pdf\"", name));
  call.res.set_content(*pdf, "application/pdf");
  return OkStatus();
}

Status GetCityReport(Call& call) {
  KINET_ASSIGN_OR_RETURN(ReportQuery q, ParseReportQuery(call, true));
  ReportService reports(call.api.db);
  KINET_ASSIGN_OR_RETURN(CityReport report,
                         reports.CityReportFor(call.principal, call.Path("code"), q.year, q.lang));
  const std::string name =
      fmt::format("{}-{}-{}", report.profile.city.code, q.year, ReportLangCode(q.lang));
  return SendReport(call, report, &RenderCityReportHtml, q, name);
}

Status GetNetworkReport(Call& call) {
  KINET_ASSIGN_OR_RETURN(ReportQuery q, ParseReportQuery(call, true));
  ReportService reports(call.api.db);
  KINET_ASSIGN_OR_RETURN(NetworkReport report,
                         reports.NetworkReportFor(call.principal, q.year, q.lang));
  return SendReport(call, report, &RenderNetworkReportHtml, q,
                    fmt::format("network-{}-{}", q.year, ReportLangCode(q.lang)));
}

json NarrativeJson(const CityNarrative& n) {
  return {{"city", n.city_code},
          {"year", n.year},
          {"lang", n.lang},
          {"summary", n.summary},
          {"achievements", n.achievements},
          {"challenges", n.challenges},
          {"needs", n.needs},
          {"status", n.status},
          {"updated_by", n.updated_by},
          {"updated_at", n.updated_at}};
}

Status GetNarrative(Call& call) {
  KINET_ASSIGN_OR_RETURN(ReportQuery q, ParseReportQuery(call, false));
  ReportService reports(call.api.db);
  KINET_ASSIGN_OR_RETURN(CityNarrative n,
                         reports.Narrative(call.principal, call.Path("code"), q.year, q.lang));
  call.Json(NarrativeJson(n));
  return OkStatus();
}

// A text field of the body: its value, or `fallback` when absent.
Result<std::string> TextField(const json& body, const char* name, const std::string& fallback) {
  if (!body.contains(name) || body[name].is_null()) return fallback;
  if (!body[name].is_string())
    return InvalidArgument(fmt::format("{} must be a string", name), name);
  return body[name].get<std::string>();
}

Status PutNarrative(Call& call) {
  KINET_ASSIGN_OR_RETURN(ReportQuery q, ParseReportQuery(call, false));
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  CityNarrative n;
  n.city_code = call.Path("code");
  n.year = q.year;
  n.lang = std::string(ReportLangCode(q.lang));
  KINET_ASSIGN_OR_RETURN(n.summary, TextField(body, "summary", ""));
  KINET_ASSIGN_OR_RETURN(n.achievements, TextField(body, "achievements", ""));
  KINET_ASSIGN_OR_RETURN(n.challenges, TextField(body, "challenges", ""));
  KINET_ASSIGN_OR_RETURN(n.needs, TextField(body, "needs", ""));
  KINET_ASSIGN_OR_RETURN(n.status, TextField(body, "status", "draft"));
  ReportService reports(call.api.db);
  KINET_ASSIGN_OR_RETURN(CityNarrative stored, reports.SaveNarrative(call.principal, n));
  call.Json(NarrativeJson(stored));
  return OkStatus();
}

Status GetExports(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  std::vector<const ExportTable*> tables;
  for (const ExportTable& t : ExportTables()) tables.push_back(&t);
  call.Json(Paginate(tables, page, [](const ExportTable* t) {
    json columns = json::array();
    json accounts = json::array();
    for (std::string_view c : t->columns) {
      columns.push_back(c);
      if (IsAccountColumn(c)) accounts.push_back(c);
    }
    return json{{"name", t->name},
                {"title", t->title},
                {"public", t->public_sql.empty()          ? "no"
                           : t->public_sql == t->full_sql ? "all rows"
                                                          : "published rows"},
                {"columns", columns},
                {"account_columns", accounts}};
  }));
  return OkStatus();
}

Status GetExport(Call& call) {
  const std::string format = call.Query("format").value_or("csv");
  if (format != "csv" && format != "xlsx") {
    return InvalidArgument("format must be csv or xlsx", "format");
  }
  const std::string& name = call.Path("table");
  if (name == "all") {
    if (format != "xlsx") {
      return InvalidArgument("all tables come as one workbook: use format=xlsx", "format");
    }
    KINET_ASSIGN_OR_RETURN(std::vector<TableData> tables,
                           ReadAllTablesFor(call.api.db, call.principal));
    KINET_ASSIGN_OR_RETURN(std::string bytes, TablesXlsxBytes(tables, "kinet"));
    call.res.set_header("Content-Disposition", "attachment; filename=\"kinet-all.xlsx\"");
    call.res.set_content(bytes,
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    return OkStatus();
  }
  KINET_ASSIGN_OR_RETURN(TableData data, ReadTableFor(call.api.db, call.principal, name));
  call.res.set_header("Content-Disposition",
                      fmt::format("attachment; filename=\"{}.{}\"", data.table->name, format));
  if (format == "xlsx") {
    KINET_ASSIGN_OR_RETURN(std::string bytes, TablesXlsxBytes({data}, "kinet"));
    call.res.set_content(bytes,
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    return OkStatus();
  }
  // CSV is streamed in chunks of rows (chunked transfer encoding), so a
  // large table is not held twice as text.
  auto shared = std::make_shared<TableData>(std::move(data));
  auto next = std::make_shared<std::size_t>(0);
  call.res.set_chunked_content_provider(
      "text/csv; charset=utf-8", [shared, next](std::size_t, httplib::DataSink& sink) {
        constexpr std::size_t kRowsPerChunk = 500;
        TableData part;
        part.table = shared->table;
        part.public_only = shared->public_only;
        part.accounts_hidden = shared->accounts_hidden;
        const std::size_t end = std::min(shared->rows.size(), *next + kRowsPerChunk);
        part.rows.assign(shared->rows.begin() + static_cast<std::ptrdiff_t>(*next),
                         shared->rows.begin() + static_cast<std::ptrdiff_t>(end));
        std::string text = TableCsv(part);
        if (*next != 0) text.erase(0, text.find('\n') + 1);  // the header once
        *next = end;
        if (!text.empty() && !sink.write(text.data(), text.size())) return false;
        if (*next >= shared->rows.size()) sink.done();
        return true;
      });
  return OkStatus();
}

constexpr Route kRoutes[] = {
    {"GET", "/api/v1/cities/{code}/report", BodyKind::kNone, GetCityReport},
    {"GET", "/api/v1/cities/{code}/report/narrative", BodyKind::kNone, GetNarrative},
    {"PUT", "/api/v1/cities/{code}/report/narrative", BodyKind::kJson, PutNarrative},
    {"GET", "/api/v1/network/report", BodyKind::kNone, GetNetworkReport},
    {"GET", "/api/v1/exports", BodyKind::kNone, GetExports},
    {"GET", "/api/v1/exports/{table}", BodyKind::kNone, GetExport},
};

}  // namespace

std::span<const Route> ReportRoutes() { return kRoutes; }

}  // namespace kinet
