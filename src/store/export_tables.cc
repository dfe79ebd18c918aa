#include "store/export_tables.h"

#include <string>

namespace kinet {
namespace {

// ---- registry ---------------------------------------------------------------

constexpr std::string_view kCountryColumns[] = {"code", "name_en", "name_local", "region",
                                                "size_scheme"};
constexpr std::string_view kCountrySql =
    "SELECT code, name_en, name_local, region, size_scheme FROM countries ORDER BY code";

constexpr std::string_view kCityColumns[] = {"code",
                                             "country",
                                             "name_en",
                                             "name_local",
                                             "province_en",
                                             "province_local",
                                             "lat",
                                             "lon",
                                             "time_zone",
                                             "population",
                                             "population_unit",
                                             "population_year",
                                             "population_kind",
                                             "population_source",
                                             "area",
                                             "area_unit",
                                             "area_source",
                                             "data_status",
                                             "note"};
constexpr std::string_view kCitySql =
    "SELECT c.code, k.code, c.name_en, c.name_local, c.province_en, c.province_local, c.lat,"
    " c.lon, c.time_zone, c.population_persons,"
    " CASE WHEN c.population_persons IS NULL THEN '' ELSE 'persons' END, c.population_year,"
    " c.population_kind, c.population_source, c.area_km2,"
    " CASE WHEN c.area_km2 IS NULL THEN '' ELSE 'km2' END, c.area_source, c.data_status, c.note"
    " FROM cities c JOIN countries k ON k.id = c.country_id ORDER BY c.code";

constexpr std::string_view kMemberColumns[] = {
    "city", "joined",     "status", "modalities", "benefits_accepted", "obligations_accepted",
    "note", "data_status"};
constexpr std::string_view kMemberSql =
    "SELECT c.code, m.joined, m.status, m.modalities, m.benefits_accepted,"
    " m.obligations_accepted, m.note, m.data_status"
    " FROM members m JOIN cities c ON c.id = m.city_id ORDER BY c.code";

constexpr std::string_view kOrganisationColumns[] = {"code", "acronym", "name_en", "name_local",
                                                     "type", "country", "note",    "data_status"};
constexpr std::string_view kOrganisationSql =
    "SELECT o.code, o.acronym, o.name_en, o.name_local, o.type, k.code, o.note, o.data_status"
    " FROM organisations o LEFT JOIN countries k ON k.id = o.country_id ORDER BY o.code";

constexpr std::string_view kStationColumns[] = {"code",      "city",   "name_en",    "name_local",
                                                "lat",       "lon",    "type",       "active_from",
                                                "active_to", "source", "data_status"};
constexpr std::string_view kStationSql =
    "SELECT s.code, c.code, s.name_en, s.name_local, s.lat, s.lon, s.type, s.active_from,"
    " s.active_to, s.source, s.data_status"
    " FROM stations s JOIN cities c ON c.id = s.city_id ORDER BY s.code";

// ---- indicators -------------------------------------------------------------

constexpr std::string_view kIndicatorColumns[] = {
    "code",      "name_en",   "name_zh",     "theme",     "unit",      "direction",
    "valid_min", "valid_max", "computed_by", "statistic", "pollutant", "source",
    "iso37120",  "sdg",       "builtin",     "note"};
constexpr std::string_view kIndicatorSql =
    "SELECT code, name_en, name_zh, theme, unit, direction, valid_min, valid_max, computed_by,"
    " statistic, pollutant, source, iso37120, sdg, builtin, note FROM indicators ORDER BY code";

constexpr std::string_view kValueColumns[] = {
    "city",          "indicator",    "period",      "value",      "unit",
    "entered_value", "entered_unit", "source_kind", "source",     "note",
    "status",        "flags",        "doubtful",    "updated_by", "updated_at"};
#define KINET_VALUE_SELECT                                                                      \
  "SELECT c.code, i.code, v.period, v.value, i.unit, v.entered_value, v.entered_unit,"          \
  " v.source_kind, v.source, v.note, v.status, v.flags, v.doubtful, v.updated_by, v.updated_at" \
  " FROM indicator_values v JOIN cities c ON c.id = v.city_id"                                  \
  " JOIN indicators i ON i.id = v.indicator_id"
constexpr std::string_view kValueSql =
    KINET_VALUE_SELECT " ORDER BY c.code, i.code, v.period, v.source_kind";
constexpr std::string_view kValuePublicSql = KINET_VALUE_SELECT
    " WHERE v.status = 'published' ORDER BY c.code, i.code, v.period,"
    " v.source_kind";
#undef KINET_VALUE_SELECT

// ---- targets and schemes ----------------------------------------------------

constexpr std::string_view kTargetColumns[] = {"city",
                                               "indicator",
                                               "baseline_year",
                                               "baseline_value",
                                               "target_year",
                                               "target_value",
                                               "unit",
                                               "kind",
                                               "set_by",
                                               "responsible_body",
                                               "responsible_person",
                                               "source",
                                               "note",
                                               "data_status",
                                               "updated_by",
                                               "updated_at"};
constexpr std::string_view kTargetSql =
    "SELECT c.code, i.code, t.baseline_year, t.baseline_value, t.target_year, t.target_value,"
    " i.unit, t.kind, t.set_by, t.responsible_body, t.responsible_person, t.source, t.note,"
    " t.data_status, t.updated_by, t.updated_at"
    " FROM targets t JOIN cities c ON c.id = t.city_id JOIN indicators i ON i.id = t.indicator_id"
    " ORDER BY c.code, i.code, t.target_year";

constexpr std::string_view kMilestoneColumns[] = {"city", "indicator", "target_year",
                                                  "year", "value",     "unit"};
constexpr std::string_view kMilestoneSql =
    "SELECT c.code, i.code, t.target_year, m.year, m.value, i.unit"
    " FROM target_milestones m JOIN targets t ON t.id = m.target_id"
    " JOIN cities c ON c.id = t.city_id JOIN indicators i ON i.id = t.indicator_id"
    " ORDER BY c.code, i.code, t.target_year, m.year";

constexpr std::string_view kSchemeScoreColumns[] = {"scheme",     "scheme_version", "city", "year",
                                                    "total",      "max_total",      "unit", "rank",
                                                    "designated", "computed_at"};
constexpr std::string_view kSchemeScoreSql =
    "SELECT s.scheme_id, s.scheme_version, c.code, s.year, s.total, s.max_total, 'points',"
    " s.rank, s.designated, s.computed_at"
    " FROM scheme_scores s JOIN cities c ON c.id = s.city_id"
    " ORDER BY s.scheme_id, s.year, s.rank, c.code";

// ---- air --------------------------------------------------------------------

constexpr std::string_view kAirColumns[] = {"level",      "entity",    "period",
                                            "pollutant",  "statistic", "value",
                                            "unit",       "valid",     "data_capture_percent",
                                            "verdict",    "rule_set",  "rule_set_version",
                                            "time_from",  "time_to",   "input_checksum",
                                            "computed_at"};
// The unit follows from the statistic: day counts, a ratio, AQI (no unit),
// CO in mg/m3 and the other pollutants in ug/m3 (GB 3095-2012 Table 1).
constexpr std::string_view kAirSql =
    "SELECT level, entity_code, period, pollutant, statistic, value,"
    " CASE WHEN statistic IN ('exceed_days', 'valid_days', 'aqi_days', 'good_days')"
    "        OR statistic LIKE 'days\\_%' ESCAPE '\\' OR statistic LIKE '%:exceedance-count'"
    "        THEN 'days'"
    "      WHEN statistic = 'good_ratio' THEN 'ratio'"
    "      WHEN pollutant = 'AQI' THEN 'AQI'"
    "      WHEN pollutant = 'CO' THEN 'mg/m3' ELSE 'ug/m3' END,"
    " valid, data_capture, verdict, rule_set_id, rule_set_version, time_from, time_to,"
    " input_checksum, computed_at"
    " FROM air_assessments ORDER BY level, entity_code, period, rule_set_id, pollutant, statistic";

constexpr std::string_view kImportColumns[] = {
    "file_name",      "checksum",       "format",         "options", "rows_read",  "values_read",
    "missing_values", "flagged_values", "changed_values", "outcome", "imported_at"};
constexpr std::string_view kImportSql =
    "SELECT file_name, checksum, format, options, rows_read, values_read, missing_values,"
    " flagged_values, changed_values, outcome, imported_at FROM monitoring_imports ORDER BY id";

// ---- reports ----------------------------------------------------------------

constexpr std::string_view kReportColumns[] = {"city",         "year",       "lang",  "summary",
                                               "achievements", "challenges", "needs", "status",
                                               "updated_by",   "updated_at"};
#define KINET_REPORT_SELECT                                                                    \
  "SELECT c.code, r.year, r.lang, r.summary, r.achievements, r.challenges, r.needs, r.status," \
  " r.updated_by, r.updated_at FROM city_reports r JOIN cities c ON c.id = r.city_id"
constexpr std::string_view kReportSql = KINET_REPORT_SELECT " ORDER BY c.code, r.year, r.lang";
constexpr std::string_view kReportPublicSql =
    KINET_REPORT_SELECT " WHERE r.status = 'published' ORDER BY c.code, r.year, r.lang";
#undef KINET_REPORT_SELECT

// ---- practices, assistance, pilots, events (migrations 0006-0009) ---------------

constexpr std::string_view kPracticeColumns[] = {
    "code",     "city",      "title_en", "title_local",  "start_year",  "end_year",   "cost",
    "cost_usd", "cost_unit", "status",   "published_at", "data_status", "updated_by", "updated_at"};
#define KINET_PRACTICE_SELECT                                                                   \
  "SELECT p.code, c.code, p.title_en, p.title_local, p.start_year, p.end_year, p.cost,"         \
  " p.cost_usd, CASE WHEN p.cost_usd IS NULL THEN '' ELSE 'USD' END, p.status, p.published_at," \
  " p.data_status, p.updated_by, p.updated_at FROM practices p JOIN cities c ON c.id = p.city_id"
constexpr std::string_view kPracticeSql = KINET_PRACTICE_SELECT " ORDER BY p.code";
constexpr std::string_view kPracticePublicSql =
    KINET_PRACTICE_SELECT " WHERE p.status = 'published' ORDER BY p.code";
#undef KINET_PRACTICE_SELECT

constexpr std::string_view kProgrammeColumns[] = {
    "code",       "agency",      "title",      "types",       "themes",
    "countries",  "budget_min",  "budget_max", "budget_unit", "open_from",
    "open_until", "data_status", "updated_by", "updated_at"};
constexpr std::string_view kProgrammeSql =
    "SELECT p.code, o.code, p.title, p.types, p.themes, p.countries, p.budget_min, p.budget_max,"
    " 'USD', p.open_from, p.open_until, p.data_status, p.updated_by, p.updated_at"
    " FROM programmes p JOIN organisations o ON o.id = p.agency_id ORDER BY p.code";

constexpr std::string_view kRequestColumns[] = {
    "id",           "city",       "title",      "type",        "theme",
    "problem_code", "budget",     "co_funding", "budget_unit", "status",
    "data_status",  "created_by", "created_at", "updated_at"};
#define KINET_REQUEST_SELECT                                                               \
  "SELECT r.id, c.code, r.title, r.type, r.theme, r.problem_code, r.budget, r.co_funding," \
  " 'USD', r.status, r.data_status, r.created_by, r.created_at, r.updated_at"              \
  " FROM assistance_requests r JOIN cities c ON c.id = r.city_id"
constexpr std::string_view kRequestSql = KINET_REQUEST_SELECT " ORDER BY r.id";
constexpr std::string_view kRequestPublicSql =
    KINET_REQUEST_SELECT " WHERE r.status <> 'draft' ORDER BY r.id";
#undef KINET_REQUEST_SELECT

constexpr std::string_view kPilotColumns[] = {
    "id",       "city",   "title",         "themes",      "budget",     "currency",  "start_date",
    "end_date", "status", "practice_code", "data_status", "updated_by", "updated_at"};
constexpr std::string_view kPilotSql =
    "SELECT p.id, c.code, p.title, p.themes, p.budget, p.currency, p.start_date, p.end_date,"
    " p.status, p.practice_code, p.data_status, p.updated_by, p.updated_at"
    " FROM pilot_projects p JOIN cities c ON c.id = p.city_id ORDER BY p.id";

constexpr std::string_view kEventColumns[] = {
    "code",  "kind", "status",  "title",       "title_local", "start_date", "end_date",
    "venue", "city", "country", "data_status", "note",        "updated_by", "updated_at"};
constexpr std::string_view kEventSql =
    "SELECT e.code, e.kind, e.status, e.title, e.title_local, e.start_date, e.end_date, e.venue,"
    " c.code, k.code, e.data_status, e.note, e.updated_by, e.updated_at FROM events e"
    " LEFT JOIN cities c ON c.id = e.city_id LEFT JOIN countries k ON k.id = e.country_id"
    " ORDER BY e.start_date, e.code";

// The list. A new table is one line here (its SQL and columns above).
const ExportTable kTables[] = {
    {"countries", "Countries", kCountrySql, kCountrySql, kCountryColumns},
    {"cities", "Cities with population and area", kCitySql, kCitySql, kCityColumns},
    {"members", "Member cities of the network", kMemberSql, kMemberSql, kMemberColumns},
    {"organisations", "Organisations", kOrganisationSql, kOrganisationSql, kOrganisationColumns},
    {"stations", "Monitoring stations", kStationSql, kStationSql, kStationColumns},
    {"indicators", "Indicator catalogue", kIndicatorSql, kIndicatorSql, kIndicatorColumns},
    {"indicator_values", "Indicator values", kValueSql, kValuePublicSql, kValueColumns},
    {"targets", "Quantitative targets", kTargetSql, kTargetSql, kTargetColumns},
    {"target_milestones", "Target milestones", kMilestoneSql, kMilestoneSql, kMilestoneColumns},
    {"scheme_scores", "Assessment scheme scores", kSchemeScoreSql, kSchemeScoreSql,
     kSchemeScoreColumns},
    {"air_assessments", "Assessed air statistics", kAirSql, kAirSql, kAirColumns},
    {"monitoring_imports", "Monitoring file imports", kImportSql, "", kImportColumns},
    {"city_reports", "City report narratives", kReportSql, kReportPublicSql, kReportColumns},
    {"practices", "Best practices", kPracticeSql, kPracticePublicSql, kPracticeColumns},
    {"programmes", "Assistance programmes", kProgrammeSql, kProgrammeSql, kProgrammeColumns},
    {"assistance_requests", "Requests for assistance", kRequestSql, kRequestPublicSql,
     kRequestColumns},
    {"pilot_projects", "Pilot projects", kPilotSql, kPilotSql, kPilotColumns},
    {"events", "Events", kEventSql, kEventSql, kEventColumns},
};

}  // namespace

std::span<const ExportTable> ExportTables() { return kTables; }

Result<const ExportTable*> FindExportTable(std::string_view name) {
  std::string names;
  for (const ExportTable& t : kTables) {
    if (t.name == name) return &t;
    names += names.empty() ? "" : ", ";
    names += t.name;
  }
  return NotFound("unknown table '" + std::string(name) + "'; tables: " + names);
}

Result<std::vector<Row>> ReadExportTable(Executor& db, const ExportTable& table, bool public_only) {
  if (public_only && table.public_sql.empty()) {
    return FailedPrecondition("the table " + std::string(table.name) +
                              " is not available to the public");
  }
  return db.Query(public_only ? table.public_sql : table.full_sql);
}

}  // namespace kinet
