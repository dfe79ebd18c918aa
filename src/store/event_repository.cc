#include "store/event_repository.h"

#include <fmt/format.h>

#include "store/migrations.h"
#include "store/sql_helpers.h"

namespace kinet {
namespace {

constexpr std::string_view kEventColumns =
    "SELECT e.id, e.code, e.kind, e.status, e.title, e.title_local, e.start_date, e.end_date,"
    " e.dates_note, e.venue, ci.code, co.code, e.summary, e.data_status, e.note, e.updated_by,"
    " e.updated_at FROM events e LEFT JOIN cities ci ON ci.id = e.city_id"
    " LEFT JOIN countries co ON co.id = e.country_id";

// The id of the row of `table` with `code`; InvalidArgument naming `field`
// when there is none. An empty code is NULL.
Result<Value> RefId(Executor& db, std::string_view table, std::string_view code,
                    std::string_view field, std::string_view what) {
  if (code.empty()) return Null();
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db.QueryOne("SELECT id FROM " + std::string(table) + " WHERE code = ?", {TextValue(code)}));
  if (!row) {
    return InvalidArgument(fmt::format("{}: no {} has the code '{}'", field, what, code),
                           std::string(field));
  }
  return Value(*row->Int(0));
}

std::string AuditText(const Event& e) {
  return fmt::format(
      "{} {} '{}' {}..{} at {}; {} organisations, {} sessions, {} participants, "
      "{} decisions, {} actions, {} links",
      e.kind, e.status, e.title, e.start_date, e.end_date, e.venue, e.organisations.size(),
      e.sessions.size(), e.participants.size(), e.decisions.size(), e.actions.size(),
      e.links.size());
}

}  // namespace

