// `kinet pilot call|rank|project`: the pilot programme (docs/pilots.md,
// docs/cli.md "kinet pilot"). Contract: `kinet pilot rank --call ID
// [--format json]` prints the same JSON as GET /api/v1/pilot-calls/{id}/ranking.
// The console operator acts as the secretariat (permissions.h).
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "core/file.h"
#include "service/permissions.h"
#include "service/pilot_json.h"
#include "service/pilot_service.h"

namespace kinet {
namespace {

Principal Operator() { return Principal::Operator(OperatorName()); }

std::string Num(const std::optional<double>& v, const char* spec = "{:.4f}") {
  return v ? fmt::format(fmt::runtime(spec), *v) : "-";
}
std::string Num(const std::optional<int>& v) { return v ? std::to_string(*v) : "-"; }

void PrintJson(const nlohmann::json& j) { fmt::print("{}\n", j.dump(2)); }

// Names the file and the key of a refused input ("call.json: criteria[0].weight: ...").
Status InFile(const Status& s, const std::string& file) {
  if (s.ok() || s.code() != StatusCode::kInvalidArgument) return s;
  return s.WithPrefix(s.field().empty() ? file : fmt::format("{}: {}", file, s.field()));
}

Result<nlohmann::json> ReadJsonFile(const std::string& path) {
  KINET_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseJsonObject(text, path);
}

// ---- call -------------------------------------------------------------------

struct CallOptions {
  std::string file;
  std::int64_t id = 0;
  std::string format = "table";
  // rate
  std::string criterion;
  std::string city;
  double value = 0;
  std::string note;
};

void PrintCall(const PilotCall& c, const std::vector<PilotRating>& ratings) {
  fmt::print("Call {}: {}{}{}\n", c.id.value, c.title, c.title_zh.empty() ? "" : " / " + c.title_zh,
             c.data_status == DataStatus::kIllustrative ? " [illustrative]" : "");
  fmt::print("Open {} to {}; eligible countries: {}; missing values: {}\n", c.opens, c.closes,
             c.eligible_countries.empty()
                 ? "any"
                 : fmt::format("{}", fmt::join(c.eligible_countries, ", ")),
             MissingRuleCode(c.missing_rule));
  fmt::print("Candidates: {}\n", fmt::join(c.candidate_cities, ", "));
  TextTable t({"criterion", "name", "source", "direction", "normalisation", "target", "weight"});
  for (const PilotCriterion& k : c.criteria) {
    std::string source(CriterionSourceCode(k.source));
    if (k.source == CriterionSource::kIndicator) {
      source += fmt::format(" {} {}", k.indicator_code, Num(k.year));
    } else if (k.source == CriterionSource::kScheme) {
      source += fmt::format(" {} {}", k.scheme_id, Num(k.year));
    }
    t.AddRow({k.code, k.name, source, std::string(CriterionDirectionCode(k.direction)),
              std::string(NormalisationCode(k.normalisation)), Num(k.target_value, "{:.10g}"),
              fmt::format("{:g}", k.weight)});
  }
  fmt::print("{}{} ratings entered\n", t.Render(), ratings.size());
}

Status RunCallAdd(const GlobalOptions& g, const CallOptions& o) {
  KINET_ASSIGN_OR_RETURN(nlohmann::json body, ReadJsonFile(o.file));
  Result<PilotCall> call = PilotCallFromJson(body);
  if (!call.ok()) return InFile(call.status(), o.file);
  KINET_ASSIGN_OR_RETURN(auto db, OpenForCommand(g.db_url));
  Result<PilotCall> created = PilotService(*db).CreateCall(Operator(), *call);
  if (!created.ok()) return InFile(created.status(), o.file);
  const PilotCall& stored = *created;
  if (o.format == "json") {
    PrintJson(ToJson(stored));
  } else {
    fmt::print("Created call {}: {} ({} candidates, {} criteria)\n", stored.id.value, stored.title,
               stored.candidate_cities.size(), stored.criteria.size());
  }
  return OkStatus();
}

// Replaces an open call with the JSON of `--file` (the form of `call add`);
// the ratings of kept criteria and candidates stay (PilotService::UpdateCall).
Status RunCallUpdate(const GlobalOptions& g, const CallOptions& o) {
  KINET_ASSIGN_OR_RETURN(nlohmann::json body, ReadJsonFile(o.file));
  Result<PilotCall> call = PilotCallFromJson(body);
  if (!call.ok()) return InFile(call.status(), o.file);
  call->id = PilotCallId(o.id);
  KINET_ASSIGN_OR_RETURN(auto db, OpenForCommand(g.db_url));
  Result<PilotCall> updated = PilotService(*db).UpdateCall(Operator(), *call);
  if (!updated.ok()) return InFile(updated.status(), o.file);
  const PilotCall& stored = *updated;
  if (o.format == "json") {
    PrintJson(ToJson(stored));
  } else {
    fmt::print("Updated call {}: {} ({} candidates, {} criteria)\n", stored.id.value, stored.title,
               stored.candidate_cities.size(), stored.criteria.size());
  }
  return OkStatus();
}

Status RunCallList(const GlobalOptions& g, const CallOptions& o) {
  KINET_ASSIGN_OR_RETURN(auto db, OpenForCommand(g.db_url));
  KINET_ASSIGN_OR_RETURN(std::vector<PilotCall> calls, PilotService(*db).ListCalls());
  if (o.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const PilotCall& c : calls) arr.push_back(ToJson(c));
    PrintJson(arr);
    return OkStatus();
  }
  TextTable t({"id", "title", "opens", "closes", "candidates", "criteria", "data"});
  for (const PilotCall& c : calls) {
    t.AddRow({std::to_string(c.id.value), c.title, c.opens, c.closes,
              std::to_string(c.candidate_cities.size()), std::to_string(c.criteria.size()),
              std::string(DataStatusCode(c.data_status))});
  }
  fmt::print("{}{} calls\n", t.Render(), calls.size());
  return OkStatus();
}

Status RunCallShow(const GlobalOptions& g, const CallOptions& o) {
  KINET_ASSIGN_OR_RETURN(auto db, OpenForCommand(g.db_url));
  PilotService s(*db);
  KINET_ASSIGN_OR_RETURN(PilotCall c, s.FindCall(PilotCallId(o.id)));
  KINET_ASSIGN_OR_RETURN(std::vector<PilotRating> ratings, s.ListRatings(c.id));
  if (o.format == "json") {
    PrintJson(ToJson(c, &ratings));
  } else {
    PrintCall(c, ratings);
  }
  return OkStatus();
}

Status RunCallRate(const GlobalOptions& g, const CallOptions& o) {
  KINET_ASSIGN_OR_RETURN(auto db, OpenForCommand(g.db_url));
  PilotRating r;
  r.call_id = PilotCallId(o.id);
  r.criterion_code = o.criterion;
  r.city_code = o.city;
  r.value = o.value;
  r.note = o.note;
  KINET_ASSIGN_OR_RETURN(PilotRating stored, PilotService(*db).Rate(Operator(), r));
  fmt::print("Rated {} on {} in call {}: {:g} (by {})\n", stored.city_code, stored.criterion_code,
             stored.call_id.value, stored.value, stored.assessor);
  return OkStatus();
}

// ---- rank -------------------------------------------------------------------

struct RankOptions {
  std::int64_t call = 0;
  std::string format = "table";
  double step = 0.2;
  std::string out;
};

Status RunRank(const GlobalOptions& g, const RankOptions& o) {
  KINET_ASSIGN_OR_RETURN(auto db, OpenForCommand(g.db_url));
  KINET_ASSIGN_OR_RETURN(PilotRanking r,
                         PilotService(*db).Rank(PilotCallId(o.call), McdaOptions{o.step}));
  if (!o.out.empty()) KINET_RETURN_IF_ERROR(WriteRankingFile(r, o.out));
  if (o.format == "json") {
    PrintJson(ToJson(r));
    return OkStatus();
  }
  const McdaResult& m = r.result;
  fmt::print("Call {}: {}{}\n", r.call.id.value, r.call.title,
             r.call.data_status == DataStatus::kIllustrative ? " [illustrative]" : "");
  std::string weights;
  for (std::size_t j = 0; j < r.call.criteria.size(); ++j) {
    weights +=
        fmt::format("{}{} {:.3f}", j == 0 ? "" : ", ", r.call.criteria[j].code, m.weights[j]);
  }
  fmt::print("Weights (renormalised): {}\n", weights);
  TextTable t({"city", "weighted sum", "rank", "stable", "TOPSIS C", "rank", "stable", "missing"});
  for (const McdaAlternativeResult& a : m.alternatives) {
    auto stable = [&](bool s) { return a.ranked ? (s ? "yes" : "no") : "-"; };
    t.AddRow({a.code, Num(a.weighted_sum), Num(a.weighted_sum_rank),
              stable(a.weighted_sum_rank_stable), Num(a.closeness), Num(a.topsis_rank),
              stable(a.topsis_rank_stable),
              a.missing.empty()
                  ? ""
                  : fmt::format("{} ({})", fmt::join(a.missing, ", "),
                                MissingRuleCode(r.call.missing_rule) == std::string_view("worst")
                                    ? "worst value used"
                                    : "not ranked")});
  }
  fmt::print("{}", t.Render());
  fmt::print("Sensitivity (each weight ×{:g} and ×{:g}, others renormalised):\n",
             1 - r.sensitivity_step, 1 + r.sensitivity_step);
  for (const McdaPerturbation& p : m.perturbations) {
    fmt::print("  {} ×{:g}: {}\n", p.criterion, p.factor,
               p.changed.empty() ? std::string("no rank changes")
                                 : fmt::format("ranks change for {}", fmt::join(p.changed, ", ")));
  }
  if (!o.out.empty()) fmt::print("Wrote the full reasoning to {}\n", o.out);
  return OkStatus();
}

// ---- project ----------------------------------------------------------------

struct ProjectOptions {
  std::string file;
  std::int64_t id = 0;
  std::string format = "table";
  std::string city;
  std::int64_t call = 0;
  std::string status;
  // report
  std::string period, progress, problems, next_steps;
  bool submit = false;
  // approve
  std::int64_t report = 0;
  bool send_back = false;
  std::string note;
};

Status RunProjectAdd(const GlobalOptions& g, const ProjectOptions& o) {
  KINET_ASSIGN_OR_RETURN(nlohmann::json body, ReadJsonFile(o.file));
  Result<PilotProject> project = PilotProjectFromJson(body);
  if (!project.ok()) return InFile(project.status(), o.file);
  KINET_ASSIGN_OR_RETURN(auto db, OpenForCommand(g.db_url));
  Result<PilotProject> created = PilotService(*db).CreateProject(Operator(), *project);
  if (!created.ok()) return InFile(created.status(), o.file);
  const PilotProject& stored = *created;
  if (o.format == "json") {
    PrintJson(ToJson(stored));
  } else {
    fmt::print("Created pilot project {}: {} ({})\n", stored.id.value, stored.title,
               stored.city_code);
  }
  return OkStatus();
}

// The file holds the same JSON as `project add`; without "status" the
// project keeps its status.
Status RunProjectUpdate(const GlobalOptions& g, const ProjectOptions& o) {
  KINET_ASSIGN_OR_RETURN(nlohmann::json body, ReadJsonFile(o.file));
  KINET_ASSIGN_OR_RETURN(auto db, OpenForCommand(g.db_url));
  PilotService service(*db);
  KINET_ASSIGN_OR_RETURN(PilotProject current, service.FindProject(PilotProjectId(o.id)));
  Result<PilotProject> project = PilotProjectFromJson(body, current.status);
  if (!project.ok()) return InFile(project.status(), o.file);
  project->id = current.id;
  Result<PilotProject> updated = service.UpdateProject(Operator(), *project);
  if (!updated.ok()) return InFile(updated.status(), o.file);
  const PilotProject& stored = *updated;
  if (o.format == "json") {
    PrintJson(ToJson(stored));
  } else {
    fmt::print("Updated pilot project {}: {} ({}, {})\n", stored.id.value, stored.title,
               stored.city_code, ProjectStatusCode(stored.status));
  }
  return OkStatus();
}

Status RunProjectList(const GlobalOptions& g, const ProjectOptions& o) {
  KINET_ASSIGN_OR_RETURN(auto db, OpenForCommand(g.db_url));
  PilotProjectQuery q;
  if (!o.city.empty()) q.city_code = o.city;
  if (o.call > 0) q.call_id = PilotCallId(o.call);
  if (!o.status.empty()) {
    q.status = ParseProjectStatus(o.status);
    if (!q.status) {
      return InvalidArgument(fmt::format("--status '{}' is not planned, active, completed or "
                                         "cancelled",
                                         o.status),
                             "status");
    }
  }
  KINET_ASSIGN_OR_RETURN(std::vector<PilotProject> projects, PilotService(*db).ListProjects(q));
  if (o.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const PilotProject& p : projects) arr.push_back(ToJson(p));
    PrintJson(arr);
    return OkStatus();
  }
  TextTable t({"id", "city", "title", "start", "end", "status", "data"});
  for (const PilotProject& p : projects) {
    t.AddRow({std::to_string(p.id.value), p.city_code, p.title, p.start, p.end,
              std::string(ProjectStatusCode(p.status)),
              std::string(DataStatusCode(p.data_status))});
  }
  fmt::print("{}{} projects\n", t.Render(), projects.size());
  return OkStatus();
}

