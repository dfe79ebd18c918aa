// `kinet target set|list|progress`: quantitative targets of the cities and
// their progress status (docs/cli.md, docs/indicators.md "Targets and
// progress").
#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "service/target_service.h"

namespace kinet {
namespace {

// Who the console operator is, for created_by/updated_by and the audit log.
std::string CliActor() {
  const char* user = std::getenv("USER");
  return fmt::format("cli:{}", user != nullptr && *user != '\0' ? user : "operator");
}

std::string Num(double v) { return fmt::format("{:g}", v); }
std::string Num(const std::optional<int>& v) { return v ? std::to_string(*v) : "-"; }

nlohmann::json Opt(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
nlohmann::json Opt(const std::optional<int>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json TargetJson(const Target& t) {
  nlohmann::json milestones = nlohmann::json::array();
  for (const TargetMilestone& m : t.milestones) {
    milestones.push_back({{"year", m.year}, {"value", m.value}});
  }
  return {{"id", t.id.value},
          {"city", t.city_code},
          {"indicator", t.indicator_code},
          {"baseline", {{"year", t.baseline_year}, {"value", t.baseline_value}}},
          {"target", {{"year", t.target_year}, {"value", t.target_value}}},
          {"kind", TargetKindCode(t.kind)},
          {"set_by", t.set_by},
          {"responsible_body", t.responsible_body},
          {"responsible_person", t.responsible_person},
          {"source", t.source},
          {"note", t.note},
          {"data_status", DataStatusCode(t.data_status)},
          {"milestones", milestones},
          {"updated_by", t.updated_by},
          {"updated_at", t.updated_at}};
}

std::string MilestonesText(const Target& t) {
  std::string out;
  for (const TargetMilestone& m : t.milestones) {
    out += fmt::format("{}{}={}", out.empty() ? "" : " ", m.year, Num(m.value));
  }
  return out;
}

// ---- set --------------------------------------------------------------------

struct SetOptions {
  Target target;
  std::string actor;  // "" = CliActor()
  bool legal = false;
  bool illustrative = false;
  std::vector<std::string> milestones;  // "YEAR=VALUE"
};

Result<TargetMilestone> ParseMilestone(const std::string& text) {
  const std::size_t eq = text.find('=');
  const Status bad = InvalidArgument(
      fmt::format("--milestone '{}' must be YEAR=VALUE, e.g. 2015=75", text), "milestone");
  if (eq == std::string::npos) return bad;
  char* end = nullptr;
  const std::string year_text = text.substr(0, eq);
  const long year = std::strtol(year_text.c_str(), &end, 10);
  if (year_text.empty() || *end != '\0') return bad;
  const std::string value_text = text.substr(eq + 1);
  const double value = std::strtod(value_text.c_str(), &end);
  if (value_text.empty() || *end != '\0') return bad;
  return TargetMilestone{static_cast<int>(year), value};
}

Status RunSet(const GlobalOptions& global, const SetOptions& opts) {
  Target t = opts.target;
  t.kind = opts.legal ? TargetKind::kLegal : TargetKind::kVoluntary;
  t.data_status = opts.illustrative ? DataStatus::kIllustrative : DataStatus::kReal;
  for (const std::string& m : opts.milestones) {
    KINET_ASSIGN_OR_RETURN(TargetMilestone milestone, ParseMilestone(m));
    t.milestones.push_back(milestone);
  }
  std::sort(t.milestones.begin(), t.milestones.end(),
            [](const TargetMilestone& a, const TargetMilestone& b) { return a.year < b.year; });
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(TargetUpsertResult r,
                         TargetService(*db).Set(t, opts.actor.empty() ? CliActor() : opts.actor));
  const Target& s = r.target;
  fmt::print("{} target {} for {} {}: {} in {} -> {} in {} ({}{}{}){}\n",
             r.action == TargetWrite::kInserted ? "Set" : "Replaced", s.id.value, s.city_code,
             s.indicator_code, Num(s.baseline_value), s.baseline_year, Num(s.target_value),
             s.target_year, TargetKindCode(s.kind), s.set_by.empty() ? "" : ", set by ", s.set_by,
             s.milestones.empty() ? "" : "; milestones " + MilestonesText(s));
  return OkStatus();
}

// ---- list -------------------------------------------------------------------

struct ListOptions {
  std::string city;
  std::string format = "table";
};

Status RunList(const GlobalOptions& global, const ListOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  std::optional<std::string> city;
  if (!opts.city.empty()) city = opts.city;
  KINET_ASSIGN_OR_RETURN(std::vector<Target> targets, TargetService(*db).List(city));
  if (opts.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const Target& t : targets) arr.push_back(TargetJson(t));
    fmt::print("{}\n", arr.dump(2));
    return OkStatus();
  }
  TextTable table({"id", "city", "indicator", "baseline", "target", "kind", "set by", "responsible",
                   "milestones", "data"});
  for (const Target& t : targets) {
    std::string responsible = t.responsible_body;
    if (!t.responsible_person.empty()) responsible += " (" + t.responsible_person + ")";
    table.AddRow({std::to_string(t.id.value), t.city_code, t.indicator_code,
                  fmt::format("{} ({})", Num(t.baseline_value), t.baseline_year),
                  fmt::format("{} ({})", Num(t.target_value), t.target_year),
                  std::string(TargetKindCode(t.kind)), t.set_by, responsible, MilestonesText(t),
                  std::string(DataStatusCode(t.data_status))});
  }
  fmt::print("{}{} targets\n", table.Render(), targets.size());
  return OkStatus();
}

// ---- progress ---------------------------------------------------------------

struct ProgressCommandOptions {
  std::string city;
  std::string indicator;
  std::optional<int> year;
  bool published_only = false;
  std::string format = "table";
};

nlohmann::json ProgressJson(const TargetProgress& p) {
  const ProgressAssessment& a = p.assessment;
  nlohmann::json series = nlohmann::json::array();
  for (const YearValue& v : p.series) series.push_back({{"year", v.year}, {"value", v.value}});
  nlohmann::json milestones = nlohmann::json::array();
  for (const MilestoneCheck& m : a.milestones) {
    milestones.push_back({{"year", m.milestone.year},
                          {"value", m.milestone.value},
                          {"status", MilestoneStatusCode(m.status)},
                          {"observed", Opt(m.observed)}});
  }
  nlohmann::json j = TargetJson(p.target);
  j["direction"] = DirectionCode(p.direction);
  j["unit"] = p.unit;
  j["progress"] = {{"status", ProgressStatusCode(a.status)},
                   {"reason", a.reason},
                   {"evaluation_year", a.evaluation_year},
                   {"observations", a.observations},
                   {"latest_year", Opt(a.latest_year)},
                   {"latest_value", Opt(a.latest_value)},
                   {"straight_path_at_latest", Opt(a.expected_at_latest)},
                   {"sen_slope_per_year", Opt(a.sen_slope)},
                   {"sen_slope_ci", {Opt(a.sen_slope_lower), Opt(a.sen_slope_upper)}},
                   {"projected_at_target_year", Opt(a.projected_at_target)},
                   {"projected_attainment_year", Opt(a.projected_attainment_year)},
                   {"milestones", milestones}};
  j["series"] = series;
  j["unpublished_values"] = p.unpublished_values;
  return j;
}

Status RunProgress(const GlobalOptions& global, const ProgressCommandOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  ProgressQuery q;
  if (!opts.city.empty()) q.city_code = opts.city;
  if (!opts.indicator.empty()) q.indicator_code = opts.indicator;
  q.evaluation_year = opts.year;
  q.published_only = opts.published_only;
  KINET_ASSIGN_OR_RETURN(std::vector<TargetProgress> progress, TargetService(*db).Progress(q));
  if (opts.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const TargetProgress& p : progress) arr.push_back(ProgressJson(p));
    fmt::print("{}\n", arr.dump(2));
    return OkStatus();
  }
  TextTable table({"city", "indicator", "baseline", "target", "status", "as of", "latest", "path",
                   "sen/yr", "at target yr", "attained"});
  std::string notes;
  for (const TargetProgress& p : progress) {
    const ProgressAssessment& a = p.assessment;
    table.AddRow(
        {p.target.city_code, p.target.indicator_code,
         fmt::format("{} ({})", Num(p.target.baseline_value), p.target.baseline_year),
         fmt::format("{} ({})", Num(p.target.target_value), p.target.target_year),
         std::string(ProgressStatusCode(a.status)), std::to_string(a.evaluation_year),
         a.latest_year ? fmt::format("{} ({})", Num(*a.latest_value), *a.latest_year) : "-",
         a.expected_at_latest ? fmt::format("{:.4g}", *a.expected_at_latest) : "-",
         a.sen_slope ? fmt::format("{:+.3g}", *a.sen_slope) : "-",
         a.projected_at_target ? fmt::format("{:.4g}", *a.projected_at_target) : "-",
         Num(a.projected_attainment_year)});
    notes += fmt::format("  {} {}: {}", p.target.city_code, p.target.indicator_code, a.reason);
    for (const MilestoneCheck& m : a.milestones) {
      notes += fmt::format("; milestone {} {} {}", m.milestone.year, Num(m.milestone.value),
                           MilestoneStatusCode(m.status));
    }
    if (p.unpublished_values > 0) {
      notes += fmt::format(" ({} of {} values not yet published)", p.unpublished_values,
                           p.series.size());
    }
    notes += "\n";
  }
  fmt::print("{}{} targets\n{}", table.Render(), progress.size(), notes);
  return OkStatus();
}

}  // namespace

void RegisterTargetCommand(CommandContext& ctx) {
  CLI::App* target = ctx.app.add_subcommand(
      "target", "Quantitative targets of the cities and their progress (docs/indicators.md)");
  target->require_subcommand(1);
  GlobalOptions& global = ctx.global;

  auto set = std::make_shared<SetOptions>();
  CLI::App* st = target->add_subcommand(
      "set", "Set a target (replaces the city's target for the same indicator and year)");
  st->add_option("--city", set->target.city_code, "City code")->required();
  st->add_option("--indicator", set->target.indicator_code, "Indicator code of the catalogue")
      ->required();
  st->add_option("--baseline-year", set->target.baseline_year, "Year of the baseline value")
      ->required();
  st->add_option("--baseline-value", set->target.baseline_value,
                 "Baseline value, in the indicator's unit")
      ->required();
  st->add_option("--target-year", set->target.target_year, "Year the target is due")->required();
  st->add_option("--target-value", set->target.target_value,
                 "Target value, in the indicator's unit")
      ->required();
  st->add_flag("--legal", set->legal,
               "A legal (binding) target; without it the target is voluntary");
  st->add_option("--set-by", set->target.set_by, "Who set it (e.g. \"State Council\")");
  st->add_option("--responsible", set->target.responsible_body,
                 "The responsible body (department)");
  st->add_option("--responsible-person", set->target.responsible_person,
                 "The responsible official");
  st->add_option("--source", set->target.source, "Citation of the plan or pledge");
  st->add_option("--note", set->target.note, "Free text");
  st->add_option("--actor", set->actor, "Who makes the change (default cli:$USER)");
  st->add_flag("--illustrative", set->illustrative, "Mark the target as illustrative data");
  st->add_option("--milestone", set->milestones, "Interim milestone YEAR=VALUE (repeatable)")
      ->type_name("YEAR=VALUE");
  ctx.runner.Bind(st, [&global, set] { return RunSet(global, *set); });

  auto list = std::make_shared<ListOptions>();
  CLI::App* ls = target->add_subcommand("list", "List targets");
  ls->add_option("--city", list->city, "Only the targets of this city");
  ls->add_option("--format", list->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(ls, [&global, list] { return RunList(global, *list); });

  auto progress = std::make_shared<ProgressCommandOptions>();
  CLI::App* pr = target->add_subcommand(
      "progress", "Progress status of targets (achieved, on-track, off-track, insufficient-data)");
  pr->add_option("--city", progress->city, "Only the targets of this city");
  pr->add_option("--indicator", progress->indicator, "Only the targets of this indicator");
  pr->add_option("--year", progress->year,
                 "Judge as of this year (default: the year of each target's latest value)");
  pr->add_flag("--published-only", progress->published_only, "Use published values only");
  pr->add_option("--format", progress->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(pr, [&global, progress] { return RunProgress(global, *progress); });
}

}  // namespace kinet