Result<Event> EventRepository::Save(const Event& e, std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(Value city, RefId(db_, "cities", e.city_code, "city", "city"));
  KINET_ASSIGN_OR_RETURN(Value country,
                         RefId(db_, "countries", e.country_code, "country", "country"));
  const std::string now = UtcNowText();
  std::int64_t id = e.id.value;
  std::optional<std::string> old_text;
  if (e.id.valid()) {
    KINET_ASSIGN_OR_RETURN(Event old, Find(e.id));
    old_text = AuditText(old);
    KINET_ASSIGN_OR_RETURN(
        std::int64_t n,
        db_.Execute("UPDATE events SET code = ?, kind = ?, status = ?, title = ?, title_local = ?,"
                    " start_date = ?, end_date = ?, dates_note = ?, venue = ?, city_id = ?,"
                    " country_id = ?, summary = ?, data_status = ?, note = ?, updated_by = ?,"
                    " updated_at = ? WHERE id = ?",
                    {TextValue(e.code), TextValue(e.kind), TextValue(e.status), TextValue(e.title),
                     TextValue(e.title_local), TextValue(e.start_date), TextValue(e.end_date),
                     TextValue(e.dates_note), TextValue(e.venue), city, country,
                     TextValue(e.summary), TextValue(DataStatusCode(e.data_status)),
                     TextValue(e.note), TextValue(actor), now, Value(id)}));
    if (n == 0) return NotFound(fmt::format("no event has the id {}", id));
    for (const char* table :
         {"event_organisations", "event_sessions", "event_participants", "event_documents",
          "event_decisions", "event_actions", "event_links"}) {
      KINET_RETURN_IF_ERROR(
          db_.Execute(fmt::format("DELETE FROM {} WHERE event_id = ?", table), {Value(id)})
              .status());
    }
  } else {
    KINET_ASSIGN_OR_RETURN(
        std::vector<Row> rows,
        db_.Query(
            "INSERT INTO events (code, kind, status, title, title_local, start_date,"
            " end_date, dates_note, venue, city_id, country_id, summary, data_status, note,"
            " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING id",
            {TextValue(e.code), TextValue(e.kind), TextValue(e.status), TextValue(e.title),
             TextValue(e.title_local), TextValue(e.start_date), TextValue(e.end_date),
             TextValue(e.dates_note), TextValue(e.venue), city, country, TextValue(e.summary),
             TextValue(DataStatusCode(e.data_status)), TextValue(e.note), TextValue(actor), now}));
    if (rows.empty() || !rows[0].Int(0)) return Internal("INSERT ... RETURNING id gave no id");
    id = *rows[0].Int(0);
  }
  const Value eid(id);
  for (std::size_t i = 0; i < e.organisations.size(); ++i) {
    const EventOrganisation& o = e.organisations[i];
    KINET_ASSIGN_OR_RETURN(Value org,
                           RefId(db_, "organisations", o.organisation_code,
                                 fmt::format("organisations[{}].organisation", i), "organisation"));
    KINET_RETURN_IF_ERROR(db_.Execute("INSERT INTO event_organisations (event_id, position,"
                                      " organisation_id, role, note) VALUES (?, ?, ?, ?, ?)",
                                      {eid, Value(static_cast<std::int64_t>(i)), org,
                                       TextValue(o.role), TextValue(o.note)})
                              .status());
  }
  for (const EventSession& s : e.sessions) {
    KINET_RETURN_IF_ERROR(
        db_.Execute("INSERT INTO event_sessions (event_id, number, title, kind, date, start_time,"
                    " end_time, chairs, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    {eid, Value(std::int64_t{s.number}), TextValue(s.title), TextValue(s.kind),
                     TextValue(s.date), TextValue(s.start_time), TextValue(s.end_time),
                     TextValue(s.chairs), TextValue(s.summary)})
            .status());
  }
  for (std::size_t i = 0; i < e.participants.size(); ++i) {
    const EventParticipant& p = e.participants[i];
    KINET_ASSIGN_OR_RETURN(Value org,
                           RefId(db_, "organisations", p.organisation_code,
                                 fmt::format("participants[{}].organisation", i), "organisation"));
    KINET_ASSIGN_OR_RETURN(Value pcity, RefId(db_, "cities", p.city_code,
                                              fmt::format("participants[{}].city", i), "city"));
    KINET_RETURN_IF_ERROR(
        db_.Execute("INSERT INTO event_participants (event_id, position, name, organisation_id,"
                    " city_id, role, count, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    {eid, Value(static_cast<std::int64_t>(i)), TextValue(p.name), org, pcity,
                     TextValue(p.role), Value(std::int64_t{p.count}), TextValue(p.note)})
            .status());
  }
  for (std::size_t i = 0; i < e.documents.size(); ++i) {
    const EventDocument& d = e.documents[i];
    KINET_RETURN_IF_ERROR(db_.Execute("INSERT INTO event_documents (event_id, position, title,"
                                      " kind, url, note) VALUES (?, ?, ?, ?, ?, ?)",
                                      {eid, Value(static_cast<std::int64_t>(i)), TextValue(d.title),
                                       TextValue(d.kind), TextValue(d.url), TextValue(d.note)})
                              .status());
  }
  for (const EventDecision& d : e.decisions) {
    KINET_RETURN_IF_ERROR(
        db_.Execute("INSERT INTO event_decisions (event_id, number, text) VALUES (?, ?, ?)",
                    {eid, Value(std::int64_t{d.number}), TextValue(d.text)})
            .status());
  }
  for (const EventAction& a : e.actions) {
    KINET_RETURN_IF_ERROR(
        db_.Execute(
               "INSERT INTO event_actions (event_id, number, decision, text, owner,"
               " due_date, status, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               {eid, Value(std::int64_t{a.number}),
                a.decision ? Value(std::int64_t{*a.decision}) : Null(), TextValue(a.text),
                TextValue(a.owner), TextValue(a.due_date), TextValue(a.status), TextValue(a.note)})
            .status());
  }
  for (std::size_t i = 0; i < e.links.size(); ++i) {
    const EventLink& l = e.links[i];
    KINET_RETURN_IF_ERROR(db_.Execute("INSERT INTO event_links (event_id, position, kind, ref,"
                                      " note) VALUES (?, ?, ?, ?, ?)",
                                      {eid, Value(static_cast<std::int64_t>(i)), TextValue(l.kind),
                                       TextValue(l.ref), TextValue(l.note)})
                              .status());
  }
  KINET_RETURN_IF_ERROR(
      db_.Execute("INSERT INTO audit_log (at, actor, action, entity, entity_id, field, old_value,"
                  " new_value) VALUES (?, ?, ?, 'event', ?, NULL, ?, ?)",
                  {now, TextValue(actor), TextValue(old_text ? "update" : "insert"),
                   TextValue(e.code), OrNull(old_text), TextValue(AuditText(e))})
          .status());
  return Find(EventId(id));
}

