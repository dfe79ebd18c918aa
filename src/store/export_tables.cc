#include "store/export_tables.h"

#include <string>

#include "core/privacy.h"

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
    "code",      "name_en",     "name_zh",           "theme",     "unit",          "direction",
    "valid_min", "valid_max",   "computed_by",       "statistic", "pollutant",     "source",
    "iso37120",  "sdg",         "builtin",           "note",      "definition_en", "definition_zh",
    "numerator", "denominator", "iso37120_confirmed"};
// The definitions, what a ratio's numerator and denominator count and
// whether the ISO 37120 mapping is confirmed come last, so that the earlier
// columns keep their places.
constexpr std::string_view kIndicatorSql =
    "SELECT code, name_en, name_zh, theme, unit, direction, valid_min, valid_max, computed_by,"
    " statistic, pollutant, source, iso37120, sdg, builtin, note, definition_en, definition_zh,"
    " numerator, denominator, iso37120_confirmed FROM indicators ORDER BY code";

constexpr std::string_view kValueColumns[] = {
    "city",         "indicator",   "period",     "value",        "unit",       "entered_value",
    "entered_unit", "source_kind", "source",     "note",         "status",     "flags",
    "doubtful",     "updated_by",  "updated_at", "flag_reasons", "created_by", "created_at"};
// flag_reasons: the reasons of `flags`, one per line in the same order; who
// entered the value first and when come last (the earlier columns keep
// their places).
#define KINET_VALUE_SELECT                                                                       \
  "SELECT c.code, i.code, v.period, v.value, i.unit, v.entered_value, v.entered_unit,"           \
  " v.source_kind, v.source, v.note, v.status, v.flags, v.doubtful, v.updated_by, v.updated_at," \
  " v.flag_reasons, v.created_by, v.created_at"                                                  \
  " FROM indicator_values v JOIN cities c ON c.id = v.city_id"                                   \
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
                                               "updated_at",
                                               "created_by",
                                               "created_at"};
// set_by is the body that set the target ("State Council"), not an account.
constexpr std::string_view kTargetSql =
    "SELECT c.code, i.code, t.baseline_year, t.baseline_value, t.target_year, t.target_value,"
    " i.unit, t.kind, t.set_by, t.responsible_body, t.responsible_person, t.source, t.note,"
    " t.data_status, t.updated_by, t.updated_at, t.created_by, t.created_at"
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

// ---- practices (migration 0006) ----------------------------------------------
//
// The public reads a practice only once it is published (PracticeService:
// "an unpublished one is NotFound for them"), and with it everything the API
// shows beside it: tags, lists, results, contacts, links, reviews
// (PracticeService::Reviews, "same visibility as Get") and adoptions. So every
// detail table's public query keeps the rows of published practices, and the
// full query every row. Positions are stored 0-based; the exports number
// list items from 1, as the CLI shows them. practice_fts / practice_search
// are the full-text index, derived from the practices: not exported.

// The record's texts (summary in English and the local language, situation
// before, objectives, measures, lessons, conditions for transfer) and who
// created it and when come after the first columns, so that those keep their
// places; its results, funding, partners, contacts and links are the detail
// tables below.
constexpr std::string_view kPracticeColumns[] = {"code",           "city",
                                                 "title_en",       "title_local",
                                                 "start_year",     "end_year",
                                                 "cost",           "cost_usd",
                                                 "cost_unit",      "status",
                                                 "published_at",   "data_status",
                                                 "updated_by",     "updated_at",
                                                 "local_language", "summary_en",
                                                 "summary_local",  "situation_before",
                                                 "objectives",     "measures",
                                                 "lessons",        "transfer_conditions",
                                                 "created_by",     "created_at"};
#define KINET_PRACTICE_SELECT                                                                    \
  "SELECT p.code, c.code, p.title_en, p.title_local, p.start_year, p.end_year, p.cost,"          \
  " p.cost_usd, CASE WHEN p.cost_usd IS NULL THEN '' ELSE 'USD' END, p.status, p.published_at,"  \
  " p.data_status, p.updated_by, p.updated_at, p.local_language, p.summary_en, p.summary_local," \
  " p.situation_before, p.objectives, p.measures, p.lessons, p.transfer_conditions,"             \
  " p.created_by, p.created_at FROM practices p JOIN cities c ON c.id = p.city_id"
