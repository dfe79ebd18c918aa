#include "store/target_repository.h"

#include <map>
#include <utility>

#include <fmt/format.h>

#include "store/migrations.h"
#include "store/sql_helpers.h"

namespace kinet {
namespace {

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

Status Corrupt(std::string_view table, std::string_view column, std::string_view value) {
  return Internal(fmt::format("the {} table holds an unknown {} '{}'", table, column, value));
}

std::string AuditKey(const Target& t) {
  return fmt::format("{}/{}/{}", t.city_code, t.indicator_code, t.target_year);
}

// One line describing a target for the audit log.
std::string AuditText(const Target& t) {
  std::string milestones;
  for (const TargetMilestone& m : t.milestones) {
    milestones += fmt::format("{}{}={}", milestones.empty() ? "" : ",", m.year, m.value);
  }
  return fmt::format(
      "baseline {}={}; target {}={}; {}; set by {}; responsible {} {}; milestones [{}]",
      t.baseline_year, t.baseline_value, t.target_year, t.target_value, TargetKindCode(t.kind),
      t.set_by, t.responsible_body, t.responsible_person, milestones);
}

Status Audit(Executor& db, std::string_view at, std::string_view actor, std::string_view action,
             std::string_view key, std::optional<std::string> old_value,
             std::optional<std::string> new_value) {
  return db
      .Execute(
          "INSERT INTO audit_log (at, actor, action, entity, entity_id, field, old_value,"
          " new_value) VALUES (?, ?, ?, 'target', ?, NULL, ?, ?)",
          {TextValue(at), TextValue(actor), TextValue(action), TextValue(key), OrNull(old_value),
           OrNull(new_value)})
      .status();
}

constexpr std::string_view kTargetColumns =
    "SELECT t.id, c.code, i.code, t.baseline_year, t.baseline_value, t.target_year,"
    " t.target_value, t.kind, t.set_by, t.responsible_body, t.responsible_person, t.source,"
    " t.note, t.data_status, t.created_by, t.created_at, t.updated_by, t.updated_at"
    " FROM targets t JOIN cities c ON c.id = t.city_id JOIN indicators i ON i.id = t.indicator_id";

Result<Target> TargetFromRow(const Row& row) {
  Target t;
  t.id = TargetId(row.Int(0).value_or(0));
  t.city_code = row.TextOr(1);
  t.indicator_code = row.TextOr(2);
  t.baseline_year = static_cast<int>(row.Int(3).value_or(0));
  t.baseline_value = row.Double(4).value_or(0.0);
  t.target_year = static_cast<int>(row.Int(5).value_or(0));
  t.target_value = row.Double(6).value_or(0.0);
  const std::string kind = row.TextOr(7);
  std::optional<TargetKind> k = ParseTargetKind(kind);
  if (!k) return Corrupt("targets", "kind", kind);
  t.kind = *k;
  t.set_by = row.TextOr(8);
  t.responsible_body = row.TextOr(9);
  t.responsible_person = row.TextOr(10);
  t.source = row.TextOr(11);
  t.note = row.TextOr(12);
  const std::string status = row.TextOr(13);
  std::optional<DataStatus> ds = ParseDataStatus(status);
  if (!ds) return Corrupt("targets", "data_status", status);
  t.data_status = *ds;
  t.created_by = row.TextOr(14);
  t.created_at = row.TextOr(15);
  t.updated_by = row.TextOr(16);
  t.updated_at = row.TextOr(17);
  return t;
}

Status InsertMilestones(Executor& db, std::int64_t target_id,
                        const std::vector<TargetMilestone>& milestones) {
  for (const TargetMilestone& m : milestones) {
    KINET_RETURN_IF_ERROR(
        db.Execute("INSERT INTO target_milestones (target_id, year, value) VALUES (?, ?, ?)",
                   {target_id, static_cast<std::int64_t>(m.year), m.value}));
  }
  return OkStatus();
}

}  // namespace

// ---- TargetRepository --------------------------------------------------------

Result<std::vector<Target>> TargetRepository::Select(std::string_view where,
                                                     std::vector<Value> params) {
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query(fmt::format("{}{} ORDER BY c.code, i.code, t.target_year", kTargetColumns, where),
                params));
  std::vector<Target> out;
  std::map<std::int64_t, std::size_t> by_id;
  for (const Row& row : rows) {
    KINET_ASSIGN_OR_RETURN(Target t, TargetFromRow(row));
    by_id[t.id.value] = out.size();
    out.push_back(std::move(t));
  }
  if (out.empty()) return out;
  // Milestones of the selected targets in one query (a city has a few dozen
  // targets at most, so reading them all with the same filter is cheap).
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> ms,
      db_.Query(fmt::format("SELECT m.target_id, m.year, m.value FROM target_milestones m"
                            " JOIN targets t ON t.id = m.target_id"
                            " JOIN cities c ON c.id = t.city_id"
                            " JOIN indicators i ON i.id = t.indicator_id{} ORDER BY m.year",
                            where),
                params));
  for (const Row& row : ms) {
    auto it = by_id.find(row.Int(0).value_or(0));
    if (it == by_id.end()) continue;
    out[it->second].milestones.push_back(
        TargetMilestone{static_cast<int>(row.Int(1).value_or(0)), row.Double(2).value_or(0.0)});
  }
  return out;
}