Status RunProjectShow(const GlobalOptions& g, const ProjectOptions& o) {
  KINET_ASSIGN_OR_RETURN(auto db, OpenForCommand(g.db_url));
  KINET_ASSIGN_OR_RETURN(PilotProjectView v,
                         PilotService(*db).ShowProject(Operator(), PilotProjectId(o.id)));
  if (o.format == "json") {
    PrintJson(ToJson(v));
    return OkStatus();
  }
  const PilotProject& p = v.project;
  fmt::print("Pilot project {}: {}{}\n", p.id.value, p.title,
             p.data_status == DataStatus::kIllustrative ? " [illustrative]" : "");
  fmt::print("City {}; {} to {}; status {}; themes {}\n", p.city_code, p.start, p.end,
             ProjectStatusCode(p.status), fmt::join(p.themes, ", "));
  if (p.budget) fmt::print("Budget {:.10g} {}\n", *p.budget, p.currency);
  for (const PilotFunding& f : p.funding) {
    fmt::print("  funding: {} {:.10g} {}{}\n", f.source, f.amount, f.currency,
               f.note.empty() ? "" : " (" + f.note + ")");
  }
  for (const PilotPartner& x : p.partners) {
    fmt::print("  partner: {} {} {}\n", PartnerKindCode(x.kind), x.code.empty() ? x.name : x.code,
               x.role);
  }
  fmt::print("Results framework (actual values from the city's indicator values):\n");
  TextTable t({"indicator", "unit", "baseline", "target", "actuals", "achieved"});
  for (const PilotIndicatorProgress& x : v.results) {
    std::string actuals;
    for (const PilotActual& a : x.actuals) {
      actuals += fmt::format("{}{}={:g}", actuals.empty() ? "" : " ", a.year, a.value);
    }
    t.AddRow({x.line.indicator_code, x.unit,
              fmt::format("{:g} ({})", x.line.baseline_value, x.line.baseline_year),
              fmt::format("{:g} ({})", x.line.target_value, x.line.target_year),
              actuals.empty() ? "no values yet" : actuals,
              x.achieved_percent ? fmt::format("{:.0f} %", *x.achieved_percent) : "-"});
  }
  fmt::print("{}", t.Render());
  for (std::size_t i = 0; i < p.milestones.size(); ++i) {
    const PilotMilestone& m = p.milestones[i];
    fmt::print("  milestone {}: {} due {}{}\n", i + 1, m.title, m.due,
               m.done.empty() ? " (open)" : ", done " + m.done);
  }
  for (const PilotReport& r : v.reports) {
    fmt::print("  report {} ({}): {} by {}\n", r.id.value, r.period, ReportStatusCode(r.status),
               r.author);
  }
  if (!p.practice_code.empty()) fmt::print("Became best practice {}\n", p.practice_code);
  return OkStatus();
}

