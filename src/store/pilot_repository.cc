#include "store/pilot_repository.h"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "store/audit_repository.h"
#include "store/migrations.h"
#include "store/sql_helpers.h"

namespace kinet {
namespace {

Status Corrupt(std::string_view table, std::string_view column, std::string_view value) {
  return Internal(fmt::format("the {} table holds an unknown {} '{}'", table, column, value));
}

Status Audit(Executor& db, std::string_view actor, std::string_view action, std::string_view entity,
             std::string entity_id, std::optional<std::string> field,
             std::optional<std::string> old_value, std::optional<std::string> new_value) {
  AuditEntry e;
  e.actor = std::string(actor);
  e.action = std::string(action);
  e.entity = std::string(entity);
  e.entity_id = std::move(entity_id);
  e.field = std::move(field);
  e.old_value = std::move(old_value);
  e.new_value = std::move(new_value);
  return AuditRepository(db).Record(e);
}

std::int64_t I(int v) { return v; }

Value OptYear(const std::optional<int>& y) {
  return y ? Value(static_cast<std::int64_t>(*y)) : Null();
}

std::string CallText(const PilotCall& c) {
  std::string criteria;
  for (const PilotCriterion& k : c.criteria) {
    criteria += fmt::format("{}{}:{}:{}:{}:w={}", criteria.empty() ? "" : "; ", k.code,
                            CriterionSourceCode(k.source), CriterionDirectionCode(k.direction),
                            NormalisationCode(k.normalisation), k.weight);
  }
  return fmt::format("{}{} ({}..{}); candidates [{}]; criteria [{}]; missing {}", c.title,
                     c.title_zh.empty() ? "" : " / " + c.title_zh, c.opens, c.closes,
                     JoinCodes(c.candidate_cities), criteria, MissingRuleCode(c.missing_rule));
}

// The audited text of a project: enough of every field that an update's
// old → new pair shows what was corrected (budget, partners, funding, the
// results framework line by line).
std::string ProjectText(const PilotProject& p) {
  std::string partners;
  for (const PilotPartner& x : p.partners) {
    partners += fmt::format("{}{}:{}", partners.empty() ? "" : ", ", PartnerKindCode(x.kind),
                            x.code.empty() ? x.name : x.code);
  }
  std::string funding;
  for (const PilotFunding& x : p.funding) {
    funding +=
        fmt::format("{}{} {} {}", funding.empty() ? "" : ", ", x.source, x.amount, x.currency);
  }
  std::string lines;
  for (const PilotResultIndicator& x : p.indicators) {
    lines += fmt::format("{}{} {}={} → {}={}", lines.empty() ? "" : ", ", x.indicator_code,
                         x.baseline_year, x.baseline_value, x.target_year, x.target_value);
  }
  return fmt::format(
      "{}; city {}; call {}; {}..{}; status {}; themes [{}]; budget {} {}; partners [{}]; "
      "funding [{}]; indicators [{}]; {} milestones; comparison [{}]",
      p.title, p.city_code, p.call_id ? std::to_string(p.call_id->value) : "-", p.start, p.end,
      ProjectStatusCode(p.status), JoinCodes(p.themes),
      p.budget ? fmt::format("{}", *p.budget) : "-", p.currency, partners, funding, lines,
      p.milestones.size(), JoinCodes(p.comparison_cities));
}

// The child rows of project `id` (partners, funding, results framework,
// milestones), in the order of `p`. An unknown indicator code is
// InvalidArgument on "indicators[i].indicator".
Status InsertProjectRows(Executor& db, std::int64_t id, const PilotProject& p) {
  for (std::size_t i = 0; i < p.partners.size(); ++i) {
    const PilotPartner& x = p.partners[i];
    KINET_RETURN_IF_ERROR(
        db.Execute("INSERT INTO pilot_partners (project_id, position, kind, code, name, role)"
                   " VALUES (?, ?, ?, ?, ?, ?)",
                   {id, static_cast<std::int64_t>(i), TextValue(PartnerKindCode(x.kind)), x.code,
                    x.name, x.role}));
  }
  for (std::size_t i = 0; i < p.funding.size(); ++i) {
    const PilotFunding& x = p.funding[i];
    KINET_RETURN_IF_ERROR(db.Execute(
        "INSERT INTO pilot_funding (project_id, position, source, amount, currency, note)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        {id, static_cast<std::int64_t>(i), x.source, x.amount, x.currency, x.note}));
  }
  for (std::size_t i = 0; i < p.indicators.size(); ++i) {
    const PilotResultIndicator& x = p.indicators[i];
    KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> ind,
                           IdOfCode(db, "indicators", x.indicator_code));
    if (!ind) {
      return InvalidArgument(fmt::format("unknown indicator '{}'", x.indicator_code),
                             fmt::format("indicators[{}].indicator", i));
    }
    KINET_RETURN_IF_ERROR(db.Execute(
        "INSERT INTO pilot_result_indicators (project_id, position, indicator_id, baseline_year,"
        " baseline_value, target_year, target_value, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {id, static_cast<std::int64_t>(i), *ind, I(x.baseline_year), x.baseline_value,
         I(x.target_year), x.target_value, x.note}));
  }
  for (std::size_t i = 0; i < p.milestones.size(); ++i) {
    const PilotMilestone& x = p.milestones[i];
    KINET_RETURN_IF_ERROR(
        db.Execute("INSERT INTO pilot_milestones (project_id, position, title, due, done, note)"
                   " VALUES (?, ?, ?, ?, ?, ?)",
                   {id, static_cast<std::int64_t>(i), x.title, x.due, x.done, x.note}));
  }
  return OkStatus();
}

// InvalidArgument ("call_id") unless the call exists.
Status RequireCall(Executor& db, const std::optional<PilotCallId>& call_id) {
  if (!call_id) return OkStatus();
  KINET_ASSIGN_OR_RETURN(std::optional<Row> call,
                         db.QueryOne("SELECT id FROM pilot_calls WHERE id = ?", {call_id->value}));
  if (!call) {
    return InvalidArgument(fmt::format("no pilot call with id {}", call_id->value), "call_id");
  }
  return OkStatus();
}

// The candidate cities of call `id`, in order (a city unknown by code is an
// InvalidArgument on "candidates").
Status InsertCandidates(Executor& db, std::int64_t id, const std::vector<std::string>& cities) {
  for (std::size_t i = 0; i < cities.size(); ++i) {
    KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> city, IdOfCode(db, "cities", cities[i]));
    if (!city) return InvalidArgument(fmt::format("unknown city '{}'", cities[i]), "candidates");
    KINET_RETURN_IF_ERROR(db.Execute(
        "INSERT INTO pilot_call_candidates (call_id, city_id, position) VALUES (?, ?, ?)",
        {id, *city, static_cast<std::int64_t>(i)}));
  }
  return OkStatus();
}

// Criterion `k` at `position` of call `id`: inserted, or updated in place
// (matched by code, so that its ratings keep their criterion_id).
Status WriteCriterion(Executor& db, std::int64_t id, std::size_t position, const PilotCriterion& k,
                      bool update) {
  Value indicator = Null();
  if (!k.indicator_code.empty()) {
    KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> ind,
                           IdOfCode(db, "indicators", k.indicator_code));
    if (!ind) {
      return InvalidArgument(fmt::format("unknown indicator '{}'", k.indicator_code),
                             fmt::format("criteria[{}].indicator", position));
    }
    indicator = *ind;
  }
  const std::vector<Value> values = {k.name,
                                     TextValue(CriterionSourceCode(k.source)),
                                     indicator,
                                     k.scheme_id,
                                     OptYear(k.year),
                                     TextValue(CriterionDirectionCode(k.direction)),
                                     TextValue(NormalisationCode(k.normalisation)),
                                     OrNull(k.target_value),
                                     k.weight,
                                     k.note,
                                     static_cast<std::int64_t>(position),
                                     id,
                                     k.code};
  const std::string_view sql =
      update ? "UPDATE pilot_criteria SET name = ?, source = ?, indicator_id = ?,"
               " scheme_id = ?, year = ?, direction = ?, normalisation = ?,"
               " target_value = ?, weight = ?, note = ?, position = ?"
               " WHERE call_id = ? AND code = ?"
             : "INSERT INTO pilot_criteria (name, source, indicator_id, scheme_id,"
               " year, direction, normalisation, target_value, weight, note,"
               " position, call_id, code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
               " ?, ?)";
  KINET_RETURN_IF_ERROR(db.Execute(sql, std::span<const Value>(values)));
  return OkStatus();
}

}  // namespace

