// The routes of indicators, values, targets, schemes and stations
// (docs/api.md "Indicators, values, targets, schemes and stations";
// openapi/indicators.json). Handlers parse the request, call one service
// with the principal and write JSON; who may do what and who sees which
// values is decided by the services (indicator_service.h, target_service.h,
// scheme_service.h).
//
// Usage facts: the catalogue is a few dozen indicators and a city's values
// are a few hundred, so lists are read whole and paginated in memory
// (Paginate); the CSV download of the whole network (~10^5 values) is
// written in chunks of kCsvChunkRows lines as the client reads them.
#include <charconv>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "core/period.h"
#include "http/api.h"
#include "http/json_codec.h"
#include "http/routes.h"

namespace kinet {
namespace {

using nlohmann::json;

constexpr std::size_t kCsvChunkRows = 512;

json OrNull(const std::optional<double>& v) { return v ? json(*v) : json(); }
json OrNull(const std::optional<int>& v) { return v ? json(*v) : json(); }
json OrNull(const std::optional<bool>& v) { return v ? json(*v) : json(); }

// ---- request bodies ----------------------------------------------------------

Result<std::optional<double>> OptionalNumber(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<double>();
  if (!it->is_number()) return InvalidArgument(fmt::format("'{}' must be a number", key), key);
  return std::optional<double>(it->get<double>());
}

Result<double> RequiredNumber(const json& body, const char* key) {
  KINET_ASSIGN_OR_RETURN(std::optional<double> v, OptionalNumber(body, key));
  if (!v) return InvalidArgument(fmt::format("'{}' is missing", key), key);
  return *v;
}

Result<int> RequiredYear(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    return InvalidArgument(fmt::format("'{}' is missing", key), key);
  }
  if (!it->is_number_integer() || it->get<std::int64_t>() < 1900 ||
      it->get<std::int64_t>() > 2200) {
    return InvalidArgument(fmt::format("'{}' must be a year from 1900 to 2200", key), key);
  }
  return it->get<int>();
}

Result<bool> OptionalBool(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return false;
  if (!it->is_boolean())
    return InvalidArgument(fmt::format("'{}' must be true or false", key), key);
  return it->get<bool>();
}

std::string StringOr(const std::optional<std::string>& v) { return v.value_or(""); }

// An Indicator from the Indicator shape's writable keys.
Result<Indicator> IndicatorFromJson(const json& body) {
  Indicator ind;
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> code, OptionalString(body, "code"));
  ind.code = StringOr(code);
  KINET_ASSIGN_OR_RETURN(ind.name_en, RequiredString(body, "name_en"));
  KINET_ASSIGN_OR_RETURN(std::string theme, RequiredString(body, "theme"));
  std::optional<Theme> t = ParseTheme(theme);
  if (!t) {
    return InvalidArgument(
        "theme must be air, water, noise, waste, green-space, energy or management", "theme");
  }
  ind.theme = *t;
  KINET_ASSIGN_OR_RETURN(ind.unit, RequiredString(body, "unit"));
  KINET_ASSIGN_OR_RETURN(std::string direction, RequiredString(body, "direction"));
  std::optional<Direction> d = ParseDirection(direction);
  if (!d) return InvalidArgument("direction must be higher or lower", "direction");
  ind.direction = *d;
  KINET_ASSIGN_OR_RETURN(ind.valid_min, OptionalNumber(body, "valid_min"));
  KINET_ASSIGN_OR_RETURN(ind.valid_max, OptionalNumber(body, "valid_max"));
  struct Text {
    const char* key;
    std::string* field;
  };
  for (Text text :
       {Text{"name_zh", &ind.name_zh}, Text{"definition_en", &ind.definition_en},
        Text{"definition_zh", &ind.definition_zh}, Text{"numerator", &ind.numerator},
        Text{"denominator", &ind.denominator}, Text{"source", &ind.source},
        Text{"iso37120", &ind.iso37120}, Text{"sdg", &ind.sdg}, Text{"note", &ind.note}}) {
    KINET_ASSIGN_OR_RETURN(std::optional<std::string> v, OptionalString(body, text.key));
    *text.field = StringOr(v);
  }
  if (!ind.numerator.empty() || !ind.denominator.empty()) ind.computed_by = "ratio";
  return ind;
}

