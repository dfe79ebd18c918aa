// `kinet event list|show|add|import|action`: the network's seminars,
// workshops, meetings, training courses and missions (docs/cli.md "kinet
// event", docs/events.md). `kinet event show ID` is a contract (issue 7): ID
// is the numeric id or the event's code.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "core/file.h"
#include "service/event_service.h"

namespace kinet {
namespace {

std::string Dates(const Event& e) {
  if (e.end_date.empty() || e.end_date == e.start_date) return e.start_date;
  return e.start_date + " .. " + e.end_date;
}

struct ListOptions {
  std::string kind;
  std::string city;
  std::string from;
  std::string to;
  std::string format = "table";
};

Status RunList(const GlobalOptions& global, const ListOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  EventQuery q;
  if (!opts.kind.empty()) q.kind = opts.kind;
  if (!opts.city.empty()) q.city_code = opts.city;
  if (!opts.from.empty()) q.from = opts.from;
  if (!opts.to.empty()) q.to = opts.to;
  KINET_ASSIGN_OR_RETURN(std::vector<Event> all, EventService(*db).List(q));
  if (opts.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const Event& e : all) arr.push_back(EventToJson(e));
    fmt::print("{}\n", arr.dump(2));
    return OkStatus();
  }
  TextTable t({"id", "code", "kind", "status", "dates", "venue", "title", "data"});
  for (const Event& e : all) {
    t.AddRow({std::to_string(e.id.value), e.code, e.kind, e.status, Dates(e), e.venue, e.title,
              std::string(DataStatusCode(e.data_status))});
  }
  fmt::print("{}{} events\n", t.Render(), all.size());
  return OkStatus();
}

struct ShowOptions {
  std::string key;
  std::string format = "table";
};

Status RunShow(const GlobalOptions& global, const ShowOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(Event e, EventService(*db).Find(opts.key));
  if (opts.format == "json") {
    fmt::print("{}\n", EventToJson(e).dump(2));
    return OkStatus();
  }
  fmt::print("{} (event {}, {})\n", e.title, e.id.value, e.code);
  if (!e.title_local.empty()) fmt::print("{}\n", e.title_local);
  fmt::print("Kind:    {} ({})\n", e.kind, e.status);
  fmt::print("Dates:   {}{}\n", Dates(e), e.dates_note.empty() ? "" : "  [" + e.dates_note + "]");
  fmt::print("Venue:   {}{}\n", e.venue.empty() ? "-" : e.venue,
             e.city_code.empty() ? "" : " (city " + e.city_code + ")");
  if (!e.summary.empty()) fmt::print("\n{}\n", e.summary);
  if (!e.organisations.empty()) {
    TextTable t({"organisation", "role", "note"});
    for (const EventOrganisation& o : e.organisations)
      t.AddRow({o.organisation_code, o.role, o.note});
    fmt::print("\nOrganisers and sponsors:\n{}", t.Render());
  }
  if (!e.sessions.empty()) {
    fmt::print("\nSessions:\n");
    for (const EventSession& s : e.sessions) {
      fmt::print("  {}. {} ({}) {} {}-{}{}\n", s.number, s.title, s.kind, s.date, s.start_time,
                 s.end_time, s.chairs.empty() ? "" : "; chairs: " + s.chairs);
      if (!s.summary.empty()) fmt::print("     {}\n", s.summary);
    }
  }
  if (!e.participants.empty()) {
    TextTable t({"name", "organisation", "city", "role", "count", "note"});
    for (const EventParticipant& p : e.participants) {
      t.AddRow({p.name, p.organisation_code, p.city_code, p.role, std::to_string(p.count), p.note});
    }
    fmt::print("\nParticipants:\n{}", t.Render());
  }
  if (!e.documents.empty()) {
    fmt::print("\nDocuments:\n");
    for (const EventDocument& d : e.documents) {
      fmt::print("  - {} ({}){}{}\n", d.title, d.kind, d.url.empty() ? "" : " " + d.url,
                 d.note.empty() ? "" : " - " + d.note);
    }
  }
  if (!e.decisions.empty()) {
    fmt::print("\nDecisions:\n");
    for (const EventDecision& d : e.decisions) fmt::print("  {}. {}\n", d.number, d.text);
  }
  if (!e.actions.empty()) {
    // One block per action: the texts are sentences, too long for a table row.
    fmt::print("\nFollow-up actions:\n");
    for (const EventAction& a : e.actions) {
      fmt::print("  {}. [{}] {}\n     owner: {}; due: {}{}\n", a.number, a.status, a.text,
                 a.owner.empty() ? "-" : a.owner, a.due_date.empty() ? "-" : a.due_date,
                 a.decision ? fmt::format("; follows decision {}", *a.decision) : "");
      if (!a.note.empty()) fmt::print("     note: {}\n", a.note);
    }
  }
  if (!e.links.empty()) {
    fmt::print("\nTouched:\n");
    for (const EventLink& l : e.links) {
      fmt::print("  {} {}{}\n", l.kind, l.ref, l.note.empty() ? "" : " - " + l.note);
    }
  }
  fmt::print("\nData: {}{}\n", DataStatusCode(e.data_status), e.note.empty() ? "" : ". " + e.note);
  return OkStatus();
}

struct ImportOptions {
  std::string file;
};

Status RunImport(const GlobalOptions& global, const ImportOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::string text, ReadFile(opts.file));
  KINET_ASSIGN_OR_RETURN(std::vector<Event> events, ParseEventsJson(text, opts.file));
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(
      int n, EventService(*db).Import(Principal::Operator(OperatorName()), events, opts.file));
  fmt::print("Imported {} events from {} (each added, or replacing the one with its code)\n", n,
             opts.file);
  return OkStatus();
}

