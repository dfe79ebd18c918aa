#include "store/indicator_repository.h"

#include <utility>

#include <fmt/format.h>

#include "store/migrations.h"

namespace kinet {
namespace {

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

Status Corrupt(std::string_view table, std::string_view column, std::string_view value) {
  return Internal(fmt::format("the {} table holds an unknown {} '{}'", table, column, value));
}

// Text for audit values: shortest round-tripping decimal.
std::string NumberText(double v) { return fmt::format("{}", v); }

// ---- indicators -------------------------------------------------------------

constexpr std::string_view kIndicatorColumns =
    "SELECT id, code, name_en, name_zh, definition_en, definition_zh, theme, unit, direction,"
    " valid_min, valid_max, computed_by, statistic, pollutant, numerator, denominator, source,"
    " iso37120, iso37120_confirmed, sdg, note, builtin FROM indicators";

// Catalogue order of the themes, for ORDER BY.
constexpr std::string_view kThemeOrder =
    " ORDER BY CASE theme WHEN 'air' THEN 1 WHEN 'water' THEN 2 WHEN 'noise' THEN 3"
    " WHEN 'waste' THEN 4 WHEN 'green-space' THEN 5 WHEN 'energy' THEN 6 ELSE 7 END, code";

Result<Indicator> IndicatorFromRow(const Row& row) {
  Indicator i;
  i.id = IndicatorId(row.Int(0).value_or(0));
  i.code = row.TextOr(1);
  i.name_en = row.TextOr(2);
  i.name_zh = row.TextOr(3);
  i.definition_en = row.TextOr(4);
  i.definition_zh = row.TextOr(5);
  std::string theme = row.TextOr(6);
  std::optional<Theme> t = ParseTheme(theme);
  if (!t) return Corrupt("indicators", "theme", theme);
  i.theme = *t;
  i.unit = row.TextOr(7);
  std::string direction = row.TextOr(8);
  std::optional<Direction> d = ParseDirection(direction);
  if (!d) return Corrupt("indicators", "direction", direction);
  i.direction = *d;
  i.valid_min = row.Double(9);
  i.valid_max = row.Double(10);
  i.computed_by = row.TextOr(11);
  i.statistic = row.TextOr(12);
  i.pollutant = row.TextOr(13);
  i.numerator = row.TextOr(14);
  i.denominator = row.TextOr(15);
  i.source = row.TextOr(16);
  i.iso37120 = row.TextOr(17);
  i.iso37120_confirmed = row.Int(18).value_or(0) != 0;
  i.sdg = row.TextOr(19);
  i.note = row.TextOr(20);
  i.builtin = row.Int(21).value_or(0) != 0;
  return i;
}

std::vector<Value> IndicatorValues(const Indicator& i) {
  return {i.code,
          i.name_en,
          i.name_zh,
          i.definition_en,
          i.definition_zh,
          TextValue(ThemeCode(i.theme)),
          i.unit,
          TextValue(DirectionCode(i.direction)),
          OrNull(i.valid_min),
          OrNull(i.valid_max),
          i.computed_by,
          i.statistic,
          i.pollutant,
          i.numerator,
          i.denominator,
          i.source,
          i.iso37120,
          Value(std::int64_t{i.iso37120_confirmed ? 1 : 0}),
          i.sdg,
          i.note,
          Value(std::int64_t{i.builtin ? 1 : 0})};
}

constexpr std::string_view kIndicatorInsert =
    "INSERT INTO indicators (code, name_en, name_zh, definition_en, definition_zh, theme, unit,"
    " direction, valid_min, valid_max, computed_by, statistic, pollutant, numerator, denominator,"
    " source, iso37120, iso37120_confirmed, sdg, note, builtin)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

// ---- values -----------------------------------------------------------------

constexpr std::string_view kValueColumns =
    "SELECT v.id, c.code, i.code, v.period, v.value, v.entered_value, v.entered_unit,"
    " v.source_kind, v.source, v.note, v.status, v.flags, v.flag_reasons, v.doubtful,"
    " v.created_by, v.created_at, v.updated_by, v.updated_at"
    " FROM indicator_values v JOIN cities c ON c.id = v.city_id"
    " JOIN indicators i ON i.id = v.indicator_id";

std::vector<std::string> Split(std::string_view text, char sep) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(sep, start);
    out.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::string FlagCodes(const std::vector<ValueFlag>& flags) {
  std::string out;
  for (const ValueFlag& f : flags) out += (out.empty() ? "" : ";") + f.code;
  return out;
}

std::string FlagReasons(const std::vector<ValueFlag>& flags) {
  std::string out;
  for (std::size_t k = 0; k < flags.size(); ++k) out += (k == 0 ? "" : "\n") + flags[k].reason;
  return out;
}

// The flags of the stored columns flags (codes joined by ';') and
// flag_reasons (reasons joined by newlines).
std::vector<ValueFlag> FlagsFromText(std::string_view codes_text, std::string_view reasons_text) {
  std::vector<ValueFlag> flags;
  std::vector<std::string> codes = Split(codes_text, ';');
  std::vector<std::string> reasons = Split(reasons_text, '\n');
  for (std::size_t n = 0; n < codes.size(); ++n) {
    flags.push_back({codes[n], n < reasons.size() ? reasons[n] : std::string()});
  }
  return flags;
}

Result<IndicatorValue> ValueFromRow(const Row& row) {
  IndicatorValue v;
  v.id = IndicatorValueId(row.Int(0).value_or(0));
  v.city_code = row.TextOr(1);
  v.indicator_code = row.TextOr(2);
  v.period = row.TextOr(3);
  v.value = row.Double(4).value_or(0);
  v.entered_value = row.Double(5).value_or(0);
  v.entered_unit = row.TextOr(6);
  std::string kind = row.TextOr(7);
  std::optional<SourceKind> k = ParseSourceKind(kind);
  if (!k) return Corrupt("indicator_values", "source_kind", kind);
  v.source_kind = *k;
  v.source = row.TextOr(8);
  v.note = row.TextOr(9);
  std::string status = row.TextOr(10);
  std::optional<ValueStatus> s = ParseValueStatus(status);
  if (!s) return Corrupt("indicator_values", "status", status);
  v.status = *s;
  v.flags = FlagsFromText(row.TextOr(11), row.TextOr(12));
  v.doubtful = row.Int(13).value_or(0) != 0;
  v.created_by = row.TextOr(14);
  v.created_at = row.TextOr(15);
  v.updated_by = row.TextOr(16);
  v.updated_at = row.TextOr(17);
  return v;
}

Result<std::vector<IndicatorValue>> ValuesFromRows(const std::vector<Row>& rows) {
  std::vector<IndicatorValue> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    KINET_ASSIGN_OR_RETURN(IndicatorValue v, ValueFromRow(row));
    out.push_back(std::move(v));
  }
  return out;
}

std::string AuditKey(const IndicatorValue& v) {
  return fmt::format("{}/{}/{}/{}", v.city_code, v.indicator_code, v.period,
                     SourceKindCode(v.source_kind));
}

Status Audit(Executor& db, std::string_view at, std::string_view actor, std::string_view action,
             std::string_view key, std::optional<std::string_view> field,
             std::optional<std::string> old_value, std::optional<std::string> new_value) {
  return db
      .Execute(
          "INSERT INTO audit_log (at, actor, action, entity, entity_id, field, old_value,"
          " new_value) VALUES (?, ?, ?, 'indicator_value', ?, ?, ?, ?)",
          {TextValue(at), TextValue(actor), TextValue(action), TextValue(key),
           field ? TextValue(*field) : Null(), OrNull(old_value), OrNull(new_value)})
      .status();
}

// The period just after `to` in text order when `to` is a year, so that
// "2017" includes "2017-12": "2018". A month bound is used as is.
std::string UpperBound(std::string_view to) {
  if (to.size() == 4) return fmt::format("{:04d}", std::atoi(std::string(to).c_str()) + 1);
  return std::string(to) + "~";  // '~' sorts after any digit
}

}  // namespace