Result<ValueInput> ValueInputFromJson(const json& body) {
  ValueInput in;
  KINET_ASSIGN_OR_RETURN(in.city, RequiredString(body, "city"));
  KINET_ASSIGN_OR_RETURN(in.indicator, RequiredString(body, "indicator"));
  KINET_ASSIGN_OR_RETURN(in.period, RequiredString(body, "period"));
  KINET_ASSIGN_OR_RETURN(in.value, RequiredNumber(body, "value"));
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> unit, OptionalString(body, "unit"));
  in.unit = StringOr(unit);
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> source, OptionalString(body, "source"));
  in.source = StringOr(source);
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> note, OptionalString(body, "note"));
  in.note = StringOr(note);
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> kind, OptionalString(body, "source_kind"));
  if (kind) {
    std::optional<SourceKind> k = ParseSourceKind(*kind);
    if (!k) return InvalidArgument("source_kind must be reported or computed", "source_kind");
    in.source_kind = *k;
  }
  KINET_ASSIGN_OR_RETURN(in.doubtful, OptionalBool(body, "doubtful"));
  return in;
}

// A Target of `city` from the Target shape's writable keys; the indicator
// and target year come from the path when given there.
Result<Target> TargetFromJson(const json& body, std::string_view city,
                              std::optional<std::string> indicator, std::optional<int> year) {
  Target t;
  t.city_code = std::string(city);
  if (indicator) {
    t.indicator_code = *indicator;
  } else {
    KINET_ASSIGN_OR_RETURN(t.indicator_code, RequiredString(body, "indicator_code"));
  }
  KINET_ASSIGN_OR_RETURN(t.baseline_year, RequiredYear(body, "baseline_year"));
  KINET_ASSIGN_OR_RETURN(t.baseline_value, RequiredNumber(body, "baseline_value"));
  if (year) {
    t.target_year = *year;
  } else {
    KINET_ASSIGN_OR_RETURN(t.target_year, RequiredYear(body, "target_year"));
  }
  KINET_ASSIGN_OR_RETURN(t.target_value, RequiredNumber(body, "target_value"));
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> kind, OptionalString(body, "kind"));
  if (kind) {
    std::optional<TargetKind> k = ParseTargetKind(*kind);
    if (!k) return InvalidArgument("kind must be legal or voluntary", "kind");
    t.kind = *k;
  }
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> data_status,
                         OptionalString(body, "data_status"));
  if (data_status) {
    std::optional<DataStatus> d = ParseDataStatus(*data_status);
    if (!d) return InvalidArgument("data_status must be real or illustrative", "data_status");
    t.data_status = *d;
  }
  struct Text {
    const char* key;
    std::string* field;
  };
  for (Text text : {Text{"set_by", &t.set_by}, Text{"responsible_body", &t.responsible_body},
                    Text{"responsible_person", &t.responsible_person}, Text{"source", &t.source},
                    Text{"note", &t.note}}) {
    KINET_ASSIGN_OR_RETURN(std::optional<std::string> v, OptionalString(body, text.key));
    *text.field = StringOr(v);
  }
  auto ms = body.find("milestones");
  if (ms != body.end() && !ms->is_null()) {
    if (!ms->is_array()) return InvalidArgument("'milestones' must be an array", "milestones");
    for (const json& m : *ms) {
      if (!m.is_object()) {
        return InvalidArgument("each milestone is {\"year\", \"value\"}", "milestones");
      }
      KINET_ASSIGN_OR_RETURN(int y, RequiredYear(m, "year"));
      KINET_ASSIGN_OR_RETURN(double v, RequiredNumber(m, "value"));
      t.milestones.push_back({y, v});
    }
  }
  return t;
}

// ---- response shapes (docs/api.md) ----------------------------------------

json IndicatorJson(const Indicator& i) {
  return {{"code", i.code},
          {"name_en", i.name_en},
          {"name_zh", i.name_zh},
          {"definition_en", i.definition_en},
          {"definition_zh", i.definition_zh},
          {"theme", ThemeCode(i.theme)},
          {"unit", i.unit},
          {"direction", DirectionCode(i.direction)},
          {"valid_min", OrNull(i.valid_min)},
          {"valid_max", OrNull(i.valid_max)},
          {"computed_by", i.computed_by},
          {"statistic", i.statistic},
          {"pollutant", i.pollutant},
          {"numerator", i.numerator},
          {"denominator", i.denominator},
          {"source", i.source},
          {"iso37120", i.iso37120},
          {"iso37120_confirmed", i.iso37120_confirmed},
          {"sdg", i.sdg},
          {"note", i.note},
          {"builtin", i.builtin}};
}

