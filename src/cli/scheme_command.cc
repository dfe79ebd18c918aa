// `kinet scheme list|score|compare`: assessment schemes (scored
// examinations, designation criteria, guideline bands) applied to the
// cities' indicator values (docs/cli.md, docs/indicators.md "Assessment
// schemes").
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "service/scheme_service.h"

namespace kinet {
namespace {

std::string Num(double v) { return fmt::format("{:g}", RoundTotal(v)); }
std::string Num(const std::optional<double>& v) { return v ? Num(*v) : "missing"; }

const SchemeItem* FindItem(const Scheme& s, std::string_view id) {
  for (const SchemeItem& item : s.items) {
    if (item.id == id) return &item;
  }
  return nullptr;
}

// ---- list -------------------------------------------------------------------

struct ListOptions {
  std::string format = "table";
};

Status RunList(const GlobalOptions& global, const ListOptions& opts) {
  (void)global;  // schemes are data files, not database rows
  KINET_ASSIGN_OR_RETURN(std::vector<Scheme> schemes, LoadAllSchemes());
  if (opts.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const Scheme& s : schemes) {
      int unconfirmed = 0;
      for (const SchemeItem& item : s.items) unconfirmed += item.confirmed ? 0 : 1;
      arr.push_back({{"id", s.id},
                     {"version", s.version},
                     {"name", s.name},
                     {"name_local", s.name_local},
                     {"origin", s.origin},
                     {"confirmed", s.confirmed},
                     {"items", s.items.size()},
                     {"unconfirmed_items", unconfirmed},
                     {"designation", s.designation_name},
                     {"source", s.source}});
    }
    fmt::print("{}\n", arr.dump(2));
    return OkStatus();
  }
  TextTable table({"id", "version", "origin", "items", "unconfirmed", "designation", "name"});
  for (const Scheme& s : schemes) {
    int unconfirmed = 0;
    for (const SchemeItem& item : s.items) unconfirmed += item.confirmed ? 0 : 1;
    table.AddRow({s.id, s.version, s.origin, std::to_string(s.items.size()),
                  std::to_string(unconfirmed), s.designation.empty() ? "-" : "yes", s.name});
  }
  fmt::print("{}{} schemes\n", table.Render(), schemes.size());
  return OkStatus();
}

// ---- score ------------------------------------------------------------------

struct ScoreOptions {
  std::string scheme;
  int year = 0;
  std::string city;
  bool published_only = false;
  bool no_store = false;
  std::string format = "table";
};

void PrintCityDetail(const Scheme& scheme, const CityScore& s) {
  fmt::print("\n{} {}: total {} of {}, rank {}\n", s.city, s.year, Num(s.total), Num(s.max_total),
             s.rank ? std::to_string(*s.rank) : "-");
  TextTable table({"category", "item", "indicator", "value", "points", "max", "threshold", "met"});
  for (std::size_t i = 0; i < s.items.size(); ++i) {
    const ItemScore& item = s.items[i];
    const SchemeItem& def = scheme.items[i];
    table.AddRow({def.category, def.id + (def.confirmed ? "" : " *"), def.indicator,
                  Num(item.value), Num(item.points), Num(item.max_points), item.threshold,
                  item.value ? (item.met ? "yes" : "no") : "-"});
  }
  fmt::print("{}", table.Render());
  if (!s.missing.empty()) {
    std::string missing;
    for (const std::string& m : s.missing) {
      const SchemeItem* item = FindItem(scheme, m);
      missing += fmt::format("{}{} ({})", missing.empty() ? "" : ", ", m,
                             item != nullptr ? item->indicator : "");
    }
    fmt::print("missing: {}\n", missing);
  }
  if (s.designated) {
    fmt::print("designation{}: {}\n",
               scheme.designation_name.empty() ? "" : " (" + scheme.designation_name + ")",
               *s.designated ? "met" : "not met");
    for (const DesignationOutcome& o : s.designation) {
      if (o.met) continue;
      std::string failed;
      for (const std::string& f : o.failed_items) failed += (failed.empty() ? "" : ", ") + f;
      fmt::print("  failed {}: {}{}\n", o.rule, o.explanation,
                 failed.empty() ? "" : " (" + failed + ")");
    }
  }
}

Status RunScore(const GlobalOptions& global, const ScoreOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  SchemeScoreOptions options;
  options.published_only = opts.published_only;
  options.store = !opts.no_store;
  KINET_ASSIGN_OR_RETURN(SchemeYearScores r,
                         SchemeService(*db).Score(opts.scheme, opts.year, options));
  std::vector<const CityScore*> shown;
  for (const CityScore& s : r.scores) {
    if (opts.city.empty() || s.city == opts.city) shown.push_back(&s);
  }
  if (opts.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const CityScore* s : shown)
      arr.push_back(nlohmann::json::parse(CityScoreJson(r.scheme, *s)));
    fmt::print("{}\n", arr.dump(2));
    return OkStatus();
  }
  fmt::print("{} (version {}, {}), {}\n", r.scheme.name, r.scheme.version, r.scheme.origin, r.year);
  if (!r.scheme.confirmed) {
    fmt::print("Not confirmed: items marked * use values the source does not confirm; see {}.\n",
               "docs/indicators.md");
  }
  TextTable ranking({"rank", "city", "total", "max", "missing", "designation"});
  for (const CityScore* s : shown) {
    ranking.AddRow({s->rank ? std::to_string(*s->rank) : "-", s->city, Num(s->total),
                    Num(s->max_total), std::to_string(s->missing.size()),
                    s->designated ? (*s->designated ? "met" : "not met") : "-"});
  }
  fmt::print("{}{} of {} cities scored\n", ranking.Render(), shown.size(), r.scores.size());
  if (!opts.city.empty() && shown.empty()) {
    fmt::print("{} has no value for any item of {} in {}\n", opts.city, r.scheme.id, r.year);
  }
  // Per-item detail for one city, or for every city when few are shown.
  if (!opts.city.empty() || shown.size() <= 3) {
    for (const CityScore* s : shown) PrintCityDetail(r.scheme, *s);
  }
  return OkStatus();
}