// ---- IndicatorRepository ----------------------------------------------------

Result<Indicator> IndicatorRepository::Upsert(const Indicator& indicator) {
  if (indicator.code.empty()) return InvalidArgument("the indicator code is empty", "code");
  std::vector<Value> params = IndicatorValues(indicator);
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(std::string(kIndicatorInsert) +
                       " ON CONFLICT (code) DO UPDATE SET name_en = excluded.name_en,"
                       " name_zh = excluded.name_zh, definition_en = excluded.definition_en,"
                       " definition_zh = excluded.definition_zh, theme = excluded.theme,"
                       " unit = excluded.unit, direction = excluded.direction,"
                       " valid_min = excluded.valid_min, valid_max = excluded.valid_max,"
                       " computed_by = excluded.computed_by, statistic = excluded.statistic,"
                       " pollutant = excluded.pollutant, numerator = excluded.numerator,"
                       " denominator = excluded.denominator, source = excluded.source,"
                       " iso37120 = excluded.iso37120,"
                       " iso37120_confirmed = excluded.iso37120_confirmed, sdg = excluded.sdg,"
                       " note = excluded.note, builtin = excluded.builtin RETURNING id",
                   params));
  if (!row) return Internal("upserting indicator " + Quoted(indicator.code) + " returned no id");
  Indicator out = indicator;
  out.id = IndicatorId(row->Int(0).value_or(0));
  return out;
}