// Indicator code → unit, for the "unit" of each value.
using Units = std::map<std::string, std::string, std::less<>>;

Result<Units> LoadUnits(IndicatorService& service) {
  KINET_ASSIGN_OR_RETURN(std::vector<Indicator> all, service.ListIndicators());
  Units units;
  for (const Indicator& i : all) units[i.code] = i.unit;
  return units;
}

json ValueJson(const IndicatorValue& v, const Units& units) {
  json flags = json::array();
  for (const ValueFlag& f : v.flags) flags.push_back({{"code", f.code}, {"reason", f.reason}});
  auto unit = units.find(v.indicator_code);
  return {{"city_code", v.city_code},
          {"indicator_code", v.indicator_code},
          {"period", v.period},
          {"value", v.value},
          {"unit", unit == units.end() ? std::string() : unit->second},
          {"entered_value", v.entered_value},
          {"entered_unit", v.entered_unit},
          {"source_kind", SourceKindCode(v.source_kind)},
          {"source", v.source},
          {"note", v.note},
          {"status", ValueStatusCode(v.status)},
          {"doubtful", v.doubtful},
          {"flags", flags},
          {"updated_by", v.updated_by},
          {"updated_at", v.updated_at}};
}

json TargetJson(const Target& t) {
  json milestones = json::array();
  for (const TargetMilestone& m : t.milestones) {
    milestones.push_back({{"year", m.year}, {"value", m.value}});
  }
  return {{"id", t.id.value},
          {"city_code", t.city_code},
          {"indicator_code", t.indicator_code},
          {"baseline_year", t.baseline_year},
          {"baseline_value", t.baseline_value},
          {"target_year", t.target_year},
          {"target_value", t.target_value},
          {"kind", TargetKindCode(t.kind)},
          {"set_by", t.set_by},
          {"responsible_body", t.responsible_body},
          {"responsible_person", t.responsible_person},
          {"source", t.source},
          {"note", t.note},
          {"data_status", DataStatusCode(t.data_status)},
          {"milestones", milestones},
          {"updated_by", t.updated_by},
          {"updated_at", t.updated_at}};
}

json ProgressJson(const TargetProgress& p) {
  const ProgressAssessment& a = p.assessment;
  json milestones = json::array();
  for (const MilestoneCheck& m : a.milestones) {
    milestones.push_back({{"year", m.milestone.year},
                          {"value", m.milestone.value},
                          {"status", MilestoneStatusCode(m.status)},
                          {"observed", OrNull(m.observed)}});
  }
  json series = json::array();
  for (const YearValue& v : p.series) series.push_back({{"year", v.year}, {"value", v.value}});
  json j = TargetJson(p.target);
  j["unit"] = p.unit;
  j["direction"] = DirectionCode(p.direction);
  j["progress"] = {
      {"status", ProgressStatusCode(a.status)},
      {"reason", a.reason},
      {"evaluation_year", a.evaluation_year},
      {"observations", a.observations},
      {"latest_year", OrNull(a.latest_year)},
      {"latest_period", a.latest_year ? json(fmt::format("{:04d}", *a.latest_year)) : json()},
      {"latest_value", OrNull(a.latest_value)},
      {"expected_value", OrNull(a.expected_at_latest)},
      {"sen_slope_per_year", OrNull(a.sen_slope)},
      {"sen_slope_ci", {OrNull(a.sen_slope_lower), OrNull(a.sen_slope_upper)}},
      {"projected_at_target_year", OrNull(a.projected_at_target)},
      {"projected_attainment_year", OrNull(a.projected_attainment_year)},
      {"milestones", milestones}};
  j["series"] = series;
  j["unpublished_values"] = p.unpublished_values;
  return j;
}

double MaxScore(const Scheme& s) {
  double total = 0;
  for (const SchemeItem& item : s.items) total += item.points;
  return total;
}

json SchemeJson(const Scheme& s) {
  int unconfirmed = 0;
  for (const SchemeItem& item : s.items) unconfirmed += item.confirmed ? 0 : 1;
  return {{"id", s.id},
          {"version", s.version},
          {"name_en", s.name},
          {"name_zh", s.name_local},
          {"origin", s.origin},
          {"confirmed", s.confirmed},
          {"max_score", RoundTotal(MaxScore(s))},
          {"item_count", s.items.size()},
          {"unconfirmed_items", unconfirmed},
          {"designation_name", s.designation_name},
          {"source", s.source},
          {"note", s.note}};
}

