// `kinet values import|export|list|compare|submit|endorse|publish`: reported
// indicator values (docs/cli.md, docs/indicators.md "Reported values").
// Every change records its actor: --actor, or "cli:$USER".
#include <cstdlib>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/output.h"
#include "core/file.h"
#include "service/indicator_service.h"

namespace kinet {
namespace {

struct ValuesOptions {
  std::string file;
  std::string status = "draft";
  std::string city;
  std::string indicator;
  std::string from;
  std::string to;
  std::string period;
  std::string source_kind;
  std::string out;
  std::string actor;
};

std::string Actor(const ValuesOptions& o) {
  if (!o.actor.empty()) return o.actor;
  const char* user = std::getenv("USER");
  return "cli:" + std::string(user != nullptr && *user != '\0' ? user : "unknown");
}

Result<std::unique_ptr<Database>> OpenSynced(const GlobalOptions& global) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_RETURN_IF_ERROR(IndicatorService(*db).SyncBuiltinCatalogue());
  return db;
}

Result<IndicatorValueQuery> Query(const ValuesOptions& o) {
  IndicatorValueQuery q;
  if (!o.city.empty()) q.city_code = o.city;
  if (!o.indicator.empty()) q.indicator_code = o.indicator;
  if (!o.period.empty()) {
    KINET_ASSIGN_OR_RETURN(std::string p, ParseValuePeriod(o.period));
    q.from = p;
    q.to = p;
  }
  if (!o.from.empty()) {
    KINET_ASSIGN_OR_RETURN(std::string p, ParseValuePeriod(o.from));
    q.from = p;
  }
  if (!o.to.empty()) {
    KINET_ASSIGN_OR_RETURN(std::string p, ParseValuePeriod(o.to));
    q.to = p;
  }
  if (!o.source_kind.empty()) {
    q.source_kind = ParseSourceKind(o.source_kind);
    if (!q.source_kind) return InvalidArgument("--source-kind must be reported or computed");
  }
  return q;
}

std::string Num(double v) { return fmt::format("{:.6g}", v); }

Status RunImport(const GlobalOptions& global, const ValuesOptions& o) {
  std::optional<ValueStatus> status = ParseValueStatus(o.status);
  if (status != ValueStatus::kDraft && status != ValueStatus::kSubmitted) {
    return InvalidArgument("--status must be draft or submitted");
  }
  KINET_ASSIGN_OR_RETURN(std::string bytes, ReadFile(o.file));
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenSynced(global));
  ImportOptions options;
  options.status = *status;
  options.actor = Actor(o);
  KINET_ASSIGN_OR_RETURN(ImportReport r, IndicatorService(*db).Import(bytes, o.file, options));
  if (!r.committed()) {
    for (const ImportRowError& e : r.errors) fmt::print(stderr, "{}\n", e.ToString());
    return InvalidArgument(fmt::format(
        "{}: {} of {} rows refused; nothing was imported (fix the rows and import the file again)",
        o.file, r.errors.size(), r.rows));
  }
  for (const ImportFlaggedRow& f : r.flagged) {
    for (const ValueFlag& flag : f.flags) {
      fmt::print("flagged for review: {} ({}): {}\n", f.location, f.key, flag.reason);
    }
  }
  fmt::print("Imported {}: {} rows, {} new, {} changed, {} unchanged, {} flagged for review.\n",
             o.file, r.rows, r.inserted, r.updated, r.unchanged, r.flagged.size());
  return OkStatus();
}

Status RunExport(const GlobalOptions& global, const ValuesOptions& o) {
  KINET_ASSIGN_OR_RETURN(IndicatorValueQuery q, Query(o));
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenSynced(global));
  KINET_ASSIGN_OR_RETURN(int n, IndicatorService(*db).ExportFile(q, o.out));
  fmt::print("Exported {} values to {}.\n", n, o.out);
  return OkStatus();
}

