#include "store/assistance_repository.h"

#include <fmt/format.h>

#include "store/migrations.h"
#include "store/sql_helpers.h"

namespace kinet {
namespace {

Status Corrupt(std::string_view table, std::string_view column, std::string_view value) {
  return Internal(fmt::format("the {} table holds an unknown {} '{}'", table, column, value));
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += ';';
    out += s;
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const std::size_t semi = text.find(';');
    if (semi != 0) out.emplace_back(text.substr(0, semi));
    if (semi == std::string_view::npos) break;
    text = text.substr(semi + 1);
  }
  return out;
}

Value OptDouble(const std::optional<double>& v) { return v ? Value(*v) : Null(); }

// ---- programmes ---------------------------------------------------------------

constexpr std::string_view kProgrammeColumns =
    "SELECT p.id, p.code, o.code, o.name_en, p.title, p.description, p.types, p.themes,"
    " p.countries, p.size_classes, p.budget_min, p.budget_max, p.open_from, p.open_until,"
    " p.data_status, p.note, p.updated_by, p.updated_at"
    " FROM programmes p JOIN organisations o ON o.id = p.agency_id";

Result<Programme> ProgrammeFromRow(const Row& row) {
  Programme p;
  p.id = ProgrammeId(row.Int(0).value_or(0));
  p.code = row.TextOr(1);
  p.agency_code = row.TextOr(2);
  p.agency_name = row.TextOr(3);
  p.title = row.TextOr(4);
  p.description = row.TextOr(5);
  for (const std::string& t : SplitList(row.TextOr(6))) {
    std::optional<AssistanceType> type = ParseAssistanceType(t);
    if (!type) return Corrupt("programmes", "type", t);
    p.types.push_back(*type);
  }
  p.themes = SplitList(row.TextOr(7));
  p.countries = SplitList(row.TextOr(8));
  p.size_classes = SplitList(row.TextOr(9));
  p.budget_min = row.Double(10);
  p.budget_max = row.Double(11);
  p.open_from = row.TextOr(12);
  p.open_until = row.TextOr(13);
  std::optional<DataStatus> ds = ParseDataStatus(row.TextOr(14));
  if (!ds) return Corrupt("programmes", "data_status", row.TextOr(14));
  p.data_status = *ds;
  p.note = row.TextOr(15);
  p.updated_by = row.TextOr(16);
  p.updated_at = row.TextOr(17);
  return p;
}

std::string TypeList(const std::vector<AssistanceType>& types) {
  std::vector<std::string> codes;
  for (AssistanceType t : types) codes.emplace_back(AssistanceTypeCode(t));
  return JoinList(codes);
}

// ---- requests -------------------------------------------------------------------

constexpr std::string_view kRequestColumns =
    "SELECT r.id, c.code, co.code, r.title, r.problem_code, r.indicator_code, r.type, r.theme,"
    " r.description, r.budget, r.co_funding, r.wanted_start, r.status, r.outcome_help,"
    " r.outcome_funds, r.outcome_pilot_id, r.outcome_note, r.data_status, r.created_by,"
    " r.created_at, r.updated_at"
    " FROM assistance_requests r JOIN cities c ON c.id = r.city_id"
    " JOIN countries co ON co.id = c.country_id";

}  // namespace

// ---- ProgrammeRepository ------------------------------------------------------

Result<std::optional<std::int64_t>> ProgrammeRepository::AgencyId(std::string_view code) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne("SELECT id FROM organisations WHERE code = ?", {TextValue(code)}));
  if (!row) return std::optional<std::int64_t>();
  return row->Int(0);
}

Result<Programme> ProgrammeRepository::Insert(const Programme& p, std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> agency, AgencyId(p.agency_code));
  if (!agency) {
    return InvalidArgument(fmt::format("no organisation has the code '{}'", p.agency_code),
                           "agency");
  }
  KINET_RETURN_IF_ERROR(
      db_.Execute("INSERT INTO programmes (code, agency_id, title, description, types, themes,"
                  " countries, size_classes, budget_min, budget_max, open_from, open_until,"
                  " data_status, note, updated_by, updated_at)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {TextValue(p.code), Value(*agency), TextValue(p.title), TextValue(p.description),
                   TypeList(p.types), JoinList(p.themes), JoinList(p.countries),
                   JoinList(p.size_classes), OptDouble(p.budget_min), OptDouble(p.budget_max),
                   TextValue(p.open_from), TextValue(p.open_until),
                   TextValue(DataStatusCode(p.data_status)), TextValue(p.note), TextValue(actor),
                   UtcNowText()})
          .status());
  return FindByCode(p.code);
}

