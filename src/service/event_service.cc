#include "service/event_service.h"

#include <charconv>

#include <fmt/format.h>

#include "core/embedded.h"
#include "store/registry_repository.h"

namespace kinet {

std::span<const EmbeddedFile> SampleEventFiles();  // generated (cmake/EmbedFiles.cmake)

namespace {

using nlohmann::json;

// Reads optional keys of one JSON object, remembering the first error with
// the key's full path.
class Reader {
 public:
  Reader(const json& j, std::string prefix) : j_(j), prefix_(std::move(prefix)) {}

  std::string Path(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : fmt::format("{}.{}", prefix_, key);
  }
  void Str(const char* key, std::string& out, bool required = false) {
    if (!status_.ok()) return;
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) {
      if (required) status_ = InvalidArgument(Path(key) + " is required", Path(key));
      return;
    }
    if (!it->is_string()) {
      status_ = InvalidArgument(Path(key) + " must be a string", Path(key));
      return;
    }
    out = it->get<std::string>();
  }
  void Int(const char* key, int& out) {
    if (!status_.ok()) return;
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return;
    if (!it->is_number_integer()) {
      status_ = InvalidArgument(Path(key) + " must be a whole number", Path(key));
      return;
    }
    out = it->get<int>();
  }
  void OptInt(const char* key, std::optional<int>& out) {
    if (!status_.ok()) return;
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return;
    int v = 0;
    Int(key, v);
    if (status_.ok()) out = v;
  }
  // Calls `item(reader)` for each element of the array under `key`.
  template <typename F>
  void Array(const char* key, F item) {
    if (!status_.ok()) return;
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return;
    if (!it->is_array()) {
      status_ = InvalidArgument(Path(key) + " must be an array", Path(key));
      return;
    }
    for (std::size_t i = 0; i < it->size() && status_.ok(); ++i) {
      const std::string path = fmt::format("{}[{}]", Path(key), i);
      if (!(*it)[i].is_object()) {
        status_ = InvalidArgument(path + " must be an object", path);
        return;
      }
      Reader r((*it)[i], path);
      item(r);
      if (!r.status_.ok()) status_ = r.status_;
    }
  }
  const Status& status() const { return status_; }

 private:
  const json& j_;
  std::string prefix_;
  Status status_;
};

Result<Event> FindByKey(Executor& ex, std::string_view key) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
  EventRepository repo(ex);
  if (ec == std::errc() && end == key.data() + key.size() && id > 0) {
    return repo.Find(EventId(id));
  }
  return repo.FindByCode(key);
}

// AlreadyExists from the events table's UNIQUE code, as a sentence.
Status CodeTaken(const Status& s, std::string_view code) {
  if (s.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists(fmt::format("an event with the code '{}' exists", code));
  }
  return s;
}

}  // namespace

json EventToJson(const Event& e) {
  json orgs = json::array();
  for (const EventOrganisation& o : e.organisations) {
    orgs.push_back({{"organisation", o.organisation_code}, {"role", o.role}, {"note", o.note}});
  }
  json sessions = json::array();
  for (const EventSession& s : e.sessions) {
    sessions.push_back({{"number", s.number},
                        {"title", s.title},
                        {"kind", s.kind},
                        {"date", s.date},
                        {"start_time", s.start_time},
                        {"end_time", s.end_time},
                        {"chairs", s.chairs},
                        {"summary", s.summary}});
  }
  json people = json::array();
  for (const EventParticipant& p : e.participants) {
    people.push_back({{"name", p.name},
                      {"organisation", p.organisation_code},
                      {"city", p.city_code},
                      {"role", p.role},
                      {"count", p.count},
                      {"note", p.note}});
  }
  json docs = json::array();
  for (const EventDocument& d : e.documents) {
    docs.push_back({{"title", d.title}, {"kind", d.kind}, {"url", d.url}, {"note", d.note}});
  }
  json decisions = json::array();
  for (const EventDecision& d : e.decisions) {
    decisions.push_back({{"number", d.number}, {"text", d.text}});
  }
  json actions = json::array();
  for (const EventAction& a : e.actions) {
    actions.push_back({{"number", a.number},
                       {"decision", a.decision ? json(*a.decision) : json(nullptr)},
                       {"text", a.text},
                       {"owner", a.owner},
                       {"due_date", a.due_date.empty() ? json(nullptr) : json(a.due_date)},
                       {"status", a.status},
                       {"note", a.note}});
  }
  json links = json::array();
  for (const EventLink& l : e.links) {
    links.push_back({{"kind", l.kind}, {"ref", l.ref}, {"note", l.note}});
  }
  return {{"id", e.id.value},
          {"code", e.code},
          {"kind", e.kind},
          {"status", e.status},
          {"title", e.title},
          {"title_local", e.title_local},
          {"start_date", e.start_date},
          {"end_date", e.end_date},
          {"dates_note", e.dates_note},
          {"venue", e.venue},
          {"city", e.city_code},
          {"country", e.country_code},
          {"summary", e.summary},
          {"organisations", orgs},
          {"sessions", sessions},
          {"participants", people},
          {"documents", docs},
          {"decisions", decisions},
          {"actions", actions},
          {"links", links},
          {"data_status", DataStatusCode(e.data_status)},
          {"note", e.note},
          {"updated_by", e.updated_by},
          {"updated_at", e.updated_at}};
}