Result<Event> EventRepository::Load(const Row& row) {
  Event e;
  e.id = EventId(row.Int(0).value_or(0));
  e.code = row.TextOr(1);
  e.kind = row.TextOr(2);
  e.status = row.TextOr(3);
  e.title = row.TextOr(4);
  e.title_local = row.TextOr(5);
  e.start_date = row.TextOr(6);
  e.end_date = row.TextOr(7);
  e.dates_note = row.TextOr(8);
  e.venue = row.TextOr(9);
  e.city_code = row.TextOr(10);
  e.country_code = row.TextOr(11);
  e.summary = row.TextOr(12);
  std::optional<DataStatus> ds = ParseDataStatus(row.TextOr(13));
  if (!ds) return Internal("the events table holds an unknown data_status " + row.TextOr(13));
  e.data_status = *ds;
  e.note = row.TextOr(14);
  e.updated_by = row.TextOr(15);
  e.updated_at = row.TextOr(16);
  const Value id(e.id.value);

  KINET_ASSIGN_OR_RETURN(std::vector<Row> orgs,
                         db_.Query("SELECT o.code, eo.role, eo.note FROM event_organisations eo"
                                   " JOIN organisations o ON o.id = eo.organisation_id"
                                   " WHERE eo.event_id = ? ORDER BY eo.position",
                                   {id}));
  for (const Row& r : orgs) e.organisations.push_back({r.TextOr(0), r.TextOr(1), r.TextOr(2)});
  KINET_ASSIGN_OR_RETURN(std::vector<Row> sessions,
                         db_.Query("SELECT number, title, kind, date, start_time, end_time,"
                                   " chairs, summary FROM event_sessions WHERE event_id = ?"
                                   " ORDER BY number",
                                   {id}));
  for (const Row& r : sessions) {
    e.sessions.push_back({static_cast<int>(r.Int(0).value_or(0)), r.TextOr(1), r.TextOr(2),
                          r.TextOr(3), r.TextOr(4), r.TextOr(5), r.TextOr(6), r.TextOr(7)});
  }
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> people,
      db_.Query("SELECT p.name, o.code, c.code, p.role, p.count, p.note FROM event_participants p"
                " LEFT JOIN organisations o ON o.id = p.organisation_id"
                " LEFT JOIN cities c ON c.id = p.city_id WHERE p.event_id = ? ORDER BY p.position",
                {id}));
  for (const Row& r : people) {
    e.participants.push_back({r.TextOr(0), r.TextOr(1), r.TextOr(2), r.TextOr(3),
                              static_cast<int>(r.Int(4).value_or(1)), r.TextOr(5)});
  }
  KINET_ASSIGN_OR_RETURN(std::vector<Row> docs,
                         db_.Query("SELECT title, kind, url, note FROM event_documents"
                                   " WHERE event_id = ? ORDER BY position",
                                   {id}));
  for (const Row& r : docs) {
    e.documents.push_back({r.TextOr(0), r.TextOr(1), r.TextOr(2), r.TextOr(3)});
  }
  KINET_ASSIGN_OR_RETURN(std::vector<Row> decisions,
                         db_.Query("SELECT number, text FROM event_decisions WHERE event_id = ?"
                                   " ORDER BY number",
                                   {id}));
  for (const Row& r : decisions) {
    e.decisions.push_back({static_cast<int>(r.Int(0).value_or(0)), r.TextOr(1)});
  }
  KINET_ASSIGN_OR_RETURN(std::vector<Row> actions,
                         db_.Query("SELECT number, decision, text, owner, due_date, status, note"
                                   " FROM event_actions WHERE event_id = ? ORDER BY number",
                                   {id}));
  for (const Row& r : actions) {
    EventAction a;
    a.number = static_cast<int>(r.Int(0).value_or(0));
    if (r.Int(1)) a.decision = static_cast<int>(*r.Int(1));
    a.text = r.TextOr(2);
    a.owner = r.TextOr(3);
    a.due_date = r.TextOr(4);
    a.status = r.TextOr(5);
    a.note = r.TextOr(6);
    e.actions.push_back(std::move(a));
  }
  KINET_ASSIGN_OR_RETURN(std::vector<Row> links,
                         db_.Query("SELECT kind, ref, note FROM event_links WHERE event_id = ?"
                                   " ORDER BY position",
                                   {id}));
  for (const Row& r : links) e.links.push_back({r.TextOr(0), r.TextOr(1), r.TextOr(2)});
  return e;
}

Result<Event> EventRepository::Find(EventId id) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(std::string(kEventColumns) + " WHERE e.id = ?", {Value(id.value)}));
  if (!row) return NotFound(fmt::format("no event has the id {}", id.value));
  return Load(*row);
}

Result<Event> EventRepository::FindByCode(std::string_view code) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(std::string(kEventColumns) + " WHERE e.code = ?", {TextValue(code)}));
  if (!row) return NotFound(fmt::format("no event has the code '{}'", code));
  return Load(*row);
}

Result<std::vector<Event>> EventRepository::List(const EventQuery& q) {
  SqlWhere where;
  if (q.kind) where.Add("e.kind = ?", {*q.kind});
  if (q.city_code) {
    where.Add(
        "(ci.code = ? OR e.id IN (SELECT event_id FROM event_links WHERE kind = 'city' AND"
        " ref = ?))",
        {*q.city_code, *q.city_code});
  }
  if (q.from) where.Add("e.start_date >= ?", {*q.from});
  if (q.to) where.Add("substr(e.start_date, 1, 10) <= ?", {*q.to});
  if (q.link_kind && q.link_ref) {
    where.Add("e.id IN (SELECT event_id FROM event_links WHERE kind = ? AND ref = ?)",
              {*q.link_kind, *q.link_ref});
  }
  KINET_ASSIGN_OR_RETURN(std::vector<Row> rows, db_.Query(std::string(kEventColumns) + where.sql() +
                                                              " ORDER BY e.start_date, e.code",
                                                          where.params()));
  std::vector<Event> out;
  for (const Row& row : rows) {
    KINET_ASSIGN_OR_RETURN(Event e, Load(row));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace kinet