Result<Indicator> IndicatorRepository::Insert(const Indicator& indicator) {
  if (indicator.code.empty()) return InvalidArgument("the indicator code is empty", "code");
  std::vector<Value> params = IndicatorValues(indicator);
  Result<std::optional<Row>> row =
      db_.QueryOne(std::string(kIndicatorInsert) + " RETURNING id", params);
  if (!row.ok()) {
    if (IsUniqueViolation(row.status())) {
      return AlreadyExists("an indicator with code " + Quoted(indicator.code) + " already exists");
    }
    return row.status();
  }
  if (!*row) return Internal("inserting indicator " + Quoted(indicator.code) + " returned no id");
  Indicator out = indicator;
  out.id = IndicatorId((*row)->Int(0).value_or(0));
  return out;
}

Result<Indicator> IndicatorRepository::FindByCode(std::string_view code) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(std::string(kIndicatorColumns) + " WHERE code = ?", {TextValue(code)}));
  if (!row) return NotFound("no indicator with code " + Quoted(code));
  return IndicatorFromRow(*row);
}

Result<std::vector<Indicator>> IndicatorRepository::List(std::optional<Theme> theme) {
  std::vector<Row> rows;
  if (theme) {
    KINET_ASSIGN_OR_RETURN(rows, db_.Query(std::string(kIndicatorColumns) + " WHERE theme = ?" +
                                               std::string(kThemeOrder),
                                           {TextValue(ThemeCode(*theme))}));
  } else {
    KINET_ASSIGN_OR_RETURN(rows,
                           db_.Query(std::string(kIndicatorColumns) + std::string(kThemeOrder)));
  }
  std::vector<Indicator> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    KINET_ASSIGN_OR_RETURN(Indicator i, IndicatorFromRow(row));
    out.push_back(std::move(i));
  }
  return out;
}

Result<std::optional<std::string>> IndicatorRepository::BuiltinDigest() {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne("SELECT digest FROM indicator_catalogue_state WHERE name = 'builtin'"));
  if (!row) return std::optional<std::string>();
  return row->Text(0);
}

Status IndicatorRepository::SetBuiltinDigest(std::string_view digest) {
  return db_
      .Execute(
          "INSERT INTO indicator_catalogue_state (name, digest, synced_at) VALUES ('builtin', ?, ?)"
          " ON CONFLICT (name) DO UPDATE SET digest = excluded.digest,"
          " synced_at = excluded.synced_at",
          {TextValue(digest), UtcNowText()})
      .status();
}

// ---- IndicatorValueRepository -----------------------------------------------