constexpr std::string_view kPracticeSql = KINET_PRACTICE_SELECT " ORDER BY p.code";
constexpr std::string_view kPracticePublicSql =
    KINET_PRACTICE_SELECT " WHERE p.status = 'published' ORDER BY p.code";
#undef KINET_PRACTICE_SELECT

// Themes and measure types: taxonomy codes (standards/practices/taxonomy.toml)
// in the record's order. No measured value, no provenance of their own.
constexpr std::string_view kPracticeTagColumns[] = {"practice", "kind", "number", "code"};
#define KINET_PRACTICE_TAG_SELECT                 \
  "SELECT p.code, t.kind, t.position + 1, t.code" \
  " FROM practice_tags t JOIN practices p ON p.id = t.practice_id"
constexpr std::string_view kPracticeTagSql =
    KINET_PRACTICE_TAG_SELECT " ORDER BY p.code, t.kind, t.position";
constexpr std::string_view kPracticeTagPublicSql =
    KINET_PRACTICE_TAG_SELECT " WHERE p.status = 'published' ORDER BY p.code, t.kind, t.position";
#undef KINET_PRACTICE_TAG_SELECT

// Funding sources and partners: free text, in the record's order.
constexpr std::string_view kPracticeListColumns[] = {"practice", "kind", "number", "value"};
#define KINET_PRACTICE_LIST_SELECT                 \
  "SELECT p.code, l.kind, l.position + 1, l.value" \
  " FROM practice_list_items l JOIN practices p ON p.id = l.practice_id"
constexpr std::string_view kPracticeListSql =
    KINET_PRACTICE_LIST_SELECT " ORDER BY p.code, l.kind, l.position";
constexpr std::string_view kPracticeListPublicSql =
    KINET_PRACTICE_LIST_SELECT " WHERE p.status = 'published' ORDER BY p.code, l.kind, l.position";
#undef KINET_PRACTICE_LIST_SELECT

// Quantified results: the claimed values before and after are in the unit of
// the result's indicator (the catalogue's unit, as in indicator_values); the
// result has no provenance of its own, so the practice's data status (real
// or illustrative) stands beside the claims.
constexpr std::string_view kPracticeResultColumns[] = {
    "practice",   "number",   "indicator",      "description",   "before_from", "before_to",
    "after_from", "after_to", "claimed_before", "claimed_after", "unit",        "data_status"};
#define KINET_PRACTICE_RESULT_SELECT                                                    \
  "SELECT p.code, r.position + 1, i.code, r.description, r.before_from, r.before_to,"   \
  " r.after_from, r.after_to, r.claimed_before, r.claimed_after, i.unit, p.data_status" \
  " FROM practice_results r JOIN practices p ON p.id = r.practice_id"                   \
  " JOIN indicators i ON i.id = r.indicator_id"
constexpr std::string_view kPracticeResultSql =
    KINET_PRACTICE_RESULT_SELECT " ORDER BY p.code, r.position";
constexpr std::string_view kPracticeResultPublicSql =
    KINET_PRACTICE_RESULT_SELECT " WHERE p.status = 'published' ORDER BY p.code, r.position";
#undef KINET_PRACTICE_RESULT_SELECT

// Contact people. Public with the published practice, as the API shows them
// (practice_json.cc "contacts").
constexpr std::string_view kPracticeContactColumns[] = {"practice", "number", "name",
                                                        "organisation", "email"};
#define KINET_PRACTICE_CONTACT_SELECT                              \
  "SELECT p.code, x.position + 1, x.name, x.organisation, x.email" \
  " FROM practice_contacts x JOIN practices p ON p.id = x.practice_id"
constexpr std::string_view kPracticeContactSql =
    KINET_PRACTICE_CONTACT_SELECT " ORDER BY p.code, x.position";
constexpr std::string_view kPracticeContactPublicSql =
    KINET_PRACTICE_CONTACT_SELECT " WHERE p.status = 'published' ORDER BY p.code, x.position";
#undef KINET_PRACTICE_CONTACT_SELECT

// Documents and web pages (attachments are links too).
constexpr std::string_view kPracticeLinkColumns[] = {"practice", "number", "title", "url"};
#define KINET_PRACTICE_LINK_SELECT                \
  "SELECT p.code, x.position + 1, x.title, x.url" \
  " FROM practice_links x JOIN practices p ON p.id = x.practice_id"
