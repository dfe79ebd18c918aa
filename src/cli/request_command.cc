// `kinet request list|show|add|match|<step>`: cities' assistance requests and
// their lifecycle (docs/cli.md "kinet request", docs/assistance.md). The
// console operator holds every right; `--as EMAIL` takes a step as that user
// instead, with that user's permissions (to reproduce what they may do).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "service/assistance_json.h"
#include "store/registry_repository.h"

namespace kinet {
namespace {

std::string Money(const std::optional<double>& v) {
  return v ? fmt::format("{:.0f}", *v) : std::string("-");
}

Result<Principal> Who(Database& db, const std::string& as) {
  if (as.empty()) return Principal::Operator(OperatorName());
  KINET_ASSIGN_OR_RETURN(User u, UserRepository(db).FindByEmail(as));
  return Principal::ForUser(u);
}

struct ListOptions {
  std::string city;
  std::string status;
  std::string programme;
  std::string format = "table";
};

Status RunList(const GlobalOptions& global, const ListOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  RequestQuery q;
  if (!opts.city.empty()) q.city_code = opts.city;
  if (!opts.status.empty()) {
    q.status = ParseRequestStatus(opts.status);
    if (!q.status)
      return InvalidArgument(fmt::format("unknown --status '{}'", opts.status), "status");
  }
  if (!opts.programme.empty()) q.programme_code = opts.programme;
  KINET_ASSIGN_OR_RETURN(
      std::vector<AssistanceRequest> all,
      AssistanceService(*db).ListRequests(Principal::Operator(OperatorName()), q));
  if (opts.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const AssistanceRequest& r : all) arr.push_back(ToJson(r));
    fmt::print("{}\n", arr.dump(2));
    return OkStatus();
  }
  TextTable table(
      {"id", "city", "status", "type", "theme", "budget USD", "programmes", "title", "data"});
  for (const AssistanceRequest& r : all) {
    std::string programmes;
    for (const RequestProgramme& p : r.programmes) {
      programmes += fmt::format("{}{} ({})", programmes.empty() ? "" : ", ", p.programme_code,
                                ProgrammeDecisionCode(p.decision));
    }
    table.AddRow({std::to_string(r.id.value), r.city_code, std::string(RequestStatusCode(r.status)),
                  std::string(AssistanceTypeCode(r.type)), r.theme, Money(r.budget), programmes,
                  r.title, std::string(DataStatusCode(r.data_status))});
  }
  fmt::print("{}{} requests\n", table.Render(), all.size());
  return OkStatus();
}

struct ShowOptions {
  std::int64_t id = 0;
  std::string format = "table";
};

Status RunShow(const GlobalOptions& global, const ShowOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(
      AssistanceRequest r,
      AssistanceService(*db).GetRequest(Principal::Operator(OperatorName()), RequestId(opts.id)));
  if (opts.format == "json") {
    fmt::print("{}\n", ToJson(r).dump(2));
    return OkStatus();
  }
  fmt::print("Request {}: {}\n", r.id.value, r.title);
  fmt::print("City:        {} ({})\n", r.city_code, r.country_code);
  fmt::print("Status:      {}\n", RequestStatusCode(r.status));
  fmt::print("Help:        {}, theme {}\n", AssistanceTypeCode(r.type), r.theme);
  fmt::print("Problem:     {}{}\n", r.problem_code.empty() ? "-" : r.problem_code,
             r.indicator_code.empty() ? "" : " (indicator " + r.indicator_code + ")");
  fmt::print("Budget:      {} USD, co-funding {} USD\n", Money(r.budget), Money(r.co_funding));
  fmt::print("Wanted from: {}\n", r.wanted_start.empty() ? "-" : r.wanted_start);
  if (!r.description.empty()) fmt::print("\n{}\n", r.description);
  if (!r.programmes.empty()) {
    TextTable t({"programme", "agency", "answer", "by", "at", "comment"});
    for (const RequestProgramme& p : r.programmes) {
      t.AddRow({p.programme_code, p.agency_code, std::string(ProgrammeDecisionCode(p.decision)),
                p.decided_by, p.decided_at, p.comment});
    }
    fmt::print("\nForwarded to:\n{}", t.Render());
  }
  if (r.outcome) {
    fmt::print("\nOutcome: {}; funds {} USD{}{}\n", r.outcome->help_delivered,
               Money(r.outcome->funds),
               r.outcome->pilot_id ? fmt::format("; pilot {}", *r.outcome->pilot_id) : "",
               r.outcome->note.empty() ? "" : "; " + r.outcome->note);
  }
  TextTable h({"at", "who", "step", "from", "to", "programme", "comment"});
  for (const RequestStep& s : r.history) {
    h.AddRow({s.at, s.actor, std::string(RequestActionCode(s.action)),
              s.from ? std::string(RequestStatusCode(*s.from)) : "",
              std::string(RequestStatusCode(s.to)), s.programme_code, s.comment});
  }
  fmt::print("\nHistory:\n{}", h.Render());
  fmt::print("\nData: {}\n", DataStatusCode(r.data_status));
  return OkStatus();
}

struct AddOptions {
  AssistanceRequest request;
  std::string type;
  std::optional<double> budget;
  std::optional<double> co_funding;
  bool illustrative = false;
  std::string as;
};

Status RunAdd(const GlobalOptions& global, const AddOptions& opts) {
  AssistanceRequest r = opts.request;
  std::optional<AssistanceType> type = ParseAssistanceType(opts.type);
  if (!type) return InvalidArgument(fmt::format("unknown --type '{}'", opts.type), "type");
  r.type = *type;
  r.budget = opts.budget;
  r.co_funding = opts.co_funding;
  r.data_status = opts.illustrative ? DataStatus::kIllustrative : DataStatus::kReal;
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(Principal who, Who(*db, opts.as));
  KINET_ASSIGN_OR_RETURN(AssistanceRequest stored, AssistanceService(*db).CreateRequest(who, r));
  fmt::print("Filed request {} for {} (draft); submit it with `kinet request submit {}`\n",
             stored.id.value, stored.city_code, stored.id.value);
  return OkStatus();
}

struct StepOptions {
  std::int64_t id = 0;
  std::string comment;
  std::vector<std::string> programmes;  // forward
  std::string programme;                // accept, decline
  std::string help;                     // complete
  std::optional<double> funds;
  std::optional<std::int64_t> pilot;
  std::string as;
};

Status RunStep(const GlobalOptions& global, RequestAction action, const StepOptions& opts) {
  RequestTransition t;
  t.action = action;
  t.comment = opts.comment;
  t.programmes = opts.programmes;
  t.programme = opts.programme;
  if (action == RequestAction::kComplete) {
    t.outcome = RequestOutcome{opts.help, opts.funds, opts.pilot, ""};
  }
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(Principal who, Who(*db, opts.as));
  KINET_ASSIGN_OR_RETURN(AssistanceRequest r,
                         AssistanceService(*db).Transition(who, RequestId(opts.id), t));
  fmt::print("Request {} is {} ({} by {})\n", r.id.value, RequestStatusCode(r.status),
             RequestActionCode(action), who.actor());
  return OkStatus();
}

struct MatchOptions {
  std::int64_t id = 0;
  std::string format = "table";
};

Status RunMatch(const GlobalOptions& global, const MatchOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(
      ProgrammeMatches m,
      AssistanceService(*db).Match(Principal::Operator(OperatorName()), RequestId(opts.id)));
  if (opts.format == "json") {
    fmt::print("{}\n", ToJson(m).dump(2));
    return OkStatus();
  }
  TextTable t({"programme", "agency", "eligible", "why not"});
  for (const ProgrammeMatch& pm : m.items) {
    std::string why;
    for (const IneligibilityReason& r : pm.reasons) {
      why += fmt::format("{}{}: {}", why.empty() ? "" : "; ", r.criterion, r.message);
    }
    t.AddRow({pm.programme.code, pm.programme.agency_code, pm.eligible() ? "yes" : "no", why});
  }
  fmt::print("Programmes for request {} (periods checked at {}):\n{}", m.request_id.value,
             m.reference_date, t.Render());
  return OkStatus();
}

}  // namespace