std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const std::string& c : codes) {
    if (!out.empty()) out += ',';
    out += c;
  }
  return out;
}

std::vector<std::string> SplitCodes(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = text.substr(start, comma - start);
    if (!part.empty()) out.emplace_back(part);
    start = comma + 1;
  }
  return out;
}

// ---- calls -------------------------------------------------------------------

Result<PilotCall> PilotRepository::InsertCall(const PilotCall& call, std::string_view actor) {
  const std::string now = UtcNowText();
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(
          "INSERT INTO pilot_calls (title, title_zh, description, opens, closes,"
          " eligible_countries, missing_rule, data_status, created_by, created_at)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {call.title, call.title_zh, call.description, call.opens, call.closes,
           JoinCodes(call.eligible_countries), TextValue(MissingRuleCode(call.missing_rule)),
           TextValue(DataStatusCode(call.data_status)), TextValue(actor), now}));
  if (!row || !row->Int(0)) return Internal("INSERT INTO pilot_calls returned no id");
  const std::int64_t id = *row->Int(0);
  KINET_RETURN_IF_ERROR(InsertCandidates(db_, id, call.candidate_cities));
  for (std::size_t i = 0; i < call.criteria.size(); ++i) {
    KINET_RETURN_IF_ERROR(WriteCriterion(db_, id, i, call.criteria[i], /*update=*/false));
  }
  KINET_RETURN_IF_ERROR(Audit(db_, actor, "insert", "pilot_call", std::to_string(id), std::nullopt,
                              std::nullopt, CallText(call)));
  return FindCall(PilotCallId(id));
}