constexpr std::string_view kPracticeLinkSql =
    KINET_PRACTICE_LINK_SELECT " ORDER BY p.code, x.position";
constexpr std::string_view kPracticeLinkPublicSql =
    KINET_PRACTICE_LINK_SELECT " WHERE p.status = 'published' ORDER BY p.code, x.position";
#undef KINET_PRACTICE_LINK_SELECT

// Reviews and comments, oldest first: who (reviewer, role) and when (at) are
// the provenance. Public only for published practices, the rule of
// GET /api/v1/practices/{code}/reviews; the reviews of a draft, submitted or
// reviewed practice never reach the public.
constexpr std::string_view kPracticeReviewColumns[] = {"practice", "reviewer", "reviewer_role",
                                                       "verdict",  "comment",  "at"};
#define KINET_PRACTICE_REVIEW_SELECT                                       \
  "SELECT p.code, v.reviewer, v.reviewer_role, v.verdict, v.comment, v.at" \
  " FROM practice_reviews v JOIN practices p ON p.id = v.practice_id"
constexpr std::string_view kPracticeReviewSql =
    KINET_PRACTICE_REVIEW_SELECT " ORDER BY p.code, v.at, v.id";
constexpr std::string_view kPracticeReviewPublicSql =
    KINET_PRACTICE_REVIEW_SELECT " WHERE p.status = 'published' ORDER BY p.code, v.at, v.id";
#undef KINET_PRACTICE_REVIEW_SELECT

// Uptake: the adopting city's code, the year, and the record's own provenance
// (data status, who recorded it and when). Only a published practice can be
// adopted, but a practice withdrawn later keeps its adoptions: the public
// query still checks the practice's status.
constexpr std::string_view kPracticeAdoptionColumns[] = {
    "practice", "city", "year", "note", "data_status", "recorded_by", "recorded_at"};
#define KINET_PRACTICE_ADOPTION_SELECT                                                 \
  "SELECT p.code, c.code, a.year, a.note, a.data_status, a.recorded_by, a.recorded_at" \
  " FROM practice_adoptions a JOIN practices p ON p.id = a.practice_id"                \
  " JOIN cities c ON c.id = a.city_id"
constexpr std::string_view kPracticeAdoptionSql =
    KINET_PRACTICE_ADOPTION_SELECT " ORDER BY p.code, a.year, c.code";
constexpr std::string_view kPracticeAdoptionPublicSql =
    KINET_PRACTICE_ADOPTION_SELECT " WHERE p.status = 'published' ORDER BY p.code, a.year, c.code";
#undef KINET_PRACTICE_ADOPTION_SELECT

// ---- assistance (migration 0007) ---------------------------------------------
//
// Programmes are public reads (AssistanceService: "programmes (public
// reads)"). A request is public unless it is a draft (CheckReadable: "a
// draft's state is the city's business"), and GET /api/v1/requests/{id}
// shows it whole, with the programmes it went to and its history; so the
// detail tables' public queries keep the rows of requests that are not
// drafts now (a request returned to draft is hidden again, as the API hides
// it). A request's id is its public identifier (`kinet request show ID`,
// /api/v1/requests/{id}). Amounts are USD (0007). notifications are each
// user's inbox, like the accounts: never exported.

constexpr std::string_view kProgrammeColumns[] = {
    "code",       "agency",     "title",       "types",        "themes",     "countries",
    "budget_min", "budget_max", "budget_unit", "open_from",    "open_until", "data_status",
    "updated_by", "updated_at", "description", "size_classes", "note"};
// size_classes: the city size classes the programme serves (engine/city_size.h
// codes, ';'-joined like types, themes and countries; empty = any size).
constexpr std::string_view kProgrammeSql =
    "SELECT p.code, o.code, p.title, p.types, p.themes, p.countries, p.budget_min, p.budget_max,"
    " 'USD', p.open_from, p.open_until, p.data_status, p.updated_by, p.updated_at, p.description,"
    " p.size_classes, p.note"
    " FROM programmes p JOIN organisations o ON o.id = p.agency_id ORDER BY p.code";