namespace {

// The WHERE clause of `query` over kValueColumns' aliases, and its parameters.
std::string ValueWhere(const IndicatorValueQuery& query, std::vector<Value>& params) {
  std::string where;
  auto add = [&](std::string_view clause, std::initializer_list<Value> values) {
    where += where.empty() ? " WHERE " : " AND ";
    where += clause;
    for (const Value& v : values) params.push_back(v);
  };
  if (query.city_code) add("c.code = ?", {*query.city_code});
  if (query.indicator_code) add("i.code = ?", {*query.indicator_code});
  if (query.from) add("v.period >= ?", {*query.from});
  if (query.to) add("v.period < ?", {UpperBound(*query.to)});
  if (query.source_kind) add("v.source_kind = ?", {TextValue(SourceKindCode(*query.source_kind))});
  if (query.status) add("v.status = ?", {TextValue(ValueStatusCode(*query.status))});
  if (query.unpublished) {
    const Value published = TextValue(ValueStatusCode(ValueStatus::kPublished));
    const std::string& scope = query.unpublished->scope;
    using Of = IndicatorValueQuery::Unpublished::Of;
    if (query.unpublished->of == Of::kNone || scope.empty()) {
      add("v.status = ?", {published});
    } else if (query.unpublished->of == Of::kCity) {
      add("(v.status = ? OR lower(c.code) = lower(?))", {published, TextValue(scope)});
    } else {
      add("(v.status = ? OR c.country_id IN (SELECT id FROM countries WHERE lower(code) = "
          "lower(?)))",
          {published, TextValue(scope)});
    }
  }
  return where;
}

constexpr std::string_view kValueOrder = " ORDER BY c.code, i.code, v.period, v.source_kind DESC";

}  // namespace

Result<std::vector<IndicatorValue>> IndicatorValueRepository::List(
    const IndicatorValueQuery& query) {
  std::vector<Value> params;
  const std::string sql =
      std::string(kValueColumns) + ValueWhere(query, params) + std::string(kValueOrder);
  KINET_ASSIGN_OR_RETURN(std::vector<Row> rows, db_.Query(sql, params));
  return ValuesFromRows(rows);
}

Result<IndicatorValuePage> IndicatorValueRepository::ListPage(const IndicatorValueQuery& query,
                                                              std::int64_t offset,
                                                              std::int64_t limit) {
  if (offset < 0) return InvalidArgument("the offset is negative", "offset");
  if (limit < 0) return InvalidArgument("the limit is negative", "limit");
  std::vector<Value> params;
  const std::string where = ValueWhere(query, params);
  IndicatorValuePage page;
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> count,
      db_.QueryOne("SELECT count(*) FROM indicator_values v JOIN cities c ON c.id = v.city_id"
                   " JOIN indicators i ON i.id = v.indicator_id" +
                       where,
                   params));
  page.total = count ? count->Int(0).value_or(0) : 0;
  if (limit == 0 || offset >= page.total) return page;
  // Built in place: a temporary Value here trips g++ 12's false
  // -Wmaybe-uninitialized on the variant's vector member.
  params.emplace_back(std::in_place_type<std::int64_t>, limit);
  params.emplace_back(std::in_place_type<std::int64_t>, offset);
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query(std::string(kValueColumns) + where + std::string(kValueOrder) + " LIMIT ? OFFSET ?",
                params));
  KINET_ASSIGN_OR_RETURN(page.values, ValuesFromRows(rows));
  return page;
}

Result<std::optional<IndicatorValue>> IndicatorValueRepository::Find(
    std::string_view city_code, std::string_view indicator_code, std::string_view period,
    SourceKind source_kind) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(std::string(kValueColumns) +
                       " WHERE c.code = ? AND i.code = ? AND v.period = ? AND v.source_kind = ?",
                   {TextValue(city_code), TextValue(indicator_code), TextValue(period),
                    TextValue(SourceKindCode(source_kind))}));
  if (!row) return std::optional<IndicatorValue>();
  KINET_ASSIGN_OR_RETURN(IndicatorValue v, ValueFromRow(*row));
  return std::optional<IndicatorValue>(std::move(v));
}