Status RunProjectReport(const GlobalOptions& g, const ProjectOptions& o) {
  KINET_ASSIGN_OR_RETURN(auto db, OpenForCommand(g.db_url));
  PilotService s(*db);
  PilotReport r;
  r.project_id = PilotProjectId(o.id);
  r.period = o.period;
  r.progress = o.progress;
  r.problems = o.problems;
  r.next_steps = o.next_steps;
  KINET_ASSIGN_OR_RETURN(PilotReport stored, s.AddReport(Operator(), r));
  if (o.submit) {
    KINET_ASSIGN_OR_RETURN(stored,
                           s.ChangeReportStatus(Operator(), stored.id, ReportStatus::kSubmitted));
  }
  fmt::print("Report {} for project {} ({}): {}\n", stored.id.value, o.id, stored.period,
             ReportStatusCode(stored.status));
  return OkStatus();
}

Status RunProjectApprove(const GlobalOptions& g, const ProjectOptions& o) {
  KINET_ASSIGN_OR_RETURN(auto db, OpenForCommand(g.db_url));
  const ReportStatus to = o.send_back ? ReportStatus::kReturned : ReportStatus::kApproved;
  KINET_ASSIGN_OR_RETURN(PilotReport r, PilotService(*db).ChangeReportStatus(
                                            Operator(), PilotReportId(o.report), to, o.note));
  fmt::print("Report {} ({}): {}\n", r.id.value, r.period, ReportStatusCode(r.status));
  return OkStatus();
}