Result<Programme> ProgrammeRepository::Update(const Programme& p, std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> agency, AgencyId(p.agency_code));
  if (!agency) {
    return InvalidArgument(fmt::format("no organisation has the code '{}'", p.agency_code),
                           "agency");
  }
  KINET_ASSIGN_OR_RETURN(
      std::int64_t n,
      db_.Execute("UPDATE programmes SET agency_id = ?, title = ?, description = ?, types = ?,"
                  " themes = ?, countries = ?, size_classes = ?, budget_min = ?, budget_max = ?,"
                  " open_from = ?, open_until = ?, data_status = ?, note = ?, updated_by = ?,"
                  " updated_at = ? WHERE code = ?",
                  {Value(*agency), TextValue(p.title), TextValue(p.description), TypeList(p.types),
                   JoinList(p.themes), JoinList(p.countries), JoinList(p.size_classes),
                   OptDouble(p.budget_min), OptDouble(p.budget_max), TextValue(p.open_from),
                   TextValue(p.open_until), TextValue(DataStatusCode(p.data_status)),
                   TextValue(p.note), TextValue(actor), UtcNowText(), TextValue(p.code)}));
  if (n == 0) return NotFound(fmt::format("no programme has the code '{}'", p.code));
  return FindByCode(p.code);
}

Result<Programme> ProgrammeRepository::FindByCode(std::string_view code) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(std::string(kProgrammeColumns) + " WHERE p.code = ?", {TextValue(code)}));
  if (!row) return NotFound(fmt::format("no programme has the code '{}'", code));
  return ProgrammeFromRow(*row);
}

Result<std::vector<Programme>> ProgrammeRepository::List(std::optional<std::string> agency_code) {
  std::string sql(kProgrammeColumns);
  std::vector<Value> params;
  if (agency_code) {
    sql += " WHERE o.code = ?";
    params.emplace_back(*agency_code);
  }
  sql += " ORDER BY o.code, p.code";
  KINET_ASSIGN_OR_RETURN(std::vector<Row> rows, db_.Query(sql, params));
  std::vector<Programme> out;
  for (const Row& row : rows) {
    KINET_ASSIGN_OR_RETURN(Programme p, ProgrammeFromRow(row));
    out.push_back(std::move(p));
  }
  return out;
}

// ---- RequestRepository --------------------------------------------------------

Result<RequestId> RequestRepository::Insert(const AssistanceRequest& r, std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> city,
      db_.QueryOne("SELECT id FROM cities WHERE code = ?", {TextValue(r.city_code)}));
  if (!city) return InvalidArgument(fmt::format("no city has the code '{}'", r.city_code), "city");
  const std::string now = UtcNowText();
  const std::string created_at = r.created_at.empty() ? now : r.created_at;
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query(
          "INSERT INTO assistance_requests (city_id, title, problem_code, indicator_code,"
          " type, theme, description, budget, co_funding, wanted_start, status,"
          " data_status, created_by, created_at, updated_at)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {Value(*city->Int(0)), TextValue(r.title), TextValue(r.problem_code),
           TextValue(r.indicator_code), TextValue(AssistanceTypeCode(r.type)), TextValue(r.theme),
           TextValue(r.description), OptDouble(r.budget), OptDouble(r.co_funding),
           TextValue(r.wanted_start), TextValue(RequestStatusCode(r.status)),
           TextValue(DataStatusCode(r.data_status)), TextValue(actor), created_at, created_at}));
  if (rows.empty() || !rows[0].Int(0)) return Internal("INSERT ... RETURNING id gave no id");
  return RequestId(*rows[0].Int(0));
}