struct AddOptions {
  Event event;
  bool illustrative = false;
};

Status RunAdd(const GlobalOptions& global, const AddOptions& opts) {
  Event e = opts.event;
  e.data_status = opts.illustrative ? DataStatus::kIllustrative : DataStatus::kReal;
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(Event stored,
                         EventService(*db).Create(Principal::Operator(OperatorName()), e));
  fmt::print(
      "Added event {} ({}); add sessions, participants and decisions with `kinet event "
      "import FILE.json`\n",
      stored.id.value, stored.code);
  return OkStatus();
}

struct ActionOptions {
  std::string key;
  int number = 0;
  std::string status;
  std::string note;
};

Status RunAction(const GlobalOptions& global, const ActionOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  std::optional<std::string> note;
  if (!opts.note.empty()) note = opts.note;
  KINET_ASSIGN_OR_RETURN(
      Event e, EventService(*db).SetActionStatus(Principal::Operator(OperatorName()), opts.key,
                                                 opts.number, opts.status, note));
  fmt::print("Action {} of {} is {}\n", opts.number, e.code, opts.status);
  return OkStatus();
}

}  // namespace

void RegisterEventCommand(CommandContext& ctx) {
  CLI::App* cmd = ctx.app.add_subcommand(
      "event", "Seminars, workshops, network meetings, training courses and missions");
  cmd->require_subcommand(1);
  GlobalOptions& global = ctx.global;

  auto list = std::make_shared<ListOptions>();
  CLI::App* l = cmd->add_subcommand("list", "List events by start date");
  l->add_option("--kind", list->kind, "seminar, workshop, network-meeting, ...");
  l->add_option("--city", list->city, "Held in or linked to this city");
  l->add_option("--from", list->from, "Start date from (YYYY-MM-DD)");
  l->add_option("--to", list->to, "Start date until (YYYY-MM-DD)");
  l->add_option("--format", list->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(l, [&global, list] { return RunList(global, *list); });

  auto show = std::make_shared<ShowOptions>();
  CLI::App* s = cmd->add_subcommand("show", "Show everything recorded about one event");
  s->add_option("ID", show->key, "Event id or code")->required();
  s->add_option("--format", show->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(s, [&global, show] { return RunShow(global, *show); });

  auto add = std::make_shared<AddOptions>();
  CLI::App* a = cmd->add_subcommand("add", "Record a new event (its main facts)");
  a->add_option("--code", add->event.code, "Unique slug, e.g. weihai-workshop-2002")->required();
  a->add_option("--kind", add->event.kind, "seminar, workshop, network-meeting, ...")->required();
  a->add_option("--title", add->event.title, "Title")->required();
  a->add_option("--start", add->event.start_date, "YYYY-MM-DD (or YYYY-MM)")->required();
  a->add_option("--end", add->event.end_date, "YYYY-MM-DD (or YYYY-MM)");
  a->add_option("--status", add->event.status, "planned, held or cancelled");
  a->add_option("--venue", add->event.venue, "Venue");
  a->add_option("--city", add->event.city_code, "City code of the venue");
  a->add_option("--country", add->event.country_code, "Country code of the venue");
  a->add_option("--summary", add->event.summary, "What it was about");
  a->add_flag("--illustrative", add->illustrative, "Mark the event as invented (demo data)");
  ctx.runner.Bind(a, [&global, add] { return RunAdd(global, *add); });

  auto imp = std::make_shared<ImportOptions>();
  CLI::App* i = cmd->add_subcommand(
      "import", "Import events from a JSON file (one Event or an array; all or nothing)");
  i->add_option("FILE", imp->file, "JSON file (docs/events.md)")->required();
  ctx.runner.Bind(i, [&global, imp] { return RunImport(global, *imp); });

  auto act = std::make_shared<ActionOptions>();
  CLI::App* ac = cmd->add_subcommand("action", "Set the status of a follow-up action");
  ac->add_option("ID", act->key, "Event id or code")->required();
  ac->add_option("NUMBER", act->number, "Action number")->required();
  ac->add_option("--status", act->status, "open, in-progress, done or cancelled")->required();
  ac->add_option("--note", act->note, "Note");
  ctx.runner.Bind(ac, [&global, act] { return RunAction(global, *act); });
}

}  // namespace kinet