Result<std::vector<PilotCall>> PilotRepository::SelectCalls(std::string_view where,
                                                            std::vector<Value> params) {
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query(fmt::format("SELECT id, title, description, opens, closes, eligible_countries,"
                            " missing_rule, data_status, created_by, created_at, title_zh"
                            " FROM pilot_calls"
                            "{} ORDER BY id DESC",
                            where),
                params));
  std::vector<PilotCall> out;
  std::map<std::int64_t, std::size_t> by_id;
  for (const Row& r : rows) {
    PilotCall c;
    c.id = PilotCallId(r.Int(0).value_or(0));
    c.title = r.TextOr(1);
    c.description = r.TextOr(2);
    c.opens = r.TextOr(3);
    c.closes = r.TextOr(4);
    c.eligible_countries = SplitCodes(r.TextOr(5));
    const std::string missing = r.TextOr(6);
    std::optional<MissingRule> m = ParseMissingRule(missing);
    if (!m) return Corrupt("pilot_calls", "missing_rule", missing);
    c.missing_rule = *m;
    const std::string status = r.TextOr(7);
    std::optional<DataStatus> ds = ParseDataStatus(status);
    if (!ds) return Corrupt("pilot_calls", "data_status", status);
    c.data_status = *ds;
    c.created_by = r.TextOr(8);
    c.created_at = r.TextOr(9);
    c.title_zh = r.TextOr(10);
    by_id[c.id.value] = out.size();
    out.push_back(std::move(c));
  }
  if (out.empty()) return out;
  // Candidates and criteria of all selected calls (a call has a few dozen
  // of each at most).
  KINET_ASSIGN_OR_RETURN(std::vector<Row> cands,
                         db_.Query("SELECT k.call_id, c.code FROM pilot_call_candidates k"
                                   " JOIN cities c ON c.id = k.city_id ORDER BY k.call_id,"
                                   " k.position"));
  for (const Row& r : cands) {
    auto it = by_id.find(r.Int(0).value_or(0));
    if (it != by_id.end()) out[it->second].candidate_cities.push_back(r.TextOr(1));
  }
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> crits,
      db_.Query("SELECT k.call_id, k.code, k.name, k.source, i.code, k.scheme_id, k.year,"
                " k.direction, k.normalisation, k.target_value, k.weight, k.note"
                " FROM pilot_criteria k LEFT JOIN indicators i ON i.id = k.indicator_id"
                " ORDER BY k.call_id, k.position"));
  for (const Row& r : crits) {
    auto it = by_id.find(r.Int(0).value_or(0));
    if (it == by_id.end()) continue;
    PilotCriterion k;
    k.code = r.TextOr(1);
    k.name = r.TextOr(2);
    const std::string source = r.TextOr(3);
    std::optional<CriterionSource> s = ParseCriterionSource(source);
    if (!s) return Corrupt("pilot_criteria", "source", source);
    k.source = *s;
    k.indicator_code = r.TextOr(4);
    k.scheme_id = r.TextOr(5);
    if (r.Int(6)) k.year = static_cast<int>(*r.Int(6));
    const std::string direction = r.TextOr(7);
    std::optional<CriterionDirection> d = ParseCriterionDirection(direction);
    if (!d) return Corrupt("pilot_criteria", "direction", direction);
    k.direction = *d;
    const std::string normalisation = r.TextOr(8);
    std::optional<Normalisation> n = ParseNormalisation(normalisation);
    if (!n) return Corrupt("pilot_criteria", "normalisation", normalisation);
    k.normalisation = *n;
    k.target_value = r.Double(9);
    k.weight = r.Double(10).value_or(0.0);
    k.note = r.TextOr(11);
    out[it->second].criteria.push_back(std::move(k));
  }
  return out;
}

