#include "http/json_codec.h"

#include <fmt/format.h>

#include "core/period.h"
#include "core/pollutant.h"
#include "core/units.h"

namespace kinet {
namespace {

using nlohmann::json;

json OrNullJson(const std::optional<double>& v) { return v ? json(*v) : json(); }
json OrNullJson(const std::optional<int>& v) { return v ? json(*v) : json(); }
json OrNullJson(const std::optional<std::string>& v) { return v ? json(*v) : json(); }

json Strings(const std::vector<std::string>& v) { return json(v); }

json MemberJson(const Member& m) {
  json modalities = json::array();
  for (Modality mod : m.modalities) modalities.push_back(std::string(ModalityCode(mod)));
  return {{"joined", FormatDate(m.joined)},
          {"status", std::string(MemberStatusCode(m.status))},
          {"modalities", modalities},
          {"benefits_accepted", Strings(m.benefits_accepted)},
          {"obligations_accepted", Strings(m.obligations_accepted)},
          {"note", m.note},
          {"data_status", std::string(DataStatusCode(m.data_status))}};
}

Result<std::optional<double>> OptionalNumber(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<double>();
  if (!it->is_number()) return InvalidArgument(fmt::format("'{}' must be a number", key), key);
  return std::optional<double>(it->get<double>());
}

}  // namespace

Result<std::optional<std::string>> OptionalString(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return InvalidArgument(fmt::format("'{}' must be a string", key), key);
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::string> RequiredString(const json& body, const char* key) {
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> v, OptionalString(body, key));
  if (!v) return InvalidArgument(fmt::format("'{}' is missing", key), key);
  return *v;
}

json ToJson(const User& u) {
  return {{"email", u.email},
          {"name", u.name},
          {"role", std::string(RoleCode(u.role))},
          {"scope", u.scope},
          {"organisation_code", u.organisation_code},
          {"can_sign_in", !u.password_hash.empty()},
          {"data_status", std::string(DataStatusCode(u.data_status))}};
}

json ToJson(const Country& c) {
  return {{"code", c.code},
          {"name_en", c.name_en},
          {"name_local", c.name_local},
          {"region", c.region},
          {"size_scheme", c.size_scheme}};
}

json ToJson(const CityProfile& p) {
  const City& c = p.city;
  json j = {
      {"code", c.code},
      {"country",
       {{"code", p.country.code},
        {"name_en", p.country.name_en},
        {"name_local", p.country.name_local},
        {"region", p.country.region}}},
      {"name_en", c.name_en},
      {"name_local", c.name_local},
      {"province_en", c.province_en},
      {"province_local", c.province_local},
      {"lat", OrNullJson(c.lat)},
      {"lon", OrNullJson(c.lon)},
      {"time_zone", c.time_zone},
      {"area_km2", OrNullJson(c.area_km2)},
      {"area_source", c.area_source},
      {"data_status", std::string(DataStatusCode(c.data_status))},
      {"note", c.note},
  };
  j["population"] = c.population ? json{{"persons", c.population->persons},
                                        {"year", c.population->year},
                                        {"kind", c.population->kind},
                                        {"source", c.population->source}}
                                 : json();
  j["size_class"] = p.size_class ? json{{"code", std::string(p.size_class->code)},
                                        {"scheme", p.country.size_scheme},
                                        {"name_en", std::string(p.size_class->name_en)},
                                        {"name_zh", std::string(p.size_class->name_zh)}}
                                 : json();
  j["membership"] = p.membership ? MemberJson(*p.membership) : json();
  return j;
}

json ToJson(const Organisation& o) {
  return {{"code", o.code},
          {"acronym", o.acronym},
          {"name_en", o.name_en},
          {"name_local", o.name_local},
          {"type", std::string(OrganisationTypeCode(o.type))},
          {"country_code", o.country_code},
          {"note", o.note},
          {"data_status", std::string(DataStatusCode(o.data_status))}};
}

json ToJson(const AuditEntry& e) {
  return {{"id", e.id},
          {"at", e.at},
          {"actor", e.actor},
          {"action", e.action},
          {"entity", e.entity},
          {"entity_id", e.entity_id},
          {"field", OrNullJson(e.field)},
          {"old_value", OrNullJson(e.old_value)},
          {"new_value", OrNullJson(e.new_value)}};
}

json ToJson(const DailyAqiRow& r) {
  json primary = json::array();
  for (Pollutant p : r.primary) primary.push_back(std::string(PollutantCode(p)));
  return {{"date", FormatDate(r.date)},   {"aqi", OrNullJson(r.aqi)},
          {"primary", primary},           {"category_level", r.category_level},
          {"category_en", r.category_en}, {"category_zh", r.category_zh},
          {"rule_set", r.rule_set}};
}

json ToJson(const CityAirAssessment& a) {
  json annual = json::array();
  for (const AnnualAssessmentRow& r : a.assessment.annual) {
    annual.push_back({{"level", std::string(SeriesLevelName(r.level))},
                      {"id", r.id},
                      {"year", r.year},
                      {"pollutant", std::string(PollutantCode(r.pollutant))},
                      {"mean", OrNullJson(r.stats.mean)},
                      {"valid_days", r.stats.valid_days},
                      {"valid", r.stats.valid},
                      {"percentile", OrNullJson(r.stats.percentile)},
                      {"exceed_days", r.stats.exceed_days},
                      {"data_capture_percent", r.stats.data_capture_percent}});
  }
  json aqi = json::array();
  for (const AqiYearRow& r : a.assessment.aqi) {
    aqi.push_back({{"level", std::string(SeriesLevelName(r.level))},
                   {"id", r.id},
                   {"year", r.year},
                   {"aqi_days", r.aqi_days},
                   {"good_days", r.good_days},
                   {"good_ratio", OrNullJson(r.good_ratio)},
                   {"max_aqi", OrNullJson(r.max_aqi)}});
  }
  json categories = json::array();
  for (const AqiCategoryDays& c : a.aqi_categories) {
    categories.push_back(
        {{"level", c.level}, {"name_en", c.name_en}, {"name_zh", c.name_zh}, {"days", c.days}});
  }
  json compliance = json::array();
  for (const LimitSetCompliance& set : a.compliance) {
    json rows = json::array();
    for (const LimitEvaluation& e : set.rows) {
      rows.push_back({{"pollutant", std::string(PollutantCode(e.limit.pollutant))},
                      {"averaging", std::string(AveragingCode(e.limit.averaging))},
                      {"statistic", std::string(LimitStatisticCode(e.limit.statistic))},
                      {"limit", e.limit.value},
                      {"unit", std::string(UnitCode(e.limit.unit))},
                      {"value", OrNullJson(e.value)},
                      {"verdict", std::string(ComplianceVerdictCode(e.verdict))},
                      {"data_valid", e.data_valid},
                      {"exceedance_days", OrNullJson(e.exceedance_days)},
                      {"source", e.limit.source}});
    }
    compliance.push_back({{"set_id", set.set_id},
                          {"set_version", set.set_version},
                          {"level", set.level},
                          {"rows", rows}});
  }
  return {{"city", a.city.code},
          {"year", a.year},
          {"aqi_rule_set", a.aqi_rule_set},
          {"aqi_rule_set_version", a.aqi_rule_set_version},
          {"city_stations", Strings(a.city_stations)},
          {"other_stations", Strings(a.other_stations)},
          {"annual", annual},
          {"aqi", aqi},
          {"aqi_categories", categories},
          {"compliance", compliance},
          {"time_from", a.time_from},
          {"time_to", a.time_to},
          {"input_checksum", a.input_checksum},
          {"computed_at", a.computed_at}};
}

json ToJson(const MonitoringImportSummary& s) {
  json files = json::array();
  for (const MonitoringFileSummary& f : s.files) {
    files.push_back({{"file", f.file},
                     {"checksum", f.checksum},
                     {"format", std::string(MonitoringFormatCode(f.format))},
                     {"rows", f.rows},
                     {"values", f.values()},
                     {"missing", f.missing()},
                     {"flagged", f.flagged()},
                     {"first_hour", f.first_hour},
                     {"last_hour", f.last_hour}});
  }
  json issues = json::array();
  for (const MonitoringIssue& i : s.issues) {
    issues.push_back({{"row", i.line},
                      {"field", i.column},
                      {"station", i.station},
                      {"time", i.time},
                      {"value", i.value},
                      {"flag", std::string(QualityFlagCode(i.flag))},
                      {"message", i.note}});
  }
  return {{"ok", true},
          {"files", files},
          {"issues", issues},
          {"new_stations", Strings(s.new_stations)},
          {"blocks_created", s.blocks_created},
          {"blocks_updated", s.blocks_updated},
          {"blocks_unchanged", s.blocks_unchanged},
          {"changed_values", s.changed_values},
          {"air_values",
           {{"changed", s.air_values_changed},
            {"unchanged", s.air_values_unchanged},
            {"not_valid", s.air_values_not_valid},
            {"error", s.air_values_error}}}};
}

Result<City> CityFromJson(const json& body) {
  City c;
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> code, OptionalString(body, "code"));
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> country, OptionalString(body, "country_code"));
  c.code = code.value_or("");
  c.country_code = country.value_or("");
  struct TextField {
    const char* key;
    std::string* out;
  };
  for (const TextField& f :
       {TextField{"name_en", &c.name_en}, TextField{"name_local", &c.name_local},
        TextField{"province_en", &c.province_en}, TextField{"province_local", &c.province_local},
        TextField{"time_zone", &c.time_zone}, TextField{"area_source", &c.area_source},
        TextField{"note", &c.note}}) {
    KINET_ASSIGN_OR_RETURN(std::optional<std::string> v, OptionalString(body, f.key));
    *f.out = v.value_or("");
  }
  KINET_ASSIGN_OR_RETURN(c.lat, OptionalNumber(body, "lat"));
  KINET_ASSIGN_OR_RETURN(c.lon, OptionalNumber(body, "lon"));
  KINET_ASSIGN_OR_RETURN(c.area_km2, OptionalNumber(body, "area_km2"));
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> ds, OptionalString(body, "data_status"));
  if (ds) {
    std::optional<DataStatus> parsed = ParseDataStatus(*ds);
    if (!parsed) return InvalidArgument("data_status must be real or illustrative", "data_status");
    c.data_status = *parsed;
  } else {
    c.data_status = DataStatus::kReal;
  }
  auto pop = body.find("population");
  if (pop != body.end() && !pop->is_null()) {
    if (!pop->is_object()) return InvalidArgument("population must be an object", "population");
    auto persons = pop->find("persons");
    auto year = pop->find("year");
    if (persons == pop->end() || !persons->is_number_integer()) {
      return InvalidArgument("population.persons must be an integer", "population");
    }
    if (year == pop->end() || !year->is_number_integer()) {
      return InvalidArgument("population.year must be an integer", "population_year");
    }
    Population p;
    p.persons = persons->get<std::int64_t>();
    p.year = year->get<int>();
    KINET_ASSIGN_OR_RETURN(std::optional<std::string> kind, OptionalString(*pop, "kind"));
    KINET_ASSIGN_OR_RETURN(std::optional<std::string> source, OptionalString(*pop, "source"));
    p.kind = kind.value_or("city-proper");
    p.source = source.value_or("");
    c.population = std::move(p);
  }
  return c;
}

Result<NewUser> NewUserFromJson(const json& body) {
  NewUser u;
  KINET_ASSIGN_OR_RETURN(u.email, RequiredString(body, "email"));
  KINET_ASSIGN_OR_RETURN(u.name, RequiredString(body, "name"));
  KINET_ASSIGN_OR_RETURN(u.role, RequiredString(body, "role"));
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> scope, OptionalString(body, "scope"));
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> org, OptionalString(body, "organisation_code"));
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> password, OptionalString(body, "password"));
  u.scope = scope.value_or("");
  u.organisation_code = org.value_or("");
  u.password = password.value_or("");
  return u;
}

}  // namespace kinet