Status RunProjectSubmit(const GlobalOptions& g, const ProjectOptions& o) {
  KINET_ASSIGN_OR_RETURN(auto db, OpenForCommand(g.db_url));
  KINET_ASSIGN_OR_RETURN(PilotReport r,
                         PilotService(*db).ChangeReportStatus(Operator(), PilotReportId(o.report),
                                                              ReportStatus::kSubmitted));
  fmt::print("Report {} ({}): {}\n", r.id.value, r.period, ReportStatusCode(r.status));
  return OkStatus();
}

Status RunProjectStatus(const GlobalOptions& g, const ProjectOptions& o) {
  std::optional<ProjectStatus> to = ParseProjectStatus(o.status);
  if (!to) {
    return InvalidArgument(
        fmt::format("--to '{}' is not planned, active, completed or cancelled", o.status), "to");
  }
  KINET_ASSIGN_OR_RETURN(auto db, OpenForCommand(g.db_url));
  KINET_ASSIGN_OR_RETURN(PilotProject p,
                         PilotService(*db).SetProjectStatus(Operator(), PilotProjectId(o.id), *to));
  fmt::print("Project {}: {}\n", p.id.value, ProjectStatusCode(p.status));
  return OkStatus();
}

Status RunProjectOutcome(const GlobalOptions& g, const ProjectOptions& o) {
  KINET_ASSIGN_OR_RETURN(auto db, OpenForCommand(g.db_url));
  KINET_ASSIGN_OR_RETURN(std::vector<PilotOutcome> outcomes,
                         PilotService(*db).Outcome(Operator(), PilotProjectId(o.id)));
  if (o.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const PilotOutcome& x : outcomes) arr.push_back(ToJson(x));
    PrintJson(arr);
    return OkStatus();
  }
  TextTable t({"indicator", "before", "after", "city change", "peers' change", "DiD", "interval",
               "peers", "level"});
  std::string reasons;
  for (const PilotOutcome& x : outcomes) {
    const Evidence& e = x.evidence;
    t.AddRow({x.line.indicator_code, fmt::format("{}-{}", x.before.from, x.before.to),
              fmt::format("{}-{}", x.after.from, x.after.to), Num(e.city_change, "{:+.4g}"),
              Num(e.peer_mean_change, "{:+.4g}"), Num(e.did, "{:+.4g}"),
              e.did_lower && e.did_upper
                  ? fmt::format("[{:.4g}, {:.4g}]", *e.did_lower, *e.did_upper)
                  : "-",
              std::to_string(e.comparisons.size()), std::string(EvidenceLevelCode(e.level))});
    reasons += fmt::format("  {}: {}\n", x.line.indicator_code, e.reason);
  }
  fmt::print("{}{}", t.Render(), reasons);
  return OkStatus();
}