void RegisterRequestCommand(CommandContext& ctx) {
  CLI::App* cmd = ctx.app.add_subcommand("request", "Cities' assistance requests");
  cmd->require_subcommand(1);
  GlobalOptions& global = ctx.global;

  auto list = std::make_shared<ListOptions>();
  CLI::App* l = cmd->add_subcommand("list", "List requests, newest first");
  l->add_option("--city", list->city, "City code");
  l->add_option("--status", list->status, "draft, submitted, endorsed, forwarded, ...");
  l->add_option("--programme", list->programme, "Forwarded to this programme");
  l->add_option("--format", list->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(l, [&global, list] { return RunList(global, *list); });

  auto show = std::make_shared<ShowOptions>();
  CLI::App* s = cmd->add_subcommand("show", "Show a request with its programmes and history");
  s->add_option("ID", show->id, "Request id")->required();
  s->add_option("--format", show->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(s, [&global, show] { return RunShow(global, *show); });

  auto add = std::make_shared<AddOptions>();
  CLI::App* a = cmd->add_subcommand("add", "File a draft request for a city");
  a->add_option("--city", add->request.city_code, "City code")->required();
  a->add_option("--title", add->request.title, "Short title")->required();
  a->add_option("--type", add->type,
                "expert-support, technical-cooperation, joint-research, advisory-mission, "
                "finance or training")
      ->required();
  a->add_option("--theme", add->request.theme, "air, water, waste, noise, ...")->required();
  a->add_option("--problem", add->request.problem_code,
                "Problem code of the city's profile (<city>:<indicator>:<kind>)");
  a->add_option("--indicator", add->request.indicator_code, "Indicator code");
  a->add_option("--description", add->request.description, "What is needed");
  a->add_option("--budget", add->budget, "USD asked for");
  a->add_option("--co-funding", add->co_funding, "USD the city contributes");
  a->add_option("--wanted-start", add->request.wanted_start, "YYYY-MM-DD");
  a->add_flag("--illustrative", add->illustrative, "Mark the request as invented (demo data)");
  a->add_option("--as", add->as, "Act as this user (with their permissions)");
  ctx.runner.Bind(a, [&global, add] { return RunAdd(global, *add); });

  struct StepSpec {
    const char* name;
    RequestAction action;
    const char* help;
  };
  const StepSpec steps[] = {
      {"submit", RequestAction::kSubmit, "Submit a draft (city officer)"},
      {"return", RequestAction::kReturn,
       "Return a submitted request to draft (national coordinator; --comment)"},
      {"endorse", RequestAction::kEndorse, "Endorse a submitted request (national coordinator)"},
      {"forward", RequestAction::kForward,
       "Forward to eligible programmes (secretariat; --programme ...)"},
      {"accept", RequestAction::kAccept, "Accept for a programme (its agency; --programme)"},
      {"decline", RequestAction::kDecline, "Decline for a programme (its agency; --programme)"},
      {"start", RequestAction::kStart, "Start the help (an accepting agency)"},
      {"complete", RequestAction::kComplete,
       "Complete with the outcome (an accepting agency; --help)"},
      {"withdraw", RequestAction::kWithdraw, "Withdraw (city officer)"},
  };
  for (const StepSpec& spec : steps) {
    auto opts = std::make_shared<StepOptions>();
    CLI::App* sub = cmd->add_subcommand(spec.name, spec.help);
    sub->add_option("ID", opts->id, "Request id")->required();
    sub->add_option("--comment", opts->comment, "Why (kept in the history)");
    if (spec.action == RequestAction::kForward) {
      sub->add_option("--programme", opts->programmes, "Programme code (repeat for several)")
          ->required();
    }
    if (spec.action == RequestAction::kAccept || spec.action == RequestAction::kDecline) {
      sub->add_option("--programme", opts->programme, "The programme answering")->required();
    }
    if (spec.action == RequestAction::kComplete) {
      sub->add_option("--help-delivered", opts->help, "What help was delivered")->required();
      sub->add_option("--funds", opts->funds, "USD provided");
      sub->add_option("--pilot", opts->pilot, "The pilot project id that resulted");
    }
    sub->add_option("--as", opts->as, "Act as this user (with their permissions)");
    const RequestAction action = spec.action;
    ctx.runner.Bind(sub, [&global, opts, action] { return RunStep(global, action, *opts); });
  }

  auto match = std::make_shared<MatchOptions>();
  CLI::App* m = cmd->add_subcommand("match", "Every programme for a request: eligible, or why not");
  m->add_option("ID", match->id, "Request id")->required();
  m->add_option("--format", match->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(m, [&global, match] { return RunMatch(global, *match); });
}

}  // namespace kinet