json RuleJson(const ScoringRule& rule) {
  json j = {{"method", ScoringMethodCode(MethodOf(rule))}};
  if (const auto* linear = std::get_if<LinearRule>(&rule)) {
    j["zero_at"] = linear->zero_at;
    j["full_at"] = linear->full_at;
  } else if (const auto* banded = std::get_if<BandedRule>(&rule)) {
    json bands = json::array();
    for (const Band& b : banded->bands) {
      bands.push_back({{"op", ComparatorSymbol(b.op)},
                       {"bound", b.bound},
                       {"points", b.points},
                       {"label", b.label}});
    }
    j["bands"] = bands;
  } else if (const auto* pass = std::get_if<PassFailRule>(&rule)) {
    j["op"] = ComparatorSymbol(pass->op);
    j["threshold"] = pass->threshold;
  }
  return j;
}

json SchemeDetailJson(const Scheme& s) {
  json j = SchemeJson(s);
  json categories = json::array();
  for (const SchemeCategory& c : s.categories) {
    categories.push_back({{"id", c.id}, {"name_en", c.name}, {"name_zh", c.name_local}});
  }
  json items = json::array();
  for (const SchemeItem& item : s.items) {
    items.push_back({{"id", item.id},
                     {"category", item.category},
                     {"indicator", item.indicator},
                     {"name_en", item.name},
                     {"name_zh", item.name_local},
                     {"points", item.points},
                     {"measure", ItemMeasureCode(item.measure)},
                     {"change_years", item.change_years},
                     {"rule", RuleJson(item.rule)},
                     {"confirmed", item.confirmed},
                     {"source", item.source},
                     {"note", item.note}});
  }
  json rules = json::array();
  for (const DesignationRule& r : s.designation) {
    rules.push_back({{"id", r.id},
                     {"kind", DesignationKindCode(r.kind)},
                     {"items", r.items},
                     {"min_total", r.min_total},
                     {"description", r.description}});
  }
  j["categories"] = categories;
  j["items"] = items;
  j["designation_rules"] = rules;
  return j;
}

// One city's score: the detail of CityScoreJson (scheme_service.h) with the
// API's names (docs/api.md "SchemeScore").
json ScoreJson(const Scheme& scheme, const CityScore& score) {
  json j = json::parse(CityScoreJson(scheme, score));
  j["city_code"] = score.city;
  j["score"] = RoundTotal(score.total);
  j["max_score"] = RoundTotal(score.max_total);
  json failed = json::array();
  for (const DesignationOutcome& o : score.designation) {
    if (!o.met) {
      failed.push_back(
          {{"rule", o.rule}, {"failed_items", o.failed_items}, {"explanation", o.explanation}});
    }
  }
  j["designation_rules"] = j.value("designation", json::array());
  j["designation"] = score.designated ? json(*score.designated ? "met" : "not met") : json();
  j["designated"] = OrNull(score.designated);
  j["failed_criteria"] = failed;
  return j;
}

json StationJson(const Station& s) {
  return {{"code", s.code},
          {"city_code", s.city_code},
          {"name_en", s.name_en},
          {"name_local", s.name_local},
          {"type", StationTypeCode(s.type)},
          {"lat", OrNull(s.lat)},
          {"lon", OrNull(s.lon)},
          {"active_from", s.active_from ? json(FormatDate(*s.active_from)) : json()},
          {"active_to", s.active_to ? json(FormatDate(*s.active_to)) : json()},
          {"source", s.source},
          {"data_status", DataStatusCode(s.data_status)}};
}

// ---- query parameters ------------------------------------------------------

Result<std::optional<std::string>> PeriodQuery(const Call& call, std::string_view name) {
  std::optional<std::string> text = call.Query(name);
  if (!text) return std::optional<std::string>();
  Result<std::string> period = ParseValuePeriod(*text);
  if (!period.ok()) {
    return InvalidArgument(fmt::format("{} must be a period YYYY or YYYY-MM", name),
                           std::string(name));
  }
  return std::optional<std::string>(*period);
}