Result<PilotCall> PilotRepository::UpdateCall(const PilotCall& call, std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(PilotCall old, FindCall(call.id));
  const std::int64_t id = call.id.value;
  KINET_RETURN_IF_ERROR(db_.Execute(
      "UPDATE pilot_calls SET title = ?, title_zh = ?, description = ?, opens = ?, closes = ?,"
      " eligible_countries = ?, missing_rule = ?, data_status = ? WHERE id = ?",
      {call.title, call.title_zh, call.description, call.opens, call.closes,
       JoinCodes(call.eligible_countries), TextValue(MissingRuleCode(call.missing_rule)),
       TextValue(DataStatusCode(call.data_status)), id}));
  // Candidates: rewritten in the new order.
  KINET_RETURN_IF_ERROR(db_.Execute("DELETE FROM pilot_call_candidates WHERE call_id = ?", {id}));
  KINET_RETURN_IF_ERROR(InsertCandidates(db_, id, call.candidate_cities));
  // Criteria: matched by code so that the ratings of a kept rating criterion survive.
  for (const PilotCriterion& k : old.criteria) {
    auto kept = std::find_if(call.criteria.begin(), call.criteria.end(),
                             [&](const PilotCriterion& n) { return n.code == k.code; });
    if (kept == call.criteria.end()) {
      KINET_RETURN_IF_ERROR(
          db_.Execute("DELETE FROM pilot_ratings WHERE criterion_id IN"
                      " (SELECT id FROM pilot_criteria WHERE call_id = ? AND code = ?)",
                      {id, k.code}));
      KINET_RETURN_IF_ERROR(
          db_.Execute("DELETE FROM pilot_criteria WHERE call_id = ? AND code = ?", {id, k.code}));
    } else if (kept->source != CriterionSource::kRating) {
      KINET_RETURN_IF_ERROR(
          db_.Execute("DELETE FROM pilot_ratings WHERE criterion_id IN"
                      " (SELECT id FROM pilot_criteria WHERE call_id = ? AND code = ?)",
                      {id, k.code}));
    }
  }
  for (std::size_t i = 0; i < call.criteria.size(); ++i) {
    const PilotCriterion& k = call.criteria[i];
    const bool exists = std::any_of(old.criteria.begin(), old.criteria.end(),
                                    [&](const PilotCriterion& o) { return o.code == k.code; });
    KINET_RETURN_IF_ERROR(WriteCriterion(db_, id, i, k, exists));
  }
  // Ratings of cities that are no longer candidates.
  KINET_RETURN_IF_ERROR(
      db_.Execute("DELETE FROM pilot_ratings WHERE criterion_id IN"
                  " (SELECT id FROM pilot_criteria WHERE call_id = ?) AND city_id NOT IN"
                  " (SELECT city_id FROM pilot_call_candidates WHERE call_id = ?)",
                  {id, id}));
  KINET_RETURN_IF_ERROR(Audit(db_, actor, "update", "pilot_call", std::to_string(id), std::nullopt,
                              CallText(old), CallText(call)));
  return FindCall(call.id);
}

Result<PilotCall> PilotRepository::FindCall(PilotCallId id) {
  KINET_ASSIGN_OR_RETURN(std::vector<PilotCall> found, SelectCalls(" WHERE id = ?", {id.value}));
  if (found.empty()) return NotFound(fmt::format("no pilot call with id {}", id.value));
  return std::move(found.front());
}

Result<std::vector<PilotCall>> PilotRepository::ListCalls() { return SelectCalls("", {}); }

Result<PilotRating> PilotRepository::UpsertRating(const PilotRating& rating,
                                                  std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> crit,
      db_.QueryOne("SELECT id FROM pilot_criteria WHERE call_id = ? AND code = ?",
                   {rating.call_id.value, rating.criterion_code}));
  if (!crit) {
    return InvalidArgument(
        fmt::format("call {} has no criterion '{}'", rating.call_id.value, rating.criterion_code),
        "criterion");
  }
  const std::int64_t criterion_id = crit->Int(0).value_or(0);
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> city,
                         IdOfCode(db_, "cities", rating.city_code));
  if (!city) return InvalidArgument(fmt::format("unknown city '{}'", rating.city_code), "city");
  const std::string key =
      fmt::format("{}/{}/{}", rating.call_id.value, rating.criterion_code, rating.city_code);
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> old,
      db_.QueryOne("SELECT value FROM pilot_ratings WHERE criterion_id = ? AND city_id = ?",
                   {criterion_id, *city}));
  const std::string now = UtcNowText();
  KINET_RETURN_IF_ERROR(db_.Execute(
      "INSERT INTO pilot_ratings (criterion_id, city_id, value, assessor, note, rated_at)"
      " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (criterion_id, city_id) DO UPDATE SET"
      " value = excluded.value, assessor = excluded.assessor, note = excluded.note,"
      " rated_at = excluded.rated_at",
      {criterion_id, *city, rating.value, TextValue(actor), rating.note, now}));
  std::optional<std::string> old_text;
  if (old) old_text = fmt::format("{}", old->Double(0).value_or(0.0));
  KINET_RETURN_IF_ERROR(Audit(db_, actor, old ? "update" : "insert", "pilot_rating", key,
                              std::string("value"), old_text, fmt::format("{}", rating.value)));
  PilotRating out = rating;
  out.assessor = std::string(actor);
  out.rated_at = now;
  return out;
}