Status RunProjectToPractice(const GlobalOptions& g, const ProjectOptions& o) {
  KINET_ASSIGN_OR_RETURN(auto db, OpenForCommand(g.db_url));
  KINET_ASSIGN_OR_RETURN(std::string code,
                         PilotService(*db).ToPractice(Operator(), PilotProjectId(o.id), o.note));
  fmt::print("Project {} became draft best practice {} (review it with `kinet practice show {}`)\n",
             o.id, code, code);
  return OkStatus();
}

void FormatOption(CLI::App* app, std::string& format) {
  app->add_option("--format", format, "table or json")->check(CLI::IsMember({"table", "json"}));
}

}  // namespace

void RegisterPilotCommand(CommandContext& ctx) {
  CLI::App* pilot = ctx.app.add_subcommand(
      "pilot", "Pilot programme: calls, ranking of candidate cities, projects (docs/pilots.md)");
  pilot->require_subcommand(1);
  GlobalOptions& global = ctx.global;

  // call
  CLI::App* call = pilot->add_subcommand("call", "Calls for pilot cities and their criteria");
  call->require_subcommand(1);
  auto co = std::make_shared<CallOptions>();
  CLI::App* add = call->add_subcommand("add", "Define a call from a JSON file (docs/pilots.md)");
  add->add_option("--file", co->file, "The call as JSON (PilotCallInput)")->required();
  FormatOption(add, co->format);
  ctx.runner.Bind(add, [&global, co] { return RunCallAdd(global, *co); });
  CLI::App* update =
      call->add_subcommand("update", "Replace an open call with a JSON file (as add)");
  update->add_option("id", co->id, "Call id")->required();
  update->add_option("--file", co->file, "The call as JSON (PilotCallInput)")->required();
  FormatOption(update, co->format);
  ctx.runner.Bind(update, [&global, co] { return RunCallUpdate(global, *co); });
  CLI::App* list = call->add_subcommand("list", "List calls, newest first");
  FormatOption(list, co->format);
  ctx.runner.Bind(list, [&global, co] { return RunCallList(global, *co); });
  CLI::App* show = call->add_subcommand("show", "A call with its criteria and ratings");
  show->add_option("id", co->id, "Call id")->required();
  FormatOption(show, co->format);
  ctx.runner.Bind(show, [&global, co] { return RunCallShow(global, *co); });
  CLI::App* rate = call->add_subcommand("rate", "Enter an assessor's rating of a candidate");
  rate->add_option("--call", co->id, "Call id")->required();
  rate->add_option("--criterion", co->criterion, "Code of a rating criterion")->required();
  rate->add_option("--city", co->city, "Candidate city code")->required();
  rate->add_option("--value", co->value, "The rating (on the criterion's scale)")->required();
  rate->add_option("--note", co->note, "Why");
  ctx.runner.Bind(rate, [&global, co] { return RunCallRate(global, *co); });

  // rank (contract: kinet pilot rank --call ID [--format json])
  auto ro = std::make_shared<RankOptions>();
  CLI::App* rank = pilot->add_subcommand(
      "rank", "Rank a call's candidates: weighted sum, TOPSIS and sensitivity");
  rank->add_option("--call", ro->call, "Call id")->required();
  FormatOption(rank, ro->format);
  rank->add_option("--step", ro->step, "Sensitivity: move each weight by ± this share")
      ->check(CLI::Range(0.01, 0.9));
  rank->add_option("--out", ro->out, "Also write the full reasoning to FILE.csv or FILE.xlsx");
  ctx.runner.Bind(rank, [&global, ro] { return RunRank(global, *ro); });

  // project
  CLI::App* project = pilot->add_subcommand("project", "Pilot projects");
  project->require_subcommand(1);
  auto po = std::make_shared<ProjectOptions>();
  CLI::App* padd = project->add_subcommand("add", "Create a project from a JSON file");
  padd->add_option("--file", po->file, "The project as JSON (PilotProjectInput)")->required();
  FormatOption(padd, po->format);
  ctx.runner.Bind(padd, [&global, po] { return RunProjectAdd(global, *po); });
  CLI::App* pupdate = project->add_subcommand(
      "update", "Correct a project from a JSON file (the same JSON as add; docs/pilots.md)");
  pupdate->add_option("id", po->id, "Project id")->required();
  pupdate->add_option("--file", po->file, "The project as JSON (PilotProjectInput)")->required();
  FormatOption(pupdate, po->format);
  ctx.runner.Bind(pupdate, [&global, po] { return RunProjectUpdate(global, *po); });
  CLI::App* plist = project->add_subcommand("list", "List projects");
  plist->add_option("--city", po->city, "Only this city's projects");
  plist->add_option("--call", po->call, "Only the projects of this call");
  plist->add_option("--status", po->status, "planned, active, completed or cancelled");
  FormatOption(plist, po->format);
  ctx.runner.Bind(plist, [&global, po] { return RunProjectList(global, *po); });
  CLI::App* pshow =
      project->add_subcommand("show", "A project with its results framework and reports");
  pshow->add_option("id", po->id, "Project id")->required();
  FormatOption(pshow, po->format);
  ctx.runner.Bind(pshow, [&global, po] { return RunProjectShow(global, *po); });
  CLI::App* report = project->add_subcommand("report", "Add a progress report (a draft)");
  report->add_option("id", po->id, "Project id")->required();
  report->add_option("--period", po->period, "Reporting period, e.g. 2003 or 2003-H1")->required();
  report->add_option("--progress", po->progress, "What was done");
  report->add_option("--problems", po->problems, "Problems met");
  report->add_option("--next-steps", po->next_steps, "What comes next");
  report->add_flag("--submit", po->submit, "Submit the report for approval at once");
  ctx.runner.Bind(report, [&global, po] { return RunProjectReport(global, *po); });
  CLI::App* submit = project->add_subcommand("submit", "Submit a draft or returned report");
  submit->add_option("--report", po->report, "Report id")->required();
  ctx.runner.Bind(submit, [&global, po] { return RunProjectSubmit(global, *po); });
  CLI::App* approve =
      project->add_subcommand("approve", "Approve a submitted report (or --return it)");
  approve->add_option("--report", po->report, "Report id")->required();
  approve->add_flag("--return", po->send_back, "Return it for correction instead");
  approve->add_option("--note", po->note, "Decision note (required with --return)");
  ctx.runner.Bind(approve, [&global, po] { return RunProjectApprove(global, *po); });
  CLI::App* outcome = project->add_subcommand(
      "outcome", "The city's change against the comparison cities (difference in differences)");
  outcome->add_option("id", po->id, "Project id")->required();
  FormatOption(outcome, po->format);
  ctx.runner.Bind(outcome, [&global, po] { return RunProjectOutcome(global, *po); });
  CLI::App* to_practice =
      project->add_subcommand("to-practice", "Turn a completed pilot into a draft best practice");
  to_practice->add_option("id", po->id, "Project id")->required();
  to_practice->add_option("--code", po->note, "Practice code (default pilot-<id>-<city>)");
  ctx.runner.Bind(to_practice, [&global, po] { return RunProjectToPractice(global, *po); });
  CLI::App* status = project->add_subcommand("status", "Change a project's status");
  status->add_option("id", po->id, "Project id")->required();
  status->add_option("--to", po->status, "planned, active, completed or cancelled")->required();
  ctx.runner.Bind(status, [&global, po] { return RunProjectStatus(global, *po); });
}

}  // namespace kinet