Result<Event> EventFromJson(const json& j) {
  if (!j.is_object()) return InvalidArgument("an event must be a JSON object", "body");
  Event e;
  Reader r(j, "");
  r.Str("code", e.code, true);
  r.Str("kind", e.kind, true);
  r.Str("status", e.status);
  r.Str("title", e.title, true);
  r.Str("title_local", e.title_local);
  r.Str("start_date", e.start_date, true);
  r.Str("end_date", e.end_date);
  r.Str("dates_note", e.dates_note);
  r.Str("venue", e.venue);
  r.Str("city", e.city_code);
  r.Str("country", e.country_code);
  r.Str("summary", e.summary);
  r.Str("note", e.note);
  std::string data_status = "real";
  r.Str("data_status", data_status);
  r.Array("organisations", [&](Reader& x) {
    EventOrganisation o;
    x.Str("organisation", o.organisation_code, true);
    x.Str("role", o.role, true);
    x.Str("note", o.note);
    e.organisations.push_back(std::move(o));
  });
  r.Array("sessions", [&](Reader& x) {
    EventSession s;
    s.number = static_cast<int>(e.sessions.size()) + 1;
    x.Int("number", s.number);
    x.Str("title", s.title);
    x.Str("kind", s.kind);
    x.Str("date", s.date);
    x.Str("start_time", s.start_time);
    x.Str("end_time", s.end_time);
    x.Str("chairs", s.chairs);
    x.Str("summary", s.summary);
    e.sessions.push_back(std::move(s));
  });
  r.Array("participants", [&](Reader& x) {
    EventParticipant p;
    x.Str("name", p.name, true);
    x.Str("organisation", p.organisation_code);
    x.Str("city", p.city_code);
    x.Str("role", p.role);
    x.Int("count", p.count);
    x.Str("note", p.note);
    e.participants.push_back(std::move(p));
  });
  r.Array("documents", [&](Reader& x) {
    EventDocument d;
    x.Str("title", d.title, true);
    x.Str("kind", d.kind);
    x.Str("url", d.url);
    x.Str("note", d.note);
    e.documents.push_back(std::move(d));
  });
  r.Array("decisions", [&](Reader& x) {
    EventDecision d;
    d.number = static_cast<int>(e.decisions.size()) + 1;
    x.Int("number", d.number);
    x.Str("text", d.text, true);
    e.decisions.push_back(std::move(d));
  });
  r.Array("actions", [&](Reader& x) {
    EventAction a;
    a.number = static_cast<int>(e.actions.size()) + 1;
    x.Int("number", a.number);
    x.OptInt("decision", a.decision);
    x.Str("text", a.text, true);
    x.Str("owner", a.owner);
    x.Str("due_date", a.due_date);
    x.Str("status", a.status);
    x.Str("note", a.note);
    e.actions.push_back(std::move(a));
  });
  r.Array("links", [&](Reader& x) {
    EventLink l;
    x.Str("kind", l.kind, true);
    x.Str("ref", l.ref, true);
    x.Str("note", l.note);
    e.links.push_back(std::move(l));
  });
  KINET_RETURN_IF_ERROR(r.status());
  std::optional<DataStatus> ds = ParseDataStatus(data_status);
  if (!ds) return InvalidArgument("data_status must be real or illustrative", "data_status");
  e.data_status = *ds;
  return e;
}