Result<std::vector<PilotRating>> PilotRepository::ListRatings(PilotCallId id) {
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query("SELECT k.code, c.code, r.value, r.assessor, r.note, r.rated_at"
                " FROM pilot_ratings r JOIN pilot_criteria k ON k.id = r.criterion_id"
                " JOIN cities c ON c.id = r.city_id WHERE k.call_id = ?"
                " ORDER BY k.position, c.code",
                {id.value}));
  std::vector<PilotRating> out;
  for (const Row& r : rows) {
    PilotRating x;
    x.call_id = id;
    x.criterion_code = r.TextOr(0);
    x.city_code = r.TextOr(1);
    x.value = r.Double(2).value_or(0.0);
    x.assessor = r.TextOr(3);
    x.note = r.TextOr(4);
    x.rated_at = r.TextOr(5);
    out.push_back(std::move(x));
  }
  return out;
}

// ---- projects ----------------------------------------------------------------

Result<PilotProject> PilotRepository::InsertProject(const PilotProject& p, std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> city, IdOfCode(db_, "cities", p.city_code));
  if (!city) return InvalidArgument(fmt::format("unknown city '{}'", p.city_code), "city");
  KINET_RETURN_IF_ERROR(RequireCall(db_, p.call_id));
  const std::string now = UtcNowText();
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne("INSERT INTO pilot_projects (call_id, title, city_id, summary, themes, budget,"
                   " currency, start_date, end_date, status, comparison_cities, practice_code,"
                   " data_status, created_by, created_at, updated_by, updated_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {p.call_id ? Value(p.call_id->value) : Null(), p.title, *city, p.summary,
                    JoinCodes(p.themes), OrNull(p.budget), p.currency, p.start, p.end,
                    TextValue(ProjectStatusCode(p.status)), JoinCodes(p.comparison_cities),
                    p.practice_code, TextValue(DataStatusCode(p.data_status)), TextValue(actor),
                    now, TextValue(actor), now}));
  if (!row || !row->Int(0)) return Internal("INSERT INTO pilot_projects returned no id");
  const std::int64_t id = *row->Int(0);
  KINET_RETURN_IF_ERROR(InsertProjectRows(db_, id, p));
  KINET_RETURN_IF_ERROR(Audit(db_, actor, "insert", "pilot_project", std::to_string(id),
                              std::nullopt, std::nullopt, ProjectText(p)));
  return FindProject(PilotProjectId(id));
}