Result<TargetUpsertResult> TargetRepository::Upsert(const Target& target, std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> city,
                         IdOfCode(db_, "cities", target.city_code));
  if (!city) return InvalidArgument("unknown city " + Quoted(target.city_code), "city");
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> indicator,
                         IdOfCode(db_, "indicators", target.indicator_code));
  if (!indicator) {
    return InvalidArgument("unknown indicator " + Quoted(target.indicator_code), "indicator");
  }
  const std::string now = UtcNowText();
  const std::int64_t target_year = target.target_year;
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> existing,
      db_.QueryOne("SELECT id FROM targets WHERE city_id = ? AND indicator_id = ? AND"
                   " target_year = ?",
                   {*city, *indicator, target_year}));
  TargetUpsertResult result;
  std::int64_t id = 0;
  if (existing) {
    id = existing->Int(0).value_or(0);
    KINET_ASSIGN_OR_RETURN(Target old, Find(TargetId(id)));
    KINET_RETURN_IF_ERROR(db_.Execute(
        "UPDATE targets SET baseline_year = ?, baseline_value = ?, target_value = ?, kind = ?,"
        " set_by = ?, responsible_body = ?, responsible_person = ?, source = ?, note = ?,"
        " data_status = ?, updated_by = ?, updated_at = ? WHERE id = ?",
        {static_cast<std::int64_t>(target.baseline_year), target.baseline_value,
         target.target_value, TextValue(TargetKindCode(target.kind)), target.set_by,
         target.responsible_body, target.responsible_person, target.source, target.note,
         TextValue(DataStatusCode(target.data_status)), TextValue(actor), now, id}));
    KINET_RETURN_IF_ERROR(db_.Execute("DELETE FROM target_milestones WHERE target_id = ?", {id}));
    KINET_RETURN_IF_ERROR(InsertMilestones(db_, id, target.milestones));
    KINET_RETURN_IF_ERROR(
        Audit(db_, now, actor, "update", AuditKey(target), AuditText(old), AuditText(target)));
    result.action = TargetWrite::kReplaced;
  } else {
    KINET_ASSIGN_OR_RETURN(
        std::optional<Row> row,
        db_.QueryOne(
            "INSERT INTO targets (city_id, indicator_id, baseline_year, baseline_value,"
            " target_year, target_value, kind, set_by, responsible_body, responsible_person,"
            " source, note, data_status, created_by, created_at, updated_by, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            {*city, *indicator, static_cast<std::int64_t>(target.baseline_year),
             target.baseline_value, target_year, target.target_value,
             TextValue(TargetKindCode(target.kind)), target.set_by, target.responsible_body,
             target.responsible_person, target.source, target.note,
             TextValue(DataStatusCode(target.data_status)), TextValue(actor), now, TextValue(actor),
             now}));
    if (!row || !row->Int(0)) return Internal("INSERT INTO targets returned no id");
    id = *row->Int(0);
    KINET_RETURN_IF_ERROR(InsertMilestones(db_, id, target.milestones));
    KINET_RETURN_IF_ERROR(
        Audit(db_, now, actor, "insert", AuditKey(target), std::nullopt, AuditText(target)));
  }
  KINET_ASSIGN_OR_RETURN(result.target, Find(TargetId(id)));
  return result;
}