Result<IndicatorValueQuery> ValueQueryOf(const Call& call) {
  IndicatorValueQuery q;
  q.city_code = call.Query("city");
  q.indicator_code = call.Query("indicator");
  KINET_ASSIGN_OR_RETURN(q.from, PeriodQuery(call, "from"));
  KINET_ASSIGN_OR_RETURN(q.to, PeriodQuery(call, "to"));
  if (std::optional<std::string> status = call.Query("status")) {
    q.status = ParseValueStatus(*status);
    if (!q.status) {
      return InvalidArgument("status must be draft, submitted, endorsed or published", "status");
    }
  }
  if (std::optional<std::string> kind = call.Query("source_kind")) {
    q.source_kind = ParseSourceKind(*kind);
    if (!q.source_kind)
      return InvalidArgument("source_kind must be reported or computed", "source_kind");
  }
  return q;
}

Result<int> RequiredYearQuery(const Call& call, std::string_view name) {
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> year, call.QueryInt(name, 1900, 2200));
  if (!year) return InvalidArgument(fmt::format("{} is missing", name), std::string(name));
  return static_cast<int>(*year);
}

// ---- indicators ------------------------------------------------------------

Status GetIndicators(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  std::optional<Theme> theme;
  if (std::optional<std::string> text = call.Query("theme")) {
    theme = ParseTheme(*text);
    if (!theme) {
      return InvalidArgument(
          "theme must be air, water, noise, waste, green-space, energy or management", "theme");
    }
  }
  KINET_ASSIGN_OR_RETURN(std::vector<Indicator> all, call.api.indicators.ListIndicators(theme));
  call.Json(Paginate(all, page, IndicatorJson));
  return OkStatus();
}

Status PostIndicator(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(Indicator ind, IndicatorFromJson(body));
  KINET_ASSIGN_OR_RETURN(Indicator created,
                         call.api.indicators.CreateIndicator(call.principal, std::move(ind)));
  call.Json(IndicatorJson(created), 201);
  return OkStatus();
}

Status GetIndicator(Call& call) {
  KINET_ASSIGN_OR_RETURN(Indicator ind, call.api.indicators.FindIndicator(call.Path("code")));
  call.Json(IndicatorJson(ind));
  return OkStatus();
}

Status PutIndicator(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(Indicator ind, IndicatorFromJson(body));
  KINET_ASSIGN_OR_RETURN(Indicator updated, call.api.indicators.UpdateIndicator(
                                                call.principal, call.Path("code"), std::move(ind)));
  call.Json(IndicatorJson(updated));
  return OkStatus();
}

// ---- values ----------------------------------------------------------------

Status GetValues(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  KINET_ASSIGN_OR_RETURN(IndicatorValueQuery query, ValueQueryOf(call));
  KINET_ASSIGN_OR_RETURN(
      IndicatorValuePage values,
      call.api.indicators.ListValuesPage(call.principal, query, page.offset(), page.per_page));
  KINET_ASSIGN_OR_RETURN(Units units, LoadUnits(call.api.indicators));
  nlohmann::json items = nlohmann::json::array();
  for (const IndicatorValue& v : values.values) items.push_back(ValueJson(v, units));
  call.Json(PageJson(std::move(items), page, values.total));
  return OkStatus();
}

Status PostValue(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(ValueInput input, ValueInputFromJson(body));
  KINET_ASSIGN_OR_RETURN(IndicatorValue stored,
                         call.api.indicators.RecordValue(call.principal, std::move(input)));
  KINET_ASSIGN_OR_RETURN(Units units, LoadUnits(call.api.indicators));
  call.Json(ValueJson(stored, units), 201);
  return OkStatus();
}

Status PostValueStatus(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  ValueStatusChange change;
  KINET_ASSIGN_OR_RETURN(std::string to, RequiredString(body, "status"));
  std::optional<ValueStatus> status = ParseValueStatus(to);
  if (!status) {
    return InvalidArgument("status must be draft, submitted, endorsed or published", "status");
  }
  change.to = *status;
  KINET_ASSIGN_OR_RETURN(change.city, OptionalString(body, "city"));
  KINET_ASSIGN_OR_RETURN(change.indicator, OptionalString(body, "indicator"));
  KINET_ASSIGN_OR_RETURN(change.period, OptionalString(body, "period"));
  KINET_ASSIGN_OR_RETURN(change.from, OptionalString(body, "from"));
  KINET_ASSIGN_OR_RETURN(change.to_period, OptionalString(body, "to"));
  for (std::optional<std::string>* p : {&change.from, &change.to_period}) {
    if (!*p) continue;
    Result<std::string> period = ParseValuePeriod(**p);
    if (!period.ok()) {
      return InvalidArgument("from and to must be periods YYYY or YYYY-MM",
                             p == &change.from ? "from" : "to");
    }
    *p = *period;
  }
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> kind, OptionalString(body, "source_kind"));
  if (kind) {
    change.source_kind = ParseSourceKind(*kind);
    if (!change.source_kind) {
      return InvalidArgument("source_kind must be reported or computed", "source_kind");
    }
  }
  KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> moved,
                         call.api.indicators.ChangeStatus(call.principal, change));
  KINET_ASSIGN_OR_RETURN(Units units, LoadUnits(call.api.indicators));
  json items = json::array();
  for (const IndicatorValue& v : moved) items.push_back(ValueJson(v, units));
  call.Json({{"items", items}});
  return OkStatus();
}