Result<std::vector<PilotProject>> PilotRepository::SelectProjects(std::string_view where,
                                                                  std::vector<Value> params) {
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query(
          fmt::format("SELECT p.id, p.call_id, p.title, c.code, p.summary, p.themes, p.budget,"
                      " p.currency, p.start_date, p.end_date, p.status, p.comparison_cities,"
                      " p.practice_code, p.data_status, p.created_by, p.created_at, p.updated_by,"
                      " p.updated_at FROM pilot_projects p JOIN cities c ON c.id = p.city_id{}"
                      " ORDER BY p.start_date, p.id",
                      where),
          params));
  std::vector<PilotProject> out;
  std::map<std::int64_t, std::size_t> by_id;
  for (const Row& r : rows) {
    PilotProject p;
    p.id = PilotProjectId(r.Int(0).value_or(0));
    if (r.Int(1)) p.call_id = PilotCallId(*r.Int(1));
    p.title = r.TextOr(2);
    p.city_code = r.TextOr(3);
    p.summary = r.TextOr(4);
    p.themes = SplitCodes(r.TextOr(5));
    p.budget = r.Double(6);
    p.currency = r.TextOr(7);
    p.start = r.TextOr(8);
    p.end = r.TextOr(9);
    const std::string status = r.TextOr(10);
    std::optional<ProjectStatus> s = ParseProjectStatus(status);
    if (!s) return Corrupt("pilot_projects", "status", status);
    p.status = *s;
    p.comparison_cities = SplitCodes(r.TextOr(11));
    p.practice_code = r.TextOr(12);
    const std::string ds_text = r.TextOr(13);
    std::optional<DataStatus> ds = ParseDataStatus(ds_text);
    if (!ds) return Corrupt("pilot_projects", "data_status", ds_text);
    p.data_status = *ds;
    p.created_by = r.TextOr(14);
    p.created_at = r.TextOr(15);
    p.updated_by = r.TextOr(16);
    p.updated_at = r.TextOr(17);
    by_id[p.id.value] = out.size();
    out.push_back(std::move(p));
  }
  if (out.empty()) return out;
  auto owner = [&](const Row& r) -> PilotProject* {
    auto it = by_id.find(r.Int(0).value_or(0));
    return it == by_id.end() ? nullptr : &out[it->second];
  };
  KINET_ASSIGN_OR_RETURN(std::vector<Row> partners,
                         db_.Query("SELECT project_id, kind, code, name, role FROM pilot_partners"
                                   " ORDER BY project_id, position"));
  for (const Row& r : partners) {
    PilotProject* p = owner(r);
    if (p == nullptr) continue;
    const std::string kind = r.TextOr(1);
    std::optional<PartnerKind> k = ParsePartnerKind(kind);
    if (!k) return Corrupt("pilot_partners", "kind", kind);
    p->partners.push_back(PilotPartner{*k, r.TextOr(2), r.TextOr(3), r.TextOr(4)});
  }
  KINET_ASSIGN_OR_RETURN(std::vector<Row> funding,
                         db_.Query("SELECT project_id, source, amount, currency, note FROM"
                                   " pilot_funding ORDER BY project_id, position"));
  for (const Row& r : funding) {
    PilotProject* p = owner(r);
    if (p == nullptr) continue;
    p->funding.push_back(
        PilotFunding{r.TextOr(1), r.Double(2).value_or(0.0), r.TextOr(3), r.TextOr(4)});
  }
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> lines,
      db_.Query("SELECT r.project_id, i.code, r.baseline_year, r.baseline_value, r.target_year,"
                " r.target_value, r.note FROM pilot_result_indicators r"
                " JOIN indicators i ON i.id = r.indicator_id ORDER BY r.project_id, r.position"));
  for (const Row& r : lines) {
    PilotProject* p = owner(r);
    if (p == nullptr) continue;
    p->indicators.push_back(PilotResultIndicator{
        r.TextOr(1), static_cast<int>(r.Int(2).value_or(0)), r.Double(3).value_or(0.0),
        static_cast<int>(r.Int(4).value_or(0)), r.Double(5).value_or(0.0), r.TextOr(6)});
  }
  KINET_ASSIGN_OR_RETURN(std::vector<Row> milestones,
                         db_.Query("SELECT project_id, title, due, done, note FROM"
                                   " pilot_milestones ORDER BY project_id, position"));
  for (const Row& r : milestones) {
    PilotProject* p = owner(r);
    if (p == nullptr) continue;
    p->milestones.push_back(PilotMilestone{r.TextOr(1), r.TextOr(2), r.TextOr(3), r.TextOr(4)});
  }
  return out;
}

Result<PilotProject> PilotRepository::UpdateProject(const PilotProject& p, std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(PilotProject old, FindProject(p.id));
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> city, IdOfCode(db_, "cities", p.city_code));
  if (!city) return InvalidArgument(fmt::format("unknown city '{}'", p.city_code), "city");
  KINET_RETURN_IF_ERROR(RequireCall(db_, p.call_id));
  const std::int64_t id = p.id.value;
  KINET_RETURN_IF_ERROR(db_.Execute(
      "UPDATE pilot_projects SET call_id = ?, title = ?, city_id = ?, summary = ?, themes = ?,"
      " budget = ?, currency = ?, start_date = ?, end_date = ?, status = ?,"
      " comparison_cities = ?, data_status = ?, updated_by = ?, updated_at = ? WHERE id = ?",
      {p.call_id ? Value(p.call_id->value) : Null(), p.title, *city, p.summary, JoinCodes(p.themes),
       OrNull(p.budget), p.currency, p.start, p.end, TextValue(ProjectStatusCode(p.status)),
       JoinCodes(p.comparison_cities), TextValue(DataStatusCode(p.data_status)), TextValue(actor),
       UtcNowText(), id}));
  // The child rows are rewritten in the new order: nothing refers to them by
  // id (actual values live in indicator_values, keyed by city and indicator).
  for (std::string_view table :
       {"pilot_partners", "pilot_funding", "pilot_result_indicators", "pilot_milestones"}) {
    KINET_RETURN_IF_ERROR(
        db_.Execute(fmt::format("DELETE FROM {} WHERE project_id = ?", table), {id}));
  }
  KINET_RETURN_IF_ERROR(InsertProjectRows(db_, id, p));
  KINET_RETURN_IF_ERROR(Audit(db_, actor, "update", "pilot_project", std::to_string(id),
                              std::nullopt, ProjectText(old), ProjectText(p)));
  return FindProject(p.id);
}

