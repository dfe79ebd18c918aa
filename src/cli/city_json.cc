#include "cli/city_json.h"

#include <fmt/format.h>

namespace kinet {
namespace {

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

std::vector<std::string> ModalityCodes(const Member& m) {
  std::vector<std::string> out;
  for (Modality mod : m.modalities) out.emplace_back(ModalityCode(mod));
  return out;
}

std::string Thousands(std::int64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count && count % 3 == 0) out.insert(out.begin(), ',');
    out.insert(out.begin(), *it);
    ++count;
  }
  return out;
}

}  // namespace

std::string SizeClassText(const CityProfile& p) {
  if (p.size_class) return fmt::format("{} ({})", p.size_class->name_en, p.size_class->name_zh);
  if (!p.city.population) return "unknown (no population recorded)";
  if (p.country.size_scheme == "cn-2014" && p.city.population->kind != "urban-resident") {
    return "unknown (China's 2014 classes need the urban-area resident population; the recorded "
           "figure is " +
           p.city.population->kind + ")";
  }
  return "unknown";
}

nlohmann::json CityProfileJson(const CityProfile& p) {
  const City& c = p.city;
  nlohmann::json j = {
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
      {"lat", c.lat ? nlohmann::json(*c.lat) : nlohmann::json()},
      {"lon", c.lon ? nlohmann::json(*c.lon) : nlohmann::json()},
      {"time_zone", c.time_zone},
      {"area_km2", c.area_km2 ? nlohmann::json(*c.area_km2) : nlohmann::json()},
      {"area_source", c.area_source},
      {"data_status", std::string(DataStatusCode(c.data_status))},
      {"note", c.note},
  };
  if (c.population) {
    j["population"] = {{"persons", c.population->persons},
                       {"year", c.population->year},
                       {"kind", c.population->kind},
                       {"source", c.population->source}};
  } else {
    j["population"] = nullptr;
  }
  if (p.size_class) {
    j["size_class"] = {{"code", std::string(p.size_class->code)},
                       {"scheme", p.country.size_scheme},
                       {"name_en", std::string(p.size_class->name_en)},
                       {"name_zh", std::string(p.size_class->name_zh)}};
  } else {
    j["size_class"] = nullptr;
  }
  if (p.membership) {
    const Member& m = *p.membership;
    j["membership"] = {{"joined", FormatDate(m.joined)},
                       {"status", std::string(MemberStatusCode(m.status))},
                       {"modalities", ModalityCodes(m)},
                       {"benefits_accepted", m.benefits_accepted},
                       {"obligations_accepted", m.obligations_accepted},
                       {"note", m.note},
                       {"data_status", std::string(DataStatusCode(m.data_status))}};
  } else {
    j["membership"] = nullptr;
  }
  return j;
}

std::string CityProfileText(const CityProfile& p) {
  const City& c = p.city;
  std::string out;
  auto line = [&](std::string_view key, const std::string& value) {
    if (!value.empty()) out += fmt::format("{:<14} {}\n", std::string(key) + ":", value);
  };
  line("city", fmt::format("{} ({})  [{}]", c.name_en, c.name_local, c.code));
  line("country", fmt::format("{} ({}), {}", p.country.name_en, p.country.code, p.country.region));
  if (!c.province_en.empty()) {
    line("province", c.province_local.empty()
                         ? c.province_en
                         : fmt::format("{} ({})", c.province_en, c.province_local));
  }
  if (c.lat && c.lon) line("location", fmt::format("{:.4f}, {:.4f}", *c.lat, *c.lon));
  line("time zone", c.time_zone);
  if (c.population) {
    line("population", fmt::format("{} ({}, {}; {})", Thousands(c.population->persons),
                                   c.population->year, c.population->kind, c.population->source));
  }
  line("size class", SizeClassText(p));
  if (c.area_km2) {
    line("area", fmt::format("{:.2f} km² ({})", *c.area_km2,
                             c.area_source.empty() ? "source not recorded" : c.area_source));
  }
  line("data", std::string(DataStatusCode(c.data_status)));
  if (p.membership) {
    const Member& m = *p.membership;
    line("member", fmt::format("{} since {}", MemberStatusCode(m.status), FormatDate(m.joined)));
    line("modalities", Join(ModalityCodes(m), ", "));
    line("benefits", Join(m.benefits_accepted, ", "));
    line("obligations", Join(m.obligations_accepted, ", "));
    line("membership", std::string(DataStatusCode(m.data_status)));
  } else {
    line("member", "no");
  }
  line("note", c.note);
  return out;
}

}  // namespace kinet