Result<std::vector<Event>> ParseEventsJson(std::string_view text, std::string_view source) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return InvalidArgument(fmt::format("{}: not valid JSON", source), "file");
  }
  std::vector<json> items;
  if (doc.is_array()) {
    for (const json& j : doc) items.push_back(j);
  } else {
    items.push_back(doc);
  }
  std::vector<Event> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    Result<Event> e = EventFromJson(items[i]);
    std::string code = items[i].is_object() ? items[i].value("code", std::string()) : "";
    if (!e.ok()) {
      return InvalidArgument(
          fmt::format("{}: event {}{}: {}", source, i + 1, code.empty() ? "" : " (" + code + ")",
                      e.status().message()),
          e.status().field());
    }
    out.push_back(std::move(e).value());
  }
  return out;
}

Result<std::vector<Event>> EventService::List(const EventQuery& query) {
  if (query.city_code)
    KINET_RETURN_IF_ERROR(CityRepository(db_).FindByCode(*query.city_code).status());
  return EventRepository(db_).List(query);
}

Result<Event> EventService::Find(std::string_view key) { return FindByKey(db_, key); }

Result<Event> EventService::Create(const Principal& who, const Event& event) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kManageEvents, Resource::None()));
  KINET_RETURN_IF_ERROR(ValidateEvent(event));
  Event e = event;
  e.id = EventId();
  Event stored;
  Status s = db_.Transact([&](Executor& tx) -> Status {
    KINET_ASSIGN_OR_RETURN(stored, EventRepository(tx).Save(e, who.actor()));
    return OkStatus();
  });
  if (!s.ok()) return CodeTaken(s, e.code);
  return stored;
}

Result<Event> EventService::Update(const Principal& who, std::string_view key, const Event& event) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kManageEvents, Resource::None()));
  KINET_RETURN_IF_ERROR(ValidateEvent(event));
  Event stored;
  Status s = db_.Transact([&](Executor& tx) -> Status {
    KINET_ASSIGN_OR_RETURN(Event old, FindByKey(tx, key));
    Event e = event;
    e.id = old.id;
    KINET_ASSIGN_OR_RETURN(stored, EventRepository(tx).Save(e, who.actor()));
    return OkStatus();
  });
  if (!s.ok()) return CodeTaken(s, event.code);
  return stored;
}

Result<Event> EventService::SetActionStatus(const Principal& who, std::string_view key, int number,
                                            std::string_view status,
                                            std::optional<std::string> note) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kManageEvents, Resource::None()));
  if (!IsActionStatus(status)) {
    return InvalidArgument(
        fmt::format("status '{}' must be open, in-progress, done or cancelled", status), "status");
  }
  Event stored;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    KINET_ASSIGN_OR_RETURN(Event e, FindByKey(tx, key));
    bool found = false;
    for (EventAction& a : e.actions) {
      if (a.number != number) continue;
      a.status = std::string(status);
      if (note) a.note = *note;
      found = true;
    }
    if (!found) return NotFound(fmt::format("event {} has no action {}", e.code, number));
    KINET_ASSIGN_OR_RETURN(stored, EventRepository(tx).Save(e, who.actor()));
    return OkStatus();
  }));
  return stored;
}

Result<int> EventService::Import(const Principal& who, const std::vector<Event>& events,
                                 std::string_view source) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kManageEvents, Resource::None()));
  for (std::size_t i = 0; i < events.size(); ++i) {
    Status s = ValidateEvent(events[i]);
    if (!s.ok()) {
      return InvalidArgument(
          fmt::format("{}: event {} ({}): {}", source, i + 1, events[i].code, s.message()),
          s.field());
    }
  }
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    EventRepository repo(tx);
    for (std::size_t i = 0; i < events.size(); ++i) {
      Event e = events[i];
      Result<Event> old = repo.FindByCode(e.code);
      if (old.ok()) {
        e.id = old->id;
      } else if (old.status().code() != StatusCode::kNotFound) {
        return old.status();
      }
      Result<Event> saved = repo.Save(e, who.actor());
      if (!saved.ok()) {
        return Status(
            saved.status().code(),
            fmt::format("{}: event {} ({}): {}", source, i + 1, e.code, saved.status().message()),
            saved.status().field());
      }
    }
    return OkStatus();
  }));
  return static_cast<int>(events.size());
}

Result<int> LoadSampleEvents(Database& db) {
  int n = 0;
  for (const EmbeddedFile& f : SampleEventFiles()) {
    KINET_ASSIGN_OR_RETURN(std::vector<Event> events, ParseEventsJson(f.contents, f.path));
    KINET_ASSIGN_OR_RETURN(
        int stored, EventService(db).Import(Principal::Operator("sample-loader"), events, f.path));
    n += stored;
  }
  return n;
}

}  // namespace kinet