Result<PilotProject> PilotRepository::FindProject(PilotProjectId id) {
  KINET_ASSIGN_OR_RETURN(std::vector<PilotProject> found,
                         SelectProjects(" WHERE p.id = ?", {id.value}));
  if (found.empty()) return NotFound(fmt::format("no pilot project with id {}", id.value));
  return std::move(found.front());
}

Result<std::vector<PilotProject>> PilotRepository::ListProjects(const PilotProjectFilter& f) {
  SqlWhere where;
  if (f.city_code) where.Add("c.code = ?", {*f.city_code});
  if (f.call_id) where.Add("p.call_id = ?", {*f.call_id});
  if (f.status) where.Add("p.status = ?", {TextValue(ProjectStatusCode(*f.status))});
  return SelectProjects(where.sql(), where.TakeParams());
}

Status PilotRepository::SetProjectStatus(PilotProjectId id, ProjectStatus status,
                                         std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(PilotProject old, FindProject(id));
  KINET_RETURN_IF_ERROR(db_.Execute(
      "UPDATE pilot_projects SET status = ?, updated_by = ?, updated_at = ? WHERE id = ?",
      {TextValue(ProjectStatusCode(status)), TextValue(actor), UtcNowText(), id.value}));
  return Audit(db_, actor, "update", "pilot_project", std::to_string(id.value),
               std::string("status"), std::string(ProjectStatusCode(old.status)),
               std::string(ProjectStatusCode(status)));
}

Status PilotRepository::AddMilestone(PilotProjectId id, const PilotMilestone& milestone,
                                     std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(PilotProject old, FindProject(id));
  const std::size_t position = old.milestones.size();
  KINET_RETURN_IF_ERROR(
      db_.Execute("INSERT INTO pilot_milestones (project_id, position, title, due, done, note)"
                  " VALUES (?, ?, ?, ?, ?, ?)",
                  {id.value, static_cast<std::int64_t>(position), milestone.title, milestone.due,
                   milestone.done, milestone.note}));
  KINET_RETURN_IF_ERROR(
      db_.Execute("UPDATE pilot_projects SET updated_by = ?, updated_at = ? WHERE id = ?",
                  {TextValue(actor), UtcNowText(), id.value}));
  return Audit(db_, actor, "insert", "pilot_project", std::to_string(id.value),
               fmt::format("milestones[{}]", position), std::nullopt,
               fmt::format("{} due {}", milestone.title, milestone.due));
}

Status PilotRepository::SetMilestoneDone(PilotProjectId id, std::size_t index,
                                         std::string_view done, std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(PilotProject old, FindProject(id));
  if (index >= old.milestones.size()) {
    return InvalidArgument(fmt::format("project {} has {} milestones; there is no number {}",
                                       id.value, old.milestones.size(), index + 1),
                           "milestone");
  }
  KINET_RETURN_IF_ERROR(
      db_.Execute("UPDATE pilot_milestones SET done = ? WHERE project_id = ? AND position = ?",
                  {TextValue(done), id.value, static_cast<std::int64_t>(index)}));
  KINET_RETURN_IF_ERROR(
      db_.Execute("UPDATE pilot_projects SET updated_by = ?, updated_at = ? WHERE id = ?",
                  {TextValue(actor), UtcNowText(), id.value}));
  return Audit(db_, actor, "update", "pilot_project", std::to_string(id.value),
               fmt::format("milestones[{}].done", index), old.milestones[index].done,
               std::string(done));
}

Status PilotRepository::SetPracticeCode(PilotProjectId id, std::string_view practice_code,
                                        std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(PilotProject old, FindProject(id));
  // Only an unlinked project is linked: of two conversions racing past their
  // callers' checks, the second changes no row here and fails.
  KINET_ASSIGN_OR_RETURN(
      std::int64_t changed,
      db_.Execute("UPDATE pilot_projects SET practice_code = ?, updated_by = ?, updated_at = ?"
                  " WHERE id = ? AND practice_code = ''",
                  {TextValue(practice_code), TextValue(actor), UtcNowText(), id.value}));
  if (changed == 0) {
    return AlreadyExists(
        fmt::format("project {} already became {}", id.value,
                    old.practice_code.empty() ? "a practice" : "practice " + old.practice_code));
  }
  return Audit(db_, actor, "update", "pilot_project", std::to_string(id.value),
               std::string("practice_code"), old.practice_code, std::string(practice_code));
}

