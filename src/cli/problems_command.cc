// `kinet problems --city NAME [--year YYYY] [--format table|json]
// [--weights FILE] [--no-monitoring]`: a city's problem profile
// (docs/matching.md, docs/cli.md). A contract other tools call: keep the form.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "service/match_json.h"
#include "service/problem_service.h"

namespace kinet {
namespace {

struct ProblemsOptions {
  std::string city;
  std::optional<int> year;
  std::string format = "table";
  std::string weights;  // a matching.toml; "" = the compiled-in one
  bool no_monitoring = false;
};

std::string Num(const std::optional<double>& v) { return v ? fmt::format("{:.4g}", *v) : "-"; }

Status RunProblems(const GlobalOptions& global, const ProblemsOptions& opts) {
  MatchingConfig config = DefaultMatchingConfig();
  if (!opts.weights.empty()) {
    KINET_ASSIGN_OR_RETURN(config, LoadMatchingConfig(opts.weights));
  }
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  ProblemQuery q;
  q.year = opts.year;
  q.use_monitoring = !opts.no_monitoring;
  KINET_ASSIGN_OR_RETURN(ProblemProfile profile,
                         ProblemService(*db, std::move(config))
                             .Profile(Principal::Operator(OperatorName()), opts.city, q));
  if (opts.format == "json") {
    fmt::print("{}\n", ToJson(profile).dump(2));
    return OkStatus();
  }
  const City& c = profile.city.city;
  fmt::print("Problems of {} ({}){}\n", c.name_en, c.code,
             opts.year ? fmt::format(" in {}", *opts.year) : " (latest data of each series)");
  TextTable table({"#", "severity", "kind", "indicator", "year", "value", "unit", "code"});
  int high = 0, medium = 0, low = 0;
  for (std::size_t i = 0; i < profile.problems.size(); ++i) {
    const Problem& p = profile.problems[i];
    (p.severity == Severity::kHigh ? high : p.severity == Severity::kMedium ? medium : low)++;
    table.AddRow({std::to_string(i + 1), std::string(SeverityCode(p.severity)),
                  std::string(ProblemKindCode(p.kind)), p.indicator_code, std::to_string(p.year),
                  Num(p.value), p.unit, p.code});
  }
  if (!profile.problems.empty()) fmt::print("{}", table.Render());
  for (std::size_t i = 0; i < profile.problems.size(); ++i) {
    const Problem& p = profile.problems[i];
    fmt::print("  {}. {}. Severity: {}.\n", i + 1, p.summary, p.severity_rule);
  }
  for (const std::string& n : profile.notes) fmt::print("  note: {}\n", n);
  fmt::print("{} problems ({} high, {} medium, {} low)\n", profile.problems.size(), high, medium,
             low);
  return OkStatus();
}

}  // namespace

void RegisterProblemsCommand(CommandContext& ctx) {
  auto opts = std::make_shared<ProblemsOptions>();
  CLI::App* sub = ctx.app.add_subcommand(
      "problems",
      "A city's problem profile: indicators beyond a standard, off-track targets and significant "
      "worsening, with severity and evidence (docs/matching.md)");
  sub->add_option("--city", opts->city, "City code or name")->required();
  sub->add_option("--year", opts->year,
                  "Evaluation year (default: the latest year of each series)");
  sub->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}));
  sub->add_option("--weights", opts->weights,
                  "A matching.toml with other thresholds (default: the compiled-in "
                  "standards/matching/matching.toml)")
      ->type_name("FILE");
  sub->add_flag("--no-monitoring", opts->no_monitoring,
                "Do not assess the city's monitoring data (faster; indicator values only)");
  GlobalOptions& global = ctx.global;
  ctx.runner.Bind(sub, [&global, opts] { return RunProblems(global, *opts); });
}

}  // namespace kinet