// The outcome (help delivered, funds in USD, the resulting pilot's id, a
// note) is set when the request completes; its columns come after the first
// ones so that those keep their places, and the indicator the problem is
// about, the description and the wanted start after them, for the same
// reason.
constexpr std::string_view kRequestColumns[] = {"id",
                                                "city",
                                                "title",
                                                "type",
                                                "theme",
                                                "problem_code",
                                                "budget",
                                                "co_funding",
                                                "budget_unit",
                                                "status",
                                                "data_status",
                                                "created_by",
                                                "created_at",
                                                "updated_at",
                                                "outcome_help",
                                                "outcome_funds",
                                                "outcome_funds_unit",
                                                "outcome_pilot",
                                                "outcome_note",
                                                "indicator",
                                                "description",
                                                "wanted_start"};
#define KINET_REQUEST_SELECT                                                               \
  "SELECT r.id, c.code, r.title, r.type, r.theme, r.problem_code, r.budget, r.co_funding," \
  " 'USD', r.status, r.data_status, r.created_by, r.created_at, r.updated_at,"             \
  " r.outcome_help, r.outcome_funds,"                                                      \
  " CASE WHEN r.outcome_funds IS NULL THEN '' ELSE 'USD' END, r.outcome_pilot_id,"         \
  " r.outcome_note, r.indicator_code, r.description, r.wanted_start"                       \
  " FROM assistance_requests r JOIN cities c ON c.id = r.city_id"
constexpr std::string_view kRequestSql = KINET_REQUEST_SELECT " ORDER BY r.id";
constexpr std::string_view kRequestPublicSql =
    KINET_REQUEST_SELECT " WHERE r.status <> 'draft' ORDER BY r.id";
#undef KINET_REQUEST_SELECT

// The programmes a request was forwarded to and each agency's answer: the
// programme's and its agency's codes instead of ids; who decided and when
// are the provenance.
constexpr std::string_view kRequestProgrammeColumns[] = {
    "request", "programme", "agency", "decision", "comment", "decided_by", "decided_at"};
#define KINET_REQUEST_PROGRAMME_SELECT                                             \
  "SELECT r.id, g.code, o.code, x.decision, x.comment, x.decided_by, x.decided_at" \
  " FROM request_programmes x JOIN assistance_requests r ON r.id = x.request_id"   \
  " JOIN programmes g ON g.id = x.programme_id JOIN organisations o ON o.id = g.agency_id"
constexpr std::string_view kRequestProgrammeSql =
    KINET_REQUEST_PROGRAMME_SELECT " ORDER BY r.id, x.id";
constexpr std::string_view kRequestProgrammePublicSql =
    KINET_REQUEST_PROGRAMME_SELECT " WHERE r.status <> 'draft' ORDER BY r.id, x.id";
#undef KINET_REQUEST_PROGRAMME_SELECT

// Every step of a request, oldest first: when, who, the action and the
// statuses it moved between (the history the API shows).
constexpr std::string_view kRequestStepColumns[] = {
    "request", "at", "actor", "action", "from_status", "to_status", "programme", "comment"};
#define KINET_REQUEST_STEP_SELECT                                                       \
  "SELECT r.id, s.at, s.actor, s.action, s.from_status, s.to_status, s.programme_code," \
  " s.comment FROM request_steps s JOIN assistance_requests r ON r.id = s.request_id"
constexpr std::string_view kRequestStepSql = KINET_REQUEST_STEP_SELECT " ORDER BY r.id, s.id";
constexpr std::string_view kRequestStepPublicSql =
    KINET_REQUEST_STEP_SELECT " WHERE r.status <> 'draft' ORDER BY r.id, s.id";
#undef KINET_REQUEST_STEP_SELECT

// ---- pilots (migration 0008) -------------------------------------------------
//
// PilotService: "Calls, rankings, projects and approved reports are public;
// other reports are read by those who may write them." A call is read whole
// with its criteria, candidates and ratings (GET /api/v1/pilot-calls/{id}),
// a project with its partners, funding, results framework and milestones
// (GET /api/v1/pilots/{id}); so all of those are public in full, progress
// reports only when approved, and the framework's actual values only when
// published (ShowProject: the public gets published values). Calls and
// projects are named by their id, their public identifier (`kinet pilot
// call show ID`, `kinet pilot project show ID`).

constexpr std::string_view kPilotCallColumns[] = {
    "id",          "title",      "title_zh",           "description",
    "opens",       "closes",     "eligible_countries", "missing_rule",
    "data_status", "created_by", "created_at"};