Status RunList(const GlobalOptions& global, const ValuesOptions& o) {
  KINET_ASSIGN_OR_RETURN(IndicatorValueQuery q, Query(o));
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenSynced(global));
  IndicatorService service(*db);
  KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> values, service.ListValues(q));
  KINET_ASSIGN_OR_RETURN(std::vector<Indicator> indicators, service.ListIndicators());
  std::map<std::string, std::string> units;
  for (const Indicator& i : indicators) units[i.code] = i.unit;
  TextTable table({"INDICATOR", "PERIOD", "VALUE", "UNIT", "KIND", "STATUS", "MARKS", "SOURCE"});
  int flagged = 0, doubtful = 0;
  for (const IndicatorValue& v : values) {
    std::string marks;
    if (v.doubtful) {
      marks += "doubtful";
      ++doubtful;
    }
    for (const ValueFlag& f : v.flags) marks += (marks.empty() ? "" : "; ") + f.reason;
    if (!v.flags.empty()) ++flagged;
    std::string source = v.source.size() > 48 ? v.source.substr(0, 45) + "..." : v.source;
    table.AddRow({v.indicator_code, v.period, Num(v.value), units[v.indicator_code],
                  std::string(SourceKindCode(v.source_kind)),
                  std::string(ValueStatusCode(v.status)), marks, source});
  }
  fmt::print("{}", table.Render());
  fmt::print("{} values of {}; {} doubtful, {} flagged for review.\n", values.size(), o.city,
             doubtful, flagged);
  return OkStatus();
}

Status RunCompare(const GlobalOptions& global, const ValuesOptions& o) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenSynced(global));
  IndicatorService service(*db);
  KINET_ASSIGN_OR_RETURN(Indicator ind, service.FindIndicator(o.indicator));
  std::optional<std::string> period;
  if (!o.period.empty()) period = o.period;
  KINET_ASSIGN_OR_RETURN(std::vector<ValueComparison> rows,
                         service.Compare(o.city, o.indicator, period));
  TextTable table(
      {"PERIOD", "REPORTED", "COMPUTED", "DIFFERENCE", "%", "REPORTED SOURCE", "COMPUTED SOURCE"});
  int both = 0;
  for (const ValueComparison& c : rows) {
    if (c.difference) ++both;
    table.AddRow({c.period, c.reported ? Num(c.reported->value) : "-",
                  c.computed ? Num(c.computed->value) : "-",
                  c.difference ? fmt::format("{:+.6g}", *c.difference) : "",
                  c.relative_difference_percent
                      ? fmt::format("{:+.1f}", *c.relative_difference_percent)
                      : "",
                  c.reported ? c.reported->source : "", c.computed ? c.computed->source : ""});
  }
  fmt::print("{} for {} ({}; difference = computed − reported)\n", ind.code, o.city, ind.unit);
  fmt::print("{}", table.Render());
  fmt::print("{} periods, {} with both a reported and a computed value.\n", rows.size(), both);
  return OkStatus();
}

Status RunStatus(const GlobalOptions& global, const ValuesOptions& o, ValueStatus to) {
  KINET_ASSIGN_OR_RETURN(IndicatorValueQuery q, Query(o));
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenSynced(global));
  IndicatorService service(*db);
  std::vector<IndicatorValue> moved;
  if (!o.indicator.empty() && !o.period.empty()) {
    const SourceKind kind = q.source_kind.value_or(SourceKind::kReported);
    KINET_ASSIGN_OR_RETURN(IndicatorValue v,
                           service.ChangeStatus(o.city, o.indicator, o.period, kind, to, Actor(o)));
    moved.push_back(std::move(v));
  } else {
    KINET_ASSIGN_OR_RETURN(moved, service.ChangeStatusAll(q, to, Actor(o)));
  }
  for (const IndicatorValue& v : moved) {
    fmt::print("{} {} {} {}: {}\n", v.city_code, v.indicator_code, v.period,
               SourceKindCode(v.source_kind), ValueStatusCode(v.status));
  }
  fmt::print("{} values are now {}.\n", moved.size(), ValueStatusCode(to));
  return OkStatus();
}