Result<std::vector<IndicatorValue>> IndicatorValueRepository::ValuesFor(
    std::string_view city_code, std::string_view indicator_code,
    std::optional<SourceKind> source_kind) {
  IndicatorValueQuery q;
  q.city_code = std::string(city_code);
  q.indicator_code = std::string(indicator_code);
  q.source_kind = source_kind;
  KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> all, List(q));
  if (source_kind) return all;
  // One per period: List orders reported before computed within a period.
  std::vector<IndicatorValue> out;
  for (IndicatorValue& v : all) {
    if (!out.empty() && out.back().period == v.period) continue;
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::optional<std::int64_t>> IndicatorValueRepository::CityId(std::string_view city_code) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> city,
      db_.QueryOne("SELECT id FROM cities WHERE code = ?", {TextValue(city_code)}));
  if (!city) return std::optional<std::int64_t>();
  return city->Int(0);
}

Result<UpsertResult> IndicatorValueRepository::Upsert(const IndicatorValue& value,
                                                      std::string_view actor) {
  KnownValueKeys known;
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> city, CityId(value.city_code));
  if (!city) return InvalidArgument("unknown city " + Quoted(value.city_code), "city");
  known.city_id = *city;
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> ind,
      db_.QueryOne("SELECT id FROM indicators WHERE code = ?", {value.indicator_code}));
  if (!ind)
    return InvalidArgument("unknown indicator " + Quoted(value.indicator_code), "indicator");
  known.indicator_id = ind->Int(0).value_or(0);
  KINET_ASSIGN_OR_RETURN(
      known.old, Find(value.city_code, value.indicator_code, value.period, value.source_kind));
  return Upsert(value, actor, known);
}

Result<UpsertResult> IndicatorValueRepository::Upsert(const IndicatorValue& value,
                                                      std::string_view actor,
                                                      const KnownValueKeys& known) {
  const std::optional<IndicatorValue>& old = known.old;
  const std::string now = UtcNowText();
  const std::string key = AuditKey(value);
  const std::string flags = FlagCodes(value.flags);
  const std::string reasons = FlagReasons(value.flags);
  const std::string kind(SourceKindCode(value.source_kind));
  const std::string status(ValueStatusCode(value.status));
  const std::int64_t doubtful = value.doubtful ? 1 : 0;
  // The row as Find reads it back (flags through their stored text).
  IndicatorValue stored = value;
  stored.flags = FlagsFromText(flags, reasons);
  stored.updated_by = std::string(actor);
  stored.updated_at = now;
  if (!old) {
    KINET_ASSIGN_OR_RETURN(
        std::vector<Row> ids,
        db_.Query(
            "INSERT INTO indicator_values (city_id, indicator_id, period, value, entered_value,"
            " entered_unit, source_kind, source, note, status, flags, flag_reasons, doubtful,"
            " created_by, created_at, updated_by, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            {Value(known.city_id), Value(known.indicator_id), value.period, value.value,
             value.entered_value, value.entered_unit, kind, value.source, value.note, status, flags,
             reasons, Value(doubtful), TextValue(actor), now, TextValue(actor), now}));
    if (ids.size() != 1 || !ids[0].Int(0))
      return Internal("the insert of " + key + " returned no id");
    KINET_RETURN_IF_ERROR(Audit(db_, now, actor, "insert", key, std::nullopt, std::nullopt,
                                NumberText(value.value) + " " + value.entered_unit));
    stored.id = IndicatorValueId(*ids[0].Int(0));
    stored.created_by = std::string(actor);
    stored.created_at = now;
    return UpsertResult{std::move(stored), UpsertAction::kInserted};
  }
  // One audit row per changed field.
  struct Change {
    std::string_view field;
    std::string before, after;
  };
  std::vector<Change> changes;
  auto compare = [&](std::string_view field, std::string before, std::string after) {
    if (before != after) changes.push_back({field, std::move(before), std::move(after)});
  };
  compare("value", NumberText(old->value), NumberText(value.value));
  compare("entered_value", NumberText(old->entered_value), NumberText(value.entered_value));
  compare("entered_unit", old->entered_unit, value.entered_unit);
  compare("source", old->source, value.source);
  compare("note", old->note, value.note);
  compare("status", std::string(ValueStatusCode(old->status)), status);
  compare("flags", FlagReasons(old->flags), reasons);
  compare("doubtful", old->doubtful ? "true" : "false", value.doubtful ? "true" : "false");
  if (changes.empty()) return UpsertResult{*old, UpsertAction::kUnchanged};
  KINET_RETURN_IF_ERROR(db_.Execute(
      "UPDATE indicator_values SET value = ?, entered_value = ?, entered_unit = ?, source = ?,"
      " note = ?, status = ?, flags = ?, flag_reasons = ?, doubtful = ?, updated_by = ?,"
      " updated_at = ? WHERE id = ?",
      {value.value, value.entered_value, value.entered_unit, value.source, value.note, status,
       flags, reasons, Value(doubtful), TextValue(actor), now, Value(old->id.value)}));
  for (const Change& c : changes) {
    KINET_RETURN_IF_ERROR(Audit(db_, now, actor, "update", key, c.field, c.before, c.after));
  }
  stored.id = old->id;
  stored.city_code = old->city_code;
  stored.indicator_code = old->indicator_code;
  stored.created_by = old->created_by;
  stored.created_at = old->created_at;
  return UpsertResult{std::move(stored), UpsertAction::kUpdated};
}