json ImportReportJson(const ImportReport& r) {
  json flagged = json::array();
  for (const ImportFlaggedRow& f : r.flagged) {
    json flags = json::array();
    for (const ValueFlag& flag : f.flags) {
      flags.push_back({{"code", flag.code}, {"reason", flag.reason}});
    }
    flagged.push_back({{"location", f.location}, {"key", f.key}, {"flags", flags}});
  }
  return {{"ok", true},           {"file", r.file},
          {"rows", r.rows},       {"inserted", r.inserted},
          {"updated", r.updated}, {"unchanged", r.unchanged},
          {"flagged", flagged}};
}

json RefusedImportJson(const ImportReport& r) {
  json errors = json::array();
  for (const ImportRowError& e : r.errors) {
    errors.push_back({{"row", e.line},
                      {"line", e.line},
                      {"file", e.file},
                      {"field", e.column.empty() ? json() : json(e.column)},
                      {"message", e.reason},
                      {"location", e.location}});
  }
  const ImportRowError& first = r.errors.front();
  return {{"error",
           {{"code", "invalid_argument"},
            {"message", fmt::format("{} of {} rows refused; nothing was stored (first: {})",
                                    r.errors.size(), r.rows, first.ToString())},
            {"field", "file"}}},
          {"ok", false},
          {"file", r.file},
          {"rows", r.rows},
          {"errors", errors}};
}

Status PostValuesImport(Call& call) {
  if (!call.req.has_file("file")) {
    return InvalidArgument("the upload has no part named 'file'", "file");
  }
  httplib::MultipartFormData file = call.req.get_file_value("file");
  ImportOptions options;
  options.principal = call.principal;
  if (call.req.has_file("status")) {
    const std::string text = call.req.get_file_value("status").content;
    std::optional<ValueStatus> status = ParseValueStatus(text);
    if (!status || (*status != ValueStatus::kDraft && *status != ValueStatus::kSubmitted)) {
      return InvalidArgument("status must be draft or submitted", "status");
    }
    options.status = *status;
  }
  const std::string name = file.filename.empty() ? "upload.csv" : file.filename;
  KINET_ASSIGN_OR_RETURN(ImportReport report,
                         call.api.indicators.Import(file.content, name, options));
  if (!report.committed()) {
    call.Json(RefusedImportJson(report), 422);
    return OkStatus();
  }
  call.Json(ImportReportJson(report));
  return OkStatus();
}

Status GetValuesCsv(Call& call) {
  KINET_ASSIGN_OR_RETURN(IndicatorValueQuery query, ValueQueryOf(call));
  KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> values,
                         call.api.indicators.ListValues(call.principal, query));
  KINET_ASSIGN_OR_RETURN(Units units, LoadUnits(call.api.indicators));
  auto rows = std::make_shared<const std::vector<IndicatorValue>>(std::move(values));
  auto unit_of = std::make_shared<const Units>(std::move(units));
  auto next = std::make_shared<std::size_t>(0);
  auto header_sent = std::make_shared<bool>(false);
  call.res.set_header("Content-Disposition", "attachment; filename=\"values.csv\"");
  call.res.set_chunked_content_provider(
      "text/csv; charset=utf-8",
      [rows, unit_of, next, header_sent](std::size_t, httplib::DataSink& sink) {
        std::string chunk;
        if (!*header_sent) {
          chunk = ValueCsvHeaderLine();
          *header_sent = true;
        }
        for (std::size_t n = 0; n < kCsvChunkRows && *next < rows->size(); ++n, ++*next) {
          const IndicatorValue& v = (*rows)[*next];
          auto unit = unit_of->find(v.indicator_code);
          chunk += ValueCsvLine(v, unit == unit_of->end() ? std::string() : unit->second);
        }
        if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
        if (*next >= rows->size()) sink.done();
        return true;
      });
  return OkStatus();
}