Status RequestRepository::UpdateFields(const AssistanceRequest& r) {
  KINET_ASSIGN_OR_RETURN(
      std::int64_t n,
      db_.Execute(
          "UPDATE assistance_requests SET title = ?, problem_code = ?, indicator_code = ?,"
          " type = ?, theme = ?, description = ?, budget = ?, co_funding = ?,"
          " wanted_start = ?, data_status = ?, updated_at = ? WHERE id = ?",
          {TextValue(r.title), TextValue(r.problem_code), TextValue(r.indicator_code),
           TextValue(AssistanceTypeCode(r.type)), TextValue(r.theme), TextValue(r.description),
           OptDouble(r.budget), OptDouble(r.co_funding), TextValue(r.wanted_start),
           TextValue(DataStatusCode(r.data_status)), UtcNowText(), Value(r.id.value)}));
  if (n == 0) return NotFound(fmt::format("no request has the id {}", r.id.value));
  return OkStatus();
}

Status RequestRepository::SetStatus(RequestId id, RequestStatus status) {
  KINET_ASSIGN_OR_RETURN(
      std::int64_t n,
      db_.Execute("UPDATE assistance_requests SET status = ?, updated_at = ? WHERE id = ?",
                  {TextValue(RequestStatusCode(status)), UtcNowText(), Value(id.value)}));
  if (n == 0) return NotFound(fmt::format("no request has the id {}", id.value));
  return OkStatus();
}

Status RequestRepository::SetOutcome(RequestId id, const RequestOutcome& o) {
  KINET_ASSIGN_OR_RETURN(
      std::int64_t n,
      db_.Execute("UPDATE assistance_requests SET outcome_help = ?, outcome_funds = ?,"
                  " outcome_pilot_id = ?, outcome_note = ?, updated_at = ? WHERE id = ?",
                  {TextValue(o.help_delivered), OptDouble(o.funds), OrNull(o.pilot_id),
                   TextValue(o.note), UtcNowText(), Value(id.value)}));
  if (n == 0) return NotFound(fmt::format("no request has the id {}", id.value));
  return OkStatus();
}

Status RequestRepository::AddProgramme(RequestId id, std::string_view programme_code) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> p,
      db_.QueryOne("SELECT id FROM programmes WHERE code = ?", {TextValue(programme_code)}));
  if (!p) {
    return NotFound(fmt::format("no programme has the code '{}'", programme_code));
  }
  return db_
      .Execute("INSERT INTO request_programmes (request_id, programme_id) VALUES (?, ?)",
               {Value(id.value), Value(*p->Int(0))})
      .status();
}

Status RequestRepository::SetDecision(RequestId id, std::string_view programme_code,
                                      ProgrammeDecision decision, std::string_view comment,
                                      std::string_view actor, std::string_view at) {
  KINET_ASSIGN_OR_RETURN(
      std::int64_t n,
      db_.Execute("UPDATE request_programmes SET decision = ?, comment = ?, decided_by = ?,"
                  " decided_at = ? WHERE request_id = ? AND programme_id ="
                  " (SELECT id FROM programmes WHERE code = ?)",
                  {TextValue(ProgrammeDecisionCode(decision)), TextValue(comment), TextValue(actor),
                   TextValue(at), Value(id.value), TextValue(programme_code)}));
  if (n == 0) {
    return NotFound(
        fmt::format("request {} was not forwarded to programme '{}'", id.value, programme_code));
  }
  return OkStatus();
}

Status RequestRepository::AddStep(RequestId id, const RequestStep& s) {
  return db_
      .Execute(
          "INSERT INTO request_steps (request_id, at, actor, action, from_status, to_status,"
          " programme_code, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {Value(id.value), TextValue(s.at.empty() ? UtcNowText() : s.at), TextValue(s.actor),
           TextValue(RequestActionCode(s.action)),
           s.from ? TextValue(RequestStatusCode(*s.from)) : Null(),
           TextValue(RequestStatusCode(s.to)), TextValue(s.programme_code), TextValue(s.comment)})
      .status();
}