constexpr std::string_view kPilotCallSql =
    "SELECT id, title, title_zh, description, opens, closes, eligible_countries, missing_rule,"
    " data_status, created_by, created_at FROM pilot_calls ORDER BY id";

constexpr std::string_view kPilotCandidateColumns[] = {"call", "number", "city"};
constexpr std::string_view kPilotCandidateSql =
    "SELECT k.call_id, k.position + 1, c.code FROM pilot_call_candidates k"
    " JOIN cities c ON c.id = k.city_id ORDER BY k.call_id, k.position";

// The weighted criteria. target_value (direction 'target' only) is in the
// unit of its source: the indicator's unit, persons for population, % of the
// scheme's maximum for a scheme score (docs/pilots.md "source"), and for a
// rating the scale the note states ('rating').
constexpr std::string_view kPilotCriterionColumns[] = {
    "call", "number",    "code",          "name",         "source",      "indicator", "scheme",
    "year", "direction", "normalisation", "target_value", "target_unit", "weight",    "note"};
constexpr std::string_view kPilotCriterionSql =
    "SELECT k.call_id, k.position + 1, k.code, k.name, k.source, i.code, k.scheme_id, k.year,"
    " k.direction, k.normalisation, k.target_value,"
    " CASE WHEN k.target_value IS NULL THEN ''"
    "      WHEN k.source = 'indicator' THEN i.unit"
    "      WHEN k.source = 'population' THEN 'persons'"
    "      WHEN k.source = 'scheme' THEN '% of maximum'"
    "      ELSE 'rating' END,"
    " k.weight, k.note FROM pilot_criteria k LEFT JOIN indicators i ON i.id = k.indicator_id"
    " ORDER BY k.call_id, k.position";

// Assessors' ratings. A rating has no fixed unit: its scale is the
// criterion's note ("Assessor's rating 1 to 5", "... in %"), exported beside
// the value as `scale`; the call's data status says whether the ratings are
// real assessments.
constexpr std::string_view kPilotRatingColumns[] = {
    "call", "criterion", "city", "value", "scale", "assessor", "note", "rated_at", "data_status"};
constexpr std::string_view kPilotRatingSql =
    "SELECT k.call_id, k.code, c.code, r.value, k.note, r.assessor, r.note, r.rated_at,"
    " a.data_status FROM pilot_ratings r JOIN pilot_criteria k ON k.id = r.criterion_id"
    " JOIN pilot_calls a ON a.id = k.call_id JOIN cities c ON c.id = r.city_id"
    " ORDER BY k.call_id, k.position, c.code";

// The call the project came from (its id, empty for a project without a
// call), the summary, the comparison cities (codes, ','-joined like themes) and who
// created it and when come last, so that the earlier columns keep their
// places.
constexpr std::string_view kPilotColumns[] = {
    "id",         "city",          "title",       "themes",
    "budget",     "currency",      "start_date",  "end_date",
    "status",     "practice_code", "data_status", "updated_by",
    "updated_at", "call",          "summary",     "comparison_cities",
    "created_by", "created_at"};
constexpr std::string_view kPilotSql =
    "SELECT p.id, c.code, p.title, p.themes, p.budget, p.currency, p.start_date, p.end_date,"
    " p.status, p.practice_code, p.data_status, p.updated_by, p.updated_at, p.call_id, p.summary,"
    " p.comparison_cities, p.created_by, p.created_at"
    " FROM pilot_projects p JOIN cities c ON c.id = p.city_id ORDER BY p.id";

// Partners: a mentor city, agency or institute by its code where it has one.
constexpr std::string_view kPilotPartnerColumns[] = {"pilot", "number", "kind",
                                                     "code",  "name",   "role"};
constexpr std::string_view kPilotPartnerSql =
    "SELECT project_id, position + 1, kind, code, name, role FROM pilot_partners"
    " ORDER BY project_id, position";

// Funding: each amount in its currency (the unit column), with the project's
// data status.
constexpr std::string_view kPilotFundingColumns[] = {"pilot",    "number", "source",     "amount",
                                                     "currency", "note",   "data_status"};
constexpr std::string_view kPilotFundingSql =
    "SELECT f.project_id, f.position + 1, f.source, f.amount, f.currency, f.note, p.data_status"
    " FROM pilot_funding f JOIN pilot_projects p ON p.id = f.project_id"
    " ORDER BY f.project_id, f.position";

