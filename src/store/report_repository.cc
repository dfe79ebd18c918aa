#include "store/report_repository.h"

#include <array>
#include <utility>

#include <fmt/format.h>

#include "store/migrations.h"

namespace kinet {
namespace {

constexpr std::string_view kSelect =
    "SELECT c.code, r.year, r.lang, r.summary, r.achievements, r.challenges, r.needs, r.status,"
    " r.updated_by, r.updated_at FROM city_reports r JOIN cities c ON c.id = r.city_id"
    " WHERE c.code = ? AND r.year = ? AND r.lang = ?";

CityNarrative FromRow(const Row& row) {
  CityNarrative n;
  n.city_code = row.TextOr(0);
  n.year = static_cast<int>(row.Int(1).value_or(0));
  n.lang = row.TextOr(2);
  n.summary = row.TextOr(3);
  n.achievements = row.TextOr(4);
  n.challenges = row.TextOr(5);
  n.needs = row.TextOr(6);
  n.status = row.TextOr(7);
  n.updated_by = row.TextOr(8);
  n.updated_at = row.TextOr(9);
  return n;
}

}  // namespace

Result<std::optional<CityNarrative>> ReportRepository::FindNarrative(std::string_view city_code,
                                                                     int year,
                                                                     std::string_view lang) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(kSelect, {TextValue(city_code), Value(std::int64_t{year}), TextValue(lang)}));
  if (!row) return std::optional<CityNarrative>();
  return std::optional<CityNarrative>(FromRow(*row));
}

Result<CityNarrative> ReportRepository::UpsertNarrative(const CityNarrative& n,
                                                        std::string_view actor) {
  if (n.lang != "en" && n.lang != "zh") return InvalidArgument("lang must be en or zh", "lang");
  if (n.status != "draft" && n.status != "published") {
    return InvalidArgument("status must be draft or published", "status");
  }
  if (n.year < 1900 || n.year > 2200) {
    return InvalidArgument("year must be from 1900 to 2200", "year");
  }
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> city,
      db_.QueryOne("SELECT id FROM cities WHERE code = ?", {TextValue(n.city_code)}));
  if (!city) return InvalidArgument("unknown city '" + n.city_code + "'", "city");
  const std::int64_t city_id = city->Int(0).value_or(0);
  KINET_ASSIGN_OR_RETURN(std::optional<CityNarrative> old,
                         FindNarrative(n.city_code, n.year, n.lang));
  const std::string now = UtcNowText();
  KINET_RETURN_IF_ERROR(
      db_.Execute(
             "INSERT INTO city_reports (city_id, year, lang, summary, achievements, challenges,"
             " needs, status, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
             " ON CONFLICT (city_id, year, lang) DO UPDATE SET summary = excluded.summary,"
             " achievements = excluded.achievements, challenges = excluded.challenges,"
             " needs = excluded.needs, status = excluded.status,"
             " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
             {Value(city_id), Value(std::int64_t{n.year}), TextValue(n.lang), TextValue(n.summary),
              TextValue(n.achievements), TextValue(n.challenges), TextValue(n.needs),
              TextValue(n.status), TextValue(actor), TextValue(now)})
          .status());
  // One audit row per changed field (a new narrative: per non-empty field).
  const std::string key = fmt::format("{}/{}/{}", n.city_code, n.year, n.lang);
  const std::array<std::pair<const char*, std::pair<const std::string*, const std::string*>>, 5>
      fields = {{
          {"summary", {old ? &old->summary : nullptr, &n.summary}},
          {"achievements", {old ? &old->achievements : nullptr, &n.achievements}},
          {"challenges", {old ? &old->challenges : nullptr, &n.challenges}},
          {"needs", {old ? &old->needs : nullptr, &n.needs}},
          {"status", {old ? &old->status : nullptr, &n.status}},
      }};
  for (const auto& [field, values] : fields) {
    const std::string* before = values.first;
    const std::string* after = values.second;
    if (before != nullptr && *before == *after) continue;
    if (before == nullptr && after->empty()) continue;
    KINET_RETURN_IF_ERROR(
        db_.Execute("INSERT INTO audit_log (at, actor, action, entity, entity_id, field,"
                    " old_value, new_value) VALUES (?, ?, ?, 'city_report', ?, ?, ?, ?)",
                    {TextValue(now), TextValue(actor), TextValue(old ? "update" : "insert"),
                     TextValue(key), TextValue(field),
                     before != nullptr ? TextValue(*before) : Null(), TextValue(*after)})
            .status());
  }
  KINET_ASSIGN_OR_RETURN(std::optional<CityNarrative> stored,
                         FindNarrative(n.city_code, n.year, n.lang));
  if (!stored) return Internal("the narrative just written cannot be read back");
  return *stored;
}

}  // namespace kinet