Result<AssistanceRequest> RequestRepository::Load(const Row& row) {
  AssistanceRequest r;
  r.id = RequestId(row.Int(0).value_or(0));
  r.city_code = row.TextOr(1);
  r.country_code = row.TextOr(2);
  r.title = row.TextOr(3);
  r.problem_code = row.TextOr(4);
  r.indicator_code = row.TextOr(5);
  std::optional<AssistanceType> type = ParseAssistanceType(row.TextOr(6));
  if (!type) return Corrupt("assistance_requests", "type", row.TextOr(6));
  r.type = *type;
  r.theme = row.TextOr(7);
  r.description = row.TextOr(8);
  r.budget = row.Double(9);
  r.co_funding = row.Double(10);
  r.wanted_start = row.TextOr(11);
  std::optional<RequestStatus> status = ParseRequestStatus(row.TextOr(12));
  if (!status) return Corrupt("assistance_requests", "status", row.TextOr(12));
  r.status = *status;
  if (!row.IsNull(13)) {
    RequestOutcome o;
    o.help_delivered = row.TextOr(13);
    o.funds = row.Double(14);
    o.pilot_id = row.Int(15);
    o.note = row.TextOr(16);
    r.outcome = std::move(o);
  }
  std::optional<DataStatus> ds = ParseDataStatus(row.TextOr(17));
  if (!ds) return Corrupt("assistance_requests", "data_status", row.TextOr(17));
  r.data_status = *ds;
  r.created_by = row.TextOr(18);
  r.created_at = row.TextOr(19);
  r.updated_at = row.TextOr(20);

  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> programmes,
      db_.Query("SELECT p.code, o.code, rp.decision, rp.comment, rp.decided_by, rp.decided_at"
                " FROM request_programmes rp JOIN programmes p ON p.id = rp.programme_id"
                " JOIN organisations o ON o.id = p.agency_id WHERE rp.request_id = ?"
                " ORDER BY rp.id",
                {Value(r.id.value)}));
  for (const Row& pr : programmes) {
    RequestProgramme rp;
    rp.programme_code = pr.TextOr(0);
    rp.agency_code = pr.TextOr(1);
    std::optional<ProgrammeDecision> d = ParseProgrammeDecision(pr.TextOr(2));
    if (!d) return Corrupt("request_programmes", "decision", pr.TextOr(2));
    rp.decision = *d;
    rp.comment = pr.TextOr(3);
    rp.decided_by = pr.TextOr(4);
    rp.decided_at = pr.TextOr(5);
    r.programmes.push_back(std::move(rp));
  }
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> steps,
      db_.Query("SELECT at, actor, action, from_status, to_status, programme_code, comment"
                " FROM request_steps WHERE request_id = ? ORDER BY id",
                {Value(r.id.value)}));
  for (const Row& sr : steps) {
    RequestStep s;
    s.at = sr.TextOr(0);
    s.actor = sr.TextOr(1);
    std::optional<RequestAction> a = ParseRequestAction(sr.TextOr(2));
    if (!a) return Corrupt("request_steps", "action", sr.TextOr(2));
    s.action = *a;
    if (!sr.IsNull(3)) {
      std::optional<RequestStatus> from = ParseRequestStatus(sr.TextOr(3));
      if (!from) return Corrupt("request_steps", "from_status", sr.TextOr(3));
      s.from = *from;
    }
    std::optional<RequestStatus> to = ParseRequestStatus(sr.TextOr(4));
    if (!to) return Corrupt("request_steps", "to_status", sr.TextOr(4));
    s.to = *to;
    s.programme_code = sr.TextOr(5);
    s.comment = sr.TextOr(6);
    r.history.push_back(std::move(s));
  }
  return r;
}

Result<AssistanceRequest> RequestRepository::Find(RequestId id) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(std::string(kRequestColumns) + " WHERE r.id = ?", {Value(id.value)}));
  if (!row) return NotFound(fmt::format("no request has the id {}", id.value));
  return Load(*row);
}