// ---- reports -----------------------------------------------------------------

Result<std::vector<PilotReport>> PilotRepository::SelectReports(std::string_view where,
                                                                std::vector<Value> params) {
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query(fmt::format("SELECT id, project_id, period, progress, problems, next_steps,"
                            " status, author, created_at, submitted_at, decided_by, decided_at,"
                            " decision_note FROM pilot_reports{} ORDER BY period, id",
                            where),
                params));
  std::vector<PilotReport> out;
  for (const Row& r : rows) {
    PilotReport x;
    x.id = PilotReportId(r.Int(0).value_or(0));
    x.project_id = PilotProjectId(r.Int(1).value_or(0));
    x.period = r.TextOr(2);
    x.progress = r.TextOr(3);
    x.problems = r.TextOr(4);
    x.next_steps = r.TextOr(5);
    const std::string status = r.TextOr(6);
    std::optional<ReportStatus> s = ParseReportStatus(status);
    if (!s) return Corrupt("pilot_reports", "status", status);
    x.status = *s;
    x.author = r.TextOr(7);
    x.created_at = r.TextOr(8);
    x.submitted_at = r.TextOr(9);
    x.decided_by = r.TextOr(10);
    x.decided_at = r.TextOr(11);
    x.decision_note = r.TextOr(12);
    out.push_back(std::move(x));
  }
  return out;
}

Result<PilotReport> PilotRepository::InsertReport(const PilotReport& report,
                                                  std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne("INSERT INTO pilot_reports (project_id, period, progress, problems,"
                   " next_steps, status, author, created_at) VALUES (?, ?, ?, ?, ?, 'draft', ?,"
                   " ?) RETURNING id",
                   {report.project_id.value, report.period, report.progress, report.problems,
                    report.next_steps, TextValue(actor), UtcNowText()}));
  if (!row || !row->Int(0)) return Internal("INSERT INTO pilot_reports returned no id");
  const std::int64_t id = *row->Int(0);
  KINET_RETURN_IF_ERROR(
      Audit(db_, actor, "insert", "pilot_report", std::to_string(id), std::nullopt, std::nullopt,
            fmt::format("project {} period {}", report.project_id.value, report.period)));
  return FindReport(PilotReportId(id));
}

Result<PilotReport> PilotRepository::FindReport(PilotReportId id) {
  KINET_ASSIGN_OR_RETURN(std::vector<PilotReport> found,
                         SelectReports(" WHERE id = ?", {id.value}));
  if (found.empty()) return NotFound(fmt::format("no pilot report with id {}", id.value));
  return std::move(found.front());
}

Result<std::vector<PilotReport>> PilotRepository::ListReports(PilotProjectId id) {
  return SelectReports(" WHERE project_id = ?", {id.value});
}

Result<PilotReport> PilotRepository::UpdateReportStatus(PilotReportId id, ReportStatus from,
                                                        ReportStatus to, std::string_view note,
                                                        std::string_view actor) {
  const std::string now = UtcNowText();
  Result<std::int64_t> changed = 0;
  if (to == ReportStatus::kSubmitted) {
    changed = db_.Execute(
        "UPDATE pilot_reports SET status = ?, submitted_at = ? WHERE id = ? AND status = ?",
        {TextValue(ReportStatusCode(to)), now, id.value, TextValue(ReportStatusCode(from))});
  } else {
    changed = db_.Execute(
        "UPDATE pilot_reports SET status = ?, decided_by = ?, decided_at = ?,"
        " decision_note = ? WHERE id = ? AND status = ?",
        {TextValue(ReportStatusCode(to)), TextValue(actor), now, TextValue(note), id.value,
         TextValue(ReportStatusCode(from))});
  }
  if (!changed.ok()) return changed.status();
  if (*changed == 0) {
    return Conflict(fmt::format("report {} is no longer {}", id.value, ReportStatusCode(from)));
  }
  KINET_RETURN_IF_ERROR(Audit(db_, actor, "update", "pilot_report", std::to_string(id.value),
                              std::string("status"), std::string(ReportStatusCode(from)),
                              std::string(ReportStatusCode(to))));
  return FindReport(id);
}

}  // namespace kinet