Result<std::optional<IndicatorValue>> IndicatorValueRepository::Delete(
    std::string_view city_code, std::string_view indicator_code, std::string_view period,
    SourceKind source_kind, std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(std::optional<IndicatorValue> old,
                         Find(city_code, indicator_code, period, source_kind));
  if (!old) return std::optional<IndicatorValue>();
  const std::string now = UtcNowText();
  KINET_RETURN_IF_ERROR(
      db_.Execute("DELETE FROM indicator_values WHERE id = ?", {Value(old->id.value)}).status());
  KINET_RETURN_IF_ERROR(Audit(db_, now, actor, "delete", AuditKey(*old), std::nullopt,
                              NumberText(old->value) + " " + old->entered_unit, std::nullopt));
  return old;
}

Result<IndicatorValue> IndicatorValueRepository::UpdateStatus(
    std::string_view city_code, std::string_view indicator_code, std::string_view period,
    SourceKind source_kind, ValueStatus from, ValueStatus to, std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(std::optional<IndicatorValue> old,
                         Find(city_code, indicator_code, period, source_kind));
  if (!old) {
    return NotFound(fmt::format("no {} value of {} for {} in {}", SourceKindCode(source_kind),
                                indicator_code, city_code, period));
  }
  const std::string now = UtcNowText();
  KINET_ASSIGN_OR_RETURN(
      std::int64_t n,
      db_.Execute("UPDATE indicator_values SET status = ?, updated_by = ?, updated_at = ?"
                  " WHERE id = ? AND status = ?",
                  {TextValue(ValueStatusCode(to)), TextValue(actor), now, Value(old->id.value),
                   TextValue(ValueStatusCode(from))}));
  if (n == 0) {
    return Conflict(fmt::format("the value of {} for {} in {} is {}, not {}", indicator_code,
                                city_code, period, ValueStatusCode(old->status),
                                ValueStatusCode(from)));
  }
  KINET_RETURN_IF_ERROR(Audit(db_, now, actor, "update", AuditKey(*old), "status",
                              std::string(ValueStatusCode(from)),
                              std::string(ValueStatusCode(to))));
  old->status = to;
  old->updated_by = std::string(actor);
  old->updated_at = now;
  return *old;
}

Result<std::int64_t> IndicatorValueRepository::Count() {
  KINET_ASSIGN_OR_RETURN(std::optional<Row> row,
                         db_.QueryOne("SELECT count(*) FROM indicator_values"));
  return row ? row->Int(0).value_or(0) : 0;
}

}  // namespace kinet