// The results framework: baseline and target in the indicator's unit.
constexpr std::string_view kPilotIndicatorColumns[] = {
    "pilot",       "number",       "indicator", "baseline_year", "baseline_value",
    "target_year", "target_value", "unit",      "note",          "data_status"};
constexpr std::string_view kPilotIndicatorSql =
    "SELECT r.project_id, r.position + 1, i.code, r.baseline_year, r.baseline_value,"
    " r.target_year, r.target_value, i.unit, r.note, p.data_status"
    " FROM pilot_result_indicators r JOIN pilot_projects p ON p.id = r.project_id"
    " JOIN indicators i ON i.id = r.indicator_id ORDER BY r.project_id, r.position";

// The framework's actual values per year: the city's annual indicator values
// from the baseline year to the target year, one per year as
// PilotService::ShowProject picks them (reported preferred over computed,
// IndicatorValueRepository::ValuesFor), with the value's own provenance
// (source kind, source, status, who entered it and when). The public gets a
// year only when that value is published, as ShowProject gives it. Years are
// compared as text: annual periods are four digits.
constexpr std::string_view kPilotActualColumns[] = {"pilot",      "indicator",   "year",   "value",
                                                    "unit",       "source_kind", "source", "status",
                                                    "updated_by", "updated_at"};
// The public reads published values only, and a reported value shadows a
// computed one only when it is itself published (VisibleValuesFor in
// service/annual_series.h): hence the visibility condition in both places.
#define KINET_PILOT_ACTUAL_SELECT(visible_v, visible_w)                                      \
  "SELECT p.id, i.code, v.period, v.value, i.unit, v.source_kind, v.source, v.status,"       \
  " v.updated_by, v.updated_at"                                                              \
  " FROM pilot_result_indicators r JOIN pilot_projects p ON p.id = r.project_id"             \
  " JOIN indicators i ON i.id = r.indicator_id"                                              \
  " JOIN indicator_values v ON v.city_id = p.city_id AND v.indicator_id = r.indicator_id"    \
  " WHERE LENGTH(v.period) = 4 AND v.period >= CAST(r.baseline_year AS TEXT)"                \
  " AND v.period <= CAST(r.target_year AS TEXT)" visible_v                                   \
  " AND (v.source_kind = 'reported' OR NOT EXISTS (SELECT 1 FROM indicator_values w"         \
  " WHERE w.city_id = v.city_id AND w.indicator_id = v.indicator_id AND w.period = v.period" \
  " AND w.source_kind = 'reported'" visible_w                                                \
  "))"                                                                                       \
  " ORDER BY p.id, r.position, v.period"
constexpr std::string_view kPilotActualSql = KINET_PILOT_ACTUAL_SELECT("", "");
constexpr std::string_view kPilotActualPublicSql =
    KINET_PILOT_ACTUAL_SELECT(" AND v.status = 'published'", " AND w.status = 'published'");
#undef KINET_PILOT_ACTUAL_SELECT

constexpr std::string_view kPilotMilestoneColumns[] = {"pilot", "number", "title",
                                                       "due",   "done",   "note"};
constexpr std::string_view kPilotMilestoneSql =
    "SELECT project_id, position + 1, title, due, done, note FROM pilot_milestones"
    " ORDER BY project_id, position";

// Progress reports with their approval step (author, submitted, decided by
// and when): the public reads approved reports only.
constexpr std::string_view kPilotReportColumns[] = {
    "pilot",  "period",     "progress",     "problems",   "next_steps", "status",
    "author", "created_at", "submitted_at", "decided_by", "decided_at", "decision_note"};
#define KINET_PILOT_REPORT_SELECT                                                          \
  "SELECT project_id, period, progress, problems, next_steps, status, author, created_at," \
  " submitted_at, decided_by, decided_at, decision_note FROM pilot_reports"
constexpr std::string_view kPilotReportSql =
    KINET_PILOT_REPORT_SELECT " ORDER BY project_id, period";
constexpr std::string_view kPilotReportPublicSql =
    KINET_PILOT_REPORT_SELECT " WHERE status = 'approved' ORDER BY project_id, period";
#undef KINET_PILOT_REPORT_SELECT