// ---- compare ----------------------------------------------------------------

struct CompareOptions {
  std::string scheme;
  std::string city;
  int from = 0;
  int to = 0;
  std::vector<int> years;  // --year A --year B, the same as --from A --to B
  bool published_only = false;
  std::string format = "table";
};

Status RunCompare(const GlobalOptions& global, CompareOptions opts) {
  if (!opts.years.empty()) {
    if (opts.years.size() != 2 || opts.from != 0 || opts.to != 0) {
      return InvalidArgument("give the two years as --from A --to B or as --year A --year B",
                             "year");
    }
    opts.from = opts.years[0];
    opts.to = opts.years[1];
  }
  if (opts.from == 0 || opts.to == 0) {
    return InvalidArgument("give the two years as --from A --to B or as --year A --year B", "from");
  }
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  SchemeScoreOptions options;
  options.published_only = opts.published_only;
  options.store = false;
  KINET_ASSIGN_OR_RETURN(
      ScoreComparison c,
      SchemeService(*db).Compare(opts.scheme, opts.city, opts.from, opts.to, options));
  auto rank = [](const std::optional<int>& r) { return r ? std::to_string(*r) : "-"; };
  auto designated = [](const std::optional<bool>& d) {
    return d ? std::string(*d ? "met" : "not met") : std::string("-");
  };
  if (opts.format == "json") {
    nlohmann::json items = nlohmann::json::array();
    for (const ItemChange& i : c.items) {
      items.push_back({{"item", i.item},
                       {"value_from", i.value_from ? nlohmann::json(*i.value_from) : nullptr},
                       {"value_to", i.value_to ? nlohmann::json(*i.value_to) : nullptr},
                       {"points_from", RoundTotal(i.points_from)},
                       {"points_to", RoundTotal(i.points_to)},
                       {"reason", ChangeReasonCode(i.reason)},
                       {"explanation", i.explanation}});
    }
    nlohmann::json j = {{"scheme", opts.scheme},
                        {"city", c.city},
                        {"from", {{"year", c.year_from}, {"total", RoundTotal(c.total_from)}}},
                        {"to", {{"year", c.year_to}, {"total", RoundTotal(c.total_to)}}},
                        {"items", items}};
    j["from"]["rank"] = c.rank_from ? nlohmann::json(*c.rank_from) : nullptr;
    j["to"]["rank"] = c.rank_to ? nlohmann::json(*c.rank_to) : nullptr;
    fmt::print("{}\n", j.dump(2));
    return OkStatus();
  }
  fmt::print(
      "{} under {}: {} total {} (rank {}, designation {}) -> {} total {} (rank {}, "
      "designation {})\n",
      c.city, opts.scheme, c.year_from, Num(c.total_from), rank(c.rank_from),
      designated(c.designated_from), c.year_to, Num(c.total_to), rank(c.rank_to),
      designated(c.designated_to));
  TextTable table({"item", "value " + std::to_string(c.year_from),
                   "value " + std::to_string(c.year_to), "points", "change", "why"});
  for (const ItemChange& i : c.items) {
    const double delta = RoundTotal(i.points_to - i.points_from);
    table.AddRow({i.item, Num(i.value_from), Num(i.value_to),
                  fmt::format("{} -> {}", Num(i.points_from), Num(i.points_to)),
                  delta == 0 ? "0" : fmt::format("{:+g}", delta),
                  fmt::format("{}: {}", ChangeReasonCode(i.reason), i.explanation)});
  }
  fmt::print("{}", table.Render());
  return OkStatus();
}

}  // namespace