Status GetValuesCompare(Call& call) {
  std::optional<std::string> city = call.Query("city");
  if (!city) return InvalidArgument("city is missing", "city");
  std::optional<std::string> indicator = call.Query("indicator");
  if (!indicator) return InvalidArgument("indicator is missing", "indicator");
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> period, PeriodQuery(call, "period"));
  KINET_ASSIGN_OR_RETURN(std::vector<ValueComparison> rows,
                         call.api.indicators.Compare(call.principal, *city, *indicator, period));
  KINET_ASSIGN_OR_RETURN(Units units, LoadUnits(call.api.indicators));
  json items = json::array();
  for (const ValueComparison& c : rows) {
    items.push_back({{"period", c.period},
                     {"reported", c.reported ? ValueJson(*c.reported, units) : json()},
                     {"computed", c.computed ? ValueJson(*c.computed, units) : json()},
                     {"difference", OrNull(c.difference)},
                     {"relative_difference_percent", OrNull(c.relative_difference_percent)}});
  }
  call.Json({{"city_code", *city}, {"indicator_code", *indicator}, {"items", items}});
  return OkStatus();
}

// ---- targets ---------------------------------------------------------------

Status GetCityTargets(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  ProgressQuery query;
  query.city_code = call.Path("code");
  query.indicator_code = call.Query("indicator");
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> year, call.QueryInt("year", 1900, 2200));
  if (year) query.evaluation_year = static_cast<int>(*year);
  KINET_ASSIGN_OR_RETURN(std::vector<TargetProgress> progress,
                         call.api.targets.Progress(call.principal, query));
  call.Json(Paginate(progress, page, ProgressJson));
  return OkStatus();
}

// Stores `target` and answers with it and its progress; `created_status`
// is the HTTP status of a new target.
Status WriteTarget(Call& call, const Target& target, int created_status) {
  KINET_ASSIGN_OR_RETURN(TargetUpsertResult stored, call.api.targets.Set(call.principal, target));
  ProgressQuery query;
  query.city_code = stored.target.city_code;
  query.indicator_code = stored.target.indicator_code;
  KINET_ASSIGN_OR_RETURN(std::vector<TargetProgress> progress,
                         call.api.targets.Progress(call.principal, query));
  json body = TargetJson(stored.target);
  for (const TargetProgress& p : progress) {
    if (p.target.target_year == stored.target.target_year) body = ProgressJson(p);
  }
  call.Json(body, stored.action == TargetWrite::kInserted ? created_status : 200);
  return OkStatus();
}

Status PostCityTarget(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(Target target,
                         TargetFromJson(body, call.Path("code"), std::nullopt, std::nullopt));
  return WriteTarget(call, target, 201);
}

Status PutCityTarget(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  const std::string& year_text = call.Path("target_year");
  int year = 0;
  auto [end, ec] = std::from_chars(year_text.data(), year_text.data() + year_text.size(), year);
  if (ec != std::errc() || end != year_text.data() + year_text.size() || year < 1900 ||
      year > 2200) {
    return InvalidArgument("the target year in the path must be a year", "target_year");
  }
  KINET_ASSIGN_OR_RETURN(Target target,
                         TargetFromJson(body, call.Path("code"), call.Path("indicator"), year));
  return WriteTarget(call, target, 201);
}

// ---- schemes ---------------------------------------------------------------

Status GetSchemes(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  KINET_ASSIGN_OR_RETURN(std::vector<Scheme> all, call.api.schemes.List());
  call.Json(Paginate(all, page, SchemeJson));
  return OkStatus();
}

Result<Scheme> FindScheme(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::vector<Scheme> all, call.api.schemes.List());
  for (Scheme& s : all) {
    if (s.id == call.Path("id")) return std::move(s);
  }
  return NotFound(fmt::format("no scheme '{}' (GET /api/v1/schemes lists them)", call.Path("id")));
}

Status GetScheme(Call& call) {
  KINET_ASSIGN_OR_RETURN(Scheme scheme, FindScheme(call));
  call.Json(SchemeDetailJson(scheme));
  return OkStatus();
}

Status GetSchemeScores(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  KINET_ASSIGN_OR_RETURN(int year, RequiredYearQuery(call, "year"));
  KINET_RETURN_IF_ERROR(FindScheme(call).status());
  KINET_ASSIGN_OR_RETURN(SchemeYearScores scores,
                         call.api.schemes.Score(call.principal, call.Path("id"), year));
  if (std::optional<std::string> city = call.Query("city")) {
    std::erase_if(scores.scores, [&](const CityScore& s) { return s.city != *city; });
  }
  call.Json(Paginate(scores.scores, page,
                     [&](const CityScore& s) { return ScoreJson(scores.scheme, s); }));
  return OkStatus();
}