// ---- events (migration 0009) -------------------------------------------------
//
// Everyone reads events whole (docs/events.md; GET /api/v1/events/{id} has no
// permission check), with their organisations, sessions, participants,
// documents, decisions, actions and links: every events table is public in
// full. An event is named by its code; organisations and cities by theirs.

// dates_note says when the dates are approximate; it and the summary come
// last, so that the earlier columns keep their places.
constexpr std::string_view kEventColumns[] = {
    "code",       "kind",       "status",     "title",   "title_local", "start_date",
    "end_date",   "venue",      "city",       "country", "data_status", "note",
    "updated_by", "updated_at", "dates_note", "summary"};
constexpr std::string_view kEventSql =
    "SELECT e.code, e.kind, e.status, e.title, e.title_local, e.start_date, e.end_date, e.venue,"
    " c.code, k.code, e.data_status, e.note, e.updated_by, e.updated_at, e.dates_note, e.summary"
    " FROM events e"
    " LEFT JOIN cities c ON c.id = e.city_id LEFT JOIN countries k ON k.id = e.country_id"
    " ORDER BY e.start_date, e.code";

constexpr std::string_view kEventOrganisationColumns[] = {"event", "number", "organisation", "role",
                                                          "note"};
constexpr std::string_view kEventOrganisationSql =
    "SELECT e.code, x.position + 1, o.code, x.role, x.note FROM event_organisations x"
    " JOIN events e ON e.id = x.event_id JOIN organisations o ON o.id = x.organisation_id"
    " ORDER BY e.code, x.position";

constexpr std::string_view kEventSessionColumns[] = {
    "event", "number", "title", "kind", "date", "start_time", "end_time", "chairs", "summary"};
constexpr std::string_view kEventSessionSql =
    "SELECT e.code, x.number, x.title, x.kind, x.date, x.start_time, x.end_time, x.chairs,"
    " x.summary FROM event_sessions x JOIN events e ON e.id = x.event_id"
    " ORDER BY e.code, x.number";

// Participants: a person or a delegation (count people), with the
// organisation's and city's codes where known; count's unit is persons.
constexpr std::string_view kEventParticipantColumns[] = {
    "event", "number", "name", "organisation", "city", "role", "count", "count_unit", "note"};
constexpr std::string_view kEventParticipantSql =
    "SELECT e.code, x.position + 1, x.name, o.code, c.code, x.role, x.count, 'persons', x.note"
    " FROM event_participants x JOIN events e ON e.id = x.event_id"
    " LEFT JOIN organisations o ON o.id = x.organisation_id"
    " LEFT JOIN cities c ON c.id = x.city_id ORDER BY e.code, x.position";

constexpr std::string_view kEventDocumentColumns[] = {"event", "number", "title",
                                                      "kind",  "url",    "note"};
constexpr std::string_view kEventDocumentSql =
    "SELECT e.code, x.position + 1, x.title, x.kind, x.url, x.note FROM event_documents x"
    " JOIN events e ON e.id = x.event_id ORDER BY e.code, x.position";

constexpr std::string_view kEventDecisionColumns[] = {"event", "number", "text"};
constexpr std::string_view kEventDecisionSql =
    "SELECT e.code, x.number, x.text FROM event_decisions x JOIN events e ON e.id = x.event_id"
    " ORDER BY e.code, x.number";

// Follow-up actions: `decision` is the number of the decision they follow.
constexpr std::string_view kEventActionColumns[] = {"event", "number",   "decision", "text",
                                                    "owner", "due_date", "status",   "note"};
constexpr std::string_view kEventActionSql =
    "SELECT e.code, x.number, x.decision, x.text, x.owner, x.due_date, x.status, x.note"
    " FROM event_actions x JOIN events e ON e.id = x.event_id ORDER BY e.code, x.number";

// Links to other records by (kind, ref): a city, practice or event code, a
// request or pilot id (0009 keeps them without a foreign key).
constexpr std::string_view kEventLinkColumns[] = {"event", "number", "kind", "ref", "note"};
constexpr std::string_view kEventLinkSql =
    "SELECT e.code, x.position + 1, x.kind, x.ref, x.note FROM event_links x"
    " JOIN events e ON e.id = x.event_id ORDER BY e.code, x.position";

