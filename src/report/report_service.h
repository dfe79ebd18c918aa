// The reports' use cases (docs/reports.md): assembling the annual city
// report and the network report from the services, and reading and writing
// the narrative a city officer writes. Shared by `kinet report` and the HTTP
// API; rendering is html_report.h, printing pdf_printer.h.
//
// What a reader sees depends on who reads (permissions.h): someone who may
// read the city's unpublished data (the city's officer, its national
// coordinator, the secretariat, the console operator) gets every value and
// the draft narrative, with a line saying how many values are unpublished;
// anyone else gets published values and a published narrative only.
//
// Usage facts: a report is generated on request (a few per city and year),
// from a few hundred indicator values and, when the city has monitoring
// data, one year of its blocks (the air assessment, ~3 MB, well under a
// second); the network report reads every member's values once.
#pragma once

#include <string_view>

#include "core/result.h"
#include "report/report_model.h"
#include "service/permissions.h"
#include "store/database.h"

namespace kinet {

class ReportService {
 public:
  // `db` must outlive the service and be migrated.
  explicit ReportService(Database& db) : db_(db) {}

  // The report of the city named by `city` (code or name, as
  // NetworkService::FindCity) for `year` in `lang`, as `who` may see it. A
  // city without data gets a report whose sections say so. NotFound for an
  // unknown city; InvalidArgument (field "year") outside 1900..2200.
  Result<CityReport> CityReportFor(const Principal& who, std::string_view city, int year,
                                   ReportLang lang);

  // The summary of every member city for `year` in `lang`, published values
  // only unless `who` may read every city's unpublished data (secretariat,
  // operator). InvalidArgument (field "year") outside 1900..2200.
  Result<NetworkReport> NetworkReportFor(const Principal& who, int year, ReportLang lang);

  // The narrative of (city, year, lang). NotFound when none was written, or
  // when it is a draft and `who` may not read the city's unpublished data.
  Result<CityNarrative> Narrative(const Principal& who, std::string_view city, int year,
                                  ReportLang lang);

  // Creates or replaces the narrative (city code in `narrative.city_code`,
  // or a city name) on behalf of `who` (Action::kWriteReport on the city),
  // audited per field. NotFound for an unknown city; PermissionDenied /
  // Unauthenticated from permissions.h; InvalidArgument naming the field
  // ("status", "year", or a text longer than 20 000 characters).
  Result<CityNarrative> SaveNarrative(const Principal& who, CityNarrative narrative);

 private:
  Database& db_;
};

}  // namespace kinet