Result<std::vector<AssistanceRequest>> RequestRepository::List(const RequestQuery& q) {
  std::string sql(kRequestColumns);
  SqlWhere where;
  if (q.city_code) where.Add("c.code = ?", {TextValue(*q.city_code)});
  if (q.status) where.Add("r.status = ?", {TextValue(RequestStatusCode(*q.status))});
  if (q.programme_code) {
    where.Add(
        "r.id IN (SELECT rp.request_id FROM request_programmes rp JOIN programmes p"
        " ON p.id = rp.programme_id WHERE p.code = ?)",
        {TextValue(*q.programme_code)});
  }
  sql += where.sql() + " ORDER BY r.created_at DESC, r.id DESC";
  KINET_ASSIGN_OR_RETURN(std::vector<Row> rows, db_.Query(sql, where.params()));
  std::vector<AssistanceRequest> out;
  for (const Row& row : rows) {
    KINET_ASSIGN_OR_RETURN(AssistanceRequest r, Load(row));
    out.push_back(std::move(r));
  }
  return out;
}

// ---- NotificationRepository ---------------------------------------------------

namespace {

constexpr std::string_view kNotificationColumns =
    "SELECT id, recipient, at, kind, entity, entity_id, message, read_at FROM notifications";

Notification NotificationFromRow(const Row& row) {
  Notification n;
  n.id = row.Int(0).value_or(0);
  n.recipient = row.TextOr(1);
  n.at = row.TextOr(2);
  n.kind = row.TextOr(3);
  n.entity = row.TextOr(4);
  n.entity_id = row.TextOr(5);
  n.message = row.TextOr(6);
  n.read_at = row.Text(7);
  return n;
}

}  // namespace

Result<std::int64_t> NotificationRepository::Insert(const Notification& n) {
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query(
          "INSERT INTO notifications (recipient, at, kind, entity, entity_id, message)"
          " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
          {TextValue(n.recipient), TextValue(n.at.empty() ? UtcNowText() : n.at), TextValue(n.kind),
           TextValue(n.entity), TextValue(n.entity_id), TextValue(n.message)}));
  if (rows.empty() || !rows[0].Int(0)) return Internal("INSERT ... RETURNING id gave no id");
  return *rows[0].Int(0);
}

Result<NotificationPage> NotificationRepository::List(std::string_view recipient, bool unread_only,
                                                      std::int64_t limit, std::int64_t offset) {
  const std::string where =
      std::string(" WHERE recipient = ?") + (unread_only ? " AND read_at IS NULL" : "");
  NotificationPage page;
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query(std::string(kNotificationColumns) + where + " ORDER BY id DESC LIMIT ? OFFSET ?",
                {TextValue(recipient), Value(limit), Value(offset)}));
  for (const Row& row : rows) page.items.push_back(NotificationFromRow(row));
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> total,
      db_.QueryOne("SELECT COUNT(*) FROM notifications" + where, {TextValue(recipient)}));
  page.total = total ? total->Int(0).value_or(0) : 0;
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> unread,
      db_.QueryOne("SELECT COUNT(*) FROM notifications WHERE recipient = ? AND read_at IS NULL",
                   {TextValue(recipient)}));
  page.unread = unread ? unread->Int(0).value_or(0) : 0;
  return page;
}

Result<Notification> NotificationRepository::MarkRead(std::int64_t id, std::string_view recipient) {
  KINET_RETURN_IF_ERROR(db_.Execute("UPDATE notifications SET read_at = ? WHERE id = ? AND"
                                    " recipient = ? AND read_at IS NULL",
                                    {UtcNowText(), Value(id), TextValue(recipient)})
                            .status());
  KINET_ASSIGN_OR_RETURN(std::optional<Row> row, db_.QueryOne(std::string(kNotificationColumns) +
                                                                  " WHERE id = ? AND recipient = ?",
                                                              {Value(id), TextValue(recipient)}));
  if (!row) return NotFound(fmt::format("you have no notification {}", id));
  return NotificationFromRow(*row);
}

Result<std::int64_t> NotificationRepository::MarkAllRead(std::string_view recipient) {
  return db_.Execute("UPDATE notifications SET read_at = ? WHERE recipient = ? AND read_at IS NULL",
                     {UtcNowText(), TextValue(recipient)});
}

}  // namespace kinet