// The list. A new table is one line here (its SQL and columns above). Each
// area's main record comes first, then its detail tables.
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
    {"practice_tags", "Practice themes and measure types", kPracticeTagSql, kPracticeTagPublicSql,
     kPracticeTagColumns},
    {"practice_list_items", "Practice funding sources and partners", kPracticeListSql,
     kPracticeListPublicSql, kPracticeListColumns},
    {"practice_results", "Practice quantified results", kPracticeResultSql,
     kPracticeResultPublicSql, kPracticeResultColumns},
    {"practice_contacts", "Practice contacts", kPracticeContactSql, kPracticeContactPublicSql,
     kPracticeContactColumns},
    {"practice_links", "Practice documents and links", kPracticeLinkSql, kPracticeLinkPublicSql,
     kPracticeLinkColumns},
    {"practice_reviews", "Practice reviews and comments", kPracticeReviewSql,
     kPracticeReviewPublicSql, kPracticeReviewColumns},
    {"practice_adoptions", "Practice adoptions (uptake)", kPracticeAdoptionSql,
     kPracticeAdoptionPublicSql, kPracticeAdoptionColumns},
    {"programmes", "Assistance programmes", kProgrammeSql, kProgrammeSql, kProgrammeColumns},
    {"assistance_requests", "Requests for assistance", kRequestSql, kRequestPublicSql,
     kRequestColumns},
    {"request_programmes", "Programmes a request was forwarded to", kRequestProgrammeSql,
     kRequestProgrammePublicSql, kRequestProgrammeColumns},
    {"request_steps", "Request history", kRequestStepSql, kRequestStepPublicSql,
     kRequestStepColumns},
    {"pilot_calls", "Calls for pilot cities", kPilotCallSql, kPilotCallSql, kPilotCallColumns},
    {"pilot_call_candidates", "Candidate cities of pilot calls", kPilotCandidateSql,
     kPilotCandidateSql, kPilotCandidateColumns},
    {"pilot_criteria", "Pilot call criteria", kPilotCriterionSql, kPilotCriterionSql,
     kPilotCriterionColumns},
    {"pilot_ratings", "Assessors' ratings of pilot candidates", kPilotRatingSql, kPilotRatingSql,
     kPilotRatingColumns},
    {"pilot_projects", "Pilot projects", kPilotSql, kPilotSql, kPilotColumns},
    {"pilot_partners", "Pilot project partners", kPilotPartnerSql, kPilotPartnerSql,
     kPilotPartnerColumns},
    {"pilot_funding", "Pilot project funding", kPilotFundingSql, kPilotFundingSql,
     kPilotFundingColumns},
    {"pilot_result_indicators", "Pilot results framework: baselines and targets",
     kPilotIndicatorSql, kPilotIndicatorSql, kPilotIndicatorColumns},
    {"pilot_result_actuals", "Pilot results framework: actual values per year", kPilotActualSql,
     kPilotActualPublicSql, kPilotActualColumns},
    {"pilot_milestones", "Pilot project milestones", kPilotMilestoneSql, kPilotMilestoneSql,
     kPilotMilestoneColumns},
    {"pilot_reports", "Pilot progress reports", kPilotReportSql, kPilotReportPublicSql,
     kPilotReportColumns},
    {"events", "Events", kEventSql, kEventSql, kEventColumns},
    {"event_organisations", "Event organisers, hosts and sponsors", kEventOrganisationSql,
     kEventOrganisationSql, kEventOrganisationColumns},
    {"event_sessions", "Event sessions", kEventSessionSql, kEventSessionSql, kEventSessionColumns},
    {"event_participants", "Event participants", kEventParticipantSql, kEventParticipantSql,
     kEventParticipantColumns},
    {"event_documents", "Event documents", kEventDocumentSql, kEventDocumentSql,
     kEventDocumentColumns},
    {"event_decisions", "Event decisions", kEventDecisionSql, kEventDecisionSql,
     kEventDecisionColumns},
    {"event_actions", "Event follow-up actions", kEventActionSql, kEventActionSql,
     kEventActionColumns},
    {"event_links", "Event links to other records", kEventLinkSql, kEventLinkSql,
     kEventLinkColumns},
};

}  // namespace

std::span<const ExportTable> ExportTables() { return kTables; }

// The same names as the API's JSON keys: one list for both (core/privacy.h).
std::span<const std::string_view> AccountColumns() { return kAccountIdentityFields; }

bool IsAccountColumn(std::string_view column) { return IsAccountIdentityField(column); }

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