void AddFilters(CLI::App* sub, ValuesOptions& o, bool city_required) {
  CLI::Option* city = sub->add_option("--city", o.city, "City code, e.g. beijing");
  if (city_required) city->required();
  sub->add_option("--indicator", o.indicator, "Indicator code, e.g. air.pm10.annual-mean");
  sub->add_option("--from", o.from, "First period, YYYY or YYYY-MM");
  sub->add_option("--to", o.to, "Last period, YYYY or YYYY-MM (a year includes its months)");
  sub->add_option("--source-kind", o.source_kind, "reported or computed");
}

}  // namespace

void RegisterValuesCommand(CommandContext& ctx) {
  CLI::App* cmd = ctx.app.add_subcommand("values", "Indicator values reported per city and period");
  cmd->require_subcommand(1);
  GlobalOptions& global = ctx.global;

  auto imp = std::make_shared<ValuesOptions>();
  CLI::App* import = cmd->add_subcommand(
      "import", "Import values from a CSV or XLSX file (one transaction; any bad row refuses it)");
  import->add_option("FILE", imp->file, "values.csv or values.xlsx")->required();
  import->add_option("--status", imp->status, "Status of new values: draft (default) or submitted");
  import->add_option("--actor", imp->actor, "Who is recorded in the audit log (default cli:$USER)");
  ctx.runner.Bind(import, [&global, imp] { return RunImport(global, *imp); });

  auto exp = std::make_shared<ValuesOptions>();
  CLI::App* export_cmd =
      cmd->add_subcommand("export", "Export values to CSV or XLSX in the import layout");
  AddFilters(export_cmd, *exp, false);
  export_cmd->add_option("--out", exp->out, "values.csv or values.xlsx")->required();
  ctx.runner.Bind(export_cmd, [&global, exp] { return RunExport(global, *exp); });

  auto lst = std::make_shared<ValuesOptions>();
  CLI::App* list =
      cmd->add_subcommand("list", "List a city's values with status, flags and doubts");
  AddFilters(list, *lst, true);
  ctx.runner.Bind(list, [&global, lst] { return RunList(global, *lst); });

  auto cmp = std::make_shared<ValuesOptions>();
  CLI::App* compare = cmd->add_subcommand(
      "compare", "Reported and computed values side by side, with their difference");
  compare->add_option("--city", cmp->city, "City code")->required();
  compare->add_option("--indicator", cmp->indicator, "Indicator code")->required();
  compare->add_option("--period", cmp->period, "One period, YYYY or YYYY-MM");
  ctx.runner.Bind(compare, [&global, cmp] { return RunCompare(global, *cmp); });

  struct Step {
    const char* name;
    const char* help;
    ValueStatus to;
  };
  for (const Step& step :
       {Step{"submit", "Submit draft values (draft → submitted)", ValueStatus::kSubmitted},
        Step{"endorse", "Endorse submitted values (national coordinator)", ValueStatus::kEndorsed},
        Step{"publish", "Publish endorsed values (secretariat)", ValueStatus::kPublished}}) {
    auto so = std::make_shared<ValuesOptions>();
    CLI::App* sub = cmd->add_subcommand(step.name, step.help);
    AddFilters(sub, *so, true);
    sub->add_option("--period", so->period,
                    "One period; with --indicator, moves exactly that value (refused transitions "
                    "fail)");
    sub->add_option("--actor", so->actor, "Who is recorded in the audit log (default cli:$USER)");
    const ValueStatus to = step.to;
    ctx.runner.Bind(sub, [&global, so, to] { return RunStatus(global, *so, to); });
  }
}

}  // namespace kinet