Status GetSchemeCompare(Call& call) {
  std::optional<std::string> city = call.Query("city");
  if (!city) return InvalidArgument("city is missing", "city");
  KINET_ASSIGN_OR_RETURN(int from, RequiredYearQuery(call, "from"));
  KINET_ASSIGN_OR_RETURN(int to, RequiredYearQuery(call, "to"));
  KINET_RETURN_IF_ERROR(FindScheme(call).status());
  KINET_ASSIGN_OR_RETURN(ScoreComparison c, call.api.schemes.Compare(
                                                call.principal, call.Path("id"), *city, from, to));
  json items = json::array();
  for (const ItemChange& i : c.items) {
    items.push_back({{"item", i.item},
                     {"value_from", OrNull(i.value_from)},
                     {"value_to", OrNull(i.value_to)},
                     {"points_from", RoundTotal(i.points_from)},
                     {"points_to", RoundTotal(i.points_to)},
                     {"reason", ChangeReasonCode(i.reason)},
                     {"explanation", i.explanation}});
  }
  call.Json({{"scheme", call.Path("id")},
             {"city_code", c.city},
             {"from",
              {{"year", c.year_from},
               {"total", RoundTotal(c.total_from)},
               {"rank", OrNull(c.rank_from)},
               {"designated", OrNull(c.designated_from)}}},
             {"to",
              {{"year", c.year_to},
               {"total", RoundTotal(c.total_to)},
               {"rank", OrNull(c.rank_to)},
               {"designated", OrNull(c.designated_to)}}},
             {"items", items}});
  return OkStatus();
}

// ---- stations --------------------------------------------------------------

Status GetCityStations(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  KINET_ASSIGN_OR_RETURN(std::vector<Station> stations,
                         call.api.monitoring.ListStations(call.Path("code")));
  call.Json(Paginate(stations, page, StationJson));
  return OkStatus();
}

Status GetCityStation(Call& call) {
  KINET_ASSIGN_OR_RETURN(Station station,
                         call.api.monitoring.FindStation(call.Path("code"), call.Path("station")));
  call.Json(StationJson(station));
  return OkStatus();
}

// ---- the table -------------------------------------------------------------

constexpr Route kRoutes[] = {
    {"GET", "/api/v1/indicators", BodyKind::kNone, GetIndicators},
    {"POST", "/api/v1/indicators", BodyKind::kJson, PostIndicator},
    {"GET", "/api/v1/indicators/{code}", BodyKind::kNone, GetIndicator},
    {"PUT", "/api/v1/indicators/{code}", BodyKind::kJson, PutIndicator},

    {"GET", "/api/v1/values", BodyKind::kNone, GetValues},
    {"POST", "/api/v1/values", BodyKind::kJson, PostValue},
    {"POST", "/api/v1/values/status", BodyKind::kJson, PostValueStatus},
    {"POST", "/api/v1/values/import", BodyKind::kUpload, PostValuesImport},
    {"GET", "/api/v1/values.csv", BodyKind::kNone, GetValuesCsv},
    {"GET", "/api/v1/values/compare", BodyKind::kNone, GetValuesCompare},

    {"GET", "/api/v1/cities/{code}/targets", BodyKind::kNone, GetCityTargets},
    {"POST", "/api/v1/cities/{code}/targets", BodyKind::kJson, PostCityTarget},
    {"PUT", "/api/v1/cities/{code}/targets/{indicator}/{target_year}", BodyKind::kJson,
     PutCityTarget},

    {"GET", "/api/v1/schemes", BodyKind::kNone, GetSchemes},
    {"GET", "/api/v1/schemes/{id}", BodyKind::kNone, GetScheme},
    {"GET", "/api/v1/schemes/{id}/scores", BodyKind::kNone, GetSchemeScores},
    {"GET", "/api/v1/schemes/{id}/compare", BodyKind::kNone, GetSchemeCompare},

    {"GET", "/api/v1/cities/{code}/stations", BodyKind::kNone, GetCityStations},
    {"GET", "/api/v1/cities/{code}/stations/{station}", BodyKind::kNone, GetCityStation},
};

}  // namespace

std::span<const Route> IndicatorRoutes() { return kRoutes; }

}  // namespace kinet