Result<Target> TargetRepository::Find(TargetId id) {
  KINET_ASSIGN_OR_RETURN(std::vector<Target> found, Select(" WHERE t.id = ?", {id.value}));
  if (found.empty()) return NotFound(fmt::format("no target with id {}", id.value));
  return std::move(found.front());
}

Result<std::vector<Target>> TargetRepository::List(const TargetQuery& query) {
  SqlWhere where;
  if (query.city_code) where.Add("c.code = ?", {*query.city_code});
  if (query.indicator_code) where.Add("i.code = ?", {*query.indicator_code});
  return Select(where.sql(), where.TakeParams());
}

Status TargetRepository::Delete(TargetId id, std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(Target old, Find(id));
  KINET_RETURN_IF_ERROR(
      db_.Execute("DELETE FROM target_milestones WHERE target_id = ?", {id.value}));
  KINET_RETURN_IF_ERROR(db_.Execute("DELETE FROM targets WHERE id = ?", {id.value}));
  return Audit(db_, UtcNowText(), actor, "delete", AuditKey(old), AuditText(old), std::nullopt);
}

// ---- SchemeScoreRepository -----------------------------------------------------

Status SchemeScoreRepository::ReplaceYear(std::string_view scheme_id,
                                          std::string_view scheme_version, int year,
                                          const std::vector<SchemeScoreRecord>& records) {
  const std::int64_t y = year;
  KINET_RETURN_IF_ERROR(db_.Execute(
      "DELETE FROM scheme_scores WHERE scheme_id = ? AND scheme_version = ? AND year = ?",
      {TextValue(scheme_id), TextValue(scheme_version), y}));
  const std::string now = UtcNowText();
  for (const SchemeScoreRecord& r : records) {
    if (r.scheme_id != scheme_id || r.scheme_version != scheme_version || r.year != year) {
      return InvalidArgument(fmt::format("the result for {} is of {} {} {}, not {} {} {}",
                                         r.city_code, r.scheme_id, r.scheme_version, r.year,
                                         scheme_id, scheme_version, year));
    }
    KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> city, IdOfCode(db_, "cities", r.city_code));
    if (!city) return InvalidArgument("unknown city " + Quoted(r.city_code), "city");
    KINET_RETURN_IF_ERROR(db_.Execute(
        "INSERT INTO scheme_scores (scheme_id, scheme_version, city_id, year, total, max_total,"
        " rank, designated, detail, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {TextValue(scheme_id), TextValue(scheme_version), *city, y, r.total, r.max_total,
         r.rank ? Value(static_cast<std::int64_t>(*r.rank)) : Null(),
         r.designated ? Value(static_cast<std::int64_t>(*r.designated ? 1 : 0)) : Null(),
         r.detail_json, now}));
  }
  return OkStatus();
}

Result<std::vector<SchemeScoreRecord>> SchemeScoreRepository::List(
    std::string_view scheme_id, std::optional<int> year, std::optional<std::string> city_code) {
  std::string sql =
      "SELECT s.scheme_id, s.scheme_version, c.code, s.year, s.total, s.max_total, s.rank,"
      " s.designated, s.detail, s.computed_at FROM scheme_scores s"
      " JOIN cities c ON c.id = s.city_id WHERE s.scheme_id = ?";
  std::vector<Value> params = {TextValue(scheme_id)};
  if (year) {
    sql += " AND s.year = ?";
    params.emplace_back(static_cast<std::int64_t>(*year));
  }
  if (city_code) {
    sql += " AND c.code = ?";
    params.emplace_back(*city_code);
  }
  sql += " ORDER BY s.year, CASE WHEN s.rank IS NULL THEN 1 ELSE 0 END, s.rank, c.code";
  KINET_ASSIGN_OR_RETURN(std::vector<Row> rows, db_.Query(sql, params));
  std::vector<SchemeScoreRecord> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    SchemeScoreRecord r;
    r.scheme_id = row.TextOr(0);
    r.scheme_version = row.TextOr(1);
    r.city_code = row.TextOr(2);
    r.year = static_cast<int>(row.Int(3).value_or(0));
    r.total = row.Double(4).value_or(0.0);
    r.max_total = row.Double(5).value_or(0.0);
    if (std::optional<std::int64_t> rank = row.Int(6)) r.rank = static_cast<int>(*rank);
    if (std::optional<std::int64_t> d = row.Int(7)) r.designated = *d != 0;
    r.detail_json = row.TextOr(8);
    r.computed_at = row.TextOr(9);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace kinet