void RegisterSchemeCommand(CommandContext& ctx) {
  CLI::App* scheme = ctx.app.add_subcommand(
      "scheme", "Assessment schemes: scored examinations, model-city criteria, guideline bands");
  scheme->require_subcommand(1);
  GlobalOptions& global = ctx.global;

  auto list = std::make_shared<ListOptions>();
  CLI::App* ls = scheme->add_subcommand("list", "List the available schemes");
  ls->add_option("--format", list->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(ls, [&global, list] { return RunList(global, *list); });

  auto score = std::make_shared<ScoreOptions>();
  CLI::App* sc = scheme->add_subcommand(
      "score", "Score every city with data for a scheme and year, ranked (results are stored)");
  sc->add_option("--scheme", score->scheme, "Scheme id (see `kinet scheme list`)")->required();
  sc->add_option("--year", score->year, "Year scored")->required();
  sc->add_option("--city", score->city, "Show only this city (ranks stay among all cities)");
  sc->add_flag("--published-only", score->published_only, "Use published values only");
  sc->add_flag("--no-store", score->no_store, "Do not write the result to the database");
  sc->add_option("--format", score->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(sc, [&global, score] { return RunScore(global, *score); });

  auto compare = std::make_shared<CompareOptions>();
  CLI::App* cp =
      scheme->add_subcommand("compare", "What changed for a city between two years, and why");
  cp->add_option("--scheme", compare->scheme, "Scheme id")->required();
  cp->add_option("--city", compare->city, "City code")->required();
  cp->add_option("--from", compare->from, "Earlier year");
  cp->add_option("--to", compare->to, "Later year");
  cp->add_option("--year", compare->years, "The two years, earlier first (--year A --year B)");
  cp->add_flag("--published-only", compare->published_only, "Use published values only");
  cp->add_option("--format", compare->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(cp, [&global, compare] { return RunCompare(global, *compare); });
}

}  // namespace kinet
