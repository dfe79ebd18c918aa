// `kinet match --city NAME [--problem CODE] [--year YYYY] [--limit N]
// [--format table|json] [--weights FILE] [--no-monitoring]`: practices and
// mentor cities for a city's problems, and its peer cities, each with why
// (docs/matching.md, docs/cli.md). A contract other tools call: keep the form.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "service/match_json.h"
#include "service/match_service.h"

namespace kinet {
namespace {

struct MatchOptions {
  std::string city;
  std::string problem;
  std::optional<int> year;
  std::optional<int> limit;
  std::string format = "table";
  std::string weights;
  bool no_monitoring = false;
};

Status RunMatch(const GlobalOptions& global, const MatchOptions& opts) {
  MatchingConfig config = DefaultMatchingConfig();
  if (!opts.weights.empty()) {
    KINET_ASSIGN_OR_RETURN(config, LoadMatchingConfig(opts.weights));
  }
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  MatchQuery q;
  if (!opts.problem.empty()) q.problem_code = opts.problem;
  q.year = opts.year;
  q.limit = opts.limit;
  q.use_monitoring = !opts.no_monitoring;
  KINET_ASSIGN_OR_RETURN(MatchReport report,
                         MatchService(*db, std::move(config))
                             .Match(Principal::Operator(OperatorName()), opts.city, q));
  if (opts.format == "json") {
    fmt::print("{}\n", ToJson(report).dump(2));
    return OkStatus();
  }
  const City& c = report.city.city;
  fmt::print("Matches for {} ({}), weights from {}\n", c.name_en, c.code, report.config.source);
  if (report.problems.empty())
    fmt::print("\nNo problems (see `kinet problems --city {}`).\n", c.code);
  for (const ProblemMatches& pm : report.problems) {
    const Problem& p = pm.problem;
    fmt::print("\nProblem {} [{}]\n  {}\n", p.code, SeverityCode(p.severity), p.summary);
    fmt::print("  Practices:\n");
    for (const PracticeMatch& m : pm.practices) {
      fmt::print("    {}. {} (score {:.2f}): {}\n", m.rank, m.code, m.score, m.explanation);
    }
    if (pm.practices.empty()) fmt::print("    none\n");
    fmt::print("  Mentor cities:\n");
    for (const MentorResult& m : pm.mentors) {
      fmt::print("    {}. {} (score {:.2f}): {}\n", m.rank, m.match.code, m.match.score,
                 m.explanation);
    }
    if (pm.mentors.empty()) fmt::print("    none\n");
    for (const std::string& n : pm.notes) fmt::print("  note: {}\n", n);
  }
  fmt::print("\nPeer cities:\n");
  for (const PeerResult& p : report.peers) {
    fmt::print("  {}. {} ({:.2f}, coverage {:.0f} %): {}\n", p.rank, p.similarity.code,
               p.similarity.score, 100 * p.similarity.coverage, p.explanation);
  }
  if (report.peers.empty()) fmt::print("  none comparable\n");
  for (const std::string& n : report.not_used) fmt::print("  not used: {}\n", n);
  return OkStatus();
}

}  // namespace

void RegisterMatchCommand(CommandContext& ctx) {
  auto opts = std::make_shared<MatchOptions>();
  CLI::App* sub = ctx.app.add_subcommand(
      "match",
      "Practices and mentor cities for a city's problems, and its peer cities, each with why "
      "(docs/matching.md)");
  sub->add_option("--city", opts->city, "City code or name")->required();
  sub->add_option("--problem", opts->problem,
                  "One problem code (<city>:<indicator>:<kind>, from `kinet problems`); default: "
                  "every problem");
  sub->add_option("--year", opts->year, "Evaluation year of the problems");
  sub->add_option("--limit", opts->limit, "Results per list (default 5, from matching.toml)")
      ->check(CLI::Range(1, 50));
  sub->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}));
  sub->add_option("--weights", opts->weights,
                  "A matching.toml with other weights and bands (default: the compiled-in "
                  "standards/matching/matching.toml)")
      ->type_name("FILE");
  sub->add_flag("--no-monitoring", opts->no_monitoring,
                "Do not assess the city's monitoring data (faster; indicator values only)");
  GlobalOptions& global = ctx.global;
  ctx.runner.Bind(sub, [&global, opts] { return RunMatch(global, *opts); });
}

}  // namespace kinet
